"""A desk large enough to page, in headless Chromium: a reader walks the paged indexes and the
timeline's parts, browses by verdict and by letter, searches (in English, Russian and Arabic)
and opens a result. The desk is conftest's large desk (LARGE_DESK_PAGE_SIZE entries a page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from conftest import ARABIC_QUOTE, LARGE_DESK_PAGE_SIZE
from test_browser import browser_page, needs_chromium, serve_folder

from generator import pipeline
from generator.content.linked import Site

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def desk(large_desk: Path) -> Iterator[tuple[str, Site]]:
    site = pipeline.check(large_desk).site
    assert site is not None
    with serve_folder(large_desk / "site") as url:
        yield url, site


def _rows(page: Any) -> list[str]:
    return _paths(page.locator("article tbody tr > :first-child a"))


def _paths(links: Any) -> list[str]:
    """The address paths the links lead to (resolved, as the browser follows them)."""
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map(a => a.href)")]


def _heading(page: Any) -> str:
    """The page's title as shown, without the permalink sign MkDocs adds."""
    text: str = page.locator("article h1").inner_text()
    return text.removesuffix("¶").strip()


def _search(page: Any, query: str) -> list[str]:
    """Open the search with its key, type `query`, and return the results' addresses."""
    page.keyboard.press("/")
    field = page.locator("input.fd-search-input")
    assert field.is_visible()
    field.fill(query)
    results = page.locator(".fd-search-result a")
    results.first.wait_for(state="visible")
    return _paths(results)


def test_a_reader_walks_the_paged_claims(desk: tuple[str, Site]) -> None:
    base, site = desk
    with browser_page(1280, 900) as (page, console):
        page.goto(base + "claims/")
        seen: list[str] = []
        while True:
            rows = _rows(page)
            assert 0 < len(rows) <= LARGE_DESK_PAGE_SIZE
            seen += rows
            following = page.locator(".fd-pager a", has_text="Next →")
            if not following.count():
                break
            following.first.click()
            page.wait_for_load_state("load")
        expected = [f"/claims/{claim_id}/" for claim_id in site.claims_by_date]
        assert seen == expected
        assert "Page 1 of" not in page.locator(".fd-pager").first.inner_text()

        # By verdict: every badge of the listing is that verdict.
        page.locator(".fd-facets a", has_text="False").first.click()
        page.wait_for_load_state("load")
        assert _heading(page) == "Claims rated False"
        badges = page.locator("article tbody .fd-badge")
        assert badges.count() > 0
        assert {badges.nth(i).inner_text() for i in range(badges.count())} == {"False"}

        # By month: the jump lands on the month's heading.
        page.goto(base + "claims/")
        last_month = page.locator(".fd-jumps a").last
        label = last_month.inner_text()
        last_month.click()
        page.wait_for_load_state("load")
        assert page.locator("article h2", has_text=label).first.is_visible()
    assert console.errors == [] and console.outside == []


def test_a_reader_finds_names_by_letter_and_walks_the_timeline(desk: tuple[str, Site]) -> None:
    base, _site = desk
    with browser_page(390, 844) as (page, console):
        page.goto(base + "entities/")
        page.locator(".fd-jumps a", has_text="М").click()
        page.wait_for_load_state("load")
        assert page.locator("article tbody a", has_text="Министерство обороны").is_visible()

        page.goto(base + "timeline/")
        page.locator("article table a").first.click()
        page.wait_for_load_state("load")
        parts = 1
        while True:
            entries = page.locator(".fd-entry")
            assert 0 < entries.count() <= LARGE_DESK_PAGE_SIZE
            # factdesk.js's filters work on every part.
            count = page.locator(".fd-filter-count").inner_text()
            assert count == f"{entries.count()} entries", count
            following = page.locator(".fd-month-links a", has_text="→")
            if not following.count() or parts == 4:
                break
            following.first.click()
            page.wait_for_load_state("load")
            parts += 1
        assert parts == 4, "the timeline's first month should have several parts"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    assert console.errors == [] and console.outside == []


def test_a_tag_narrows_the_months_and_opens_each_one_narrowed(desk: tuple[str, Site]) -> None:
    # The overview of a paged timeline lists months, not entries: a tag link that opens it
    # narrowed shows the months with a matching entry, and their links keep the choice.
    base, site = desk
    tagged = [c.id for c in site.claims.values() if "Arabic sources" in c.record.tags]
    assert tagged == ["ar-civilians-killed"]
    with browser_page(1280, 900) as (page, console):
        page.goto(base + "claims/ar-civilians-killed/")
        page.locator(".md-content a.fd-tag", has_text="Arabic sources").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/timeline/?tag=Arabic%20sources")
        # No filter by person on the overview: a list of everyone would outweigh the page.
        assert page.locator("select[data-filter]").count() == 1
        rows = page.locator("tr.fd-month-row")
        total = rows.count()
        shown = page.locator("tr.fd-month-row:visible")
        assert total > 1 and shown.count() == 1
        assert shown.locator("th").inner_text().strip() == "October 2015"
        assert page.locator(".fd-filter-count").inner_text() == (
            f"Months with entries for tag “Arabic sources”: 1 of {total}."
        )
        every = rows.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert len(every) > total and all(a.endswith("?tag=Arabic+sources") for a in every)
        # The choice goes into the query only: each link stays as the page wrote it.
        written = rows.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        months = re.compile(r"\d{4}-\d{2}/(\d+/)?\?tag=Arabic\+sources")
        assert all(months.fullmatch(a) for a in written), written
        october = shown.locator("a").first.evaluate("a => a.href")
        august = rows.first.locator("td a").last.evaluate("a => a.href")
        assert "/2015-08/" in august, august
        page.goto(october)
        assert page.locator("select[data-filter='tags']").input_value() == "Arabic sources"
        assert page.locator(".fd-entry:visible").count() == 1
        assert page.locator("#claim-ar-civilians-killed").is_visible()
        # Walking on keeps the choice: every link to another month or part carries it.
        walks = page.locator(".fd-month-links a, .fd-pager a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        assert len(walks) > 1 and all(a.endswith("?tag=Arabic+sources") for a in walks), walks
        # A person chosen here goes on to the next months, not to the overview, which has no
        # filter by person.
        people = page.locator("select[data-filter='entities']")
        people.select_option(index=1)
        person = people.input_value()
        assert person and page.url.endswith(f"&entity={person}")
        overview = page.locator(".fd-month-links a[data-carry]")
        assert overview.inner_text() == "All months"
        assert overview.get_attribute("href") == "../?tag=Arabic+sources"
        onward = page.locator(".fd-month-links a:not([data-carry]), .fd-pager a")
        hrefs = onward.evaluate_all("links => links.map(a => a.href)")
        assert hrefs and all(a.endswith(f"?tag=Arabic+sources&entity={person}") for a in hrefs)
        onward.first.click()
        page.wait_for_load_state("load")
        assert page.locator("select[data-filter='tags']").input_value() == "Arabic sources"
        assert people.input_value() == person
        # A part without the tag keeps the choice and says nothing matches.
        page.goto(august)
        assert page.locator("select[data-filter='tags']").input_value() == "Arabic sources"
        assert page.locator(".fd-entry:visible").count() == 0
        count = page.locator(".fd-filter-count").inner_text()
        assert count.startswith("0 of ") and "Nothing matches" in count, count
        page.locator(".fd-filter-reset").click()
        assert page.locator(".fd-entry:visible").count() == page.locator(".fd-entry").count()
        # A tag of most months: its months are written as runs ("0-4"), read back whole.
        tag = site.tags[0]

        def carries(entry: Any) -> bool:
            record = (site.events if entry.kind == "event" else site.claims)[entry.id].record
            return tag in record.tags

        expected = [
            n
            for n, month in enumerate(site.months)
            if any(carries(e) for day in month.days for e in day.entries)
        ]
        assert len(expected) > 1
        page.goto(f"{base}timeline/?tag={quote(tag, safe='')}")
        visible = page.locator("tr.fd-month-row").evaluate_all(
            "rows => rows.map((row, n) => row.hidden ? -1 : n).filter(n => n >= 0)"
        )
        assert visible == expected
    assert console.errors == [] and console.outside == []


def test_search_finds_a_claim_and_opens_it(desk: tuple[str, Site]) -> None:
    base, site = desk
    claim = site.claims[site.claims_by_date[len(site.claims_by_date) // 2]]
    with browser_page(1280, 900) as (page, console):
        page.goto(base + "articles/")
        found = _search(page, claim.record.claim)
        assert found[0] == f"/claims/{claim.id}/", found[:5]
        # What the first query downloaded: the manifest, a shard a word, the results' files.
        downloaded = page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => new URL(e.name).pathname.startsWith('/search/'))"
            ".reduce((sum, e) => sum + e.encodedBodySize, 0)"
        )
        assert 0 < downloaded < 500_000
        page.locator(".fd-search-result a").first.click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == f"/claims/{claim.id}/"
        assert _heading(page) == claim.record.claim
        assert not page.locator("dialog.fd-search[open]").count()
    assert console.errors == [] and console.outside == []


@pytest.mark.parametrize(
    ("query", "claim_id"),
    [
        # ё typed as е, as most Russian keyboards leave it.
        ("самолеты наносят", "ru-no-strikes"),
        # With harakat, and without the article the quote has.
        ("غَارات مدنيين", "ar-civilians-killed"),
        (ARABIC_QUOTE, "ar-civilians-killed"),
    ],
)
def test_search_finds_quotes_in_russian_and_arabic(
    desk: tuple[str, Site], query: str, claim_id: str
) -> None:
    base, _site = desk
    with browser_page(1280, 900) as (page, console):
        page.goto(base)
        found = _search(page, query)
        assert found[0] == f"/claims/{claim_id}/", found[:5]
        assert page.locator(".fd-search-result mark").count() > 0
    assert console.errors == [] and console.outside == []
