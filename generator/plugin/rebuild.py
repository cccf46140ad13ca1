"""`mkdocs serve` rebuilds only the pages an edit changed.

MkDocs' serve loop rebuilds the whole site after every save: it reloads the configuration, lists
the files, builds the navigation, renders every page (or, with `--dirty`, every page whose source
is newer), copies the theme's assets, renders the sitemap and writes the search index. Only
the pages whose Markdown changed depend on an edit of a content file. The plugin installs
`Rebuild` as the server's builder: after a save under `content/` or `seeds/` it runs the
generator, then sends the changed pages through MkDocs' own page steps (`_populate_page`,
`_build_page`, with every plugin's page events; shared with a forked copy when the pages are
large enough, `parallel.build_pages`), checks the anchors of those pages and of the
pages linking to them, and copies the changed data files, among them the search index's
changed files (after the save the index is the one a full build would write).

A data file added or removed (a search shard for a word no record had before, a share image)
is added to or removed from MkDocs' files and the site. Anything else falls back to MkDocs' own
builder, which then runs as it always does: a change of `mkdocs.yml`, `docs/` or the theme, a
page added or removed (the navigation and the links between pages change), a content error, or
any exception.
The state it reuses is what the last full build left: configuration, files, navigation and
Jinja environment.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .frames import Frames
from .parallel import build_pages, nav_view
from .reuse import EntryReuse

log = logging.getLogger("mkdocs.plugins.factdesk")


@dataclass
class BuildState:
    """What the last full build left behind, captured by the plugin's events."""

    config: Any
    files: Files
    nav: Any
    env: Any
    # Files and folders outside content/ and seeds/ whose change needs MkDocs' full build, and
    # the (mtime, size) of every file under them when the build ran.
    roots: list[str] = field(default_factory=list)
    watched: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The theme's frame of each page rendered since, or of a save's page as the site has it
    # (`frames.py`), made at the first save.
    frames: Frames | None = None


def snapshot(paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under `paths` (files or folders)."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        if os.path.isfile(path):
            stat = os.stat(path)
            found[path] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, _, names in os.walk(path):
            for name in names:
                full = os.path.join(folder, name)
                try:
                    stat = os.stat(full)
                except OSError:
                    continue
                found[full] = (stat.st_mtime_ns, stat.st_size)
    return found


@dataclass(frozen=True, slots=True)
class Generated:
    """One generator run as the plugin wrote it into its page folder."""

    ok: bool  # no content error
    paths: frozenset[str]
    changed: frozenset[str]  # paths whose text differs from the previous run's


class Rebuild:
    """The server's builder: incremental when it can be, MkDocs' own otherwise."""

    def __init__(
        self,
        generate: Callable[[Any], Generated],
        after_pages: Callable[[Any, Sequence[File]], None],
        new_file: Callable[[Any, str], File],
        reuse: EntryReuse | None = None,
    ) -> None:
        # MkDocs' own builder, handed over in on_serve.
        self.full: Callable[[], None] = lambda: None
        self.generate = generate
        self.after_pages = after_pages
        # The plugin's File for a generated path, as its full build makes it.
        self.new_file = new_file
        # Where the entries a save did not change keep their HTML (`reuse.py`).
        self.reuse = reuse
        self.state: BuildState | None = None
        self.paths: frozenset[str] = frozenset()
        # How many processes may convert a save's pages (`parallel.build_pages`).
        self.processes = 1

    def __call__(self) -> None:
        try:
            if self._incremental():
                return
        except Exception as exc:  # MkDocs' own builder reports whatever is wrong, as it would
            log.debug(f"incremental rebuild gave up: {exc!r}")
        self.state = None
        self.full()

    def _incremental(self) -> bool:
        if self.reuse is not None:
            self.reuse.stop_preparing()
        state = self.state
        if state is None or snapshot(state.roots) != state.watched:
            return False
        started = time.perf_counter()
        generated = self.generate(state.config)
        added, removed = generated.paths - self.paths, self.paths - generated.paths
        if not generated.ok or any(p.endswith(".md") for p in added | removed):
            return False
        config, files = state.config, state.files
        for path in sorted(removed):
            gone = files.get_file_from_path(path)
            if gone is not None:
                files.remove(gone)
                Path(gone.abs_dest_path).unlink(missing_ok=True)
        for path in sorted(added):
            files.append(self.new_file(config, path))
        self.paths = generated.paths
        changed = [files.get_file_from_path(path) for path in sorted(generated.changed)]
        if any(file is None for file in changed):
            return False
        pages = [f.page for f in changed if f is not None and f.page is not None]
        others = [f for f in changed if f is not None and f.page is None]
        counter = utils.CountHandler()
        counter.setLevel(logging.WARNING)
        mkdocs_log = logging.getLogger("mkdocs")
        if config.strict:
            mkdocs_log.addHandler(counter)
        try:
            link = set(config.plugins) <= _WRITE_NOTHING_IN_THE_SITE
            for file in others:
                _copy(file, link=link)
            if self.reuse is not None:
                # From each page's last conversion, before this one replaces it (and before a
                # forked copy takes a share of the pages).
                self.reuse.learn(pages)
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            if state.frames is None:
                state.frames = Frames(config)
            state.frames.recall(pages, nav_view(state.nav))
            processes = build_pages(
                pages, config, files, doc_files, state.nav, state.env, self.processes, state.frames
            )
            reused = self.reuse.taken_count() if self.reuse is not None else 0
            framed = state.frames.taken_count()
            self._check_anchors(config, files, doc_files, pages)
            self.after_pages(config, doc_files)
            if counts := counter.get_counts():
                message = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                raise Abort(f"Aborted with {message} in strict mode!")
        finally:
            mkdocs_log.removeHandler(counter)
        shared = f", converted in {processes} processes" if processes > 1 else ""
        kept = f", {reused} unchanged entries reused" if reused else ""
        kept += f", {framed} pages put into their frames" if framed else ""
        log.info(
            f"rebuilt {len(pages)} pages and {len(others)} files of {len(self.paths)} "
            f"in {time.perf_counter() - started:.2f} s{shared}{kept}"
        )
        if self.reuse is not None:
            # The next save most likely converts these pages again.
            self.reuse.prepare(pages)
        return True

    @staticmethod
    def _check_anchors(config: Any, files: Files, doc_files: Any, pages: list[Page]) -> None:
        """MkDocs checks every page's links to anchors after a build; only the changed pages'
        own links and the links into them can have gone wrong."""
        changed = {page.file for page in pages}
        level = config.validation.links.anchors
        for file in doc_files:
            page = file.page
            if page is None:
                continue
            if file in changed or (
                page.links_to_anchors and changed & page.links_to_anchors.keys()
            ):
                page.validate_anchor_links(files=files, log_level=level)


# Plugins known not to write into site_dir's files after MkDocs put them there: another might
# edit a file in place, which in a hard link is the plugin's file too (`_copy`).
_WRITE_NOTHING_IN_THE_SITE = frozenset({"factdesk"})


def _copy(file: File, *, link: bool) -> None:
    """MkDocs' `copy_file`, or with `link` a hard link in site_dir to the plugin's own file.
    A save rewrites the data files whole (45 MB at 10,000 claims); linked, they are not copied
    again, and the site's old file is freed once with the plugin's instead of each apart. The
    plugin replaces its file with a new one on the next save (`write.replace_file`) and never
    writes into it, so the site keeps what this save wrote. MkDocs' own full build takes a
    linked file as one a plugin wrote (`shutil.SameFileError`), and `--dirty` compares times,
    which a link shares."""
    source = file.abs_src_path
    if link and source is not None:
        target = file.abs_dest_path
        beside = f"{target}.{os.getpid()}.link"
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, beside)
            os.replace(beside, target)  # never a moment without the file
            return
        except OSError:  # another file system, or one without hard links
            Path(beside).unlink(missing_ok=True)
    file.copy_file()


def watched_outside_content(config: Any, extra: Iterable[Path]) -> list[str]:
    """What MkDocs' full build depends on that an edit of content does not touch."""
    paths = [config.docs_dir, *(str(p) for p in extra), *config.watch]
    if config.config_file_path:
        paths.append(config.config_file_path)
    if config.theme.custom_dir:
        paths.append(config.theme.custom_dir)
    return [p for p in paths if os.path.exists(p)]
