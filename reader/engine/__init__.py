"""The reader: proposed casualty figures, dates, places, actors and credits from a
report's text, for an editor to confirm. Pure Python, rule-based, no network.

    from reader.engine import read
    reading = read(text, published_on=date(2023, 5, 12))
    reading.figures[0].to_dict()
"""

from dataclasses import replace
from datetime import date

from .attribution import attribute, find_credits
from .dates import read_dates
from .figures import read_figures
from .incidents import propose
from .language import detect
from .lexicon import Entry, Lexicon
from .mentions import find_names, guess
from .reading import (
    Attribution,
    BreakdownLine,
    DateMention,
    Figure,
    IncidentProposal,
    LexiconMatch,
    Mention,
    Reading,
)
from .textview import FoldedText

__all__ = [
    "Attribution",
    "BreakdownLine",
    "DateMention",
    "Entry",
    "Figure",
    "IncidentProposal",
    "Lexicon",
    "LexiconMatch",
    "Mention",
    "Reading",
    "read",
]


def read(
    text: str,
    *,
    published_on: date | None = None,
    language: str | None = None,
    lexicon: Lexicon | None = None,
) -> Reading:
    """Read ``text`` and propose what an editor would record from it."""
    folded = FoldedText(text)
    figures = read_figures(folded)
    credits = find_credits(folded, lexicon)
    figures = [
        replace(figure, attribution=credit)
        for figure, credit in zip(figures, attribute(folded, figures, credits), strict=True)
    ]
    if lexicon is not None:
        figures = [_match_affiliations(folded, lexicon, figure) for figure in figures]
        places = find_names(folded, lexicon, "place")
        actors = find_names(folded, lexicon, "actor")
    else:
        places, actors = guess(folded, "place"), guess(folded, "actor")
    dates = read_dates(folded, published_on)
    guessed = []
    if lexicon is None:
        guessed.append("places and actors from cue words")
    if any(mention.year_inferred for mention in dates):
        guessed.append("year inferred")
    if any(not mention.resolved for mention in dates):
        guessed.append("relative or yearless dates left unresolved")
    return Reading(
        language=detect(text, language),
        published_on=published_on,
        figures=tuple(figures),
        dates=tuple(dates),
        places=tuple(places),
        actors=tuple(actors),
        attributions=tuple(credit for credit, _ in credits),
        incidents=tuple(propose(folded, figures, dates, places, actors)),
        guessed=tuple(guessed),
    )


def _match_affiliations(folded: FoldedText, lexicon: Lexicon, figure: Figure) -> Figure:
    from .mentions import match_in

    lines = []
    for line in figure.breakdown:
        match = None
        if line.affiliation_text:
            start = line.start + line.quote.find(line.affiliation_text)
            found = match_in(folded, lexicon, "actor", start, start + len(line.affiliation_text))
            match = found.match if found else None
        lines.append(replace(line, affiliation=match))
    return replace(figure, breakdown=tuple(lines))
