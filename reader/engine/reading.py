"""What the reader proposes, as frozen dataclasses with JSON-ready ``to_dict()``.

Offsets (``start``, ``end``) always point into the original text, so that
``text[start:end] == quote``; the Django layer stores the quote and can show
the editor where it came from.
"""

from dataclasses import asdict, dataclass, field
from datetime import date


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


class _Dict:
    def to_dict(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class LexiconMatch(_Dict):
    """An entry of the lexicon that a span of the text names."""

    entry_id: str
    kind: str  # source, actor, place
    name: str  # the entry's name that matched
    how: str  # exact (as written), folded (after folding), partial (some words)


@dataclass(frozen=True)
class Attribution(_Dict):
    """Whom the report credits for a figure: «وفق المرصد السوري لحقوق الإنسان»."""

    text: str  # the source's name as written
    start: int
    end: int
    cue: str  # the words that credit it: «وفق», "according to", "said"
    match: LexiconMatch | None = None


@dataclass(frozen=True)
class BreakdownLine(_Dict):
    count_min: int | None
    count_max: int | None
    nationalities: tuple[str, ...] = ()
    nationality_basis: str = "unknown"  # stated or unknown: the reader never infers
    excluded_nationality: str = ""
    combatant_status: str = "unknown"
    sex: str = "unknown"
    age_group: str = "unknown"
    affiliation_text: str = ""
    affiliation: LexiconMatch | None = None
    quote: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Figure(_Dict):
    outcome: str  # killed, injured, missing, detained
    count_min: int | None
    count_best: int | None
    count_max: int | None
    approx: bool
    victims_are: str | None  # civilian, combatant, contractor when one word covers all
    quote: str
    start: int
    end: int
    attribution: Attribution | None = None
    breakdown_complete: bool = False
    breakdown: tuple[BreakdownLine, ...] = ()
    aggregate: bool = False
    guessed: tuple[str, ...] = ()
    sentence: int = 0  # index of the sentence, for grouping into incidents
    paragraph: int = 0


@dataclass(frozen=True)
class DateMention(_Dict):
    """A date the text gives, resolved against the publication day when it can be."""

    first_day: date | None
    last_day: date | None
    precision: str  # day, week, month, year, range; "" when unresolved
    date_note: str  # the report's words
    start: int
    end: int
    year_inferred: bool = False
    resolved: bool = True
    relative: bool = False  # «أمس», "last Tuesday": needs the publication day
    guessed: tuple[str, ...] = ()
    sentence: int = 0
    paragraph: int = 0

    @property
    def model_precision(self) -> str:
        """The precision as the incident model keeps it (day, week, month, year)."""
        if self.precision != "range" or self.first_day is None or self.last_day is None:
            return self.precision
        days = (self.last_day - self.first_day).days + 1
        if days <= 7:
            return "week"
        if (self.first_day.year, self.first_day.month) == (
            self.last_day.year,
            self.last_day.month,
        ):
            return "month"
        return "year"


@dataclass(frozen=True)
class Mention(_Dict):
    """A place or an actor named in the text."""

    kind: str  # place or actor
    text: str
    start: int
    end: int
    match: LexiconMatch | None = None
    guessed: bool = False  # proposed from a cue word, not found in the lexicon
    cue: str = ""
    sentence: int = 0
    paragraph: int = 0


@dataclass(frozen=True)
class IncidentProposal(_Dict):
    title: str
    incident_type: str
    incident_type_cue: str
    figures: tuple[int, ...]  # indexes into Reading.figures
    dates: tuple[int, ...]
    places: tuple[int, ...]
    actors: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Reading(_Dict):
    language: str
    published_on: date | None
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[Mention, ...] = ()
    actors: tuple[Mention, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    incidents: tuple[IncidentProposal, ...] = ()
    guessed: tuple[str, ...] = field(default_factory=tuple)
