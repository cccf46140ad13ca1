"""A one-off `mkdocs build` leaves the record pages whose key did not change as the last build
wrote them (`generator/plugin/kept_pages.py`, `generator/site/page_keys.py`), and the site it
builds is the one a build from nothing builds: after each kind of edit the pages and the HTML
are compared file by file with a build whose page folder was emptied first."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import calls_to, mkdocs_build, set_page_size, set_workers
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator import forked, pipeline
from generator.content.kept_records import KeptRecords
from generator.site import page_keys as page_keys_module
from generator.site import write as write_module
from generator.site.dependencies import page_files
from generator.site.layout import Layout
from generator.site.page_keys import Keys, code_digest, page_keys
from generator.site.render import listed_pages
from generator.site.write import FolderUpdate, remove_links, update_files

PAGES = Path(".cache/factdesk/pages")
KEYS = Path(".cache/factdesk/page-keys.json")
_KEPT = re.compile(r"generated (\d+) files \((\d+) pages kept from the last build[,)]")
_PARTS = re.compile(r"and ([\d,]+) parts of data files and of the search index\)")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def kept_count(stderr: str) -> int:
    found = _KEPT.search(stderr)
    return int(found.group(2)) if found else 0


def parts_count(stderr: str) -> int:
    found = _PARTS.search(stderr)
    return int(found.group(1).replace(",", "")) if found else 0


def build_and_compare(site: Path, tmp_path: Path) -> tuple[int, dict[str, bytes]]:
    """Build `site` (keeping what it may), then a copy of it from nothing; the Markdown and the
    HTML of both must be equal, data files and search index included. Returns the pages kept
    and the kept build's Markdown."""
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    kept = kept_count(built.stderr)
    # The parts of the data files are kept with the pages (`site/kept_parts.py`).
    assert (parts_count(built.stderr) > 0) == (kept > 0), built.stderr
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    again = mkdocs_build(fresh)
    assert again.returncode == 0, again.stderr
    assert kept_count(again.stderr) == 0
    pages = tree(site / PAGES)
    assert pages == tree(fresh / PAGES)
    assert tree(site / "site") == tree(fresh / "site")
    return kept, pages


def edit(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, relative
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@pytest.fixture
def bundled(copy_site: Callable[[str], Path]) -> Path:
    site = copy_site("bundled")
    # Paged, so that an event's link depends on which part of the timeline shows it. A claim
    # links by its anchor an event its page does not otherwise show (`render.escape_block`).
    edit(
        site,
        "content/claims/mccain-russia-is-winning.yml",
        "  explanation: |\n",
        "  explanation: |\n    [Elsewhere][aleppo] a strike was reported.\n\n"
        "    [aleppo]: #event-strike-in-aleppo-province-kills-two-women-and-a-child\n\n",
    )
    set_page_size(site, 7)
    return site


def test_each_edit_builds_the_site_a_build_from_nothing_builds(
    bundled: Path, tmp_path: Path
) -> None:
    first = mkdocs_build(bundled)
    assert first.returncode == 0, first.stderr
    assert kept_count(first.stderr) == 0
    listed = json.loads((bundled / KEYS).read_text(encoding="utf-8"))["pages"]
    assert "claims/mod-planes-do-not-strike-populated-areas.md" in listed
    before = tree(bundled / PAGES)

    # Nothing changed: every record page is kept but the few compared.
    kept, pages = build_and_compare(bundled, tmp_path)
    # At least twenty compared in all, each process its part of them, rounded up.
    assert kept >= len(listed) - 20 - 3
    assert pages == before

    # A claim reworded: its page and the pages naming it change, the others are kept.
    edit(
        bundled,
        "content/claims/mod-planes-do-not-strike-populated-areas.yml",
        "do not strike populated areas, especially",
        "do not ever strike populated areas, especially",
    )
    kept, pages = build_and_compare(bundled, tmp_path)
    rewritten = changed(before, pages)
    assert "claims/mod-planes-do-not-strike-populated-areas.md" in rewritten
    assert any(path.startswith("entities/") for path in rewritten)
    assert 0 < kept < len(listed)
    before = pages

    # A person renamed in entities.yml: the pages that name them.
    entities = (bundled / "content/entities.yml").read_text(encoding="utf-8")
    name = re.search(r"name: (Maria Zakharova)", entities)
    assert name is not None
    edit(bundled, "content/entities.yml", name.group(1), "M. Zakharova")
    kept, pages = build_and_compare(bundled, tmp_path)
    renamed = changed(before, pages)
    assert renamed and all(b"M. Zakharova" in pages[path] for path in renamed if path in listed)
    assert kept > 0
    before = pages

    # A claim removed moves the entries after it to the part before on the paged timeline: a
    # claim page whose event moved links to it there, though none of its files changed.
    (bundled / "content/claims/al-nouri-russians-more-serious.yml").unlink()
    kept, pages = build_and_compare(bundled, tmp_path)
    moved = changed(before, pages)
    assert "claims/state-tv-palmyra-strikes.md" in moved
    # The event the claim links by anchor moved too.
    assert "claims/mccain-russia-is-winning.md" in moved
    linking = pages["claims/mccain-russia-is-winning.md"]
    assert b"]: ../timeline/2015-10/2.md#event-strike-in-aleppo" in linking
    assert kept > 0
    before = pages

    # An event moved to another day: the pages that show it.
    events = sorted((bundled / "content/events").glob("*.yml"))
    event = events[0]
    text = event.read_text(encoding="utf-8")
    date = re.search(r"^date: (\S+)", text, re.M)
    assert date is not None
    edit(bundled, f"content/events/{event.name}", f"date: {date.group(1)}", "date: 2015-10-01")
    kept, pages = build_and_compare(bundled, tmp_path)
    before = pages

    # site.yml and a template override change every page: none is kept.
    edit(bundled, "content/site.yml", 'title: "factdesk:', 'title: "factdesk desk:')
    kept, _ = build_and_compare(bundled, tmp_path)
    assert kept == 0


def test_a_changed_folder_is_noticed_and_every_page_rendered(bundled: Path) -> None:
    first = mkdocs_build(bundled)
    assert first.returncode == 0, first.stderr
    good = tree(bundled / PAGES)
    listed = json.loads((bundled / KEYS).read_text(encoding="utf-8"))["pages"]
    # Every kept page altered, so that the few compared include one.
    for path in listed:
        (bundled / PAGES / path).write_text("Planted.\n", encoding="utf-8")

    built = mkdocs_build(bundled, strict=False)

    assert built.returncode == 0, built.stderr
    assert "differs from the page its content renders" in built.stderr
    assert "every page is rendered again" in built.stderr
    assert "Traceback" not in built.stderr
    assert tree(bundled / PAGES) == good
    # Strict mode fails on the warning, and keeps the last good site.
    for path in listed:
        (bundled / PAGES / path).write_text("Planted.\n", encoding="utf-8")
    html = tree(bundled / "site")
    strict = mkdocs_build(bundled)
    assert strict.returncode == 1
    assert "differs from the page its content renders" in strict.stderr
    assert tree(bundled / "site") == html
    assert tree(bundled / PAGES) == good


@pytest.mark.parametrize(
    "listing",
    [
        "not json",
        json.dumps({"format": "something else", "pages": {}}),
        json.dumps({"format": "factdesk page keys 1", "pages": {"../../outside.md": "0" * 64}}),
        json.dumps({"format": "factdesk page keys 1", "pages": ["claims/x.md"]}),
    ],
)
def test_a_list_that_cannot_be_read_keeps_no_page(bundled: Path, listing: str) -> None:
    first = mkdocs_build(bundled)
    assert first.returncode == 0, first.stderr
    good = tree(bundled / PAGES)
    (bundled / KEYS).write_text(listing, encoding="utf-8")

    built = mkdocs_build(bundled)

    assert built.returncode == 0, built.stderr
    assert kept_count(built.stderr) == 0
    assert tree(bundled / PAGES) == good
    assert json.loads((bundled / KEYS).read_text(encoding="utf-8"))["format"] == (
        "factdesk page keys 1"
    )


def test_a_build_stopped_by_a_template_leaves_no_list(bundled: Path, tmp_path: Path) -> None:
    first = mkdocs_build(bundled)
    assert first.returncode == 0, first.stderr
    override = bundled / "overrides/factdesk/pages/claim.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("{{ claim.record.claim }\n", encoding="utf-8")

    broken = mkdocs_build(bundled)

    assert broken.returncode == 1
    assert not (bundled / KEYS).exists()
    # No half-written list of parts either (`site/kept_parts.py`).
    assert not list((bundled / KEYS).parent.glob(".*.tmp"))
    override.unlink()
    kept, _ = build_and_compare(bundled, tmp_path)
    assert kept == 0


def test_a_page_key_follows_the_files_the_page_shows(copy_site: Callable[[str], Path]) -> None:
    """Keys alone: a reworded claim changes the keys of exactly the pages that show its file."""
    site = copy_site("bundled")
    claim = "content/claims/mod-planes-do-not-strike-populated-areas.yml"

    def keys() -> tuple[dict[str, str], set[str]]:
        result, _ = pipeline.generated(site, pipeline.check(site))
        assert result.site is not None and result.layout is not None
        linked, layout = result.site, result.layout
        showing = {
            layout.path(kind, ref)
            for kind, records in (
                ("claim", linked.claims),
                ("contradiction", linked.contradictions),
                ("article", linked.articles),
                ("entity", linked.entities),
            )
            for ref in records
            if claim in (page_files(linked, kind, ref) or ())
        }
        # And the pages of the indexes listing it.
        showing |= {path for path, _, rows in listed_pages(linked, layout) if claim in rows}
        return page_keys(linked, layout, Keys(linked, layout, site)), showing

    before, showing = keys()
    assert keys()[0] == before
    assert len(showing) > 3
    assert {"claims/index.md", "entities/index.md"} <= showing
    edit(site, claim, "strike populated areas, especially", "strike populated areas, above all")
    after, _ = keys()
    assert after.keys() == before.keys()
    assert {path for path in before if before[path] != after[path]} == showing


def test_a_link_in_the_folder_is_neither_followed_nor_kept(bundled: Path, tmp_path: Path) -> None:
    """A kept page is read by MkDocs as it is: a link planted in its place, or in place of its
    folder, or of the list, would publish (or read) a file outside the desk."""
    first = mkdocs_build(bundled)
    assert first.returncode == 0, first.stderr
    good = tree(bundled / PAGES)
    outside = tmp_path / "outside"
    (outside / "claims").mkdir(parents=True)
    secret = "Secret outside the desk.\n"
    listed = json.loads((bundled / KEYS).read_text(encoding="utf-8"))["pages"]
    claim_page = "claims/mod-planes-do-not-strike-populated-areas.md"
    (outside / "claims" / "mod-planes-do-not-strike-populated-areas.md").write_text(secret)
    (outside / "page-keys.json").write_text((bundled / KEYS).read_text(encoding="utf-8"))
    page = bundled / PAGES / claim_page
    page.unlink()
    page.symlink_to(outside / "claims" / "mod-planes-do-not-strike-populated-areas.md")
    # A whole folder of pages as a link, and the list as one.
    articles = bundled / PAGES / "articles"
    shutil.move(articles, outside / "articles")
    articles.symlink_to(outside / "articles")
    (bundled / KEYS).unlink()
    (bundled / KEYS).symlink_to(outside / "page-keys.json")

    built = mkdocs_build(bundled)

    assert built.returncode == 0, built.stderr
    assert kept_count(built.stderr) == 0  # the list was a link: not read
    assert not (bundled / KEYS).is_symlink()
    assert tree(bundled / PAGES) == good
    assert not page.is_symlink() and not articles.is_symlink()
    assert secret.encode() not in b"".join(tree(bundled / "site").values())

    # The list itself in place, and a page replaced by a link: that page is not kept.
    page.unlink()
    page.symlink_to(outside / "claims" / "mod-planes-do-not-strike-populated-areas.md")
    built = mkdocs_build(bundled)
    assert built.returncode == 0, built.stderr
    assert 0 < kept_count(built.stderr) < len(listed)
    assert tree(bundled / PAGES) == good
    assert secret.encode() not in b"".join(tree(bundled / "site").values())


def _checked(site: Path) -> pipeline.Result:
    return pipeline.check(site, kept=KeptRecords({}, code=code_digest()))


def test_a_page_key_takes_each_file_as_the_check_read_it(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys made from what the check read are those made by reading every file again,
    the event a claim links by anchor included, and no record or seed file is read again to
    make them."""
    checked = _checked(bundled)
    assert checked.site is not None
    linked = checked.site
    layout = Layout.of(linked, directory_urls=True)
    claim = "content/claims/mccain-russia-is-winning.yml"
    assert checked.files_read[claim].anchors == (
        "strike-in-aleppo-province-kills-two-women-and-a-child",
    )
    assert any(name.startswith("seeds/") for name in checked.files_read)
    read_again = page_keys(linked, layout, Keys(linked, layout, bundled))

    reads = calls_to(monkeypatch, page_keys_module, "_file_bytes")
    keys = page_keys(linked, layout, Keys(linked, layout, bundled, None, checked.files_read))

    assert keys == read_again
    # Only site.yml, for what every page is made from (`common_key`).
    assert [name for _, name in reads] == ["content/site.yml"]


@pytest.mark.parametrize("processes", [2, 3])
def test_pages_shared_between_processes_are_kept_as_in_one(bundled: Path, processes: int) -> None:
    """Each forked copy keys its own share of the pages: what the build learns of them is what
    one process keying every page learns, and no kept page is rendered."""

    def generated(kept_keys: dict[str, str], processes: int) -> tuple[pipeline.Result, set[str]]:
        result, files = pipeline.generated(
            bundled, _checked(bundled), processes=processes, kept_keys=kept_keys
        )
        return result, {path for path, _ in files}

    first, _ = generated({}, 1)
    keys = dict(first.page_keys)
    assert len(keys) > 40
    edit(
        bundled,
        "content/claims/mod-planes-do-not-strike-populated-areas.yml",
        "strike populated areas, especially",
        "strike populated areas, above all",
    )
    alone, _ = generated(keys, 1)
    shared, written = generated(keys, processes)

    assert shared.page_keys == alone.page_keys
    assert shared.kept | shared.sampled == alone.kept | alone.sampled
    assert not shared.kept & shared.sampled
    assert not shared.kept & written
    assert shared.sampled <= written
    changed = {path for path, key in keys.items() if alone.page_keys[path] != key}
    assert changed and changed <= written - shared.kept


@pytest.mark.skipif(not forked.can_fork(), reason="forked copies need fork (Linux)")
def test_a_copy_puts_the_pages_it_makes_in_place_itself(bundled: Path, tmp_path: Path) -> None:
    """With `write`, a forked copy writes the pages it makes into the folder and only says so
    (`Result.written`), except the kept pages it rendered to be compared, which the build
    compares; the search index's files go to the build. The folder ends as a build in one
    process leaves it."""

    def built(folder: Path, keys: Mapping[str, str]) -> pipeline.Result:
        # As the plugin writes: the files the folder held when listed are compared.
        write = FolderUpdate(folder, remove_links(folder))
        result, files = pipeline.generated(
            bundled, _checked(bundled), processes=2, kept_keys=keys, write=write
        )
        streamed = update_files(files, folder, update=write)
        assert not streamed & result.written.keys()
        assert {path for path in streamed if path.startswith("search/")}
        assert all(path.endswith(".md") for path in result.written)
        return result

    first = built(tmp_path / "first", {})
    # Every page of the copy's share was new.
    assert first.written and all(first.written.values())
    assert tree(tmp_path / "first") == tree(_built_alone(bundled, tmp_path / "first-alone"))

    edit(
        bundled,
        "content/claims/mod-planes-do-not-strike-populated-areas.yml",
        "strike populated areas, especially",
        "strike populated areas, above all",
    )
    shutil.copytree(tmp_path / "first", tmp_path / "kept")
    kept = built(tmp_path / "kept", first.page_keys)
    assert kept.sampled and not kept.sampled & kept.written.keys()
    assert tree(tmp_path / "kept") == tree(_built_alone(bundled, tmp_path / "kept-alone"))


def test_a_file_the_folder_did_not_hold_is_written_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build writes thousands of pages the folder did not hold when it was listed:
    those are written without being looked for; the files it held are compared first, kept
    when equal and rewritten with their permissions when not."""
    folder = tmp_path / "pages"
    (folder / "claims").mkdir(parents=True)
    (folder / "claims" / "same.md").write_text("same\n", encoding="utf-8")
    (folder / "claims" / "changed.md").write_text("old\n", encoding="utf-8")
    (folder / "claims" / "changed.md").chmod(0o600)
    held = remove_links(folder)
    # Put there after the listing: the update takes the listing's word for it.
    (folder / "claims" / "unlisted.md").write_text("same\n", encoding="utf-8")
    compared = calls_to(monkeypatch, write_module, "_holds")
    update = FolderUpdate(folder, held)

    assert update("claims/same.md", "same\n") is False
    assert update("claims/changed.md", "new\n") is True
    assert len(compared) == 2
    assert update("claims/unlisted.md", "same\n") is True
    assert update("timeline/2015/10/index.md", b"October\n") is True
    assert update("timeline/2015/11/index.md", "November\n") is True
    assert len(compared) == 2

    assert (folder / "claims" / "changed.md").read_text(encoding="utf-8") == "new\n"
    assert (folder / "claims" / "changed.md").stat().st_mode & 0o777 == 0o600
    assert (folder / "timeline" / "2015" / "10" / "index.md").read_bytes() == b"October\n"
    assert tree(folder) == {
        "claims/same.md": b"same\n",
        "claims/changed.md": b"new\n",
        "claims/unlisted.md": b"same\n",
        "timeline/2015/10/index.md": b"October\n",
        "timeline/2015/11/index.md": b"November\n",
    }
    # Without a listing every file is compared.
    FolderUpdate(folder)("claims/unlisted.md", "same\n")
    assert len(compared) == 3


def test_the_plugin_compares_only_the_files_its_folder_held(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin hands `FolderUpdate` the listing of its page folder: a first build compares
    no page (the folder held none), the build after it compares the pages it renders, which
    the folder held. In one process, so that every comparison is counted here."""
    set_workers(bundled, 1)
    compared = calls_to(monkeypatch, write_module, "_holds")
    monkeypatch.chdir(bundled)

    def one_off_build() -> int:
        compared.clear()
        config = load_config(str(bundled / "mkdocs.yml"), site_dir=str(tmp_path / "html"))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        config.plugins.on_files(get_files(config), config=config)
        return len(compared)

    assert one_off_build() == 0
    assert len(tree(bundled / PAGES)) > 20
    edit(
        bundled,
        "content/claims/mod-planes-do-not-strike-populated-areas.yml",
        "strike populated areas, especially",
        "strike populated areas, above all",
    )
    assert one_off_build() > 0
    assert all(str(path).startswith(str(bundled / PAGES)) for path, _ in compared)


def _built_alone(site: Path, folder: Path) -> Path:
    _, files = pipeline.generated(site, _checked(site))
    update_files(files, folder)
    return folder


def test_a_build_that_keeps_most_pages_renders_them_mostly_itself(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build process takes a larger share of the pages when most are kept, for its copy
    makes the search index (`pipeline._build_share`), and an even one when every page is
    rendered: a first build, or one after an edit every page shows."""
    shares = calls_to(monkeypatch, forked, "shares")

    def generated(kept_keys: dict[str, str]) -> pipeline.Result:
        result, files = pipeline.generated(
            bundled, _checked(bundled), processes=2, kept_keys=kept_keys
        )
        for _ in files:
            pass
        return result

    keys = dict(generated({}).page_keys)
    generated(keys)
    edit(bundled, "content/site.yml", "description: A fact-check", "description: A check")
    generated(keys)
    asked = [build_share for _, _, build_share in shares]
    assert asked == [pipeline._BUILD_SHARE, pipeline._KEPT_BUILD_SHARE, pipeline._BUILD_SHARE]
