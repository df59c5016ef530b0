"""What happened to each row of an imported file, and how it is said."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass
class Outcome:
    line: int
    external_id: str
    action: str  # created, updated, unchanged or refused
    detail: str = ""


def error_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"row": error.messages}


def message(errors: dict[str, list[str]]) -> str:
    return "; ".join(f"{column}: {' '.join(messages)}" for column, messages in errors.items())
