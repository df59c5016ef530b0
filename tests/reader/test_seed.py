"""The seed report read whole: the figures its reading (shared/seed/README.md) lists."""

from datetime import date

import pytest

from reader.engine import Lexicon, read
from tests.reader.helpers import SEED

# The report names no year; it was published on a Friday.
PUBLISHED_ON = date(2023, 5, 12)


@pytest.fixture(scope="module")
def text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reading(text):
    lexicon = Lexicon.of(
        ("sohr", "source", ["Syrian Observatory for Human Rights", "المرصد السوري لحقوق الإنسان"]),
        ("iran-militias", "actor", ["Iran-backed militias", "المليشيات الموالية لإيران"]),
        ("regime", "actor", ["Syrian regime forces", "قوات النظام السوري", "قوات النظام"]),
        ("jdeid", "place", ["Jdeid Ekeidat", "جديد عكيدات"]),
        ("hasakah", "place", ["Hasakah", "الحسكة"]),
    )
    return read(text, published_on=PUBLISHED_ON, lexicon=lexicon)


def test_it_finds_exactly_five_figures(reading):
    assert [(f.outcome, f.count_min, f.count_best, f.count_max) for f in reading.figures] == [
        ("killed", None, None, None),
        ("injured", None, None, None),
        ("killed", 19, 19, 19),
        ("killed", 1, 1, 1),
        ("injured", 6, 6, 6),
    ]


def test_every_quote_is_the_text_at_its_offsets(reading, text):
    for figure in reading.figures:
        assert text[figure.start : figure.end] == figure.quote
        for line in figure.breakdown:
            assert text[line.start : line.end] == line.quote


def test_dead_and_wounded_without_a_number_are_two_figures_with_one_quote(reading):
    killed, injured = reading.figures[:2]
    assert killed.quote == injured.quote == "وقوع قتلى وجرحى"
    assert killed.breakdown == injured.breakdown == ()
    assert not killed.breakdown_complete


def test_the_nineteen_have_a_complete_breakdown_of_three_lines(reading):
    figure = reading.figures[2]
    assert figure.quote == "مقتل 19 عنصراً"
    assert figure.victims_are == "combatant"
    assert figure.breakdown_complete
    assert [
        (
            line.count_min,
            line.count_max,
            line.nationalities,
            line.nationality_basis,
            line.excluded_nationality,
            line.combatant_status,
            line.affiliation_text,
        )
        for line in figure.breakdown
    ] == [
        (11, 11, ("SY",), "stated", "", "combatant", "المليشيات الموالية لإيران"),
        # Regime forces: Syrian is implied, not stated, so the reader names none.
        (3, 3, (), "unknown", "", "combatant", "قوات النظام"),
        (5, 5, (), "stated", "SY", "combatant", "المليشيات الموالية لإيران"),
    ]
    assert [line.quote for line in figure.breakdown] == [
        "11 من السوريين العاملين ضمن المليشيات الموالية لإيران",
        "3 عناصر من قوات النظام",
        "5 من المليشيات الموالية لإيران من جنسيات غير سورية",
    ]
    assert [line.affiliation.entry_id for line in figure.breakdown] == [
        "iran-militias",
        "regime",
        "iran-militias",
    ]


def test_the_nineteen_are_credited_to_sohr(reading):
    credit = reading.figures[2].attribution
    assert credit.text == "المرصد السوري لحقوق الإنسان"
    assert credit.cue == "وفق"
    assert credit.match.entry_id == "sohr"
    assert credit.match.how == "exact"


def test_the_contractor_is_american_as_the_text_says(reading):
    figure = reading.figures[3]
    assert figure.quote == "مقتل متعاقد أميركي"
    assert figure.victims_are == "contractor"
    assert figure.breakdown_complete
    (line,) = figure.breakdown
    assert (line.count_min, line.count_max, line.nationalities, line.nationality_basis) == (
        1,
        1,
        ("US",),
        "stated",
    )
    assert line.combatant_status == "contractor"


def test_another_contractor_and_five_soldiers_make_six_injured(reading):
    figure = reading.figures[4]
    assert figure.quote == "إصابة آخر وخمسة جنود"
    assert figure.breakdown_complete
    assert [
        (line.count_min, line.combatant_status, line.nationalities, line.nationality_basis)
        for line in figure.breakdown
    ] == [(1, "contractor", (), "unknown"), (5, "combatant", (), "unknown")]


def test_figures_after_the_credit_and_another_event_are_not_credited(reading):
    assert [f.attribution is None for f in reading.figures] == [True, True, False, True, True]


def test_dates_resolve_against_the_friday_of_publication(reading):
    by_note = {mention.date_note: mention for mention in reading.dates}
    yesterday = by_note["أمس الخميس"]
    assert (yesterday.first_day, yesterday.precision, yesterday.relative) == (
        date(2023, 5, 11),
        "day",
        True,
    )
    march = by_note["14 مارس/ آذار الماضي"]
    assert (march.first_day, march.last_day, march.precision, march.year_inferred) == (
        date(2023, 3, 14),
        date(2023, 3, 14),
        "day",
        True,
    )
    april = by_note["الثلث الأول من إبريل/ نيسان الماضي"]
    assert (april.first_day, april.last_day, april.precision, april.year_inferred) == (
        date(2023, 4, 1),
        date(2023, 4, 10),
        "range",
        True,
    )
    assert april.model_precision == "month"
    assert by_note["مارس/ آذار 2019"].year_inferred is False


def test_it_proposes_three_incidents_with_their_types_and_places(reading):
    assert [
        (
            incident.incident_type,
            incident.figures,
            [reading.places[k].text for k in incident.places],
        )
        for incident in reading.incidents
    ] == [
        ("airstrike", (0, 1), ["جديد عكيدات"]),
        ("airstrike", (2,), []),
        ("drone_strike", (3, 4), ["الحسكة"]),
    ]
    dates = [[reading.dates[k].date_note for k in incident.dates] for incident in reading.incidents]
    assert dates == [["الثلث الأول من إبريل/ نيسان الماضي"], ["14 مارس/ آذار الماضي"], []]


def test_the_reading_is_json_ready(reading):
    data = reading.to_dict()
    assert data["language"] == "ar"
    assert data["published_on"] == "2023-05-12"
    assert data["figures"][2]["breakdown"][0]["nationalities"] == ["SY"]
    assert data["figures"][2]["attribution"]["match"]["entry_id"] == "sohr"
    assert "year inferred" in data["guessed"]
