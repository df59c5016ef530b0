"""Month names: standard Arabic (from the European names), Levantine and Iraqi
(«آذار», «أيار», «تشرين الأول»), and English, all mapped to 1-12."""

from core.text import fold

_NAMES = {
    1: "يناير كانون_الثاني جانفي january jan",
    2: "فبراير شباط فيفري february feb",
    3: "مارس آذار march mar",
    4: "أبريل إبريل ابريل نيسان أفريل april apr",
    5: "مايو أيار ماي may",
    6: "يونيو يونيه حزيران جوان june jun",
    7: "يوليو يوليه تموز جويلية july jul",
    8: "أغسطس آب اغسطس أوت august aug",
    9: "سبتمبر أيلول september sep sept",
    10: "أكتوبر اكتوبر تشرين_الأول october oct",
    11: "نوفمبر تشرين_الثاني november nov",
    12: "ديسمبر كانون_الأول december dec",
}
# One-word names; two-word Levantine names are keyed by their first word and
# resolved by the second («تشرين الأول» / «تشرين الثاني»).
MONTHS: dict[str, int] = {}
TWO_WORD: dict[tuple[str, str], int] = {}
for _month, _names in _NAMES.items():
    for _name in _names.split():
        if "_" in _name:
            first, second = fold(_name).split("_")
            TWO_WORD[(first, second)] = _month
        else:
            MONTHS[fold(_name)] = _month
# "may", "mar" and "jan" are also ordinary English words: only as month names
# next to a number.
AMBIGUOUS = {"may", "mar", "jan", "sep", "dec", "oct", "nov", "aug", "apr", "jun", "jul", "feb"}


def month_at(tokens, i: int) -> tuple[int, int] | None:
    """(month, last token index) for a month name at token ``i``, else None."""
    if i >= len(tokens):
        return None
    word = tokens[i].text
    if i + 1 < len(tokens):
        second = tokens[i + 1].text
        for first in (word, word[1:] if word[:1] in "وبفل" else word):
            if (first, second) in TWO_WORD:
                return TWO_WORD[(first, second)], i + 1
    month = MONTHS.get(word)
    if month is None and len(word) > 3 and word[:1] in "وبفل":
        month = MONTHS.get(word[1:])
    if month is None:
        return None
    return month, i
