"""Names from a lexicon, guesses from cue words, language, incident types."""

from reader.engine import Lexicon, read
from reader.engine.language import detect

LEXICON = Lexicon.of(
    ("baghouz", "place", ["Baghouz", "الباغوز"]),
    ("iran-militias", "actor", ["Iran-backed militias", "المليشيات الموالية لإيران"]),
    ("sdf", "actor", ["Syrian Democratic Forces", "قوات سوريا الديمقراطية", "قسد"]),
)


def mentions(found):
    return [(m.text, m.match.entry_id, m.match.how) for m in found]


def test_lexicon_names_are_found_with_their_clitics():
    reading = read("قصفت الطائرات بالباغوز مواقع للمليشيات الموالية لإيران", lexicon=LEXICON)
    assert mentions(reading.places) == [("الباغوز", "baghouz", "exact")]
    assert mentions(reading.actors) == [("للمليشيات الموالية لإيران", "iran-militias", "folded")]


def test_a_folded_name_is_found_whatever_its_letter_forms():
    reading = read("اشتباكات مع قوات سورية الديمقراطية", lexicon=LEXICON)
    assert mentions(reading.actors) == [("قوات سورية الديمقراطية", "sdf", "folded")]


def test_the_longest_name_wins_and_names_do_not_match_inside_words():
    reading = read("قسدية وقسد", lexicon=LEXICON)
    assert mentions(reading.actors) == [("قسد", "sdf", "exact")]


def test_the_first_words_of_a_long_name_are_a_partial_match():
    reading = read("أعلنت المليشيات الموالية مقتل عنصرين", lexicon=LEXICON)
    assert mentions(reading.actors) == [("المليشيات الموالية", "iran-militias", "partial")]


def test_without_a_lexicon_places_and_actors_are_guessed_from_cue_words():
    reading = read("قصفت قوات النظام بلدة كفرنبل بريف إدلب")
    assert [(m.text, m.guessed) for m in reading.places] == [("كفرنبل", True), ("إدلب", True)]
    assert [(m.text, m.guessed) for m in reading.actors] == [("قوات النظام", True)]
    assert "places and actors from cue words" in reading.guessed


def test_language_by_script_unless_given():
    assert detect("قتل 5 مدنيين in Idlib") == "ar"
    assert detect("Five killed in Idlib") == "en"
    assert detect("Five killed", "ar") == "ar"
    assert read("Five killed", language="ar").language == "ar"


def test_incident_types_from_words():
    kinds = [
        read(text).incidents[0].incident_type
        for text in (
            "مقتل 3 مدنيين بغارة جوية",
            "مقتل 3 مدنيين بقصف طائرة مسيرة",
            "مقتل 3 مدنيين بقصف مدفعي",
            "مقتل 3 عناصر في اشتباكات",
            "مقتل 3 مدنيين بانفجار عبوة ناسفة",
            "مقتل 3 مدنيين في هجوم",
        )
    ]
    assert kinds == [
        "airstrike",
        "drone_strike",
        "shelling_missile_rocket",
        "armed_clash",
        "explosion_ied",
        "ground_attack",
    ]
