"""Small building blocks shared by every service that writes rows.

Services validate everything first, collecting each problem under the path of
the value it concerns, and only then write; so a refused request leaves nothing
half-written, and the caller learns of every problem at once.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models, transaction

from core.errors import Errors
from core.history import change_context
from core.rows import RowChecks


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
    """Field, model and constraint validation of one row (see RowChecks)."""
    checks = RowChecks(errors)
    checks.full_clean(instance, path, exclude, unique=unique)
    checks.run()


@transaction.atomic
def reference_delete(*, user, instance: models.Model, reason: str = "") -> None:
    """Delete a reference row (source, report, actor, place) that nothing
    refers to; evidence that is referred to raises ProtectedError (the API
    answers 409, the admin lists what refers to it)."""
    with change_context(user=user, reason=reason):
        instance.delete()


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
