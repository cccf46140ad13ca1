"""The files each page and each part of a data file shows (`site/dependencies.py`) include every
entity it names: under serve an edit of entities.yml makes again only the pages and parts that
show an entity it changed, so a rule that leaves one out would serve a stale page. Each page and
part is made with a site that notes every entity looked up, and what was looked up is compared
with the rules, on desks that name entities in every way a page can (claimants, figures'
sources, organisations, members, events, outlets)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_large_desk

from generator import pipeline
from generator.content.linked import Site
from generator.incremental import Parts
from generator.site import render
from generator.site.dependencies import entity_file, page_files
from generator.site.exports import export_iter
from generator.site.search import search_files


class _Noted(dict[str, Any]):
    """The site's entities, noting each one looked up (or asked about) in `seen`."""

    def __init__(self, entities: dict[str, Any], seen: set[str]) -> None:
        super().__init__(entities)
        self.seen = seen

    def __getitem__(self, key: str) -> Any:
        self.seen.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):  # not "None in entities", asked of a missing affiliation
            self.seen.add(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self.seen.add("*every entity*")
        return super().__iter__()

    # Walking them all is looking every one up: no rule names every entity.
    def keys(self) -> Any:
        self.seen.add("*every entity*")
        return super().keys()

    def values(self) -> Any:
        self.seen.add("*every entity*")
        return super().values()

    def items(self) -> Any:
        self.seen.add("*every entity*")
        return super().items()


def _built(root: Path) -> tuple[Site, Any]:
    result = pipeline.build(root)
    assert not result.errors, result.errors
    assert result.site is not None and result.layout is not None
    return result.site, result.layout


def _noting(site: Site) -> tuple[Site, set[str]]:
    seen: set[str] = set()
    return dataclasses.replace(site, entities=_Noted(site.entities, seen)), seen


def _desk(name: str, copy_site: Callable[[str], Path], tmp_path: Path) -> Path:
    if name == "large":
        return write_large_desk(tmp_path / "large")
    return copy_site(name)


DESKS = ["minimal", "bundled", "large"]


@pytest.fixture(params=DESKS)
def noted_desk(
    request: pytest.FixtureRequest, copy_site: Callable[[str], Path], tmp_path: Path
) -> tuple[Site, Any, Site, set[str]]:
    """A desk's site and layout, the site noting each entity looked up, and what it noted."""
    site, layout = _built(_desk(request.param, copy_site, tmp_path))
    return (site, layout, *_noting(site))


def test_every_entity_a_page_shows_is_among_its_files(
    noted_desk: tuple[Site, Any, Site, set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    site, layout, noted, seen = noted_desk
    listed = list(render._pages(site, layout))
    pages = {path: (kind, ref, extra) for path, _, extra, kind, ref in listed}
    # Which pages there are comes from the whole site (a walk of every entity, between pages):
    # only what each page looks up while it renders is noted.
    monkeypatch.setattr(render, "_pages", lambda *_: listed)
    checked = 0
    for path, _ in render.render_iter(noted, layout):
        shown, _ = set(seen), seen.clear()
        kind, ref, extra = pages[path]
        files = render._row_files(site, kind, extra, {})
        if files is None and kind not in render.SECTIONS:
            found = page_files(site, kind, ref)
            files = None if found is None else frozenset(found)
        if files is None:
            continue  # rendered every time
        missing = {entity_file(e) for e in shown} - files
        assert not missing, f"{path} shows {sorted(missing)}, not among its files"
        checked += bool(shown)
    assert checked > 5, checked  # pages that name entities were compared


def test_every_entity_a_part_of_a_data_file_shows_is_among_its_files(
    noted_desk: tuple[Site, Any, Site, set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, layout, noted, seen = noted_desk
    checked: list[str] = []

    def each(self: Parts, *arguments: Any) -> list[Any]:
        # As Parts.each without a cache makes every part, checking each one made.
        _, items, name, files, produce = arguments
        made = []
        for item in items:
            seen.clear()
            made.append(produce(item))
            shown = {entity_file(e) for e in seen}
            missing = shown - files(item)
            assert not missing, f"{name(item)} shows {sorted(missing)}, not among its files"
            if shown:
                checked.append(name(item))
        return made

    monkeypatch.setattr(Parts, "each", each)
    assert all(isinstance(path, str) for path, _ in export_iter(noted, layout))
    assert all(isinstance(path, str) for path, _ in search_files(noted, layout))
    # Claims' rows, ClaimReview, the feed, the slides and the search documents (a row is made
    # once for the CSV and the JSON file).
    kinds = {name.split(":")[0] for name in checked}
    assert {"claimreview", "csv", "atom", "slide", "claim", "entity"} <= kinds, kinds
