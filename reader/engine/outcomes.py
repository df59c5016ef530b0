"""What happened to the people counted: killed, injured, missing or detained.

Arabic says it four ways, and each way places the count differently:

- an event noun (masdar) that the count follows: «مقتل 19», «إصابة آخر», «اعتقال 3»;
- a verb, before or after the count: «قتل تسعة», «قتلت 10 أشخاص», «31 ... قتلوا»;
- a noun for the victims themselves, after the count: «69 قتيلًا», «34 جريحاً»,
  «22 إصابة», or alone and then without a number: «قتلى وجرحى»;
- its dual, which is itself the count: «شهيدان», «قتيلين», «مصابان».

English is read the same way ("killed 5", "5 were killed", "5 dead").
"""

from dataclasses import dataclass

from core.text import fold

from .morphology import lookup

EVENT, VERB, NOUN = "event", "verb", "noun"


@dataclass(frozen=True, slots=True)
class OutcomeWord:
    outcome: str  # killed, injured, missing, detained
    form: str  # event, verb or noun
    count: int | None = None  # 2 for a dual, else None
    weak: bool = False  # «سقوط»: killed only when persons, not things, follow
    passive: bool = False  # English "killed" after the count ("5 were killed")


def _entries(outcome: str, form: str, words: str, **extra) -> dict[str, OutcomeWord]:
    return {fold(word): OutcomeWord(outcome, form, **extra) for word in words.split()}


WORDS: dict[str, OutcomeWord] = {}
for _outcome, _form, _words in (
    ("killed", EVENT, "مقتل قتل استشهاد مصرع وفاة إعدام اغتيال تصفية ذبح"),
    (
        "killed",
        VERB,
        "قتلت قتلوا قتلا قتلن يقتل تقتل استشهد استشهدت استشهدوا توفي توفيت "
        "توفوا قضى قضوا أعدم أعدمت أعدموا اغتيل",
    ),
    ("killed", NOUN, "قتيل قتيلة قتلى شهيد شهيدة شهداء ضحية ضحايا وفيات جثة جثث"),
    ("injured", EVENT, "إصابة جرح"),
    ("injured", VERB, "أصيب أصيبت أصيبوا جرحت جرحوا يصاب تصاب"),
    ("injured", NOUN, "جريح جريحة جرحى مصاب مصابة مصابين مصابون مصابات إصابات"),
    ("missing", EVENT, "فقدان اختفاء"),
    ("missing", VERB, "فقد فقدت فقدوا"),
    ("missing", NOUN, "مفقود مفقودة مفقودين مفقودون"),
    ("detained", EVENT, "اعتقال أسر احتجاز اختطاف خطف توقيف"),
    ("detained", VERB, "اعتقل اعتقلت اعتقلوا احتجز احتجزت اختطف اختطفت خطف"),
    ("detained", NOUN, "معتقل معتقلين معتقلون أسرى أسير مختطفين مخطوفين محتجزين موقوفين"),
):
    WORDS |= _entries(_outcome, _form, _words)
for _outcome, _words in (
    ("killed", "قتيلان قتيلين شهيدان شهيدين ضحيتان ضحيتين جثتان جثتين"),
    ("injured", "جريحان جريحين مصابان إصابتان إصابتين"),
    ("missing", "مفقودان"),
    ("detained", "معتقلان أسيران أسيرين"),
):
    WORDS |= _entries(_outcome, NOUN, _words, count=2)
WORDS[fold("سقوط")] = OutcomeWord("killed", EVENT, weak=True)

ENGLISH: dict[str, OutcomeWord] = {}
for _outcome, _form, _words in (
    ("killed", VERB, "killed died perished executed"),
    ("killed", EVENT, "killing deaths"),
    ("killed", NOUN, "dead fatalities bodies"),
    ("injured", VERB, "wounded injured hurt"),
    ("injured", EVENT, "wounding injuring"),
    ("injured", NOUN, "injuries"),
    ("missing", NOUN, "missing"),
    ("detained", VERB, "detained arrested abducted kidnapped captured"),
    ("detained", NOUN, "detainees"),
):
    ENGLISH |= {
        word: OutcomeWord(_outcome, _form, passive=_form == VERB) for word in _words.split()
    }

# Words that close "لقي ... حتفه": with them «لقي» means died.
DEATH_COMPLEMENTS = {fold(word) for word in "حتفه حتفهم حتفها حتفهما مصرعه مصرعهم مصرعها".split()}
MET = {fold(word) for word in "لقي لقيت لقوا لقى لقين".split()}
# Words that put the count of a total after them: «حصيلة القتلى 20», «عدد الضحايا».
TOLLS = {fold(word) for word in "حصيلة عدد".split()} | {"toll", "number"}
# Words that report the event before a bare victim noun: «وقوع قتلى وجرحى».
OCCURRENCE = {fold(word) for word in "وقوع سقوط إيقاع تسجيل حدوث خلف أوقع".split()}
# «دون وقوع قتلى», «لم تسجل إصابات»: an explicit zero.
NEGATIONS = {fold(word) for word in "دون بدون لم لا عدم".split()} | {"no"}


def outcome_of(word: str) -> OutcomeWord | None:
    """The outcome word ``word`` (folded) is, clitics peeled, else None."""
    if word.isascii():
        return ENGLISH.get(word)
    return lookup(word, WORDS)
