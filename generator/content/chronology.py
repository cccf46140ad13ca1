"""Sense checks on resolved dates and quotes: what parses but cannot be true.

Takes the dates `resolve.py` worked out (claims, events, verdicts, articles) and the records they
came from; returns diagnostics: a claim or event dated after an article that carries it was
published, a verdict reviewed before the claim was made, a correction before the verdict, a date
in the future of the build, and a quote too short to be checked. Dates are compared by their
widest reading (a month, a range, an approximate date), so only what cannot be true is refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from .dates import FuzzyDate
from .diagnostics import Diagnostic, SourceLocation, error

CARRIED_BEFORE_MADE = "FD123"
REVIEWED_TOO_EARLY = "FD124"
IN_THE_FUTURE = "FD125"
QUOTE_TOO_SHORT = "FD127"

# Wire copy quotes whole clauses; its shortest partial quotations ("a serious mistake") have three
# words, and every quote of the bundled case has eight or more. Fewer words match almost any
# text, so the quote check would prove nothing; a single term is allowed with `term: true`.
MIN_QUOTE_WORDS = 3
# A desk east of UTC dates its day ahead of the build machine's clock.
_CLOCK_SLACK = timedelta(days=1)
# Each Han or kana character counts as a word: those scripts put no spaces between words.
_WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")


def build_day() -> date:
    """The day of the build: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def word_count(quote: str) -> int:
    return len(_WORDS.findall(quote))


def short_quote(quote: str, term: bool, where: SourceLocation) -> Diagnostic | None:
    words = word_count(quote)
    if term or words >= MIN_QUOTE_WORDS:
        return None
    counted = "no words" if words == 0 else "1 word" if words == 1 else f"{words} words"
    return error(
        QUOTE_TOO_SHORT,
        where,
        f"the quote has {counted}: so short a quote is found in almost any text and proves "
        f"nothing (at least {MIN_QUOTE_WORDS} are needed)",
        "quote more of the sentence, or add 'term: true' when a single word or name "
        "is quoted as a term",
    )


def is_future(date_: FuzzyDate, today: date) -> bool:
    return date_.earliest > today + _CLOCK_SLACK


def future(date_: FuzzyDate, where: SourceLocation, what: str, today: date) -> Diagnostic | None:
    if not is_future(date_, today):
        return None
    return error(
        IN_THE_FUTURE,
        where,
        f"{what} {date_.display()} is after the day of the build",
        "check the year; factdesk takes the day of the build from the clock, or from "
        "SOURCE_DATE_EPOCH when it is set",
    )


def carried_before_made(
    date_: FuzzyDate,
    where: SourceLocation,
    articles: Iterable[str],
    published: Mapping[str, FuzzyDate],
    what: str,
) -> list[Diagnostic]:
    """`what` ("claim", "event") is dated after an article that carries it was published."""
    problems = []
    for article in dict.fromkeys(articles):
        day = published.get(article)
        if day is None or date_.earliest <= day.latest:
            continue
        done = "said" if what == "claim" else "done"
        problems.append(
            error(
                CARRIED_BEFORE_MADE,
                where,
                f"the {what} is dated {date_.display()}, but article '{article}', published "
                f"{day.display()}, already reports it",
                f"check the {what}'s date and the article's published date: an article reports "
                f"only what was {done} by the day it came out",
            )
        )
    return problems


def reviewed_too_early(
    reviewed: FuzzyDate,
    where: SourceLocation,
    made: FuzzyDate,
    history: Iterable[tuple[FuzzyDate, SourceLocation]],
) -> list[Diagnostic]:
    problems = []
    if reviewed.latest < made.earliest:
        problems.append(
            error(
                REVIEWED_TOO_EARLY,
                where,
                f"the verdict is dated {reviewed.display()}, before the claim was made "
                f"({made.display()})",
                "check 'reviewed' and the claim's date: a claim is reviewed after it is made",
            )
        )
    for changed, at in history:
        if changed.latest < reviewed.earliest:
            problems.append(
                error(
                    REVIEWED_TOO_EARLY,
                    at,
                    f"the correction is dated {changed.display()}, before the verdict was "
                    f"published ({reviewed.display()})",
                    "check its date and 'reviewed': 'reviewed' is when the verdict was first "
                    "published, and history lists what changed after that",
                )
            )
    return problems
