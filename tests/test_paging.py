"""Large desks are paged: the indexes and the timeline hold `page_size` entries a page, every
entry is on exactly one page, pages link to each other, records keep their pages, and small
desks keep their single pages. Built with the real `mkdocs build --strict` and read as HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from conftest import (
    LARGE_DESK_PAGE_SIZE,
    assert_address_resolves,
    data_file_addresses,
    mkdocs_build,
    set_page_size,
)

from benchmarks.synthetic import SITE_URL
from generator import pipeline
from generator.content.linked import Site
from generator.site.layout import Layout, page_window

# Material and factdesk's own script and style around the content of any page; a generous
# bound, since the real budget (300 KB) is measured by `make bench` at 10k and 50k claims.
PAGE_BYTES_MAX = 300_000


def _html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _served(html_root: Path, url: str) -> Path:
    """The built file of a site-relative directory URL."""
    return html_root / url / "index.html" if url else html_root / "index.html"


def _listing_pages(html_root: Path, layout: Layout, name: str) -> list[Path]:
    listing = layout.listings[name]
    return [
        _served(html_root, layout.url(layout.path("listing", page.ref))) for page in listing.pages
    ]


def _row_targets(page: Path) -> list[str]:
    """The record ids the index page's table rows link, in order."""
    root = _html(page)
    ids = []
    for row in root.xpath(".//article//tbody/tr"):
        href = row.xpath("./*[1]//a/@href")[0]
        ids.append(href.rstrip("/").rsplit("/", 1)[-1])
    assert all(href for href in ids), page
    return ids


@pytest.fixture(scope="module")
def built(large_desk: Path) -> tuple[Site, Layout, Path]:
    result = pipeline.check(large_desk)
    assert result.site is not None, result.diagnostics
    return result.site, Layout.of(result.site), large_desk / "site"


def test_small_desks_keep_single_pages(copy_site: Callable[[str], Path]) -> None:
    pages = pipeline.build(copy_site("minimal")).pages
    assert not [p for p in pages if re.match(r"(claims|articles|entities)/(page|verdict)/", p)]
    # The slide-by-slide timeline lives beside the months; no month has a page of its own.
    paged = [p for p in pages if p.startswith(("timeline/", "claims/under-review/"))]
    assert paged == ["timeline/visual.md"]
    claims = pages["claims/index.md"]
    assert claims.count("<table ") == 1
    assert "fd-pager" not in claims and "By month" not in claims


def _built(site: Path) -> tuple[Path, Site, Layout]:
    """`mkdocs build --strict` of `site`: the HTML folder, the checked site and its layout."""
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    checked = pipeline.check(site).site
    assert checked is not None
    return site / "site", checked, Layout.of(checked)


def _slide_text(html_root: Path, unique_id: str) -> str:
    """The HTML text of one TimelineJS slide in the built `data/timeline.json`."""
    timeline = json.loads((html_root / "data/timeline.json").read_text(encoding="utf-8"))
    (slide,) = [slide for slide in timeline["events"] if slide["unique_id"] == unique_id]
    return str(slide["text"]["text"])


def test_an_editors_link_to_an_event_leads_to_the_part_that_shows_it(
    copy_site: Callable[[str], Path],
) -> None:
    # An event's description links another by its anchor, as on a timeline of one page, and a
    # claim's explanation does too; with four entries a page the two events are on other parts.
    site = copy_site("bundled")
    claim = site / "content/claims/mccain-russia-is-winning.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(
        text.replace(
            "  explanation: |\n",
            "  explanation: |\n    [A strike]"
            "(#event-strike-in-aleppo-province-kills-two-women-and-a-child) was reported.\n\n",
            1,
        ),
        encoding="utf-8",
    )
    set_page_size(site, 4)

    html_root, checked, layout = _built(site)
    linked = 0
    for page in sorted(html_root.rglob("*.html")):
        for href in _html(page).xpath(".//article//a/@href"):
            if "#event-" not in href:
                continue
            address = urljoin(SITE_URL + page.relative_to(html_root).as_posix(), href)
            assert_address_resolves(html_root, SITE_URL, address)
            linked += 1
    assert linked >= 2
    on_claim = _html(html_root / "claims/mccain-russia-is-winning/index.html").xpath(
        ".//article//a[contains(@href, '#event-strike-in-aleppo')]/@href"
    )
    part = layout.url(layout.path("event", "strike-in-aleppo-province-kills-two-women-and-a-child"))
    assert on_claim == [
        "../../" + part + "#event-strike-in-aleppo-province-kills-two-women-and-a-child"
    ]
    # The slide of the event whose description links the other leads to the same part.
    slide = _slide_text(html_root, "event-monitors-report-civilians-killed-in-first-week")
    in_slide = re.findall(r'href="([^"]*#event-strike-in-aleppo[^"]*)"', slide)
    assert in_slide == [
        checked.config.site_url
        + part
        + "#event-strike-in-aleppo-province-kills-two-women-and-a-child"
    ]
    assert_address_resolves(html_root, str(checked.config.site_url), in_slide[0])


@pytest.mark.parametrize("page_size", [None, 4], ids=["one timeline", "paged"])
def test_an_event_descriptions_links_are_written_as_from_the_timeline_page(
    copy_site: Callable[[str], Path], page_size: int | None
) -> None:
    # Written for timeline.md at the docs root; a paged timeline shows the event one or two
    # folders down.
    site = copy_site("bundled")
    event = site / "content/events/monitors-report-civilians-killed-in-first-week.yml"
    text = event.read_text(encoding="utf-8")
    assert "(see [the strike on the timeline]" in text
    event.write_text(
        text.replace(
            "(see [the strike on the timeline]",
            "(see [the denial](claims/mod-planes-do-not-strike-populated-areas.md) and"
            " [the strike on the timeline]",
            1,
        ),
        encoding="utf-8",
    )
    if page_size is not None:
        set_page_size(site, page_size)

    html_root, checked, layout = _built(site)
    shown_on = layout.url(layout.path("event", "monitors-report-civilians-killed-in-first-week"))
    assert (shown_on != "timeline/") == (page_size is not None)
    page = _served(html_root, shown_on)
    (href,) = _html(page).xpath(".//article//a[text()='the denial']/@href")
    address = urljoin(SITE_URL + shown_on, href)
    assert address == SITE_URL + "claims/mod-planes-do-not-strike-populated-areas/"
    assert_address_resolves(html_root, SITE_URL, address)
    # In the slide: the published address.
    slide = _slide_text(html_root, "event-monitors-report-civilians-killed-in-first-week")
    assert (
        f'<a href="{checked.config.site_url}claims/mod-planes-do-not-strike-populated-areas/">'
        "the denial</a>"
    ) in slide


def test_the_page_size_is_a_setting(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    set_page_size(site, 1)
    checked = pipeline.check(site)
    assert checked.site is not None and checked.site.config.page_size == 1
    set_page_size(site, 0)
    refused = pipeline.check(site)
    assert [d.code for d in refused.errors] == ["FD220"]


def test_page_window_shows_the_ends_and_the_neighbours() -> None:
    assert page_window(1, 1) == (1,)
    assert page_window(1, 3) == (1, 2, 3)
    assert page_window(6, 20) == (1, 0, 4, 5, 6, 7, 8, 0, 20)
    assert page_window(20, 20) == (1, 0, 18, 19, 20)


def test_claims_are_paged_in_date_order(built: tuple[Site, Layout, Path]) -> None:
    site, layout, html = built
    pages = _listing_pages(html, layout, "claims")
    assert pages[0] == html / "claims" / "index.html"
    assert pages[1] == html / "claims" / "page" / "2" / "index.html"
    rows = [_row_targets(page) for page in pages]
    assert all(0 < len(r) <= LARGE_DESK_PAGE_SIZE for r in rows)
    assert [claim for page in rows for claim in page] == list(site.claims_by_date)
    # Each page says where it is, above and below its table, and links its neighbours.
    second = _html(pages[1])
    pager = second.xpath(".//div[contains(@class, 'fd-pager')]")[0].text_content()
    assert f"Page 2 of {len(pages)}" in pager
    nexts = second.xpath(".//div[contains(@class,'fd-pager')]//a[contains(., 'Next')]/@href")
    assert nexts == ["../3/", "../3/"]


def test_claims_can_be_browsed_by_verdict(built: tuple[Site, Layout, Path]) -> None:
    site, layout, html = built
    expected = {
        f"verdict/{rating.id}": list(claims) for rating, claims in site.claims_by_rating if claims
    }
    expected["under-review"] = [c for c in site.claims_by_date if site.claims[c].verdict is None]
    assert set(expected) == {n for n in layout.listings if n.startswith(("verdict/", "under-"))}
    for name, claims in expected.items():
        pages = _listing_pages(html, layout, name)
        found = [claim for page in pages for claim in _row_targets(page)]
        assert found == claims, name
    # Every claims page links each verdict's listing, with its count.
    links = _html(html / "claims" / "index.html").xpath(
        ".//div[contains(@class,'fd-facets')]//a/@href"
    )
    assert "verdict/false/1/" in links and "under-review/1/" in links


def test_months_and_letters_lead_to_their_page(built: tuple[Site, Layout, Path]) -> None:
    _site, layout, html = built
    for name, prefix in (("claims", "month-"), ("articles", "month-"), ("entities", "letter-")):
        listing = layout.listings[name]
        assert listing.paged and listing.jumps
        first = _listing_pages(html, layout, name)[0]
        jumps = _html(first).xpath(".//div[contains(@class,'fd-jumps')]//a/@href")
        assert len(jumps) == len(listing.jumps)
        for jump in listing.jumps:
            assert jump.anchor.startswith(prefix)
            target = layout.address("listing", f"{name}/{jump.page}", jump.anchor)
            assert_address_resolves(html, SITE_URL, target)
    # Names in other alphabets have their letter too.
    assert "letter-u041c" in {j.anchor for j in layout.listings["entities"].jumps}


def test_every_index_holds_each_record_once(built: tuple[Site, Layout, Path]) -> None:
    site, layout, html = built
    for name, records in (("articles", site.articles), ("entities", site.entities)):
        rows = [_row_targets(p) for p in _listing_pages(html, layout, name)]
        assert all(len(r) <= LARGE_DESK_PAGE_SIZE for r in rows)
        assert sorted(r for page in rows for r in page) == sorted(records)
    headings = [
        h.text_content().strip("¶ ")
        for page in _listing_pages(html, layout, "contradictions")
        for h in _html(page).xpath(".//article//h2")
    ]
    assert len(headings) == len(site.contradictions)


def test_the_timeline_is_paged_by_month_and_part(built: tuple[Site, Layout, Path]) -> None:
    site, layout, html = built
    assert layout.paged_timeline
    entries: list[str] = []
    for part in layout.timeline_parts:
        page = _html(_served(html, layout.url(layout.path("timeline-month", part.ref))))
        shown = page.xpath(".//div[contains(@class,'fd-entry')]/@id")
        assert 0 < len(shown) <= LARGE_DESK_PAGE_SIZE
        entries += shown
    expected = [f"{entry.kind}-{entry.id}" for entry in site.timeline]
    assert entries == expected
    # Every event's address (the data files, the claim pages) leads to its part and anchor.
    for address in data_file_addresses(html, SITE_URL):
        assert_address_resolves(html, SITE_URL, address)


def test_records_keep_their_pages_whatever_the_paging(built: tuple[Site, Layout, Path]) -> None:
    site, layout, html = built
    single = Layout.of(replace(site, config=replace(site.config, page_size=10**9)))
    assert not single.paged_timeline and not single.listings["claims"].paged
    for kind, records in (
        ("claim", site.claims),
        ("article", site.articles),
        ("entity", site.entities),
        ("contradiction", site.contradictions),
    ):
        for ref in records:
            assert layout.path(kind, ref) == single.path(kind, ref)
            assert _served(html, layout.url(layout.path(kind, ref))).is_file()


def test_paged_pages_stay_small_and_keep_the_navigation(built: tuple[Site, Layout, Path]) -> None:
    _site, layout, html = built
    sizes = {p: p.stat().st_size for p in html.rglob("*.html")}
    largest = max(sizes, key=lambda p: sizes[p])
    assert sizes[largest] < PAGE_BYTES_MAX, largest
    home = _sections(html / "index.html")
    assert home == ["Home", "Timeline", "Claims", "Contradictions", "Articles", "Entities",
                    "Methodology", "How to add a claim"]  # fmt: skip
    for page in (
        html / "claims" / "page" / "2" / "index.html",
        html / "claims" / "verdict" / "false" / "1" / "index.html",
        _served(html, layout.url(layout.path("timeline-month", layout.timeline_parts[1].ref))),
    ):
        assert _sections(page) == home


def _sections(page: Path) -> list[str]:
    """The top-level entries of Material's navigation on a built page (its table of contents
    aside, which differs from page to page)."""
    (nav,) = _html(page).xpath(".//nav[contains(@class, 'md-nav--primary')]")
    return [
        " ".join(item.xpath("./a|./label")[0].text_content().split())
        for item in nav.xpath("./ul/li")
    ]
