"""Date forms and article date phrases -> `FuzzyDate`.

Takes text. `parse_date` reads the explicit forms editors write in YAML (`2015-10-06`, `2015-10`,
`2015`, `~2015-10-06`, `2015-09-30/2015-10-07`). `resolve_phrase` reads a phrase quoted from an
article ("on Wednesday", "last week", "since Sept. 30") against the article's publication date.
Both return an immutable `FuzzyDate`: the earliest and latest day it may mean, its precision,
whether it is approximate, the text it came from and, for resolved phrases, a one-line reasoning
an editor can check. Text that cannot be read raises `DateError` (a `ValueError` with `.message`
and `.hint`), which the validate stage turns into a Diagnostic.

Pure functions: no I/O, no clock, no locale. Month and weekday names come from the English tables
below, never from strftime, so output is byte-identical on every machine.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta, weekday

Precision = Literal["day", "month", "year", "range"]

__all__ = [
    "DateError",
    "FuzzyDate",
    "Precision",
    "find_phrases",
    "is_explicit",
    "parse_date",
    "resolve_phrase",
    "spelled_out",
]

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = MONTH_NAMES
_MONTH_ABBREVIATIONS = tuple(name[:3] for name in _MONTH_NAMES)
_WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Sorting: with equal earliest and latest days the more precise form comes first.
_PRECISION_RANK: dict[str, int] = {"day": 0, "month": 1, "range": 2, "year": 3}

# ASCII digits only: `\d` would also accept Arabic-Indic and other digits, which int() reads.
_PERIOD_SHAPE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
_EXPLICIT_RE = re.compile(
    rf"(?P<approx>~?)(?P<start>{_PERIOD_SHAPE})(?:/(?P<end>{_PERIOD_SHAPE}))?"
)
_PERIOD_RE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")

_FORMS_HINT = (
    "accepted forms: 2026-10-06 (a day), 2026-10 (a month), 2026 (a year), "
    "~ once in front for an approximate date (~2026-10-06), "
    "and START/END for a range (2026-09-30/2026-10-07, 2026-09/2026-11)"
)

_PHRASES_HINT = (
    "known phrases: a weekday ('on Wednesday', 'Tuesday night'), 'today', 'this morning', "
    "'tonight', 'last night', 'yesterday', 'the day before yesterday', 'three days ago', "
    "'this week', 'last week', 'this month', 'earlier this month', 'last month', "
    "a month ('in May'), a month and day ('September 30', '30 Sept.'), "
    "and 'since' before any of them ('since September 30'); "
    "a date with its year is written as an explicit date instead (2026-09-30)"
)

_WEEKDAY_PATTERN = (
    r"(?P<weekday>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
)
_MONTH_PATTERN = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_PATTERN = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_NUMBER_WORDS = {
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
}

_LEAD_RE = re.compile(r"(?:(?P<lead>on|in|since)\s+)?(?P<rest>.+)")
_PART_OF_DAY_RE = re.compile(
    r"(?P<core>.+?)(?:\s+(?P<part>morning|afternoon|evening|night|overnight))?"
)
_WEEKDAY_RE = re.compile(_WEEKDAY_PATTERN)
_MONTH_RE = re.compile(_MONTH_PATTERN)
_MONTH_DAY_RE = re.compile(rf"{_MONTH_PATTERN}\s+{_DAY_PATTERN}")
_DAY_MONTH_RE = re.compile(rf"{_DAY_PATTERN}\s+(?:of\s+)?{_MONTH_PATTERN}")
_DAYS_AGO_RE = re.compile(rf"(?P<count>[0-9]{{1,5}}|{'|'.join(_NUMBER_WORDS)})\s+days?\s+ago")
_YEAR_PATTERN = r",?\s+(?P<year>[0-9]{4})"
_SPELLED_RES = (
    re.compile(rf"(?:(?:on|in|since)\s+)?{_MONTH_PATTERN}\s+{_DAY_PATTERN}{_YEAR_PATTERN}"),
    re.compile(
        rf"(?:(?:on|in|since)\s+)?{_DAY_PATTERN}\s+(?:of\s+)?{_MONTH_PATTERN}{_YEAR_PATTERN}"
    ),
)

# Date phrases in running text, for `find_phrases`. Names count only capitalised, as English
# prints them, so "may" in "it may be" is no month; abbreviations need their full stop.
_NAMED_MONTH = "|".join(
    [*MONTH_NAMES, *(rf"{name[:3]}\." for name in MONTH_NAMES if len(name) > 3), r"Sept\."]
)
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_IN_TEXT_RE = re.compile(
    rf"\b(?:(?i:since|on|in)\s+)?(?:"
    rf"(?:{'|'.join(WEEKDAY_NAMES)}){_PART_OF_DAY}"
    rf"|(?:{_NAMED_MONTH})\s+[0-9]{{1,2}}(?:st|nd|rd|th)?\b(?:,\s+[0-9]{{4}}\b)?"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_NAMED_MONTH})(?:\s+[0-9]{{4}}\b)?"
    rf"|(?i:the\s+day\s+before\s+yesterday|yesterday){_PART_OF_DAY}"
    rf"|(?i:today|tonight|this\s+morning|this\s+afternoon|this\s+evening|last\s+night)\b"
    rf"|(?i:earlier\s+this\s+week|this\s+week|last\s+week|earlier\s+this\s+month"
    rf"|this\s+month|last\s+month)\b"
    rf"|(?i:(?:[0-9]{{1,3}}|{'|'.join(_NUMBER_WORDS)})\s+days?\s+ago)\b"
    rf")"
    rf"|\b(?i:in|since)\s+(?:{'|'.join(MONTH_NAMES)})\b(?!\s+[0-9])"
)

# Whole phrases naming a day by its distance from the publication day; no part of day may follow.
_DAY_PHRASES = {
    "today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tonight": 0,
    "last night": 1,
}
# Phrases that may take a part of day after them ("yesterday morning").
_DAY_CORES = {
    "yesterday": 1,
    "the day before yesterday": 2,
    "day before yesterday": 2,
}


class DateError(ValueError):
    """A date or date phrase factdesk cannot read; `message` says what, `hint` how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        # Both in args so the exception pickles and copies with its hint.
        super().__init__(message, hint)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as precise as its source: every day from `earliest` to `latest` inclusive.

    The span must fit the precision (checked on construction, `DateError` otherwise): "day" is
    one day, "month" one whole calendar month, "year" one whole calendar year, "range" any span
    with earliest <= latest.
    """

    earliest: date
    latest: date
    precision: Precision
    approximate: bool = False
    original: str = ""
    reasoning: str = ""

    def __post_init__(self) -> None:
        first, last = self.earliest, self.latest
        if first > last:
            raise DateError(f"date range ends ({last}) before it starts ({first})")
        if self.precision == "day":
            fits = first == last
        elif self.precision == "month":
            fits = first.day == 1 and last == _last_day_of_month(first.year, first.month)
        elif self.precision == "year":
            fits = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
                first.year == last.year
            )
        else:
            fits = self.precision == "range"
        if not fits:
            raise DateError(f"{first}..{last} is not one {self.precision}")

    def sort_key(self) -> tuple[date, date, int]:
        """(earliest, latest, precision rank) for chronological sorting.

        Dates starting on the same day sort by the day they end, then by precision:
        day < month < range < year. So "2015-10" sorts before "2015-10-01/2015-10-31" and
        "2015/2015" before "2015". `approximate` is not part of the key: "~2015-10-06" and
        "2015-10-06" tie and a stable sort keeps their input order.
        """
        return (self.earliest, self.latest, _PRECISION_RANK[self.precision])

    def iso(self) -> str:
        """Canonical machine form, read back unchanged by `parse_date`.

        "2015-10-06", "2015-10", "2015", a leading "~" when approximate ("~2015-10-06"), and
        ranges always as two days, "2015-09-30/2015-10-07", whatever form they were written in.
        """
        prefix = "~" if self.approximate else ""
        first = self.earliest
        if self.precision == "day":
            return f"{prefix}{first.isoformat()}"
        if self.precision == "month":
            return f"{prefix}{first.year:04d}-{first.month:02d}"
        if self.precision == "year":
            return f"{prefix}{first.year:04d}"
        return f"{prefix}{first.isoformat()}/{self.latest.isoformat()}"

    def display(self) -> str:
        """Human form in English: "6 October 2015", "October 2015", "2015", "about ..." if
        approximate.

        Ranges name the year once when both ends share it, the month once when both ends share
        it, and whole months or years by name: "30 September – 7 October 2015",
        "1 – 7 October 2015", "30 December 2015 – 2 January 2016", "September – November 2015",
        "2014 – 2016". A range of one day shows as that day.
        """
        prefix = "about " if self.approximate else ""
        if self.precision == "day":
            return prefix + _long_day(self.earliest)
        if self.precision == "month":
            return prefix + _long_month(self.earliest)
        if self.precision == "year":
            return f"{prefix}{self.earliest.year}"
        return prefix + _display_range(self.earliest, self.latest)

    @property
    def is_relative(self) -> bool:
        """True when this date was resolved from an article phrase (it carries reasoning)."""
        return self.reasoning != ""


def is_explicit(text: str) -> bool:
    """True if `text` has the shape of an explicit form `parse_date` reads.

    Shape only: "2015-02-30" and "2015-13" count, though `parse_date` refuses them.
    """
    return _EXPLICIT_RE.fullmatch(text.strip()) is not None


def parse_date(text: str) -> FuzzyDate:
    """Read an explicit date an editor wrote.

    Forms: a day 2015-10-06, a month 2015-10, a year 2015; "~" once in front of the whole text
    marks it approximate (~2015-10-06, ~2015-10, ~2015, ~2015-09-30/2015-10-07); START/END is a
    range of any two of those forms, from the first day of START to the last day of END
    (2015-09/2015-11 is 1 September to 30 November 2015). White space around the text is ignored
    and not kept in `original`; none is allowed inside. A range that ends before it starts, an
    impossible calendar date (2015-02-30, month 13, year 0000) or any other text raises
    `DateError`.
    """
    stripped = text.strip()
    match = _EXPLICIT_RE.fullmatch(stripped)
    if match is None:
        if not stripped:
            raise DateError("the date is empty", _FORMS_HINT)
        raise DateError(f"{_quote(stripped)} is not a date factdesk can read", _FORMS_HINT)
    approximate = match["approx"] == "~"
    start_first, start_last, precision = _read_period(match["start"], stripped)
    if match["end"] is None:
        return FuzzyDate(start_first, start_last, precision, approximate, stripped)
    _, end_last, _ = _read_period(match["end"], stripped)
    if end_last < start_first:
        raise DateError(
            f"the range {_quote(stripped)} ends ({_long_day(end_last)}) "
            f"before it starts ({_long_day(start_first)})",
            "write the earlier date first: START/END",
        )
    return FuzzyDate(start_first, end_last, "range", approximate, stripped)


def resolve_phrase(phrase: str, published: FuzzyDate) -> FuzzyDate:
    """Resolve a date phrase from an article against the article's publication date.

    Case-insensitive; an optional "on"/"in"/"since" in front, an optional part of day
    ("morning", "afternoon", "evening", "night", "overnight") after a phrase naming one day, and
    a trailing period are allowed. News convention: a weekday, month or month-and-day means the
    most recent one on or before publication, so "Wednesday" in a Wednesday article is that day.
    "since X" is the range from the start of X to the publication day. "last week" is Monday to
    Sunday of the ISO week before publication; "this week" and "this month" run to the
    publication day.

    A publication date that is approximate or wider than a day is read as its latest day and the
    result is marked approximate; a year-only publication date raises `DateError`. The result's
    `original` is the phrase without surrounding white space and `reasoning` reads
    "'Wednesday' in an article published Tue 6 Oct 2015 → Wed 30 Sep 2015".
    """
    stripped = phrase.strip()
    if published.precision == "year":
        raise DateError(
            f"the article's publication date {published.iso()} gives only a year, "
            f"too vague to resolve {_quote(stripped)}",
            "give the article a publication day, e.g. 2015-10-07 (or ~2015-10-07 if unsure)",
        )
    anchor = published.latest
    inexact = published.approximate or published.precision != "day"
    try:
        first, last, precision = _resolve_span(_normalise(stripped), anchor, stripped)
    except (OverflowError, ValueError) as error:
        if isinstance(error, DateError):
            raise
        # Phrases only look back, so this is reachable only near 1 January of year 1.
        raise DateError(
            f"{_quote(stripped)} falls outside the calendar factdesk can handle", _PHRASES_HINT
        ) from None
    result = FuzzyDate(first, last, precision, inexact, stripped)
    about = "about " if inexact else ""
    note = ""
    if published.precision != "day":
        note = f" (publication date {published.iso()} is not one day; its last day was used)"
    reasoning = (
        f"'{stripped}' in an article published {about}{_short_day(anchor)}"
        f" → {about}{_short(result)}{note}"
    )
    return replace(result, reasoning=reasoning)


def find_phrases(text: str) -> list[str]:
    """The date phrases in a sentence of running text, as the sentence words them: the forms
    `resolve_phrase` reads ("on Wednesday morning", "since Sept. 30", "three days ago") and
    dates with their year ("September 30, 2015"), which `spelled_out` reads."""
    return [found.group().strip() for found in _IN_TEXT_RE.finditer(text)]


def spelled_out(words: str) -> FuzzyDate | None:
    """A date written out with its year ("September 30, 2015", "on 30 Sept. 2015") as the
    explicit day it names, which needs no publication date; None when `words` is no such date.
    Raises `DateError` for a day the month does not have."""
    text = _normalise(words)
    for pattern in _SPELLED_RES:
        found = pattern.fullmatch(text)
        if found is not None:
            month, day = _month_number(found["month"]), int(found["day"])
            return parse_date(f"{int(found['year']):04d}-{month:02d}-{day:02d}")
    return None


def _resolve_span(text: str, anchor: date, phrase: str) -> tuple[date, date, Precision]:
    lead_match = _LEAD_RE.fullmatch(text)
    if lead_match is None:
        raise _unknown_phrase(phrase)
    lead, rest = lead_match["lead"], lead_match["rest"]
    span = _day_phrase_span(rest, anchor, phrase)
    if span is None:
        raise _unknown_phrase(phrase)
    if lead == "since":
        return (span[0], anchor, "range")
    return span


def _day_phrase_span(rest: str, anchor: date, phrase: str) -> tuple[date, date, Precision] | None:
    if rest in _DAY_PHRASES:
        named = anchor - timedelta(days=_DAY_PHRASES[rest])
        return (named, named, "day")
    split = _PART_OF_DAY_RE.fullmatch(rest)
    if split is None:  # pragma: no cover - ".+?" matches any non-empty text
        return None
    core, part = split["core"], split["part"]
    day = _single_day(core, anchor, phrase)
    if day is not None:
        return (day, day, "day")
    if part is None:
        return _period(core, anchor)
    return None


def _single_day(core: str, anchor: date, phrase: str) -> date | None:
    if core in _DAY_CORES:
        return anchor - timedelta(days=_DAY_CORES[core])
    if match := _WEEKDAY_RE.fullmatch(core):
        index = _WEEKDAY_ABBREVIATIONS.index(match["weekday"][:3].title())
        return anchor + relativedelta(weekday=weekday(index)(-1))
    if match := _DAYS_AGO_RE.fullmatch(core):
        count = match["count"]
        days = _NUMBER_WORDS[count] if count in _NUMBER_WORDS else int(count)
        return anchor - timedelta(days=days)
    match = _MONTH_DAY_RE.fullmatch(core) or _DAY_MONTH_RE.fullmatch(core)
    if match:
        return _recent_month_day(_month_number(match["month"]), int(match["day"]), anchor, phrase)
    return None


def _period(core: str, anchor: date) -> tuple[date, date, Precision] | None:
    monday = anchor + relativedelta(weekday=weekday(0)(-1))
    if core in ("this week", "earlier this week"):
        return (monday, anchor, "range")
    if core == "last week":
        return (monday - timedelta(days=7), monday - timedelta(days=1), "range")
    if core in ("this month", "earlier this month"):
        return (anchor.replace(day=1), anchor, "range")
    if core == "last month":
        first = anchor + relativedelta(months=-1, day=1)
        return (first, _last_day_of_month(first.year, first.month), "month")
    if match := _MONTH_RE.fullmatch(core):
        month = _month_number(match["month"])
        year = anchor.year if month <= anchor.month else anchor.year - 1
        return (date(year, month, 1), _last_day_of_month(year, month), "month")
    return None


def _recent_month_day(month: int, day: int, anchor: date, phrase: str) -> date:
    # 2000 is a leap year, so this admits 29 February and nothing impossible in every year.
    longest = calendar.monthrange(2000, month)[1]
    if not 1 <= day <= longest:
        raise DateError(
            f"{_quote(phrase)} names a day that does not exist: "
            f"{_MONTH_NAMES[month - 1]} has {longest} days",
            _PHRASES_HINT,
        )
    year = anchor.year
    # 29 February may need up to eight years back (1896 -> 1904 skips 1900).
    for _ in range(9):
        if day <= _last_day_of_month(year, month).day and date(year, month, day) <= anchor:
            return date(year, month, day)
        year -= 1
    raise OverflowError  # pragma: no cover - only near year 1


def _read_period(text: str, whole: str) -> tuple[date, date, Precision]:
    match = _PERIOD_RE.fullmatch(text)
    if match is None:  # pragma: no cover - _EXPLICIT_RE admitted only this shape
        raise DateError(f"{_quote(whole)} is not a date factdesk can read", _FORMS_HINT)
    year = int(match["year"])
    if year == 0:
        raise DateError(f"{_quote(whole)} has year 0000; years start at 0001", _FORMS_HINT)
    if match["month"] is None:
        return (date(year, 1, 1), date(year, 12, 31), "year")
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise DateError(
            f"{_quote(whole)} has month {match['month']}; months run from 01 to 12", _FORMS_HINT
        )
    last = _last_day_of_month(year, month)
    if match["day"] is None:
        return (date(year, month, 1), last, "month")
    day = int(match["day"])
    if not 1 <= day <= last.day:
        raise DateError(
            f"{_quote(whole)} is not a real date: {_MONTH_NAMES[month - 1]} {year} has days "
            f"01 to {last.day}",
            _FORMS_HINT,
        )
    return (date(year, month, day), date(year, month, day), "day")


def _normalise(text: str) -> str:
    words = text.lower().split()
    if words and words[-1].endswith("."):
        words[-1] = words[-1][:-1]
    return " ".join(word for word in words if word)


def _unknown_phrase(text: str) -> DateError:
    if not text:
        return DateError("the date phrase is empty", _PHRASES_HINT)
    return DateError(f"{_quote(text)} is not a date phrase factdesk can resolve", _PHRASES_HINT)


def _quote(text: str) -> str:
    # Editors paste whole paragraphs by mistake; a message should still fit on a line.
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}...'"


def _month_number(name: str) -> int:
    return _MONTH_ABBREVIATIONS.index(name[:3].title()) + 1


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _long_day(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _long_month(day: date) -> str:
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}"


def _display_range(first: date, last: date) -> str:
    if first == last:
        return _long_day(first)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        if first.year == last.year:
            return str(first.year)
        return f"{first.year} – {last.year}"
    if first.day == 1 and last == _last_day_of_month(last.year, last.month):
        if (first.year, first.month) == (last.year, last.month):
            return _long_month(first)
        if first.year == last.year:
            return f"{_MONTH_NAMES[first.month - 1]} – {_long_month(last)}"
        return f"{_long_month(first)} – {_long_month(last)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {_long_day(last)}"
    if first.year == last.year:
        return f"{first.day} {_MONTH_NAMES[first.month - 1]} – {_long_day(last)}"
    return f"{_long_day(first)} – {_long_day(last)}"


def _short_day(day: date, *, with_year: bool = True) -> str:
    text = (
        f"{_WEEKDAY_ABBREVIATIONS[day.weekday()]} {day.day} {_MONTH_ABBREVIATIONS[day.month - 1]}"
    )
    return f"{text} {day.year}" if with_year else text


def _short(fuzzy: FuzzyDate) -> str:
    """The reasoning's style: "Wed 30 Sep 2015", "Sep 2015", "Mon 28 Sep – Sun 4 Oct 2015"."""
    first, last = fuzzy.earliest, fuzzy.latest
    if fuzzy.precision == "day":
        return _short_day(first)
    if fuzzy.precision == "month":
        return f"{_MONTH_ABBREVIATIONS[first.month - 1]} {first.year}"
    if fuzzy.precision == "year":  # pragma: no cover - phrases never resolve to a year
        return str(first.year)
    return f"{_short_day(first, with_year=first.year != last.year)} – {_short_day(last)}"
