"""Text as editors and readers compare it: folded so that a quote can be found
in the document it comes from, and names shown in the page's language.

Editors copy quotes from PDFs, web pages and chat messages. The same Arabic words
then arrive with or without diacritics, with different forms of alef, ya and ta
marbuta, with tatweel, with typographic quotes and with any run of spaces and
line breaks. Both sides are folded the same way before comparing, so a faithful
quote matches and an invented one does not.
"""

import re
import unicodedata

from django.utils.translation import get_language

# Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks and tatweel: marks
# that Arabic writers add or leave out freely. A class both Python's and
# PostgreSQL's regular expressions read (incidents/sql/fold.sql).
ARABIC_MARKS = r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
# Letter forms and punctuation that mean the same, mapped one to one (also by
# the SQL twin's translate()).
FOLD_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "‐": "-",
    "–": "-",
    "—": "-",
    # The one capital whose lowercase is two characters in Python (i and a
    # combining dot) and one in PostgreSQL.
    "İ": "i",
}
_ARABIC_MARKS = re.compile(ARABIC_MARKS)
_LETTER_VARIANTS = str.maketrans(FOLD_LETTERS)
_WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return ``text`` reduced to what a reader would call the same words."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_LETTER_VARIANTS)
    text = _WHITESPACE.sub(" ", text)
    # lower(), not casefold(): PostgreSQL's lower() is the other side of every
    # search, and it keeps "ß" as "ß" where casefold() makes it "ss".
    return text.strip().lower()


def contains_quote(text: str, quote: str) -> bool:
    folded_quote = fold(quote)
    return bool(folded_quote) and folded_quote in fold(text)


def bilingual_name(name: str, name_ar: str) -> str:
    """Both names, the one in the page's language first."""
    if not name_ar:
        return name
    if (get_language() or "").startswith("ar"):
        return f"{name_ar} ({name})"
    return f"{name} ({name_ar})"
