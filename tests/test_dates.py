"""Tests for generator.dates: explicit date forms, article phrases, ordering and display."""

from __future__ import annotations

import calendar
import copy
import pickle
import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.dates import (
    DateError,
    FuzzyDate,
    find_phrases,
    is_explicit,
    parse_date,
    resolve_phrase,
    spelled_out,
)
from generator.pipeline import check

# The hypothesis database would write into the working tree; these tests need no memory of runs.
QUICK = settings(database=None, max_examples=150, deadline=None)

D = date


def published(text: str) -> FuzzyDate:
    return parse_date(text)


# --- explicit forms -------------------------------------------------------------------------

EXPLICIT = [
    # text, earliest, latest, precision, approximate, iso, display
    ("2015-10-06", D(2015, 10, 6), D(2015, 10, 6), "day", False, "2015-10-06", "6 October 2015"),
    ("2015-10", D(2015, 10, 1), D(2015, 10, 31), "month", False, "2015-10", "October 2015"),
    ("2015-02", D(2015, 2, 1), D(2015, 2, 28), "month", False, "2015-02", "February 2015"),
    ("2016-02", D(2016, 2, 1), D(2016, 2, 29), "month", False, "2016-02", "February 2016"),
    ("2016-02-29", D(2016, 2, 29), D(2016, 2, 29), "day", False, "2016-02-29", "29 February 2016"),
    ("2015", D(2015, 1, 1), D(2015, 12, 31), "year", False, "2015", "2015"),
    ("0001-01-01", D(1, 1, 1), D(1, 1, 1), "day", False, "0001-01-01", "1 January 1"),
    ("9999", D(9999, 1, 1), D(9999, 12, 31), "year", False, "9999", "9999"),
    (
        "~2015-10-06",
        D(2015, 10, 6),
        D(2015, 10, 6),
        "day",
        True,
        "~2015-10-06",
        "about 6 October 2015",
    ),
    ("~2015-10", D(2015, 10, 1), D(2015, 10, 31), "month", True, "~2015-10", "about October 2015"),
    ("~2015", D(2015, 1, 1), D(2015, 12, 31), "year", True, "~2015", "about 2015"),
    (
        "2015-09-30/2015-10-07",
        D(2015, 9, 30),
        D(2015, 10, 7),
        "range",
        False,
        "2015-09-30/2015-10-07",
        "30 September – 7 October 2015",
    ),
    (
        "2015-10-01/2015-10-07",
        D(2015, 10, 1),
        D(2015, 10, 7),
        "range",
        False,
        "2015-10-01/2015-10-07",
        "1 – 7 October 2015",
    ),
    (
        "2015-12-30/2016-01-02",
        D(2015, 12, 30),
        D(2016, 1, 2),
        "range",
        False,
        "2015-12-30/2016-01-02",
        "30 December 2015 – 2 January 2016",
    ),
    (
        "~2015-09-30/2015-10-07",
        D(2015, 9, 30),
        D(2015, 10, 7),
        "range",
        True,
        "~2015-09-30/2015-10-07",
        "about 30 September – 7 October 2015",
    ),
    # Range ends may be months or years: first day of the start to last day of the end.
    (
        "2015-09/2015-11",
        D(2015, 9, 1),
        D(2015, 11, 30),
        "range",
        False,
        "2015-09-01/2015-11-30",
        "September – November 2015",
    ),
    (
        "2015-11/2016-02",
        D(2015, 11, 1),
        D(2016, 2, 29),
        "range",
        False,
        "2015-11-01/2016-02-29",
        "November 2015 – February 2016",
    ),
    (
        "2014/2016",
        D(2014, 1, 1),
        D(2016, 12, 31),
        "range",
        False,
        "2014-01-01/2016-12-31",
        "2014 – 2016",
    ),
    (
        "2015/2015",
        D(2015, 1, 1),
        D(2015, 12, 31),
        "range",
        False,
        "2015-01-01/2015-12-31",
        "2015",
    ),
    (
        "2015-10/2015-10-15",
        D(2015, 10, 1),
        D(2015, 10, 15),
        "range",
        False,
        "2015-10-01/2015-10-15",
        "1 – 15 October 2015",
    ),
    (
        "2015-10-06/2015-10-06",
        D(2015, 10, 6),
        D(2015, 10, 6),
        "range",
        False,
        "2015-10-06/2015-10-06",
        "6 October 2015",
    ),
    (
        "2015-10-06/2015-10",
        D(2015, 10, 6),
        D(2015, 10, 31),
        "range",
        False,
        "2015-10-06/2015-10-31",
        "6 – 31 October 2015",
    ),
    (
        " \t2015-10-06\n",
        D(2015, 10, 6),
        D(2015, 10, 6),
        "day",
        False,
        "2015-10-06",
        "6 October 2015",
    ),
]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "approximate", "iso", "display"), EXPLICIT
)
def test_parse_date_explicit_forms(
    text: str,
    earliest: date,
    latest: date,
    precision: str,
    approximate: bool,
    iso: str,
    display: str,
) -> None:
    parsed = parse_date(text)
    assert parsed == FuzzyDate(earliest, latest, precision, approximate, text.strip())  # type: ignore[arg-type]
    assert parsed.iso() == iso
    assert parsed.display() == display
    assert parsed.reasoning == ""
    assert not parsed.is_relative
    assert is_explicit(text)


@pytest.mark.parametrize("text", [row[0] for row in EXPLICIT])
def test_iso_round_trips_through_parse_date(text: str) -> None:
    parsed = parse_date(text)
    again = parse_date(parsed.iso())
    assert again == replace(parsed, original=parsed.iso())
    assert again.iso() == parsed.iso()


INVALID = [
    # text, message
    ("2015-02-30", "'2015-02-30' is not a real date: February 2015 has days 01 to 28"),
    ("2015-02-29", "'2015-02-29' is not a real date: February 2015 has days 01 to 28"),
    ("2015-04-31", "'2015-04-31' is not a real date: April 2015 has days 01 to 30"),
    ("2015-10-00", "'2015-10-00' is not a real date: October 2015 has days 01 to 31"),
    ("2015-13", "'2015-13' has month 13; months run from 01 to 12"),
    ("2015-00-10", "'2015-00-10' has month 00; months run from 01 to 12"),
    ("0000", "'0000' has year 0000; years start at 0001"),
    ("2015-09-30/2015-13-01", "'2015-09-30/2015-13-01' has month 13; months run from 01 to 12"),
    (
        "2015-10-07/2015-09-30",
        "the range '2015-10-07/2015-09-30' ends (30 September 2015) before it starts "
        "(7 October 2015)",
    ),
    (
        "2016/2015",
        "the range '2016/2015' ends (31 December 2015) before it starts (1 January 2016)",
    ),
    (
        "2015-10-07/2015-09",
        "the range '2015-10-07/2015-09' ends (30 September 2015) before it starts (7 October 2015)",
    ),
    ("", "the date is empty"),
    ("   ", "the date is empty"),
    ("yesterday", "'yesterday' is not a date factdesk can read"),
    ("6 October 2015", "'6 October 2015' is not a date factdesk can read"),
    ("06/10/2015", "'06/10/2015' is not a date factdesk can read"),
    ("2015/10/06", "'2015/10/06' is not a date factdesk can read"),
    ("2015-1-6", "'2015-1-6' is not a date factdesk can read"),
    ("15-10-06", "'15-10-06' is not a date factdesk can read"),
    ("2015-10-06T12:00", "'2015-10-06T12:00' is not a date factdesk can read"),
    ("2015-10-06/", "'2015-10-06/' is not a date factdesk can read"),
    ("~~2015", "'~~2015' is not a date factdesk can read"),
    ("~ 2015", "'~ 2015' is not a date factdesk can read"),
    ("2015-10-06/~2015-10-07", "'2015-10-06/~2015-10-07' is not a date factdesk can read"),
    ("2015-09-30 / 2015-10-07", "'2015-09-30 / 2015-10-07' is not a date factdesk can read"),
    ("\uff12\uff10\uff11\uff15", "'\uff12\uff10\uff11\uff15' is not a date factdesk can read"),
    ("\u0662\u0660\u0661\u0665", "'\u0662\u0660\u0661\u0665' is not a date factdesk can read"),
    ("x" * 80, "'" + "x" * 57 + "...' is not a date factdesk can read"),
]


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_parse_date_refuses(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.hint


@pytest.mark.parametrize("text", ["", "x", "06/10/2015", "2015-1-6"])
def test_parse_date_shape_errors_list_the_accepted_forms(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    for form in ("2026-10-06", "2026-10", "2026", "~2026-10-06", "2026-09-30/2026-10-07"):
        assert form in caught.value.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-10-06", True),
        ("  ~2015-10 ", True),
        ("2015-09-30/2015-10-07", True),
        ("~2014/2016", True),
        # Shape only: calendar checks are parse_date's job.
        ("2015-02-30", True),
        ("2015-13", True),
        ("0000", True),
        ("2016/2015", True),
        ("", False),
        ("Wednesday", False),
        ("2015-10-06/", False),
        ("201", False),
        ("20150", False),
        ("\u0662\u0660\u0661\u0665", False),
    ],
)
def test_is_explicit(text: str, expected: bool) -> None:
    assert is_explicit(text) is expected


# --- FuzzyDate --------------------------------------------------------------------------------


def test_sort_key_orders_by_start_then_end_then_precision() -> None:
    expected = [
        "2014-12-31",
        "2015-01-01",
        "2015-01",
        "2015/2015",
        "2015",
        "2015-10-01",
        "2015-10",
        "2015-10-01/2015-10-31",
        "2015-10-06",
        "2015-12-30/2016-01-02",
    ]
    dates = [parse_date(text) for text in expected]
    shuffled = dates[:]
    random.Random(4).shuffle(shuffled)
    assert [d.original for d in sorted(shuffled, key=FuzzyDate.sort_key)] == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2015-10-06", (D(2015, 10, 6), D(2015, 10, 6), 0)),
        ("2015-10", (D(2015, 10, 1), D(2015, 10, 31), 1)),
        ("2015-10-01/2015-10-31", (D(2015, 10, 1), D(2015, 10, 31), 2)),
        ("2015", (D(2015, 1, 1), D(2015, 12, 31), 3)),
        ("~2015-10-06", (D(2015, 10, 6), D(2015, 10, 6), 0)),
    ],
)
def test_sort_key_values(text: str, key: tuple[date, date, int]) -> None:
    assert parse_date(text).sort_key() == key


@pytest.mark.parametrize(
    ("earliest", "latest", "precision"),
    [
        (D(2015, 10, 7), D(2015, 10, 6), "range"),
        (D(2015, 10, 6), D(2015, 10, 7), "day"),
        (D(2015, 10, 2), D(2015, 10, 31), "month"),
        (D(2015, 10, 1), D(2015, 11, 30), "month"),
        (D(2015, 1, 1), D(2015, 12, 30), "year"),
        (D(2015, 1, 1), D(2016, 12, 31), "year"),
        (D(2015, 1, 1), D(2015, 1, 1), "week"),
    ],
)
def test_fuzzy_date_refuses_a_span_that_does_not_fit_its_precision(
    earliest: date, latest: date, precision: str
) -> None:
    with pytest.raises(DateError):
        FuzzyDate(earliest, latest, precision)  # type: ignore[arg-type]


def test_date_error_keeps_message_and_hint_through_copy_and_pickle() -> None:
    error = DateError("bad date", "write 2015-10-06")
    assert isinstance(error, ValueError)
    for clone in (copy.copy(error), pickle.loads(pickle.dumps(error))):
        assert (clone.message, clone.hint, str(clone)) == (
            "bad date",
            "write 2015-10-06",
            "bad date",
        )
    assert DateError("only a message").hint == ""


# --- article phrases ----------------------------------------------------------------------------

PHRASES = [
    # published (day-precise), phrase, earliest, latest, precision
    # Weekdays: the most recent such day on or before publication.
    ("2015-10-06", "Wednesday", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-07", "Wednesday morning", D(2015, 10, 7), D(2015, 10, 7), "day"),
    ("2015-10-06", "on Tuesday", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "Tuesday night", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "Monday", D(2015, 10, 5), D(2015, 10, 5), "day"),
    ("2015-10-06", "on Sunday", D(2015, 10, 4), D(2015, 10, 4), "day"),
    ("2015-10-01", "on Monday", D(2015, 9, 28), D(2015, 9, 28), "day"),
    ("2015-10-01", "Wednesday", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-01", "Friday", D(2015, 9, 25), D(2015, 9, 25), "day"),
    ("2015-10-04", "Saturday", D(2015, 10, 3), D(2015, 10, 3), "day"),
    ("2015-10-04", "Sunday", D(2015, 10, 4), D(2015, 10, 4), "day"),
    ("2015-10-04", "Monday", D(2015, 9, 28), D(2015, 9, 28), "day"),
    ("2015-10-05", "Sunday", D(2015, 10, 4), D(2015, 10, 4), "day"),
    ("2015-10-05", "on Monday", D(2015, 10, 5), D(2015, 10, 5), "day"),
    ("2015-10-05", "Tuesday", D(2015, 9, 29), D(2015, 9, 29), "day"),
    ("2016-01-01", "on Wednesday", D(2015, 12, 30), D(2015, 12, 30), "day"),
    ("2016-01-01", "Friday", D(2016, 1, 1), D(2016, 1, 1), "day"),
    ("2016-01-01", "Saturday", D(2015, 12, 26), D(2015, 12, 26), "day"),
    ("2016-03-01", "Monday", D(2016, 2, 29), D(2016, 2, 29), "day"),
    ("2015-10-06", "ON WEDNESDAY.", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "  on   Wednesday   afternoon  ", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "Wednesday evening.", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "Wednesday overnight", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "Thurs. evening", D(2015, 10, 1), D(2015, 10, 1), "day"),
    ("2015-10-06", "Wed", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "Sat.", D(2015, 10, 3), D(2015, 10, 3), "day"),
    # Days counted from publication.
    ("2015-10-06", "today", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "this morning", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "This afternoon", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "tonight", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "last night", D(2015, 10, 5), D(2015, 10, 5), "day"),
    ("2015-10-06", "yesterday", D(2015, 10, 5), D(2015, 10, 5), "day"),
    ("2015-10-01", "yesterday morning", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2016-01-01", "Yesterday.", D(2015, 12, 31), D(2015, 12, 31), "day"),
    ("2016-03-01", "the day before yesterday", D(2016, 2, 28), D(2016, 2, 28), "day"),
    ("2015-03-01", "the day before yesterday", D(2015, 2, 27), D(2015, 2, 27), "day"),
    ("2015-10-01", "3 days ago", D(2015, 9, 28), D(2015, 9, 28), "day"),
    ("2015-10-06", "two days ago", D(2015, 10, 4), D(2015, 10, 4), "day"),
    ("2015-10-06", "ten days ago", D(2015, 9, 26), D(2015, 9, 26), "day"),
    ("2015-10-06", "one day ago", D(2015, 10, 5), D(2015, 10, 5), "day"),
    ("2016-01-01", "1 day ago", D(2015, 12, 31), D(2015, 12, 31), "day"),
    ("2015-10-06", "400 days ago", D(2014, 9, 1), D(2014, 9, 1), "day"),
    # Weeks: ISO weeks, Monday to Sunday.
    ("2015-10-06", "last week", D(2015, 9, 28), D(2015, 10, 4), "range"),
    ("2015-10-05", "last week", D(2015, 9, 28), D(2015, 10, 4), "range"),
    ("2015-10-04", "last week", D(2015, 9, 21), D(2015, 9, 27), "range"),
    ("2016-01-01", "last week", D(2015, 12, 21), D(2015, 12, 27), "range"),
    ("2015-10-07", "this week", D(2015, 10, 5), D(2015, 10, 7), "range"),
    ("2015-10-05", "this week", D(2015, 10, 5), D(2015, 10, 5), "range"),
    ("2016-01-01", "earlier this week", D(2015, 12, 28), D(2016, 1, 1), "range"),
    # Months.
    ("2015-10-06", "last month", D(2015, 9, 1), D(2015, 9, 30), "month"),
    ("2016-01-01", "last month", D(2015, 12, 1), D(2015, 12, 31), "month"),
    ("2016-03-31", "last month", D(2016, 2, 1), D(2016, 2, 29), "month"),
    ("2015-10-06", "this month", D(2015, 10, 1), D(2015, 10, 6), "range"),
    ("2015-10-06", "earlier this month", D(2015, 10, 1), D(2015, 10, 6), "range"),
    ("2015-10-01", "this month", D(2015, 10, 1), D(2015, 10, 1), "range"),
    ("2015-10-06", "in May", D(2015, 5, 1), D(2015, 5, 31), "month"),
    ("2015-10-06", "May", D(2015, 5, 1), D(2015, 5, 31), "month"),
    ("2015-05-20", "in May", D(2015, 5, 1), D(2015, 5, 31), "month"),
    ("2015-10-06", "in October", D(2015, 10, 1), D(2015, 10, 31), "month"),
    ("2015-10-06", "in Nov.", D(2014, 11, 1), D(2014, 11, 30), "month"),
    ("2015-10-06", "in December", D(2014, 12, 1), D(2014, 12, 31), "month"),
    ("2016-03-01", "in February", D(2016, 2, 1), D(2016, 2, 29), "month"),
    # Month and day: the most recent on or before publication.
    ("2015-10-06", "September 30", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "30 September", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "Sept. 30", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "on Sept 30th", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "30th of September", D(2015, 9, 30), D(2015, 9, 30), "day"),
    ("2015-10-06", "on Oct. 6", D(2015, 10, 6), D(2015, 10, 6), "day"),
    ("2015-10-06", "Oct. 7", D(2014, 10, 7), D(2014, 10, 7), "day"),
    ("2015-10-06", "Jan. 2", D(2015, 1, 2), D(2015, 1, 2), "day"),
    ("2016-01-01", "Dec. 31 evening", D(2015, 12, 31), D(2015, 12, 31), "day"),
    ("2016-01-01", "1 January", D(2016, 1, 1), D(2016, 1, 1), "day"),
    ("2015-10-06", "Feb. 29", D(2012, 2, 29), D(2012, 2, 29), "day"),
    ("2016-03-01", "February 29", D(2016, 2, 29), D(2016, 2, 29), "day"),
    # since: from the start of the named day or period to the publication day.
    ("2015-10-07", "since September 30", D(2015, 9, 30), D(2015, 10, 7), "range"),
    ("2015-10-07", "since 30 September", D(2015, 9, 30), D(2015, 10, 7), "range"),
    ("2015-10-07", "since Sept. 30", D(2015, 9, 30), D(2015, 10, 7), "range"),
    ("2015-10-07", "Since October 7", D(2015, 10, 7), D(2015, 10, 7), "range"),
    ("2015-10-07", "since December 31", D(2014, 12, 31), D(2015, 10, 7), "range"),
    ("2015-10-07", "since Monday", D(2015, 10, 5), D(2015, 10, 7), "range"),
    ("2015-10-07", "since yesterday", D(2015, 10, 6), D(2015, 10, 7), "range"),
    ("2015-10-07", "since May", D(2015, 5, 1), D(2015, 10, 7), "range"),
    ("2015-10-07", "since last week", D(2015, 9, 28), D(2015, 10, 7), "range"),
]


@pytest.mark.parametrize(
    ("published_on", "phrase", "earliest", "latest", "precision"),
    PHRASES,
)
def test_resolve_phrase(
    published_on: str, phrase: str, earliest: date, latest: date, precision: str
) -> None:
    resolved = resolve_phrase(phrase, published(published_on))
    assert (resolved.earliest, resolved.latest, resolved.precision) == (
        earliest,
        latest,
        precision,
    )
    assert resolved.approximate is False
    assert resolved.original == phrase.strip()
    assert resolved.is_relative
    assert resolved.reasoning.startswith(f"'{phrase.strip()}' in an article published ")
    # Every phrase points back in time; only the publication month itself runs past it ("May").
    assert resolved.earliest <= published(published_on).latest


REASONING = [
    (
        "2015-10-06",
        "Wednesday",
        "'Wednesday' in an article published Tue 6 Oct 2015 → Wed 30 Sep 2015",
    ),
    (
        "2015-10-07",
        "Wednesday morning",
        "'Wednesday morning' in an article published Wed 7 Oct 2015 → Wed 7 Oct 2015",
    ),
    (
        "2016-01-01",
        " on Wednesday ",
        "'on Wednesday' in an article published Fri 1 Jan 2016 → Wed 30 Dec 2015",
    ),
    (
        "2015-10-06",
        "last week",
        "'last week' in an article published Tue 6 Oct 2015 → Mon 28 Sep – Sun 4 Oct 2015",
    ),
    (
        "2016-01-01",
        "this week",
        "'this week' in an article published Fri 1 Jan 2016 → Mon 28 Dec 2015 – Fri 1 Jan 2016",
    ),
    (
        "2015-10-07",
        "since Sept. 30",
        "'since Sept. 30' in an article published Wed 7 Oct 2015 → Wed 30 Sep – Wed 7 Oct 2015",
    ),
    ("2015-10-06", "in May", "'in May' in an article published Tue 6 Oct 2015 → May 2015"),
    ("2015-10-06", "last month", "'last month' in an article published Tue 6 Oct 2015 → Sep 2015"),
]


@pytest.mark.parametrize(("published_on", "phrase", "reasoning"), REASONING)
def test_reasoning_text(published_on: str, phrase: str, reasoning: str) -> None:
    assert resolve_phrase(phrase, published(published_on)).reasoning == reasoning


@pytest.mark.parametrize(
    ("published_on", "phrase", "iso", "display"),
    [
        ("2015-10-06", "Wednesday", "2015-09-30", "30 September 2015"),
        ("2015-10-06", "last week", "2015-09-28/2015-10-04", "28 September – 4 October 2015"),
        ("2015-10-06", "this month", "2015-10-01/2015-10-06", "1 – 6 October 2015"),
        ("2015-10-06", "in May", "2015-05", "May 2015"),
        ("~2015-10-07", "Wednesday", "~2015-10-07", "about 7 October 2015"),
    ],
)
def test_resolved_iso_and_display(published_on: str, phrase: str, iso: str, display: str) -> None:
    resolved = resolve_phrase(phrase, published(published_on))
    assert resolved.iso() == iso
    assert resolved.display() == display


APPROXIMATE = [
    # published, phrase, earliest, latest, precision, reasoning
    (
        "~2015-10-07",
        "Wednesday",
        D(2015, 10, 7),
        D(2015, 10, 7),
        "day",
        "'Wednesday' in an article published about Wed 7 Oct 2015 → about Wed 7 Oct 2015",
    ),
    (
        "~2015-10-06",
        "since September 30",
        D(2015, 9, 30),
        D(2015, 10, 6),
        "range",
        "'since September 30' in an article published about Tue 6 Oct 2015"
        " → about Wed 30 Sep – Tue 6 Oct 2015",
    ),
    (
        "2015-10",
        "last week",
        D(2015, 10, 19),
        D(2015, 10, 25),
        "range",
        "'last week' in an article published about Sat 31 Oct 2015"
        " → about Mon 19 Oct – Sun 25 Oct 2015"
        " (the article is dated only October 2015; its last day was used)",
    ),
    (
        "~2015-10",
        "in May",
        D(2015, 5, 1),
        D(2015, 5, 31),
        "month",
        "'in May' in an article published about Sat 31 Oct 2015 → about May 2015"
        " (the article is dated only about October 2015; its last day was used)",
    ),
    (
        "2015-10-01/2015-10-07",
        "yesterday",
        D(2015, 10, 6),
        D(2015, 10, 6),
        "day",
        "'yesterday' in an article published about Wed 7 Oct 2015 → about Tue 6 Oct 2015"
        " (the article is dated only 1 – 7 October 2015; its last day was used)",
    ),
    (
        "2014/2015",
        "Wednesday",
        D(2015, 12, 30),
        D(2015, 12, 30),
        "day",
        "'Wednesday' in an article published about Thu 31 Dec 2015 → about Wed 30 Dec 2015"
        " (the article is dated only 2014 – 2015; its last day was used)",
    ),
]


@pytest.mark.parametrize(
    ("published_on", "phrase", "earliest", "latest", "precision", "reasoning"), APPROXIMATE
)
def test_inexact_publication_gives_an_approximate_result(
    published_on: str,
    phrase: str,
    earliest: date,
    latest: date,
    precision: str,
    reasoning: str,
) -> None:
    resolved = resolve_phrase(phrase, published(published_on))
    assert resolved == FuzzyDate(earliest, latest, precision, True, phrase, reasoning)  # type: ignore[arg-type]
    assert resolved.display().startswith("about ")


@pytest.mark.parametrize("published_on", ["2015", "~2015"])
def test_year_only_publication_is_too_vague(published_on: str) -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase("Wednesday", published(published_on))
    assert caught.value.message == (
        f"the article's publication date {published_on} gives only a year, "
        "too vague to resolve 'Wednesday'"
    )
    assert "publication day" in caught.value.hint


UNKNOWN = [
    ("", "the date phrase is empty"),
    ("   ", "the date phrase is empty"),
    (".", "'.' is not a date phrase factdesk can resolve"),
    ("tomorrow", "'tomorrow' is not a date phrase factdesk can resolve"),
    ("next week", "'next week' is not a date phrase factdesk can resolve"),
    ("last Wednesday", "'last Wednesday' is not a date phrase factdesk can resolve"),
    ("Wednesday week", "'Wednesday week' is not a date phrase factdesk can resolve"),
    ("last week morning", "'last week morning' is not a date phrase factdesk can resolve"),
    ("May morning", "'May morning' is not a date phrase factdesk can resolve"),
    ("on", "'on' is not a date phrase factdesk can resolve"),
    ("since", "'since' is not a date phrase factdesk can resolve"),
    ("in 2015", "'in 2015' is not a date phrase factdesk can resolve"),
    ("2015-10-06", "'2015-10-06' is not a date phrase factdesk can resolve"),
    ("September 30, 2015", "'September 30, 2015' is not a date phrase factdesk can resolve"),
    ("the 30th of September", "'the 30th of September' is not a date phrase factdesk can resolve"),
    ("eleven days ago", "'eleven days ago' is not a date phrase factdesk can resolve"),
    ("Mayday", "'Mayday' is not a date phrase factdesk can resolve"),
    ("September 31", "'September 31' names a day that does not exist: September has 30 days"),
    ("since Feb. 30", "'since Feb. 30' names a day that does not exist: February has 29 days"),
    ("0 September", "'0 September' names a day that does not exist: September has 30 days"),
]


@pytest.mark.parametrize(("phrase", "message"), UNKNOWN)
def test_resolve_phrase_refuses(phrase: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase(phrase, published("2015-10-06"))
    assert caught.value.message == message
    assert "'last week'" in caught.value.hint


@pytest.mark.parametrize(
    ("published_on", "phrase"),
    [
        ("0001-01-01", "Wednesday"),
        ("0001-01-02", "3 days ago"),
        ("0001-01-15", "last month"),
        ("0001-01-03", "last week"),
        ("0004-01-01", "Feb. 29"),
        ("0001-03-01", "in May"),
    ],
)
def test_phrase_before_the_first_day_of_the_calendar(published_on: str, phrase: str) -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase(phrase, published(published_on))
    assert caught.value.message == f"'{phrase}' falls outside the calendar factdesk can handle"


# --- properties ---------------------------------------------------------------------------------

_EXPLICIT_LIKE = st.from_regex(
    r"\A\s?~?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?\s?\Z"
)
_PHRASE_WORDS = [
    "on",
    "in",
    "since",
    "the",
    "day",
    "days",
    "before",
    "ago",
    "yesterday",
    "today",
    "tonight",
    "this",
    "last",
    "earlier",
    "week",
    "month",
    "morning",
    "night",
    "overnight",
    "Wednesday",
    "Sun.",
    "thurs",
    "May",
    "Sept.",
    "February",
    "29",
    "30th",
    "31",
    "0",
    "99999",
    "two",
    "of",
    ".",
    "2015-10",
]
_PHRASE_LIKE = st.lists(st.sampled_from(_PHRASE_WORDS), max_size=5).map(" ".join)


@st.composite
def publication_dates(draw: st.DrawFn) -> FuzzyDate:
    first = draw(st.dates())
    kind = draw(st.sampled_from(["day", "month", "year", "range"]))
    approximate = draw(st.booleans())
    if kind == "day":
        return FuzzyDate(first, first, "day", approximate)
    if kind == "month":
        return parse_date(f"{'~' * approximate}{first.year:04d}-{first.month:02d}")
    if kind == "year":
        return FuzzyDate(D(first.year, 1, 1), D(first.year, 12, 31), "year", approximate)
    last = draw(st.dates(min_value=first))
    return FuzzyDate(first, last, "range", approximate)


@QUICK
@given(st.one_of(st.text(), _EXPLICIT_LIKE))
def test_parse_date_returns_a_date_or_raises_date_error(text: str) -> None:
    try:
        parsed = parse_date(text)
    except DateError as error:
        assert error.message
        assert error.hint
        return
    assert isinstance(parsed, FuzzyDate)
    assert is_explicit(text)
    assert parsed.earliest <= parsed.latest
    assert parse_date(parsed.iso()).sort_key() == parsed.sort_key()


@QUICK
@given(st.one_of(st.text(), _PHRASE_LIKE), publication_dates())
def test_resolve_phrase_returns_a_date_or_raises_date_error(
    phrase: str, publication: FuzzyDate
) -> None:
    try:
        resolved = resolve_phrase(phrase, publication)
    except DateError as error:
        assert error.message
        assert error.hint
        return
    assert isinstance(resolved, FuzzyDate)
    assert resolved.earliest <= publication.latest
    assert resolved.approximate == (publication.approximate or publication.precision != "day")
    assert resolved.reasoning.startswith(f"'{phrase.strip()}' in an article published ")


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    first = draw(st.dates())
    precision = draw(st.sampled_from(["day", "month", "year", "range"]))
    approximate = draw(st.booleans())
    if precision == "day":
        return FuzzyDate(first, first, "day", approximate)
    if precision == "month":
        last_day = calendar.monthrange(first.year, first.month)[1]
        return FuzzyDate(first.replace(day=1), first.replace(day=last_day), "month", approximate)
    if precision == "year":
        return FuzzyDate(D(first.year, 1, 1), D(first.year, 12, 31), "year", approximate)
    return FuzzyDate(first, draw(st.dates(min_value=first)), "range", approximate)


@QUICK
@given(fuzzy_dates())
def test_random_dates_round_trip_through_iso(fuzzy: FuzzyDate) -> None:
    iso = fuzzy.iso()
    assert parse_date(iso) == replace(fuzzy, original=iso)
    assert is_explicit(iso)
    assert fuzzy.display()


_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_NAMES_FOR_TESTS = [
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
]


@QUICK
@given(st.dates(min_value=D(2, 1, 1)), st.integers(min_value=0, max_value=6))
def test_weekday_is_the_most_recent_on_or_before_publication(day: date, index: int) -> None:
    resolved = resolve_phrase(f"on {_WEEKDAY_NAMES[index]}", FuzzyDate(day, day, "day"))
    assert resolved.earliest.weekday() == index
    assert 0 <= (day - resolved.earliest).days < 7


@QUICK
@given(st.dates(min_value=D(10, 1, 1)), st.dates())
def test_month_and_day_is_the_most_recent_on_or_before_publication(day: date, named: date) -> None:
    month_name = _MONTH_NAMES_FOR_TESTS[named.month - 1]
    resolved = resolve_phrase(f"{named.day} {month_name}", FuzzyDate(day, day, "day"))
    assert (resolved.earliest.month, resolved.earliest.day) == (named.month, named.day)
    assert resolved.earliest <= day
    years_back = 8 if (named.month, named.day) == (2, 29) else 1
    assert (day - resolved.earliest).days < 366 * years_back


def test_reasoning_does_not_depend_on_the_locale_tables_of_strftime() -> None:
    # Every English name the reasoning uses, checked against a fixed string, not strftime.
    found = [
        resolve_phrase(name, published("2015-10-11")).reasoning.rsplit("→ ", 1)[1]
        for name in _WEEKDAY_NAMES
    ]
    assert found == [
        f"{name[:3]} {day} Oct 2015" for name, day in zip(_WEEKDAY_NAMES, range(5, 12), strict=True)
    ]
    months = [
        resolve_phrase(name, published("2015-12-31")).reasoning.rsplit("→ ", 1)[1]
        for name in _MONTH_NAMES_FOR_TESTS
    ]
    assert months == [
        f"{m} 2015"
        for m in (
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        )
    ]
    assert re.fullmatch(r"[ -~→–]*", "".join(found + months))


# --- date phrases in running text (what `factdesk extract` reads) ------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrases"),
    [
        ("The Monitor said a strike on Wednesday morning killed two.", ["on Wednesday morning"]),
        ("Strikes since Sept. 30 and on 1 October", ["since Sept. 30", "on 1 October"]),
        ("It began on September 30, 2015, he said.", ["on September 30, 2015"]),
        (
            "Talks were held three days ago and yesterday evening.",
            ["three days ago", "yesterday evening"],
        ),
        ("Officials in May said the offensive may end.", ["in May"]),  # "may end": no month
        ("A report in May 2015 said so.", []),  # a month with its year is no phrase to resolve
        ("Nothing dated here at all.", []),
    ],
)
def test_find_phrases(sentence: str, phrases: list[str]) -> None:
    assert find_phrases(sentence) == phrases


@pytest.mark.parametrize(
    ("words", "iso"),
    [
        ("September 30, 2015", "2015-09-30"),
        ("on 30 September 2015", "2015-09-30"),
        ("30th of Sept. 2015", "2015-09-30"),
        ("on Wednesday", None),
        ("September 30", None),
    ],
)
def test_spelled_out_reads_a_date_with_its_year(words: str, iso: str | None) -> None:
    found = spelled_out(words)
    assert (found.iso() if found else None) == iso


def test_spelled_out_refuses_a_day_the_month_does_not_have() -> None:
    with pytest.raises(DateError, match="February 2015 has days 01 to 28"):
        spelled_out("February 30, 2015")


def test_a_date_read_twice_is_read_once_and_a_bad_one_is_refused_each_time() -> None:
    # Serve reads every record's dates on each save: explicit dates are kept once read.
    assert parse_date("2015-10-06") is parse_date(" 2015-10-06 ")
    for _ in range(2):
        with pytest.raises(DateError):
            parse_date("2015-02-30")


def test_an_article_published_in_1970_has_a_usable_date(copy_site: Callable[[str], Path]) -> None:
    # Linking marks an unreadable date with a 1970 stand-in told apart by identity; a record
    # really dated 1970 must not be taken for it now that parse_date keeps what it read.
    site = copy_site("minimal")
    article = site / "content" / "articles" / "example-report.yml"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("published: 2015-10-07", 'published: "1970"'), "utf-8")
    codes = [d.code for d in check(site).diagnostics]
    assert "FD050" in codes  # a year is too vague to read "on Tuesday" against
    assert "FD051" not in codes  # not "no usable publication date"
