"""MkDocs events -> `pipeline.build()`: the `factdesk` plugin.

On every build (and every rebuild under `mkdocs serve`) the plugin checks the content before
MkDocs empties site_dir (`on_pre_build`), then writes the pages into a cache folder outside
`docs/` (rewriting only files whose text changed, so `--dirty` can skip the rest) and adds them
to MkDocs' files. `mkdocs build` writes into a sibling of site_dir that replaces it only when the
whole build succeeded, so a failed build of any kind keeps the last good site. Content errors
stop `mkdocs build` with one clean message; under `mkdocs serve` they are logged and every page
of the last good build is served under the list of problems, so the server keeps running while
the editor fixes the file. Under `mkdocs serve` a save rebuilds only the pages it changed
(`plugin/rebuild.py`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import identity, pipeline
from .content import kept_records
from .content.boundary import display_path, read_problem
from .content.diagnostics import Diagnostic, format_diagnostic, sorted_diagnostics
from .content.excerpt import Excerpts
from .content.kept_records import KeptRecords
from .content.load import load_site_config
from .content.phrases import base_language
from .incremental import BuildCache
from .plugin import kept_pages
from .plugin.idle import IdleCollection
from .plugin.parallel import ParallelPages, worker_count
from .plugin.rebuild import BuildState, Generated, Rebuild, snapshot, watched_outside_content
from .plugin.reuse import EntryReuse
from .plugin.watch import Reported, watch_folders
from .resources import TEMPLATES, THEME_OVERRIDE
from .site.layout import ASSETS, Repository, section_paths
from .site.page_keys import code_digest
from .site.render import OVERRIDES, TemplateProblem, error_assets, error_page, with_errors
from .site.write import (
    FolderUpdate,
    append_file,
    discard,
    remove_links,
    remove_others,
    replace_file,
    staging_folder,
    swap_in,
    update_files,
)

log = get_plugin_logger("factdesk")


def _add_theme_override(theme: Any) -> None:
    """Put factdesk's theme folder in front of the theme's own templates.

    A `custom_dir` with its own main.html stays in front (the site's customisations win); it
    must then include factdesk-head.html in its extrahead block for the sharing tags, and a
    warning says so. (ClaimReview is in each claim page's body and needs no override.)
    """
    folder = str(THEME_OVERRIDE)
    if folder in theme.dirs:  # on_config runs again on every `mkdocs serve` rebuild
        return
    custom = theme.custom_dir
    own_main = Path(custom, "main.html") if custom else None
    if own_main is not None and own_main.is_file() and theme.dirs[:1] == [custom]:
        theme.dirs.insert(1, folder)
        if "factdesk-head.html" not in own_main.read_text(encoding="utf-8"):
            log.warning(
                f"{own_main} replaces factdesk's main.html, so pages get no sharing tags "
                '(Open Graph): add {% include "factdesk-head.html" %} to its extrahead block'
            )
    else:
        theme.dirs.insert(0, folder)


def _quiet_dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a `--dirty` build may leave links and navigation stale: factdesk
    rewrites every page that shows a changed file and the navigation lists sections only, so
    the notice, printed at every `make serve`, asks the editor to do nothing."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _theme_language(theme: Any, language: str) -> str:
    """The theme's name for a site language: Material has words for "ar" and "pt-BR", not for
    "ar-SY", so a regional code falls back to its language (the theme then still sets Arabic
    right to left); a language the theme does not know at all stays as given."""
    for code in (language, base_language(language)):
        if any(Path(d, "partials", "languages", f"{code}.html").is_file() for d in theme.dirs):
            return code
    return language


class FactdeskConfig(Config):  # type: ignore[no-untyped-call]
    root = config_options.Optional(config_options.Dir(exists=True))
    templates = config_options.Type(str, default=OVERRIDES)
    cache_dir = config_options.Type(str, default=".cache/factdesk")
    # Processes that share MkDocs' page work in `mkdocs build`, and converting a save's pages
    # under serve (plugin/parallel.py); 0 is one per usable core, 1 builds in one process.
    workers = config_options.Type(int, default=0)


class _WarningCount(logging.Handler):
    """Counts the warnings of one build, as `mkdocs build --strict` does before it aborts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class FactdeskPlugin(BasePlugin[FactdeskConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.is_serve = False
        self.dirty = False
        self.root = Path(".")
        self.known_pages: set[str] = set()
        self.cache: BuildCache | None = None
        self.identity_problems: list[Diagnostic] = []
        self.checked: pipeline.Result | None = None
        # Between an error build and the next good one, the pages served are error versions.
        self.showing_errors = False
        # `mkdocs build` writes into `staging`, swapped in for `site_dir` once the build is good.
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.warnings = _WarningCount()
        self.rebuild: Rebuild | None = None
        # Under serve, what the plugin wrote into its page folder (write.update_files): made
        # by each full build, which reads the folder back, and kept up to date by rebuilds.
        self.written: dict[str, str | bytes] = {}
        # The parts of a full build in progress, kept for `Rebuild` once it has succeeded.
        self._building: dict[str, Any] = {}
        self.parallel: ParallelPages | None = None
        self.idle: IdleCollection | None = None
        # Under serve, the HTML of the entries (timeline entries, contradictions' sides, listing
        # rows) a page's last conversion made, for its next.
        self.reuse: EntryReuse | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.dirty = dirty
        if self.is_serve and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_notice)
        if self.is_serve:
            self.reuse = EntryReuse()
            self.rebuild = Rebuild(self._regenerate, self._after_pages, self._new_file, self.reuse)
            self.idle = IdleCollection()

    # First among the plugins, so that search and tags already see the site's language, and
    # the others see (and write into) the staging folder.
    @event_priority(100)
    def on_config(self, config: Any) -> Any:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir
        if self.cache is None or self.cache.root != self.root:
            self.cache = BuildCache(self.root)
        self._check_cache_folder()
        if self.idle is not None:
            self.idle.thaw()  # only full builds run on_config
        self.identity_problems = self._take_identity(config)
        if self.identity_problems and not self.is_serve:
            # Before MkDocs empties site_dir: the last good site stays.
            excerpts = Excerpts(self.root)
            raise PluginError(
                "factdesk: "
                + "\n".join(format_diagnostic(d, excerpts.lines(d)) for d in self.identity_problems)
            )
        for asset, target in ((ASSETS[0], config.extra_css), (ASSETS[1], config.extra_javascript)):
            if asset not in [str(item) for item in target]:
                target.append(asset)
        _add_theme_override(config.theme)
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        if self.rebuild is not None:
            self.rebuild.processes = worker_count(self.config.workers)
        if self.reuse is not None:
            self.reuse.install(config)
        if not self.is_serve and not self.dirty:
            # MkDocs empties site_dir before it builds a page: build beside it and swap the
            # result in only when the build succeeded, so a failed build keeps the last good
            # site (and a reader of site/ never sees half of one).
            self.site_dir = Path(config.site_dir).resolve()
            self.staging = staging_folder(self.site_dir, "building")
            config.site_dir = str(self.staging)
            log.info(f"building beside {self.site_dir}; it is replaced once the build succeeds")
        # Only full builds run on_config; a rebuild of changed pages reuses what this one leaves.
        self._building = {"config": config}
        return config

    def _check_cache_folder(self) -> None:
        # The plugin deletes files in its cache folder that it no longer generates: a link on
        # the way there (a `.cache` committed as a link) would point that at someone's files.
        folder = self.cache_folder.absolute()
        if folder.is_relative_to(self.root):
            problem = read_problem(self.root, folder)
            if problem is not None:
                raise PluginError(f"factdesk: cache_dir: {format_diagnostic(problem)}")

    def _take_identity(self, config: Any) -> list[Diagnostic]:
        """Give MkDocs the title, description, address and language from content/site.yml;
        errors where mkdocs.yml sets one of them otherwise. A site.yml that cannot be read is
        reported with the rest of the content, in on_pre_build."""
        site, _ = load_site_config(self.root)
        if site is None:
            return []
        if site.repository is not None and not config.repo_url:
            # Material's edit button and repository link: each generated page's edit_uri is
            # the content file it was built from (on_files), under the desk's folder.
            repository = Repository.of(
                site.repository.url, site.repository.branch, site.repository.folder
            )
            config.repo_url = repository.url
            config.edit_uri = repository.edit_uri
        config_file = Path(config.config_file_path or "mkdocs.yml")
        settings = identity.mkdocs_settings(config_file, display_path(self.root, config_file))
        for key, value in identity.mkdocs_values(site).items():
            if key in settings and key != "site_name":
                continue
            if key == "theme.language":
                config.theme["language"] = _theme_language(config.theme, value)
            elif key == "site_url":
                # `mkdocs serve` has put its own address here; canonical links follow it.
                if not self.is_serve:
                    config.site_url = value
            else:
                config[key] = value
        return identity.differences(site, settings)

    @property
    def cache_folder(self) -> Path:
        return self.root / self.config.cache_dir / "pages"

    @property
    def error_folder(self) -> Path:
        return self.root / self.config.cache_dir / "with-errors"

    @property
    def templates(self) -> Path:
        return self.root / self.config.templates

    def on_pre_build(self, *, config: Any) -> None:
        # MkDocs empties site_dir after this event: content is checked here, so that a content
        # mistake stops `mkdocs build` before anything of the last good site is touched.
        started = time.perf_counter()
        # Only serve rebuilds reuse work; a one-off build keeps no page in memory once written.
        cache = self.cache if self.is_serve else None
        result, kept = self._check(cache)
        self.checked = result
        log.info(f"checked the content in {time.perf_counter() - started:.2f} s{kept}")
        self._log(result.diagnostics)
        if self.is_serve:
            return
        if result.errors:
            raise PluginError(
                f"factdesk: {len(result.errors)} content error(s); "
                "run `factdesk check` for the full list"
            )
        if config.strict and result.warnings:
            raise PluginError(
                f"factdesk: {len(result.warnings)} content warning(s) in strict mode; "
                "run `factdesk check --strict` for the full list"
            )

    def _check(self, cache: BuildCache | None) -> tuple[pipeline.Result, str]:
        """The content checked, and what was kept of it. A one-off build takes back the records
        of the files its last build read that still hold the same text
        (`content/kept_records.py`), and keeps this build's for the next."""

        def check(kept: KeptRecords | None) -> pipeline.Result:
            return pipeline.check(
                self.root,
                cache,
                identity=False,
                templates=self.templates,
                processes=worker_count(self.config.workers),
                kept=kept,
                parts_folder=None if self.is_serve else self.root / self.config.cache_dir,
            )

        if self.is_serve:
            return check(None), ""
        listing = self.root / self.config.cache_dir / kept_records.NAME
        kept = kept_records.KeptRecords.read(listing, code=code_digest())
        result = check(kept)
        if kept.differing:
            log.warning(
                f"{kept.shown(kept.differing[0])} differs from what its file gives "
                f"({len(kept.differing)} of the records compared): {listing} is not as the "
                "last build left it, so every record file is read again. Only factdesk should "
                "write there: if CI restores it from a cache, let only builds of the published "
                "branch save that cache"
            )
            kept = kept_records.KeptRecords({}, code=kept.code)
            result = check(kept)
        added = kept.added()
        try:
            if added is None or not append_file(listing, added, kept.size_read):
                changed = kept.changed()
                if changed is not None:
                    replace_file(listing, changed)
        except OSError as problem:
            log.warning(
                f"the next build reads every record file: {listing}: {problem.strerror or problem}"
            )
        return result, f" ({kept.summary()})" if kept.kept or kept.kept_texts else ""

    def _log(self, diagnostics: Sequence[Diagnostic]) -> None:
        excerpts = Excerpts(self.root)
        for diagnostic in diagnostics:
            log_line = log.error if diagnostic.is_error else log.warning
            log_line(format_diagnostic(diagnostic, excerpts.lines(diagnostic)))

    def on_files(self, files: Files, *, config: Any) -> Files:
        self._refuse_files_outside(files, config)
        checked = self.checked
        assert checked is not None  # on_pre_build ran
        started = time.perf_counter()
        cache = self.cache if self.is_serve else None
        before = _reuse_counts(cache)
        problems = [*checked.errors, *self.identity_problems]  # only under serve: see above
        sources: dict[str, str] = {}
        paths: set[str] = set()
        changed: set[str] = set()
        # A full build compares with what is on disk; under serve it notes what it wrote.
        written: dict[str, str | bytes] | None = {} if self.is_serve else None
        # The list of kept pages describes the folder only until a build writes it again.
        kept_keys = None
        result: pipeline.Result | None = None
        # The folder may come from a cache another run saved (CI): no link in it is followed,
        # whether to keep a page or to compare one.
        files_left = remove_links(self.cache_folder)
        if self.is_serve:
            kept_pages.forget(self.keys_file)
        else:
            kept_keys = kept_pages.previous(self.keys_file, files_left)
        if not problems:
            try:
                result, paths = self._generate(
                    config, checked, cache, changed, written, kept_keys, files_left
                )
            except TemplateProblem as problem:
                # A broken override stops the build like a content error, with its place.
                self._log([problem.diagnostic])
                if not self.is_serve:
                    raise PluginError(
                        f"factdesk: {format_diagnostic(problem.diagnostic)}"
                    ) from None
                problems = [problem.diagnostic]
            else:
                if result.site is not None and result.layout is not None:
                    sources = result.layout.sources(result.site)
                if result.page_keys and not self.is_serve:
                    unsaved = kept_pages.save(self.keys_file, result.page_keys)
                    if unsaved is not None:
                        log.warning(f"the next build renders every page: {unsaved}")
        if problems:
            folder = self.error_folder
            diagnostics = sorted_diagnostics([*checked.diagnostics, *problems])
            excerpts = Excerpts(self.root)
            shown = [(d, excerpts.lines(d)) for d in diagnostics]
            paths = update_files(self._error_pages(shown), folder)
            self.showing_errors = True
        else:
            folder = self.cache_folder
            if self.showing_errors:
                # The served pages were error versions: mark the good ones new, or `--dirty`
                # would keep serving the errors.
                for path in paths:
                    os.utime(folder / path)
                self.showing_errors = False
            self.known_pages = set(paths)
            remove_others(self.error_folder, set())
        # The cache folders are factdesk's own: pages no longer generated go.
        remove_others(folder, paths)
        if written is not None and not problems:
            self.written = written
        kept = (0, 0) if problems or result is None else _kept_counts(result)
        _log_generated(len(paths), None if problems else cache, before, started, kept)
        # The editor's own pages in docs/ are edited where they are, under the desk's folder.
        docs = Path(config.docs_dir).resolve()
        docs_folder = (
            docs.relative_to(self.root).as_posix() if docs.is_relative_to(self.root) else ""
        )
        for file in files:
            if file.edit_uri is not None and docs_folder:
                file.edit_uri = f"{docs_folder}/{file.src_uri}"
        for path in sorted(paths):
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"docs/{path} is replaced by the page factdesk generates")
                files.remove(existing)
            generated = self._new_file(config, path, folder)
            # The content file the page was built from; none for pages built from many files
            # (their edit button would open nothing useful) and for factdesk's own pages.
            generated.edit_uri = sources.get(path)
            files.append(generated)
        self._building.update(
            files=files, generated=Generated(not problems, frozenset(paths), frozenset(changed))
        )
        return files

    def _generate(
        self,
        config: Any,
        checked: pipeline.Result,
        cache: BuildCache | None,
        changed: set[str],
        written: dict[str, str | bytes] | None,
        kept_keys: dict[str, str] | None,
        held: set[str] | None,
    ) -> tuple[pipeline.Result, set[str]]:
        """Generate into the page folder: the result and every page's path. A one-off build
        leaves the pages whose key is the last build's as they are (`plugin/kept_pages.py`);
        if one of those it rendered all the same differs from its file, the folder was not
        as the last build left it, and every page is rendered. `held`: the files the folder
        held when it was listed (none given: every file is compared before it is written)."""
        update = FolderUpdate(self.cache_folder, held)
        result, generated_files = pipeline.generated(
            self.root,
            checked,
            self.templates,
            cache,
            directory_urls=config.use_directory_urls,
            processes=1 if self.is_serve else worker_count(self.config.workers),
            kept_keys=kept_keys,
            parts_folder=None if self.is_serve else self.root / self.config.cache_dir,
            write=None if self.is_serve else update,
        )
        paths = update_files(generated_files, self.cache_folder, changed, written, update)
        # What the forked copies wrote themselves.
        paths |= result.written.keys()
        changed.update(path for path, rewritten in result.written.items() if rewritten)
        for parts in result.kept_parts:
            if parts.differing:
                log.warning(
                    f"the part kept for {parts.differing[0]} in {parts.listing} differs from "
                    f"what its content makes ({len(parts.differing)} of the parts compared): "
                    "the file is not as the last build left it, so every part of it was made "
                    "again. Only factdesk should write there: if CI restores it from a cache, "
                    "let only builds of the published branch save that cache"
                )
            if parts.unsaved is not None:
                log.warning(f"the next build makes every part of the data files: {parts.unsaved}")
        differing = sorted(changed & result.sampled)
        if differing:
            log.warning(
                f"{self.cache_folder / differing[0]} differs from the page its content "
                f"renders ({len(differing)} of {len(result.sampled)} kept pages compared): "
                "the folder is not as the last build left it, so every page is rendered "
                "again. Only factdesk should write there: if CI restores it from a cache, let "
                "only builds of the published branch save that cache"
            )
            # The folder holds what the pass before wrote: compare every file.
            return self._generate(config, checked, cache, changed, written, {}, None)
        return result, paths | result.kept

    @property
    def keys_file(self) -> Path:
        return self.root / self.config.cache_dir / kept_pages.NAME

    def _new_file(self, config: Any, path: str, folder: Path | None = None) -> File:
        generated = File.generated(
            config, path, abs_src_path=str((folder or self.cache_folder) / path)
        )
        if path.startswith("assets/"):
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        return generated

    def _regenerate(self, config: Any) -> Generated:
        """A serve rebuild's generator run (`plugin/rebuild.py`): check and generate as a full
        build does. A content or template error is left to MkDocs' full build, which shows it."""
        started = time.perf_counter()
        cache = self.cache
        before = _reuse_counts(cache)
        checked = pipeline.check(self.root, cache, identity=False, templates=self.templates)
        if checked.errors or self.identity_problems or self.showing_errors:
            return Generated(False, frozenset(), frozenset())
        self._log(checked.diagnostics)
        _, generated_files = pipeline.generated(
            self.root, checked, self.templates, cache, directory_urls=config.use_directory_urls
        )
        changed: set[str] = set()
        written = self.written
        try:
            paths = update_files(generated_files, self.cache_folder, changed, written)
        except TemplateProblem:
            return Generated(False, frozenset(), frozenset())
        self.known_pages = set(paths)
        # The full build before listed the folder; since then only this plugin wrote there.
        remove_others(self.cache_folder, paths, written)
        _log_generated(len(paths), cache, before, started)
        return Generated(True, frozenset(paths), frozenset(changed))

    @event_priority(-100)  # after every other plugin: the navigation the pages render with
    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self._building["nav"] = nav
        if not self.is_serve and not self.dirty:
            self.parallel = ParallelPages.start(config, files, worker_count(self.config.workers))
            if self.parallel is not None:
                log.info(f"pages are built in {self.parallel.processes} processes")
        return nav

    def on_pre_page(self, page: Any, *, config: Any, files: Files) -> Any:
        if self.parallel is not None:
            self.parallel.before_render(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if self.reuse is not None:
            self.reuse.converting(page)
        return markdown

    @event_priority(100)  # before other plugins read what the conversion found
    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        if self.reuse is not None:
            self.reuse.completed(page)
        return html

    @event_priority(-100)  # after every other plugin: the environment the pages render with
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        self._building["env"] = env
        if self.parallel is not None:
            self.parallel.render_elsewhere(self._building["nav"], env)
        return env

    @event_priority(-100)  # after every other plugin: the context the page renders with
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if self.parallel is not None:
            self.parallel.keep_context(page, context)
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.parallel is None:
            return output
        return self.parallel.rendered(page, output, self._building["env"])

    def _keep_for_rebuild(self, config: Any) -> None:
        """A full serve build has ended: if it succeeded, the next save may rebuild only what
        it changes, from what this build left."""
        building, self._building = self._building, {}
        generated = building.get("generated")
        if self.rebuild is None or generated is None:
            return  # the end of a rebuild of changed pages: the state stays
        if generated.ok and all(part in building for part in ("files", "nav", "env")):
            roots = watched_outside_content(config, [THEME_OVERRIDE])
            self.rebuild.state = BuildState(
                config, building["files"], building["nav"], building["env"], roots, snapshot(roots)
            )
            self.rebuild.paths = generated.paths
        else:
            self.rebuild.state = None

    def _refuse_files_outside(self, files: Files, config: Any) -> None:
        """MkDocs copies every file of docs/ into the site, following links: one that leads out
        of the desk would publish what it points at. Such files are left out and reported."""
        docs = Path(config.docs_dir).absolute()
        problems = []
        for file in list(files):
            if file.generated_by is not None or not file.abs_src_path:
                continue
            path = Path(file.abs_src_path)
            if not path.is_relative_to(docs):
                continue  # the theme's own files
            problem = read_problem(self.root, path, links_inside=True)
            if problem is not None:
                files.remove(file)
                problems.append(problem)
        for problem in problems:
            log.error(format_diagnostic(problem))
        if problems and not self.is_serve:
            raise PluginError(f"factdesk: {len(problems)} file(s) in docs/ lead out of the desk")

    def _error_pages(
        self, problems: list[tuple[Diagnostic, list[str]]]
    ) -> Iterator[tuple[str, str | bytes]]:
        """What `mkdocs serve` shows while the content has errors: every page of the last good
        build as it was, under the list of problems; the error page alone (with its styles) if
        no build was good yet."""
        if not self.known_pages:
            page = error_page(problems)
            for path in sorted(section_paths()):
                yield path, page
            yield from error_assets()
            return

        def last_good() -> Iterator[tuple[str, str | bytes]]:
            # Pages are text; vendored assets (TimelineJS's fonts) are kept as the bytes they are.
            for path in sorted(self.known_pages):
                file = self.cache_folder / path
                try:
                    yield (
                        path,
                        file.read_text("utf-8") if path.endswith(".md") else file.read_bytes(),
                    )
                except OSError:
                    continue

        yield from with_errors(last_good(), problems)

    @event_priority(-1000)
    def on_post_build(self, *, config: Any) -> None:
        self._stop_counting()
        if self.parallel is not None:
            self.parallel.finish()
            self.parallel = None
        if self.is_serve:
            self._keep_for_rebuild(config)
        if self.staging is None or self.site_dir is None:
            return
        staging, self.staging = self.staging, None
        config.site_dir = str(self.site_dir)
        if config.strict and self.warnings.count:
            # MkDocs aborts right after this event: the build failed, keep the last good site.
            discard(staging)
            return
        swap_in(staging, self.site_dir, keep_hidden=True)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_counting()
        if self.parallel is not None:
            self.parallel.stop()
            self.parallel = None
        if self.staging is not None:
            discard(self.staging)
            self.staging = None

    def _stop_counting(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        folders = [self.root / "content", self.root / "seeds", TEMPLATES, self.templates]
        reported = Reported(self.root)
        watch_folders(server, folders, reported, content=self.root / "content")
        if self.cache is not None:
            # Lists every file until an observer that names each file feeds it (Linux).
            self.cache.reported = reported.take
        # From now on a save rebuilds only what it changed; MkDocs' builder does the rest.
        if self.rebuild is not None:
            self.rebuild.full = builder
            server.builder = self._rebuild_then_pause
        if self.idle is not None:
            self.idle.settle()  # after the first build, before the first request
        return server

    def _rebuild_then_pause(self) -> None:
        assert self.rebuild is not None and self.idle is not None
        self.idle.before_build()
        try:
            self.rebuild()
        finally:
            self.idle.after_build()

    @staticmethod
    def _after_pages(config: Any, pages: Any) -> None:
        # As a full build ends: every plugin's on_post_build, this one's included.
        config.plugins.on_post_build(config=config)


def _reuse_counts(cache: BuildCache | None) -> tuple[int, int]:
    """The pages rendered and the entries and rows kept so far (`_log_generated`)."""
    return (cache.rendered, cache.entries_reused) if cache is not None else (0, 0)


def _kept_counts(result: pipeline.Result) -> tuple[int, int]:
    """The pages a one-off build left as the last one wrote them, and the parts of data files
    and of the search index it took back (`_log_generated`)."""
    return len(result.kept), sum(parts.kept for parts in result.kept_parts)


def _log_generated(
    count: int,
    cache: BuildCache | None,
    before: tuple[int, int],
    started: float,
    kept: tuple[int, int] = (0, 0),
) -> None:
    """A generator run's log line; with the serve cache, what it rendered and kept since
    `before` (`_reuse_counts`); for a one-off build, the pages it left as the last build wrote
    them and the parts of data files it took back (`kept`)."""
    pages, parts = kept
    with_parts = f", and {parts:,} parts of data files and of the search index" if parts else ""
    reuse = f" ({pages} pages kept from the last build{with_parts})" if pages else ""
    if cache is not None:
        rendered, entries = cache.rendered - before[0], cache.entries_reused - before[1]
        rows = f", {entries} entries and rows kept" if entries else ""
        reuse = f" ({rendered} rendered, {count - rendered} unchanged{rows})"
    log.info(f"generated {count} files{reuse} in {time.perf_counter() - started:.2f} s")
