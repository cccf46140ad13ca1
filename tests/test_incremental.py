"""Incremental rebuilds (`mkdocs serve`): after any edit, a build that reuses the cache gives
exactly the pages a fresh build gives, and pages that do not show the edited file are reused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, set_page_size

from generator import pipeline
from generator.incremental import BuildCache

FIXTURE_TEXT = {
    path: (FIXTURES / "minimal" / path).read_text(encoding="utf-8")
    for path in ("content/events/strike.yml", "content/claims/no-strikes-on-towns.yml")
}


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        file = site / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _append(path: str, extra: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        with open(site / path, "a", encoding="utf-8") as handle:
            handle.write(extra)

    return edit


def _new_claim(site: Path) -> None:
    source = site / "content/claims/no-strikes-on-towns.yml"
    text = source.read_text(encoding="utf-8").replace(
        "The Example air force does not strike populated areas.", "A second claim."
    )
    (site / "content/claims/second-claim.yml").write_text(text, encoding="utf-8")


def _delete_event(site: Path) -> None:
    (site / "content/contradictions/towns.yml").unlink()
    (site / "content/events/strike.yml").unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "claim text": _replace(
        "content/claims/no-strikes-on-towns.yml", "does not strike", "never strikes"
    ),
    "verdict rating": _replace(
        "content/claims/no-strikes-on-towns.yml", "rating: false", "rating: unproven"
    ),
    "article title": _replace(
        "content/articles/example-report.yml", "title: Ministry denies", "title: Ministry rejects"
    ),
    "article published date": _replace(
        "content/articles/example-report.yml", "published: 2015-10-07", "published: 2015-10-08"
    ),
    "seed text": _append("seeds/report.txt", "A new closing sentence.\n"),
    "markdown article body": _append(
        "content/articles/monitor-report.md", "The Monitor added a second sentence.\n"
    ),
    "entity name": _replace("content/entities.yml", "name: Jan Example", "name: Jan Q. Example"),
    "site title": _replace("content/site.yml", "title: Example desk", "title: Example desk 2"),
    "rating colour": _replace("content/site.yml", '"#c62828"', '"#b71c1c"'),
    "event title": _replace(
        "content/events/strike.yml", "title: Strike kills", "title: Air strike kills"
    ),
    "event confirmation": _replace(
        "content/events/strike.yml",
        "recorded the same two deaths",
        "recorded the same two deaths by name",
    ),
    "figure added to a verdict": _append(
        "content/claims/no-strikes-on-towns.yml",
        "  figures:\n"
        '    - value: "two"\n'
        "      counts: civilians killed in the strike\n"
        "      attributions:\n"
        "        - credited_to: example-monitor\n"
        "          source:\n"
        "            article: monitor-report\n"
        "            quote: a strike on Wednesday morning killed two civilians\n"
        "            note: The Monitor's own report.\n",
    ),
    "contradiction label": _replace(
        "content/contradictions/towns.yml",
        "The monitor reports civilians killed",
        "The monitor reports two civilians killed",
    ),
    "new claim": _new_claim,
    "deleted event": _delete_event,
    # A record that now names another changes that other's page, which did not show it before.
    "claimant changed": _replace(
        "content/claims/no-strikes-on-towns.yml",
        "claimant: example-spokesman",
        "claimant: example-ministry",
    ),
    "event drops its claim": _replace(
        "content/events/strike.yml", "claims: [no-strikes-on-towns]", "claims: []"
    ),
    "claim moves to another month": _replace(
        "content/claims/no-strikes-on-towns.yml", "date: on Tuesday", "date: 2015-09-30"
    ),
    # An entity's page lists the articles whose outlet names it.
    "outlet now names an entity": _replace(
        "content/articles/example-report.yml",
        "outlet: Example Wire",
        "outlet: Example Ministry of Defence",
    ),
}


@pytest.mark.parametrize("paged", [False, True], ids=["one timeline", "a page per month"])
@pytest.mark.parametrize("name", sorted(EDITS))
def test_cached_rebuild_equals_fresh_build(
    name: str, paged: bool, copy_site: Callable[[str], Path]
) -> None:
    site = copy_site("minimal")
    if paged:
        set_page_size(site, 1)
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    assert not first.errors
    assert any(re.fullmatch(r"timeline/\d{4}-\d{2}\.md", p) for p in first.pages) == paged

    EDITS[name](site)
    cached = pipeline.build(site, cache=cache)
    fresh = pipeline.build(site)

    assert not fresh.errors, fresh.errors
    assert cached.pages == fresh.pages
    assert cached.pages != first.pages


# The second edit undoes the first: a page must pick up what a record names again.
UNDONE = {
    "event names its claim again": ("event drops its claim", "claims: []"),
    "claimant changed back": ("claimant changed", "claimant: example-ministry"),
}


@pytest.mark.parametrize("name", sorted(UNDONE))
def test_cached_rebuild_after_an_edit_is_undone(
    name: str, copy_site: Callable[[str], Path]
) -> None:
    first_edit, edited = UNDONE[name]
    site = copy_site("minimal")
    original = pipeline.build(site).pages
    cache = BuildCache(site)
    EDITS[first_edit](site)
    pipeline.build(site, cache=cache)
    path = next(p for p in ("content/events/strike.yml", "content/claims/no-strikes-on-towns.yml")
                if edited in (site / p).read_text(encoding="utf-8"))  # fmt: skip
    source = FIXTURE_TEXT[path]
    (site / path).write_text(source, encoding="utf-8")

    assert pipeline.build(site, cache=cache).pages == original


def test_a_claim_citing_another_sentence_updates_the_outlets_page(
    copy_site: Callable[[str], Path],
) -> None:
    # The outlet's page counts the article's cited sentences; the claim names the article, not
    # the outlet, and the outlet's page did not show the claim before.
    site = copy_site("minimal")
    _append("content/articles/monitor-report.md", "Residents said the market was hit.\n")(site)
    _replace("content/events/strike.yml", "entities: [example-monitor]", "entities: []")(site)
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    assert not first.errors
    _replace(
        "content/claims/no-strikes-on-towns.yml",
        "quote: a strike on Wednesday morning killed two civilians",
        "quote: the market was hit",
    )(site)
    cached = pipeline.build(site, cache=cache)
    fresh = pipeline.build(site)

    assert not fresh.errors, fresh.errors
    outlet = "entities/example-monitor.md"
    assert cached.pages[outlet] != first.pages[outlet]
    assert cached.pages == fresh.pages


def test_unchanged_pages_are_reused(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    _replace("content/events/strike.yml", "title: Strike kills", "title: Air strike kills")(site)
    rendered_before = cache.rendered
    result = pipeline.build(site, cache=cache)

    rendered = cache.rendered - rendered_before
    # The event shows on the claim and contradiction pages, the article pages that cite it and
    # the index pages, but not on the entity pages of people it does not involve.
    assert 0 < rendered < len(result.pages)
    assert "Air strike kills" in result.pages["claims/no-strikes-on-towns.md"]
