"""One test per convention of shared/data/reader/README.md, on real sentences."""

from reader.engine import read
from tests.reader.helpers import counts, dev_text, lines


def test_one_number_is_min_and_max():
    assert counts(read(dev_text("6"))) == [("killed", 69, 69, "69 قتيلًا")]
    assert read(dev_text("6")).figures[0].count_best == 69


def test_at_least_n_has_no_max():
    assert counts(read(dev_text("60"))) == [("injured", 1, None, "الجرحى : 1 على الأقل")]


def test_more_than_n_starts_at_n_plus_one():
    assert counts(read(dev_text("3"))) == [("killed", 51, None, "مقتل أكثر من 50 شخصًا")]
    assert read(dev_text("3")).figures[0].count_best is None


def test_about_n_is_n_marked_approximate():
    figure = read("أسفر القصف عن مقتل نحو 20 مدنياً").figures[0]
    assert (figure.count_min, figure.count_max, figure.approx) == (20, 20, True)


def test_n_or_m_and_between_n_and_m_are_a_range():
    assert counts(read("قتل 3 أو 4 أشخاص")) == [("killed", 3, 4, "قتل 3 أو 4 أشخاص")]
    assert counts(read("قتل ما بين 18 و23 شخصاً")) == [("killed", 18, 23, "قتل ما بين 18 و23 شخصاً")]


def test_number_words_count():
    assert counts(read(dev_text("36"))) == [("killed", 4, 4, "قتل أربعة مرضى")]
    assert counts(read(dev_text("42"))) == [
        ("killed", 1300, 1300, "عدد الضحايا في ذلك اليوم ألفًا وثلاثمئة شخص")
    ]


def test_duals_count_two():
    assert counts(read("استشهد شهيدان في القصف")) == [("killed", 2, 2, "شهيدان")]
    assert counts(read("وسقط قتيلين")) == [("killed", 2, 2, "قتيلين")]


def test_arabic_indic_digits_are_digits():
    assert counts(read("وقتل ١٢ مدنيا وجرح ٣٠ آخرون")) == [
        ("killed", 12, 12, "قتل ١٢ مدنيا"),
        ("injured", 30, 30, "جرح ٣٠ آخرون"),
    ]


def test_no_number_is_a_figure_with_null_counts_never_ten():
    assert counts(read(dev_text("63"))) == [
        ("killed", 11, 11, "11 شهيدًا"),
        ("injured", None, None, "عشرات الجرحى"),
    ]
    assert counts(read(dev_text("21"))) == [("injured", None, None, "إصابة العشرات")]


def test_an_explicit_zero_is_zero():
    assert counts(read(dev_text("51"))) == [
        ("injured", 22, 22, "22 إصابة"),
        ("killed", 0, 0, "دون وقوع قتلى"),
    ]


def test_numbers_that_count_something_else_are_not_figures():
    # «بثلاث ضربات» counts strikes, 14:07 is an hour, 2017 a year.
    assert counts(read(dev_text("9"))) == [("killed", 69, 69, "مقتل 69 مدني")]
    # «4 صواريخ» counts missiles, «سوخوي 22» is an aircraft.
    assert counts(read(dev_text("48"))) == [("injured", 201, None, "أكثر من 200 شخص مصاب")]
    # «7 سنوات» is an age.
    figure = read(dev_text("33")).figures[0]
    assert (figure.count_min, figure.count_max) == (1, None)
    assert lines(figure) == [(1, 1, [], "")]


def test_among_them_gives_lines_of_an_incomplete_breakdown():
    figure = read(dev_text("57")).figures[0]
    assert (figure.count_min, figure.quote) == (45, "القتلى المُبلغ عنهم: 45")
    assert lines(figure) == [(7, 7, [], ""), (10, 10, [], "")]
    assert [(line.sex, line.age_group) for line in figure.breakdown] == [
        ("female", "adult"),
        ("unknown", "child"),
    ]
    assert not figure.breakdown_complete


def test_among_them_without_numbers_gives_lines_without_counts():
    figure = read(dev_text("39")).figures[0]
    assert lines(figure) == [(None, None, [], ""), (None, None, [], "")]
    assert [line.affiliation_text for line in figure.breakdown] == ["مسعفون", "زوار"]


def test_parts_without_a_total_make_one_figure_with_a_complete_breakdown():
    (figure,) = read(dev_text("27")).figures
    assert (figure.outcome, figure.count_min, figure.count_max) == ("injured", 5, 5)
    assert figure.quote == "إصابة ثلاثة من العاملين في المجال الطبي وإثنين من الزائرين"
    assert lines(figure) == [(3, 3, [], ""), (2, 2, [], "")]
    assert figure.breakdown_complete


def test_a_whole_figure_of_one_group_is_one_complete_line():
    figure = read(dev_text("15")).figures[0]
    assert lines(figure) == [(9, 9, [], "")]
    assert figure.breakdown[0].age_group == "child"
    assert figure.breakdown_complete


def test_a_nationality_is_stated_only_when_named():
    figure = read("مقتل 5 عناصر من الجيش التركي").figures[0]
    assert lines(figure) == [(5, 5, [], "")]
    assert figure.breakdown[0].affiliation_text == "الجيش التركي"
    figure = read("مقتل 3 جنود أتراك").figures[0]
    assert lines(figure) == [(3, 3, ["TR"], "")]
    assert figure.breakdown[0].nationality_basis == "stated"


def test_non_syrian_is_no_country_with_syria_excluded():
    figure = read("مقتل 4 مقاتلين من غير السوريين").figures[0]
    assert lines(figure) == [(4, 4, [], "SY")]
    assert figure.breakdown[0].nationality_basis == "stated"


def test_civilian_covers_the_whole_figure():
    assert read(dev_text("66")).figures[0].victims_are == "civilian"
    assert read(dev_text("66")).figures[0].breakdown[0].combatant_status == "civilian"
    assert read(dev_text("69")).figures[0].victims_are is None


def test_a_total_over_many_incidents_is_marked_aggregate():
    figure = read("ارتفعت حصيلة القتلى إلى 25 قتيلاً منذ بداية العام").figures[0]
    assert (figure.count_min, figure.aggregate) == (25, True)
    assert not read(dev_text("6")).figures[0].aggregate
