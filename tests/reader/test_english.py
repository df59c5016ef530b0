"""English reports follow the same conventions."""

from datetime import date

from reader.engine import Lexicon, read
from tests.reader.helpers import counts, lines


def test_killing_at_least_n_with_children_among_them():
    reading = read("An airstrike killed at least 12 civilians, including five children, in Idlib.")
    assert counts(reading) == [("killed", 12, None, "killed at least 12 civilians")]
    figure = reading.figures[0]
    assert figure.victims_are == "civilian"
    assert lines(figure) == [(5, 5, [], "")]
    assert figure.breakdown[0].age_group == "child"
    assert reading.language == "en"


def test_passive_figures_and_their_credit():
    lexicon = Lexicon.of(("sohr", "source", ["Syrian Observatory", "SOHR"]))
    reading = read(
        "Five people were killed and 20 wounded in the attack, the Syrian Observatory said.",
        lexicon=lexicon,
    )
    assert counts(reading) == [
        ("killed", 5, 5, "Five people were killed"),
        ("injured", 20, 20, "20 wounded"),
    ]
    assert [figure.attribution.match.entry_id for figure in reading.figures] == ["sohr", "sohr"]


def test_according_to_credits_the_figure():
    reading = read("The death toll rose to 45, according to SOHR.")
    assert counts(reading) == [("killed", 45, 45, "death toll rose to 45")]
    assert reading.figures[0].attribution.text == "SOHR"


def test_dozens_is_no_number():
    assert counts(read("Dozens were injured when a car bomb exploded.")) == [
        ("injured", None, None, "Dozens were injured")
    ]
    assert read("Dozens were injured when a car bomb exploded.").incidents[0].incident_type == (
        "explosion_ied"
    )


def test_nationality_demonym_and_others():
    reading = read("Three Turkish soldiers were killed and two others wounded.")
    assert counts(reading) == [
        ("killed", 3, 3, "Three Turkish soldiers were killed"),
        ("injured", 2, 2, "two others wounded"),
    ]
    assert lines(reading.figures[0]) == [(3, 3, ["TR"], "")]


def test_no_casualties_is_zero_dead_and_wounded():
    assert counts(read("No casualties were reported.")) == [
        ("killed", 0, 0, "No casualties"),
        ("injured", 0, 0, "No casualties"),
    ]


def test_english_dates():
    reading = read("On Tuesday, two civilians were killed.", published_on=date(2023, 5, 12))
    assert [(d.date_note, d.first_day) for d in reading.dates] == [("On Tuesday", date(2023, 5, 9))]
