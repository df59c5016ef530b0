"""Writes to incidents and everything nested in them.

Admin, API, fixtures loaders and importers all call :func:`incident_save`, so
that one set of rules decides what may be stored. An incident is written with
its children in one transaction: either every row lands, or none does and the
caller gets every problem at once, each keyed by the path of the offending value
(``casualty_figures[0].breakdown[2].count_min``).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Errors
from core.history import change_context
from core.rows import RowChecks
from core.writes import assign
from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    Incident,
    IncidentActor,
    IncidentRelation,
)
from incidents.services.checks import check_breakdown, check_row

REASON_REQUIRED = gettext_lazy(
    "This incident is published: say why it is being changed (the reason is kept in its history)."
)


class StaleVersion(Exception):
    """The incident changed after the caller read it."""

    def __init__(self, *, current: int, expected: int):
        super().__init__(f"version {expected} was read, the incident is now at {current}")
        self.current = current
        self.expected = expected


STATUS_THROUGH_WORKFLOW = gettext_lazy(
    "The status changes through the review workflow: submit, publish, return or retract."
)

INCIDENT_FIELDS = (
    "title",
    "description",
    "incident_type",
    "violence_type",
    "date_start",
    "date_end",
    "date_precision",
    "date_note",
    "year_inferred",
    "place",
    "geo_precision",
    "status",
)
# What a dataset import sets and an editor never does.
IMPORT_FIELDS = ("external_source", "external_id", "external_record")
ACTOR_LINK_FIELDS = ("actor", "role")
CITATION_FIELDS = ("report", "attributed_to", "quote")
RELATION_FIELDS = ("to_incident", "relation")
FIGURE_FIELDS = (
    "report",
    "attributed_to",
    "outcome",
    "count_min",
    "count_best",
    "count_max",
    "breakdown_complete",
    "quote",
    "preferred",
)
GROUP_FIELDS = (
    "count_min",
    "count_max",
    "nationalities",
    "nationality_basis",
    "excluded_nationality",
    "affiliation",
    "combatant_status",
    "sex",
    "age_group",
)

# (payload key, model, foreign key to the incident, editable fields, uniqueness
# within one incident)
_CHILD_KINDS = (
    ("actors", IncidentActor, "incident", ACTOR_LINK_FIELDS, ("actor", "role")),
    ("citations", Citation, "incident", CITATION_FIELDS, None),
    ("relations", IncidentRelation, "from_incident", RELATION_FIELDS, ("to_incident", "relation")),
    ("casualty_figures", CasualtyFigure, "incident", FIGURE_FIELDS, None),
)


def _describe(model, field_names) -> str:
    return _(" and ").join(str(model._meta.get_field(name).verbose_name) for name in field_names)


def _existing_children(incident: Incident, model, fk_name: str) -> dict[int, models.Model]:
    if incident.pk is None:
        return {}
    return {child.pk: child for child in model.objects.filter(**{fk_name: incident})}


def _match_children(
    *, items, existing: dict, model, path: str, errors: Errors
) -> list[tuple[models.Model, Mapping[str, Any], str]]:
    """Pair each submitted item with the row it updates, or a new row."""
    matched = []
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]"
        child_id = item.get("id")
        if child_id is None:
            child = model()
        elif child_id in existing:
            child = existing.pop(child_id)
        else:
            errors.add(
                f"{item_path}.id",
                [
                    _("%(row)s %(id)s does not belong to this incident.")
                    % {"row": model._meta.verbose_name, "id": child_id}
                ],
            )
            continue
        matched.append((child, item, item_path))
    return matched


@transaction.atomic
def incident_save(
    *,
    user,
    data: Mapping[str, Any],
    incident: Incident | None = None,
    reason: str = "",
    allow_status: bool = False,
    expected_version: int | None = None,
) -> Incident:
    """Create or update an incident together with its nested rows.

    ``data`` holds the incident's fields and, optionally, the lists ``actors``,
    ``citations``, ``relations`` and ``casualty_figures`` (each figure with its
    ``breakdown`` list). Related rows are model instances. A list that is given
    replaces what is stored: items with an ``id`` update that row, items without
    one are added, stored rows left out are deleted. A list that is absent leaves
    those rows as they are.

    A change to a published incident, or to anything it holds, needs a
    ``reason``; it is recorded with the change in the audit history.

    The status moves through ``incidents.services.workflow`` only: new incidents are
    drafts. ``allow_status`` lets trusted loaders (fixtures, imports of already
    published data) set it directly, and the record of the imported row.

    ``expected_version``, when given, is the version the caller read; if the
    incident has changed since, ``StaleVersion`` is raised and nothing is written.

    Raises ``ValidationError`` keyed by path, with nothing written, when any rule
    is broken.
    """
    errors = Errors()
    checks = RowChecks(errors)
    stored_status = None
    if incident is None:
        incident = Incident()
    elif incident.pk is not None:
        # Two editors saving the same incident at once must not interleave
        # their child rows; the second waits for the first to commit. The row
        # is read again under the lock, so that a copy the caller read earlier
        # (before a status move, say) never writes its stale fields back.
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        stored_status = incident.status
        if expected_version is not None and expected_version != incident.version:
            raise StaleVersion(current=incident.version, expected=expected_version)

    if not allow_status and "status" in data:
        current = stored_status or Incident.Status.DRAFT
        if data["status"] != current:
            errors.add("status", [STATUS_THROUGH_WORKFLOW])
        data = {key: value for key, value in data.items() if key != "status"}
    incident_changed = assign(
        incident, data, INCIDENT_FIELDS + (IMPORT_FIELDS if allow_status else ())
    )
    check_row(checks, incident, "")

    plan = []  # (payload key, model, fk, [(child, item, path)], rows to delete)
    for key, model, fk_name, fields, unique_fields in _CHILD_KINDS:
        if data.get(key) is None:
            continue
        existing = _existing_children(incident, model, fk_name)
        matched = _match_children(
            items=data[key], existing=existing, model=model, path=key, errors=errors
        )
        seen = {}
        for child, item, item_path in matched:
            child._changed = assign(child, item, fields)
            if incident.pk is not None:
                # Known already, so the row's own rules that involve the
                # incident (a link to itself) apply now.
                setattr(child, f"{fk_name}_id", incident.pk)
            check_row(checks, child, item_path, parent=fk_name)
            if unique_fields:
                identity = tuple(
                    getattr(child, f"{f}_id", getattr(child, f)) for f in unique_fields
                )
                if identity in seen:
                    errors.add(
                        item_path,
                        [
                            _("Repeats %(path)s: the same %(fields)s.")
                            % {
                                "path": f"{key}[{seen[identity]}]",
                                "fields": _describe(model, unique_fields),
                            }
                        ],
                    )
                seen.setdefault(identity, item_path.rsplit("[", 1)[1].rstrip("]"))
        if model is CasualtyFigure:
            _choose_preferred(matched, errors)
            # Figures losing the preferred mark are saved before the one gaining
            # it: the partial unique index is checked row by row.
            matched.sort(key=lambda entry: entry[0].preferred)
            matched = [
                (figure, item, item_path, _plan_breakdown(figure, item, item_path, checks))
                for figure, item, item_path in matched
            ]
        plan.append((key, model, fk_name, matched, list(existing.values())))

    checks.run()
    errors.raise_if_any()

    children_changed = False
    for _key, model, _fk_name, matched, to_delete in plan:
        children_changed |= bool(to_delete) or any(entry[0]._changed for entry in matched)
        if model is CasualtyFigure:
            children_changed |= any(_breakdown_changes(entry[3]) for entry in matched)
    if (
        stored_status == Incident.Status.PUBLISHED
        and (incident_changed or children_changed)
        and not reason.strip()
    ):
        raise ValidationError({"change_reason": [REASON_REQUIRED]})
    with change_context(user=user, reason=reason):
        _write(incident, user, plan, incident_changed or children_changed)
    return incident


def _write(incident, user, plan, anything_changed) -> None:
    # The incident's own stamp says when anything in it last changed, so that
    # consumers asking for updated_since see edits to its figures too.
    if anything_changed or incident.pk is None:
        incident.stamp(user)
        if incident.pk is not None:
            incident.version = models.F("version") + 1
        incident.save()
        incident.refresh_from_db(fields=["version"])
    for _key, model, fk_name, matched, to_delete in plan:
        for stale in to_delete:
            stale.delete()
        for entry in matched:
            child = entry[0]
            setattr(child, fk_name, incident)
            if child._changed:
                child.stamp(user)
                child.save()
            if model is CasualtyFigure:
                _save_breakdown(child, entry[3], user)


def _choose_preferred(matched, errors: Errors) -> None:
    """Leave exactly one preferred figure per outcome.

    A figure the caller marks preferred wins. Otherwise the one already
    preferred stays, unless a new figure arrives for that outcome: then, as when
    none is preferred, the figure of the most recent report is chosen (undated
    reports count as oldest; among equals, the last entered)."""
    by_outcome: dict[str, list] = {}
    for entry in matched:
        by_outcome.setdefault(entry[0].outcome, []).append(entry)
    for outcome, entries in by_outcome.items():
        marked = [entry for entry in entries if entry[1].get("preferred") is True]
        if len(marked) > 1:
            for _figure, _item, path in marked[1:]:
                errors.add(
                    f"{path}.preferred",
                    [
                        _("Only one %(outcome)s figure can be preferred; %(other)s is too.")
                        % {"outcome": outcome, "other": marked[0][2]}
                    ],
                )
            continue
        if not marked and all(entry[0].pk is not None for entry in entries):
            marked = [entry for entry in entries if entry[0].preferred][:1]
        if not marked:
            marked = [max(enumerate(entries), key=lambda pair: _recency(pair))[1]]
        chosen = marked[0][0]
        for figure, _item, _path in entries:
            wanted = figure is chosen
            if figure.preferred != wanted:
                figure.preferred = wanted
                figure._changed = True


def _recency(indexed_entry):
    position, (figure, _item, _path) = indexed_entry
    published = figure.report.published_on if figure.report_id else None
    return (published is not None, published or date.min, position)


def _plan_breakdown(figure: CasualtyFigure, item, path: str, checks: RowChecks):
    errors = checks.errors
    if item.get("breakdown") is None:
        # Breakdown left as stored; it must still fit a changed figure.
        lines = list(figure.breakdown.all()) if figure.pk else []
        check_breakdown(figure, lines, path, errors)
        return None
    existing = {line.pk: line for line in figure.breakdown.all()} if figure.pk else {}
    matched = _match_children(
        items=item["breakdown"],
        existing=existing,
        model=CasualtyGroup,
        path=f"{path}.breakdown",
        errors=errors,
    )
    for line, line_item, line_path in matched:
        line._changed = assign(line, line_item, GROUP_FIELDS)
        check_row(checks, line, line_path, parent="figure")
    check_breakdown(figure, [line for line, _, _ in matched], path, errors)
    return matched, list(existing.values())


def _breakdown_changes(planned) -> bool:
    if planned is None:
        return False
    matched, to_delete = planned
    return bool(to_delete) or any(line._changed for line, _item, _path in matched)


def _save_breakdown(figure: CasualtyFigure, planned, user) -> None:
    if planned is None:
        return
    matched, to_delete = planned
    for stale in to_delete:
        stale.delete()
    for line, _item, _path in matched:
        line.figure = figure
        if line._changed:
            line.stamp(user)
            line.save()
