"""The scorer on tiny hand-made cases, then the reader on the development set."""

from reader.engine import Figure, Reading
from reader.engine.evaluation import evaluate
from reader.engine.reading import BreakdownLine
from tests.reader.helpers import dev_items

TEXT = "مقتل 5 مدنيين وإصابة 3"


def gold(outcome, low, high, quote, breakdown=(), **extra):
    return {
        "outcome": outcome,
        "count_min": low,
        "count_max": high,
        "quote": quote,
        "breakdown": list(breakdown),
        **extra,
    }


def gold_line(low, high, nationalities=(), excluded=None):
    return {
        "count_min": low,
        "count_max": high,
        "nationalities": list(nationalities),
        "excluded_nationality": excluded,
    }


def predicted(outcome, low, high, quote, lines=()):
    start = TEXT.find(quote)
    return Figure(
        outcome=outcome,
        count_min=low,
        count_best=low if low == high else None,
        count_max=high,
        approx=False,
        victims_are=None,
        quote=quote,
        start=start,
        end=start + len(quote),
        breakdown=tuple(lines),
    )


def reader_of(*figures):
    def reader(text, *, published_on=None, language=None):
        return Reading(language="ar", published_on=None, figures=figures)

    return reader


def test_figures_match_one_to_one_on_outcome_and_counts():
    item = {
        "text": TEXT,
        "figures": [gold("killed", 5, 5, "مقتل 5 مدنيين"), gold("injured", 3, 3, "إصابة 3")],
    }
    report = evaluate(
        [item],
        reader_of(
            predicted("killed", 5, 5, "مقتل 5 مدنيين"),
            predicted("killed", 5, 5, "مقتل 5 مدنيين"),  # a duplicate is a false positive
            predicted("injured", 3, None, "إصابة 3"),  # wrong max: no match
        ),
    )
    assert (report.figures.true_positives, report.figures.predicted, report.figures.gold) == (
        1,
        3,
        2,
    )
    assert round(report.figures.precision, 3) == 0.333
    assert report.figures.recall == 0.5
    assert round(report.figures.f1, 3) == 0.4


def test_quotes_count_exact_and_half_overlapping():
    item = {
        "text": TEXT,
        "figures": [gold("killed", 5, 5, "مقتل 5 مدنيين"), gold("injured", 3, 3, "وإصابة 3")],
    }
    report = evaluate(
        [item],
        reader_of(predicted("killed", 5, 5, "مقتل 5 مدني"), predicted("injured", 3, 3, "إصابة 3")),
    )
    assert (report.quotes_matched, report.quotes_exact, report.quotes_overlap) == (2, 0, 2)
    report = evaluate([item], reader_of(predicted("killed", 5, 5, "مقتل 5")))
    assert (report.quotes_exact, report.quotes_overlap) == (0, 0)


def test_lines_match_on_counts_and_nationalities_and_invented_codes_are_counted():
    item = {
        "text": TEXT,
        "figures": [
            gold(
                "killed",
                5,
                5,
                "مقتل 5 مدنيين",
                [gold_line(3, 3, ["SY"]), gold_line(2, 2, [], "SY")],
            )
        ],
    }
    lines = [
        BreakdownLine(3, 3, ("SY",), "stated"),
        BreakdownLine(2, 2, ("IQ",), "stated"),  # invented: the gold names no Iraqi
    ]
    report = evaluate([item], reader_of(predicted("killed", 5, 5, "مقتل 5 مدنيين", lines)))
    assert (report.lines.true_positives, report.lines.predicted, report.lines.gold) == (1, 2, 2)
    assert report.invented_nationalities == 1


def test_languages_and_clear_items_are_scored_apart():
    items = [
        {"text": TEXT, "language": "ar", "figures": [gold("killed", 5, 5, "مقتل 5 مدنيين")]},
        {
            "text": TEXT,
            "language": "en",
            "figures": [gold("killed", 4, 4, "x", ambiguous=True)],
        },
    ]
    report = evaluate(items, reader_of(predicted("killed", 5, 5, "مقتل 5 مدنيين")))
    assert report.by_language["ar"].f1 == 1.0
    assert report.by_language["en"].f1 == 0.0
    assert report.clear_items.f1 == 1.0
    assert "figures, en" in report.format()


def test_the_reader_on_the_development_set():
    report = evaluate(dev_items())
    print(report.format())
    assert report.figures.f1 >= 0.85
    assert report.invented_nationalities == 0
    assert report.quote_overlap_rate >= 0.9
