"""MkDocs events -> `pipeline.build()`: the `factdesk` plugin.

On every build (and every rebuild under `mkdocs serve`) the plugin checks the content before
MkDocs empties site_dir (`on_pre_build`), then writes the pages into a cache folder outside
`docs/` (rewriting only files whose text changed, so `--dirty` can skip the rest) and adds them
to MkDocs' files. `mkdocs build` writes into a sibling of site_dir that replaces it only when the
whole build succeeded, so a failed build of any kind keeps the last good site. Content errors
stop `mkdocs build` with one clean message; under `mkdocs serve` they are logged and every page
of the last good build is served under the list of problems, so the server keeps running while
the editor fixes the file.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import identity, pipeline
from .content.boundary import display_path, read_problem
from .content.diagnostics import Diagnostic, format_diagnostic, sorted_diagnostics
from .content.load import load_site_config
from .incremental import BuildCache
from .resources import TEMPLATES, THEME_OVERRIDE
from .site.layout import ASSETS, section_paths
from .site.render import OVERRIDES, error_page, with_errors
from .site.write import discard, staging_folder, swap_in

log = get_plugin_logger("factdesk")


def _add_theme_override(theme: Any) -> None:
    """Put factdesk's theme folder in front of the theme's own templates.

    A `custom_dir` with its own main.html stays in front (the site's customisations win); it
    must then include factdesk-head.html in its extrahead block, and a warning says so.
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
                f"{own_main} replaces factdesk's main.html, so claim pages get no ClaimReview "
                'JSON-LD: add {% include "factdesk-head.html" %} to its extrahead block'
            )
    else:
        theme.dirs.insert(0, folder)


def _quiet_dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a `--dirty` build may leave links and navigation stale: factdesk
    rewrites every page that shows a changed file and the navigation lists sections only, so
    the notice, printed at every `make serve`, asks the editor to do nothing."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class FactdeskConfig(Config):  # type: ignore[no-untyped-call]
    root = config_options.Optional(config_options.Dir(exists=True))
    templates = config_options.Type(str, default=OVERRIDES)
    cache_dir = config_options.Type(str, default=".cache/factdesk")


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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.dirty = dirty
        if self.is_serve and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_notice)

    # First among the plugins, so that search and tags already see the site's language, and
    # the others see (and write into) the staging folder.
    @event_priority(100)
    def on_config(self, config: Any) -> Any:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir
        if self.cache is None or self.cache.root != self.root:
            self.cache = BuildCache(self.root)
        self._check_cache_folder()
        self.identity_problems = self._take_identity(config)
        if self.identity_problems and not self.is_serve:
            # Before MkDocs empties site_dir: the last good site stays.
            raise PluginError(
                "factdesk: " + "\n".join(format_diagnostic(d) for d in self.identity_problems)
            )
        for asset, target in ((ASSETS[0], config.extra_css), (ASSETS[1], config.extra_javascript)):
            if asset not in [str(item) for item in target]:
                target.append(asset)
        _add_theme_override(config.theme)
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        if not self.is_serve and not self.dirty:
            # MkDocs empties site_dir before it builds a page: build beside it and swap the
            # result in only when the build succeeded, so a failed build keeps the last good
            # site (and a reader of site/ never sees half of one).
            self.site_dir = Path(config.site_dir).resolve()
            self.staging = staging_folder(self.site_dir, "building")
            config.site_dir = str(self.staging)
            log.info(f"building beside {self.site_dir}; it is replaced once the build succeeds")
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
        config_file = Path(config.config_file_path or "mkdocs.yml")
        settings = identity.mkdocs_settings(config_file, display_path(self.root, config_file))
        for key, value in identity.mkdocs_values(site).items():
            if key in settings and key != "site_name":
                continue
            if key == "theme.language":
                config.theme["language"] = value
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
        result = pipeline.check(self.root, cache, identity=False, templates=self.templates)
        self.checked = result
        log.info(f"checked the content in {time.perf_counter() - started:.2f} s")
        for diagnostic in result.diagnostics:
            (log.error if diagnostic.is_error else log.warning)(format_diagnostic(diagnostic))
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

    def on_files(self, files: Files, *, config: Any) -> Files:
        self._refuse_files_outside(files, config)
        checked = self.checked
        assert checked is not None  # on_pre_build ran
        started = time.perf_counter()
        cache = self.cache if self.is_serve else None
        rendered_before = cache.rendered if cache is not None else 0
        sources: dict[str, str] = {}
        if checked.errors or self.identity_problems:  # only under serve: a build has stopped
            folder = self.error_folder
            diagnostics = sorted_diagnostics([*checked.diagnostics, *self.identity_problems])
            paths = self._write_cache(folder, self._error_pages(diagnostics))
            self.showing_errors = True
        else:
            folder = self.cache_folder
            result, generated_files = pipeline.generated(
                checked, self.templates, cache, directory_urls=config.use_directory_urls
            )
            paths = self._write_cache(folder, generated_files)
            if self.showing_errors:
                # The served pages were error versions: mark the good ones new, or `--dirty`
                # would keep serving the errors.
                for path in paths:
                    os.utime(folder / path)
                self.showing_errors = False
            self.known_pages = set(paths)
            self._drop_stale(self.error_folder, set())
            if result.site is not None and result.layout is not None:
                sources = result.layout.sources(result.site)
        self._drop_stale(folder, paths)
        reuse = ""
        if cache is not None and not self.showing_errors:
            rendered = cache.rendered - rendered_before
            reuse = f" ({rendered} rendered, {len(paths) - rendered} unchanged)"
        log.info(f"generated {len(paths)} files{reuse} in {time.perf_counter() - started:.2f} s")
        for path in sorted(paths):
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"docs/{path} is replaced by the page factdesk generates")
                files.remove(existing)
            generated = File.generated(config, path, abs_src_path=str(folder / path))
            if path.startswith("assets/"):
                generated.inclusion = InclusionLevel.NOT_IN_NAV
            source = sources.get(path)
            if source is not None:
                generated.edit_uri = source
            files.append(generated)
        return files

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

    def _error_pages(self, diagnostics: list[Diagnostic]) -> Iterator[tuple[str, str]]:
        """What `mkdocs serve` shows while the content has errors: every page of the last good
        build as it was, under the list of problems; the error page alone if there was none."""
        if not self.known_pages:
            page = error_page(diagnostics)
            for path in sorted(section_paths()):
                yield path, page
            return

        def last_good() -> Iterator[tuple[str, str]]:
            for path in sorted(self.known_pages):
                try:
                    yield path, (self.cache_folder / path).read_text(encoding="utf-8")
                except OSError:
                    continue

        yield from with_errors(last_good(), diagnostics)

    @event_priority(-1000)
    def on_post_build(self, *, config: Any) -> None:
        self._stop_counting()
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
        if self.staging is not None:
            discard(self.staging)
            self.staging = None

    def _stop_counting(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def _write_cache(self, folder: Path, pages: Iterable[tuple[str, str]]) -> set[str]:
        """Write each page as it comes, and only if its text changed, so that `--dirty`
        rebuilds exactly the changed pages. Returns the paths written or kept."""
        written: set[str] = set()
        for relative, text in pages:
            written.add(relative)
            path = folder / relative
            data = text.encode("utf-8")
            try:
                if path.read_bytes() == data:
                    continue
            except OSError:
                path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_bytes(data)
            os.replace(temporary, path)
        return written

    def _drop_stale(self, folder: Path, pages: set[str]) -> None:
        """Remove pages no longer generated (the cache folders are factdesk's own)."""
        if folder.is_dir():
            for path in sorted(folder.rglob("*"), reverse=True):
                relative = path.relative_to(folder).as_posix()
                if path.is_file() and relative not in pages:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for folder in (self.root / "content", self.root / "seeds", TEMPLATES, self.templates):
            if folder.is_dir():
                server.watch(str(folder))
        return server
