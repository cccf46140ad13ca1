"""The site's search index, complete after every build: the one seam between factdesk and the
search plugin.

Material's search plugin collects an entry per section of each page it renders and writes them
all as `search/search_index.json` when the build ends. A build that renders only some pages
(`mkdocs serve --dirty`, or factdesk's own rebuild of the pages an edit touched) would leave it
covering those pages alone. `SearchIndex` keeps each page's entries, already serialised as
Material serialises them, replaces them when the page is rendered again, drops pages that no
longer exist, and rewrites the file after every build in page order: byte for byte the file a
full build writes. Whatever replaces Material's search (issue 19) replaces this module.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from material.plugins.search.plugin import SearchPlugin
from mkdocs import utils

INDEX_PATH = os.path.join("search", "search_index.json")


def _dumps(value: Any) -> str:
    # Material's own serialisation (plugin.py, generate_search_index).
    return json.dumps(value, separators=(",", ":"), default=str)


class SearchIndex:
    def __init__(self) -> None:
        self._plugin: Any = None
        self._pages: dict[str, str] = {}  # page URL -> its entries, serialised and comma-joined
        self._taken = 0

    def bind(self, config: Any) -> None:
        """Find this build's Material search plugin (there is none when search is off)."""
        self._plugin = None
        # Another search plugin (MkDocs' own theme's) is left to write its file as it does.
        for plugin in config.plugins.values():
            if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
                self._plugin = plugin
        self._taken = 0

    @property
    def active(self) -> bool:
        return self._plugin is not None and hasattr(self._plugin, "search_index")

    def page_rendered(self, url: str) -> None:
        """Called once per page right after the search plugin indexed it: the entries it added
        since the previous page are this page's."""
        if not self.active:
            return
        entries = self._plugin.search_index.entries
        self._pages[url] = ",".join(_dumps(entry) for entry in entries[self._taken :])
        self._taken = len(entries)

    def write(self, site_dir: str, page_urls: Iterable[str]) -> None:
        """Write the whole index: every page of `page_urls`, in that order."""
        if not self.active:
            return
        urls = list(page_urls)
        wanted = set(urls)
        self._pages = {url: text for url, text in self._pages.items() if url in wanted}
        index = self._plugin.search_index
        config = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        docs = ",".join(text for url in urls if (text := self._pages.get(url)))
        data = f'{{"config":{_dumps(config)},"docs":[{docs}]}}'
        utils.write_file(data.encode("utf-8"), os.path.join(site_dir, INDEX_PATH))
        # Each page's entries are kept here; the plugin's list would only grow across rebuilds.
        index.entries = []
        self._taken = 0
