"""Small building blocks shared by every service that writes rows.

Services validate everything first, collecting each problem under the path of
the value it concerns, and only then write; so a refused request leaves nothing
half-written, and the caller learns of every problem at once.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import NON_FIELD_ERRORS, FieldError, ValidationError
from django.db import connection, models, router, transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query

from config.history import change_context


class Errors:
    """Collects validation messages under the path of the value they concern."""

    def __init__(self):
        self.by_path: dict[str, list[str]] = {}

    def add(self, path: str, messages: Iterable[str]) -> None:
        self.by_path.setdefault(path, []).extend(str(m) for m in messages)

    def add_error(self, prefix: str, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                path = prefix if field == NON_FIELD_ERRORS else _join(prefix, field)
                self.add(path or NON_FIELD_ERRORS, field_errors)
        else:
            self.add(prefix or NON_FIELD_ERRORS, error.messages)

    def raise_if_any(self) -> None:
        if self.by_path:
            raise ValidationError(self.by_path)


def _join(prefix: str, field: str) -> str:
    return f"{prefix}.{field}" if prefix else field


def assign(instance: models.Model, values: Mapping[str, Any], fields: Iterable[str]) -> bool:
    """Copy the given fields onto ``instance``; return whether anything changed."""
    changed = instance._state.adding
    for name in fields:
        if name not in values:
            continue
        field = instance._meta.get_field(name)
        value = values[name]
        if value is None and not field.null:
            # An empty optional text is stored as "", an empty list as [].
            if isinstance(field, (models.CharField, models.TextField)):
                value = ""
            elif isinstance(field, ArrayField):
                value = []
        if field.is_relation:
            new_id = value.pk if isinstance(value, models.Model) else value
            if getattr(instance, field.attname) != new_id or instance._state.adding:
                setattr(instance, name if isinstance(value, models.Model) else field.attname, value)
                changed = True
        elif getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


class RowChecks:
    """``Model.full_clean()`` for many rows, with every check constraint of
    every row evaluated in one query when :meth:`run` is called.

    Django checks each constraint with a query of its own inside a savepoint
    of its own: about 150 round trips to save one incident with its figures
    and lines, the better part of a save's time. The rules and the messages
    are the same; like Django, a constraint that names a field already refused
    is not checked."""

    # PostgreSQL takes at most 65,535 parameters in a statement.
    CHECKS_PER_QUERY = 200

    def __init__(self, errors: Errors):
        self.errors = errors
        self.pending: list[tuple[str, str, tuple]] = []  # (path, message, compiled check)

    def full_clean(
        self, instance: models.Model, path: str, exclude=(), *, unique: bool = False
    ) -> None:
        """Field and model validation now, check constraints at :meth:`run`;
        uniqueness only when asked, since rows nested in an unsaved parent
        cannot be checked for it yet."""
        exclude = set(exclude)
        try:
            instance.full_clean(exclude=exclude, validate_unique=unique, validate_constraints=False)
        except ValidationError as error:
            self.errors.add_error(path, error)
            exclude |= (
                set(error.error_dict) - {NON_FIELD_ERRORS}
                if hasattr(error, "error_dict")
                else set()
            )
        using = router.db_for_write(type(instance), instance=instance)
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint):
                    compiled = _compiled_check(constraint, instance, exclude, using)
                    if compiled is not None:
                        self.pending.append(
                            (path, constraint.get_violation_error_message(), compiled)
                        )
                else:
                    try:
                        constraint.validate(model, instance, exclude=exclude, using=using)
                    except ValidationError as error:
                        self.errors.add_error(path, error)

    def run(self) -> None:
        pending, self.pending = self.pending, []
        for start in range(0, len(pending), self.CHECKS_PER_QUERY):
            chunk = pending[start : start + self.CHECKS_PER_QUERY]
            sql = ", ".join(f"EXISTS({compiled[0]})" for _path, _message, compiled in chunk)
            params = [param for _path, _message, compiled in chunk for param in compiled[1]]
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {sql}", params)
                results = cursor.fetchone()
            for (path, message, _compiled), holds in zip(chunk, results, strict=True):
                if not holds:
                    self.errors.add(path or NON_FIELD_ERRORS, [message])


def _compiled_check(constraint, instance, exclude, using) -> tuple[str, tuple] | None:
    """The query Django's ``Q.check()`` runs for ``constraint`` on ``instance``
    (one row when the condition holds or is unknown), as SQL and parameters;
    None when the condition names an excluded field."""
    query = Query(None)
    for name, value in instance._get_field_expression_map(
        meta=instance._meta, exclude=exclude
    ).items():
        if not hasattr(value, "resolve_expression"):
            value = Value(value)
        query.add_annotation(value, name, select=False)
    query.add_annotation(Value(1), "_check")
    try:
        query.add_q(Q(Coalesce(Q(constraint.condition), True, output_field=models.BooleanField())))
    except FieldError:
        return None
    return query.get_compiler(using=using).as_sql()


def full_clean(
    instance: models.Model, path: str, errors: Errors, exclude=(), *, unique: bool = False
) -> None:
    """Field, model and constraint validation of one row (see RowChecks)."""
    checks = RowChecks(errors)
    checks.full_clean(instance, path, exclude, unique=unique)
    checks.run()


@transaction.atomic
def reference_save(
    *, user, instance: models.Model, data: Mapping[str, Any], fields
) -> models.Model:
    """Create or update one reference row (source, report, actor, place)."""
    changed = assign(instance, data, fields)
    errors = Errors()
    full_clean(instance, "", errors, unique=True)
    errors.raise_if_any()
    if changed:
        instance.stamp(user)
        with change_context(user=user):
            instance.save()
    return instance
