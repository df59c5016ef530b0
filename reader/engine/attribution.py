"""Whom the report credits: «وفق المرصد السوري لحقوق الإنسان», «بحسب ...», «أفاد
...», "according to SOHR", "the Observatory said".

A figure is credited to the nearest credit of its sentence: one that follows it
(«مقتل 19 عنصراً ... وفق المرصد»), or one that opens the sentence before it
(«أفاد المرصد بمقتل ...»), unless the sentence moves on to another event in
between («وذلك عقب هجوم ...»). Failing that, a credit that opens an earlier
sentence of the same paragraph («وبحسب المرصد، ...») covers it.
"""

from core.text import fold

from .lexicon import Lexicon
from .mentions import match_in
from .reading import Attribution, Figure
from .textview import FoldedText, Token


def _folded(*phrases: str) -> list[tuple[str, ...]]:
    return [tuple(fold(word) for word in phrase.split()) for phrase in phrases]


# Cues after which the source is named.
BEFORE_SOURCE = _folded(
    "وفق", "وفقا ل", "وفقا", "بحسب", "حسب", "نقلا عن", "استنادا إلى", "أفاد", "أفادت",
    "قال", "قالت", "ذكر", "ذكرت", "أكد", "أكدت", "أعلن", "أعلنت", "وثق", "وثقت", "أشار",
    "أشارت", "نقل", "نقلت", "رصد", "رصدت", "أوضح", "أوضحت", "صرح", "صرحت",
    "according to", "citing", "said", "reported", "told",
)  # fmt: skip
# English verbs after which the source was named before: "SOHR said".
AFTER_SOURCE = {"said", "reported", "says", "reports", "told", "stated"}
NAME_ENDS = {fold(word) for word in "فإن إن أن ان بأن بان بمقتل عن في إلى الى وذلك لـ".split()}
NAME_ENDS |= {"that", "on", "in", "of", "the", "was", "were", "had", "has"}
BREAKS = _folded("وذلك", "عقب", "إثر", "ردا على", "بعد")
QUOTES = {'"', "'", "«", "»"}


def find_credits(folded: FoldedText, lexicon: Lexicon | None) -> list[tuple[Attribution, int]]:
    """Every credit of the text, with the index of its cue's first token."""
    tokens = folded.tokens
    credits = []
    i = 0
    while i < len(tokens):
        found = _credit_at(folded, tokens, i, lexicon)
        if found is None:
            i += 1
            continue
        credits.append((found[0], i))
        i = found[1] + 1
    return credits


def _starts(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(tokens):
        return False
    for k, word in enumerate(words):
        text = tokens[i + k].text
        if text != word and not (k == 0 and text[:1] == "و" and text[1:] == word):
            return False
    return True


_FIRST_WORDS = {cue[0] for cue in BEFORE_SOURCE}


def _credit_at(folded, tokens, i, lexicon):
    word = tokens[i].text
    if word not in _FIRST_WORDS and word[1:] not in _FIRST_WORDS:
        return None
    for cue in BEFORE_SOURCE:
        if not _starts(tokens, i, cue):
            continue
        if cue[0] in AFTER_SOURCE and cue != ("according", "to"):
            return _source_before(folded, tokens, i, lexicon)
        j = i + len(cue)
        if j < len(tokens) and tokens[j].text in ("ل", "لـ"):
            j += 1
        name = _name_after(tokens, j)
        if name is None:
            return None
        first, last = name
        return _attribution(folded, tokens, i, first, last, lexicon, cue), last
    return None


def _name_after(tokens: list[Token], j: int) -> tuple[int, int] | None:
    while j < len(tokens) and tokens[j].text in QUOTES:
        j += 1
    first = j
    last = None
    while j < len(tokens) and j - first < 7:
        token = tokens[j]
        if token.text in QUOTES:
            if last is not None:
                break
            j += 1
            continue
        if (
            token.kind != "word"
            or token.text in NAME_ENDS
            or token.sentence != tokens[first].sentence
        ):
            break
        last = j
        j += 1
    if last is None:
        return None
    return first, last


def _source_before(folded, tokens, i, lexicon):
    """ "the Syrian Observatory said": capitalised words (or a lexicon name) before."""
    first = i
    j = i - 1
    while j >= 0 and i - j <= 6 and tokens[j].kind == "word":
        start, _ = folded.token_span(tokens[j], tokens[j])
        if not folded.original[start].isupper() and tokens[j].text not in ("for", "of", "the"):
            break
        first = j
        j -= 1
    while first < i and tokens[first].text in ("the", "for", "of"):
        first += 1
    if first == i:
        return None
    return _attribution(folded, tokens, i, first, i - 1, lexicon, (tokens[i].text,)), i


def _attribution(folded, tokens, cue_at, first, last, lexicon, cue) -> Attribution:
    text, start, end = folded.quote(tokens[first], tokens[last])
    cue_text = folded.quote(tokens[cue_at], tokens[cue_at + len(cue) - 1])[0]
    match = None
    if lexicon is not None:
        found = match_in(folded, lexicon, "source", start, end)
        if found is not None:
            match = found.match
            if found.start < start or found.end > end:
                text, start, end = found.text, found.start, found.end
    return Attribution(text=text, start=start, end=end, cue=cue_text, match=match)


def attribute(
    folded: FoldedText, figures: list[Figure], credits: list[tuple[Attribution, int]]
) -> list[Attribution | None]:
    """The credit of each figure (see the module's docstring)."""
    tokens = folded.tokens
    result: list[Attribution | None] = []
    for figure in figures:
        figure_token = folded.token_at(figure.start)
        chosen = None
        same = [(credit, at) for credit, at in credits if tokens[at].sentence == figure.sentence]
        after = [c for c in same if c[1] > figure_token.index]
        before = [c for c in same if c[1] < figure_token.index]
        if after and not _break_between(tokens, figure_token.index, after[0][1]):
            chosen = after[0][0]
        elif before and not _break_between(tokens, before[-1][1], figure_token.index):
            chosen = before[-1][0]
        else:
            opening = [
                credit
                for credit, at in credits
                if tokens[at].paragraph == figure.paragraph
                and tokens[at].sentence < figure.sentence
                and _opens_sentence(tokens, at)
            ]
            chosen = opening[-1] if opening else None
        result.append(chosen)
    return result


def _break_between(tokens, first, last) -> bool:
    for k in range(first + 1, last):
        for words in BREAKS:
            if _starts(tokens, k, words):
                return True
    return False


def _opens_sentence(tokens, at) -> bool:
    k = at - 1
    while k >= 0 and tokens[k].sentence == tokens[at].sentence and tokens[k].kind == "punct":
        k -= 1
    return k < 0 or tokens[k].sentence != tokens[at].sentence
