"""Small building blocks shared by every service that writes rows.

Services validate everything first, collecting each problem under the path of
the value it concerns, and only then write; so a refused request leaves nothing
half-written, and the caller learns of every problem at once.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

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


def full_clean(
    instance: models.Model, path: str, errors: Errors, exclude=(), *, unique: bool = False
) -> None:
    """Field, model and constraint validation; uniqueness only when asked, since
    rows nested in an unsaved parent cannot be checked for it yet."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=unique)
    except ValidationError as error:
        errors.add_error(path, error)


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
