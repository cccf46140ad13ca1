"""Work kept between builds of one site, so `mkdocs serve` redoes only what an edit touched.

A build starts by listing every file under `content/` and `seeds/` with its modification time
and size; the files that differ from the previous build's listing are what changed. Under serve
on Linux only the files the system's file events reported are looked at (`reported`). What
changed counts until a build has made every file: one stopped by a content error renders
nothing, and the next renders what changed in both. Loading
reuses the record of every unchanged file, linking reuses article indexes by their text, and
rendering re-renders only the pages an edit can have changed:

- every page that showed a changed file last time (`dependencies.page_files`, kept per page);
- the own page of every record that a changed record now refers to (a contradiction that now
  names a claim changes that claim's page, a claim with a new claimant that entity's page, a
  claim citing an article that article's page and its outlet's);
- an index page whose rows, neighbours or site-wide counts changed, a timeline page whose
  rows or neighbours changed (its filters offer what its rows carry), either whose rows now
  show a file they did not (`render._listed`), and new pages;
- the home, timeline, methodology and guide pages, every time (they show the whole site).

The parts of data files and of the search index are kept the same way (`Parts`), each file's
list of them copied whole from the last build when its records are the same; the search
index keeps its postings and re-weighs only the documents that changed (`site/search.py`);
compiled templates, quote lookups and date phrases are kept too.

An edit of entities.yml counts as a change of each entity it changed (`split`): a page shows the
entities it names, not the whole file. Everything is re-rendered when a file every page shows
changes (site.yml, a template) or the addresses move (paging, the URL style). Over-rendering is
harmless (a page rendered again to the same text is not rewritten); leaving a page out would
serve it stale, which `tests/test_incremental.py` guards against edit by edit.
"""

from __future__ import annotations

import hashlib
import operator
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .content.text import ArticleText, index_article
from .resources import CompiledTemplates

if TYPE_CHECKING:
    from .site.kept_parts import Codec, KeptParts
    from .site.search import SearchIndex

T = TypeVar("T")
X = TypeVar("X")
Stat = tuple[int, int]  # (mtime in ns, size)


@dataclass(frozen=True, slots=True, eq=False)
class MadeFrom:
    """What a kept result was made from: objects compared by identity (a BuildCache hands back
    the same object for an unchanged file, and assembling the same orderings for an edit that
    leaves them), values by equality. The result is kept while `same` holds."""

    objects: tuple[object, ...]
    values: tuple[object, ...]

    def same(self, other: MadeFrom) -> bool:
        return same_objects(self.objects, other.objects) and self.values == other.values


def same_objects(before: Sequence[object], now: Sequence[object]) -> bool:
    """The same objects in the same order: what an edit left alone, without comparing values."""
    return len(before) == len(now) and all(map(operator.is_, before, now))


Kept = dict[str, tuple[MadeFrom, Any]]


def kept(store: Kept | None, name: str, made_from: MadeFrom, make: Callable[[], T]) -> T:
    """`make()`, or the value of that name in `store` (under serve, the last build's) while
    what it was made from is the same; `store` then holds this build's. Without a store (a
    one-off build), `make()`."""
    if store is None:
        return make()
    known = store.get(name)
    if known is not None and known[0].same(made_from):
        return cast(T, known[1])
    value = make()
    store[name] = (made_from, value)
    return value


# The folders whose files are content; their listing decides what changed.
SCANNED = ("content", "seeds")
_SCANNED_PREFIXES = tuple(f"{folder}/" for folder in SCANNED)


class BuildCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: dict[tuple[str, str], ArticleText] = {}
        # The listing of the previous build and of this one: relative path -> Stat.
        self._listed: dict[str, Stat] | None = None
        self._listing: dict[str, Stat] = {}
        # Under serve on Linux, the files the system's file events reported changed since the
        # last build, relative to the root (`plugin/watch.py`); None from it, or no `reported`,
        # and every file is listed.
        self.reported: Callable[[], set[str] | None] | None = None
        # Relative paths added, removed or modified since the previous build; None on the
        # first build (everything is new).
        self.changed: frozenset[str] | None = None
        # Values made from files, by name: (the Stats of those files, the value).
        self._made: dict[str, tuple[tuple[Stat | None, ...], Any]] = {}
        self._made_now: set[str] = set()
        # Each record file's (Stat, (record, problems)) by name, by folder (content/load.py).
        self.folder_records: dict[str, dict[str, tuple[Stat | None, Any]]] = {}
        # Each folder's records and problems, in order, as the last build loaded them.
        self.folder_loads: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        # What changed since the last build that made every file (`start_build`).
        self._unfinished: set[str] = set()
        # The records of a file of many (`split`): each one's value by its name, by file, as
        # the last build saw them; those changed since the last build that made every file.
        self._split: dict[str, dict[str, object]] = {}
        self._unfinished_records: set[str] = set()
        # Template and override files: their digests make part of the key of every page.
        self._digests: dict[Path, tuple[int, int, str]] = {}
        # Rendered pages: text, the files each showed (None: a page rendered every time) and
        # the pages showing each file; the key of what every page shows.
        self.pages: dict[str, Any] = {}
        self.page_files: dict[str, frozenset[str] | None] = {}
        self.file_pages: dict[str, set[str]] = {}
        # The names kept in each group ("" for pages, "part:<group>:" for parts), so a build
        # forgets a group's unused names without walking every other group's.
        self._groups: dict[str, set[str]] = {}
        self.common_key: str | None = None
        # Each list of parts by its name ("part:<group>:<list>"): its parts' names in order, their
        # values, each name's place and the items they were made from (`Parts.each`).
        self.part_lists: dict[
            str, tuple[list[str], tuple[Any, ...], dict[str, int], tuple[Any, ...]]
        ] = {}
        # Each group's lists asked for in the last build, and whether it asked for nothing else.
        self.part_groups: dict[str, tuple[frozenset[str], bool]] = {}
        # What an index or timeline page lists besides its files (render._listed).
        self.shapes: dict[str, object] = {}
        # The Markdown of each timeline entry and claim row by page, then by what it is, kind
        # and id, with the number of the build that rendered it; the number of the last build,
        # and of the last build in which each file changed (site/kept_entries.py).
        self.entry_texts: dict[str, dict[tuple[str, str, str], tuple[int, str]]] = {}
        self.builds = 0
        self.changed_in: dict[str, int] = {}
        self.entries_reused = 0  # since the cache was made, as `rendered` counts pages
        # Share images by claim id: the key of what each shows (share_images.Card.key), the PNG.
        self.images: dict[str, tuple[str, bytes]] = {}
        # Each claim's and event's linking, by kind and id: (its record, what else linking
        # read, the result, its problems, its citations); those of the build in progress; what
        # else linking read, for claims and for events (content/resolve.py, `_Linker.reused`).
        self.links: dict[str, dict[str, tuple[Any, ...]]] = {}
        self.links_now: dict[str, dict[str, tuple[Any, ...]]] = {}
        self.link_worlds: dict[str, MadeFrom] = {}
        # Each kind's whole linking, while none of its records changed (`LinkRun`).
        self.link_runs: dict[str, Any] = {}
        # Each claim and event with its references, by kind and id: (the linked record, its
        # references, the record with them); and what each kind's were made from
        # (content/resolve.py, `_References`).
        self.referenced: dict[str, dict[str, tuple[Any, tuple[Any, ...], Any]]] = {}
        self.referenced_inputs: dict[str, MadeFrom] = {}
        # What each entity is credited with, and the claims and events it was made from
        # (content/resolve.py, `_own`).
        self.own: tuple[MadeFrom, Any] | None = None
        # The last layout, and what it was made from (pipeline.py, `_layout`).
        self.layout: tuple[MadeFrom, Any] | None = None
        # Its pieces, each with what it was made from (site/layout.py).
        self.layout_pieces: Kept = {}
        # Values pages and data files are made from, such as the verdicts in feed order or
        # the timeline's filters, each with what it was made from (site/exports.py, render.py).
        self.derived: Kept = {}
        # The last layout's timeline parts, and which part shows each entry (site/render.py).
        self.timeline_addresses: tuple[Any, str] | None = None
        # The citations each contradiction made, and the last site assembled with what it was
        # assembled from (content/reassembly.py).
        self.contradiction_citations: dict[str, list[Any]] = {}
        self.assembled: Any = None
        # Compiled templates, and the search index's postings and files (site/search.py).
        self.compiled = CompiledTemplates()
        # Each kind's checking, by kind (content/validate.py, `check_content`).
        self.checked: dict[str, Any] = {}
        self.search: SearchIndex | None = None
        self.reused = 0
        self.rendered = 0

    # --- the listing --------------------------------------------------------------------------

    def start_build(self) -> None:
        self._made_now = set()
        reported = self.reported() if self.reported is not None else None
        if reported is not None and self._listed is not None:
            changed: frozenset[str] | None = self._look_again(reported)
        else:
            changed = self._list_again()
        # What changed since the last build that went to its end counts as changed until one
        # does: a build stopped by a content error renders nothing, and the next one must
        # render what the editor changed meanwhile, not only the file that was fixed.
        if changed is not None:
            changed |= self._unfinished
        self.changed = changed
        self._unfinished = set(changed or ())

    def finish_build(self) -> None:
        """Every file of this build has been made: what changed is up to date."""
        self._unfinished = set()
        self._unfinished_records = set()

    def split(self, path: str, records: Mapping[str, object]) -> None:
        """Count the records of the file at `path` whose value differs from the last build's as
        changed, each by its own name: pages that show one entity name `entities.yml#<id>`
        among their files, so an edit of entities.yml makes again only the pages showing the
        entities it changed. A record changed counts until a build makes every file, as a file
        does."""
        before = self._split.get(path)
        self._split[path] = dict(records)
        if self.changed is None or path not in self.changed:
            return
        if before is None:
            # No build has seen the records: every one may differ from the pages kept.
            found = set(records)
        else:
            found = {
                name
                for name in before.keys() | records.keys()
                if name not in before or name not in records or before[name] != records[name]
            }
        self._unfinished_records |= found
        self.changed = self.changed | self._unfinished_records

    def _list_again(self) -> frozenset[str] | None:
        """Every file listed; those that changed (None on the first build)."""
        listing: dict[str, Stat] = {}
        for folder in SCANNED:
            base = self.root / folder
            _list_files(str(base), f"{folder}/", listing)
        previous = self._listed
        self._listed = self._listing = listing
        if previous is None:
            return None
        return frozenset(
            path
            for path in listing.keys() | previous.keys()
            if listing.get(path) != previous.get(path)
        )

    def _look_again(self, paths: Iterable[str]) -> frozenset[str]:
        """The listing brought up to date for `paths` only; those that changed."""
        listing, changed = self._listing, set()
        for relative in paths:
            if not relative.startswith(_SCANNED_PREFIXES):
                continue
            now = _file_stat(os.path.join(self.root, relative))
            if now != listing.get(relative):
                changed.add(relative)
                if now is None:
                    del listing[relative]
                else:
                    listing[relative] = now
        return frozenset(changed)

    def stat(self, relative: str) -> Stat | None:
        """A file's Stat as listed at the start of this build (None: not there then)."""
        found = self._listing.get(relative)
        if found is None and not relative.startswith(_SCANNED_PREFIXES):
            try:
                stat = (self.root / relative).stat()
            except OSError:
                return None
            return (stat.st_mtime_ns, stat.st_size)
        return found

    def made(self, name: str, files: Iterable[str], produce: Callable[[], T]) -> T:
        """The value `produce()` made from `files` (paths relative to the root), reused while
        none of them changed. Values not asked for in a build are forgotten after it."""
        stats = tuple(map(self.stat, files))
        self._made_now.add(name)
        known = self._made.get(name)
        if known is not None and known[0] == stats and None not in stats:
            return cast(T, known[1])
        value = produce()
        self._made[name] = (stats, value)
        return value

    def finish_loading(self) -> None:
        self._made = {k: v for k, v in self._made.items() if k in self._made_now}

    # --- article indexes ----------------------------------------------------------------------

    def article_text(self, text: str, language: str) -> ArticleText:
        key = (language, text)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = index_article(text, language)
        return found

    def forget_texts_except(self, keep: Iterable[tuple[str, str]]) -> None:
        wanted = set(keep)
        self._texts = {k: v for k, v in self._texts.items() if k in wanted}

    # --- pages --------------------------------------------------------------------------------

    def digest(self, path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return "-"
        known = self._digests.get(path)
        if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        try:
            value = hashlib.sha1(path.read_bytes(), usedforsecurity=False).hexdigest()
        except OSError:
            return "-"
        self._digests[path] = (stat.st_mtime_ns, stat.st_size, value)
        return value

    def key(self, files: Iterable[str], *extra: str) -> str:
        hasher = hashlib.sha1(usedforsecurity=False)
        for part in extra:
            hasher.update(part.encode())
            hasher.update(b"\0")
        for name in sorted(set(files)):
            hasher.update(name.encode())
            hasher.update(b"=")
            hasher.update(self.digest(self.root / name).encode())
            hasher.update(b"\0")
        return hasher.hexdigest()

    def folder_key(self, folders: Iterable[Path | None]) -> str:
        """A key for every file under the template folders (an override changes every page)."""
        hasher = hashlib.sha1(usedforsecurity=False)
        for folder in folders:
            if folder is None or not folder.is_dir():
                continue
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                hasher.update(str(path).encode())
                hasher.update(self.digest(path).encode())
        return hasher.hexdigest()

    def remember_page(
        self, path: str, text: Any, files: frozenset[str] | None, *, counted: bool = True
    ) -> None:
        """Keep a page (or any part of the output, by a name of its own) and the files it
        showed (None: everything, made again on every build)."""
        before, now = self.page_files.get(path) or frozenset(), files or frozenset()
        # Only the files it no longer or newly shows: a page rendered again mostly shows the
        # same few hundred (a timeline part's entries' files).
        for name in before - now:
            showing = self.file_pages.get(name)
            if showing is not None:
                showing.discard(path)
        if path not in self.pages:
            self._groups.setdefault(_group(path), set()).add(path)
        self.pages[path] = text
        self.page_files[path] = files
        for name in now - before:
            self.file_pages.setdefault(name, set()).add(path)
        if counted:
            self.rendered += 1

    def pages_showing(self, files: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for name in files:
            found |= self.file_pages.get(name, set())
        return found

    def keep_pages(self, paths: Iterable[str], group: str = "") -> None:
        """Forget the pages of `group` ("" for pages, a `Parts` prefix) not among `paths`."""
        kept = self._groups.get(group)
        if not kept:
            return
        for path in kept - set(paths):
            self.remember_page(path, "", None, counted=False)
            del self.pages[path], self.page_files[path]
            self.shapes.pop(path, None)
            self.entry_texts.pop(path, None)
            kept.discard(path)

    def forget_pages(self) -> None:
        self.pages, self.page_files, self.file_pages = {}, {}, {}
        self.shapes, self._groups = {}, {}
        self.part_lists, self.part_groups = {}, {}
        self.entry_texts = {}


def _list_files(folder: str, prefix: str, into: dict[str, Stat]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _list_files(entry.path, f"{prefix}{entry.name}/", into)
            elif entry.is_file():
                stat = entry.stat()
                into[prefix + entry.name] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue


def _file_stat(path: str) -> Stat | None:
    """A file's Stat as `_list_files` lists it; None when it is not a file (or not there)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size) if stat.S_ISREG(found.st_mode) else None


PART = "part:"


def _group(name: str) -> str:
    """The group a kept name belongs to: "" for a page, "part:<group>:" for a part."""
    return name[: name.index(":", len(PART)) + 1] if name.startswith(PART) else ""


class Parts:
    """Pieces of the output smaller than a page (each record's part of a data file or of the
    search index), kept in the `BuildCache` like pages, under names "part:<group>:<name>", and
    made again when one of the files each shows changed. Without a cache, each is made, or
    taken back from the last one-off build by its key (`kept`, site/kept_parts.py), written
    and read with `codec`."""

    def __init__(
        self,
        cache: BuildCache | None,
        group: str,
        kept: KeptParts | None = None,
        codec: Codec | None = None,
    ) -> None:
        self.cache = cache
        self.kept = kept if cache is None else None
        self.codec = codec
        self.prefix = f"{PART}{group}:"
        self.again: set[str] | None = None
        if cache is not None and cache.changed is not None:
            self.again = cache.pages_showing(cache.changed)
        self.used: list[str] = []
        # The lists asked for (`each`), and those copied from the last build whole.
        self.titles: set[str] = set()
        self.copied: list[list[str]] = []

    def get(self, name: str, files: Callable[[], AbstractSet[str]], produce: Callable[[], T]) -> T:
        cache = self.cache
        if cache is None:
            return produce()
        name = f"{self.prefix}{name}"
        self.used.append(name)
        if self.again is not None and name not in self.again and name in cache.pages:
            return cast(T, cache.pages[name])
        value = produce()
        cache.remember_page(name, value, frozenset(files()), counted=False)
        return value

    def derived(self, name: str, made_from: MadeFrom, produce: Callable[[], T]) -> T:
        """A value several parts are made from, such as the verdicts in feed order: the last
        build's while what it was made from is the same (`kept`)."""
        store = None if self.cache is None else self.cache.derived
        return kept(store, f"{self.prefix}{name}", made_from, produce)

    def each(
        self,
        title: str,
        items: Sequence[X],
        name: Callable[[X], str],
        files: Callable[[X], AbstractSet[str]],
        produce: Callable[[X], T],
    ) -> list[T]:
        """The part of each item, in order, as `get` makes each. When the items have the same
        names in the same order as in the last build, the last build's list is copied and only
        the parts showing a changed file are made again: at 50,000 claims, asking for each
        part in turn took most of a second per data file."""
        cache = self.cache
        if cache is None:
            if self.kept is not None:
                title = f"{self.prefix}{title}"
                codec = self.codec
                if codec is None:
                    return self.kept.each(title, items, name, files, produce)
                return self.kept.each(title, items, name, files, produce, codec)
            return [produce(item) for item in items]
        title = f"{self.prefix}{title}"
        self.titles.add(title)
        kept = cache.part_lists.get(title)
        if kept is not None and self.again is not None and same_objects(kept[3], items):
            # The same items: a name is made from its item alone. Naming 50,000 claims again
            # for each of a dozen lists took a tenth of a rename at that size.
            names = kept[0]
        else:
            names = [f"{self.prefix}{name(item)}" for item in items]
        if self.again is None or kept is None or (kept[0] is not names and kept[0] != names):
            values = [
                self.get(
                    part[len(self.prefix) :],
                    lambda item=item: files(item),  # type: ignore[misc]
                    lambda item=item: produce(item),  # type: ignore[misc]
                )
                for part, item in zip(names, items, strict=True)
            ]
            places = {part: place for place, part in enumerate(names)}
            if len(places) == len(names):  # a name twice: each is asked for, as by `get`
                cache.part_lists[title] = (names, tuple(values), places, tuple(items))
            return values
        # Kept as a tuple: the caller may extend the list it gets.
        _, before, places, _ = kept
        values = list(before)
        for part in self.again:
            place = places.get(part)
            if place is not None:
                item = items[place]
                values[place] = value = produce(item)
                cache.remember_page(part, value, frozenset(files(item)), counted=False)
        cache.part_lists[title] = (names, tuple(values), places, tuple(items))
        self.copied.append(names)
        return values

    def done(self) -> None:
        """Forget the group's parts (and lists) this build did not ask for."""
        cache = self.cache
        if cache is None:
            return
        before = cache.part_groups.get(self.prefix)
        cache.part_groups[self.prefix] = (frozenset(self.titles), not self.used)
        for title in [t for t in cache.part_lists if t.startswith(self.prefix)]:
            if title not in self.titles:
                del cache.part_lists[title]
        # Every part asked for came from a list copied whole, and the last build asked for the
        # same lists and nothing else: the parts kept are the ones asked for.
        if not self.used and before == (frozenset(self.titles), True):
            return
        used = list(self.used)
        for names in self.copied:
            used.extend(names)
        cache.keep_pages(used, self.prefix)
