"""Our nationality table, form by form, with and without the article."""

import pytest

from core.text import fold
from reader.engine import read
from reader.engine.nationalities import code_of, forms, nationality_at, rows
from reader.engine.textview import FoldedText

FORMS = [
    (row["code"], form)
    for row in rows()
    for form in forms(row)
    if " " not in form  # two-word forms are tested below, as text
]


def test_the_table_covers_the_countries_of_conflict_reporting():
    codes = {row["code"] for row in rows()}
    assert len(codes) >= 60
    assert len(codes) == len(rows())
    assert {"SY", "IQ", "IR", "LB", "AF", "PK", "PS", "RU", "TR", "US", "UA", "YE"} <= codes


@pytest.mark.parametrize(("code", "form"), FORMS)
def test_each_form_names_its_country(code, form):
    assert code_of(fold(form)) == code


@pytest.mark.parametrize(("code", "form"), [(c, f) for c, f in FORMS if not f.isascii()])
def test_each_arabic_form_names_its_country_with_the_article_and_clitics(code, form):
    assert code_of(fold("ال" + form)) == code
    assert code_of(fold("وال" + form)) == code


def test_two_word_forms_are_read_as_one():
    tokens = FoldedText("جنوب أفريقي").tokens
    assert nationality_at(tokens, 0).code == "ZA"
    tokens = FoldedText("South Korean").tokens
    assert nationality_at(tokens, 0).code == "KR"


@pytest.mark.parametrize(
    "text", ["غير سورية", "غير السوريين", "non-Syrian", "non-Syrians", "nonsyrian"]
)
def test_a_negated_nationality_excludes_it(text):
    found = nationality_at(FoldedText(text).tokens, 0)
    assert (found.code, found.excluded) == ("", "SY")


def test_a_country_name_is_not_a_nationality():
    # «سوريا» folds like the accusative «سوريًا» (Syrian): only where a nationality
    # attaches to the people counted is it read as one (see below).
    assert code_of(fold("لإيران")) is None
    assert code_of(fold("العراق")) is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("مقتل 11 من السوريين", ["SY"]),
        ("مقتل 3 مقاتلين أفغان", ["AF"]),
        ("مقتل عنصرين لبنانيين", ["LB"]),
        ("مقتل 7 عمال يحملون الجنسية العراقية", ["IQ"]),
        ("Three Turkish soldiers were killed", ["TR"]),
        ("مقتل 4 عناصر من الحرس الثوري الإيراني", []),
        ("مقتل 5 عناصر من قوات النظام السوري", []),
    ],
)
def test_a_nationality_belongs_to_the_people_not_to_their_forces(text, codes):
    (figure,) = read(text).figures
    assert [code for line in figure.breakdown for code in line.nationalities] == codes
