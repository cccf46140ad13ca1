"""Under `mkdocs serve`, a save's page is put into the theme's frame it had last time instead of
being rendered again (generator/plugin/frames.py). A frame is used only while everything the
theme renders of the page besides its HTML is the same; after saves that use frames, every
page served equals, byte for byte, the page a fresh `mkdocs build` writes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from conftest import mkdocs_build, set_workers, write_large_desk
from test_serve import (
    LARGE_CLAIM_FILE,
    LARGE_NEW_TEXT,
    LARGE_OLD_TEXT,
    START_LIMIT,
    large_claimant_name,
    mkdocs_serve,
    save_and_wait,
    wait_for,
)

from generator.plugin import frames as frames_module
from generator.plugin.frames import Frames


@dataclass(frozen=True)
class _Inclusion:
    excluded: bool = False

    def is_excluded(self) -> bool:
        return self.excluded


@dataclass(frozen=True)
class _File:
    src_uri: str = "claims/one.md"
    inclusion: _Inclusion = _Inclusion()
    abs_dest_path: str = "/nonexistent/claims/one/index.html"


@dataclass(frozen=True)
class _Heading:
    title: str
    id: str
    level: int = 2
    children: tuple[Any, ...] = ()


@dataclass(frozen=True)
class _Page:
    content: str = "<p>The claim, as it was.</p>"
    title: str = "One claim"
    meta: dict[str, Any] = field(default_factory=lambda: {"description": "A claim."})
    toc: tuple[Any, ...] = (_Heading("Evidence", "evidence"),)
    file: _File = _File()


@dataclass
class _Theme:
    name: str = "material"
    custom_dir: str | None = None


@dataclass
class _Config:
    plugins: dict[str, object] = field(default_factory=lambda: {"factdesk": object()})
    theme: _Theme = field(default_factory=_Theme)


NAVIGATION = [("index.md", "Home", {})]


def _rendered(page: _Page, title: str | None = None) -> str:
    """What the theme makes of a page: its HTML inside the rest."""
    return f"<html><title>{title or page.title}</title><main>{page.content}</main></html>"


def _learned(page: _Page, config: _Config | None = None) -> Frames:
    frames = Frames(config or _Config())
    frames.start(NAVIGATION)
    frames.learn(page, _rendered(page))
    return frames


def test_a_page_whose_frame_fits_is_put_into_it() -> None:
    page = _Page()
    frames = _learned(page)
    edited = replace(page, content="<p>The claim, <em>edited</em>.</p>")
    assert frames.output(edited) == _rendered(edited)
    assert frames.taken_count() == 1 and frames.taken_count() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Another title"},
        {"meta": {"description": "Another description."}},
        {"meta": {"description": "A claim.", "template": "main.html", "hide": ["toc"]}},
        {"toc": (_Heading("Evidence", "evidence"), _Heading("Sources", "sources"))},
        {"toc": (_Heading("Evidence", "evidence", 3),)},
        {"content": "<h1>A heading of its own</h1><p>The claim.</p>"},
        {"file": _File(inclusion=_Inclusion(excluded=True))},
        {"meta": {"template": "other.html"}},
    ],
    ids=["title", "meta", "meta-added", "toc", "toc-level", "own-h1", "draft", "template"],
)
def test_a_page_whose_frame_does_not_fit_is_rendered(change: dict[str, Any]) -> None:
    frames = _learned(_Page())
    assert frames.output(replace(_Page(), **change)) is None


def test_another_navigation_forgets_every_frame() -> None:
    frames = _learned(_Page())
    frames.start([("index.md", "Home", {}), ("timeline.md", "Timeline", {})])
    assert frames.output(_Page()) is None


def test_a_page_whose_html_is_not_found_once_gets_no_frame() -> None:
    twice = _Page(content="Home")  # also in the navigation's rendering of the title
    frames = Frames(_Config())
    frames.start(NAVIGATION)
    frames.learn(twice, _rendered(twice, title="Home"))
    assert frames.output(twice) is None
    # A frame learned before is forgotten when the page's next rendering gives none.
    page = _Page()
    frames.learn(page, _rendered(page))
    frames.learn(page, "<html>the page's HTML changed on its way out</html>")
    assert frames.output(page) is None


def _on_disk(tmp_path: Path, page: _Page, output: str) -> _Page:
    written = tmp_path / "index.html"
    written.write_text(output, encoding="utf-8")
    return replace(page, file=replace(page.file, abs_dest_path=str(written)))


def test_a_page_without_a_frame_learns_it_from_its_file_in_the_site(tmp_path: Path) -> None:
    """The first save after a start: the full build rendered the page, which still holds the
    conversion its file was rendered from."""
    page = _on_disk(tmp_path, _Page(), _rendered(_Page()))
    frames = Frames(_Config())
    frames.recall([page], NAVIGATION)
    edited = replace(page, content="<p>The claim, <em>edited</em>.</p>")
    frames.start(NAVIGATION)  # the navigation the pages render with after the conversion
    assert frames.output(edited) == _rendered(edited)


@pytest.mark.parametrize(
    "output",
    ["<html>rendered from another conversion</html>", "<p>The claim, as it was.</p>" * 2, None],
    ids=["other-html", "html-twice", "no-file"],
)
def test_a_file_that_does_not_hold_the_pages_html_once_teaches_no_frame(
    tmp_path: Path, output: str | None
) -> None:
    page = _on_disk(tmp_path, _Page(), output) if output is not None else _Page()
    frames = Frames(_Config())
    frames.recall([page], NAVIGATION)
    assert frames.output(page) is None


def test_after_a_save_changed_the_navigation_files_teach_no_frames(tmp_path: Path) -> None:
    """The files of pages no save rendered since hold the navigation before the change."""
    page = _on_disk(tmp_path, _Page(), _rendered(_Page()))
    other = [("index.md", "Home, renamed", {})]
    frames = Frames(_Config())
    frames.recall([], NAVIGATION)
    frames.start(other)  # a save changed a title shown in the navigation
    frames.recall([page], other)
    assert frames.output(page) is None
    # Nor once the navigation is back as the full build had it: the saves' files hold another.
    frames.recall([page], NAVIGATION)
    assert frames.output(page) is None
    # A page rendered since teaches its frame as before.
    frames.learn(page, _rendered(page))
    assert frames.output(page) == _rendered(page)


def test_a_navigation_changed_by_the_save_forgets_the_frames_learned_from_files(
    tmp_path: Path,
) -> None:
    page = _on_disk(tmp_path, _Page(), _rendered(_Page()))
    frames = Frames(_Config())
    frames.recall([page], NAVIGATION)
    assert frames.output(page) == _rendered(page)  # learned from the file
    frames.start([("index.md", "Home, renamed", {})])
    assert frames.output(page) is None


@pytest.mark.parametrize(
    "config",
    [
        _Config(theme=_Theme(custom_dir="overrides")),
        _Config(theme=_Theme(name="readthedocs")),
        _Config(plugins={"factdesk": object(), "tags": object()}),
    ],
    ids=["custom-dir", "another-theme", "another-plugin"],
)
def test_frames_are_off_with_templates_or_plugins_factdesk_does_not_know(
    config: _Config,
) -> None:
    frames = _learned(_Page(), config)
    assert not frames.usable and frames.output(_Page()) is None


def test_frames_used_longest_ago_are_forgotten_beyond_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(frames_module, "_MOST_FRAMES", 2)
    pages = [_Page(file=_File(src_uri=f"claims/{n}.md")) for n in range(3)]
    frames = Frames(_Config())
    frames.start(NAVIGATION)
    frames.learn(pages[0], _rendered(pages[0]))
    frames.learn(pages[1], _rendered(pages[1]))
    assert frames.output(pages[0]) is not None  # now used last
    frames.learn(pages[2], _rendered(pages[2]))
    assert frames.output(pages[1]) is None
    assert frames.output(pages[0]) is not None and frames.output(pages[2]) is not None


_ADDRESS = re.compile(r"https://factdesk\.example\.org/|http://127\.0\.0\.1:\d+/")


def _pages(site_dir: Path) -> dict[str, str]:
    return {
        page.relative_to(site_dir).as_posix(): _ADDRESS.sub("SITE/", page.read_text("utf-8"))
        for page in sorted(site_dir.rglob("*.html"))
    }


def test_saves_that_put_pages_into_frames_leave_the_site_a_build_writes(tmp_path: Path) -> None:
    """A person renamed twice, then a claim's text edited (which changes its page's title and
    the rows listing it), under a server converting in two processes: every save puts pages
    into their frames, the first those that its pages' files in the site give
    (`Frames.recall`), and every page served then equals, whole, the page a fresh
    `mkdocs build` of the edited desk writes (but for the site's address)."""
    site = write_large_desk(tmp_path / "desk")
    set_workers(site, 2)
    served = tmp_path / "served"
    served.mkdir()
    name = large_claimant_name(site)
    entities = site / "content" / "entities.yml"
    saves = (
        (entities, name, name + " Renamed"),
        (entities, name + " Renamed", name + " Renamed Again"),
        (site / LARGE_CLAIM_FILE, LARGE_OLD_TEXT, LARGE_NEW_TEXT),
    )
    framed = []
    with mkdocs_serve(site, temporary=served) as server:
        wait_for(lambda: "Serving on" in server.terminal(), START_LIMIT, "start", server)
        for path, old, new in saves:
            log = save_and_wait(server, path, old, new)
            assert "converted in 2 processes" in log, log
            found = re.search(r"(\d+) pages put into their frames", log)
            framed.append(int(found.group(1)) if found else 0)
        (site_dir,) = served.iterdir()
        shown = _pages(site_dir)
    assert framed[0] > 10 and framed[1] > 10 and framed[2] > 0, framed
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    built = _pages(site / "site")
    assert len(built) > 100 and built.keys() == shown.keys()
    differing = [path for path in built if built[path] != shown[path]]
    assert not differing, differing
