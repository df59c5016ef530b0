"""Breakdown lines: who, among the people of a figure, the report singles out.

After a total they come in parentheses or after a colon («مقتل 19 عنصراً (11 من
... و3 ... و5 ...)»), after "among them" («من بينهم 7 نساء و10 أطفال», «بمن
فيهم», "including"), or as "all of them" («جميعهم من عائلة واحدة»). Parts
given without any total are lines too; figures.py sums them. A line without a
number («من بينهم مسعفون وزوار», «معظمهم من الأطفال») keeps null counts.
"""

from dataclasses import dataclass

from core.text import fold

from .nationalities import nationality_at
from .numbers import quantity_at
from .phrases import Item, Phrase, conjoined, parse_phrase
from .textview import Token
from .victims import PersonNoun


def _folded(*words: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in words)


# "Among them": lines that are part of the figure.
AMONG = [
    _folded("من", "بينهم"), _folded("من", "بينهن"), _folded("بينهم"), _folded("بينهن"),
    _folded("بمن", "فيهم"), _folded("بمن", "فيهن"), _folded("منهم"), _folded("منهن"),
    _folded("من", "ضمنهم"), _folded("ضمنهم"), ("including",), ("among", "them"),
    ("among", "whom"),
]  # fmt: skip
# "Most of them": lines without a number, whatever the words say.
MOST = [_folded(word) for word in ("معظمهم", "غالبيتهم", "أغلبهم", "معظمهن")] + [("mostly",)]
# "All of them": one line, the whole figure.
ALL = [_folded(word) for word in ("جميعهم", "كلهم", "جميعهن")] + [("all", "of", "them")]
SEPARATORS = [
    _folded("بالإضافة", "إلى"), _folded("إضافة", "إلى"), _folded("فضلا", "عن"),
    _folded("إلى", "جانب"), ("as", "well", "as"), ("و",), (",",), ("،",), ("and",),
]  # fmt: skip


@dataclass
class Lines:
    items: list[Item]
    kind: str  # "list" (parentheses or colon), "among", "most", "all"
    last: int


def _starts(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(tokens):
        return False
    return all(tokens[i + k].text == word for k, word in enumerate(words))


def _match(tokens: list[Token], i: int, sequences) -> int | None:
    for words in sequences:
        if _starts(tokens, i, words):
            return i + len(words)
    return None


def item_at(tokens: list[Token], i: int, *, sentence: int, in_list: bool = False) -> Item | None:
    """A counted group at ``i``: «3 عناصر من قوات النظام», «آخر», «مالك المخبز»."""
    if i >= len(tokens) or tokens[i].sentence != sentence:
        return None
    quantity = quantity_at(tokens, i)
    if quantity is not None:
        phrase = parse_phrase(tokens, quantity.last + 1, sentence=sentence, in_list=in_list)
        return Item(
            quantity.count_min,
            quantity.count_max,
            quantity.approx,
            i,
            max(quantity.last, phrase.last),
            phrase,
            another=quantity.another,
            vague=quantity.vague,
        )
    phrase = parse_phrase(tokens, i, sentence=sentence, in_list=in_list)
    if phrase.last < i:
        return None
    head = _head_count(tokens, phrase, i)
    if head is None:
        return None
    count, last = head
    return Item(count, count, False, i, max(last, phrase.last), phrase)


def _head_count(tokens: list[Token], phrase: Phrase, i: int) -> tuple[int | None, int] | None:
    """A phrase with no number counts by its head: a singular one, a dual two, a
    plural none. Its head must be a person or a nationality used as a noun."""
    if phrase.persons and phrase.persons[0][0] == i:
        person: PersonNoun = phrase.persons[0][1]
        count = person.count
        # «مفقودٍ واحد», «طفلين اثنين»: a number word after the noun confirms it.
        return count, i
    nationality = nationality_at(tokens, i)
    if nationality is not None and nationality.code:
        return None, nationality.last
    return None


def lines_after(tokens: list[Token], i: int, *, sentence: int) -> Lines | None:
    """The breakdown that follows a figure's words ending before ``i``."""
    while i < len(tokens) and tokens[i].text in ("،", ","):
        i += 1
    if i >= len(tokens) or tokens[i].sentence != sentence:
        return None
    if tokens[i].text == "(":
        lines = _list(tokens, i + 1, sentence=sentence, closing=")")
        if lines and lines.last + 1 < len(tokens) and tokens[lines.last + 1].text == ")":
            return Lines(lines.items, "list", lines.last + 1)
        return None
    if tokens[i].text == ":":
        lines = _list(tokens, i + 1, sentence=sentence)
        return Lines(lines.items, "list", lines.last) if lines else None
    for kind, sequences in (("among", AMONG), ("most", MOST), ("all", ALL)):
        after = _match(tokens, i, sequences)
        if after is None:
            continue
        if after < len(tokens) and tokens[after].text in ("من", "of"):
            after += 1
        lines = _list(tokens, after, sentence=sentence)
        if lines:
            if kind == "all":
                lines.items = lines.items[:1]
            return Lines(lines.items, kind, lines.last)
    return None


def _list(tokens: list[Token], i: int, *, sentence: int, closing: str = "") -> Lines | None:
    items: list[Item] = []
    j = i
    while j < len(tokens) and tokens[j].sentence == sentence:
        item = item_at(tokens, j, sentence=sentence, in_list=True)
        if item is None or item.phrase.outcome is not None:
            break
        items.append(item)
        j = item.last + 1
        if j < len(tokens) and tokens[j].text == closing:
            break
        separated = _match(tokens, j, SEPARATORS)
        while separated is not None:
            j = separated
            separated = _match(tokens, j, SEPARATORS)
        if j < len(tokens) and j == item.last + 1 and not conjoined(tokens[j].text):
            break
    if not items:
        return None
    return Lines(items, "list", items[-1].last)
