"""The few clitics an Arabic word carries, peeled off to find it in a table.

Arabic writes "and", "so", "with", "for", "as" and "the" as part of the word:
«وبالمليشيات» is و + ب + ال + مليشيات. The tables of the reader hold bare
folded words; ``stems`` gives the candidates to look up, the word as written
first, so that a word that really begins with one of these letters («لبناني»,
«باكستاني», «واحد») is found before a wrong split is tried.
"""

from functools import lru_cache

_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """Candidates for ``word`` (folded), from the word itself to its barest stem."""
    found: list[str] = []

    def add(candidate: str) -> None:
        if len(candidate) >= 2 and candidate not in found:
            found.append(candidate)
            # The accusative tanween is written on an alef that folding keeps:
            # «قتيلاً» folds to «قتيلا».
            if candidate.endswith("ا") and len(candidate) >= 4:
                found.append(candidate[:-1])

    add(word)
    rest = word
    if rest[:1] in _CONJUNCTIONS and len(rest) > 2:
        rest = rest[1:]
        add(rest)
    if rest.startswith("لل") and len(rest) > 3:
        add("ال" + rest[2:])
        add(rest[2:])
        return tuple(found)
    if rest[:1] in _PREPOSITIONS and len(rest) > 2:
        rest = rest[1:]
        add(rest)
    if rest.startswith("ال") and len(rest) > 3:
        add(rest[2:])
    return tuple(found)


def lookup(word: str, table: dict):
    """The entry of ``table`` for the first of ``stems(word)`` it holds, else None."""
    for candidate in stems(word):
        entry = table.get(candidate)
        if entry is not None:
            return entry
    return None


def has_conjunction(word: str, table: dict) -> bool:
    """True when ``word`` is "and"/"so" + a word of ``table``, not a word of it."""
    return word not in table and word[:1] in _CONJUNCTIONS and lookup(word[1:], table) is not None
