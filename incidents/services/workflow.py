"""The review workflow: draft -> in review -> published -> retracted.

Editors enter and submit; a reviewer publishes, but never an incident they
created or last edited (four eyes); a published incident is retracted with a
reason, never deleted; drafts may be deleted. Each transition is a change like
any other: the history records who made it, when, and the note given.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import change_context
from incidents.models import Incident
from incidents.services.incidents import StaleVersion

Status = Incident.Status

# (from, to) -> the permission it needs
TRANSITIONS = {
    (Status.DRAFT, Status.IN_REVIEW): "incidents.change_incident",
    (Status.IN_REVIEW, Status.DRAFT): "incidents.change_incident",
    (Status.IN_REVIEW, Status.PUBLISHED): "incidents.review_incident",
    (Status.PUBLISHED, Status.RETRACTED): "incidents.review_incident",
}


def check_transition(*, user, incident: Incident, to_status: str, note: str = "") -> None:
    """Raise ``ValidationError`` (keyed ``status`` or ``note``) when ``user``
    may not move ``incident`` to ``to_status`` now."""
    needed = TRANSITIONS.get((incident.status, to_status))
    if needed is None:
        raise ValidationError(
            {
                "status": [
                    _("An incident cannot go from %(from)s to %(to)s.")
                    % {"from": incident.status, "to": to_status}
                ]
            }
        )
    if not user.has_perm(needed):
        raise ValidationError({"status": [_("Only a reviewer can do this.")]})
    if to_status == Status.PUBLISHED:
        if user.pk in (incident.created_by_id, incident.updated_by_id):
            raise ValidationError(
                {
                    "status": [
                        _(
                            "Four eyes: another reviewer must publish an incident you "
                            "created or last edited."
                        )
                    ]
                }
            )
        _check_publishable(incident)
    if to_status == Status.RETRACTED and not note.strip():
        raise ValidationError({"note": [_("Say why the incident is retracted.")]})


def _check_publishable(incident: Incident) -> None:
    problems = []
    if not incident.citations.exists():
        problems.append(_("Cite at least one report before publishing."))
    for figure in incident.casualty_figures.select_related("report").prefetch_related("breakdown"):
        try:
            figure.full_clean(validate_constraints=False)
            figure.check_breakdown(list(figure.breakdown.all()))
        except ValidationError as error:
            problems += [f"{figure}: {message}" for message in error.messages]
    if problems:
        raise ValidationError({"status": problems})


@transaction.atomic
def incident_transition(
    *,
    user,
    incident: Incident,
    to_status: str,
    note: str = "",
    expected_version: int | None = None,
) -> Incident:
    """Move an incident along the workflow, recorded with ``note``.

    ``expected_version``, when given, is the version the caller read: a reviewer
    must not publish figures changed after they checked them, so if the
    incident has changed since, ``StaleVersion`` is raised and nothing moves."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if expected_version is not None and expected_version != incident.version:
        raise StaleVersion(current=incident.version, expected=expected_version)
    check_transition(user=user, incident=incident, to_status=to_status, note=note)
    reason = note.strip() or _("%(from)s to %(to)s") % {"from": incident.status, "to": to_status}
    with change_context(user=user, reason=reason):
        incident.status = to_status
        # A transition does not make the reviewer an editor of the content:
        # updated_by keeps naming the last person who changed what it says
        # (the four-eyes rule reads it); updated_at moves, for updated_since.
        incident.updated_at = timezone.now()
        incident.version = F("version") + 1
        incident.save(update_fields=["status", "updated_at", "version"])
        incident.refresh_from_db(fields=["version"])
    return incident


@transaction.atomic
def incident_delete(*, user, incident: Incident, reason: str = "") -> None:
    """Delete a draft; anything further along is retracted instead."""
    if incident.status != Status.DRAFT:
        raise ValidationError(
            {"status": [_("Only drafts can be deleted; retract a published incident instead.")]}
        )
    with change_context(user=user, reason=reason or _("draft deleted")):
        incident.delete()
