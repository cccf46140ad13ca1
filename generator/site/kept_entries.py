"""Under serve, a timeline or claims page rendered again reuses the Markdown of its entries
and rows that no change reached.

A person's rename renders again every timeline page naming them (25 parts at 1,000 claims, 29
at 10,000) and every index page listing them (20 and 35, most of them lists of claims), each of
about fifty entries or rows through the templates' macros, while a handful of those name the
person. The templates
render each entry inside `{% call kept_entry('entry', entry.kind, entry.id) %}` and each row
of a claims list inside `{% call kept_entry('row', 'claim', claim_id) %}`: the Markdown is kept
by page and by those three, with the number of the build that rendered it, and reused while none
of the files it shows (`dependencies.timeline_entry_files`, the rule that decides which of
those pages render again) changed in a later build. Whatever every page shows (site.yml, the
templates, the layout) makes the cache forget every page, and with them these entries."""

from __future__ import annotations

from collections.abc import Callable

from ..content.linked import Site
from ..incremental import BuildCache
from .dependencies import timeline_entry_files


class KeptEntries:
    """The `kept_entry` of one build's templates: `start` and `finish` each page."""

    def __init__(
        self, site: Site, cache: BuildCache | None, claim_files: dict[str, set[str]]
    ) -> None:
        self._site = site
        self._cache = cache
        self._claim_files = claim_files
        self._page = ""
        self._kept: dict[tuple[str, str, str], tuple[int, str]] = {}
        self._now: dict[tuple[str, str, str], tuple[int, str]] = {}
        if cache is not None:
            cache.builds += 1
            for name in cache.changed or ():
                cache.changed_in[name] = cache.builds

    def start(self, page: str) -> None:
        self._page = page
        self._kept = self._cache.entry_texts.get(page, {}) if self._cache is not None else {}
        self._now = {}

    def finish(self) -> None:
        """The page is rendered: its entries now are what is kept of it."""
        if self._cache is None:
            return
        if self._now:
            self._cache.entry_texts[self._page] = self._now
        else:  # most pages have none
            self._cache.entry_texts.pop(self._page, None)

    def __call__(self, what: str, kind: str, ref: str, caller: Callable[[], str]) -> str:
        """The Markdown `caller` gives for the record of `kind` and `ref` on this page, shown as
        `what` ("entry" on the timeline, "row" in a list of claims)."""
        if self._cache is None:
            return caller()
        key = (what, kind, ref)
        kept = self._kept.get(key)
        if kept is not None and self._unchanged_since(kept[0], kind, ref):
            self._now[key] = kept
            self._cache.entries_reused += 1
            return kept[1]
        text = str(caller())
        self._now[key] = (self._cache.builds, text)
        return text

    def _unchanged_since(self, build: int, kind: str, ref: str) -> bool:
        assert self._cache is not None
        changed_in = self._cache.changed_in
        files = timeline_entry_files(self._site, kind, ref, self._claim_files)
        return all(changed_in.get(name, 0) <= build for name in files)
