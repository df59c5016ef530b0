"""Casualty figures: the counts of people killed, injured, missing or detained.

The scanner walks the tokens of each sentence and tries, at each one, the
patterns in which reports give a figure (see outcomes.py): an explicit zero
(«دون وقوع قتلى»), a total («عدد الضحايا ... 1300», «القتلى: 45»), an outcome
word before its count («مقتل 19 عنصراً», «قتلت 10 أشخاص», "killing 5"), a count
before its outcome word («69 قتيلًا», «31 ... قتلوا», "5 were killed"), an
outcome noun alone («وقوع قتلى وجرحى»: no number), and one victim "among the
dead". A number that counts strikes, years or metres is never a figure.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from core.text import fold

from .breakdown import Lines, item_at, lines_after
from .months import month_at
from .numbers import ENGLISH_NUMBERS, ENGLISH_SCALES, NUMBER_WORDS, may_qualify, quantity_at
from .outcomes import (
    DEATH_COMPLEMENTS,
    EVENT,
    MET,
    NEGATIONS,
    NOUN,
    OCCURRENCE,
    TOLLS,
    VERB,
    OutcomeWord,
    outcome_of,
)
from .phrases import THINGS, Item, affiliation_text, conjoined, leading_clitics, parse_phrase
from .reading import BreakdownLine, Figure
from .textview import FoldedText, Token
from .victims import PersonNoun, person_of

SINGULAR_NOUNS = {
    fold(word) for word in "قتيل قتيلة شهيد شهيدة جريح جريحة مصاب مصابة مفقود مفقودة".split()
}
ONE = {fold(word) for word in "واحد واحدة".split()}
# Words between a count and its passive verb in English: "5 were reportedly killed".
AUXILIARIES = set("were was have has had been are is reportedly also all later being".split())
# A negation may stand a few words before the outcome: «لم تسفر عن وقوع إصابات».
NEGATION_FILLERS = {
    fold(word) for word in "وقوع تسجيل سقوط أي يسفر تسفر عن ترد أنباء تقع يسجل تسجل أية".split()
} | set("reported any one".split())
AGGREGATE_CUES = [
    tuple(fold(word) for word in words.split())
    for words in (
        "منذ بداية", "منذ مطلع", "منذ بدء", "منذ اندلاع", "منذ انطلاق", "منذ عام", "منذ العام",
        "الحصيلة الإجمالية", "في المجموع", "إجمالي", "منذ مطلع العام", "since", "in total",
        "so far this", "this year", "toll since",
    )
]  # fmt: skip
_BETWEEN_VERB_AND_COUNT = {fold(word) for word in "فيها فيه خلالها بها جراءها".split()} | {"all"}
_TIME_WORDS = {fold(word) for word in "الساعة ساعة عام العام سنة بتاريخ".split()}
_LIVES = {fold("بحياة"), fold("حياة")}
_WENT = {fold("راح"), fold("وراح")}
_VICTIM_OF = fold("ضحيت")
_AGGREGATE_FIRST = {cue[0] for cue in AGGREGATE_CUES}
PERSON_GENERIC = {fold(word) for word in "شخص أشخاص".split()}


@dataclass
class _Found:
    outcome: str
    items: list[Item]
    first: int
    last: int
    approx: bool = False
    lines: Lines | None = None
    guessed: list[str] = field(default_factory=list)
    shared_quote: tuple[int, int] | None = None
    zero: bool = False
    among_dead: bool = False


def _not_a_count(tokens: list[Token], first: int, last: int) -> bool:
    """True when the number at first..last counts things, or is a date or a time."""
    after = last + 1
    if after < len(tokens):
        word = tokens[after].text
        if word in THINGS or (len(word) > 3 and word[1:] in THINGS) or word in ("%", "٪"):
            return True
        if month_at(tokens, after):
            return True
        if word in (":", "/", ".") and after + 1 < len(tokens):
            following = tokens[after + 1]
            if following.kind == "num" and following.start == tokens[after].end:
                return True
    if first > 0:
        before = tokens[first - 1].text
        if before in _TIME_WORDS:
            return True
        if before in ("at", "year", "in") and tokens[first].kind == "num":
            return True
        if month_at(tokens, first - 1) and tokens[first].kind == "num":
            return True  # "March 14"
    return False


def _outcome_at(tokens: list[Token], i: int) -> tuple[OutcomeWord, int] | None:
    """The outcome word at ``i`` and the index of its last token («لقوا حتفهم»)."""
    word = tokens[i].text
    if word in MET or (word[:1] == "و" and word[1:] in MET):
        for j in range(i + 1, min(i + 8, len(tokens))):
            if tokens[j].text in DEATH_COMPLEMENTS:
                return OutcomeWord("killed", VERB), i
        return None
    if i > 0:
        before = tokens[i - 1].text
        if word in _LIVES and before.endswith(("ودى", "ودت", "ودي")):
            return OutcomeWord("killed", EVENT), i
        if word.startswith(_VICTIM_OF) and before in _WENT:
            return OutcomeWord("killed", EVENT), i
    found = outcome_of(word)
    return (found, i) if found else None


def _anchor_first(tokens: list[Token], i: int, sentence: int) -> _Found | None:
    found = _outcome_at(tokens, i)
    if found is None or found[0].form == NOUN:
        return None
    outcome = found[0]
    start = i + 1
    # «قُتل فيها 6», "killing all 176"
    while start < len(tokens) and tokens[start].text in _BETWEEN_VERB_AND_COUNT:
        start += 1
    item = item_at(tokens, start, sentence=sentence)
    if item is None or item.phrase.outcome is not None:
        return None
    if item.count_min is not None and tokens[item.first].kind == "num":
        if _not_a_count(tokens, item.first, item.first):
            return None
    if outcome.weak and not item.phrase.persons:
        return None  # «سقوط قذيفة»: things fell, not people
    items = [item]
    j = item.last + 1
    while j < len(tokens) and tokens[j].sentence == sentence:
        j = _past_circumstance(tokens, j, sentence)
        k = j + 1 if tokens[j].text in ("و", "and", ",") else j
        if k == j and not conjoined(tokens[j].text):
            break
        following = item_at(tokens, k, sentence=sentence, in_list=True)
        if following is None or following.phrase.outcome is not None:
            break
        if following.count_min is None and not following.phrase.persons:
            break
        items.append(following)
        j = following.last + 1
    last = items[-1].last
    while last + 1 < len(tokens) and tokens[last + 1].text in DEATH_COMPLEMENTS:
        last += 1
    guessed = ["killed read from «سقوط» (fell)"] if outcome.weak else []
    return _Found(outcome.outcome, items, i, last, item.approx, guessed=guessed)


def _past_circumstance(tokens: list[Token], j: int, sentence: int) -> int:
    """«إصابة ثلاثة من العاملين في المجال الطبي وإثنين من الزائرين»: a short «في ...»
    between two parts that one outcome word governs is skipped, if a part follows."""
    if tokens[j].text not in (fold("في"), "in"):
        return j
    for k in range(j + 1, min(j + 6, len(tokens))):
        if tokens[k].sentence != sentence or tokens[k].kind != "word":
            return j
        if conjoined(tokens[k].text) and quantity_at(tokens, k) is not None:
            return k
    return j


def _count_first(tokens: list[Token], i: int, sentence: int) -> _Found | None:
    quantity = quantity_at(tokens, i)
    dual = person_of(tokens[i].text) if quantity is None else None
    if dual is not None and dual.count == 2:
        # «شخصين قتلا»: a dual is its own count
        quantity_first = quantity_last = i
        low = high = 2
        approx = False
        phrase = parse_phrase(tokens, i, sentence=sentence)
    elif quantity is None:
        if tokens[i].text in ("a", "an", "one") and i + 1 < len(tokens):
            person = person_of(tokens[i + 1].text)
            if person is None or person.count != 1:
                return None
            quantity_first, quantity_last, low, high = i, i, 1, 1
        else:
            return None
        approx = False
    else:
        if quantity.number and _not_a_count(tokens, quantity.first, quantity.last):
            return None
        if quantity.another:
            return None
        quantity_first, quantity_last = quantity.first, quantity.last
        low, high, approx = quantity.count_min, quantity.count_max, quantity.approx
        if _parenthesised(tokens, quantity_first, quantity_last):
            quantity_first, quantity_last = quantity_first - 1, quantity_last + 1  # «(12) قتيلا»
    if dual is None or dual.count != 2:
        phrase = parse_phrase(tokens, quantity_last + 1, sentence=sentence)
    last = phrase.last
    outcome = phrase.outcome
    if outcome is None:
        # "5 people were killed", «5 أشخاص لقوا حتفهم»
        j = phrase.last + 1
        while j < len(tokens) and tokens[j].text in AUXILIARIES:
            j += 1
        if j < len(tokens) and tokens[j].sentence == sentence:
            found = _outcome_at(tokens, j)
            if found and found[0].form in (VERB, NOUN) and not conjoined(tokens[j].text):
                outcome, last = found[0], j
                while last + 1 < len(tokens) and tokens[last + 1].text in DEATH_COMPLEMENTS:
                    last += 1
    if outcome is None:
        return None
    if outcome.count == 2:
        return None  # «5 قتيلين» cannot be: leave it to the dual alone
    if quantity is not None and not quantity.vague and high is not None and low == high:
        after = _after_qualifier(tokens, last + 1)
        if after is not None:  # «أوقع 32 قتيلاً على الأقل»
            high, last = None, after
    item = Item(low, high, approx, quantity_first, max(quantity_last, phrase.last), phrase)
    return _Found(outcome.outcome, [item], quantity_first, last, approx)


def _parenthesised(tokens: list[Token], first: int, last: int) -> bool:
    return (
        first > 0
        and last + 1 < len(tokens)
        and tokens[first - 1].text == "("
        and tokens[last + 1].text == ")"
    )


_AT_LEAST_AFTER = [(fold("على"), fold("الأقل")), ("at", "least")]


def _after_qualifier(tokens: list[Token], i: int) -> int | None:
    """The last index of "at least" written after the figure's words, else None."""
    for words in _AT_LEAST_AFTER:
        if i + 1 < len(tokens) and (tokens[i].text, tokens[i + 1].text) == words:
            return i + 1
    return None


def _definite(word: str) -> bool:
    bare = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    if bare.startswith("لل"):
        return True
    bare = bare[1:] if bare[:1] in "بلك" and bare[1:3] == "ال" else bare
    return bare.startswith("ال")


def _toll(tokens: list[Token], i: int, sentence: int) -> _Found | None:
    """«عدد الضحايا في ذلك اليوم ألفًا وثلاثمئة شخص», «القتلى المُبلغ عنهم: 45»,
    "the death toll rose to 20"."""
    word = tokens[i].text
    start = i
    outcome = None
    if word in TOLLS or word[1:] in TOLLS:
        if i + 1 < len(tokens):
            found = outcome_of(tokens[i + 1].text)
            if found and found.form == NOUN and _definite(tokens[i + 1].text):
                outcome = found
        if word == "toll" and i > 0 and tokens[i - 1].text == "death":
            outcome, start = OutcomeWord("killed", NOUN), i - 1
        colon_needed = False
    else:
        found = outcome_of(word)
        if found is None or found.form != NOUN or not _definite(word):
            return None
        outcome = found
        colon_needed = True
    if outcome is None:
        return None
    seen_colon = False
    for j in range(i + 1, min(i + 9, len(tokens))):
        token = tokens[j]
        if token.sentence != sentence or token.text in ("،", ",", "(", ")"):
            return None
        if token.text == ":":
            seen_colon = True
            continue
        if colon_needed and not seen_colon and j > i + 4:
            return None
        quantity = quantity_at(tokens, j)
        if quantity is None or quantity.vague or quantity.another:
            continue
        if colon_needed and not seen_colon:
            return None
        if quantity.number and _not_a_count(tokens, quantity.first, quantity.last):
            return None
        last = quantity.last
        if last + 1 < len(tokens) and (
            person_of(tokens[last + 1].text) or outcome_of(tokens[last + 1].text)
        ):
            last += 1  # «ألفًا وثلاثمئة شخص», «إلى 25 قتيلاً»
        phrase = parse_phrase(tokens, last + 1, sentence=sentence)
        item = Item(quantity.count_min, quantity.count_max, quantity.approx, j, last, phrase)
        return _Found(outcome.outcome, [item], start, last, quantity.approx)
    return None


def _zero(tokens: list[Token], i: int, sentence: int) -> list[_Found]:
    """«دون وقوع قتلى», «لم تسجل إصابات», "no casualties": an explicit zero."""
    if tokens[i].text not in NEGATIONS:
        return []
    j = i + 1
    while j < len(tokens) and j - i <= 4 and tokens[j].text in NEGATION_FILLERS:
        j += 1
    if j >= len(tokens) or tokens[j].sentence != sentence:
        return []
    outcomes = []
    word = tokens[j].text
    if word in ("casualties", "victims"):
        outcomes = ["killed", "injured"] if word == "casualties" else ["killed"]
    else:
        found = outcome_of(word)
        if found is None or found.form != NOUN:
            return []
        outcomes = [found.outcome]
        k = j + 1
        if k + 1 < len(tokens) and tokens[k].text in ("او", "و", "or", "and"):
            other = outcome_of(tokens[k + 1].text)
            if other and other.form == NOUN and other.outcome != found.outcome:
                outcomes.append(other.outcome)
                j = k + 1
    zero = Item(0, 0, False, i, j, parse_phrase(tokens, j + 1, sentence=sentence))
    return [_Found(outcome, [zero], i, j, zero=True) for outcome in outcomes]


def _bare(tokens: list[Token], i: int, sentence: int) -> list[_Found]:
    """An outcome noun with no count: «وقوع قتلى وجرحى», «قتيلين», «مفقودٍ واحد»."""
    word = tokens[i].text
    found = outcome_of(word)
    if found is None or found.form != NOUN or _definite(word) or word.isascii():
        return []
    if found.count == 2:
        item = Item(2, 2, False, i, i, parse_phrase(tokens, i + 1, sentence=sentence))
        return [_Found(found.outcome, [item], i, item.phrase.last if item.phrase.last > i else i)]
    bare = word[1:] if conjoined(word) else word
    if any(candidate in SINGULAR_NOUNS for candidate in (bare, bare[:-1])):
        last = i + 1 if i + 1 < len(tokens) and tokens[i + 1].text in ONE else i
        phrase = parse_phrase(tokens, last + 1, sentence=sentence)
        return [_Found(found.outcome, [Item(1, 1, False, i, last, phrase)], i, last)]
    first = i
    if i > 0 and tokens[i - 1].text in OCCURRENCE:
        first = i - 1
    outcomes = [(found.outcome, i)]
    j = i + 1
    while j < len(tokens) and tokens[j].sentence == sentence:
        k = j + 1 if tokens[j].text in ("و", "او") else j
        if k == j and not conjoined(tokens[j].text):
            break
        other = outcome_of(tokens[k].text) if k < len(tokens) else None
        if other is None or other.form != NOUN or _definite(tokens[k].text):
            break
        outcomes.append((other.outcome, k))
        j = k + 1
    last = outcomes[-1][1]
    empty = parse_phrase(tokens, last + 1, sentence=sentence)
    return [
        _Found(outcome, [Item(None, None, False, at, at, empty)], first, last,
               shared_quote=(first, last))
        for outcome, at in outcomes
    ]  # fmt: skip


def _among_dead(tokens: list[Token], i: int, sentence: int, taken: set[int]) -> _Found | None:
    """«وكانت طفلة ... أيضا بين القتلى»: one named victim, more not counted."""
    if tokens[i].text not in ("بين", "among") or i + 1 >= len(tokens):
        return None
    found = outcome_of(tokens[i + 1].text)
    if found is None or found.form != NOUN or not _definite(tokens[i + 1].text):
        if not (tokens[i + 1].text == "the" and i + 2 < len(tokens)):
            return None
        found = outcome_of(tokens[i + 2].text)
        if found is None:
            return None
    for j in range(i - 1, max(i - 12, -1), -1):
        if tokens[j].sentence != sentence or j in taken:
            return None
        person = person_of(tokens[j].text)
        if person is not None and person.count == 1:
            phrase = parse_phrase(tokens, j, sentence=sentence)
            phrase.last = i - 1
            item = Item(1, 1, False, j, i - 1, phrase)
            last = i + 1 if tokens[i + 1].text != "the" else i + 2
            return _Found(found.outcome, [item], j, last, among_dead=True)
    return None


def _carry_person(result: _Found, previous: PersonNoun | None) -> PersonNoun | None:
    """«مقتل متعاقد أميركي وإصابة آخر»: "another" is one more of the people named
    just before. Returns the person this figure names, for the next one."""
    for item in result.items:
        if item.another and not item.phrase.persons and previous is not None:
            item.phrase.persons.append((-1, previous))
        elif item.phrase.person is not None:
            previous = item.phrase.person
    return previous


_STARTERS = (
    NEGATIONS | TOLLS | MET | _LIVES | NUMBER_WORDS | set(ENGLISH_NUMBERS) | set(ENGLISH_SCALES)
    | {"بين", "ما", "between", "a", "an", "one", "death", "among"}
)  # fmt: skip


@lru_cache(maxsize=65536)
def _may_start(word: str) -> bool:
    """Whether a figure may start at a word: most words are ruled out at once."""
    bare = word[1:] if word[:1] in "وفب" else word
    return bool(
        word in _STARTERS
        or bare in _STARTERS
        or (word.startswith("ال") and word[2:] in NUMBER_WORDS)
        or word.startswith(_VICTIM_OF)
        or may_qualify(word)
        or outcome_of(word)
    )


def scan(folded: FoldedText) -> list[_Found]:
    """Every figure of the text, in order, before they are built."""
    tokens = folded.tokens
    found: list[_Found] = []
    taken: set[int] = set()
    last_person: PersonNoun | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "punct" or (token.kind == "word" and not _may_start(token.text)):
            i += 1
            continue
        sentence = token.sentence
        results = _zero(tokens, i, sentence)
        if not results:
            one = (
                _toll(tokens, i, sentence)
                or _anchor_first(tokens, i, sentence)
                or _count_first(tokens, i, sentence)
            )
            results = [one] if one else _bare(tokens, i, sentence)
        if not results:
            among = _among_dead(tokens, i, sentence, taken)
            results = [among] if among else []
        if not results:
            i += 1
            continue
        last = max(result.last for result in results)
        for result in results:
            if not result.zero and not result.shared_quote:
                result.lines = lines_after(tokens, result.last + 1, sentence=sentence)
                if result.lines:
                    last = max(last, result.lines.last)
        for result in results:
            last_person = _carry_person(result, last_person)
        found.extend(results)
        taken.update(range(min(result.first for result in results), last + 1))
        i = last + 1
    return found


def read_figures(folded: FoldedText) -> list[Figure]:
    tokens = folded.tokens
    found = scan(folded)
    aggregates = aggregate_sentences(tokens)
    figures = [_build(folded, tokens, result, aggregates) for result in found]
    return _drop_unnumbered_repeats(figures)


def _drop_unnumbered_repeats(figures: list[Figure]) -> list[Figure]:
    """«أصيب عناصر الدفاع المدني ... أكثر من 200 شخص مصاب»: the sentence gives the
    number; a second figure of the same outcome without one is the same people."""
    numbered = {(f.sentence, f.outcome) for f in figures if f.count_min is not None}
    return [
        f for f in figures if f.count_min is not None or (f.sentence, f.outcome) not in numbered
    ]


def aggregate_sentences(tokens: list[Token]) -> set[int]:
    """Sentences that speak of a total over many incidents («منذ بداية العام»)."""
    found = set()
    for k, token in enumerate(tokens):
        if token.text not in _AGGREGATE_FIRST:
            continue
        for cue in AGGREGATE_CUES:
            if tuple(t.text for t in tokens[k : k + len(cue)]) == cue:
                found.add(token.sentence)
    return found


def _line(folded: FoldedText, tokens: list[Token], item: Item, status: str, inherit=None):
    phrase = item.phrase
    span = affiliation_text(tokens, phrase)
    affiliation = ""
    if span:
        skip = leading_clitics(tokens[span[0]].text)
        affiliation = folded.quote(tokens[span[0]], tokens[span[1]], skip)[0]
    person_status = phrase.status
    if item.another and inherit is not None:
        person_status = inherit.status if person_status == "unknown" else person_status
    skip = leading_clitics(tokens[item.first].text)
    quote, start, end = folded.quote(tokens[item.first], tokens[item.last], skip)
    return BreakdownLine(
        count_min=item.count_min,
        count_max=item.count_max,
        nationalities=tuple(phrase.nationalities),
        nationality_basis="stated" if phrase.nationalities or phrase.excluded else "unknown",
        excluded_nationality=phrase.excluded,
        combatant_status=person_status if person_status != "unknown" else status,
        sex=phrase.sex or "unknown",
        age_group=phrase.age_group or "unknown",
        affiliation_text=affiliation,
        quote=quote,
        start=start,
        end=end,
    )


def _sum(values: list[int | None]) -> int | None:
    return None if any(value is None for value in values) else sum(values)  # type: ignore[arg-type]


def _build(folded: FoldedText, tokens: list[Token], found: _Found, aggregates: set[int]) -> Figure:
    items = found.items
    head = items[0]
    guessed = list(found.guessed)
    lines: list[BreakdownLine] = []
    complete = False
    if len(items) > 1:
        # Parts without a total: the figure is their sum and they are its lines.
        count_min = _sum([item.count_min for item in items])
        if count_min is None:
            count_min = sum(item.count_min or 0 for item in items) or None
            count_max = None
        else:
            count_max = _sum([item.count_max for item in items])
        statuses = {item.phrase.status for item in items}
        victims = statuses.pop() if len(statuses) == 1 else None
        previous = None
        for item in items:
            line = _line(folded, tokens, item, victims or "unknown", inherit=previous)
            lines.append(line)
            previous = line
        complete = all(line.count_min is not None for line in lines)
    else:
        count_min, count_max = head.count_min, head.count_max
        victims = head.phrase.status
        if head.another:
            guessed.append("«آخر» (another) counted as one")
        if found.among_dead:
            lines.append(_line(folded, tokens, head, "unknown"))
            count_max = None
        elif head.phrase.specific and not found.zero:
            lines.append(_line(folded, tokens, head, victims))
            complete = count_min is not None
    victims_are = victims if victims in ("civilian", "combatant", "contractor") else None
    if found.lines:
        status = victims_are or "unknown"
        extra = [_line(folded, tokens, item, status) for item in found.lines.items]
        if found.lines.kind == "all":
            extra = [
                BreakdownLine(**{**line.__dict__, "count_min": count_min, "count_max": count_max})
                for line in extra
            ]
        elif found.lines.kind == "most":
            extra = [
                BreakdownLine(**{**line.__dict__, "count_min": None, "count_max": None})
                for line in extra
            ]
        if not lines or found.lines.kind != "all":
            lines = extra if lines and len(items) == 1 else lines + extra
        counted = [line.count_min for line in lines]
        total = _sum(counted)
        complete = (
            total is not None
            and count_min is not None
            and count_min == count_max
            and total == count_min
            and all(line.count_min == line.count_max for line in lines)
        )
    if found.shared_quote:
        first, last = found.shared_quote
    else:
        first, last = found.first, found.last
    skip = leading_clitics(tokens[first].text)
    quote, start, end = folded.quote(tokens[first], tokens[last], skip)
    best = count_min if count_min is not None and count_min == count_max else None
    return Figure(
        outcome=found.outcome,
        count_min=count_min,
        count_best=best,
        count_max=count_max,
        approx=found.approx,
        victims_are=victims_are,
        quote=quote,
        start=start,
        end=end,
        breakdown_complete=complete and count_min is not None,
        breakdown=tuple(lines),
        aggregate=tokens[first].sentence in aggregates,
        guessed=tuple(guessed),
        sentence=tokens[first].sentence,
        paragraph=tokens[first].paragraph,
    )
