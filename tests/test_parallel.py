"""A build shared between processes (issue 17's second target): `mkdocs build` hands pages to
forked copies of itself (generator/plugin/parallel.py), the generator renders pages in copies
(pipeline.generated) and the checker reads record files in copies (content/load.py); what
comes out must be what one process makes, page by page and problem by problem, with the same
link checks, and a copy that fails must leave its work to the build."""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from conftest import FIXTURES, copy_desk, mkdocs_build, set_workers, write_large_desk
from mkdocs.commands import build as mkdocs_steps
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator import forked, pipeline
from generator.content import load, record_json
from generator.content.diagnostics import Diagnostic
from generator.content.kept_records import KeptRecords
from generator.content.models import Content
from generator.plugin.parallel import (
    RENDER_SHARE,
    _dealt_by_size,
    _size,
    _Taking,
    _worth_forking,
    build_pages,
)
from generator.resources import TEMPLATES
from generator.site.layout import Layout
from generator.site.page_keys import code_digest
from generator.site.render import TemplateProblem, page_paths

# Pages of the editor's own in docs/ with a missing page, a missing anchor and a good anchor
# of a generated page: MkDocs checks links while it converts and anchors once every page is
# converted, so both checks see pages converted by a copy.
NOTES = 12
NOTE = (
    "# Note {n}\n\n[gone](../nowhere-{n}.md) · [no anchor](../claims/index.md#no-anchor-{n}) · "
    "[methodology](../methodology.md)\n\n## Section {n}\n"
)


def _log(stderr: str, site: Path) -> list[str]:
    """The build's log without what differs between any two runs: seconds, its own folders,
    and the line that says how many processes built the pages."""
    lines = []
    for line in stderr.replace(str(site), "SITE").splitlines():
        if "pages are built in" in line:
            continue
        line = re.sub(r"site-building-[0-9a-f]+", "site-building", line)
        lines.append(re.sub(r"\d+\.\d+ s(econds)?", "N s", line))
    return lines


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The large desk with notes, as two copies: one built in one process, one in three."""
    first = write_large_desk(tmp_path_factory.mktemp("parallel") / "one")
    notes = first / "docs" / "notes"
    notes.mkdir(parents=True)
    for n in range(NOTES):
        (notes / f"note-{n}.md").write_text(NOTE.format(n=n), encoding="utf-8")
    second = first.with_name("three")
    shutil.copytree(first, second)
    set_workers(first, 1)
    set_workers(second, 3)
    return {1: first, 3: second}


def test_pages_built_in_three_processes_equal_pages_built_in_one(desks: dict[int, Path]) -> None:
    built = {workers: mkdocs_build(site, strict=False) for workers, site in desks.items()}
    for result in built.values():
        assert result.returncode == 0, result.stderr
    assert "pages are built in 3 processes" in built[3].stderr
    assert "pages are built in" not in built[1].stderr
    one, three = _files(desks[1] / "site"), _files(desks[3] / "site")
    pages = [path for path in one if path.endswith(".html")]
    assert len(pages) > 400
    assert sorted(one) == sorted(three)
    different = [path for path in one if one[path] != three[path]]
    assert different == []
    # The same link checks, in the same order: a copy's warnings are the build's.
    log_one, log_three = _log(built[1].stderr, desks[1]), _log(built[3].stderr, desks[3])
    assert log_one == log_three
    for n in range(NOTES):
        assert any(f"nowhere-{n}.md" in line and "WARNING" in line for line in log_three)
        assert any(f"no-anchor-{n}" in line for line in log_three)


def test_warnings_from_copies_stop_a_strict_build(desks: dict[int, Path]) -> None:
    built = {workers: mkdocs_build(site) for workers, site in desks.items()}
    for result in built.values():
        assert result.returncode == 1
    said = [r.stdout + r.stderr for r in built.values()]
    aborted = [re.search(r"Aborted with (\d+) warnings", text) for text in said]
    # A missing page and a missing anchor in each note.
    assert {m.group(1) if m else None for m in aborted} == {str(2 * NOTES)}, said


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[forked.Copy]:
    """Every copy forked during the test to share pages or files: a test of shared work first
    checks there was some. The copy that validates and compiles the templates while the build
    links the site (`pipeline._beside_linking`, tested on its own below) is not counted."""
    made: list[forked.Copy] = []

    class Counted(forked.Copy):
        def __init__(self, work: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(work, *args, **kwargs)
            if getattr(work, "func", None) is not pipeline._beside_linking:
                made.append(self)

    monkeypatch.setattr(forked, "Copy", Counted)
    return made


def test_generator_shares_give_the_files_of_one_process(
    desks: dict[int, Path], copies: list[forked.Copy]
) -> None:
    root = desks[1]
    _, alone = pipeline.generate(root, identity=False)
    _, shared = pipeline.generate(root, identity=False, processes=3)
    one, three = dict(alone), dict(shared)
    assert len(copies) == 2
    assert len(one) > 400
    assert sorted(one) == sorted(three)
    assert [path for path in one if one[path] != three[path]] == []


def test_a_copy_that_fails_in_the_search_index_leaves_the_rest_of_it_to_the_build(
    desks: dict[int, Path], copies: list[forked.Copy], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first copy makes the search index after its pages: one that fails half-way has
    sent some of the index's files, and the build makes the others."""
    root = desks[1]
    _, alone = pipeline.generate(root, identity=False)
    one = dict(alone)
    build = os.getpid()
    real = pipeline.search_files

    def failing(*args: Any) -> Iterator[tuple[str, Any]]:
        files = real(*args)
        if os.getpid() == build:
            yield from files
            return
        for _ in range(3):
            yield next(files)
        raise RuntimeError("a copy that fails in the search index")

    monkeypatch.setattr(pipeline, "search_files", failing)
    _, shared = pipeline.generate(root, identity=False, processes=2)
    two = dict(shared)
    assert len(copies) == 1
    assert sum(path.startswith("search/") for path in one) > 3
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_a_page_a_copy_cannot_render_fails_the_build_as_in_one_process(
    desks: dict[int, Path], copies: list[forked.Copy]
) -> None:
    """An override that breaks one page of a copy's share: the copy stops, the build renders
    what the copy left and reports the same problem as a build in one process."""
    root = desks[1]
    checked = pipeline.check(root, identity=False)
    assert checked.site is not None
    layout = Layout.of(checked.site)
    theirs = forked.shares(page_paths(checked.site, layout), 3, pipeline._BUILD_SHARE)[1]
    broken = next(p for p in theirs if re.fullmatch(r"articles/[^/]+\.md", p) and "index" not in p)
    overrides = root / "overrides" / "broken"  # templates are read from inside the desk
    (overrides / "pages").mkdir(parents=True)
    original = (TEMPLATES / "pages" / "article.md.j2").read_text(encoding="utf-8")
    (overrides / "pages" / "article.md.j2").write_text(
        f'{{% if page == "{broken}" %}}{{{{ no_such.name }}}}{{% endif %}}' + original,
        encoding="utf-8",
    )
    problems = []
    for processes in (1, 3):
        _, files = pipeline.generate(root, overrides, identity=False, processes=processes)
        with pytest.raises(TemplateProblem) as raised:
            for _ in files:
                pass
        problems.append(raised.value.diagnostic)
    shutil.rmtree(overrides)
    assert len(copies) == 2  # only the build in three processes forked
    assert not copies[0].complete  # the copy with the broken page stopped there
    assert problems[0] == problems[1]
    assert "no_such" in problems[0].message


def test_templates_compiled_while_the_build_links_are_not_compiled_again(
    desks: dict[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-off check in more than one process has a copy compile the page templates while
    it links the site; the pages are then rendered without compiling any, and are the pages a
    build that compiled them makes."""
    root = desks[1]
    alone = dict(pipeline.generate(root, identity=False)[1])
    checked = pipeline.check(root, identity=False, processes=2)
    assert checked.compiled is not None
    templates = [p for f in ("assets", "pages", "partials") for p in (TEMPLATES / f).glob("*.j2")]
    assert len(checked.compiled.code()) == len(templates)
    compiling: list[str | None] = []
    real = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any) -> Any:
        compiling.append(name)
        return real(self, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    _, files = pipeline.generated(root, checked)
    assert dict(files) == alone
    assert compiling == []
    # A check that renders nothing (`factdesk check`) has none compiled, and finds the same.
    alone_checked = pipeline.check(root, identity=False, processes=2, compile_templates=False)
    assert alone_checked.compiled is None
    assert alone_checked.diagnostics == checked.diagnostics
    # Without the compiled templates, the same build compiles them.
    _, files = pipeline.generated(root, replace(checked, compiled=None))
    assert dict(files) == alone
    assert "pages/claim.md.j2" in compiling


BROKEN = sorted(p for p in FIXTURES.glob("broken-*") if p.is_dir())


def test_problems_found_beside_linking_are_those_one_process_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-off check in more than one process has its copy validate the records while the
    build links them: each broken fixture gives what one process gives, problem by problem
    and in the same order, and the build validated nothing itself. A copy that fails before
    it sends them leaves the validating to the build."""
    alone = {site.name: pipeline.check(site, identity=False).diagnostics for site in BROKEN}
    validated_here: list[str] = []
    real = pipeline._validated

    def validated(content: Content, cache: Any) -> list[Diagnostic]:
        validated_here.append(str(os.getpid()))  # the copy appends to its own list
        return real(content, cache)

    monkeypatch.setattr(pipeline, "_validated", validated)
    found = 0
    for site in BROKEN:
        checked = pipeline.check(site, identity=False, processes=2)
        assert checked.diagnostics == alone[site.name], site.name
        assert checked.content is not None
        found += bool(real(checked.content, None))
    assert validated_here == []
    assert found >= 5  # fixtures whose mistakes validating finds, not loading or linking

    def failing(*args: Any) -> Iterator[tuple[str, object]]:
        raise RuntimeError("a copy that fails before it validates")
        yield  # a generator, as the copy's work is

    monkeypatch.setattr(pipeline, "_beside_linking", failing)
    for site in BROKEN:
        assert pipeline.check(site, identity=False, processes=2).diagnostics == alone[site.name]
    assert len(validated_here) == len(BROKEN)


def test_an_override_folder_outside_the_desk_is_not_compiled(
    desks: dict[int, Path], copies: list[forked.Copy], tmp_path: Path
) -> None:
    """Nothing outside the desk is read: an override folder that is a link out of it stops
    the build, and no copy compiles what it holds."""
    outside = tmp_path / "outside"
    (outside / "pages").mkdir(parents=True)
    shutil.copy(TEMPLATES / "pages" / "claim.md.j2", outside / "pages" / "claim.md.j2")
    overrides = desks[1] / "overrides" / "linked"
    overrides.parent.mkdir(exist_ok=True)
    overrides.symlink_to(outside, target_is_directory=True)
    forks: list[Any] = []
    real = forked.Copy.__init__

    def counted(self: forked.Copy, work: Any) -> None:
        forks.append(work)
        real(self, work)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(forked.Copy, "__init__", counted)
            checked = pipeline.check(root := desks[1], identity=False, templates=overrides,
                                     processes=2)  # fmt: skip
    finally:
        overrides.unlink()
    assert checked.failed()
    assert checked.compiled is None
    assert forks == []
    # The same desk without the link compiles its templates in a copy.
    assert pipeline.check(root, identity=False, processes=2).compiled is not None


def _sent(items: list[str], fail_after: int | None = None) -> Iterator[tuple[str, str]]:
    for number, item in enumerate(items):
        if number == fail_after:
            raise RuntimeError("the copy fails here")
        yield item, item.upper()


def test_a_copy_sends_its_results_and_says_when_it_is_done() -> None:
    copy = forked.Copy(lambda: _sent(["a", "b", "c"]))
    assert copy.take("b") == "B"
    assert list(copy.rest() or ()) == [("a", "A"), ("c", "C")]
    assert copy.complete


def test_a_copy_that_fails_sends_what_it_did_and_then_nothing() -> None:
    copy = forked.Copy(lambda: _sent(["a", "b", "c"], fail_after=2))
    assert copy.take("a") == "A"
    assert copy.take("c") is None  # never sent: the build does it
    assert copy.rest() is None
    assert not copy.complete


def test_a_copy_finishes_its_share_while_the_build_reads_nothing(tmp_path: Path) -> None:
    """A busy build lets its reader thread run only now and then. The copy's results must not
    wait for it: here the reader cannot record anything until the copy has done all its work,
    twenty pages of a million characters each, where a pipe holds 64 KiB."""
    finished = tmp_path / "finished"
    page = "x" * 1_000_000

    def work() -> Iterator[tuple[str, str]]:
        for number in range(20):
            yield f"k{number}", f"{number}{page}"
        finished.touch()

    copy = forked.Copy(work)
    with copy._changed:  # what the reader takes to record a result
        for _ in range(600):
            if finished.exists():
                break
            time.sleep(0.1)
    assert finished.exists(), "the copy waited for the build to read"
    assert dict(copy.rest() or ()) == {f"k{n}": f"{n}{page}" for n in range(20)}
    assert copy.complete


def test_the_build_gets_each_result_as_soon_as_the_copy_has_it(tmp_path: Path) -> None:
    """A build waiting for a result must not wait for the copy's next one (as it did when the
    copy sent where its results lie in batches): here the copy makes nothing more until the
    build has taken its last result."""
    taken = tmp_path / "taken"

    def work() -> Iterator[tuple[str, object]]:
        yield from (("a", "A"), ("b", "B"), ("c", "C"))
        for _ in range(300):
            if taken.exists():
                break
            time.sleep(0.1)
        yield "seen", taken.exists()

    copy = forked.Copy(work)
    assert copy.take("c") == "C"
    taken.touch()
    assert copy.take("seen") is True, "the build waited for the copy's next result"
    assert dict(copy.rest() or ()) == {"a": "A", "b": "B"}


def test_a_copy_that_dies_leaves_everything_to_the_build() -> None:
    def die() -> Iterator[tuple[str, str]]:
        os._exit(3)
        yield "a", "A"  # pragma: no cover

    copy = forked.Copy(die)
    assert copy.take("a") is None
    assert copy.rest() is None


def test_a_copy_that_hangs_is_given_up_after_the_time_allowed(tmp_path: Path) -> None:
    """Under serve the build must not wait for ever on a copy that never sends a page: `take`
    gives up after its timeout, the copy has not ended, and once stopped it gives nothing
    more, not even what it sent and was not taken."""
    released = tmp_path / "released"

    def hang() -> Iterator[tuple[str, str]]:
        yield from (("a", "A"), ("b", "B"))
        while not released.exists():
            time.sleep(0.1)
        yield "c", "C"  # pragma: no cover

    copy = forked.Copy(hang)
    assert copy.take("a") == "A"
    started = time.monotonic()
    assert copy.take("c", timeout=0.5) is None
    assert time.monotonic() - started >= 0.5
    assert not copy.ended
    copy.stop()
    assert copy.ended
    assert copy.take("b") is None
    assert copy.take("c") is None


def test_a_copy_silent_for_too_long_is_killed_and_its_share_left_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-off build sets no timeout, but a copy that sends nothing for `SILENCE` seconds
    while the build waits is killed: `take` and `rest` then end as for a copy that died."""
    monkeypatch.setattr(forked, "SILENCE", 0.5)
    released = tmp_path / "released"

    def hang() -> Iterator[tuple[str, str]]:
        yield "a", "A"
        # Released after a while, so that without the guard the test fails instead of hanging.
        for _ in range(200):
            if released.exists():
                break
            time.sleep(0.1)
        yield "b", "B"

    copy = forked.Copy(hang)
    assert copy.take("a") == "A"
    release = threading.Timer(10, released.touch)
    release.daemon = True
    release.start()
    assert copy.take("b") is None
    release.cancel()
    assert copy.ended
    assert copy.rest() is None
    assert copy._process.exitcode == -signal.SIGKILL
    # A copy that goes on sending is not given up, however long its whole share takes.
    slow = forked.Copy(lambda: ((f"k{n}", time.sleep(0.2) or n) for n in range(8)))
    assert slow.take("k7") == 7
    assert dict(slow.rest() or ()) == {f"k{n}": n for n in range(7)}


def test_a_saves_pages_are_dealt_out_by_the_size_of_their_markdown(tmp_path: Path) -> None:
    """Under serve, whether a save is worth a copy is judged on the pages dealt out by size: one
    large page is a copy's whole share against many small ones, the pages going, largest
    first, to whichever process has the least Markdown so far."""
    sizes = {"index.md": 90_000, "a.md": 40_000, "b.md": 30_000, "c.md": 20_000, "d.md": 5_000}
    pages = []
    for name, size in sizes.items():
        source = tmp_path / name
        source.write_text("x" * size, encoding="utf-8")
        pages.append(SimpleNamespace(file=SimpleNamespace(src_uri=name, abs_src_path=str(source))))
    read = {page.file.src_uri: _size(page.file) for page in pages}  # type: ignore[arg-type]
    assert read == sizes
    dealt, loads = _dealt_by_size(pages, read, 2)  # type: ignore[arg-type]
    assert [[page.file.src_uri for page in share] for share in dealt] == [
        ["index.md", "d.md"],
        ["a.md", "b.md", "c.md"],
    ]
    assert loads == [95_000, 90_000]


def test_the_build_and_its_copies_take_a_saves_pages_as_they_are_free() -> None:
    """Each page goes to exactly one process, whichever is free first (`_Taking`): a copy
    slowed down takes fewer pages, and the build knows which copy took each."""
    keys = [f"page-{n}.md" for n in range(90)]
    taking = _Taking(len(keys))

    def slow(number: int) -> Iterator[tuple[str, int]]:
        for key in taking.taken(number, keys):
            time.sleep(0.01 * number)
            yield key, number

    copies = [forked.Copy(functools.partial(slow, number)) for number in (1, 2)]
    own = []
    while (index := taking.take(0)) is not None:
        own.append(keys[index])
        time.sleep(0.005)
    sent = {number: dict(copy.rest() or ()) for number, copy in zip((1, 2), copies, strict=True)}
    assert taking.take(0) is None
    assert sorted([*own, *sent[1], *sent[2]], key=keys.index) == keys
    assert not set(own) & set(sent[1]) and not set(own) & set(sent[2])
    assert not set(sent[1]) & set(sent[2])
    for index, key in enumerate(keys):
        assert taking.taker(index) == (0 if key in own else 1 if key in sent[1] else 2)
    assert len(own) > len(sent[1]) > len(sent[2]) > 0


@dataclass
class _PlainSite:
    """A MkDocs site of Markdown pages and no plugin, so that a save's pages may be shared
    with copies, as MkDocs' build has read it, and the pages written (`build`)."""

    config: Any
    files: Any
    nav: Any
    env: Any
    site: Path

    @property
    def pages(self) -> list[Page]:
        pages = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        return [file.page for file in pages]

    def build(self, processes: int) -> int:
        """The pages converted and rendered as under serve after a save of all of them."""
        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        pages = [file.page for file in doc_files]
        return build_pages(pages, self.config, self.files, doc_files, self.nav, self.env, processes)

    def written(self) -> dict[str, bytes]:
        return _files(self.site)


def _plain_site(folder: Path, pages: int, size: int, settings: str = "") -> _PlainSite:
    """`pages` pages of about `size` bytes each, the first a little larger (converted first),
    every page in the navigation; `settings` are added to mkdocs.yml."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    configuration = f"site_name: Taken\nplugins: []\n{settings}"
    (folder / "mkdocs.yml").write_text(configuration, encoding="utf-8")
    paragraph = "A sentence with *emphasis* and [a link](page-0.md#part-1). " * 8
    for n in range(pages):
        sections = [f"## Part {part}\n\n{paragraph}\n" for part in range(size // 500 + (n == 0))]
        text = f"# Page {n}\n\n" + "\n".join(sections)
        (docs / f"page-{n}.md").write_text(text, encoding="utf-8")
    config = load_config(str(folder / "mkdocs.yml"))
    files = get_files(config)
    nav = get_navigation(files, config)
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
        if file.page is None:  # a draft: MkDocs' build gives it a page under serve
            Page(None, file, config)
    return _PlainSite(config, files, nav, config.theme.get_env(), Path(config.site_dir))


_POPULATE_PAGE, _BUILD_PAGE = mkdocs_steps._populate_page, mkdocs_steps._build_page


def _record_where(
    monkeypatch: pytest.MonkeyPatch, log: Path, slowed: str | None = None
) -> Callable[[], dict[str, dict[str, str]]]:
    """Have each process note which pages it converts and which it renders (`slowed`, 'copy'
    or 'server', takes 0.3 s more for each page it converts); returns what reads the notes,
    checking that each page was converted once and rendered once, or by its copy and then
    again by the server ("copy, then server")."""
    server = os.getpid()
    log.write_text("", encoding="utf-8")

    def note(step: str, page: Page) -> str:
        process = "copy" if os.getpid() != server else "server"
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{step} {process} {page.file.src_uri}\n")
        return process

    def converting(page: Page, *args: Any, **kwargs: Any) -> None:
        # A copy's conversion stands in for `render`: the page was converted there.
        if "render" not in page.__dict__ and note("converted", page) == slowed:
            time.sleep(0.3)
        _POPULATE_PAGE(page, *args, **kwargs)

    def rendering(page: Page, *args: Any, **kwargs: Any) -> None:
        note("rendered", page)
        _BUILD_PAGE(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_steps, "_populate_page", converting)
    monkeypatch.setattr(mkdocs_steps, "_build_page", rendering)

    def where() -> dict[str, dict[str, str]]:
        steps: dict[str, dict[str, str]] = {"converted": {}, "rendered": {}}
        for line in log.read_text(encoding="utf-8").splitlines():
            step, process, uri = line.split()
            # A page is converted once; rendered once, or in a copy and then in the server.
            assert steps[step].get(uri) in (None, "copy" if step == "rendered" else None), line
            steps[step][uri] = (
                f"{steps[step][uri]}, then {process}" if uri in steps[step] else process
            )
        return steps

    return where


def test_a_save_s_pages_go_to_the_process_that_is_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve, `build_pages` lets the server and its copy each take the next page of a
    save when they are free: slow the copy down and the server converts most pages; slow the
    server down and the copy does. Dealt out beforehand (all pages are about the same size
    here), each would have converted half. Each page is converted once and rendered into the
    theme once, by the process that converted it, and the site written is the one a server
    converting in one process writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1444000000")
    site = _plain_site(tmp_path / "site", 24, 20_000)
    assert site.build(1) == 1
    expected = site.written()
    assert len(expected) >= 24

    def converted_where(slowed: str) -> dict[str, str]:
        where = _record_where(monkeypatch, tmp_path / f"{slowed}.log", slowed)
        shutil.rmtree(site.site)
        assert site.build(2) == 2
        steps = where()
        assert sorted(steps["converted"]) == sorted(steps["rendered"])
        assert len(steps["converted"]) == 24
        assert steps["rendered"] == steps["converted"]
        assert all("render" not in page.__dict__ for page in site.pages)
        assert site.written() == expected
        return steps["converted"]

    copy_slowed = converted_where("copy")
    # Dealt out, each process would have converted 12 of the 24 pages.
    assert list(copy_slowed.values()).count("copy") < 8, copy_slowed
    server_slowed = converted_where("server")
    assert list(server_slowed.values()).count("server") < 8, server_slowed


def test_a_page_its_copy_could_not_render_after_a_save_is_rendered_by_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page the copy converted but failed to render is rendered by the server; the copy's
    other pages are taken as it rendered them, and the site is the one a server converting in
    one process writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1444000000")
    site = _plain_site(tmp_path / "site", 24, 20_000)
    assert site.build(1) == 1
    expected = site.written()
    where = _record_where(monkeypatch, tmp_path / "where.log")
    server = os.getpid()
    rendering = mkdocs_steps._build_page
    failed: list[bool] = []  # in the copy: whether it has failed a page yet

    def failing(page: Page, *args: Any, **kwargs: Any) -> None:
        rendering(page, *args, **kwargs)
        if os.getpid() != server and not failed:
            failed.append(True)
            raise RuntimeError("a template failed in the copy")

    monkeypatch.setattr(mkdocs_steps, "_build_page", failing)
    shutil.rmtree(site.site)
    assert site.build(2) == 2
    steps = where()
    by_copy = [uri for uri, process in steps["converted"].items() if process == "copy"]
    assert len(by_copy) >= 2, steps
    again = [uri for uri in by_copy if steps["rendered"][uri] == "copy, then server"]
    assert len(again) == 1, steps
    assert all(steps["rendered"][uri] == "copy" for uri in by_copy if uri not in again), steps
    assert site.written() == expected


@pytest.mark.parametrize("processes", [1, 2])
def test_a_draft_a_save_changed_keeps_mkdocs_draft_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    """MkDocs serves a draft page (`draft_docs`) with a mark saying it will not be published;
    rebuilt after a save, in the server or a copy, it keeps it, and only it has it."""
    site = _plain_site(tmp_path / "site", 24, 20_000, "draft_docs: page-3.md\n")
    assert site.build(processes) == processes
    written = site.written()
    marked = sorted(path for path, html in written.items() if b"mkdocs-draft-marker" in html)
    assert marked == ["page-3/index.html"]


def test_pages_a_copy_rendered_with_a_title_it_had_not_seen_are_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy renders its pages with the navigation as it knows it: a page of the navigation
    that the server converted has its last title there. When the save changed such a title,
    the server renders the copy's pages again, and writes what a server converting in one
    process writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1444000000")
    sites = {
        processes: _plain_site(tmp_path / f"site-{processes}", 24, 20_000) for processes in (1, 2)
    }
    for processes, site in sites.items():
        site.build(processes)  # as the server's last build left them
        first = Path(site.config.docs_dir) / "page-0.md"
        first.write_text(first.read_text("utf-8").replace("# Page 0", "# Page zero"), "utf-8")
    assert sites[1].build(1) == 1
    # The server takes the first page (the largest, whose title changed) before the copy
    # takes any.
    take = _Taking.take

    def later(self: _Taking, number: int) -> int | None:
        while number and self.taker(0) is None:
            time.sleep(0.001)
        return take(self, number)

    monkeypatch.setattr(_Taking, "take", later)
    where = _record_where(monkeypatch, tmp_path / "where.log")
    assert sites[2].build(2) == 2
    steps = where()
    assert steps["converted"]["page-0.md"] == "server"
    by_copy = [uri for uri, process in steps["converted"].items() if process == "copy"]
    assert by_copy
    assert b"Page zero" in sites[2].written()[f"{by_copy[0].removesuffix('.md')}/index.html"]
    assert sites[2].written() == sites[1].written()
    assert all(steps["rendered"][uri] == "copy, then server" for uri in by_copy), steps


def test_a_save_forks_only_as_many_copies_as_get_a_share_worth_the_fork() -> None:
    """Each copy's share must reach the fork's floor: with more processes allowed than the
    pages fill, fewer are used, and none when even one copy's share would fall short."""
    sizes = {"index.md": 90_000, "a.md": 40_000, "b.md": 30_000, "c.md": 20_000}
    pages = [SimpleNamespace(file=SimpleNamespace(src_uri=name)) for name in sizes]

    def uris(dealt: Any) -> Any:
        return None if dealt is None else [[p.file.src_uri for p in share] for share in dealt]

    # Four processes: shares of 90, 40, 30 and 20 KB; three: 90, 40 and 50 KB; two: 90 and 90.
    assert uris(_worth_forking(pages, sizes, 4, 20_000)) == [
        ["index.md"], ["a.md"], ["b.md"], ["c.md"]
    ]  # fmt: skip
    assert uris(_worth_forking(pages, sizes, 4, 35_000)) == [
        ["index.md"], ["a.md"], ["b.md", "c.md"]
    ]  # fmt: skip
    assert uris(_worth_forking(pages, sizes, 4, 60_000)) == [
        ["index.md"], ["a.md", "b.md", "c.md"]
    ]  # fmt: skip
    assert _worth_forking(pages, sizes, 4, 100_000) is None  # type: ignore[arg-type]
    assert _worth_forking(pages[:1], sizes, 4, 0) is None  # type: ignore[arg-type]


def test_shares_spread_the_pages_and_weigh_the_build() -> None:
    keys = [f"k{n}" for n in range(100)]
    dealt = forked.shares(keys, 3, 0.5)
    assert sorted(key for share in dealt for key in share) == sorted(keys)
    assert [len(share) for share in dealt] == [20, 40, 40]
    # Spread, not in blocks: each copy has keys from the first and the last tenth.
    for share in dealt:
        assert share[0] in keys[:10] and share[-1] in keys[90:]


def test_a_site_with_another_plugin_is_built_in_one_process(tmp_path: Path) -> None:
    """Material's search keeps each page it sees; a copy's would be lost, so with it (or any
    plugin factdesk does not know) MkDocs builds the pages itself."""
    site = copy_desk("bundled", tmp_path / "desk")
    set_workers(site, 2)
    shared = mkdocs_build(site)
    assert shared.returncode == 0, shared.stderr
    assert "pages are built in 2 processes" in shared.stderr
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n"),
        encoding="utf-8",
    )
    alone = mkdocs_build(site)
    assert alone.returncode == 0, alone.stderr
    assert "pages are built in" not in alone.stderr
    assert (site / "site" / "search" / "search_index.json").is_file()


def test_a_page_its_copy_cannot_render_is_rendered_and_reported_by_the_build(
    tmp_path: Path,
) -> None:
    """The editor's page in docs/ names a template that does not exist: rendering it fails in
    the copy, and the build, rendering it itself, stops with MkDocs' own message, as a build in
    one process does. MkDocs lists docs/ pages first, and the first page goes to the copy."""
    logs = []
    for workers in (1, 2):
        site = copy_desk("bundled", tmp_path / f"desk-{workers}")
        set_workers(site, workers)
        (site / "docs" / "0-broken.md").write_text(
            "---\ntemplate: nowhere.html\n---\n# Broken\n", encoding="utf-8"
        )
        built = mkdocs_build(site)
        assert built.returncode == 1
        logs.append([line for line in built.stderr.splitlines() if "ERROR" in line])
    assert forked.shares(["0-broken.md", "index.md"], 2, RENDER_SHARE)[1] == ["0-broken.md"]
    assert logs[0] == logs[1]
    assert any("Error building page '0-broken.md'" in line for line in logs[1]), logs[1]


def _broken_large_desk(root: Path) -> Path:
    """The large desk with mistakes spread over its claim and event files: each must be
    reported where it is, in the order one process reports it, whichever process read it."""
    desk = write_large_desk(root)
    claims = sorted((desk / "content" / "claims").glob("*.yml"))
    events = sorted((desk / "content" / "events").glob("*.yml"))
    claims[3].write_text("claim: [unclosed\n", encoding="utf-8")
    claims[len(claims) // 2].write_text("", encoding="utf-8")
    with claims[-2].open("a", encoding="utf-8") as handle:
        handle.write("colour: red\n")
    with events[len(events) // 3].open("a", encoding="utf-8") as handle:
        handle.write("unknown_field: 1\n")
    return desk


@pytest.fixture(scope="module")
def broken_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _broken_large_desk(tmp_path_factory.mktemp("loading") / "desk")


def _shared_loading(monkeypatch: pytest.MonkeyPatch) -> list[forked.Copy]:
    """Folders of the test desk read in shares of a few files; the copies forked, listed."""
    monkeypatch.setattr(load, "_SHARED_FROM", 10)
    monkeypatch.setattr(load, "_BATCH", 7)
    forks: list[forked.Copy] = []
    real = forked.Copy.__init__

    def counted(self: forked.Copy, work: Any) -> None:
        forks.append(self)
        real(self, work)

    monkeypatch.setattr(forked.Copy, "__init__", counted)
    return forks


def test_record_files_read_in_three_processes_equal_those_read_in_one(
    broken_desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, one_problems = load.load_content(broken_desk)
    forks = _shared_loading(monkeypatch)
    three, three_problems = load.load_content(broken_desk, processes=3)
    # Two copies for each folder of at least _SHARED_FROM files: articles, claims, events and
    # contradictions.
    assert len(forks) == 8
    assert len(three.claims) == len(one.claims) > 250
    assert three == one
    assert three_problems == one_problems
    assert sum(d.is_error for d in three_problems) == 4
    # What the checker says of the whole desk is the same too.
    assert pipeline.check(broken_desk, processes=3).diagnostics == (
        pipeline.check(broken_desk).diagnostics
    )


def test_files_a_failed_copy_did_not_send_are_read_by_the_build(
    broken_desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = load.load_content(broken_desk)
    forks = _shared_loading(monkeypatch)
    real = load._copy_reads

    def failing(*args: Any) -> Iterator[tuple[str, Any]]:
        reads = real(*args)
        yield next(reads)
        raise RuntimeError("a copy that fails after its first batch")

    monkeypatch.setattr(load, "_copy_reads", failing)
    assert load.load_content(broken_desk, processes=2) == one
    assert len(forks) == 4


def test_files_a_hung_copy_did_not_send_are_read_by_the_build(
    broken_desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = load.load_content(broken_desk)
    forks = _shared_loading(monkeypatch)
    monkeypatch.setattr(forked, "SILENCE", 0.5)
    real = load._copy_reads

    def hanging(*args: Any) -> Iterator[tuple[str, Any]]:
        reads = real(*args)
        yield next(reads)
        time.sleep(10)  # without the guard, the copy ends after this and the test fails
        yield from reads

    monkeypatch.setattr(load, "_copy_reads", hanging)
    assert load.load_content(broken_desk, processes=2) == one
    assert len(forks) == 4
    # Killed while the build waited for their second batch; the last folder's copy had only one
    # batch to read, so the build never waited for it and stopped it when it was done.
    killed, stopped = -signal.SIGKILL, -signal.SIGTERM
    assert [copy._process.exitcode for copy in forks] == [killed, killed, killed, stopped]


def _kept_after_a_build(desk: Path, tmp_path: Path) -> Path:
    """The records list a one-off build of `desk` leaves, for the next one."""
    first = KeptRecords({}, code=code_digest())
    load.load_content(desk, kept=first)
    changed = first.changed()
    assert changed is not None
    listing = tmp_path / "records.jsonl"
    listing.write_bytes(changed)
    return listing


def _encoded(content: Content) -> list[Any]:
    groups = (content.articles, content.claims, content.events, content.contradictions)
    return [record_json.encode(record) for group in groups for record in group]


def test_records_kept_are_read_back_by_the_build_from_what_its_copies_read(
    broken_desk: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In a build after another, copies read every file of a folder whose records were kept,
    and the build reads back the records kept for the files that hold the same text, as they
    come: what it checks is what one process takes back, positions included. A kept line
    that does not read back has its file read by the build."""
    listing = _kept_after_a_build(broken_desk, tmp_path)
    alone = KeptRecords.read(listing, code=code_digest())
    one, one_problems = load.load_content(broken_desk, kept=alone)
    assert alone.kept > 250
    forks = _shared_loading(monkeypatch)
    build = os.getpid()
    read_here: list[str] = []
    real_read = load.read_text

    def read_text(root: Path, path: Path, shown: str | None = None, **kw: Any) -> Any:
        if os.getpid() == build and path.parent.name in ("claims", "events"):
            read_here.append(path.name)
        return real_read(root, path, shown, **kw)

    monkeypatch.setattr(load, "read_text", read_text)
    shared = KeptRecords.read(listing, code=code_digest())
    three, three_problems = load.load_content(broken_desk, processes=3, kept=shared)
    assert len(forks) == 8
    assert _encoded(three) == _encoded(one)
    assert three_problems == one_problems
    assert shared.kept == alone.kept
    assert shared.now == alone.now
    assert shared.files == alone.files
    assert read_here == []

    # A line planted for a claim whose file is unchanged does not read back: the build reads
    # that file itself, and what it checks is the same; the line is a difference, as in one
    # process (test_kept_records.py).
    claim = sorted((broken_desk / "content" / "claims").glob("*.yml"))[5]
    shown = f"content/claims/{claim.name}"
    lines = listing.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(f"{shown}\t"))
    lines[at] = lines[at].rsplit("\t", 1)[0] + '\t["cut short"'
    listing.write_text("\n".join(lines), encoding="utf-8")
    planted = KeptRecords.read(listing, code=code_digest())
    again, problems = load.load_content(broken_desk, processes=3, kept=planted)
    assert _encoded(again) == _encoded(one)
    assert problems == one_problems
    assert planted.differing == [shown]
    # Unless the copy compared it (one in fifty), when it was not to be kept anyway.
    assert (read_here, planted.kept) in (([claim.name], alone.kept - 1), ([], alone.kept))
