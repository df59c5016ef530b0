"""Counts as reports write them: digits, number words, qualifiers, and no number.

``quantity_at(tokens, i)`` reads what starts at token ``i``: «أكثر من 50»,
«ألفًا وثلاثمئة», «نحو عشرين», «between 18 and 23», «العشرات», "dozens". The
conventions of the development set decide the counts: "more than N" is at
least N + 1, "about N" is N marked approximate, "N or M" and "between N and M"
are a range, and a word like «عشرات» is a count without a number, never 10 or 12.
"""

from dataclasses import dataclass

from core.text import fold

from .textview import Token


def _folded(table: dict[str, int]) -> dict[str, int]:
    return {fold(word): value for word, value in table.items()}


ARABIC_UNITS = _folded(
    {
        "واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1,
        "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
        "ثنتين": 2,
        "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5,
        "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8,
        "تسع": 9, "تسعة": 9,
    }
)  # fmt: skip
ARABIC_TEN = _folded({"عشر": 10, "عشرة": 10})
ARABIC_TENS = _folded(
    {
        "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
        "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
        "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    }
)  # fmt: skip
ARABIC_HUNDREDS = _folded(
    {
        "مئة": 100, "مائة": 100, "مية": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200,
        "مائتين": 200, "مئتا": 200, "مائتا": 200, "مئتي": 200, "مائتي": 200,
    }
)  # fmt: skip
for _unit, _value in {
    "ثلاث": 3,
    "أربع": 4,
    "خمس": 5,
    "ست": 6,
    "سبع": 7,
    "ثمان": 8,
    "تسع": 9,
}.items():
    for _hundred in ("مئة", "مائة"):
        ARABIC_HUNDREDS[fold(_unit + _hundred)] = _value * 100
ARABIC_THOUSANDS = _folded(
    {"ألف": 1000, "ألفا": 1000, "ألفان": 2000, "ألفين": 2000, "آلاف": 1000, "مليون": 10**6}
)  # fmt: skip

_HUNDRED = {fold("مئة"), fold("مائة")}

ENGLISH_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
ENGLISH_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6}

# Words that say people were counted without giving the number.
VAGUE = _folded(
    {
        "عشرات": "dozens", "مئات": "hundreds", "آلاف": "thousands", "العديد": "many",
        "عديد": "many", "عدة": "several", "بضعة": "a few", "بضع": "a few", "عدد": "a number",
        "آخرين": "others", "آخرون": "others", "أخريات": "others", "الآخرين": "others",
        "dozens": "dozens", "scores": "scores", "hundreds": "hundreds",
        "thousands": "thousands", "several": "several", "many": "many", "numerous": "many",
        "others": "others", "some": "some", "few": "a few",
    }
)  # fmt: skip
# «إصابة آخر»: one more, of the kind named just before.
ANOTHER = {fold("آخر"), fold("أخرى"), fold("آخرَ"), "another"}
# «جرح آخران»: two more.
TWO_MORE = {fold("آخران"), fold("أخريان")}

NUMBER_WORDS = (
    set(ARABIC_UNITS) | set(ARABIC_TEN) | set(ARABIC_TENS) | set(ARABIC_HUNDREDS)
    | set(ARABIC_THOUSANDS) | set(VAGUE) | ANOTHER | TWO_MORE
)  # fmt: skip

# Qualifiers written before a number, as folded token sequences.
BEFORE = [
    (("اكثر", "من"), "more"), (("ازيد", "من"), "more"), (("ما", "يزيد", "عن"), "more"),
    (("ما", "يزيد", "على"), "more"), (("ما", "يزيد", "علي"), "more"), (("يزيد", "عن"), "more"),
    (("ما", "لا", "يقل", "عن"), "least"), (("لا", "يقل", "عن"), "least"),
    (("نحو",), "about"), (("قرابه",), "about"), (("حوالي",), "about"), (("زهاء",), "about"),
    (("ما", "يقارب",), "about"), (("ما", "يقرب", "من"), "about"), (("يقارب",), "about"),
    (("ما", "يناهز"), "about"), (("يناهز",), "about"), (("تقريبا",), "about"),
    (("no", "less", "than"), "least"), (("not", "less", "than"), "least"),
    (("no", "fewer", "than"), "least"), (("ما", "يصل", "الي"), "upto"), (("حتي",), "upto"),
    (("اقل", "من"), "less"),
    (("more", "than"), "more"), (("over",), "more"), (("at", "least"), "least"),
    (("about",), "about"), (("around",), "about"), (("approximately",), "about"),
    (("nearly",), "about"), (("almost",), "about"), (("roughly",), "about"),
    (("some",), "about"), (("up", "to"), "upto"), (("as", "many", "as"), "upto"),
    (("fewer", "than"), "less"), (("less", "than"), "less"),
]  # fmt: skip
AFTER = [
    (("علي", "الاقل"), "least"), (("على", "الاقل"), "least"), (("تقريبا",), "about"),
    (("at", "least"), "least"), (("or", "more"), "least"),
]  # fmt: skip
RANGE_JOINERS = {"و", "او", "الي", "-", "to", "or", "and"}


@dataclass(frozen=True, slots=True)
class Number:
    value: int
    first: int  # token indexes, inclusive
    last: int
    written: str  # "digits" or "words"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count as the text gives it, over tokens ``first``..``last``."""

    count_min: int | None
    count_max: int | None
    approx: bool
    first: int
    last: int
    vague: str = ""  # "dozens", "others", ... when there is no number
    another: bool = False  # «آخر»: one more of the kind named before
    number: Number | None = None


def _bare(word: str) -> str:
    """The word without a leading "and" when the rest is a number word."""
    if word[:1] == "و" and len(word) > 2 and word not in ARABIC_UNITS:
        return word[1:]
    return word


def _digits(text: str) -> int | None:
    if "." in text or "," in text:
        groups = text.replace(".", ",").split(",")
        if all(len(group) == 3 for group in groups[1:]):
            return int("".join(groups))
        return None  # a decimal: a share, an amount, never a head count
    return int(text)


def number_at(tokens: list[Token], i: int) -> Number | None:
    """The number written at token ``i``, in digits or words, else None."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.kind == "num":
        value = _digits(token.text)
        if value is None:
            return None
        last = i
        scale = _scale(tokens, i + 1)
        if scale:
            value, last = value * scale, i + 1
        return Number(value, i, last, "digits")
    if token.kind != "word":
        return None
    if token.text in ENGLISH_NUMBERS or token.text in ENGLISH_SCALES or token.text == "a":
        return _english_at(tokens, i)
    return _arabic_at(tokens, i)


def _scale(tokens: list[Token], i: int) -> int:
    if i < len(tokens):
        word = tokens[i].text
        if word in ("الف", "الاف", "thousand"):
            return 1000
        if word in ("مليون", "million"):
            return 10**6
    return 0


def _arabic_at(tokens: list[Token], i: int) -> Number | None:
    total = current = 0
    last = None
    j = i
    while j < len(tokens):
        token = tokens[j]
        if token.kind != "word":
            break
        word = _bare(token.text)
        if j > i and word == token.text:
            # Later parts are joined by "and": «ألفًا وثلاثمئة», «خمسة وعشرون».
            if token.text == "و" and j + 1 < len(tokens):
                j += 1
                continue
            # «ثلاث مئة», «أحد عشر», «ثلاثة آلاف» need no "and".
            if word not in ARABIC_TEN and word not in ARABIC_THOUSANDS and word not in _HUNDRED:
                break
        if word in ARABIC_UNITS:
            if current % 100:
                break  # «ثلاثة ... وخمسة»: two counts, not one number
            current += ARABIC_UNITS[word]
            if j + 1 < len(tokens) and tokens[j + 1].text in ARABIC_TEN:
                current += 10
                j += 1
        elif word in ARABIC_TEN:
            if j > i and last == j - 1 and 0 < current < 10:
                current += 10
            elif j == i:
                current += 10
            else:
                break
        elif word in ARABIC_TENS:
            current += ARABIC_TENS[word]
        elif word in ARABIC_HUNDREDS:
            value = ARABIC_HUNDREDS[word]
            current = current * 100 if value == 100 and 0 < current < 10 else current + value
        elif word in ARABIC_THOUSANDS:
            value = ARABIC_THOUSANDS[word]
            if word == fold("آلاف") and not current:
                break  # «آلاف» alone is "thousands": no number
            if current and word in (fold("ألف"), fold("آلاف")):
                current *= 1000  # «ثلاثة آلاف»
            else:
                current += value
            total += current
            current = 0
        else:
            break
        last = j
        j += 1
    if last is None:
        return None
    return Number(total + current, i, last, "words")


def _english_at(tokens: list[Token], i: int) -> Number | None:
    total = current = 0
    last = None
    j = i
    if tokens[i].text == "a":
        if i + 1 < len(tokens) and tokens[i + 1].text == "dozen":
            return Number(12, i, i + 1, "words")
        if i + 1 < len(tokens) and tokens[i + 1].text in ENGLISH_SCALES:
            current, j = 1, i + 1
        else:
            return None
    while j < len(tokens):
        word = tokens[j].text
        if word in ENGLISH_NUMBERS:
            current += ENGLISH_NUMBERS[word]
        elif word in ENGLISH_SCALES:
            scale = ENGLISH_SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        elif word in ("-", "and") and last is not None and j + 1 < len(tokens):
            if tokens[j + 1].text in ENGLISH_NUMBERS:
                j += 1
                continue
            break
        else:
            break
        last = j
        j += 1
    if last is None:
        return None
    return Number(total + current, i, last, "words")


def _sequence_at(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(tokens):
        return False
    for offset, word in enumerate(words):
        text = tokens[i + offset].text
        if (
            text != word
            and not (offset == 0 and _bare(text) == word)
            and not (offset == 0 and len(text) > 1 and text[0] in "بل" and text[1:] == word)
        ):
            return False
    return True


_FIRST_WORDS = {words[0] for words, _ in BEFORE + AFTER}


def may_qualify(word: str) -> bool:
    """Whether a qualifier can start with ``word``: most words are ruled out at once."""
    return word in _FIRST_WORDS or _bare(word) in _FIRST_WORDS or word[1:] in _FIRST_WORDS


def qualifier_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The qualifier written at ``i`` and the index just after it."""
    if i >= len(tokens) or not may_qualify(tokens[i].text):
        return None
    for words, kind in BEFORE:
        if _sequence_at(tokens, i, words):
            return kind, i + len(words)
    return None


def quantity_at(tokens: list[Token], i: int) -> Quantity | None:
    """The count that starts at token ``i``: qualifiers, a number or a range, or a
    word that counts without a number."""
    if i >= len(tokens):
        return None
    kind = ""
    start = i
    qualified = qualifier_at(tokens, i)
    if qualified:
        kind, i = qualified
        if i < len(tokens) and tokens[i].text == "another":
            i += 1  # "at least another 37"
        # «ما بين 5 و 7» and «بين 5 و7»
    elif _sequence_at(tokens, i, ("ما", "بين")) or tokens[i].text in ("بين", "between"):
        j = i + 2 if tokens[i].text == "ما" else i + 1
        low = number_at(tokens, j)
        if low:
            k = low.last + 1
            if k < len(tokens) and tokens[k].text in ("و", "and"):
                high = number_at(tokens, k + 1)
            elif k < len(tokens) and tokens[k].text[:1] == "و":
                high = number_at(tokens, k)  # «بين خمسة وسبعة»
            else:
                high = None
            if high and high.value > low.value:
                return Quantity(low.value, high.value, False, start, high.last, number=low)
        return None
    number = number_at(tokens, i)
    if number is None:
        if kind:
            return None
        return _vague_at(tokens, i)
    low = high = number.value
    last = number.last
    approx = False
    # "N or M", "N to M", "N-M"
    k = last + 1
    if not kind and k + 1 < len(tokens) and tokens[k].text in RANGE_JOINERS - {"و", "and"}:
        other = number_at(tokens, k + 1)
        if other and other.value > low:
            high, last = other.value, other.last
    for words, after in (
        AFTER if last + 1 < len(tokens) and may_qualify(tokens[last + 1].text) else ()
    ):
        if _sequence_at(tokens, last + 1, words):
            kind = kind or after
            last += len(words)
            break
    if kind == "more":
        low, high = low + 1, None
    elif kind == "least":
        high = None
    elif kind == "about":
        approx = True
    elif kind == "upto":
        low = None
    elif kind == "less":
        low, high = None, max(low - 1, 0)
    return Quantity(low, high, approx, start, last, number=number)


def _vague_at(tokens: list[Token], i: int) -> Quantity | None:
    token = tokens[i]
    if token.kind != "word":
        return None
    word = token.text
    for candidate in (word, _bare(word), word[2:] if word.startswith("ال") else word):
        if candidate in VAGUE:
            last = i
            # «عدد من» / "a number of"
            if last + 1 < len(tokens) and tokens[last + 1].text in ("من", "of"):
                last += 1
            return Quantity(None, None, False, i, last, vague=VAGUE[candidate])
        if candidate in ANOTHER:
            return Quantity(1, 1, False, i, i, another=True)
        if candidate in TWO_MORE:
            return Quantity(2, 2, False, i, i, another=True)
    if word == "a" and i + 1 < len(tokens) and tokens[i + 1].text in ("number", "few"):
        last = i + 2 if i + 2 < len(tokens) and tokens[i + 2].text == "of" else i + 1
        return Quantity(None, None, False, i, last, vague="a number")
    return None
