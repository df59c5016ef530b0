"""Places and actors named in the text.

With a lexicon, its names are found in the folded text on word boundaries,
longest first, with the clitics Arabic puts in front of a name («بالباغوز»,
«للمليشيات», «وقوات»), and each match says how sure it is: ``exact`` (as the
lexicon writes it), ``folded`` (same words once folded) or ``partial`` (the
first words of a long name). Without a lexicon, places are proposed from cue
words («بلدة», «مدينة», «ريف», "the town of") and actors from «قوات»,
«مليشيات», «تنظيم», "forces" ..., each marked as guessed.
"""

import re
from functools import lru_cache

from core.text import fold

from .lexicon import Entry, Lexicon
from .reading import LexiconMatch, Mention
from .textview import FoldedText

_PREFIX = r"(?<!\w)(?:[وف]?[بلك]?)"


@lru_cache(maxsize=4096)
def _pattern(folded_name: str) -> re.Pattern:
    # «سوريا» and «سورية» are the same country, spelt both ways in one report.
    words = [
        re.escape(word[:-1]) + "[اه]" if word.endswith(("يا", "يه")) else re.escape(word)
        for word in folded_name.split()
    ]
    escaped = r"\s+".join(words)
    alternatives = [escaped]
    if folded_name.startswith("ال") and len(folded_name) > 3:
        alternatives.append("ل" + re.escape(folded_name[1:]))  # «للمليشيات»
    return re.compile(_PREFIX + "(" + "|".join(alternatives) + r")(?!\w)")


def _how(folded: FoldedText, start: int, end: int, name: str, partial: bool) -> str:
    if partial:
        return "partial"
    return "exact" if folded.original[start:end] == name else "folded"


def find_names(folded: FoldedText, lexicon: Lexicon, kind: str) -> list[Mention]:
    """Every lexicon name of ``kind`` in the text, longest match first, no overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for partial in (False, True):
        for folded_name, name, entry in lexicon.of_kind(kind):
            target = folded_name
            if partial:
                words = folded_name.split()
                if len(words) < 3:
                    continue
                target = " ".join(words[:2])
            for match in _pattern(target).finditer(folded.text):
                span = match.span(1)
                if any(span[0] < end and start < span[1] for start, end in taken):
                    continue
                taken.append(span)
                found.append(_mention(folded, span, name, entry, kind, partial))
    return sorted(found, key=lambda mention: mention.start)


def _mention(folded, span, name, entry: Entry, kind, partial) -> Mention:
    start, end = folded.original_span(*span)
    token = folded.token_at(start)
    return Mention(
        kind=kind if kind != "source" else "source",
        text=folded.original[start:end],
        start=start,
        end=end,
        match=LexiconMatch(entry.id, entry.kind, name, _how(folded, start, end, name, partial)),
        sentence=token.sentence,
        paragraph=token.paragraph,
    )


def match_in(folded: FoldedText, lexicon: Lexicon, kind: str, start: int, end: int):
    """The lexicon name of ``kind`` that overlaps original[start:end], else None."""
    for mention in find_names(folded, lexicon, kind):
        if mention.start < end and start < mention.end:
            return mention
    return None


PLACE_CUES = {
    fold(word)
    for word in "بلدة مدينة قرية ريف محافظة حي منطقة مخيم ناحية بلدات مدينتي قريتي باديتي بادية "
    "مناطق".split()
}
ENGLISH_PLACE_CUES = {"town", "city", "village", "province", "governorate", "district", "camp"}
ACTOR_CUES = {
    fold(word) for word in "قوات مليشيات ميليشيات المليشيات تنظيم حزب جيش فصائل هيئة الحرس".split()
}
ENGLISH_ACTOR_CUES = {"forces", "militia", "militias", "army"}
_ENDS = {
    fold(word)
    for word in "في على من إلى الى عن بعد قبل منذ و أن إن التي الذي الذين اللتين حيث ما مع ضمن "
    "شرقي غربي شمالي جنوبي شرق غرب شمال جنوب قرب".split()
}


def guess(folded: FoldedText, kind: str) -> list[Mention]:
    """Places or actors proposed from cue words, for a text read without a lexicon."""
    cues = PLACE_CUES if kind == "place" else ACTOR_CUES
    english = ENGLISH_PLACE_CUES if kind == "place" else ENGLISH_ACTOR_CUES
    tokens = folded.tokens
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].text
        bare = word[1:] if word[:1] in "وبل" and word[1:] in cues else word
        if bare in cues:
            # The name after the cue: «بلدة جديد عكيدات», «ريف دير الزور».
            first = last = i + 1 if kind == "place" else i
            j = first
            while j < len(tokens) and j - i <= 3 and tokens[j].kind == "word":
                text = tokens[j].text
                if (
                    text in _ENDS
                    or tokens[j].sentence != tokens[i].sentence
                    or (j > i and (text in PLACE_CUES or text[1:] in PLACE_CUES))
                ):
                    break
                last = j
                j += 1
            if last > first or (kind == "place" and j > first):
                found.append(_guessed(folded, tokens, first, last, kind, tokens[i].text))
                i = last + 1
                continue
        elif word in english:
            first = _capitalised_before(folded, tokens, i) if kind == "actor" else None
            if kind == "place" and i + 2 < len(tokens) and tokens[i + 1].text == "of":
                first, last = i + 2, i + 2
                while last + 1 < len(tokens) and _capitalised(folded, tokens[last + 1]):
                    last += 1
                found.append(_guessed(folded, tokens, first, last, kind, word))
            elif first is not None:
                found.append(_guessed(folded, tokens, first, i, kind, word))
        i += 1
    return found


def _capitalised(folded, token) -> bool:
    start, _ = folded.token_span(token, token)
    return token.kind == "word" and folded.original[start].isupper()


def _capitalised_before(folded, tokens, i):
    first = None
    j = i - 1
    while j >= 0 and i - j <= 3 and _capitalised(folded, tokens[j]):
        first = j
        j -= 1
    return first


def _guessed(folded, tokens, first, last, kind, cue) -> Mention:
    text, start, end = folded.quote(tokens[first], tokens[last])
    return Mention(
        kind=kind,
        text=text,
        start=start,
        end=end,
        guessed=True,
        cue=cue,
        sentence=tokens[first].sentence,
        paragraph=tokens[first].paragraph,
    )
