"""What each record's page is made from, as one key, so a one-off build can keep the page its
last build wrote.

`page_keys(site, layout, keys)` gives, for the page of every claim, contradiction, article and
entity, the SHA-256 of (`Keys`, which keys the parts of data files the same way):

- what every page is made from (`common_key`): factdesk's own code, templates and catalogues,
  the versions of the libraries that render and escape, the YAML reader, the desk's template
  overrides, its site.yml, and the URL style and paging;
- the page's path;
- every content and seed file the page shows, by the digest of its text as the check read it
  (`kept_records.FileRead`), or of its bytes when the check noted none (`dependencies.page_files`:
  its own record's file and those of the records it names or that name it; an entity's part of
  entities.yml by its value), so a record that comes to name the page, or stops naming it,
  changes the key as an edit of a shown file does;
- the timeline page of every event it links to, by a record or by an anchor in an editor's
  Markdown (an event's link goes to the part of the timeline that shows it, which a record
  added elsewhere can move).

Two builds that give a page the same key render it to the same text: that is the rule the
serve cache already follows within one process (`incremental.py`), with file contents in place
of modification times and the code in the key, so it also holds between processes and machines.
A page of an index or of a paged timeline is keyed the same way by the files its rows show,
with what it shows besides them (which rows, the pages beside it, the site's counts:
`render.listed_pages`, the rule serve reuses such a page by). The home, timeline overview,
methodology and guide pages are rendered every time. A page whose files cannot all be read
inside the desk gets no key, and is rendered.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import cast

from ..content import yamlsrc
from ..content.kept_records import FileRead
from ..content.linked import Site
from ..content.models import EVENT_ANCHOR
from ..resources import TEMPLATES
from .dependencies import entities_shown, page_files
from .interface import LOCALES
from .layout import Layout
from .render import listed_pages

# The kinds whose pages are kept: one per record, most of a large desk's pages.
KEPT_KINDS = ("claim", "contradiction", "article", "entity")

SITE_FILE = "content/site.yml"

# Libraries whose release can change a page's Markdown: the template engine and its escaping,
# YAML's reading of scalars, the words and dates in the site's language.
_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "babel", "python-dateutil", "markdown")

_PACKAGE = Path(__file__).resolve().parent.parent


def page_keys(
    site: Site, layout: Layout, keys: Keys, only: AbstractSet[str] | None = None
) -> dict[str, str]:
    """The key of every record's page, or of those in `only`, by its path in the docs tree
    (see the module's docstring); a page with a file that cannot be read is left out."""
    found: dict[str, str] = {}
    for kind, records in (
        ("claim", site.claims),
        ("contradiction", site.contradictions),
        ("article", site.articles),
        ("entity", site.entities),
    ):
        for ref in records:
            path = layout.path(kind, ref)
            if only is not None and path not in only:
                continue
            key = record_page_key(site, keys, kind, ref, path)
            if key is not None:
                found[path] = key
    for path, shape, rows in listed_pages(site, layout, only, keys.claims):
        key = keys.of(path, sorted(rows), shape)
        if key is not None:
            found[path] = key
    return found


def record_page_key(site: Site, keys: Keys, kind: str, ref: str, path: str) -> str | None:
    """The key of the page at `path` of the record `ref` of `kind` (one of KEPT_KINDS); None
    when a file it shows cannot be read."""
    files = page_files(site, kind, ref, keys.claims)
    return None if files is None else keys.of(path, sorted(files))


class Keys:
    """The keys of one build: what every page is made from (`common_key`), and each file's
    part of a key, made once (`_FileParts`). Pages are keyed by their path; the parts of data
    files and of the search index (`kept_parts.py`) by a name no path has."""

    def __init__(
        self,
        site: Site,
        layout: Layout,
        root: Path,
        overrides: Path | None = None,
        read: Mapping[str, FileRead] | None = None,
    ) -> None:
        self.common = common_key(root, overrides, layout)
        digests = _FileDigests(root, entities_shown(site), read or {})
        events_in: dict[str, list[str]] = {}
        for event_id, event in site.events.items():
            events_in.setdefault(event.record.at.path, []).append(event_id)
        self._shown = _FileParts(digests, events_in, layout)
        self._sets: dict[frozenset[str], object] = {}
        # The files each claim shows, found once a process for its pages, the rows that list
        # it and the parts of the data files and search index that show it: each of those
        # worked them out again for itself (`dependencies.listing_files`).
        self.claims: dict[str, set[str]] = {}

    def of(self, name: str, files: Iterable[str], shape: str = "") -> str | None:
        """The key of what `name` is made from: every page's common part, the files it shows
        (in order) and `shape`; None when one of the files cannot be read."""
        # NUL cannot occur in a path, an id or a hex digest, and `shape` comes last: the parts
        # cannot run into each other.
        known = self._shown.parts
        try:
            # Each file's part is made once and then looked up: an index page shows hundreds.
            shown = [known[file] for file in files]
        except KeyError:
            shown = [self._shown.part(file) for file in files]
        if None in shown:
            return None
        parts = [self.common, name, *cast(list[str], shown), shape]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def of_part(self, name: str, files: frozenset[str]) -> str | None:
        """The key of a part of a data file, `of` with the files in their order; what the
        files give is worked out once a set of files (a claim's is the same in five files)."""
        shown = self._sets.get(files, _MISSING)
        if shown is _MISSING:
            shown = self._sets[files] = self.of("", sorted(files))
        if shown is None:
            return None
        return hashlib.sha256(f"{name}\0{shown}".encode()).hexdigest()


class _FileParts:
    """What a page's key takes from each file it shows, made once a file: its name and digest,
    and the timeline page of each event it holds or links by anchor. An index page shows the
    files of fifty rows, most of them shown by other pages too: putting each file's part
    together again for every page took a third of the keys at 10,000 claims."""

    def __init__(
        self, digests: _FileDigests, events_in: Mapping[str, list[str]], layout: Layout
    ) -> None:
        self._digests = digests
        self._events_in = events_in
        self._layout = layout
        self.parts: dict[str, str | None] = {}

    def part(self, name: str) -> str | None:
        if name in self.parts:
            return self.parts[name]
        digest = self._digests.of(name)
        part = None
        if digest is not None:
            pieces = [name, digest]
            for event_id in self._events_in.get(name, ()):
                pieces += (f"event {event_id}", self._layout.path("event", event_id))
            for event_id in self._digests.anchors.get(name, ()):
                pieces += (f"anchor {event_id}", self._layout.event_pages.get(event_id, "-"))
            part = "\0".join(pieces)
        self.parts[name] = part
        return part


def common_key(root: Path, overrides: Path | None, layout: Layout) -> str:
    """What every page is made from (see the module's docstring)."""
    hasher = hashlib.sha256()
    _add(hasher, "code", code_digest())
    _add(hasher, "overrides", _folder_digest(root, overrides) if overrides is not None else "-")
    _add(hasher, SITE_FILE, _file_digest(root, SITE_FILE) or "-")
    _add(
        hasher,
        "layout",
        f"page_size={layout.page_size} paged={layout.paged_timeline} "
        f"directory_urls={layout.directory_urls}",
    )
    return hasher.hexdigest()


@cache
def code_digest() -> str:
    """factdesk's code, templates and catalogues, the Python and library versions, and which
    YAML reader PyYAML offers (built with libyaml or not): read once per process (a release or
    an edit of the checkout changes it)."""
    hasher = hashlib.sha256()
    _add(hasher, "python", sys.version)
    _add(hasher, "yaml reader", yamlsrc.LOADER)
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        _add(hasher, name, version)
    for folder in (_PACKAGE, TEMPLATES, LOCALES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                _add(hasher, str(path.relative_to(folder)), _bytes_digest(path))
    return hasher.hexdigest()


def _folder_digest(root: Path, folder: Path) -> str:
    """Every file of the desk's template overrides (an override changes every page); a folder
    outside the desk is refused before any build, and gives no digest here."""
    hasher = hashlib.sha256()
    if folder.is_dir() and folder.resolve().is_relative_to(root.resolve()):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                _add(hasher, path.relative_to(folder).as_posix(), _bytes_digest(path))
    return hasher.hexdigest()


class _FileDigests:
    """The digest of each file a page shows, read once per build: a content or seed file by
    its bytes, an entity's part of entities.yml by its value; and the events a content file
    links by anchor (`render.escape_block`)."""

    def __init__(
        self, root: Path, entities: Mapping[str, object], read: Mapping[str, FileRead]
    ) -> None:
        self.root = root
        self.entities = entities
        self.read = read
        self.known: dict[str, str | None] = {}
        self.anchors: dict[str, list[str]] = {}

    def of(self, name: str) -> str | None:
        if name in self.known:
            return self.known[name]
        value: object = self.entities.get(name, _MISSING)
        read = self.read.get(name)
        if read is not None:
            # What the check read, by its text: reading and hashing every file again took a
            # third of the keys at 10,000 claims, and a file saved since is the next build's.
            digest: str | None = read.digest
            if read.anchors:
                self.anchors[name] = list(read.anchors)
        elif value is not _MISSING:
            # Frozen dataclasses, tuples and strings: their repr is their value.
            digest = hashlib.sha256(repr(value).encode()).hexdigest()
        else:
            data = _file_bytes(self.root, name)
            digest = None if data is None else hashlib.sha256(data).hexdigest()
            if data is not None and b"#event-" in data:
                # Every id after the anchor's start, in any field: more than the links, never
                # fewer (a YAML escape inside an anchor would hide it, and with it the move
                # of the event it names: MkDocs' anchor check then reports the stale link).
                self.anchors[name] = sorted({m.decode() for m in _EVENT_ANCHOR_BYTES.findall(data)})
        self.known[name] = digest
        return digest


_MISSING = object()


def _file_digest(root: Path, name: str) -> str | None:
    data = _file_bytes(root, name)
    return None if data is None else hashlib.sha256(data).hexdigest()


def _file_bytes(root: Path, name: str) -> bytes | None:
    """A file the loader read, by its path relative to the desk. Every such path was checked
    to stay inside the desk as it was read (`content/boundary.py`; checking it again for each
    of 20,000 files took longer than hashing them); a name of any other shape gives none."""
    if not name.startswith(_READ) or "/../" in name or name.endswith("/.."):
        return None
    try:
        with open(os.path.join(root, name), "rb") as handle:
            return handle.read()
    except OSError:
        return None


_EVENT_ANCHOR_BYTES = re.compile(EVENT_ANCHOR.pattern.encode())


# The folders whose files records are read from (site.yml included).
_READ = ("content/", "seeds/")


def _bytes_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add(hasher: hashlib._Hash, name: str, value: str) -> None:
    # Lengths first: no two different lists of parts hash the same bytes.
    for part in (name, value):
        data = part.encode()
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
