"""Casualty totals grouped the way researchers ask for them.

Sums run over casualty rows of preferred figures only (the filters default to
that), so an incident that three reports describe is counted once; and since an
incomplete breakdown contributes its remainder as a row, the groups of a figure
always add up to it.
"""

import hashlib
import json

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Func, Q, Sum, TextField
from django.db.models.functions import Coalesce, TruncMonth

GROUPS = {
    "outcome": {"outcome": F("outcome")},
    "nationality": {
        "nationality": Func(
            F("nationalities"),
            template="array_to_string(%(expressions)s, ',')",
            output_field=TextField(),
        ),
        "excluded_nationality": F("excluded_nationality"),
    },
    "affiliation": {"affiliation_id": F("affiliation_id"), "affiliation": F("affiliation__name")},
    "combatant_status": {"combatant_status": F("combatant_status")},
    "month": {"month": TruncMonth("incident__date_start")},
    "admin1": {"admin1": F("incident__place__admin1")},
    "incident_type": {"incident_type": F("incident__incident_type")},
}
TOTALS = ("incidents", "count_min", "count_best", "count_max", "rows_without_number")
# What each group sums (open_ended only decides whether count_max is known).
AGGREGATES = {
    "incidents": Count("incident", distinct=True),
    "total_min": Sum("count_min"),
    "total_best": Sum(Coalesce("count_best", "count_min")),
    "total_max": Sum("count_max"),
    "open_ended": Count("id", filter=Q(count_max__isnull=True)),
    "rows_without_number": Count("id", filter=Q(count_min__isnull=True)),
}


def parse_group_by(raw: str | None) -> list[str]:
    names = [name.strip() for name in (raw or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in GROUPS]
    if unknown:
        raise ValidationError(
            {"group_by": [f"{', '.join(unknown)}: not one of {', '.join(GROUPS)}."]}
        )
    return list(dict.fromkeys(names))


def casualty_totals(rows, group_by: list[str]) -> list[dict]:
    """Per group: distinct incidents and the summed low, best and high counts.

    ``count_max`` is None for a group holding an open-ended figure ("at least")
    or one reported without a number: its top is unknown.
    """
    keys = {}
    for name in group_by:
        keys.update(GROUPS[name])
    aliases = {f"group_{key}": expression for key, expression in keys.items()}
    if aliases:
        totals = rows.order_by().values(**aliases).annotate(**AGGREGATES).order_by(*aliases)
    else:
        totals = [rows.order_by().aggregate(**AGGREGATES)]
    results = []
    for row in totals:
        result = {key: row[f"group_{key}"] for key in keys}
        if "month" in result and result["month"] is not None:
            result["month"] = result["month"].strftime("%Y-%m")
        result.update(
            incidents=row["incidents"],
            count_min=row["total_min"] or 0,
            count_best=row["total_best"] or 0,
            count_max=None if row["open_ended"] else (row["total_max"] or 0),
            rows_without_number=row["rows_without_number"],
        )
        results.append(result)
    return results


def group_columns(group_by: list[str]) -> list[str]:
    return [key for name in group_by for key in GROUPS[name]]


# Every model whose rows a total can depend on (figures, lines, incidents and
# their places, actor names).
_COUNTED_MODELS = (
    ("incidents", "Incident"),
    ("incidents", "CasualtyFigure"),
    ("incidents", "CasualtyGroup"),
    ("incidents", "Place"),
    ("incidents", "Actor"),
    ("incidents", "IncidentActor"),
    ("incidents", "Citation"),
    ("sources", "Report"),
    ("sources", "Source"),
)


def data_version() -> str | None:
    """A value that changes whenever any counted row changes, or None when it
    cannot be trusted now.

    Every write leaves an event in the history tables, whose ids come from
    sequences: a later change has a higher id. That holds for writes that
    begin after this look; so while another session holds a transaction id (it
    may write, and could commit later with a lower id) there is no version and
    nothing is cached. The caller's own transaction does not count: its own
    uncommitted events are visible to it, so the version it sees names them, a
    version nobody else sees unless it commits."""
    tables = [apps.get_model(app, f"{name}Event")._meta.db_table for app, name in _COUNTED_MODELS]
    maxima = ", ".join(f'(SELECT max(pgh_id) FROM "{table}")' for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(
            # Only this database's sessions: another database on the same
            # server cannot commit events here.
            "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
            f"AND pid <> pg_backend_pid() AND datname = current_database()), {maxima}"
        )
        quiet, *latest = cursor.fetchone()
    return ",".join(str(value) for value in latest) if quiet else None


# A writer that begins and commits in the instant between the look above and
# the totals' own query could go unseen; the entry then lives this long at most.
STATISTICS_CACHE_SECONDS = 600


def cached_totals(rows, group_by: list[str], *, key: dict) -> list[dict]:
    """``casualty_totals`` remembered until the data changes: dashboards ask
    for the same totals over and over, and over a national archive each costs
    seconds. ``key`` holds what else decides the answer (filters, visibility)."""
    version = data_version()
    if version is None:
        return casualty_totals(rows, group_by)
    digest = hashlib.sha256(
        json.dumps({"group_by": group_by, **key, "version": version}, sort_keys=True).encode()
    ).hexdigest()
    cache_key = f"casualty-totals:{digest}"
    results = cache.get(cache_key)
    if results is None:
        results = casualty_totals(rows, group_by)
        cache.set(cache_key, results, STATISTICS_CACHE_SECONDS)
    return results
