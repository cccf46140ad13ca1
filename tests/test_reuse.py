"""Under `mkdocs serve`, entries a save did not change (timeline entries, the sides of a
contradiction) keep the HTML they were converted to (generator/plugin/reuse.py). A page converted
with kept entries equals MkDocs' own conversion of it: its HTML, table of contents, ids and links
to anchors, on every timeline and contradiction page of the bundled case, the hostile desk and
the large desk, also where an entry's neighbours make it convert differently. Under a running
server, saves that reuse entries leave the site a fresh `mkdocs build` writes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_desk, mkdocs_build, set_workers, write_large_desk
from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files
from mkdocs.structure.pages import Page
from test_build_out import build_out, plain_mkdocs_config
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

from generator.plugin import reuse as reuse_module
from generator.plugin.rebuild import BuildState, Generated, Rebuild
from generator.plugin.reuse import EntryReuse, entry_spans

_ENTRIES = ('<div class="fd-entry', '<div class="fd-camps"', '<tr markdown="block">')
_EDIT = ["", "Edited in a test.", ""]


class Desk:
    """A desk's `factdesk build --out` tree, as plain MkDocs sees it: two configurations of
    it, one converting as MkDocs does and one with entries reused, and its files."""

    def __init__(self, site: Path, out: Path) -> None:
        assert build_out(site, out).returncode == 0
        path = plain_mkdocs_config(site, out)
        # The hostile desk runs Material's tags plugin, with which nothing is reused (tested
        # below); its pages convert the same without it.
        self.plain = load_config(str(path), plugins=[])
        self.reusing = load_config(str(path), plugins=[])
        self.reuse = EntryReuse()
        self.reuse.install(self.reusing)
        assert len(self.reusing.markdown_extensions) == len(self.plain.markdown_extensions) + 1
        self.files = get_files(self.plain)
        self.pages = [
            file
            for file in self.files.documentation_pages()
            if any(e in Path(file.abs_src_path or "").read_text("utf-8") for e in _ENTRIES)
        ]
        assert self.pages

    def convert(self, file: File, markdown: str | None = None, *, reuse: bool) -> Page:
        """The page of `file` converted as MkDocs' build does (`markdown` in place of its
        source), with entries reused or not."""
        config = self.reusing if reuse else self.plain
        page = Page(None, file, config)
        page.read_source(config)
        if markdown is not None:
            page.markdown = markdown
        if reuse:
            self.reuse.converting(page)
        page.render(config, self.files)
        if reuse:
            self.reuse.completed(page)
        return page


def _seen(page: Page) -> tuple[Any, ...]:
    """Everything MkDocs keeps of a conversion and uses later."""
    links = page.links_to_anchors
    assert links is not None
    return (
        page.content,
        str(page.toc),
        page._title_from_render,
        page.present_anchor_ids,
        {file.src_uri: anchors for file, anchors in links.items()},
    )


def _with_lines(markdown: str, entry: int, lines: list[str]) -> str:
    """`markdown` with `lines` added at the end of its `entry`-th entry."""
    source = markdown.split("\n")
    spans = entry_spans(source)
    assert spans is not None and len(spans) > entry
    end = spans[entry][2] - 1
    if source[end].startswith("<tr"):
        # A row is one line: what it gains is a cell more.
        assert source[end].endswith("</tr>"), source[end]
        cell = " ".join(line for line in lines if line)
        row = f'{source[end].removesuffix("</tr>")}<td markdown="span">{cell}</td></tr>'
        return "\n".join([*source[:end], row, *source[end + 1 :]])
    assert source[end] == "</div>"
    return "\n".join(source[:end] + lines + source[end:])


@pytest.fixture(scope="module", params=["bundled", "hostile", "large"])
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Desk:
    root = tmp_path_factory.mktemp(f"reuse-{request.param}")
    if request.param == "large":
        site = write_large_desk(root / "desk")
    else:
        site = copy_desk(request.param, root / "desk")
    return Desk(site, root / "out")


def test_a_page_with_kept_entries_converts_as_mkdocs_converts_it(desk: Desk) -> None:
    """Each page with entries is converted (its entries kept), then with its first or last
    entry edited: with the others reused, MkDocs keeps what its own conversion gives."""
    reused = anchored = edits = several = 0
    for file in desk.pages:
        generated = desk.convert(file, reuse=False).markdown
        assert generated is not None
        last = len(entry_spans(generated.split("\n")) or []) - 1
        several += last > 0
        # An id inside an entry (a site's own template may give one) is not in its raw HTML.
        source = _with_lines(generated, last, ["[Anchored here.](#top){: #fd-anchored }", ""])
        for entry in sorted({0, last}):
            # As under serve: learned from the last conversion, just before the next one.
            desk.reuse.learn([desk.convert(file, source, reuse=True)])
            edited = _with_lines(source, entry, _EDIT)
            kept = desk.convert(file, edited, reuse=True)
            reused += desk.reuse.taken_count()
            edits += 1
            assert _seen(kept) == _seen(desk.convert(file, edited, reuse=False)), file.src_uri
            anchored += "fd-anchored" in (kept.present_anchor_ids or ())
    # Not a check that cannot fail: pages of several entries reused some, the anchored one too.
    assert several and reused >= several and anchored == edits


def test_entries_that_depend_on_the_page_are_converted_again(desk: Desk) -> None:
    """A heading's id depends on the headings before it, a reference-style link on the page's
    definitions, a tabbed set's ids on the sets before it, and a fenced block holds what lies
    inside it as text: an edit that adds those in one entry changes how its neighbours
    convert, and the page still converts as MkDocs does."""

    def blocks(file: File) -> list[int]:
        # Rows are lines of a table, where none of these can be written: entries of <div>s.
        source = Path(file.abs_src_path or "").read_text("utf-8").split("\n")
        return [
            i
            for i, (_, start, _) in enumerate(entry_spans(source) or [])
            if "<div" in source[start]
        ]

    file = max(desk.pages, key=lambda f: len(blocks(f)))
    first, second = blocks(file)[:2]
    source = desk.convert(file, reuse=False).markdown
    assert source is not None
    headings = re.findall(r"^##? .+$", source, flags=re.M)
    changes = [
        # The same heading again, before every other one: theirs become -1, -2.
        [*(f"## {h.lstrip('#').strip()}" for h in headings[:3]), ""],
        # A shortcut link in one entry, and the definition it needs in another.
        ["See [fd-elsewhere] and [fd-elsewhere][].", ""],
        ['=== "One"', "", "    In a tab.", ""],
    ]
    # Entries that carry what makes them depend on the page, kept from a first conversion.
    carried = _with_lines(source, second, [*changes[0], *changes[1], *changes[2]])
    entries = len(entry_spans(source.split("\n")) or [])
    definition = ["[fd-elsewhere]: https://example.org/elsewhere", ""]
    # Found after the entries are kept: any entry might lie inside a fenced block.
    fence = ["```", '<div class="fd-entry" markdown>', "```", ""]
    for lines in (*changes, definition, fence):
        desk.reuse.learn([desk.convert(file, carried, reuse=True)])
        desk.reuse.taken_count()
        edited = _with_lines(carried, first, lines)
        kept = desk.convert(file, edited, reuse=True)
        # The entries that carry nothing of the kind are still reused, but for a definition
        # (any entry may use it) or a fence.
        spoils_all = lines is definition or lines is fence
        assert desk.reuse.taken_count() == (0 if spoils_all else entries - 2), lines
        assert _seen(kept) == _seen(desk.convert(file, edited, reuse=False)), lines


def test_entries_next_to_each_other_share_one_placeholder(desk: Desk) -> None:
    """Kept entries that follow each other go through Python-Markdown as one paragraph: on the
    page with the most entries, one edited in the middle leaves two placeholders, before and
    after it, standing for all the others."""
    file = max(desk.pages, key=lambda f: len(entry_spans(f.content_string.split("\n")) or []))
    source = desk.convert(file, reuse=False).markdown
    assert source is not None
    entries = len(entry_spans(source.split("\n")) or [])
    middle = entries // 2
    seen: list[str] = []
    replace = desk.reuse.replace_entries

    def replaced(lines: list[str]) -> list[str]:
        seen[:] = replace(lines)
        return seen

    desk.reuse.learn([desk.convert(file, source, reuse=True)])
    desk.reuse.taken_count()
    desk.reuse.replace_entries = replaced  # type: ignore[method-assign]
    try:
        edited = _with_lines(source, middle, _EDIT)
        kept = desk.convert(file, edited, reuse=True)
    finally:
        del desk.reuse.replace_entries
    assert desk.reuse.taken_count() == entries - 1
    placeholders = [line for line in seen if line.startswith(desk.reuse._marker)]
    # Entries next to each other only where nothing stands between them (a timeline day's
    # heading does): at most one placeholder a run.
    assert 2 <= len(placeholders) < entries - 1, (len(placeholders), entries)
    assert _seen(kept) == _seen(desk.convert(file, edited, reuse=False))


def test_entries_cut_out_while_the_editor_pauses_are_those_of_the_last_conversion(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a save, its pages' entries are cut out in a thread (`prepare`): the next save's
    conversion of a page takes them instead of cutting them out itself, and converts as MkDocs
    does. Entries cut out of a conversion the page no longer has (converted again since) are
    not taken."""
    cuts: list[str] = []
    cut = reuse_module._entries

    def counted(converted: Any) -> Any:
        cuts.append(converted.content)
        return cut(converted)

    monkeypatch.setattr(reuse_module, "_entries", counted)
    for file in desk.pages[:3]:
        source = desk.convert(file, reuse=False).markdown
        assert source is not None
        edited = _with_lines(source, 0, _EDIT)
        saved = desk.convert(file, source, reuse=True)
        thread = desk.reuse.prepare([saved], delay=0)
        assert thread is not None
        thread.join()
        assert cuts == [saved.content]
        desk.reuse.learn([saved])
        kept = desk.convert(file, edited, reuse=True)
        assert cuts == [saved.content], "the save cut the entries out again"
        assert desk.reuse.taken_count() > 0
        assert _seen(kept) == _seen(desk.convert(file, edited, reuse=False)), file.src_uri
        # Converted again after the pause (a full build would): its own entries are cut out.
        cuts.clear()
        thread = desk.reuse.prepare([kept], delay=0)
        assert thread is not None
        thread.join()
        again = desk.convert(file, source, reuse=False)
        desk.reuse.learn([again])
        desk.convert(file, edited, reuse=True)
        assert cuts == [kept.content, again.content]
        cuts.clear()


def test_entries_are_found_where_their_tags_balance() -> None:
    """An entry opens at the start of a line and ends on the line where its kind's tags
    balance, counted line by line (a line may close one entry's tags and open others); a
    table's header row in the HTML is not a row of the listing; an entry that never balances
    leaves the page without entries to reuse."""
    markdown = [
        "# A month",
        '<div class="fd-entry fd-claim" markdown>',
        '<div class="fd-quote">quoted</div>',
        "</div>",
        "Between entries.",
        '<div class="fd-camps" markdown><div>',
        '</div></div><div class="fd-side">',
        "</div>",
        '<tr markdown="block"><td>a row</td></tr>',
        ' <div class="fd-entry">not at the start of its line</div>',
    ]
    assert entry_spans(markdown) == [(0, 1, 4), (1, 5, 8), (2, 8, 9)]
    html = ["<table>", "<thead>", "<tr>", "<th>Claim</th>", "</tr>", "</thead>", "<tbody>"]
    html += ["<tr>", "<td>a row</td>", "</tr>", "</tbody>", "</table>"]
    assert entry_spans(html, html=True) == [(2, 7, 10)]
    assert entry_spans(html) == []  # the Markdown's rows are written otherwise
    assert entry_spans(['<div class="fd-entry">', "never closed"]) is None
    assert entry_spans(['<div class="fd-entry"></div></div>']) is None
    assert entry_spans(["<thead>", "<tr>"], html=True) == []


def test_no_content_can_pass_for_a_kept_entry(desk: Desk) -> None:
    """The placeholder of a reused entry is chosen when the server starts: text that looks
    like one (an article may quote anything) stays text."""
    file = desk.pages[0]
    desk.reuse.learn([desk.convert(file, reuse=True)])
    # The placeholders' form, with other digits: the server's own are never in the page.
    lookalikes = ["fdreused0x0", "fdreused0123456789abcdefx0", "fdreusedx0"]
    edited = _with_lines(desk.convert(file, reuse=False).markdown or "", 0, [*lookalikes, ""])
    assert desk.reuse._marker not in edited
    kept = desk.convert(file, edited, reuse=True)
    assert desk.reuse.taken_count() > 0
    assert _seen(kept) == _seen(desk.convert(file, edited, reuse=False))


def test_a_placeholder_left_in_the_page_stops_the_rebuild(desk: Desk) -> None:
    """Were Python-Markdown ever to put a placeholder where it is not a paragraph of its own
    (it never did on these desks), the page would show it: the conversion fails instead, and
    under serve MkDocs' own build runs."""
    file = next(f for f in desk.pages if f.src_uri.startswith("timeline"))
    page = desk.convert(file, reuse=True)
    desk.reuse.learn([page])
    desk.reuse.converting(page)
    lines = (page.markdown or "").split("\n")
    assert desk.reuse.replace_entries(lines) != lines
    page.content = f"<ul><li>{desk.reuse._marker}0</li></ul>"
    with pytest.raises(RuntimeError, match="could not be put back"):
        desk.reuse.completed(page)
    desk.reuse.taken_count()


def test_other_extensions_or_plugins_switch_reuse_off(tmp_path: Path) -> None:
    """With an extension factdesk's mkdocs.yml does not use (footnotes number themselves
    through the page) or another plugin (it may change the HTML after conversion), nothing is
    reused."""
    site = copy_desk("minimal", tmp_path / "desk")
    out = tmp_path / "out"
    assert build_out(site, out).returncode == 0
    path = plain_mkdocs_config(site, out)
    footnotes = load_config(str(path))
    footnotes.markdown_extensions.append("footnotes")
    plugins = load_config(str(path), plugins=["search"])
    for config in (footnotes, plugins):
        before = list(config.markdown_extensions)
        EntryReuse().install(config)
        assert config.markdown_extensions == before


def _article(html: str) -> str:
    found = re.search(r"<article.*?</article>", html, flags=re.S)
    assert found, html[:200]
    return found.group(0)


def test_saves_that_reuse_entries_leave_the_site_a_build_writes(tmp_path: Path) -> None:
    """A claim edited, then its claimant renamed, under `mkdocs serve` (converting in one
    process, so the log counts every entry reused): every page served equals the page a fresh
    `mkdocs build` of the edited desk writes."""
    site = write_large_desk(tmp_path / "desk")
    set_workers(site, 1)
    served = tmp_path / "served"
    served.mkdir()
    entities = site / "content" / "entities.yml"
    name = large_claimant_name(site)
    with mkdocs_serve(site, temporary=served) as server:
        wait_for(lambda: "Serving on" in server.terminal(), START_LIMIT, "start", server)
        for path, old, new in (
            (site / LARGE_CLAIM_FILE, LARGE_OLD_TEXT, LARGE_NEW_TEXT),
            (entities, name, name + " Renamed"),
        ):
            log = save_and_wait(server, path, old, new)
            reused = re.search(r"(\d+) unchanged entries reused", log)
            assert reused and int(reused.group(1)) > 0, log
        (site_dir,) = served.iterdir()
        shown = {
            page.relative_to(site_dir).as_posix(): _article(page.read_text("utf-8"))
            for page in site_dir.rglob("*.html")
        }
    # Built once the server has stopped: both use the desk's cache folder.
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    built = {
        page.relative_to(site / "site").as_posix(): _article(page.read_text("utf-8"))
        for page in (site / "site").rglob("*.html")
    }
    assert len(built) > 100 and built.keys() == shown.keys()
    differing = [path for path in sorted(built) if built[path] != shown[path]]
    assert not differing, differing


def test_a_save_stops_the_pause_before_its_generator_runs(desk: Desk) -> None:
    """The thread cutting entries out in the pause takes no time from the next save's
    generator: the save stops it (after the page it is on) before generating."""
    file = desk.pages[0]
    saved = desk.convert(file, reuse=True)
    # Waits a minute before cutting anything out: still waiting when the save starts.
    thread = desk.reuse.prepare([saved], delay=60)
    assert thread is not None and thread.is_alive()
    seen: list[bool] = []

    def generate(config: Any) -> Generated:
        seen.append(thread.is_alive())
        return Generated(ok=False, paths=frozenset(), changed=frozenset())

    rebuild = Rebuild(generate, lambda config, files: None, lambda config, path: None, desk.reuse)
    rebuild.state = BuildState(config=desk.reusing, files=desk.files, nav=None, env=None)
    # A content error: the save hands over to MkDocs' full build after generating.
    assert rebuild._incremental() is False
    assert seen == [False], "the generator ran while the pause's thread did"
