"""Reading the audit trail that the database triggers write (config/history.py).

An incident's timeline gathers the events of the incident and of everything
nested in it (actors, links, citations, figures, breakdown lines), each with the
fields it changed, who made the change, through what and why. The same events
rebuild the incident as it stood at any moment, and feed consumers that keep a
copy in sync.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    Incident,
    IncidentActor,
    IncidentRelation,
)
from sources.models import Report, Source

# Bookkeeping that every change touches; shown as who and when, not as a diff.
UNDIFFED = {"created_at", "created_by_id", "updated_at", "updated_by_id", "version"}


def _events(model):
    from django.apps import apps

    return apps.get_model(model._meta.app_label, f"{model.__name__}Event")


def _snapshot(model, event) -> dict[str, Any]:
    return {field.attname: getattr(event, field.attname) for field in model._meta.concrete_fields}


@dataclass
class Change:
    model: type[models.Model]
    event: models.Model
    data: dict[str, Any]
    diff: dict[str, list]

    @property
    def action(self) -> str:
        return self.event.pgh_label

    @property
    def at(self) -> datetime:
        return self.event.pgh_created_at

    @property
    def context(self) -> dict[str, Any]:
        context = self.event.pgh_context
        return context.metadata if context is not None else {}


def _changes(model, events) -> list[Change]:
    """Events of one model in order, each with its diff against the previous
    event of the same row."""
    previous: dict[Any, dict] = {}
    changes = []
    for event in events:
        data = _snapshot(model, event)
        before = previous.get(data["id"])
        if event.pgh_label == "insert" or before is None:
            diff = {k: [None, v] for k, v in data.items() if k not in UNDIFFED and k != "id"}
        elif event.pgh_label == "delete":
            diff = {}
        else:
            diff = {
                key: [before.get(key), value]
                for key, value in data.items()
                if key not in UNDIFFED and before.get(key) != value
            }
        previous[data["id"]] = data
        changes.append(Change(model=model, event=event, data=data, diff=diff))
    return changes


def _ordered(model, **filters):
    return _events(model).objects.filter(**filters).select_related("pgh_context").order_by("pgh_id")


def incident_timeline(incident_id: int) -> list[Change]:
    """Every recorded change of the incident and of what it holds, oldest
    first; rows deleted since are included, as they were."""
    figure_ids = set(
        _events(CasualtyFigure)
        .objects.filter(incident_id=incident_id)
        .values_list("pgh_obj_id", flat=True)
    )
    changes = _changes(Incident, _ordered(Incident, pgh_obj_id=incident_id))
    for model, filters in (
        (IncidentActor, {"incident_id": incident_id}),
        (IncidentRelation, {"from_incident_id": incident_id}),
        (Citation, {"incident_id": incident_id}),
        (CasualtyFigure, {"incident_id": incident_id}),
        (CasualtyGroup, {"figure_id__in": figure_ids}),
    ):
        changes += _changes(model, _ordered(model, **filters))
    changes.sort(key=_chronological)
    return changes


# Events of one transaction share its time; within it, rows are created before
# they are changed and changed before they are deleted.
_ACTION_ORDER = {"insert": 0, "update": 1, "delete": 2}


def _chronological(change: Change):
    return (change.at, _ACTION_ORDER.get(change.action, 3), change.model.__name__, change.event.pk)


FEED_MODELS = (
    Source,
    Report,
    Incident,
    IncidentActor,
    IncidentRelation,
    Citation,
    CasualtyFigure,
    CasualtyGroup,
)


def changes_since(since: datetime, limit: int = 1000) -> tuple[list[Change], datetime | None]:
    """Changes of every model after ``since``, oldest first, at most about
    ``limit`` (never splitting the changes of one moment); with the time to ask
    from next, or None when the feed is exhausted."""
    from incidents.models import Actor, Place

    changes = []
    for model in (*FEED_MODELS, Actor, Place):
        events = _ordered(model, pgh_created_at__gt=since).order_by("pgh_created_at", "pgh_id")
        changes += [
            Change(model=model, event=event, data=_snapshot(model, event), diff={})
            for event in events[: limit + 1]
        ]
    changes.sort(key=_chronological)
    if len(changes) <= limit:
        return changes, None
    cut = changes[limit - 1].at
    kept = [change for change in changes if change.at <= cut]
    return kept, cut


def since_publication(changes: list[Change]) -> list[Change]:
    """What the public may see of a timeline: the change that last published
    the incident and what came after it. What it said before, and what was
    changed in the transaction that published it, was never public."""
    publications = [
        change
        for change in changes
        if change.model is Incident and change.diff.get("status", [None, None])[1] == "published"
    ]
    if not publications:
        return []
    published = publications[-1]
    return [change for change in changes if change is published or change.at > published.at]


def usernames(changes: list[Change]) -> dict[int, str]:
    ids = {change.context.get("user") for change in changes} - {None}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


# Most trusted first: a reviewer who also edits acted as a reviewer.
ROLES = ("reviewer", "editor", "viewer")


def roles(changes: list[Change]) -> dict[int, str]:
    """The role each user acted in (for the public, who see no usernames)."""
    ids = {change.context.get("user") for change in changes} - {None}
    groups: dict[int, set[str]] = {}
    for user_id, group in (
        get_user_model()
        .groups.through.objects.filter(user_id__in=ids)
        .values_list("user_id", "group__name")
    ):
        groups.setdefault(user_id, set()).add(group)
    return {
        user_id: next((role for role in ROLES if role in groups.get(user_id, ())), "staff")
        for user_id in ids
    }


def incident_as_of(incident_id: int, moment: datetime) -> Incident | None:
    """The incident and its nested rows as they stood at ``moment``, as unsaved
    model instances shaped like a fetched incident (prefetched relations)."""

    def state(model, **filters):
        latest = {}
        for event in (
            _events(model).objects.filter(pgh_created_at__lte=moment, **filters).order_by("pgh_id")
        ):
            latest[event.pgh_obj_id] = event
        return [
            model(**_snapshot(model, event))
            for event in sorted(latest.values(), key=lambda e: e.pgh_obj_id)
            if event.pgh_label != "delete"
        ]

    incidents = state(Incident, pgh_obj_id=incident_id)
    if not incidents:
        return None
    incident = incidents[0]
    figures = state(CasualtyFigure, incident_id=incident_id)
    lines = state(CasualtyGroup, figure_id__in=[figure.pk for figure in figures])
    for figure in figures:
        figure._prefetched_objects_cache = {
            "breakdown": _as_prefetched(
                CasualtyGroup, [line for line in lines if line.figure_id == figure.pk]
            )
        }
    incident._prefetched_objects_cache = {
        "actor_links": _as_prefetched(IncidentActor, state(IncidentActor, incident_id=incident_id)),
        "citations": _as_prefetched(Citation, state(Citation, incident_id=incident_id)),
        "casualty_figures": _as_prefetched(CasualtyFigure, figures),
        "relations_out": _as_prefetched(
            IncidentRelation, state(IncidentRelation, from_incident_id=incident_id)
        ),
    }
    return incident


def _as_prefetched(model, rows):
    """A queryset already holding ``rows``, as prefetch_related() leaves it."""
    queryset = model.objects.none()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


def describe(
    change: Change, names: dict[int, str], *, with_data: bool, acting_roles=None
) -> dict[str, Any]:
    """A change as the API shows it: with the username when ``names`` has it,
    and the role the user acted in when ``acting_roles`` has it."""
    context = change.context
    described = {
        "model": change.model._meta.label_lower,
        "object_id": change.data["id"],
        "event_id": change.event.pk,
        "action": change.action,
        "at": change.at,
        "user": names.get(context.get("user")),
        "role": (acting_roles or {}).get(context.get("user")),
        # No context at all: a statement run on the database directly.
        "source": context.get("source", "application")
        if change.event.pgh_context is not None
        else "database",
        "reason": context.get("reason", ""),
    }
    if with_data:
        described["data"] = change.data
    else:
        described["changes"] = change.diff
    return described


def changes_after_version(incident_id: int, version: int) -> list[Change]:
    """What changed in the incident (and what it holds) since it was at
    ``version``: shown to an editor whose page went stale."""
    reached = (
        _events(Incident)
        .objects.filter(pgh_obj_id=incident_id, version=version)
        .order_by("-pgh_id")
        .values_list("pgh_created_at", "pgh_context_id")
        .first()
    )
    if reached is None:
        return []
    moment, context_id = reached
    # Events of one transaction share its time; those of the change that made
    # ``version`` share its context too.
    return [
        change
        for change in incident_timeline(incident_id)
        if change.at > moment or (change.at == moment and change.event.pgh_context_id != context_id)
    ]


def summarise(changes: list[Change]) -> str:
    names = usernames(changes)
    parts = []
    for change in changes:
        fields = ", ".join(change.diff) if change.action == "update" else change.action
        who = names.get(change.context.get("user"), "?")
        parts.append(f"{change.model._meta.verbose_name} ({fields}) by {who}")
    return "; ".join(dict.fromkeys(parts))
