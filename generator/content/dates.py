"""Date forms and article date phrases -> `FuzzyDate`.

Takes text. `parse_date` reads the explicit forms editors write in YAML (`2015-10-06`, `2015-10`,
`2015`, `~2015-10-06`, `2015-09-30/2015-10-07`). `resolve_phrase` reads a phrase quoted from an
article ("on Wednesday", "во вторник", "يوم الاثنين", "since Sept. 30") against the article's
publication date, in the article's language (the tables and rules are in `phrases.py`). Both
return an immutable `FuzzyDate`: the earliest and latest day it may mean, its precision, whether
it is approximate, the text it came from and, for resolved phrases, how it was worked out
(`derivation`) and the one-line reasoning an editor can check. Text that cannot be read raises
`DateError` (a `ValueError` with `.message`, `.hint` and `.code`), which the resolve stage turns
into a Diagnostic.

Dates are shown through `DateWords`: `ENGLISH` here (the checker's messages, the English site),
and one per site language built from the message catalogues in `generator/site/interface.py`,
so the rules for ranges and approximate dates are written once.

Pure functions: no I/O, no clock, no locale. Month and weekday names come from the English tables
below, never from strftime, so output is byte-identical on every machine.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal, Protocol, cast

from .languages import language_name
from .phrases import (
    GRAMMARS,
    NoSuchDay,
    WrongWeekday,
    base_language,
    find_in_text,
    read_phrase,
    spelled_day,
    supported_languages,
)

Precision = Literal["day", "month", "year", "range"]

__all__ = [
    "ENGLISH",
    "DateError",
    "DateWords",
    "Derivation",
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
_MONTH_NAMES = MONTH_NAMES
_MONTH_ABBREVIATIONS = tuple(name[:3] for name in _MONTH_NAMES)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NAMES = WEEKDAY_NAMES
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

# Where a phrase has a year it is no longer relative: the explicit form says it better.
_EXPLICIT_INSTEAD = "a date with its year is written as an explicit date instead (2026-09-30)"
_UNREADABLE_LANGUAGE_CODE = "FD140"


# English dates written out with their year ("September 30, 2015"), and date phrases in running
# English text, for `spelled_out` and `find_phrases` (factdesk extract).
_MONTH_PATTERN = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_PATTERN = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
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


def _phrases_hint(language: str) -> str:
    grammar = GRAMMARS[base_language(language)]
    return f"known {grammar.name} phrases: {grammar.examples}; {_EXPLICIT_INSTEAD}"


class DateError(ValueError):
    """A date or date phrase factdesk cannot read; `message` says what, `hint` how to fix it."""

    def __init__(self, message: str, hint: str = "", code: str = "FD050") -> None:
        # All in args so the exception pickles and copies with its hint and code.
        super().__init__(message, hint, code)
        self.message = message
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        return self.message


class DateWords(Protocol):
    """How dates read in one language. `ENGLISH` below; the site builds one per language from
    its message catalogue, so the rules of `FuzzyDate.display` and `FuzzyDate.explain` serve
    every language."""

    def day(self, day: date) -> str:
        """One day in full: "6 October 2015"."""
        ...

    def day_of_month(self, day: date) -> str:
        """A day and its month, no year: "30 September" (the start of a range)."""
        ...

    def month(self, day: date) -> str:
        """A month and its year: "October 2015"."""
        ...

    def month_alone(self, day: date) -> str:
        """A month's name, standing alone: "September" (the start of a range)."""
        ...

    def year(self, day: date) -> str:
        """A year: "2015"."""
        ...

    def short_day(self, day: date, with_year: bool) -> str:
        """The reasoning's style: "Wed 30 Sep 2015", or "Wed 30 Sep"."""
        ...

    def short_month(self, day: date) -> str:
        """The reasoning's style for a month: "Sep 2015"."""
        ...

    def span(self, first: str, last: str) -> str:
        """Two ends of a range: "30 September – 7 October 2015"."""
        ...

    def about(self, text: str) -> str:
        """An approximate date: "about 6 October 2015"."""
        ...

    def reasoning(self, phrase: str, published: str, result: str) -> str:
        """ "'Wednesday' in an article published Tue 6 Oct 2015 → Wed 30 Sep 2015"."""
        ...

    def publication_note(self, reasoning: str, publication: str) -> str:
        """The reasoning, noting that the publication date was not one day."""
        ...


class _English:
    """English words for dates, from the fixed tables above (never strftime or a locale)."""

    def day(self, day: date) -> str:
        return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"

    def day_of_month(self, day: date) -> str:
        return f"{day.day} {_MONTH_NAMES[day.month - 1]}"

    def month(self, day: date) -> str:
        return f"{_MONTH_NAMES[day.month - 1]} {day.year}"

    def month_alone(self, day: date) -> str:
        return _MONTH_NAMES[day.month - 1]

    def year(self, day: date) -> str:
        return str(day.year)

    def short_day(self, day: date, with_year: bool) -> str:
        text = (
            f"{_WEEKDAY_ABBREVIATIONS[day.weekday()]} {day.day} "
            f"{_MONTH_ABBREVIATIONS[day.month - 1]}"
        )
        return f"{text} {day.year}" if with_year else text

    def short_month(self, day: date) -> str:
        return f"{_MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"

    def span(self, first: str, last: str) -> str:
        return f"{first} – {last}"

    def about(self, text: str) -> str:
        return f"about {text}"

    def reasoning(self, phrase: str, published: str, result: str) -> str:
        return f"'{phrase}' in an article published {published} → {result}"

    def publication_note(self, reasoning: str, publication: str) -> str:
        return f"{reasoning} (the article is dated only {publication}; its last day was used)"


ENGLISH: DateWords = _English()


@dataclass(frozen=True, slots=True)
class Derivation:
    """How a date was worked out from an article's phrase, to explain it in any language."""

    phrase: str  # as the article words it, without surrounding white space
    language: str  # the language the phrase was read in (the article's)
    published: date  # the day the phrase was read against
    approximate: bool  # the publication date was approximate or not one day
    # The publication date when it was not one day, else None. Readers see it in the
    # reasoning, in the site's wording ("about 7 – 8 October 2015"), never in the editor's
    # notation (~2015-10-07/2015-10-08).
    publication: FuzzyDate | None


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as precise as its source: every day from `earliest` to `latest` inclusive.

    The span must fit the precision (checked on construction, `DateError` otherwise): "day" is
    one day, "month" one whole calendar month, "year" one whole calendar year, "range" any span
    with earliest <= latest. `reasoning` is the English explanation of a date resolved from a
    phrase (empty otherwise); `derivation` holds its parts, for other languages.
    """

    earliest: date
    latest: date
    precision: Precision
    approximate: bool = False
    original: str = ""
    reasoning: str = ""
    derivation: Derivation | None = field(default=None, compare=False)

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

    def display(self, words: DateWords = ENGLISH) -> str:
        """Human form: "6 October 2015", "October 2015", "2015", "about ..." if approximate.

        Ranges name the year once when both ends share it, the month once when both ends share
        it, and whole months or years by name: "30 September – 7 October 2015",
        "1 – 7 October 2015", "30 December 2015 – 2 January 2016", "September – November 2015",
        "2014 – 2016". A range of one day shows as that day. `words` gives another language.
        """
        if self.precision == "day":
            text = words.day(self.earliest)
        elif self.precision == "month":
            text = words.month(self.earliest)
        elif self.precision == "year":
            text = words.year(self.earliest)
        else:
            text = _display_range(self.earliest, self.latest, words)
        return words.about(text) if self.approximate else text

    def explain(self, words: DateWords = ENGLISH) -> str:
        """The reasoning line in the language of `words` ("" for a date not read from a
        phrase): "'Wednesday' in an article published Tue 6 Oct 2015 → Wed 30 Sep 2015"."""
        derivation = self.derivation
        if derivation is None:
            return ""
        published = words.short_day(derivation.published, True)
        result = _short(self, words)
        if derivation.approximate:
            published, result = words.about(published), words.about(result)
        line = words.reasoning(derivation.phrase, published, result)
        if derivation.publication is not None:
            line = words.publication_note(line, derivation.publication.display(words))
        return line

    @property
    def is_relative(self) -> bool:
        """True when this date was resolved from an article phrase (it carries reasoning)."""
        return self.derivation is not None


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
    return _parsed(text.strip())


@functools.lru_cache(maxsize=1 << 16)
def _parsed(stripped: str) -> FuzzyDate:
    # Kept, like `_resolved`: serve reads every record's dates again on each rebuild, and a
    # desk writes the same few thousand days. A DateError is raised again, never kept.
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


def resolve_phrase(phrase: str, published: FuzzyDate, language: str = "en") -> FuzzyDate:
    """Resolve a date phrase from an article against the article's publication date (see
    `_resolve_phrase`). The same phrase in articles of the same day and language reads the
    same: kept, because a desk reads the same phrases again on every serve rebuild."""
    return _resolved(phrase, published, published.derivation, language)


@functools.lru_cache(maxsize=1 << 16)
def _resolved(phrase: str, published: FuzzyDate, _: Derivation | None, language: str) -> FuzzyDate:
    # The publication date's derivation is part of the key: FuzzyDate leaves it out of its
    # equality, and a reasoning shows it.
    return _resolve_phrase(phrase, published, language)


def _resolve_phrase(phrase: str, published: FuzzyDate, language: str = "en") -> FuzzyDate:
    """Resolve a date phrase from an article against the article's publication date.

    `language` is the article's (a code such as "ru" or "ar-SY"); the phrase is read with that
    language's table in `phrases.py`, whose docstring lists the rules. A language without a
    table raises `DateError` with code FD140 and the list of languages factdesk reads; a phrase
    the table does not know raises one with code FD050 whose hint names the language and gives
    its examples, and says so when the phrase reads in another language.

    A publication date that is approximate or wider than a day is read as its latest day and the
    result is marked approximate; a year-only publication date raises `DateError`. The result's
    `original` is the phrase without surrounding white space, `derivation` says how it was read
    and `reasoning` reads "'Wednesday' in an article published Tue 6 Oct 2015 → Wed 30 Sep 2015".
    """
    stripped = phrase.strip()
    code = base_language(language)
    if code not in GRAMMARS:
        raise DateError(
            f"{_quote(stripped)} is in {language_name(language)}, a language whose date phrases "
            "factdesk cannot read",
            f"factdesk reads date phrases in {supported_languages()}; give the date as "
            "2026-10-06 (or ~2026-10-06 if unsure), or correct the article's language",
            _UNREADABLE_LANGUAGE_CODE,
        )
    if published.precision == "year":
        raise DateError(
            f"the article's publication date {published.iso()} gives only a year, "
            f"too vague to resolve {_quote(stripped)}",
            "give the article a publication day, e.g. 2015-10-07 (or ~2015-10-07 if unsure)",
        )
    anchor = published.latest
    inexact = published.approximate or published.precision != "day"
    try:
        span = read_phrase(stripped, code, anchor)
    except NoSuchDay as impossible:
        raise DateError(
            f"{_quote(stripped)} names a day that does not exist: "
            f"{_MONTH_NAMES[impossible.month - 1]} has {impossible.longest} days",
            _phrases_hint(code),
        ) from None
    except WrongWeekday as wrong:
        raise DateError(
            f"{_quote(stripped)} names a day twice, and they disagree: "
            f"{_long_day(wrong.day)} is a {_WEEKDAY_NAMES[wrong.day.weekday()]}, "
            f"not a {_WEEKDAY_NAMES[wrong.weekday_index]}",
            "check the article's publication date, or give the date as 2026-10-06",
        ) from None
    except (OverflowError, ValueError):
        # Phrases only look back, so this is reachable only near 1 January of year 1.
        raise DateError(
            f"{_quote(stripped)} falls outside the calendar factdesk can handle",
            _phrases_hint(code),
        ) from None
    if span is None:
        raise _unknown_phrase(stripped, code, anchor)
    first, last, precision = span
    derivation = Derivation(
        stripped,
        code,
        anchor,
        inexact,
        published if published.precision != "day" else None,
    )
    result = FuzzyDate(
        first, last, cast(Precision, precision), inexact, stripped, derivation=derivation
    )
    return replace(result, reasoning=result.explain(ENGLISH))


def find_phrases(text: str, language: str = "en") -> list[str]:
    """The date phrases in a sentence of running text in `language`, as the sentence words
    them: the forms `resolve_phrase` reads ("on Wednesday morning", "since Sept. 30", "three
    days ago", "во вторник", "مساء الاثنين") and dates with their year ("September 30, 2015",
    "30 сентября 2015 года"), which `spelled_out` reads. English is found by its capitalised
    names ("may" in "it may be" is no month); other languages by their phrase tables
    (`phrases.find_in_text`). A language without a table has none."""
    if base_language(language) != "en":
        return find_in_text(text, language)
    return [found.group().strip() for found in _IN_TEXT_RE.finditer(text)]


def spelled_out(words: str, language: str = "en") -> FuzzyDate | None:
    """A date written out with its year ("September 30, 2015", "on 30 Sept. 2015", "30
    сентября 2015 года") as the explicit day it names, which needs no publication date; None
    when `words` is no such date. Raises `DateError` for a day the month does not have."""
    if base_language(language) != "en":
        spelled = spelled_day(words, language)
        if spelled is None:
            return None
        return parse_date(f"{spelled[0]:04d}-{spelled[1]:02d}-{spelled[2]:02d}")
    text = " ".join(words.lower().split()).removesuffix(".")
    for pattern in _SPELLED_RES:
        found = pattern.fullmatch(text)
        if found is not None:
            month = _MONTH_ABBREVIATIONS.index(found["month"][:3].title()) + 1
            day = int(found["day"])
            return parse_date(f"{int(found['year']):04d}-{month:02d}-{day:02d}")
    return None


def _unknown_phrase(text: str, language: str, anchor: date) -> DateError:
    if not text:
        return DateError("the date phrase is empty", _phrases_hint(language))
    hint = _phrases_hint(language)
    name = GRAMMARS[language].name
    for other in sorted(GRAMMARS):
        if other != language and read_phrase(text, other, anchor) is not None:
            hint = (
                f"this reads as {GRAMMARS[other].name}, but the article is in {name} "
                f"({language}): copy the phrase as the article words it, or correct the "
                f"article's language; {hint}"
            )
            break
    if language != "en":
        return DateError(
            f"{_quote(text)} is not a {name} date phrase factdesk can resolve "
            f"(the article's language is {language})",
            hint,
        )
    return DateError(f"{_quote(text)} is not a date phrase factdesk can resolve", hint)


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


def _quote(text: str) -> str:
    # Editors paste whole paragraphs by mistake; a message should still fit on a line.
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}...'"


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _long_day(day: date) -> str:
    return ENGLISH.day(day)


def _display_range(first: date, last: date, words: DateWords) -> str:
    if first == last:
        return words.day(first)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        if first.year == last.year:
            return words.year(first)
        return words.span(words.year(first), words.year(last))
    if first.day == 1 and last == _last_day_of_month(last.year, last.month):
        if (first.year, first.month) == (last.year, last.month):
            return words.month(first)
        if first.year == last.year:
            return words.span(words.month_alone(first), words.month(last))
        return words.span(words.month(first), words.month(last))
    if (first.year, first.month) == (last.year, last.month):
        return words.span(str(first.day), words.day(last))
    if first.year == last.year:
        return words.span(words.day_of_month(first), words.day(last))
    return words.span(words.day(first), words.day(last))


def _short(fuzzy: FuzzyDate, words: DateWords) -> str:
    """The reasoning's style: "Wed 30 Sep 2015", "Sep 2015", "Mon 28 Sep – Sun 4 Oct 2015"."""
    first, last = fuzzy.earliest, fuzzy.latest
    if fuzzy.precision == "day":
        return words.short_day(first, True)
    if fuzzy.precision == "month":
        return words.short_month(first)
    if fuzzy.precision == "year":  # pragma: no cover - phrases never resolve to a year
        return words.year(first)
    return words.span(words.short_day(first, first.year != last.year), words.short_day(last, True))
