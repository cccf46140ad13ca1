"""Date phrases in the languages factdesk reads -> the days they can mean.

Takes a phrase as an article words it ("on Tuesday", "во вторник", "يوم الثلاثاء"), the
article's language and the day the phrase is read against (the publication day); `read_phrase`
returns the earliest and latest day the phrase can mean and its precision, or None when the
language's table does not know the phrase. `dates.resolve_phrase` adds the reasoning line and
the errors. One table per language (`GRAMMARS`) holds the words; the rules are the same for
every language and are these:

- A weekday is the latest such day on or before the publication day: wire copy names the days of
  the past week by name, so "on Tuesday" in a Tuesday article is that Tuesday.
- A weekday with "last" after or before it (Russian прошлый, минувший, прошедший; Arabic
  الماضي, المنصرم, الفائت) is the latest such day *before* the publication day. English "last
  Wednesday" is refused: English readers take it as often for the week before, so the editor
  gives the date instead.
- "yesterday" (вчера, накануне, أمس, البارحة) is the day before publication and "the day before
  yesterday" (позавчера, أول أمس) two days before. накануне, "on the eve", is read in the sense
  news copy gives it, the day before the report; when it means the eve of some other event,
  give the date.
- A part of the day before or after a phrase that names one day ("Monday night", "late on
  Monday", "в понедельник вечером", "вечером в понедельник", "مساء الاثنين", "في وقت متأخر من
  يوم الاثنين") leaves the day as it is.
- The night *before* a day ("в ночь на вторник", "ليلة الثلاثاء": Arabic counts a night with the
  day that follows it) is a range of the two days it touches. A night between two named days
  ("в ночь с понедельника на вторник", "ليل الاثنين الثلاثاء") is those two days.
- "this week" runs from the Monday of the publication week to the publication day, "last week"
  is Monday to Sunday of the week before; "this month" runs from its first day to the
  publication day, "last month" is the whole month before.
- A month alone ("in May", "в мае", "في أيار") is the latest such month that began on or before
  publication; a day and month ("30 September", "30 сентября", "30 أيلول/سبتمبر") the latest
  such day on or before publication.
- "N days ago" counts back from publication (three days ago, три дня назад, قبل ثلاثة أيام);
  "the past 24 hours" (за последние сутки, خلال الساعات الأربع والعشرين الماضية) is the
  publication day and the day before.
- A day named twice, by a word or a date and by its weekday ("أمس الأربعاء", "اليوم (الخميس)",
  "в понедельник, 26 октября", "Monday, October 26"), is that day, and both must agree: a
  mismatch is an error, never silently one or the other.
- "since X" (с, со, начиная с; منذ) is the range from the first day of X to publication.

Phrases are compared case-insensitively, after the letter folds of `letters.py` (ё/е, Arabic
hamza seats, diacritics, tatweel, bidi marks) and with Arabic-Indic digits read as digits. A
trailing dot on any word is dropped ("Sept. 30", "30 сент."). Pure functions: no I/O, no clock.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta, weekday

from .languages import language_list
from .letters import DIGITS, IGNORABLE, PRESENTATION_FORMS, SAME_LETTER

__all__ = [
    "GRAMMARS",
    "Grammar",
    "NoSuchDay",
    "WrongWeekday",
    "base_language",
    "find_in_text",
    "fold_phrase",
    "read_phrase",
    "spelled_day",
    "supported_languages",
]

Span = tuple[date, date, str]  # earliest, latest, precision ("day", "month" or "range")


class NoSuchDay(ValueError):
    """A day and month that exist in no year: `month` has at most `longest` days."""

    def __init__(self, month: int, longest: int) -> None:
        super().__init__(month, longest)
        self.month = month
        self.longest = longest


_FOLD = str.maketrans({**SAME_LETTER, **{chr(k): chr(v) for k, v in DIGITS.items()}})
_DROP = str.maketrans(dict.fromkeys(IGNORABLE))
# Commas and brackets separate the parts of a phrase ("Monday, October 26", "أمس (الأربعاء)"),
# in Latin and Arabic script alike; the words are what is compared. Other punctuation stays, so
# "September 30, 2015" is still not a phrase.
_SEPARATORS = str.maketrans(dict.fromkeys(",()،", " "))
_EDGE_PUNCTUATION = " ;:!?؛؟"


def fold_phrase(text: str) -> str:
    """The form phrases are compared in: lower case, letters folded, commas and brackets read as
    spaces, one space between words, no trailing dot on any word."""
    text = PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = unicodedata.normalize("NFC", text).lower().translate(_DROP).translate(_FOLD)
    words = [
        word.rstrip(".") for word in text.translate(_SEPARATORS).strip(_EDGE_PUNCTUATION).split()
    ]
    return " ".join(word for word in words if word)


class WrongWeekday(ValueError):
    """A phrase that names a day twice, and the two disagree: "أمس الأربعاء" in an article
    published on a Wednesday (yesterday was a Tuesday)."""

    def __init__(self, day: date, weekday_index: int) -> None:
        super().__init__(day, weekday_index)
        self.day = day
        self.weekday_index = weekday_index


@dataclass(frozen=True, slots=True)
class Grammar:
    """The words one language uses for each rule of this module; every form spelled out."""

    code: str
    name: str
    # Whole phrases naming a day by its distance from publication; a part of day may be added.
    days: Mapping[str, int]
    # Whole phrases that already name a part of the day ("tonight"): nothing may be added.
    whole_days: Mapping[str, int]
    weekdays: Mapping[str, int]  # every form -> 0 (Monday) ... 6 (Sunday)
    months: Mapping[str, int]  # every form -> 1 ... 12
    periods: Mapping[str, str]  # phrase -> this-week, last-week, this-month, last-month
    leads: tuple[str, ...] = ()  # words in front that change nothing: on, in, в, يوم, في
    since: tuple[str, ...] = ()
    parts_before: tuple[str, ...] = ()
    parts_after: tuple[str, ...] = ()
    last_before: tuple[str, ...] = ()  # "прошлый вторник"
    last_after: tuple[str, ...] = ()  # "الثلاثاء الماضي"
    night_before: tuple[str, ...] = ()  # "ночь на" + weekday: the day before and that day
    night_from: tuple[str, ...] = ()  # "ночь с" + weekday + night_to + the next weekday
    night_to: tuple[str, ...] = ("",)
    numbers: Mapping[str, int] = field(default_factory=dict)
    days_ago: str = ""  # pattern with (?P<count>) and {numbers}
    day_suffix: str = ""  # "(?:st|nd|rd|th)?" for English ordinals
    day_month_joiners: tuple[str, ...] = ("",)  # "of" in "30th of September"
    month_first: bool = False  # "September 30" as well as "30 September"
    examples: str = ""


def _forms(table: Mapping[int, str]) -> dict[str, int]:
    """{"понедельник понедельника": 0} -> {"понедельник": 0, "понедельника": 0}."""
    return {fold_phrase(form): value for value, forms in table.items() for form in forms.split()}


def _same(value: int, *phrases: str) -> dict[str, int]:
    return {fold_phrase(phrase): value for phrase in phrases}


def _kind(kind: str, *phrases: str) -> dict[str, str]:
    return {fold_phrase(phrase): kind for phrase in phrases}


ENGLISH = Grammar(
    code="en",
    name="English",
    days={"yesterday": 1, "the day before yesterday": 2, "day before yesterday": 2},
    whole_days={
        "today": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "tonight": 0,
        "last night": 1,
    },
    weekdays=_forms(
        {
            0: "monday mon",
            1: "tuesday tue tues",
            2: "wednesday wed weds",
            3: "thursday thu thur thurs",
            4: "friday fri",
            5: "saturday sat",
            6: "sunday sun",
        }
    ),
    months=_forms(
        {
            1: "january jan",
            2: "february feb",
            3: "march mar",
            4: "april apr",
            5: "may",
            6: "june jun",
            7: "july jul",
            8: "august aug",
            9: "september sep sept",
            10: "october oct",
            11: "november nov",
            12: "december dec",
        }
    ),
    periods={
        "this week": "this-week",
        "earlier this week": "this-week",
        "last week": "last-week",
        "this month": "this-month",
        "earlier this month": "this-month",
        "last month": "last-month",
        "the past 24 hours": "past-day",
        "the last 24 hours": "past-day",
        "past 24 hours": "past-day",
    },
    leads=("on", "in", "over", "during"),
    since=("since",),
    parts_before=(
        "late on",
        "early on",
        "late",
        "early",
        "in the early hours of",
        "in the small hours of",
    ),
    parts_after=("morning", "afternoon", "evening", "night", "overnight"),
    numbers={
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
    },
    days_ago=r"(?P<count>[0-9]{1,5}|{numbers}) days? ago",
    day_suffix="(?:st|nd|rd|th)?",
    day_month_joiners=("", "of"),
    month_first=True,
    examples=(
        "a weekday ('on Wednesday', 'Tuesday night', 'late on Monday'), 'today', 'this "
        "morning', 'tonight', 'last night', 'yesterday', 'the day before yesterday', 'three "
        "days ago', 'this week', 'last week', 'this month', 'earlier this month', 'last month', "
        "a month ('in May'), a month and day ('September 30', '30 Sept.'), and 'since' before "
        "any of them ('since September 30')"
    ),
)

_RU_PARTS = (
    "рано утром",
    "поздно вечером",
    "поздно ночью",
    "утром",
    "днем",
    "вечером",
    "ночью",
    "в первой половине дня",
    "во второй половине дня",
)

RUSSIAN = Grammar(
    code="ru",
    name="Russian",
    days={
        "сегодня": 0,
        "вчера": 1,
        "накануне": 1,
        "днем ранее": 1,
        "позавчера": 2,
        "позапрошлой ночью": 2,
    },
    whole_days={"прошлой ночью": 1, "минувшей ночью": 1},
    weekdays=_forms(
        {
            0: "понедельник понедельника",
            1: "вторник вторника",
            2: "среда среду среды",
            3: "четверг четверга",
            4: "пятница пятницу пятницы",
            5: "суббота субботу субботы",
            6: "воскресенье воскресенья",
        }
    ),
    months=_forms(
        {
            1: "январь января январе янв",
            2: "февраль февраля феврале февр фев",
            3: "март марта марте мар",
            4: "апрель апреля апреле апр",
            5: "май мая мае",
            6: "июнь июня июне июн",
            7: "июль июля июле июл",
            8: "август августа августе авг",
            9: "сентябрь сентября сентябре сент сен",
            10: "октябрь октября октябре окт",
            11: "ноябрь ноября ноябре нояб ноя",
            12: "декабрь декабря декабре дек",
        }
    ),
    periods={
        "на этой неделе": "this-week",
        "на текущей неделе": "this-week",
        "ранее на этой неделе": "this-week",
        "на прошлой неделе": "last-week",
        "на минувшей неделе": "last-week",
        "на прошедшей неделе": "last-week",
        "в этом месяце": "this-month",
        "в текущем месяце": "this-month",
        "ранее в этом месяце": "this-month",
        "в прошлом месяце": "last-month",
        "в минувшем месяце": "last-month",
        "в прошедшем месяце": "last-month",
        "за последние сутки": "past-day",
        "за минувшие сутки": "past-day",
        "за прошедшие сутки": "past-day",
        "в течение последних суток": "past-day",
        "в течение минувших суток": "past-day",
    },
    leads=("в", "во"),
    since=("начиная с", "начиная со", "с", "со"),
    parts_before=_RU_PARTS,
    parts_after=_RU_PARTS,
    last_before=(
        "прошлый",
        "прошлую",
        "прошлое",
        "минувший",
        "минувшую",
        "минувшее",
        "прошедший",
        "прошедшую",
        "прошедшее",
    ),
    night_before=("ночь на",),
    night_from=("ночь с", "ночь со"),
    night_to=("на",),
    numbers={
        "один": 1,
        "одни": 1,
        "два": 2,
        "двое": 2,
        "три": 3,
        "трое": 3,
        "четыре": 4,
        "четверо": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
    },
    days_ago=r"(?:(?P<count>[0-9]{1,5}|{numbers}) )?(?:день|дня|дней|суток|сутки) назад",
    examples=(
        "'сегодня', 'вчера', 'накануне', 'позавчера', a weekday ('во вторник', 'в понедельник "
        "вечером', 'вечером в понедельник', 'в минувшую пятницу'), 'в ночь на вторник', 'в "
        "ночь с понедельника на вторник', 'три дня назад', 'на этой неделе', 'на прошлой "
        "неделе', 'в этом месяце', 'в прошлом месяце', a month ('в октябре'), a day and month "
        "('30 сентября'), and 'с' before any of them ('с 30 сентября')"
    ),
)

_AR_PARTS_BEFORE = (
    "في وقت متأخر من",
    "في وقت مبكر من",
    "في وقت سابق من",
    "في ساعة متأخرة من",
    "في الساعات الأولى من",
    "صباح",
    "ظهر",
    "بعد ظهر",
    "عصر",
    "مساء",
    "فجر",
)

ARABIC = Grammar(
    code="ar",
    name="Arabic",
    days=_same(0, "اليوم")
    | _same(1, "أمس", "الأمس", "بالأمس", "البارحة")
    | _same(2, "أول أمس", "أول من أمس", "أمس الأول"),
    whole_days=_same(0, "هذا الصباح", "هذا المساء", "الليلة")
    | _same(1, "الليلة الماضية", "ليلة أمس", "ليل أمس"),
    weekdays=_forms(
        {
            0: "الاثنين الإثنين اثنين",
            1: "الثلاثاء",
            2: "الأربعاء",
            3: "الخميس",
            4: "الجمعة",
            5: "السبت",
            6: "الأحد",
        }
    ),
    months={
        # Egyptian and Gulf names, then the Syriac names of the Levant and Iraq.
        **_forms(
            {
                1: "يناير",
                2: "فبراير",
                3: "مارس",
                4: "أبريل إبريل ابريل",
                5: "مايو",
                6: "يونيو يونيه",
                7: "يوليو يوليه",
                8: "أغسطس اغسطس",
                9: "سبتمبر",
                10: "أكتوبر",
                11: "نوفمبر",
                12: "ديسمبر",
            }
        ),
        **_same(1, "كانون الثاني"),
        **_same(2, "شباط"),
        **_same(3, "آذار"),
        **_same(4, "نيسان"),
        **_same(5, "أيار"),
        **_same(6, "حزيران"),
        **_same(7, "تموز"),
        **_same(8, "آب"),
        **_same(9, "أيلول"),
        **_same(10, "تشرين الأول"),
        **_same(11, "تشرين الثاني"),
        **_same(12, "كانون الأول"),
    },
    periods=_kind(
        "this-week", "هذا الأسبوع", "الأسبوع الحالي", "الأسبوع الجاري", "في وقت سابق هذا الأسبوع"
    )
    | _kind("last-week", "الأسبوع الماضي", "الأسبوع المنصرم", "الأسبوع الفائت")
    | _kind("this-month", "هذا الشهر", "الشهر الحالي", "الشهر الجاري", "في وقت سابق هذا الشهر")
    | _kind("last-month", "الشهر الماضي", "الشهر المنصرم", "الشهر الفائت")
    | _kind(
        "past-day",
        "الساعات الأربع والعشرين الماضية",
        "الأربع والعشرين ساعة الماضية",
        "الـ24 ساعة الماضية",
        "24 ساعة الماضية",
        "الساعات الـ24 الماضية",
    ),
    leads=("في", "يوم", "خلال", "نهار"),
    day_month_joiners=("", "من"),
    since=("منذ",),
    parts_before=_AR_PARTS_BEFORE,
    parts_after=("صباحا", "ظهرا", "عصرا", "مساء", "ليلا", "فجرا"),
    last_after=("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة"),
    night_before=("ليلة", "ليلة يوم"),
    night_from=("ليل", "ليلة"),
    night_to=("", "إلى", "على"),
    numbers=_same(1, "يوم")
    | _same(2, "يومين")
    | _same(3, "ثلاثة")
    | _same(4, "أربعة")
    | _same(5, "خمسة")
    | _same(6, "ستة")
    | _same(7, "سبعة")
    | _same(8, "ثمانية")
    | _same(9, "تسعة")
    | _same(10, "عشرة"),
    days_ago=r"قبل (?P<count>[0-9]{1,5}|{numbers})(?: (?:ايام|يوما|يوم))?",
    examples=(
        "'اليوم', 'أمس', 'أول أمس', a weekday ('يوم الاثنين', 'مساء الاثنين', 'الثلاثاء "
        "الماضي', 'في وقت متأخر من يوم الاثنين'), 'ليلة الثلاثاء', 'ليل الاثنين الثلاثاء', "
        "'قبل ثلاثة أيام', 'هذا الأسبوع', 'الأسبوع الماضي', 'هذا الشهر', 'الشهر الماضي', a "
        "month ('في أيلول', 'في سبتمبر'), a day and month ('30 أيلول/سبتمبر'), and 'منذ' "
        "before any of them ('منذ 30 سبتمبر')"
    ),
)

GRAMMARS: dict[str, Grammar] = {g.code: g for g in (ARABIC, ENGLISH, RUSSIAN)}


def supported_languages() -> str:
    """ "Arabic (ar), English (en) and Russian (ru)", for messages."""
    return language_list(sorted(GRAMMARS))


def base_language(language: str) -> str:
    """ "ru-RU" -> "ru": a phrase table serves every regional variant of its language."""
    return language.split("-", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class _Compiled:
    grammar: Grammar
    weekday: re.Pattern[str]  # a weekday, with "last" before or after it
    night_before: re.Pattern[str]
    night_between: re.Pattern[str]
    days_ago: re.Pattern[str] | None
    day_month: re.Pattern[str]
    month_day: re.Pattern[str] | None
    month: re.Pattern[str]
    weekday_then: re.Pattern[str]  # "в понедельник, 26 октября": a weekday, then the day
    then_weekday: re.Pattern[str]  # "أمس (الأربعاء)": the day, then its weekday
    # (words, at the start or the end, a part of the day or a lead), longest first
    strippable: tuple[tuple[str, bool, bool], ...]


def _alternatives(words: Iterable[str]) -> str:
    forms = sorted({fold_phrase(w) for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(f) for f in forms) or "(?!)"


@cache
def _compiled(code: str) -> _Compiled:
    g = GRAMMARS[code]
    weekday = _alternatives(g.weekdays)
    month = _alternatives(g.months)
    # "30 أيلول/سبتمبر", "29 تشرين الأول / أكتوبر", "30 ايلول (سبتمبر) الماضي": one month in
    # both of the Arabic calendars' names, and "last" after it.
    last_after = _alternatives(g.last_after)
    months = rf"(?P<month>{month})(?: ?/? ?(?P<month2>{month}))?(?: (?P<month_last>{last_after}))?"
    leads = _alternatives(g.leads)
    day = rf"(?P<day>[0-9]{{1,2}}){g.day_suffix}"
    joiners = "|".join(f"{re.escape(fold_phrase(j))} " for j in g.day_month_joiners if j)
    joiner = f"(?:{joiners})?" if joiners else ""
    to = "|".join(f" {re.escape(fold_phrase(t))}" if t else "" for t in g.night_to)
    days_ago = None
    if g.days_ago:
        pattern = g.days_ago.replace("{numbers}", _alternatives(g.numbers))
        days_ago = re.compile(unicodedata.normalize("NFC", pattern).translate(_FOLD))
    strippable = sorted(
        [(fold_phrase(w), True, False) for w in g.leads]
        + [(fold_phrase(w), True, True) for w in g.parts_before]
        + [(fold_phrase(w), False, True) for w in g.parts_after],
        key=lambda item: (-len(item[0]), item),
    )
    return _Compiled(
        grammar=g,
        weekday=re.compile(
            rf"(?:(?P<last_before>{_alternatives(g.last_before)}) )?(?P<weekday>{weekday})"
            rf"(?: (?P<last_after>{_alternatives(g.last_after)}))?"
        ),
        night_before=re.compile(rf"(?:{_alternatives(g.night_before)}) (?P<weekday>{weekday})"),
        night_between=re.compile(
            rf"(?:{_alternatives(g.night_from)}) (?P<first>{weekday})(?:{to}) (?P<second>{weekday})"
        ),
        days_ago=days_ago,
        day_month=re.compile(rf"{day} {joiner}{months}"),
        month_day=re.compile(rf"{months} {day}") if g.month_first else None,
        month=re.compile(months),
        weekday_then=re.compile(rf"(?:(?:{leads}) )?(?P<weekday>{weekday}) (?P<rest>.+)"),
        then_weekday=re.compile(rf"(?P<rest>.+?) (?:(?:{leads}) )?(?P<weekday>{weekday})"),
        strippable=tuple(strippable),
    )


def read_phrase(phrase: str, language: str, anchor: date) -> Span | None:
    """The span `phrase` names in `language`, read against the day `anchor`; None when the
    language's table does not know it. Raises `NoSuchDay` for a day and month that exist in no
    year, `WrongWeekday` for a day named twice that disagrees with itself, and
    OverflowError/ValueError for a day before 1 January of year 1."""
    grammar = GRAMMARS.get(base_language(language))
    if grammar is None:
        return None
    compiled = _compiled(grammar.code)
    text = fold_phrase(phrase)
    for since in sorted((fold_phrase(s) for s in grammar.since), key=len, reverse=True):
        if text.startswith(since + " "):
            span = _read(compiled, text[len(since) + 1 :], anchor)
            return None if span is None else (span[0], anchor, "range")
    return _read(compiled, text, anchor)


def _read(compiled: _Compiled, text: str, anchor: date) -> Span | None:
    parted = False
    while text:
        span = _core(compiled, text, anchor, parted)
        if span is not None:
            return span
        for words, at_start, is_part in compiled.strippable:
            if at_start and text.startswith(words + " "):
                text = text[len(words) + 1 :]
            elif not at_start and text.endswith(" " + words):
                text = text[: -len(words) - 1]
            else:
                continue
            parted = parted or is_part
            break
        else:
            return None
    return None


def _core(compiled: _Compiled, text: str, anchor: date, parted: bool) -> Span | None:
    g = compiled.grammar
    if text in g.days:
        return _day(anchor - timedelta(days=g.days[text]))
    if not parted and text in g.whole_days:
        return _day(anchor - timedelta(days=g.whole_days[text]))
    if match := compiled.weekday.fullmatch(text):
        index = g.weekdays[match["weekday"]]
        strictly_before = bool(match["last_before"] or match["last_after"])
        return _day(_latest_weekday(index, anchor, strictly_before))
    if match := compiled.night_before.fullmatch(text):
        night_end = _latest_weekday(g.weekdays[match["weekday"]], anchor, False)
        return (night_end - timedelta(days=1), night_end, "range")
    if match := compiled.night_between.fullmatch(text):
        first, second = g.weekdays[match["first"]], g.weekdays[match["second"]]
        if (first + 1) % 7 != second:
            return None
        night_end = _latest_weekday(second, anchor, False)
        return (night_end - timedelta(days=1), night_end, "range")
    if compiled.days_ago is not None and (match := compiled.days_ago.fullmatch(text)):
        count = match["count"] or "1"
        days = g.numbers[count] if count in g.numbers else int(count)
        return _day(anchor - timedelta(days=days))
    match = compiled.day_month.fullmatch(text)
    if match is None and compiled.month_day is not None:
        match = compiled.month_day.fullmatch(text)
    if match is not None:
        month = _month(g, match)
        return None if month is None else _day(_latest_month_day(month, int(match["day"]), anchor))
    if not parted:
        if text in g.periods:
            return _period(g.periods[text], anchor)
        if alone := compiled.month.fullmatch(text):
            month = _month(g, alone)
            if month is None:
                return None
            # "أيلول الماضي" in a September article is the September before.
            newest = anchor.month - 1 if alone["month_last"] else anchor.month
            year = anchor.year if month <= newest else anchor.year - 1
            return (date(year, month, 1), _last_day_of_month(year, month), "month")
    return _named_twice(compiled, text, anchor, parted)


def _named_twice(compiled: _Compiled, text: str, anchor: date, parted: bool) -> Span | None:
    """A day named twice, once by its weekday: "أمس الأربعاء", "اليوم (الخميس)", "в понедельник,
    26 октября", "Monday, October 26". Both must name the same day (`WrongWeekday` if not)."""
    for pattern in (compiled.weekday_then, compiled.then_weekday):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        span = _core(compiled, match["rest"], anchor, parted)
        if span is None or span[2] != "day":
            continue
        index = compiled.grammar.weekdays[match["weekday"]]
        if span[0].weekday() != index:
            raise WrongWeekday(span[0], index)
        return span
    return None


def _month(g: Grammar, match: re.Match[str]) -> int | None:
    month = g.months[match["month"]]
    if match["month2"] is not None and g.months[match["month2"]] != month:
        return None  # "أيلول/أكتوبر" names two months
    return month


def _day(day: date) -> Span:
    return (day, day, "day")


def _latest_weekday(index: int, anchor: date, strictly_before: bool) -> date:
    start = anchor - timedelta(days=1) if strictly_before else anchor
    return start + relativedelta(weekday=weekday(index)(-1))


def _period(kind: str, anchor: date) -> Span:
    monday = anchor - timedelta(days=anchor.weekday())
    if kind == "this-week":
        return (monday, anchor, "range")
    if kind == "last-week":
        return (monday - timedelta(days=7), monday - timedelta(days=1), "range")
    if kind == "this-month":
        return (anchor.replace(day=1), anchor, "range")
    if kind == "past-day":
        return (anchor - timedelta(days=1), anchor, "range")
    first = anchor + relativedelta(months=-1, day=1)
    return (first, _last_day_of_month(first.year, first.month), "month")


def _latest_month_day(month: int, day: int, anchor: date) -> date:
    # 2000 is a leap year, so this admits 29 February and nothing impossible in every year.
    longest = calendar.monthrange(2000, month)[1]
    if not 1 <= day <= longest:
        raise NoSuchDay(month, longest)
    year = anchor.year
    # 29 February may need up to eight years back (1896 -> 1904 skips 1900).
    for _ in range(9):
        if day <= _last_day_of_month(year, month).day and date(year, month, day) <= anchor:
            return date(year, month, day)
        year -= 1
    raise OverflowError  # pragma: no cover - only near year 1


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- phrases in running text (factdesk extract) ----------------------------------------------

_TOKEN = re.compile(r"\S+")
_OPENING = '«"“„(['
_CLOSING = ',.;:!?»"”)]'
_LONGEST_PHRASE = 8  # words
_YEAR_WORDS = {"ru": ("года", "г"), "ar": ("م",)}
_WITH_YEAR = re.compile(r"(?P<phrase>.+?) (?P<year>[0-9]{4})(?: (?:года|г|م))?")
_AROUND = date(2001, 1, 1)  # any day will do to recognise a phrase


def find_in_text(text: str, language: str) -> list[str]:
    """The date phrases of `language` in a sentence of running text, as the sentence words
    them, longest first from the left: "заявил во вторник, что" gives "во вторник". A day and
    month followed by its year ("30 сентября 2015 года") is given with the year, for
    `spelled_day`. Words that are only dates in some sentences are left out when they stand
    alone: a bare Russian weekday or month ("среда" is also "environment"), and накануне
    before a noun ("накануне выборов", on the eve of the elections)."""
    grammar = GRAMMARS.get(base_language(language))
    if grammar is None:
        return []
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + _LONGEST_PHRASE) - 1, i - 1, -1):
            start = tokens[i][0] + _edge(text[tokens[i][0] : tokens[i][1]], _OPENING)
            end = tokens[j][1] - _edge(text[tokens[j][0] : tokens[j][1]][::-1], _CLOSING)
            # A closing mark inside the window (“...”, Tuesday) ends the phrase before it.
            inner = text[start:end]
            if end <= start or any(c in _CLOSING[1:] for c in inner[:-1] if c not in ".,"):
                continue
            if not _is_date_phrase(grammar, inner, text[end:]):
                continue
            year = _year_after(text, end, tokens, j, grammar.code)
            found.append(text[start:year] if year else inner)
            i = j + 1 + (_count_tokens(text[end:year]) if year else 0)
            break
        else:
            i += 1
    return found


def _edge(token: str, marks: str) -> int:
    return len(token) - len(token.lstrip(marks))


def _count_tokens(text: str) -> int:
    return len(text.split())


def _is_date_phrase(grammar: Grammar, words: str, rest: str) -> bool:
    folded = fold_phrase(words)
    alone = " " not in folded
    if grammar.code == "ru" and alone and (folded in grammar.weekdays or folded in grammar.months):
        return False
    if grammar.code == "ru" and folded.endswith("накануне"):
        following = rest.lstrip()
        parts = {fold_phrase(p) for p in grammar.parts_after}
        if following[:1].isalpha() and fold_phrase(following.split()[0]) not in parts:
            return False
    try:
        return read_phrase(words, grammar.code, _AROUND) is not None
    except (NoSuchDay, WrongWeekday):
        return True  # a date phrase with a problem the resolver will name


def _year_after(text: str, end: int, tokens: list[tuple[int, int]], j: int, code: str) -> int:
    """Where a year right after a day-and-month phrase ends (0 for none)."""
    if j + 1 >= len(tokens):
        return 0
    start, stop = tokens[j + 1]
    year = text[start:stop].rstrip(_CLOSING).translate(_FOLD)
    if not (len(year) == 4 and year.isdigit()):
        return 0
    stop = start + len(text[start:stop].rstrip(_CLOSING))
    if j + 2 < len(tokens):
        word_start, word_stop = tokens[j + 2]
        word = fold_phrase(text[word_start:word_stop])
        if word in _YEAR_WORDS.get(code, ()):
            stop = word_start + len(text[word_start:word_stop].rstrip(',;:!?»"”)]'))
    return stop


def spelled_day(words: str, language: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a day, month and year written out ("30 сентября 2015 года",
    "30 أيلول/سبتمبر 2015"), or None when `words` is not one. The day is not checked against
    the month: the caller reads the result as an explicit date, which is."""
    grammar = GRAMMARS.get(base_language(language))
    if grammar is None or grammar.code == "en":
        return None
    matched = _WITH_YEAR.fullmatch(fold_phrase(words))
    if matched is None:
        return None
    compiled = _compiled(grammar.code)
    text = matched["phrase"]
    for lead in sorted((fold_phrase(w) for w in grammar.leads), key=len, reverse=True):
        if text.startswith(lead + " "):
            text = text[len(lead) + 1 :]
            break
    day_month = compiled.day_month.fullmatch(text)
    if day_month is None:
        return None
    month = _month(grammar, day_month)
    if month is None:
        return None
    return int(matched["year"]), month, int(day_month["day"])
