"""MkDocs' per-page work shared with forked copies of the build (issue 17's second target).

`mkdocs build` converts every page's Markdown, then renders every page into the theme, one page
after another on one core; at 10,000 claims that is most of the build. With more than one core
the plugin forks the build once the pages are known (`on_nav`) and once they are all converted
(`on_env`): each copy runs MkDocs' own `_populate_page` or `_build_page` on its share of the
pages and sends back what MkDocs keeps of them (the HTML, table of contents, title and anchors;
the finished page), with every log record it made. The build itself does the other share and,
for each page of a copy's share, takes the copy's result in place of its own work, at the moment
MkDocs would have made it, and replays the copy's log records there, so warnings (broken links,
missing anchors) count for `--strict` as before. The pages come out byte for byte as a build in
one process writes them (`tests/test_parallel.py`).

A page a copy could not do (an error, a copy that died) is done by the build itself, which
reports the error as MkDocs would. Forking is only done for a site whose plugins are known to
keep no state from page events (a copy's plugins forget what they saw), by `mkdocs build`
without `--dirty`, and under `mkdocs serve` for the pages a save changed (`build_pages`): those
are converted by the server and copies, each taking the next page whenever it is free, when
their Markdown is large enough to be worth a fork, and each copy then renders the pages it
converted into the theme, which the server writes unless the navigation it rendered them with
was not the server's (a title of a page in it changed in a page the server converted).
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import forked
from .frames import Frames

# Plugins whose page events keep nothing between pages that the build needs: a copy may run
# them and be thrown away. Only factdesk is known (and tested) to be one; with any other
# plugin (Material's search collects pages as they render) the build stays in one process.
SAFE_PLUGINS = frozenset({"factdesk"})
# Below this many pages a fork costs more than it saves.
MIN_PAGES = 64
# The build takes every page through MkDocs' loop, its copies' pages too (reading the source,
# the events, writing the file), so it does fewer pages itself: its share against a copy's.
# With equal shares, at 1,000 claims, the copy sat idle while the build finished its pages;
# with these the build waits for its copy for about a second.
CONVERT_SHARE = 0.85
RENDER_SHARE = 0.5


def worker_count(setting: int) -> int:
    """How many processes share the pages: `workers` from mkdocs.yml, or one per usable core."""
    return setting if setting > 0 else forked.usable_cores()


def _can_fork(config: Any, pages: int, processes: int) -> bool:
    return pages >= MIN_PAGES and _may_fork(config, processes)


def _may_fork(config: Any, processes: int) -> bool:
    return (
        processes > 1
        and set(config.plugins) <= SAFE_PLUGINS
        and forked.can_fork()
        and hasattr(mkdocs_build, "_populate_page")
        and hasattr(mkdocs_build, "_build_page")
    )


@dataclass(frozen=True)
class Converted:
    """What `Page.render` leaves on a page."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    # `Page.links_to_anchors`, keyed by the linked file's src_uri (File objects do not cross).
    links: dict[str, dict[str, str]] | None
    records: list[logging.LogRecord]


@dataclass(frozen=True)
class Rendered:
    """The page `_build_page` wrote, as the text it was encoded from."""

    output: str
    records: list[logging.LogRecord]
    framed: bool = False  # put into its frame (`frames.py`), not rendered


class _KeptRecords(logging.Handler):
    """In a copy, every log record, made picklable, for the build to replay."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


def _keep_records() -> _KeptRecords:
    # The copy prints nothing itself: every logger hands its records to the root, which keeps
    # them. Loggers' own filters and levels still apply, as they will again in the build.
    kept = _KeptRecords()
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.getLogger().handlers = [kept]
    return kept


def _replay(records: Sequence[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


@dataclass
class ParallelPages:
    """One `mkdocs build`'s pages shared between the build and its copies."""

    processes: int
    config: Any
    files: Files
    uris: list[str]
    in_copy: bool = False
    _converting: dict[str, forked.Copy] = field(default_factory=dict)
    _rendering: dict[str, forked.Copy] = field(default_factory=dict)
    _copies: list[forked.Copy] = field(default_factory=list)
    # The template each page of a copy's share had, and its context: the build renders that
    # page with a blank template and takes the copy's page instead (see `render_elsewhere`).
    _templates: dict[str, Any] = field(default_factory=dict)
    _contexts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, config: Any, files: Files, processes: int) -> ParallelPages | None:
        """`on_nav`: fork the copies that convert their share of the pages, if that is worth
        it."""
        uris = [file.src_uri for file in files.documentation_pages(inclusion=_INCLUDED)]
        if not _can_fork(config, len(uris), processes):
            return None
        pages = cls(processes, config, files, uris)
        for mine in forked.shares(uris, processes, CONVERT_SHARE)[1:]:
            copy = forked.Copy(functools.partial(pages._convert, mine))
            pages._copies.append(copy)
            pages._converting.update(dict.fromkeys(mine, copy))
        return pages

    # In the build: converting.

    def before_render(self, page: Page) -> None:
        """`on_pre_page`: a page of a copy's share takes the copy's conversion instead of
        converting it again. MkDocs calls `page.render` next; no event comes in between, so the
        page's own `render` stands in for the method until it has run."""
        if self.in_copy or page.file.src_uri not in self._converting:
            return
        _converted_by(page, self._converting.pop(page.file.src_uri))

    # In a copy: converting.

    def _convert(self, uris: list[str]) -> Iterator[tuple[str, Converted | None]]:
        self.in_copy = True
        return _conversions(self.config, self.files, uris)

    # In the build: rendering.

    def render_elsewhere(self, nav: Any, env: Any) -> None:
        """`on_env`, after every page is converted: fork the copies that render their share
        into the theme, then give those pages a blank template in the build (MkDocs picks a
        page's template from its `meta` before any event), to take the copy's page instead."""
        if self.in_copy:
            return
        self.finish()
        doc_files = self.files.documentation_pages(inclusion=_INCLUDED)
        for mine in forked.shares(self.uris, self.processes, RENDER_SHARE)[1:]:
            copy = forked.Copy(functools.partial(self._render, mine, doc_files, nav, env))
            self._copies.append(copy)
            self._rendering.update(dict.fromkeys(mine, copy))
        blank = env.from_string("")
        for uri in self._rendering:
            page = _file(self.files, uri).page
            assert page is not None
            self._templates[uri] = page.meta.get("template")
            page.meta["template"] = blank

    def keep_context(self, page: Page, context: Any) -> None:
        """`on_page_context`, last: what the build renders a page with if its copy cannot."""
        if not self.in_copy and page.file.src_uri in self._rendering:
            self._contexts[page.file.src_uri] = context

    def rendered(self, page: Page, output: str, env: Any) -> str:
        """`on_post_page`: the copy's page in place of the blank one."""
        uri = page.file.src_uri
        if self.in_copy or uri not in self._rendering:
            return output
        copy = self._rendering.pop(uri)
        template = self._templates.pop(uri)
        context = self._contexts.pop(uri)
        if template is None:
            del page.meta["template"]
        else:
            page.meta["template"] = template
        result: Rendered | None = copy.take(uri)
        if result is None:
            return str(env.get_template(template or "main.html").render(context))
        _replay(result.records)
        return result.output

    # In a copy: rendering.

    def _render(
        self, uris: list[str], doc_files: Sequence[File], nav: Any, env: Any
    ) -> Iterator[tuple[str, Rendered | None]]:
        self.in_copy = True
        return _renders(self.config, self.files, uris, doc_files, nav, env, _keep_records())

    def finish(self) -> None:
        """Every copy has sent its share (`on_env`, `on_post_build`): wait for them to end."""
        for copy in self._copies:
            copy.close()
        self._copies = []

    def stop(self) -> None:
        """`on_build_error`: the build failed; the copies' work is not wanted."""
        for copy in self._copies:
            copy.stop()
        self._copies = []


_INCLUDED = InclusionLevel.is_included


def _converted_by(page: Page, copy: forked.Copy, timeout: float | None = None) -> None:
    """The page takes its copy's conversion when MkDocs' `_populate_page` converts it (or
    converts it itself if the copy did not, or not within `timeout` seconds). `_populate_page`
    calls `page.render` after the page events that come before it; the page's own `render`
    stands in for the method until it has run."""

    def render(config: Any, files: Files) -> None:
        del page.render
        converted: Converted | None = copy.take(page.file.src_uri, timeout)
        if converted is None:
            if not copy.ended:  # too late: its other pages are converted here too
                copy.stop()
            page.render(config, files)
            return
        _replay(converted.records)
        page.content = converted.content
        page.toc = converted.toc
        page._title_from_render = converted.title
        page.present_anchor_ids = converted.anchors
        if converted.links is not None:
            page.links_to_anchors = {
                _file(files, uri): anchors for uri, anchors in converted.links.items()
            }

    page.render = render  # type: ignore[method-assign]


def _renders(
    config: Any,
    files: Files,
    uris: Iterable[str],
    doc_files: Sequence[File],
    nav: Any,
    env: Any,
    kept: _KeptRecords,
    frames: Frames | None = None,
) -> Iterator[tuple[str, Rendered | None]]:
    """In a copy: MkDocs' `_build_page` on each converted page of `uris`, and what it wrote;
    or the page put into its frame."""
    written: list[bytes] = []

    def keep(content: bytes, output_path: str) -> None:
        written.append(content)

    # Only in this copy, which ends when its share is done: the build writes the pages.
    mkdocs_utils.write_file = keep
    for uri in uris:
        file = _file(files, uri)
        written.clear()
        result: Rendered | None
        framed = frames.output(file.page) if frames is not None and file.page else None
        if framed is not None:
            yield uri, Rendered(framed, kept.take(), framed=True)
            continue
        try:
            assert file.page is not None
            mkdocs_build._build_page(
                file.page,
                config,
                doc_files,
                nav,
                env,
                excluded=file.inclusion.is_excluded(),  # type: ignore[no-untyped-call]
            )
            # An empty page (no output) is left to the build, which says it skipped it.
            output = written[0].decode("utf-8") if written else None
            result = None if output is None else Rendered(output, kept.take())
        except Exception:
            kept.take()
            result = None
        yield uri, result


def _conversions(
    config: Any, files: Files, uris: Iterable[str], kept: _KeptRecords | None = None
) -> Iterator[tuple[str, Converted | None]]:
    """In a copy: MkDocs' `_populate_page` on each page of `uris`, and what it left."""
    kept = kept if kept is not None else _keep_records()
    for uri in uris:
        file = _file(files, uri)
        result: Converted | None
        try:
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                Page(None, file, config)
            page = file.page
            assert page is not None
            mkdocs_build._populate_page(page, config, files)
            assert page.content is not None
            links = (
                None
                if page.links_to_anchors is None
                else {
                    linked.src_uri: dict(anchors)
                    for linked, anchors in page.links_to_anchors.items()
                }
            )
            result = Converted(
                page.content,
                page.toc,
                page._title_from_render,
                page.present_anchor_ids,
                links,
                kept.take(),
            )
        except Exception:
            # The build converts this page itself and reports the error as MkDocs does.
            kept.take()
            result = None
        yield uri, result


# Under serve, what sharing a save's pages gains against what a copy costs (measured on a
# 2-core VM): converting takes about 2 ms a KB of Markdown (the 98 KB contradictions index of a
# 1,000-claim desk: 0.21 s), forking a copy and waiting for it to end about 40 ms a GB of the
# process (0.18-0.22 s at 5.4 GB), so a copy is worth it when its share's Markdown, in bytes,
# is more than the process's size over 50,000, and at least 16 KB.
_SERVE_FORK_FLOOR = 16_000
_SERVE_FORK_RATIO = 50_000
# A copy under serve that has not converted a page by then is stopped, and the build converts
# the rest: an editor's server must not hang on a copy that never ends.
SERVE_TIMEOUT = 60.0


def build_pages(
    pages: Sequence[Page],
    config: Any,
    files: Files,
    doc_files: Sequence[File],
    nav: Any,
    env: Any,
    processes: int,
    frames: Frames | None = None,
) -> int:
    """Under serve, after a save: MkDocs' `_populate_page` and `_build_page` on each changed
    page, shared between the build and forked copies when the pages' Markdown is worth a fork
    (`_worth_forking`). Each process takes the next page to convert, largest first, whenever
    it is free (`_Taking`), and the build then takes the copies' conversions. Once a copy has
    taken its last page, it renders the pages it converted into the theme, and the build
    writes them: those the navigation showed the same in the copy as in the build
    (`nav_view`; the copy saw the old title of a page the build converted), and renders the
    rest itself. Returns how many processes converted the pages. Forking from the server is
    safe for what a copy does (see `forked`): it converts Markdown, renders templates and
    writes to its pipe and spill file, nothing that the server's threads hold. With `frames`,
    a page whose frame fits is put into it instead of rendered (`frames.py`), here and in a
    copy, which starts with the server's frames."""
    dealt = None
    sizes = {}
    if _may_fork(config, processes) and len(pages) > 1:
        sizes = {page.file.src_uri: _size(page.file) for page in pages}
        floor = max(_SERVE_FORK_FLOOR, _resident_bytes() // _SERVE_FORK_RATIO)
        dealt = _worth_forking(pages, sizes, processes, floor)
    if dealt is None:
        for page in pages:
            mkdocs_build._populate_page(page, config, files)
        if frames is not None:
            frames.start(nav_view(nav))
        for page in pages:
            _build_here(page, config, doc_files, nav, env, frames)
        return 1
    order = sorted(pages, key=lambda p: (-sizes[p.file.src_uri], p.file.src_uri))
    uris = [page.file.src_uri for page in order]
    taking = _Taking(len(order))
    copies = []
    try:
        for number in range(1, len(dealt)):
            work = functools.partial(
                _converted_then_rendered,
                config,
                files,
                taking.taken(number, uris),
                doc_files,
                nav,
                env,
                frames,
            )
            copies.append(forked.Copy(work))
        own = set()
        while (index := taking.take(0)) is not None:
            mkdocs_build._populate_page(order[index], config, files)
            own.add(index)
        takers: dict[int, int] = {}
        for index, page in enumerate(order):
            if index in own:
                continue
            # A page no process took (the build gave up waiting to take one) is converted
            # here, as is one whose copy does not send it.
            taker = taking.taker(index)
            if taker is not None and taker > 0:
                _converted_by(page, copies[taker - 1], SERVE_TIMEOUT)
                takers[index] = taker
            mkdocs_build._populate_page(page, config, files)
        # Each copy sends what it rendered with before its pages: if the navigation differs
        # from the server's, the server renders that copy's pages itself.
        view = nav_view(nav)
        if frames is not None:
            frames.start(view)
        for index in sorted(own):
            _build_here(order[index], config, doc_files, nav, env, frames)
        same = [copy.take(_VIEW, SERVE_TIMEOUT) == view for copy in copies]
        for index, taker in takers.items():
            page = order[index]
            key = _RENDERED + page.file.src_uri
            rendered: Rendered | None = None
            if same[taker - 1]:
                rendered = copies[taker - 1].take(key, SERVE_TIMEOUT)
            if rendered is None:
                _build_here(page, config, doc_files, nav, env, frames)
                continue
            _replay(rendered.records)
            mkdocs_utils.write_file(
                rendered.output.encode("utf-8", errors="xmlcharrefreplace"),
                page.file.abs_dest_path,
            )
            if frames is not None:
                if rendered.framed:
                    frames.used += 1
                else:
                    frames.learn(page, rendered.output)
        for index, page in enumerate(order):
            if index not in own and index not in takers:
                _build_here(page, config, doc_files, nav, env, frames)
    finally:
        for copy in copies:
            copy.stop()
        # After an error, a page not converted must not keep its stand-in for the next save.
        for page in pages:
            page.__dict__.pop("render", None)
    return len(dealt)


# What a copy's rendering of a page is sent as, before the page's source URI; and the
# navigation as it rendered with it (`nav_view`), sent once.
_RENDERED = "rendered:"
_VIEW = "\x00navigation"  # no page's source URI holds a NUL


def _build_here(
    page: Page,
    config: Any,
    doc_files: Sequence[File],
    nav: Any,
    env: Any,
    frames: Frames | None = None,
) -> None:
    output = frames.output(page) if frames is not None else None
    if output is not None:
        mkdocs_utils.write_file(
            output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path
        )
        return
    excluded = page.file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
    before = _written_at(page.file.abs_dest_path)
    mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=excluded)
    # MkDocs writes nothing for an empty output: the file there is then an older page's.
    if frames is not None and frames.usable and before != _written_at(page.file.abs_dest_path):
        with open(page.file.abs_dest_path, encoding="utf-8") as written:
            frames.learn(page, written.read())


def _written_at(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_ino)


def nav_view(nav: Any) -> list[tuple[str, str | None, dict[str, Any]]]:
    """What the navigation, and so every page rendered into the theme, shows of the pages in
    it: their titles and front matter. A copy renders with what it knows of them: the pages
    the build converted keep their last conversion's title there."""
    return [(page.file.src_uri, page.title, page.meta) for page in nav.pages]


def _converted_then_rendered(
    config: Any,
    files: Files,
    taken: Iterator[str],
    doc_files: Sequence[File],
    nav: Any,
    env: Any,
    frames: Frames | None = None,
) -> Iterator[tuple[str, Any]]:
    """In a copy under serve: the pages it takes, converted as it takes them (`Converted`, by
    source URI); then, every page taken, the navigation as it knows it (`_VIEW`) and those it
    converted, rendered into the theme (`Rendered`), or put into their frames."""
    kept = _keep_records()
    converted = []
    for uri, result in _conversions(config, files, taken, kept):
        yield uri, result
        if result is not None:
            converted.append(uri)
    view = nav_view(nav)
    yield _VIEW, view
    if frames is not None:
        frames.start(view)
    for uri, rendered in _renders(config, files, converted, doc_files, nav, env, kept, frames):
        yield _RENDERED + uri, rendered


# How long the build waits to take a page before it converts the rest itself: only a copy
# that died while taking one (killed from outside) holds the lock longer than a moment.
_TAKE_WAIT = 5.0


class _Taking:
    """Which process converts which of a save's pages, decided as they go: each takes the next
    page whenever it is free. Dealt out beforehand by size, the copy's share took twice as long
    as the build's at 10,000 claims (0.46 against 0.19 s after a rename): the listing pages
    convert far faster than their size says once their unchanged entries are reused."""

    def __init__(self, count: int) -> None:
        # Shared with the copies forked after it: the next page to take, then for each page
        # the number of the process that took it, plus one (0: not taken).
        self._shared = multiprocessing.get_context("fork").Array("i", count + 1)
        self._lock = self._shared.get_lock()
        self._numbers: Any = self._shared.get_obj()
        self._count = count

    def take(self, number: int) -> int | None:
        """The index of the next page, now process `number`'s (0: the build); None when
        every page is taken."""
        if not self._lock.acquire(timeout=_TAKE_WAIT):
            return None
        try:
            index: int = self._numbers[0]
            if index >= self._count:
                return None
            self._numbers[0] = index + 1
            self._numbers[index + 1] = number + 1
            return index
        finally:
            self._lock.release()

    def taken(self, number: int, keys: Sequence[str]) -> Iterator[str]:
        """In copy `number`: the keys of the pages it takes, as it takes them."""
        while (index := self.take(number)) is not None:
            yield keys[index]

    def taker(self, index: int) -> int | None:
        """The process that took page `index` (None: none)."""
        number: int = self._numbers[index + 1]
        return number - 1 if number else None


def _worth_forking(
    pages: Sequence[Page], sizes: Mapping[str, int], processes: int, floor: int
) -> list[list[Page]] | None:
    """The pages dealt out (`_dealt_by_size`) to as many processes, up to `processes`, as
    leave every copy a share of at least `floor` bytes; None when no copy would get one. Only
    how many is used: which process converts which page is decided as they go (`_Taking`)."""
    for count in range(min(processes, len(pages)), 1, -1):
        dealt, loads = _dealt_by_size(pages, sizes, count)
        if min(loads[1:]) >= floor:
            return dealt
    return None


def _dealt_by_size(
    pages: Sequence[Page], sizes: Mapping[str, int], processes: int
) -> tuple[list[list[Page]], list[int]]:
    """The pages, largest first (`sizes` by source URI), each to the process with the least
    Markdown so far; the build's share first. Also how much Markdown each share holds."""
    dealt: list[list[Page]] = [[] for _ in range(min(processes, len(pages)))]
    loads = [0] * len(dealt)
    for page in sorted(pages, key=lambda p: (-sizes[p.file.src_uri], p.file.src_uri)):
        taker = loads.index(min(loads))
        dealt[taker].append(page)
        loads[taker] += sizes[page.file.src_uri]
    return dealt, loads


def _size(file: File) -> int:
    if file.abs_src_path is not None:
        try:
            return os.path.getsize(file.abs_src_path)
        except OSError:
            return 0
    return len(file.content_bytes)


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _file(files: Files, uri: str) -> File:
    file = files.get_file_from_path(uri)
    assert file is not None, uri
    return file
