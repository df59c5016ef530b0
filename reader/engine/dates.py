"""Dates as reports give them, resolved against the day the report was published.

Explicit: «14 مارس/ آذار الماضي», «16 مارس / آذار 2017», «في مارس/ آذار 2019»,
«عام 2019», "14 March 2023", "March 14". Relative: «اليوم», «أمس الخميس», «أول
أمس», «الأسبوع الماضي», "yesterday", "last Tuesday". Parts of a month: «الثلث
الأول من إبريل/ نيسان الماضي» (1-10), «مطلع/منتصف/أواخر الشهر». Every date keeps
the report's words (``date_note``); a year the text does not give is inferred
from the publication day and marked so; without a publication day a relative
date stays unresolved and says so.
"""

import calendar
from datetime import date, timedelta

from core.text import fold

from .months import month_at
from .numbers import number_at
from .reading import DateMention
from .textview import FoldedText, Token


def _folded(words: str) -> set[str]:
    return {fold(word) for word in words.split()}


WEEKDAYS = {
    fold("الإثنين"): 0, fold("الاثنين"): 0, fold("الثلاثاء"): 1, fold("الأربعاء"): 2,
    fold("الخميس"): 3, fold("الجمعة"): 4, fold("السبت"): 5, fold("الأحد"): 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
PAST = _folded("الماضي الفائت المنصرم السابق") | {"last"}
TODAY = _folded("اليوم") | {"today"}
YESTERDAY = _folded("أمس الأمس البارحة") | {"yesterday"}
DAY_PARTS = _folded("صباح مساء ظهر فجر ليل ليلة عصر")
# Parts of a month: first day and last day (0 = the month's last day).
PARTS = [
    (("الثلث", "الأول"), 1, 10), (("الثلث", "الثاني"), 11, 20), (("الثلث", "الأوسط"), 11, 20),
    (("الثلث", "الأخير"), 21, 0), (("الثلث", "الثالث"), 21, 0), (("النصف", "الأول"), 1, 15),
    (("النصف", "الثاني"), 16, 0), (("مطلع",), 1, 10), (("أوائل",), 1, 10), (("بداية",), 1, 10),
    (("منتصف",), 11, 20), (("أواسط",), 11, 20), (("أواخر",), 21, 0), (("نهاية",), 21, 0),
    (("early",), 1, 10), (("mid",), 11, 20), (("late",), 21, 0),
]  # fmt: skip
PARTS = [(tuple(fold(word) for word in words), first, last) for words, first, last in PARTS]
THIS_MONTH = _folded("الشهر")
UNITS = {fold("الأسبوع"): "week", fold("الشهر"): "month", fold("العام"): "year"} | {
    fold("السنة"): "year",
    "week": "week",
    "month": "month",
    "year": "year",
}
YEAR_WORDS = _folded("عام العام سنة") | {"in", "year"}
_FIRST = fold("أول")  # «أول أمس»: the day before yesterday
_ON = {fold("يوم"), "last", "on"}


def _year(tokens: list[Token], i: int) -> int | None:
    if i < len(tokens) and tokens[i].kind == "num" and len(tokens[i].text) == 4:
        value = int(tokens[i].text)
        if 1900 <= value <= 2100:
            return value
    return None


def _skip_slash_month(tokens: list[Token], i: int, month: int) -> int:
    """«مارس/ آذار», «إبريل / نيسان»: the second name of the same month."""
    if i + 1 < len(tokens) and tokens[i].text in ("/", "-", "("):
        again = month_at(tokens, i + 1)
        if again and again[0] == month:
            end = again[1]
            if end + 1 < len(tokens) and tokens[end + 1].text == ")":
                end += 1
            return end + 1
    return i


class _Resolver:
    def __init__(self, published_on: date | None):
        self.published_on = published_on

    def year_for(self, month: int, day: int, past: bool) -> int | None:
        published = self.published_on
        if published is None:
            return None
        if past:
            return published.year if month < published.month else published.year - 1
        return (
            published.year
            if (month, day) <= (published.month, published.day)
            else (published.year - 1)
        )

    def weekday(self, weekday: int, *, strictly_before: bool) -> date | None:
        if self.published_on is None:
            return None
        delta = (self.published_on.weekday() - weekday) % 7
        if delta == 0 and strictly_before:
            delta = 7
        return self.published_on - timedelta(days=delta)


def read_dates(folded: FoldedText, published_on: date | None) -> list[DateMention]:
    tokens = folded.tokens
    resolver = _Resolver(published_on)
    found: list[DateMention] = []
    i = 0
    while i < len(tokens):
        mention = (
            _part_of_month(folded, tokens, i, resolver)
            or _explicit(folded, tokens, i, resolver)
            or _relative(folded, tokens, i, resolver)
        )
        if mention is None:
            i += 1
            continue
        found.append(mention[0])
        i = mention[1] + 1
    return found


def _mention(folded, tokens, first, last, **fields) -> tuple[DateMention, int]:
    note, start, end = folded.quote(tokens[first], tokens[last])
    mention = DateMention(
        date_note=note,
        start=start,
        end=end,
        sentence=tokens[first].sentence,
        paragraph=tokens[first].paragraph,
        **fields,
    )
    return mention, last


def _month_tail(tokens, j, month) -> tuple[int | None, bool, int]:
    """After a month name: (year, "last ...", index of the last token read)."""
    last = j
    k = _skip_slash_month(tokens, j + 1, month)
    last = k - 1
    year = _year(tokens, k)
    if year is None and k < len(tokens) and tokens[k].text == ",":
        year = _year(tokens, k + 1)
        if year:
            k += 1
    if year is not None:
        return year, False, k
    if k < len(tokens) and tokens[k].text in PAST:
        return None, True, k
    return None, False, last


def _explicit(folded, tokens, i, resolver):
    token = tokens[i]
    # "14 March 2023", «14 مارس/ آذار الماضي», «في 4 نيسان 2017»
    number = number_at(tokens, i) if token.kind == "num" or token.text.isalpha() else None
    if number is not None and 1 <= number.value <= 31 and number.first == number.last:
        month = month_at(tokens, number.last + 1)
        if (
            month is None
            and number.last + 2 < len(tokens)
            and tokens[number.last + 1].text in ("من", "of")
        ):
            month = month_at(tokens, number.last + 2)
        if month is not None:
            return _day_of(folded, tokens, i, number.value, month, resolver)
    month = month_at(tokens, i)
    if month is not None and (token.text.isascii() is False or len(token.text) > 3):
        j = month[1]
        # "March 14, 2023"
        if j + 1 < len(tokens) and tokens[j + 1].kind == "num":
            day = int(tokens[j + 1].text) if tokens[j + 1].text.isdigit() else 0
            if 1 <= day <= 31 and _year(tokens, j + 1) is None:
                return _day_of(folded, tokens, i, day, (month[0], j + 1), resolver, reverse=True)
        year, past, last = _month_tail(tokens, j, month[0])
        if year is None and not past:
            return None  # a month alone is too often not a date of the incident
        return _whole_month(folded, tokens, i, last, month[0], year, past, resolver)
    if token.text in YEAR_WORDS:
        year = _year(tokens, i + 1)
        if year is not None:
            return _mention(
                folded, tokens, i, i + 1, first_day=date(year, 1, 1),
                last_day=date(year, 12, 31), precision="year",
            )  # fmt: skip
    return None


def _day_of(folded, tokens, first, day, month, resolver, reverse=False):
    month_number, j = month
    year, past, last = _month_tail(tokens, j, month_number)
    inferred = year is None
    if inferred:
        year = resolver.year_for(month_number, day, past)
    if year is None:
        return _mention(
            folded, tokens, first, last, first_day=None, last_day=None, precision="day",
            resolved=False, year_inferred=False, guessed=("year not given, no publication day",),
        )  # fmt: skip
    try:
        day_date = date(year, month_number, day)
    except ValueError:
        return None
    return _mention(
        folded, tokens, first, last, first_day=day_date, last_day=day_date, precision="day",
        year_inferred=inferred, guessed=("year inferred",) if inferred else (),
    )  # fmt: skip


def _whole_month(folded, tokens, first, last, month, year, past, resolver, days=(1, 0)):
    inferred = year is None
    if inferred:
        year = resolver.year_for(month, 1, past)
    precision = "month" if days == (1, 0) else "range"
    if year is None:
        return _mention(
            folded, tokens, first, last, first_day=None, last_day=None, precision=precision,
            resolved=False, guessed=("year not given, no publication day",),
        )  # fmt: skip
    last_day = days[1] or calendar.monthrange(year, month)[1]
    return _mention(
        folded, tokens, first, last, first_day=date(year, month, days[0]),
        last_day=date(year, month, last_day), precision=precision, year_inferred=inferred,
        guessed=("year inferred",) if inferred else (),
    )  # fmt: skip


_PART_FIRST_WORDS = {words[0] for words, _, _ in PARTS}


def _part_of_month(folded, tokens, i, resolver):
    word = tokens[i].text
    if word not in _PART_FIRST_WORDS and word[1:] not in _PART_FIRST_WORDS:
        return None
    for words, first_day, last_day in PARTS:
        if i + len(words) > len(tokens):
            continue
        if any(tokens[i + k].text not in (word, "و" + word) for k, word in enumerate(words)):
            continue
        j = i + len(words)
        if j < len(tokens) and tokens[j].text in ("من", "of"):
            j += 1
        month = month_at(tokens, j)
        if month is not None:
            year, past, last = _month_tail(tokens, month[1], month[0])
            return _whole_month(
                folded, tokens, i, last, month[0], year, past, resolver, (first_day, last_day)
            )
        if j < len(tokens) and tokens[j].text in THIS_MONTH:
            published = resolver.published_on
            last = j
            previous = j + 1 < len(tokens) and tokens[j + 1].text in PAST
            if previous:
                last = j + 1
            if published is None:
                return _mention(
                    folded, tokens, i, last, first_day=None, last_day=None, precision="range",
                    resolved=False, relative=True,
                )  # fmt: skip
            anchor = published.replace(day=1)
            if previous:
                anchor = (anchor - timedelta(days=1)).replace(day=1)
            end = last_day or calendar.monthrange(anchor.year, anchor.month)[1]
            return _mention(
                folded, tokens, i, last, first_day=anchor.replace(day=first_day),
                last_day=anchor.replace(day=end), precision="range", relative=True,
            )  # fmt: skip
    return None


def _relative(folded, tokens, i, resolver):
    word = tokens[i].text
    published = resolver.published_on
    first = i
    if word in DAY_PARTS and i + 1 < len(tokens) and tokens[i + 1].text in YESTERDAY | TODAY:
        i += 1
        word = tokens[i].text
    offset = None
    last = i
    if word in TODAY:
        offset = 0
    elif word in YESTERDAY:
        offset = 1
    elif word == _FIRST and i + 1 < len(tokens):
        k = i + 2 if tokens[i + 1].text == "من" else i + 1
        if k < len(tokens) and tokens[k].text in YESTERDAY:
            offset, last = 2, k
    if offset is not None:
        if last + 1 < len(tokens) and tokens[last + 1].text in WEEKDAYS:
            last += 1  # «أمس الخميس»
        if word in TODAY and last == i and first == i and not word.isascii():
            return None  # «اليوم» alone is as often "nowadays" as today
        day = published - timedelta(days=offset) if published else None
        return _relative_mention(folded, tokens, first, last, day, day, "day")
    # «يوم الخميس», «الخميس الماضي», "last Tuesday", "on Tuesday"
    weekday_at = i + 1 if word in _ON else i
    if weekday_at < len(tokens) and tokens[weekday_at].text in WEEKDAYS:
        if weekday_at == i and not (word.isascii() or _past_after(tokens, i)):
            return None
        last = weekday_at
        past = word == "last" or _past_after(tokens, weekday_at)
        if _past_after(tokens, weekday_at):
            last += 1
        day = resolver.weekday(WEEKDAYS[tokens[weekday_at].text], strictly_before=past)
        return _relative_mention(folded, tokens, first, last, day, day, "day")
    # «الأسبوع الماضي», "last week"
    unit = None
    if word in UNITS and _past_after(tokens, i):
        unit, last = UNITS[word], i + 1
    elif word == "last" and i + 1 < len(tokens) and tokens[i + 1].text in UNITS:
        unit, last = UNITS[tokens[i + 1].text], i + 1
    if unit is not None:
        return _previous_unit(folded, tokens, first, last, unit, published)
    return None


def _past_after(tokens, i):
    return i + 1 < len(tokens) and tokens[i + 1].text in PAST


def _relative_mention(folded, tokens, first, last, first_day, last_day, precision):
    return _mention(
        folded, tokens, first, last, first_day=first_day, last_day=last_day,
        precision=precision, relative=True, resolved=first_day is not None,
        guessed=() if first_day else ("relative date, no publication day",),
    )  # fmt: skip


def _previous_unit(folded, tokens, first, last, unit, published):
    if published is None:
        return _relative_mention(folded, tokens, first, last, None, None, unit)
    if unit == "week":
        monday = published - timedelta(days=published.weekday() + 7)
        return _relative_mention(folded, tokens, first, last, monday, monday + timedelta(6), unit)
    if unit == "month":
        end = published.replace(day=1) - timedelta(days=1)
        return _relative_mention(folded, tokens, first, last, end.replace(day=1), end, unit)
    year = published.year - 1
    return _relative_mention(
        folded, tokens, first, last, date(year, 1, 1), date(year, 12, 31), unit
    )
