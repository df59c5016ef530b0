"""One check of an incident and what it holds, for both ways in: the editor's
(``incident_save``, row by row) and the bulk writer's (imports, by the
thousand). The rules are the models': their fields (lengths, choices), their
``clean()``, their check constraints (core.rows.RowChecks), and the sum that
ties a figure to its breakdown lines."""

from django.core.exceptions import ValidationError

from core.errors import Errors
from core.rows import RowChecks


def check_row(checks: RowChecks, row, path: str, *, parent: str = "", resolved: bool = False):
    """Check one row under ``path``. ``parent`` names the foreign key to a
    parent not saved yet. ``resolved`` is for a bulk writer: every foreign key
    points at a row it has just read or written, and it has looked up the keys
    that must be unique itself, so neither is looked up again row by row."""
    exclude = {parent} if parent else set()
    if resolved:
        exclude |= {field.name for field in row._meta.concrete_fields if field.is_relation}
    checks.full_clean(row, path, exclude, unique_constraints=not resolved)


def check_breakdown(figure, lines, path: str, errors: Errors) -> None:
    """The figure's lines must fit it: a complete breakdown adds up to it."""
    try:
        figure.check_breakdown(lines)
    except ValidationError as error:
        errors.add(f"{path}.breakdown", error.messages)
