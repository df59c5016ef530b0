"""Counts as written: digits, number words in their forms, qualifiers, no number."""

import pytest

from reader.engine.numbers import quantity_at
from reader.engine.textview import FoldedText


def quantity(text):
    found = quantity_at(FoldedText(text).tokens, 0)
    return None if found is None else (found.count_min, found.count_max, found.approx, found.vague)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("واحد", 1), ("إحدى", 1), ("اثنان", 2), ("اثنين", 2), ("إثنين", 2), ("اثنتين", 2),
        ("ثلاث", 3), ("ثلاثة", 3), ("أربعة", 4), ("خمسة", 5), ("ست", 6), ("سبعة", 7),
        ("ثماني", 8), ("تسعة", 9), ("عشرة", 10), ("أحد عشر", 11), ("إحدى عشرة", 11),
        ("اثنا عشر", 12), ("ثلاثة عشر", 13), ("خمس عشرة", 15), ("عشرون", 20), ("عشرين", 20),
        ("خمسة وعشرون", 25), ("واحد وثلاثين", 31), ("تسعة وتسعون", 99), ("مئة", 100),
        ("مائة", 100), ("مئتان", 200), ("مائتين", 200), ("ثلاثمئة", 300), ("ثلاث مئة", 300),
        ("خمسمائة", 500), ("مئة وعشرين", 120), ("ألف", 1000), ("ألفًا وثلاثمئة", 1300),
        ("ألفين", 2000), ("ثلاثة آلاف", 3000), ("عشرة آلاف", 10000),
        ("one", 1), ("twelve", 12), ("twenty-five", 25), ("a dozen", 12),
        ("three hundred", 300), ("a hundred", 100),
        ("19", 19), ("١٩", 19), ("۱۹", 19), ("1,300", 1300), ("1.300", 1300), ("٢٬٥٠٠", 2500),
        ("10 آلاف", 10000),
    ],
)  # fmt: skip
def test_it_reads_the_number(text, value):
    assert quantity(text) == (value, value, False, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أكثر من 50", (51, None, False, "")),
        ("أزيد من 50", (51, None, False, "")),
        ("ما يزيد عن 50", (51, None, False, "")),
        ("more than 50", (51, None, False, "")),
        ("ما لا يقل عن 7", (7, None, False, "")),
        ("7 على الأقل", (7, None, False, "")),
        ("at least 7", (7, None, False, "")),
        ("نحو 20", (20, 20, True, "")),
        ("قرابة 20", (20, 20, True, "")),
        ("حوالي عشرين", (20, 20, True, "")),
        ("about 20", (20, 20, True, "")),
        ("nearly 20", (20, 20, True, "")),
        ("بين 5 و7", (5, 7, False, "")),
        ("ما بين 18 و 23", (18, 23, False, "")),
        ("between 18 and 23", (18, 23, False, "")),
        ("3 أو 4", (3, 4, False, "")),
        ("3 or 4", (3, 4, False, "")),
        ("up to 30", (None, 30, False, "")),
    ],
)
def test_qualifiers_set_the_bounds(text, expected):
    assert quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("عشرات", "dozens"), ("العشرات", "dozens"), ("العديد", "many"), ("عدد من", "a number"),
        ("مئات", "hundreds"), ("آلاف", "thousands"), ("آخرين", "others"), ("dozens", "dozens"),
        ("several", "several"),
    ],
)  # fmt: skip
def test_words_that_count_without_a_number_give_none(text, vague):
    assert quantity(text) == (None, None, False, vague)


def test_a_decimal_is_not_a_head_count():
    assert quantity("2.5") is None
