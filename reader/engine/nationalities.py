"""Nationalities as reports name them, from our table ``data/nationalities.csv``.

The table is data, kept apart from the code and tested form by form: ISO code,
the Arabic nisba in the masculine, the feminine, the plurals (sound and
broken), and the English demonyms. The definite forms («السوريين») are the
same entries: the lookup peels the article off. «غير سورية», «غير السوريين»
and "non-Syrian" name no country: they exclude one.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.text import fold

from .morphology import stems
from .textview import Token

TABLE = Path(__file__).with_name("data") / "nationalities.csv"
_NEGATIONS = {"غير", "non"}


@dataclass(frozen=True, slots=True)
class NationalityWord:
    """A nationality at tokens ``first``..``last``: ``code`` named, or ``excluded``."""

    code: str
    excluded: str
    first: int
    last: int


@cache
def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def forms(row: dict[str, str]) -> list[str]:
    """Every written form of a row of the table, as written there."""
    columns = ("ar_masculine", "ar_feminine", "ar_plural", "en_demonym", "en_plural")
    return [form for column in columns for form in row[column].split(";") if form]


@cache
def _index() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    single: dict[str, str] = {}
    double: dict[tuple[str, str], str] = {}
    for row in rows():
        for form in forms(row):
            words = fold(form).split()
            if len(words) == 1:
                single.setdefault(words[0], row["code"])
            else:
                double.setdefault((words[0], words[1]), row["code"])
    return single, double


def code_of(word: str) -> str | None:
    """The ISO code of a folded one-word form, with or without its clitics."""
    single, _ = _index()
    for candidate in stems(word):
        if candidate in single:
            return single[candidate]
    return None


def nationality_at(tokens: list[Token], i: int) -> NationalityWord | None:
    """The nationality written at token ``i`` («سوريين», «غير سورية», "non-Syrian")."""
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    word = tokens[i].text
    if word in _NEGATIONS or (word.startswith("non") and word != "non"):
        if word.startswith("non") and len(word) > 3:
            code = code_of(word[3:])  # "nonsyrian"
            return NationalityWord("", code, i, i) if code else None
        j = i + 1
        if j < len(tokens) and tokens[j].text == "-":
            j += 1
        found = nationality_at(tokens, j)
        if found and found.code:
            return NationalityWord("", found.code, i, found.last)
        return None
    _, double = _index()
    if i + 1 < len(tokens):
        for first in stems(word):
            code = double.get((first, tokens[i + 1].text))
            if code:
                return NationalityWord(code, "", i, i + 1)
    code = code_of(word)
    return NationalityWord(code, "", i, i) if code else None
