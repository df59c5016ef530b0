"""Proposed incidents: the figures, dates, places and actors of one event.

Figures of one sentence belong together, unless the sentence moves on to the
event that came before («... وذلك عقب هجوم بطائرة مسيّرة ...», "after an
attack"): that clause is an incident of its own. A date, place or actor of the
same clause goes with it; failing a date there, the nearest earlier date of the
same paragraph does. The type is guessed from the words of the clause.
"""

from dataclasses import dataclass, field

from core.text import fold

from .reading import DateMention, Figure, IncidentProposal, Mention
from .textview import FoldedText, Token


def _folded(*phrases: str) -> list[tuple[str, ...]]:
    return [tuple(fold(word) for word in phrase.split()) for phrase in phrases]


# The most specific first: «غارة بطائرة مسيّرة» is a drone strike. Phrases are
# separated by "|".
_TYPE_WORDS = {
    "drone_strike": "طائرة مسيرة|طائرات مسيرة|مسيرة|مسيرات|drone",
    "airstrike": "غارة|غارات|غارة جوية|قصف جوي|ضربة جوية|ضربات جوية|الطيران الحربي|"
    "طائرات حربية|airstrike|airstrikes|air strike",
    "shelling_missile_rocket": "قصف مدفعي|قصف صاروخي|صاروخ|صواريخ|قذائف|قذيفة|قصف|shelling|"
    "rocket|rockets|missile|shells",
    "armed_clash": "اشتباكات|اشتباك|معارك|مواجهات|clashes|fighting",
    "explosion_ied": "انفجار|عبوة|عبوة ناسفة|مفخخة|لغم|explosion|ied|car bomb|blast|bomb",
    "ground_attack": "هجوم|هجوما|اقتحام|attack|raid",
}
TYPES = [(kind, _folded(*words.split("|"))) for kind, words in _TYPE_WORDS.items()]
LABELS = {
    "drone_strike": "Drone strike", "airstrike": "Airstrike",
    "shelling_missile_rocket": "Shelling", "armed_clash": "Armed clash",
    "explosion_ied": "Explosion", "ground_attack": "Attack", "other": "Incident",
}  # fmt: skip
# Words that turn a clause to an earlier event.
EARLIER = [*_folded("وذلك عقب", "عقب", "إثر", "ردا على", "في أعقاب", "بعد"), ("after",)]
EVENT_NOUNS = {fold(word) for word in "هجوم هجمات غارة غارات قصف إطلاق استهداف".split()} | {
    "attack",
    "strike",
}


@dataclass
class _Group:
    sentence: int
    clause: int
    figures: list[int] = field(default_factory=list)


def _starts(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(tokens) and all(
        tokens[i + k].text in (word, "و" + word) for k, word in enumerate(words)
    )


_EARLIER_FIRST = {words[0] for words in EARLIER}


def _forms(word: str) -> set[str]:
    """The word and what it may be under one or two clitics («بغارة», «والقصف»)."""
    forms = {word, word[1:], word[2:]}
    if word[1:3] == "ال":
        forms.add(word[3:])
    return forms


def clause_starts(tokens: list[Token]) -> dict[int, list[int]]:
    """Per sentence, the token indexes where a clause about an earlier event begins."""
    starts: dict[int, list[int]] = {}
    for i, token in enumerate(tokens):
        if token.text not in _EARLIER_FIRST and token.text[1:] not in _EARLIER_FIRST:
            continue
        for words in EARLIER:
            if _starts(tokens, i, words):
                following = tokens[i + len(words) : i + len(words) + 2]
                if any(token.text in EVENT_NOUNS for token in following):
                    starts.setdefault(token.sentence, []).append(i)
                break
    return starts


def _clause_of(token: Token, starts: dict[int, list[int]]) -> int:
    return sum(1 for start in starts.get(token.sentence, []) if start <= token.index)


def guess_type(tokens: list[Token]) -> tuple[str, str]:
    """The most specific type whose words the clause holds, and those words."""
    forms = [_forms(token.text) for token in tokens]
    present = set().union(*forms) if forms else set()
    for kind, phrases in TYPES:
        for phrase in phrases:
            if phrase[0] not in present:
                continue
            for k in range(len(forms) - len(phrase) + 1):
                if all(word in forms[k + n] for n, word in enumerate(phrase)):
                    return kind, " ".join(phrase)
    return "other", ""


def propose(
    folded: FoldedText,
    figures: list[Figure],
    dates: list[DateMention],
    places: list[Mention],
    actors: list[Mention],
) -> list[IncidentProposal]:
    tokens = folded.tokens
    starts = clause_starts(tokens)
    groups: dict[tuple[int, int], _Group] = {}
    for index, figure in enumerate(figures):
        clause = _clause_of(folded.token_at(figure.start), starts)
        key = (figure.sentence, clause)
        groups.setdefault(key, _Group(figure.sentence, clause)).figures.append(index)
    by_sentence: dict[int, list[Token]] = {}
    for token in tokens:
        by_sentence.setdefault(token.sentence, []).append(token)
    proposals = []
    for (sentence, clause), group in sorted(groups.items()):
        clause_tokens = [
            token for token in by_sentence[sentence] if _clause_of(token, starts) == clause
        ]
        first, last = clause_tokens[0], clause_tokens[-1]
        start, end = folded.token_span(first, last)

        def inside(mention, start=start, end=end) -> bool:
            return start <= mention.start and mention.end <= end

        date_ids = tuple(k for k, mention in enumerate(dates) if inside(mention))
        if not date_ids and clause == 0:  # an earlier event's date is not this one's
            paragraph = figures[group.figures[0]].paragraph
            earlier = [
                k
                for k, mention in enumerate(dates)
                if mention.paragraph == paragraph and mention.end <= start
            ]
            date_ids = tuple(earlier[-1:])
        place_ids = tuple(k for k, mention in enumerate(places) if inside(mention))
        actor_ids = tuple(k for k, mention in enumerate(actors) if inside(mention))
        kind, cue = guess_type(clause_tokens)
        title = _title(kind, [figures[k] for k in group.figures], [places[k] for k in place_ids])
        proposals.append(
            IncidentProposal(
                title=title,
                incident_type=kind,
                incident_type_cue=cue,
                figures=tuple(group.figures),
                dates=date_ids,
                places=place_ids,
                actors=actor_ids,
                start=start,
                end=end,
            )
        )
    return proposals


def _title(kind: str, figures: list[Figure], places: list[Mention]) -> str:
    title = LABELS[kind]
    if places:
        place = places[0].match.name if places[0].match else places[0].text
        title += f" in {place}"
    counts = []
    for figure in figures:
        if figure.count_min is None:
            counts.append(f"{figure.outcome} (no number)")
        elif figure.count_max == figure.count_min:
            counts.append(f"{figure.count_min} {figure.outcome}")
        elif figure.count_max is None:
            counts.append(f"at least {figure.count_min} {figure.outcome}")
        else:
            counts.append(f"{figure.count_min}-{figure.count_max} {figure.outcome}")
    return f"{title}: {', '.join(counts)}" if counts else title
