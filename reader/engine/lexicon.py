"""The names the reader looks for: sources, actors and places.

A pure data class: the Django layer fills it from the database (each row's
English name, Arabic name and aliases) and hands it to ``read``. The reader
finds these names in the folded text; without a lexicon it only guesses.
"""

from dataclasses import dataclass, field
from functools import cached_property

from core.text import fold

KINDS = ("source", "actor", "place")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # source, actor or place
    names: tuple[str, ...]  # English, Arabic and aliases, as written

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, *rows: tuple[str, str, list[str] | tuple[str, ...]]) -> "Lexicon":
        """``Lexicon.of(("sohr", "source", ["SOHR", "المرصد السوري لحقوق الإنسان"]))``"""
        return cls(tuple(Entry(str(id_), kind, tuple(names)) for id_, kind, names in rows))

    @cached_property
    def folded_names(self) -> list[tuple[str, str, Entry]]:
        """(folded name, name as written, entry), longest first: the longest match wins."""
        names = [
            (fold(name), name, entry)
            for entry in self.entries
            for name in entry.names
            if fold(name)
        ]
        return sorted(names, key=lambda row: -len(row[0]))

    def of_kind(self, kind: str) -> list[tuple[str, str, Entry]]:
        return [row for row in self.folded_names if row[2].kind == kind]
