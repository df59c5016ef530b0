"""Refusals gathered before anything is written, each under the path of the
value it concerns (``casualty_figures[0].breakdown[2].count_min``), so that a
refused write leaves nothing half-written and the caller learns every problem
at once."""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
