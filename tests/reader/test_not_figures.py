"""Numbers that count something other than people are never figures."""

import pytest

from reader.engine import read
from tests.reader.helpers import counts


@pytest.mark.parametrize(
    "text",
    [
        "استهدفت الطائرات المشفى بثلاث غارات جوية",
        "تم استهداف خان شيخون ب 4 صواريخ من غارتين جويتين",
        "كانت طفلة تبلغ من العمر 7 سنوات",
        "بين الساعة 14:07 و14:11",
        "في 13 نوفمبر 2017",
        "فكان هناك حوالي 100 متر ما بين سقوط كل قذيفة",
        "دمرت الغارات 14 آلية و3 مواقع",
        "ارتفعت الأسعار بنسبة 30 %",
        "بلغت الخسائر 5 ملايين دولار",
        "سقوط 3 قذائف على الحي",
        "The strikes hit 3 positions and 14 vehicles over 7 hours.",
        "In 2019 the town fell.",
        "وقال أبو عمر البوكمالي إن قوات التحالف بدأت تدريبات عسكرية",
    ],
)
def test_it_finds_no_figure(text):
    assert counts(read(text)) == []


def test_a_count_of_strikes_beside_a_count_of_dead_leaves_only_the_dead():
    assert counts(read("شنت الطائرات 3 غارات أسفرت عن مقتل 7 مدنيين")) == [
        ("killed", 7, 7, "مقتل 7 مدنيين")
    ]


def test_an_unnumbered_figure_repeated_beside_a_numbered_one_is_dropped():
    text = "أصيب عناصر الدفاع المدني، وتم نقل أكثر من 200 شخص مصاب إلى العيادات"
    assert counts(read(text)) == [("injured", 201, None, "أكثر من 200 شخص مصاب")]
