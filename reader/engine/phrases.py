"""The words after a count that say who was counted: «19 عنصراً», «11 من السوريين
العاملين ضمن المليشيات الموالية لإيران», «5 من ... من جنسيات غير سورية».

A phrase has a head (a person noun, a nationality used as a noun, or an actor
such as «قوات النظام»), the nationalities that qualify the *people* (not their
forces: in «قوات النظام السوري» the adjective belongs to the regime), a
nationality excluded («غير سورية»), and the words naming their affiliation.
It ends where the report moves on: punctuation, a preposition that starts the
circumstances («في», «جراء»), or "and" followed by a new count or outcome.
"""

from dataclasses import dataclass, field

from core.text import fold

from .morphology import lookup, stems
from .nationalities import nationality_at
from .numbers import NUMBER_WORDS, number_at, quantity_at
from .outcomes import DEATH_COMPLEMENTS, EVENT, WORDS, OutcomeWord, outcome_of
from .textview import Token
from .victims import AGE_MODIFIERS, PERSONS, PersonNoun, person_of


def _fold_set(words: str) -> set[str]:
    return {fold(word) for word in words.split()}


# Words that end a phrase: the circumstances, the time, the source, a verb of being.
STOP = _fold_set(
    "في على إلى الى عن بعد قبل منذ خلال إثر اثر جراء نتيجة بسبب عقب حيث اليوم أمس حين "
    "عندما أثناء وذلك ذلك كانوا كان كانت وكان وكانت جميعهم معظمهم غالبيتهم أغلبهم كلهم "
    "بينهم بمن منهم بينهن أيضا مع وفق وفقا بحسب حسب وقد قد الذين التي الذي وهم وهو "
    "ما بما لدى أمام خلف بعضهم تحت فوق قرب بالقرب كذلك أيضاً وسط"
) | set(
    "in on at after before during when while as according near with by from since "
    "including among mostly all the this that who which".split()
)
# Nouns that head an affiliation: «قوات النظام», «المليشيات الموالية لإيران».
ACTOR_HEADS = _fold_set(
    "قوات قوة مليشيا مليشيات ميليشيا ميليشيات المليشيا الميليشيا جيش تنظيم حزب فصائل فصيل "
    "الحرس حرس هيئة جبهة وحدات الفرقة فرقة كتائب كتيبة لواء فيلق النظام الشرطة شرطة "
    "الأمن أمن الأسايش حركة مجموعة مجموعات صفوف الدفاع"
) | set("forces force militia militias army group groups police guard".split())
# Words that link people to an affiliation.
LINKS = _fold_set("من ضمن التابعين التابعة التابع الموالين الموالية العاملين لصالح") | {"of"}
NATIONALITY_CONTEXT = _fold_set("جنسية جنسيات الجنسية الجنسيات يحملون يحمل تحمل يحملن")
# Things that are counted but are not people: a number before them is no figure.
THINGS = _fold_set(
    "غارة غارات ضربة ضربات صاروخ صواريخ قذيفة قذائف برميل براميل طائرة طائرات مروحية "
    "مروحيات مسيرة مسيرات سيارة سيارات آلية آليات دبابة دبابات عربة عربات مدرعة مدرعات "
    "موقع مواقع نقطة نقاط منزل منازل بيت بيوت مبنى مباني مبان أبنية غرفة غرف مستشفى "
    "مشفى مشافي مستشفيات مدرسة مدارس مسجد مساجد سنة سنوات سنين عام أعوام عاما شهر أشهر "
    "شهور يوم أيام يوما أسبوع أسابيع ساعة ساعات دقيقة دقائق ثانية ثوان متر أمتار مترا "
    "كيلومتر كيلومترات كم كلم ميل دولار دولارات ليرة ليرات يورو بالمئة بالمائة مرة مرات "
    "هجوم هجمات عملية عمليات قرية قرى بلدة بلدات مدينة مدن حي أحياء طن أطنان لتر كغ "
    "كيلوغرام رصاصة طلقة طلقات عبوة عبوات لغم ألغام انفجار انفجارات اشتباك اشتباكات "
    "مجزرة مجازر حادثة حوادث خرق خروقات انتهاك انتهاكات مقطع مقاطع فيديو صورة صور تقرير "
    "تقارير سوخوي ميغ مرتبة درجة عامين"
) | set(
    "strike strikes airstrikes airstrike raids rockets rocket missiles missile shells bombs "
    "drones drone aircraft planes jets vehicles cars tanks positions houses homes buildings "
    "years year months month days day weeks week hours hour minutes metres meters km "
    "kilometres kilometers miles dollars percent times attacks villages towns hospitals "
    "schools people's".split()
)
MAX_UNKNOWN = 3
CONFIRMING = _fold_set("واحد واحدة اثنين اثنان اثنتين اثنتان")


@dataclass
class Phrase:
    """The phrase over tokens ``first``..``last`` (``last < first`` when empty)."""

    first: int
    last: int
    persons: list[tuple[int, PersonNoun]] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    excluded: str = ""
    affiliation: tuple[int, int] | None = None
    outcome: OutcomeWord | None = None
    outcome_at: int | None = None
    age: str | None = None

    @property
    def person(self) -> PersonNoun | None:
        return self.persons[0][1] if self.persons else None

    @property
    def status(self) -> str:
        for _, person in self.persons:
            if person.status != "unknown":
                return person.status
        return "unknown"

    @property
    def sex(self) -> str | None:
        return next((person.sex for _, person in self.persons if person.sex), None)

    @property
    def age_group(self) -> str | None:
        return next((person.age for _, person in self.persons if person.age), self.age)

    @property
    def specific(self) -> bool:
        """Says more than "people" or their status: worth a breakdown line."""
        return bool(
            self.nationalities
            or self.excluded
            or self.affiliation
            or any(not person.generic for _, person in self.persons)
        )


@dataclass
class Item:
    """A counted group: a quantity (or a noun that is its own count) and its phrase."""

    count_min: int | None
    count_max: int | None
    approx: bool
    first: int
    last: int
    phrase: Phrase
    another: bool = False
    vague: str = ""


def conjoined(word: str) -> bool:
    """True when ``word`` is "and" + a count, an outcome, a person or a number."""
    if word[:1] != "و" or len(word) < 3:
        return False
    if person_of(word) is not None and person_of(word[1:]) is None:
        return False  # «والدها» is a word of its own
    rest = word[1:]
    return bool(person_of(rest) or outcome_of(rest) or rest[:1].isdigit() or _is_number_word(rest))


def leading_clitics(word: str) -> int:
    """How many letters of ``word`` are "and", "so", "with" or "for" in front of a
    word the reader knows («وإصابة», «بمقتل», «وبحسب»): a quote starts after them."""
    if len(word) < 3 or word[:1] not in "وفبلك" or _known(word, exact=True):
        return 0
    rest = word[1:]
    if _known(rest, exact=False):
        return 1 + (leading_clitics(rest) if rest[:1] in "بلك" and not _known(rest, True) else 0)
    return 0


def _known(word: str, exact: bool) -> bool:
    if exact:
        return word in WORDS or word in PERSONS or word in NUMBER_WORDS
    return bool(
        outcome_of(word)
        or person_of(word)
        or _is_number_word(word)
        or nationality_at([Token(0, word, 0, len(word), "word", 0, 0)], 0)
        or _actor_head(word)
    )


def _is_number_word(word: str) -> bool:
    token = Token(0, word, 0, len(word), "word", 0, 0)
    return number_at([token], 0) is not None or quantity_at([token], 0) is not None


def _is_person_like(tokens: list[Token], j: int) -> bool:
    word = tokens[j].text
    return bool(
        person_of(word)
        or nationality_at(tokens, j)
        or lookup(word, {w: True for w in ACTOR_HEADS})
        or word in NATIONALITY_CONTEXT
    )


def _actor_head(word: str) -> bool:
    return any(candidate in ACTOR_HEADS for candidate in stems(word))


def parse_phrase(tokens: list[Token], i: int, *, sentence: int, in_list: bool = False) -> Phrase:
    """Read the phrase that starts at ``i``; see the module's docstring."""
    phrase = Phrase(i, i - 1)
    j = i
    unknown_run = 0
    after_link = False
    nationality_context = False
    while j < len(tokens) and j - i < 14:
        token = tokens[j]
        if token.sentence != sentence or token.kind != "word":
            break
        word = token.text
        if word in ("و", "and", "or", "او"):
            break
        if j > i and conjoined(word):
            nationality = nationality_at(tokens, j)
            if not (nationality and phrase.nationalities and j == phrase.last + 1):
                break
        if word in STOP or word in DEATH_COMPLEMENTS:
            break
        nationality = nationality_at(tokens, j)
        if nationality is not None:
            if _attaches(tokens, phrase, j, i) or nationality_context:
                if nationality.code and nationality.code not in phrase.nationalities:
                    phrase.nationalities.append(nationality.code)
                if nationality.excluded:
                    phrase.excluded = nationality.excluded
            elif phrase.affiliation:  # «الجيش التركي»: the army's, not the people's
                phrase.affiliation = (phrase.affiliation[0], nationality.last)
            j = phrase.last = nationality.last
            j += 1
            unknown_run = 0
            continue
        if word in NATIONALITY_CONTEXT:
            nationality_context = True
            phrase.last = j
            j += 1
            continue
        outcome = outcome_of(word)
        # Right after the count any outcome word names the victims («22 إصابة»);
        # later only a noun or a verb does («200 شخص مصاب», «... قتلوا»).
        if outcome is not None and (j == i or outcome.form != EVENT):
            if phrase.outcome is not None:
                break
            phrase.outcome, phrase.outcome_at = outcome, j
            phrase.last = j
            j += 1
            continue
        if phrase.persons and word in CONFIRMING:
            phrase.last = j  # «شخص واحد», «مقيمين اثنين»: the count said again
            j += 1
            continue
        person = person_of(word)
        if person is not None and not _actor_head(word):
            if phrase.persons and in_list and word[:1] == "و" and conjoined(word):
                break
            phrase.persons.append((j, person))
            phrase.last = j
            j += 1
            unknown_run = 0
            after_link = False
            continue
        if word in LINKS:
            if (
                j + 1 < len(tokens)
                and tokens[j + 1].kind == "word"
                and (_is_person_like(tokens, j + 1) or tokens[j + 1].text.startswith("ال"))
            ):
                after_link = True
                j += 1
                continue
            if not phrase.affiliation or word in ("من", "of"):
                break
        if _actor_head(word):
            start = phrase.affiliation[0] if phrase.affiliation else j
            phrase.affiliation = (start, j)
            phrase.last = j
            j += 1
            unknown_run = 0
            continue
        if word in AGE_MODIFIERS:
            phrase.age = AGE_MODIFIERS[word]
        # Any other word: the rest of an affiliation («الموالية لإيران») or of a
        # group («طلاب المرحلة الابتدائية»), never the start of a phrase.
        specific_head = any(not person.generic for _, person in phrase.persons)
        if phrase.affiliation or specific_head or (after_link and not phrase.persons):
            if word in THINGS or outcome is not None or unknown_run >= MAX_UNKNOWN:
                break
            unknown_run += 1
            phrase.last = j
            if phrase.affiliation:
                phrase.affiliation = (phrase.affiliation[0], j)
            j += 1
            continue
        break
    return phrase


def _attaches(tokens: list[Token], phrase: Phrase, j: int, first: int) -> bool:
    """A nationality belongs to the people when it follows the count, a person
    noun, «من» after them, or another nationality of theirs: not their forces."""
    k = j - 1
    while k >= first and tokens[k].text in ("من", "of", "و"):
        k -= 1
    if k < first:
        return True  # right after the count: «11 من السوريين», «5 سوريين»
    if phrase.nationalities and k == phrase.last:
        return True
    return any(position == k for position, _ in phrase.persons)


def affiliation_text(tokens: list[Token], phrase: Phrase) -> tuple[int, int] | None:
    """Token span of the words naming whom the people belong to, or the group."""
    if phrase.affiliation:
        return phrase.affiliation
    for position, person in phrase.persons:
        if not person.generic:
            last = phrase.last
            while last > position and (
                nationality_at(tokens, last) or tokens[last].text in NATIONALITY_CONTEXT
            ):
                last -= 1
            return position, last
    return None
