"""Who the victims were: combatant status, sex and age, from the nouns that name them.

«مدنيين» covers a whole figure as civilians, «عناصر» and «جنود» as combatants,
«متعاقد» as contractors: these *status* nouns say nothing more, so they give
``victims_are`` and no breakdown line. Other person nouns («أطفال», «نساء»,
«مرضى», «طلاب») single out a group, and a figure counting only them is a
breakdown line of its own. Nothing here guesses: a word not in the table leaves
status, sex and age unknown.
"""

from dataclasses import dataclass

from core.text import fold

from .morphology import lookup


@dataclass(frozen=True, slots=True)
class PersonNoun:
    status: str = "unknown"  # civilian, combatant, contractor, unknown
    sex: str | None = None  # female, male
    age: str | None = None  # child, adult, elderly
    generic: bool = False  # says only "people" or their status: no line of its own
    count: int | None = None  # 2 for a dual, 1 for a singular, None for a plural


def _add(table, words: str, count: int | None, **attributes) -> None:
    for word in words.split():
        table[fold(word)] = PersonNoun(count=count, **attributes)


PERSONS: dict[str, PersonNoun] = {}
# (singulars, plurals, duals, attributes): singular 1, plural no number, dual 2.
for _singular, _plural, _dual, _attributes in (
    ("شخص فرد نسمة", "أشخاص أفراد", "شخصان شخصين", {"generic": True}),
    # «5 آخرون»: the count's own noun is "others".
    ("", "آخرين آخرون", "", {"generic": True}),
    ("اسم", "أسماء اسما", "", {"generic": True}),
    ("مواطن مواطنة", "مواطنين مواطنون", "مواطنان", {"generic": True}),
    ("مدني مدنية", "مدنيين مدنيون مدنيات", "مدنيان", {"generic": True, "status": "civilian"}),
    (
        "عنصر مقاتل جندي عسكري مسلح ضابط مجند مسلحة",
        "عناصر مقاتلين مقاتلون جنود عسكريين عسكريون مسلحين مسلحون ضباط مجندين قوات مرتزقة",
        "عنصران عنصرين جنديان جنديين ضابطين",
        {"generic": True, "status": "combatant"},
    ),
    ("متعاقد", "متعاقدين متعاقدون", "متعاقدان", {"generic": True, "status": "contractor"}),
    ("طفل رضيع قاصر صبي", "أطفال رضع قاصرين صبية", "طفلان طفلين", {"age": "child"}),
    ("طفلة", "طفلات", "طفلتان طفلتين", {"age": "child", "sex": "female"}),
    ("فتى", "فتيان", "", {"age": "child", "sex": "male"}),
    ("امرأة سيدة", "نساء نسوة سيدات", "امرأتان امرأتين سيدتين", {"age": "adult", "sex": "female"}),
    ("رجل شاب", "رجال شبان", "رجلان رجلين شابين", {"age": "adult", "sex": "male"}),
    ("مسن عجوز", "مسنين مسنون", "مسنين", {"age": "elderly"}),
    ("مسنة", "مسنات", "", {"age": "elderly", "sex": "female"}),
    ("والد أب والدها والده زوج", "آباء", "", {"age": "adult", "sex": "male"}),
    ("والدة أم والدتها زوجة", "أمهات", "", {"age": "adult", "sex": "female"}),
    ("ابن ابنة شقيق شقيقة", "أبناء", "", {}),
    ("عائلة أسرة", "عائلات", "", {}),
    ("مريض", "مرضى", "مريضين", {}),
    ("مسعف طبيب ممرض ممرضة", "مسعفين مسعفون أطباء ممرضين كوادر", "", {}),
    ("عامل موظف", "عمال العاملين عاملين موظفين", "عاملين", {}),
    ("زائر", "زوار الزائرين زائرين", "", {}),
    ("طالب تلميذ", "طلاب تلاميذ طلبة", "", {}),
    ("صحفي إعلامي ناشط مصور", "صحفيين إعلاميين ناشطين", "", {}),
    ("لاجئ نازح مهاجر مقيم راكب", "لاجئين نازحين مهاجرين مقيمين ركاب", "مقيمان", {}),
    ("مصل", "مصلين", "", {}),
    ("سائق مزارع راع تاجر مالك صاحب", "مزارعين رعاة تجار", "", {}),
    ("قائد قيادي مسؤول", "قادة قياديين مسؤولين", "", {"status": "combatant"}),
):
    _add(PERSONS, _singular, 1, **_attributes)
    _add(PERSONS, _plural, None, **_attributes)
    _add(PERSONS, _dual, 2, **_attributes)

ENGLISH_PERSONS: dict[str, PersonNoun] = {}
for _singular, _plural, _attributes in (
    ("person", "people persons others", {"generic": True}),
    ("civilian", "civilians", {"generic": True, "status": "civilian"}),
    (
        "fighter soldier militant militiaman member troop gunman serviceman",
        "fighters soldiers militants militiamen members troops gunmen servicemen",
        {"generic": True, "status": "combatant"},
    ),
    ("contractor", "contractors", {"generic": True, "status": "contractor"}),
    ("child kid baby infant", "children kids babies infants", {"age": "child"}),
    ("girl", "girls", {"age": "child", "sex": "female"}),
    ("boy", "boys", {"age": "child", "sex": "male"}),
    ("woman", "women", {"age": "adult", "sex": "female"}),
    ("man", "men", {"age": "adult", "sex": "male"}),
    (
        "patient worker student journalist doctor paramedic refugee resident",
        "patients workers students journalists doctors paramedics refugees residents",
        {},
    ),
):
    for _word in _singular.split():
        ENGLISH_PERSONS[_word] = PersonNoun(count=1, **_attributes)
    for _word in _plural.split():
        ENGLISH_PERSONS[_word] = PersonNoun(count=None, **_attributes)

# Words after a group noun that tell its age: «طلاب المرحلة الابتدائية».
AGE_MODIFIERS = {fold("الابتدائية"): "child", fold("ابتدائية"): "child", "primary": "child"}


def person_of(word: str) -> PersonNoun | None:
    """The person noun ``word`` (folded) is, clitics peeled, else None."""
    if word.isascii():
        return ENGLISH_PERSONS.get(word)
    found = lookup(word, PERSONS)
    if found is None and len(word) > 4 and word.endswith(("ها", "هم")):
        found = lookup(word[:-2], PERSONS)  # «والدها», «أطفالهم»
    return found
