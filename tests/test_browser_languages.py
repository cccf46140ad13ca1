"""The Arabic and Russian fixture desks in headless Chromium: right-to-left layout for Arabic at
phone and desktop width, the site's words from its catalogue (the timeline filter's count is
written by JavaScript), no horizontal scrolling and a clean console. Saves screenshots of the
Arabic desk into screenshots/ (the README shows one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import (
    SCREENSHOTS,
    WIDTHS,
    browser_page,
    build_fixture,
    needs_chromium,
    serve_folder,
)

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("languages")
    html = {desk: build_fixture(root, desk) for desk in ("desk-ar", "desk-ru")}
    with serve_folder(html["desk-ar"]) as arabic, serve_folder(html["desk-ru"]) as russian:
        yield {"desk-ar": arabic, "desk-ru": russian}


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_arabic_timeline_runs_right_to_left(sites: dict[str, str], width: int) -> None:
    with browser_page(width, WIDTHS[width]) as (page, console):
        page.goto(sites["desk-ar"] + "timeline/")
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # The timeline's entries hang from the right: their rule is on the right-hand side.
        entry = page.locator(".fd-entry").first
        rule = entry.evaluate(
            "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]"
        )
        assert rule[0] != "0px" and rule[1] == "0px", rule
        # The heading starts at the right edge of the content column.
        heading = _box(page, "article h1")
        content = _box(page, "article")
        assert abs((heading["x"] + heading["width"]) - (content["x"] + content["width"])) < 40
        # The filter's count, written by JavaScript, speaks the catalogue's Arabic.
        count = page.locator(".fd-filter-count")
        assert count.inner_text().startswith("المدخلات: ")
        # Narrowed, it counts what shows without a plural the number would have to agree with.
        page.locator("select[data-filter]").first.select_option(index=1)
        assert count.inner_text().startswith("المعروض: ")
        page.locator("select[data-filter]").first.select_option(index=0)
        # A Russian quote on an Arabic page keeps its left-to-right order.
        russian = page.locator('.fd-original[lang="ru"]').first
        assert russian.evaluate("e => getComputedStyle(e).direction") == "ltr"
        no_sideways_scroll = "document.scrollingElement.scrollWidth <= window.innerWidth"
        assert page.evaluate(no_sideways_scroll)
        page.screenshot(path=str(SCREENSHOTS / f"ar-timeline-{width}.png"))
        assert console.errors == [] and console.outside == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_arabic_claim_page_runs_right_to_left(sites: dict[str, str], width: int) -> None:
    with browser_page(width, WIDTHS[width]) as (page, console):
        page.goto(sites["desk-ar"] + "claims/la-qasf/")
        verdict = page.locator(".fd-verdict .admonition-title")
        # The verdict is a heading: its permalink mark (¶) follows the words.
        assert verdict.inner_text().strip().rstrip("¶").strip() == "الحكم: خاطئ"
        assert verdict.evaluate("e => getComputedStyle(e).direction") == "rtl"
        translation = page.locator(".fd-translation").first.inner_text()
        assert translation.startswith("ترجمة فريق التحرير:")
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(SCREENSHOTS / f"ar-claim-{width}.png"), full_page=True)
        assert console.errors == [] and console.outside == []


def test_the_russian_desk_reads_left_to_right_in_russian(sites: dict[str, str]) -> None:
    with browser_page(1280, WIDTHS[1280]) as (page, console):
        page.goto(sites["desk-ru"] + "timeline/")
        assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
        assert page.locator(".fd-filter-count").inner_text().startswith("Записей: ")
        # An Arabic quote on a Russian page runs right to left.
        arabic = page.locator('.fd-original[lang="ar"]').first
        assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
        # The search's words follow the site's language too (from content/site.yml).
        assert page.locator(".fd-search-open").get_attribute("aria-label") == "Поиск"
        assert console.errors == [] and console.outside == []
