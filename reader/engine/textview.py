"""The folded view of a report, with a way back to the original characters.

Every rule of the reader matches words as the search folds them (no diacritics,
one alef, ة as ه, Arabic-Indic digits as digits), yet every quote it proposes
must be an exact substring of the report, because the database refuses a quote
that cannot be found in the stored text. So the text is folded one character at
a time and each folded character remembers where it came from.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from core.text import fold

# Arabic-Indic and Persian digits, and the Arabic thousands and decimal marks:
# fold() leaves them alone, the number rules want ASCII.
_EXTRA = {chr(0x0660 + i): str(i) for i in range(10)}
_EXTRA |= {chr(0x06F0 + i): str(i) for i in range(10)}
_EXTRA |= {"\u066c": ",", "\u066b": "."}
# Diacritics and tatweel that may trail the last letter of a quote: a quote
# ends after them, as an editor selecting the word would copy them.
_TRAILING_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")

_PIECES: dict[str, str] = {}


def _fold_char(char: str) -> str:
    piece = _PIECES.get(char)
    if piece is None:
        if char == "\n":
            piece = "\n"
        elif char.isspace():
            piece = " "
        elif char in _EXTRA:
            piece = _EXTRA[char]
        else:
            piece = fold(char)
        _PIECES[char] = piece
    return piece


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to create
class Token:
    """One word, number or punctuation mark of the folded text."""

    index: int
    text: str  # folded
    start: int  # offsets into the folded text
    end: int
    kind: str  # "num", "word" or "punct"
    paragraph: int
    sentence: int


class FoldedText:
    """``original`` folded, tokenised, split into paragraphs and sentences."""

    def __init__(self, original: str):
        self.original = original
        get = _PIECES.get
        pieces = [get(char) if char in _PIECES else _fold_char(char) for char in original]
        self.text = "".join(pieces)
        if len(self.text) == len(original) and all(len(piece) == 1 for piece in pieces):
            self._origin = range(len(original))  # nothing folded away: offsets are shared
        else:
            self._origin = [
                position for position, piece in enumerate(pieces) for _ in range(len(piece))
            ]

    @cached_property
    def tokens(self) -> list[Token]:
        tokens = []
        paragraph = sentence = 0
        text = self.text
        previous_end = 0
        for match in _TOKEN.finditer(text):
            start, end = match.span()
            if start > previous_end and "\n" in text[previous_end:start]:
                paragraph += 1
                sentence += 1
            previous_end = end
            word = match.group()
            first = word[0]
            kind = "num" if first.isdigit() else "word" if first.isalpha() else "punct"
            tokens.append(Token(len(tokens), word, start, end, kind, paragraph, sentence))
            if kind == "punct" and word in ".!?؟" and not _inside_number(text, start):
                sentence += 1
        return tokens

    @cached_property
    def _token_starts(self) -> list[int]:
        return [self._origin[token.start] for token in self.tokens]

    def token_at(self, original_offset: int) -> Token:
        """The token that holds the character at ``original_offset`` of the original."""
        index = bisect_right(self._token_starts, original_offset) - 1
        return self.tokens[max(index, 0)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded text[start:end], trailing marks included."""
        first = self._origin[start]
        last = self._origin[end - 1] + 1
        last = _TRAILING_MARKS.match(self.original, last).end()
        return first, last

    def token_span(self, first: Token, last: Token) -> tuple[int, int]:
        return self.original_span(first.start, last.end)

    def quote(self, first: Token, last: Token, skip: int = 0) -> tuple[str, int, int]:
        """The original words from ``first`` to ``last``, less ``skip`` folded
        characters of ``first`` (a clitic "and" or "with" the quote leaves out)."""
        start, end = self.original_span(first.start + skip, last.end)
        return self.original[start:end], start, end


def _inside_number(text: str, position: int) -> bool:
    return (
        0 < position < len(text) - 1
        and text[position - 1].isdigit()
        and text[position + 1].isdigit()
    )
