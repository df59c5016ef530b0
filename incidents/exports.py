"""The flat casualty table: its columns, as JSON rows and as a CSV stream.

One list of columns serves the JSON list, the CSV export and the README, so the
three cannot drift. The CSV is produced by PostgreSQL itself (``COPY ... TO
STDOUT``) from the same filtered query the JSON list runs, and streamed in blocks,
so memory stays flat whatever the number of rows; free-text cells go through
``incidents_csv_safe`` so that no cell is read as a spreadsheet formula.
"""

from collections.abc import Iterator

from django.db import connection
from django.db.models import F, Func, Prefetch, TextField

from core.api.csv import rows_as_csv
from incidents.models import CasualtyFigure, CasualtyGroup, Citation, IncidentActor

# (column, ORM path, is free text that a spreadsheet could read as a formula)
CASUALTY_COLUMNS = (
    ("row_id", "id", False),
    ("incident_id", "incident_id", False),
    ("incident_title", "incident__title", True),
    ("incident_type", "incident__incident_type", False),
    ("incident_status", "incident__status", False),
    ("date_start", "incident__date_start", False),
    ("date_end", "incident__date_end", False),
    ("date_precision", "incident__date_precision", False),
    ("year_inferred", "incident__year_inferred", False),
    ("date_note", "incident__date_note", True),
    ("place", "incident__place__name", True),
    ("place_ar", "incident__place__name_ar", True),
    ("admin1", "incident__place__admin1", True),
    ("admin2", "incident__place__admin2", True),
    ("country", "incident__place__country", False),
    ("latitude", "incident__place__latitude", False),
    ("longitude", "incident__place__longitude", False),
    ("geo_precision", "incident__geo_precision", False),
    ("figure_id", "figure_id", False),
    ("outcome", "outcome", False),
    ("preferred", "preferred", False),
    ("figure_count_min", "figure_count_min", False),
    ("figure_count_best", "figure_count_best", False),
    ("figure_count_max", "figure_count_max", False),
    ("is_remainder", "is_remainder", False),
    ("count_min", "count_min", False),
    ("count_best", "count_best", False),
    ("count_max", "count_max", False),
    ("nationalities", "nationalities", False),
    ("nationality_basis", "nationality_basis", False),
    ("excluded_nationality", "excluded_nationality", False),
    ("affiliation_id", "affiliation_id", False),
    ("affiliation", "affiliation__name", True),
    ("combatant_status", "combatant_status", False),
    ("sex", "sex", False),
    ("age_group", "age_group", False),
    ("report_id", "report_id", False),
    ("report_title", "report__title", True),
    ("report_url", "report__url", True),
    ("report_published_on", "report__published_on", False),
    ("source", "report__source__name", True),
    ("attributed_to", "attributed_to__name", True),
    ("quote", "quote", True),
)
CASUALTY_HEADER = [name for name, _path, _text in CASUALTY_COLUMNS]

# Aliases that cannot collide with the model's own field names.
_ALIAS = "col_{}"


def casualty_rows(queryset):
    """The rows as dicts keyed by column name (for JSON)."""
    # "id" stays under its own name too: the cursor pagination reads it.
    return queryset.values(
        "id", **{_ALIAS.format(name): F(path) for name, path, _text in CASUALTY_COLUMNS}
    )


def rename(row: dict) -> dict:
    return {name: row[_ALIAS.format(name)] for name in CASUALTY_HEADER}


def _csv_expression(name: str, path: str, is_text: bool):
    if name == "nationalities":
        return Func(
            F(path),
            function="array_to_string",
            template="array_to_string(%(expressions)s, ' ')",
            output_field=TextField(),
        )
    if is_text:
        return Func(F(path), function="incidents_csv_safe", output_field=TextField())
    if name in _BOOLEAN_COLUMNS:
        # COPY writes booleans as t/f; spreadsheets and the other exports say true/false.
        return Func(F(path), template="(%(expressions)s)::text", output_field=TextField())
    return F(path)


_BOOLEAN_COLUMNS = {"year_inferred", "preferred", "is_remainder"}


def copy_statement(queryset) -> tuple[str, tuple]:
    """``COPY (<the filtered query>) TO STDOUT`` with the CSV columns."""
    values = queryset.order_by("id").values(
        **{
            _ALIAS.format(name): _csv_expression(name, path, is_text)
            for name, path, is_text in CASUALTY_COLUMNS
        }
    )
    sql, params = values.query.sql_with_params()
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params


def stream_copy(statement: str, params, *, block_size: int = 256 * 1024) -> Iterator[bytes]:
    """Yield what PostgreSQL's COPY sends, in blocks of about ``block_size``."""
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        pending = bytearray()
        for block in copy:
            pending += block
            if len(pending) >= block_size:
                yield bytes(pending)
                pending.clear()
        if pending:
            yield bytes(pending)


def casualty_csv(queryset) -> Iterator[bytes]:
    yield (",".join(CASUALTY_HEADER) + "\r\n").encode()
    statement, params = copy_statement(queryset)
    yield from stream_copy(statement, params)


def layout_rows(queryset, layout) -> Iterator[dict]:
    """Incidents as rows of a dataset's layout (``incidents.imports.layouts``), read in
    chunks with their actors, citations and preferred killed figure, so that
    memory stays flat and the queries per chunk are fixed."""
    incidents = (
        queryset.order_by("id")
        .select_related("place")
        .prefetch_related(
            Prefetch("actor_links", IncidentActor.objects.select_related("actor").order_by("id")),
            Prefetch(
                "citations",
                Citation.objects.select_related("report__source", "attributed_to").order_by("id"),
            ),
            Prefetch(
                "casualty_figures",
                CasualtyFigure.objects.filter(preferred=True, outcome="killed").prefetch_related(
                    Prefetch("breakdown", CasualtyGroup.objects.order_by("id"))
                ),
            ),
        )
    )
    for incident in incidents.iterator(chunk_size=2000):
        yield layout.export_row(incident)


def layout_csv(queryset, layout) -> Iterator[str]:
    columns = layout.EXPORT_COLUMNS
    rows = ([row[column] for column in columns] for row in layout_rows(queryset, layout))
    return rows_as_csv(columns, rows)
