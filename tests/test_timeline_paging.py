"""A long timeline is split into one page per month, and every link to an event follows it."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from conftest import assert_address_resolves, data_file_addresses, mkdocs_build, set_page_size

from generator import pipeline
from generator.site.write import write_tree

EVENT = """date: 2015-{month:02d}-0{day}
title: Event {n}
sources:
  - article: monitor-report
    quote: a strike on Wednesday morning killed two civilians
claims: [no-strikes-on-towns]
"""


def add_events_in_three_months(site: Path) -> None:
    """Events in August, September and (beside the fixture's) October 2015: before the article
    of 7 October 2015 that reports them, as an article reports only what has happened."""
    for n, (month, day) in enumerate([(8, 1), (8, 2), (9, 3)]):
        path = site / "content" / "events" / f"event-{n}.yml"
        path.write_text(EVENT.format(month=month, day=day, n=n), encoding="utf-8")


def test_short_timeline_is_one_page(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    add_events_in_three_months(site)
    pages = pipeline.build(site).pages
    # The slide-by-slide page lives beside the months; no month has a page of its own.
    assert [p for p in pages if p.startswith("timeline/")] == ["timeline/visual.md"]
    assert "## August 2015" in pages["timeline.md"]
    assert "(../timeline.md#event-event-0)" in pages["claims/no-strikes-on-towns.md"]


def test_long_timeline_is_paged_by_month(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    add_events_in_three_months(site)
    set_page_size(site, 2)
    result = pipeline.build(site)
    pages = result.pages
    months = sorted(p for p in pages if p.startswith("timeline/") and p != "timeline/visual.md")
    assert months == ["timeline/2015-08.md", "timeline/2015-09.md", "timeline/2015-10.md"]
    overview = pages["timeline.md"]
    assert re.findall(r"\]\((timeline/2015-\d\d\.md)\)", overview) == [
        "timeline/2015-08.md",
        "timeline/2015-09.md",
        "timeline/2015-10.md",
    ]
    assert 'id="event-event-2"' in pages["timeline/2015-09.md"]
    claim_page = pages["claims/no-strikes-on-towns.md"]
    assert "(../timeline/2015-09.md#event-event-2)" in claim_page
    assert "(../timeline/2015-10.md#event-strike)" in claim_page

    # The paged tree builds with plain MkDocs and --strict: every event link and anchor resolves.
    out = site / "out"
    write_tree(pages, out / "docs")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - factdesk\n", "").replace("docs_dir: docs", "docs_dir: docs")
    config += "extra_css: [assets/factdesk.css]\nextra_javascript: [assets/factdesk.js]\n"
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = mkdocs_build(out)
    assert built.returncode == 0, built.stderr
    assert (out / "site" / "timeline" / "2015-09" / "index.html").is_file()

    # The data files send each event to its month's page too, where its anchor is.
    site_url = "https://example.org/factcheck/"
    addresses = data_file_addresses(out / "site", site_url)
    assert f"{site_url}timeline/2015-09/#event-event-2" in addresses
    for address in addresses:
        assert_address_resolves(out / "site", site_url, address)


def _offered(page: str, name: str) -> list[str]:
    select = re.search(rf'<select data-filter="{name}".*?</select>', page)
    assert select is not None
    return [html.unescape(v) for v in re.findall(r'<option value="([^"]*)">', select[0]) if v]


def _carried(page: str, name: str) -> set[str]:
    return {
        value
        for attribute in re.findall(rf'class="fd-entry[^"]*"[^>]* data-{name}="([^"]*)"', page)
        for value in json.loads(html.unescape(attribute))
    }


def _numbers(runs: str) -> set[int]:
    numbers: set[int] = set()
    for run in runs.split():
        first, _, last = run.partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def test_each_month_page_filters_by_what_its_entries_carry(
    copy_site: Callable[[str], Path],
) -> None:
    # Each month offers only the tags and people of its own entries, in the site's order: a
    # choice from another month would hide every entry, and the whole site's lists on every
    # page grew a paged timeline with pages x entities.
    site = copy_site("minimal")
    add_events_in_three_months(site)
    events = site / "content" / "events"
    for name, extra in (
        ("event-0", "tags: [Zebra, alpha]\nentities: [example-monitor]\n"),
        ("event-1", "tags: [beta]\n"),
        ("event-2", "tags: [September only]\nentities: [example-ministry]\n"),
    ):
        path = events / f"{name}.yml"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    set_page_size(site, 2)
    result = pipeline.build(site)
    pages, built = result.pages, result.site
    assert built is not None
    offered: dict[str, list[str]] = {}
    months = ("timeline/2015-08.md", "timeline/2015-09.md", "timeline/2015-10.md")
    for path in months:
        page = pages[path]
        tags, entities = _offered(page, "tags"), _offered(page, "entities")
        assert set(tags) == _carried(page, "tags"), path
        assert set(entities) == _carried(page, "entities"), path
        assert tags == [t for t in built.tags if t in tags], path
        assert entities == [e for e in built.timeline_entities if e in entities], path
        offered[path] = tags + entities
    # An event also involves the people of the claims it bears on (Jan Example).
    assert offered["timeline/2015-08.md"] == [
        "alpha", "beta", "Zebra", "example-monitor", "example-spokesman"
    ]  # fmt: skip
    assert offered["timeline/2015-09.md"] == [
        "September only", "example-ministry", "example-spokesman"
    ]  # fmt: skip
    # The overview offers every tag, each naming the rows (months, by position) it keeps, and
    # no filter by person; a person's page on a paged desk lists their entries, with no link to
    # a narrowed overview.
    overview = pages["timeline.md"]
    assert 'class="fd-filters" data-scope="months"' in overview
    assert 'data-filter="entities"' not in overview
    assert overview.count('<tr class="fd-month-row"') == len(months)
    select = re.search(r'<select data-filter="tags".*?</select>', overview)
    assert select is not None
    kept = {
        html.unescape(value): {months[n] for n in _numbers(rows)}
        for value, rows in re.findall(r'<option value="([^"]+)" data-months="([^"]*)">', select[0])
    }
    assert kept == {
        tag: {path for path in months if tag in _offered(pages[path], "tags")}
        for path in months
        for tag in _offered(pages[path], "tags")
    }
    assert "?entity=" not in pages["entities/example-monitor.md"]
    assert "(../timeline/2015-08.md#event-event-0)" in pages["entities/example-monitor.md"]
