"""Arabic or English, by the share of Arabic letters among all letters."""

import re

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z]")


def detect(text: str, explicit: str | None = None) -> str:
    """``explicit`` when given; else "ar" when Arabic letters are at least a third
    of the letters (an Arabic report quotes English names), else "en"."""
    if explicit:
        return explicit
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "ar" if arabic and arabic * 2 >= latin else "en"
