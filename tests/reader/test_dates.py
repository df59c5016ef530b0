"""Explicit and relative dates, with and without the publication day."""

from datetime import date

import pytest

from reader.engine import read

FRIDAY = date(2023, 5, 12)


def dates(text, published_on=FRIDAY):
    return [
        (mention.date_note, mention.first_day, mention.last_day, mention.precision)
        for mention in read(text, published_on=published_on).dates
    ]


@pytest.mark.parametrize(
    ("text", "note", "first", "last", "precision"),
    [
        ("في 16 مارس / آذار 2017", "16 مارس / آذار 2017", date(2017, 3, 16), None, "day"),
        ("بتاريخ 24 إبريل / نيسان 2014،", "24 إبريل / نيسان 2014", date(2014, 4, 24), None, "day"),
        ("في 4 نيسان 2017", "4 نيسان 2017", date(2017, 4, 4), None, "day"),
        ("في 13 نوفمبر 2017 بين", "13 نوفمبر 2017", date(2017, 11, 13), None, "day"),
        ("في 3 أيار 2016", "3 أيار 2016", date(2016, 5, 3), None, "day"),
        ("في 9 تشرين الأول 2015", "9 تشرين الأول 2015", date(2015, 10, 9), None, "day"),
        ("في مارس/ آذار 2019،", "مارس/ آذار 2019", date(2019, 3, 1), date(2019, 3, 31), "month"),
        ("عام 2019", "عام 2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("on 14 March 2023", "14 March 2023", date(2023, 3, 14), None, "day"),
        ("on March 14, 2022", "March 14, 2022", date(2022, 3, 14), None, "day"),
    ],
)
def test_explicit_dates(text, note, first, last, precision):
    assert dates(text) == [(note, first, last or first, precision)]


def test_a_date_without_a_year_takes_the_most_recent_one():
    (mention,) = read("في 30 سبتمبر", published_on=FRIDAY).dates
    assert (mention.first_day, mention.year_inferred) == (date(2022, 9, 30), True)
    (mention,) = read("في 14 مارس/ آذار الماضي", published_on=FRIDAY).dates
    assert (mention.first_day, mention.year_inferred) == (date(2023, 3, 14), True)


def test_last_month_of_the_same_name_is_a_year_back():
    (mention,) = read("في 2 أيار الماضي", published_on=FRIDAY).dates
    assert mention.first_day == date(2022, 5, 2)


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("أمس الخميس", date(2023, 5, 11), None, "day"),
        ("صباح أمس", date(2023, 5, 11), None, "day"),
        ("أول أمس", date(2023, 5, 10), None, "day"),
        ("أول من أمس", date(2023, 5, 10), None, "day"),
        ("اليوم الجمعة", FRIDAY, None, "day"),
        ("يوم الثلاثاء", date(2023, 5, 9), None, "day"),
        ("الخميس الماضي", date(2023, 5, 11), None, "day"),
        ("yesterday", date(2023, 5, 11), None, "day"),
        ("last Tuesday", date(2023, 5, 9), None, "day"),
        ("on Friday", FRIDAY, None, "day"),
        ("الأسبوع الماضي", date(2023, 5, 1), date(2023, 5, 7), "week"),
        ("last week", date(2023, 5, 1), date(2023, 5, 7), "week"),
        ("الشهر الماضي", date(2023, 4, 1), date(2023, 4, 30), "month"),
        ("مطلع الشهر", date(2023, 5, 1), date(2023, 5, 10), "range"),
        ("أواخر الشهر الماضي", date(2023, 4, 21), date(2023, 4, 30), "range"),
        ("منتصف شباط", date(2023, 2, 11), date(2023, 2, 20), "range"),
        ("الثلث الأخير من نيسان الماضي", date(2023, 4, 21), date(2023, 4, 30), "range"),
    ],
)
def test_relative_dates_resolve_against_publication(text, first, last, precision):
    (mention,) = read(text, published_on=FRIDAY).dates
    assert (mention.first_day, mention.last_day, mention.precision) == (
        first,
        last or first,
        precision,
    )
    assert mention.date_note == text


def test_without_a_publication_day_a_relative_date_is_unresolved():
    (mention,) = read("أمس الخميس").dates
    assert (mention.first_day, mention.resolved, mention.relative) == (None, False, True)
    assert mention.guessed == ("relative date, no publication day",)


def test_without_a_publication_day_a_yearless_date_is_unresolved():
    (mention,) = read("في 14 مارس الماضي").dates
    assert (mention.first_day, mention.resolved) == (None, False)


def test_without_a_publication_day_a_full_date_is_resolved():
    (mention,) = read("في 16 مارس 2017").dates
    assert (mention.first_day, mention.resolved, mention.year_inferred) == (
        date(2017, 3, 16),
        True,
        False,
    )
