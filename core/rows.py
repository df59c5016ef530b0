"""Checking rows before they are written, by the rules their models declare.

``RowChecks`` is ``Model.full_clean()`` for many rows at once: field and model
validation as each row is added, then every check constraint of every row
evaluated in one query per model. Django checks each constraint of each row
with a query of its own inside a savepoint of its own: about 150 round trips to
save one incident with its figures and lines, and far too many for an import of
a million. Here the constraints' own conditions, compiled once per model, run
over the rows given as a VALUES list, so the rules and their messages are the
database's, with no copy to drift.
"""

from collections.abc import Iterable
from functools import cache

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models, router
from django.db.models.sql import Query

from core.errors import Errors


class RowChecks:
    def __init__(self, errors: Errors):
        self.errors = errors
        # model -> [(instance, path, fields not to check)]
        self.pending: dict[type, list[tuple[models.Model, str, frozenset]]] = {}

    def full_clean(
        self,
        instance: models.Model,
        path: str,
        exclude: Iterable[str] = (),
        *,
        unique: bool = False,
        unique_constraints: bool = True,
        fields: bool = True,
    ) -> None:
        """Check ``instance`` now (its fields, unless ``fields`` is false, and
        its ``clean()``) and its check constraints at :meth:`run`, keyed by
        ``path``. Unique fields only when asked, since rows nested in an
        unsaved parent cannot be checked for them yet; unique constraints
        unless ``unique_constraints`` is false (a bulk writer that has looked
        up the keys itself). Like Django, a constraint that
        names a field already refused, or one in ``exclude``, is not checked."""
        exclude = set(exclude)
        try:
            if fields:
                instance.full_clean(
                    exclude=exclude, validate_unique=unique, validate_constraints=False
                )
            else:
                instance.clean()
        except ValidationError as error:
            self.errors.add_error(path, error)
            if hasattr(error, "error_dict"):
                exclude |= set(error.error_dict) - {NON_FIELD_ERRORS}
        using = router.db_for_write(type(instance), instance=instance)
        for model, constraints in instance.get_constraints():
            if any(isinstance(c, models.CheckConstraint) for c in constraints):
                self.pending.setdefault(model, []).append((instance, path, frozenset(exclude)))
            for constraint in constraints if unique_constraints else ():
                if isinstance(constraint, models.UniqueConstraint):
                    try:
                        constraint.validate(model, instance, exclude=exclude, using=using)
                    except ValidationError as error:
                        self.errors.add_error(path, error)

    def run(self) -> None:
        pending, self.pending = self.pending, {}
        for model, rows in pending.items():
            self._run(model, compiled_checks(model), rows)

    def _run(self, model, checks, rows) -> None:
        """One query for all ``rows`` of ``model``: each column sent as one
        array (unnest), each check's condition evaluated on every row."""
        names = sorted({name for check in checks for name in check.fields})
        fields = [model._meta.get_field(name) for name in names]
        params = [param for check in checks for param in check.params]
        columns, outer = ["row_index"], ["row_index"]
        arrays = ["%s::integer[]"]
        params.append(list(range(len(rows))))
        for field in fields:
            column = connection.ops.quote_name(field.column)
            columns.append(column)
            values = [
                field.get_db_prep_value(getattr(instance, field.attname), connection)
                for instance, _path, _excluded in rows
            ]
            if isinstance(field, ArrayField):
                # unnest() would flatten an array of arrays: each row's array
                # travels as its text form and is cast back.
                arrays.append("%s::text[]")
                params.append([_array_literal(value) for value in values])
                outer.append(f"{column}::{field.db_type(connection)} AS {column}")
            else:
                arrays.append(f"%s::{field.db_type(connection)}[]")
                params.append(values)
                outer.append(column)
        holds = ", ".join(f"({check.sql}) IS NOT FALSE" for check in checks)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT row_index, {holds} FROM (SELECT {', '.join(outer)} "
                f"FROM unnest({', '.join(arrays)}) AS u({', '.join(columns)})) AS row_values",
                params,
            )
            results = cursor.fetchall()
        for row_index, *verdicts in results:
            _instance, path, excluded = rows[row_index]
            for check, holds_for_row in zip(checks, verdicts, strict=True):
                if not holds_for_row and not (check.fields & excluded):
                    self.errors.add(path or NON_FIELD_ERRORS, [check.message])


def _array_literal(values) -> str | None:
    """A PostgreSQL array literal of text elements, each quoted."""
    if values is None:
        return None
    escaped = (str(value).replace("\\", "\\\\").replace('"', '\\"') for value in values)
    return "{" + ",".join(f'"{value}"' for value in escaped) + "}"


class CompiledCheck:
    def __init__(self, constraint, sql: str, params: tuple, fields: frozenset):
        self.message = constraint.get_violation_error_message()
        self.sql, self.params, self.fields = sql, params, fields


@cache
def compiled_checks(model) -> list[CompiledCheck]:
    """The model's check constraints as SQL over its unqualified column names,
    as Django writes them into the table's definition, with their parameters."""
    checks = []
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        query = Query(model=model, alias_cols=False)
        where = query.build_where(constraint.condition)
        compiler = query.get_compiler(connection=connection)
        sql, params = where.as_sql(compiler, connection)
        names = {
            model._meta.pk.name if name == "pk" else name
            for name in models.Q(constraint.condition).referenced_base_fields
        }
        checks.append(CompiledCheck(constraint, sql, tuple(params), frozenset(names)))
    return checks
