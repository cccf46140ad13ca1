"""MkDocs events -> `pipeline.build()`: the `factdesk` plugin.

On every build the plugin runs the pipeline, writes the pages into a cache folder outside
`docs/` (rewriting only files whose text changed, so `--dirty` can skip the rest) and adds them
to MkDocs' files. Content errors stop `mkdocs build` with one clean message; under `mkdocs serve`
they are logged and every page shows them, so the server keeps running while the editor fixes
the file. Under `mkdocs serve` a save rebuilds only the pages it changed (`plugin/rebuild.py`)
and the search index stays complete (`plugin/search_index.py`).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import identity, pipeline
from .content.diagnostics import Diagnostic, format_diagnostic, sorted_diagnostics
from .content.excerpt import Excerpts
from .content.load import display_path, load_site_config
from .content.phrases import base_language
from .incremental import BuildCache
from .plugin.rebuild import BuildState, Generated, Rebuild, snapshot, watched_outside_content
from .plugin.search_index import SearchIndex
from .resources import TEMPLATES, THEME_OVERRIDE
from .site.layout import ASSETS, Repository, section_paths
from .site.render import TemplateProblem, error_assets, error_page
from .site.write import remove_others, update_files

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
    templates = config_options.Type(str, default="overrides/factdesk")
    cache_dir = config_options.Type(str, default=".cache/factdesk")


class FactdeskPlugin(BasePlugin[FactdeskConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.is_serve = False
        self.root = Path(".")
        self.known_pages: set[str] = set()
        self.cache: BuildCache | None = None
        self.identity_problems: list[Diagnostic] = []
        self.search = SearchIndex()
        self.rebuild: Rebuild | None = None
        # The parts of a full build in progress, kept for `Rebuild` once it has succeeded.
        self._building: dict[str, Any] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        if self.is_serve and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_notice)
        if self.is_serve:
            self.rebuild = Rebuild(lambda config: self._generate(config)[0], self._after_pages)

    # First among the plugins, so that search and tags already see the site's language.
    @event_priority(100)
    def on_config(self, config: Any) -> Any:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir
        if self.cache is None or self.cache.root != self.root:
            self.cache = BuildCache(self.root)
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
        # Only full builds run on_config; a rebuild of changed pages reuses what this one leaves.
        self._building = {"config": config}
        return config

    def _take_identity(self, config: Any) -> list[Diagnostic]:
        """Give MkDocs the title, description, address and language from content/site.yml;
        errors where mkdocs.yml sets one of them otherwise. A site.yml that cannot be read is
        reported with the rest of the content, in on_files."""
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
    def templates(self) -> Path:
        return self.root / self.config.templates

    def _generate(self, config: Any) -> tuple[Generated, pipeline.Result]:
        """Run the pipeline and write its files into the page folder (or, on a content error
        under `mkdocs serve`, the error page in place of every page)."""
        started = time.perf_counter()
        # Only serve rebuilds reuse pages; a one-off build keeps no page in memory once written.
        cache = self.cache if self.is_serve else None
        rendered_before = cache.rendered if cache is not None else 0
        result, generated_files = pipeline.generate(
            self.root,
            self.templates,
            cache,
            directory_urls=config.use_directory_urls,
            identity=False,
        )
        changed: set[str] = set()
        try:
            paths = update_files(generated_files, self.cache_folder, changed)
        except TemplateProblem as problem:
            # A broken override stops the build like a content error, with its place.
            result = dataclasses.replace(
                result, site=None, diagnostics=[*result.diagnostics, problem.diagnostic]
            )
            paths = set()
        reuse = ""
        if cache is not None:
            rendered = cache.rendered - rendered_before
            reuse = f" ({rendered} rendered, {len(paths) - rendered} unchanged)"
        log.info(f"generated {len(paths)} files{reuse} in {time.perf_counter() - started:.2f} s")
        diagnostics = sorted_diagnostics([*result.diagnostics, *self.identity_problems])
        excerpts = Excerpts(self.root)
        excerpt_lines = [excerpts.lines(diagnostic) for diagnostic in diagnostics]
        for diagnostic, shown in zip(diagnostics, excerpt_lines, strict=True):
            log_line = log.error if diagnostic.is_error else log.warning
            log_line(format_diagnostic(diagnostic, shown))
        ok = not (result.errors or self.identity_problems)
        if not ok:
            if not self.is_serve:
                raise PluginError(
                    f"factdesk: {len(result.errors)} content error(s); "
                    "run `factdesk check` for the full list"
                )
            page = error_page(zip(diagnostics, excerpt_lines, strict=True))
            paths = update_files(
                [*((path, page) for path in sorted(self._error_paths())), *error_assets()],
                self.cache_folder,
                changed,
            )
        else:
            self.known_pages = set(paths)
        # The cache folder is factdesk's own: pages no longer generated go.
        remove_others(self.cache_folder, paths)
        return Generated(ok, frozenset(paths), frozenset(changed)), result

    def on_files(self, files: Files, *, config: Any) -> Files:
        generated, result = self._generate(config)
        sources = (
            result.layout.sources(result.site)
            if result.site is not None and result.layout is not None
            else {}
        )
        # The editor's own pages in docs/ are edited where they are, under the desk's folder.
        docs = Path(config.docs_dir).resolve()
        docs_folder = (
            docs.relative_to(self.root).as_posix() if docs.is_relative_to(self.root) else ""
        )
        for file in files:
            if file.edit_uri is not None and docs_folder:
                file.edit_uri = f"{docs_folder}/{file.src_uri}"
        for path in sorted(generated.paths):
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"docs/{path} is replaced by the page factdesk generates")
                files.remove(existing)
            file = File.generated(config, path, abs_src_path=str(self.cache_folder / path))
            if path.startswith("assets/"):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            # The content file the page was built from; none for pages built from many files
            # (their edit button would open nothing useful) and for factdesk's own pages.
            file.edit_uri = sources.get(path)
            files.append(file)
        self._building.update(files=files, generated=generated)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self._building["nav"] = nav
        return nav

    @event_priority(-100)  # after every other plugin: the environment the pages render with
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        self._building["env"] = env
        return env

    def on_pre_build(self, *, config: Any) -> None:
        if self.is_serve:
            self.search.bind(config)

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if self.is_serve:
            self.search.page_rendered(page.url)
        return context

    @event_priority(-100)  # after the search plugin has written its part of the index
    def on_post_build(self, *, config: Any) -> None:
        if not self.is_serve:
            return
        building, self._building = self._building, {}
        files = building.get("files")
        if files is None and self.rebuild is not None and self.rebuild.state is not None:
            files = self.rebuild.state.files
        if files is None:
            return
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.search.write(config.site_dir, [f.page.url for f in pages if f.page is not None])
        generated = building.get("generated")
        if self.rebuild is None or generated is None:
            return
        # A full build has just succeeded: the next save may rebuild only what it changes.
        if generated.ok and "nav" in building and "env" in building:
            roots = watched_outside_content(config, [THEME_OVERRIDE])
            self.rebuild.state = BuildState(
                config, files, building["nav"], building["env"], roots, snapshot(roots)
            )
            self.rebuild.paths = generated.paths
        else:
            self.rebuild.state = None

    def _error_paths(self) -> set[str]:
        # Whatever page the editor has open must show the error, or it would 404 on reload.
        return {p for p in self.known_pages if p.endswith(".md")} | section_paths()

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for folder in (self.root / "content", self.root / "seeds", TEMPLATES, self.templates):
            if folder.is_dir():
                server.watch(str(folder))
        # From now on a save rebuilds only what it changed; MkDocs' builder does the rest.
        if self.rebuild is not None:
            self.rebuild.full = builder
            server.builder = self.rebuild
        return server

    @staticmethod
    def _after_pages(config: Any, pages: Any) -> None:
        # As a full build ends: the search plugin, then this one, writes the search index.
        config.plugins.on_post_build(config=config)
