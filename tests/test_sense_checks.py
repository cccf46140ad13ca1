"""Chronology and sense checks (issue 12): what parses but cannot be true is refused with
path:line:column and a hint. The broken-* fixtures hold one case each; these tests hold the
edges: what is still allowed, and where the day of the build comes from."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, run_factdesk

from generator import pipeline
from generator.content.chronology import MIN_QUOTE_WORDS, build_day, word_count
from generator.content.load import load_content
from generator.content.resolve import resolve

CLAIM = Path("content/claims/no-strikes-on-towns.yml")
EVENT = Path("content/events/strike.yml")


def edit(site: Path, relative: Path, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def codes(site: Path) -> list[str]:
    return [f"{d.location}: {d.code}" for d in pipeline.check(site).diagnostics]


def test_a_single_term_may_be_quoted_when_marked(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    edit(
        site, CLAIM, '    quote: "Our planes do not strike populated areas"', '    quote: "planes"'
    )
    assert codes(site) == [f"{CLAIM.as_posix()}:6:12: FD127"]
    edit(site, CLAIM, '    quote: "planes"', '    quote: "planes"\n    term: true')
    assert codes(site) == []


def test_the_quote_limit_counts_words_in_any_script() -> None:
    assert word_count("Our planes do not strike") == 5
    assert word_count("Наши самолёты не бьют") == 4
    assert word_count("طائراتنا لا تضرب") == 3
    assert word_count("我们的飞机") == 5  # one word per character where words are not spaced
    assert word_count("“s”") == 1
    assert MIN_QUOTE_WORDS == 3


def test_every_quote_of_the_bundled_case_is_long_enough() -> None:
    """The limit was set by the real quotes: the bundled case and its wire copy pass."""
    result = pipeline.check(ROOT)
    assert [d for d in result.diagnostics if d.code.startswith("FD12")] == []
    assert result.site is not None
    quotes = [q.quote for c in result.site.claims.values() for q in c.appearances]
    quotes += [q.quote for e in result.site.events.values() for q in e.sources]
    assert min(word_count(q) for q in quotes) >= MIN_QUOTE_WORDS


def test_an_event_reported_before_it_happened_is_refused(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    edit(site, EVENT, "date: on Wednesday morning", "date: 2015-10-08")
    result = run_factdesk("check", cwd=site)
    assert result.returncode == 1
    assert (
        f"{EVENT.as_posix()}:1:7: error: the event is dated 8 October 2015, but article "
        "'monitor-report', published 7 October 2015, already reports it [FD123]" in result.stderr
    )


@pytest.mark.parametrize("date", ["2015-10", "2015-10-01/2015-10-09", "2015"])
def test_a_date_that_may_be_before_the_article_is_allowed(
    copy_site: Callable[[str], Path], date: str
) -> None:
    """Compared by its widest reading: a month, a range or a year that may fall on or before
    the article's day is no contradiction."""
    site = copy_site("minimal")
    edit(site, CLAIM, "date: on Tuesday", f'date: "{date}"')
    assert codes(site) == []


def test_an_approximate_day_is_still_that_day(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    edit(site, CLAIM, "date: on Tuesday", 'date: "~2015-10-08"')
    assert codes(site) == [f"{CLAIM.as_posix()}:3:7: FD123"]


def test_a_correction_on_the_day_of_the_verdict_is_allowed(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    edit(
        site,
        CLAIM,
        "  reviewed: 2015-11-01\n",
        "  reviewed: 2015-11-01\n  history:\n    - date: 2015-11-01\n      note: A typo.\n",
    )
    assert codes(site) == []


def test_the_day_of_the_build_comes_from_source_date_epoch(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1444435200")  # 10 October 2015, 00:00 UTC
    assert build_day() == datetime.date(2015, 10, 10)
    site = copy_site("minimal")
    # The verdict (1 November 2015) and the event's confirmation (2 November 2015) are after
    # that day.
    assert codes(site) == [f"{CLAIM.as_posix()}:16:13: FD125", f"{EVENT.as_posix()}:10:9: FD125"]
    content, _ = load_content(site)
    # A day of slack covers time zones east of UTC.
    _, problems = resolve(content, today=datetime.date(2015, 11, 1))
    assert [p.code for p in problems] == []
    _, problems = resolve(content, today=datetime.date(2015, 10, 31))
    assert [str(p.location) for p in problems if p.code == "FD125"] == [f"{EVENT.as_posix()}:10:9"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_day() == datetime.datetime.now(datetime.UTC).date()
