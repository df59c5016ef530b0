"""The layouts of the datasets our users already hold: UCDP GED and ACLED.

A layout reads one row of its CSV into an :class:`Event`, a description of an
incident in our terms that names its place, actors, sources and reports by
their natural keys (``incidents.imports`` resolves and writes them), and
writes an incident back as one row of its columns.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django_countries import countries


class RowRefused(Exception):
    """A row that cannot be imported; ``errors`` maps each column to its problems."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class SourceKey:
    name: str
    kind: str
    url: str = ""


@dataclass(frozen=True)
class ReportKey:
    source: SourceKey
    title: str
    published_on: date | None = None
    url: str = ""
    language: str = "en"


@dataclass(frozen=True)
class PlaceKey:
    country: str
    admin1: str
    admin2: str
    name: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass(frozen=True)
class ActorKey:
    name: str
    kind: str
    country: str = ""


@dataclass
class Line:
    count: int
    affiliation: ActorKey | None
    combatant_status: str


@dataclass
class Figure:
    report: ReportKey
    attributed_to: SourceKey | None
    count_min: int
    count_best: int
    count_max: int
    quote: str
    lines: list[Line] = field(default_factory=list)
    breakdown_complete: bool = False


@dataclass
class CitationSpec:
    report: ReportKey
    attributed_to: SourceKey | None
    quote: str


@dataclass
class Event:
    """One incident as a dataset row describes it."""

    line: int
    external_id: str
    record: dict
    title: str
    description: str
    incident_type: str
    violence_type: str
    date_start: date
    date_end: date
    date_precision: str
    geo_precision: str
    place: PlaceKey
    actors: list[tuple[ActorKey, str]]
    figure: Figure
    citations: list[CitationSpec]
    # Accepted, but worth an editor's look: said in the import's report.
    warnings: list[str] = field(default_factory=list)


class Cells:
    """The cells of one CSV row, parsed with errors collected per column."""

    def __init__(self, row: dict[str, str | None]):
        self.row = row
        self.errors: dict[str, list[str]] = {}

    def fail(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = (self.row.get(column) or "").strip()
        if required and not value:
            self.fail(column, "is empty.")
        if max_length and len(value) > max_length:
            self.fail(column, f"is longer than {max_length} characters.")
        return value

    def integer(self, column: str, *, minimum: int | None = 0, choices=None) -> int | None:
        raw = self.text(column)
        if not raw:
            self.fail(column, "is empty.")
            return None
        try:
            value = int(raw)
        except ValueError:
            self.fail(column, f"“{raw}” is not a whole number.")
            return None
        if minimum is not None and value < minimum:
            self.fail(column, f"{value} is below {minimum}.")
            return None
        if choices is not None and value not in choices:
            allowed = ", ".join(str(choice) for choice in choices)
            self.fail(column, f"{value} is not one of {allowed}.")
            return None
        return value

    def decimal(self, column: str, *, limit: int) -> Decimal | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.fail(column, f"“{raw}” is not a number.")
            return None
        if not value.is_finite() or abs(value) > limit:
            self.fail(column, f"{raw} is not between -{limit} and {limit}.")
            return None
        return value.quantize(Decimal("0.000001"))

    def day(self, column: str, formats=()) -> date | None:
        raw = self.text(column)
        if not raw:
            self.fail(column, "is empty.")
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
        for pattern in formats:
            try:
                return datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
        self.fail(column, f"“{raw}” is not a date (YYYY-MM-DD).")
        return None

    def done(self) -> None:
        if self.errors:
            raise RowRefused(self.errors)


@lru_cache(maxsize=1024)
def country_code(name: str) -> str:
    """The ISO code of a country named in English ("Syria" -> "SY"), or ""."""
    return countries.by_name(name) or ""


def original_code(record: dict, column: str, table: dict, current) -> str:
    """The dataset's own code for ``current`` (a precision, a type of
    violence): the code the imported row had when it still means what the
    incident says (UCDP has two codes for "a week"), otherwise the first code
    in ``table`` that does, or "" when none does."""
    original = str(record.get(column, ""))
    if original.isdigit() and table.get(int(original)) == current:
        return original
    for code, value in table.items():
        if value == current:
            return str(code)
    return ""


def decimal_text(value) -> str:
    """A stored coordinate without the padding zeros (32.829440 -> 32.82944)."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
