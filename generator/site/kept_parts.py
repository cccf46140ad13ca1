"""The parts of data files and of the search index a one-off build made, kept for the next one.

The data files and the search index are made of one part per record (a claim's ClaimReview,
its timeline slide, its CSV and JSON rows, its search document: `incremental.Parts`). Serve
keeps them in memory and makes again only those whose files changed; a one-off build made all
of them, about two and a half seconds at 10,000 claims after a one-claim change, while the
pages it keeps took none. Here each part is kept on disk under the key of what it is made from,
as a page is (`page_keys.Keys`: factdesk's code, site.yml, the layout, the bytes of every file
the part shows), and the next one-off build takes back each part whose key is the same.

One file per group of parts (`parts-export.bin`, `parts-search.bin`) beside the page folder: a
line naming the format, then for each part a line with its key and length and the part's bytes.
The file is read through a memory map, so a 50,000-claim desk's parts (hundreds of MB) are not
held twice, and the parts made now are written to its replacement as they come. Each group is
made in one process (the search index in a forked copy: `pipeline._shared`), which writes its
own file.

Like the page folder (`plugin/kept_pages.py`), the files may come from a cache CI restored, so
a random few of the parts that would be taken back are made all the same and compared; one
that differs (`differing`) means the file cannot be trusted, and every part of the group is
made. A part that is taken back is what its file says, not proof of it: only trusted builds
should save the folder (SECURITY.md).
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import random
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import IO, Any, TypeVar

from .page_keys import Keys
from .write import append_file

_FORMAT = b"factdesk parts 1\n"
_ENTRY = re.compile(rb"([0-9a-f]{64}) ([0-9]{1,12})\n")

T = TypeVar("T")
X = TypeVar("X")

# How a part is written and read back: the identity for the data files' parts, which are bytes.
Codec = tuple[Callable[[Any], bytes], Callable[[bytes], Any]]
BYTES: Codec = (lambda part: part, bytes)


def file_name(group: str) -> str:
    return f"parts-{group}.bin"


# Which file was read (device, inode, size, modification time), and where each of its parts
# lies in it, by key.
Found = tuple[tuple[int, int, int, int], dict[str, tuple[int, int]]]


def found_parts(listing: Path) -> Found | None:
    """Where the parts of `listing` lie (`KeptParts.open`'s `found`), for a build that finds
    them in another process first; None when it cannot be read or is a link."""
    mapped = _mapped(listing)
    if mapped is None:
        return None
    data, identity = mapped
    with data:
        return identity, _entries(data)


def _mapped(listing: Path) -> tuple[mmap.mmap, tuple[int, int, int, int]] | None:
    """The file mapped, and which file it is (device, inode, size, modification time); None
    when it cannot be read, holds no part, or is a link (nothing outside the desk is read)."""
    with contextlib.suppress(OSError, ValueError):
        if not listing.is_symlink() and listing.is_file():
            with open(listing, "rb") as handle:
                info = os.fstat(handle.fileno())
                if info.st_size > len(_FORMAT):
                    data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                    return data, (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    return None


class KeptParts:
    """One group's parts kept by the last build (`open`), and this build's as they are made."""

    def __init__(self, listing: Path, keys: Keys, found: Found | None = None) -> None:
        self.listing = listing
        self.keys = keys
        self._found = found
        self._before: dict[str, tuple[int, int]] = {}
        self._map: mmap.mmap | None = None
        self._read_done = False
        self._out: IO[bytes] | None = None
        self._written: set[str] = set()
        # Where each part taken back (or made and found the same) lies in the file read, and
        # the bytes of the file's entries this build uses (`close`).
        self._places: list[tuple[str, int, int]] = []
        self._used = 0
        # The file the parts made now go to, while it is being written.
        self._temporary: Path | None = None
        self.kept = 0
        self.made = 0
        self.differing: list[str] = []
        # Why the parts made now could not be kept for the next build, if they could not.
        self.unsaved: str | None = None

    @classmethod
    def open(cls, listing: Path, keys: Keys, found: Found | None = None) -> KeptParts:
        """The parts `listing` holds, read when first asked for (`each`); none when it cannot
        be read, is not such a file, or is a link (nothing outside the desk is read). `found`:
        where its parts lie, as `found_parts` found them in the same file."""
        kept = cls(listing, keys, found)
        # What a build stopped while writing left (a copy killed, a template that failed).
        for stale in listing.parent.glob(f".{listing.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        return kept

    def _read(self) -> None:
        """Map the file and find its parts, in the process that takes them back: the search
        index's in a forked copy. Finding the 77,000 parts of a 10,000-claim desk took a tenth
        of a second the build spent before it forked, with a core waiting."""
        self._read_done = True
        found, self._found = self._found, None
        mapped = _mapped(self.listing)
        if mapped is None:
            return
        self._map, identity = mapped
        # Found in the same file by another process (`found_parts`), or found here.
        if found is not None and found[0] == identity:
            self._before = found[1]
        else:
            self._before = _entries(self._map)

    def each(
        self,
        title: str,
        items: Sequence[X],
        name: Callable[[X], str],
        files: Callable[[X], AbstractSet[str]],
        produce: Callable[[X], T],
        codec: Codec = BYTES,
    ) -> list[T]:
        """The part of each item, in order: the kept one where its key is the same, else made
        (`produce`); a random few of the kept ones are made all the same and compared."""
        if not self._read_done:
            self._read()
        encode, decode = codec
        keys = [
            self.keys.of_part(f"{title}\0{name(item)}", frozenset(files(item))) for item in items
        ]
        places = [self._before.get(key) if key is not None else None for key in keys]
        kept = [number for number, place in enumerate(places) if place is not None]
        values: dict[int, T] = {}
        for number in random.sample(kept, min(len(kept), _sample(len(kept)))):
            values[number] = produce(items[number])
            if encode(values[number]) != self._bytes(places[number]):
                self.differing.append(f"{title}: {name(items[number])}")
        if self.differing:
            self._before, places = {}, [None] * len(items)
        made: list[T] = []
        for number, (item, key, place) in enumerate(zip(items, keys, places, strict=True)):
            # A part that did not read back stops the taking back, as a difference does.
            if place is not None and number not in values and not self.differing:
                data = self._bytes(place)
                try:
                    value = decode(data)
                except ValueError:
                    self.differing.append(f"{title}: {name(item)}")
                    value = produce(item)
                    data = encode(value)
                else:
                    self.kept += 1
            else:
                value = values[number] if number in values else produce(item)
                data = encode(value)
                self.made += 1
            if key is None:
                pass
            elif place is not None and not self.differing:
                # The file read holds these bytes under this key already.
                self._keep(key, place)
            else:
                self._write(key, data)
            made.append(value)
        return made

    def _bytes(self, place: tuple[int, int] | None) -> bytes:
        assert place is not None and self._map is not None
        start, length = place
        return self._map[start : start + length]

    def _keep(self, key: str, place: tuple[int, int]) -> None:
        if key in self._written:
            return
        self._written.add(key)
        self._places.append((key, *place))
        self._used += _entry_size(key, place[1])

    def _write(self, key: str, data: bytes) -> None:
        """A part made now, to a file of its own (`close` puts it in place)."""
        if self.unsaved is not None or key in self._written:
            return
        try:
            if self._out is None:
                # Named by the process that writes it: a forked copy's, or this one's.
                temporary = self.listing.with_name(f".{self.listing.name}.{os.getpid()}.tmp")
                self._temporary = temporary
                self.listing.parent.mkdir(parents=True, exist_ok=True)
                self._out = open(temporary, "wb")  # noqa: SIM115 (closed by `close`)
                self._out.write(_FORMAT)
            self._out.write(b"%s %d\n" % (key.encode(), len(data)))
            self._out.write(data)
            self._out.write(b"\n")
        except OSError as problem:
            self.unsaved = f"{self.listing}: {problem.strerror or problem}"
            self._discard()
        self._written.add(key)

    def close(self) -> None:
        """Keep the parts made and taken back now for the next build. The parts made are
        added at the end of the file read, which holds the others, while at most an eighth of
        its bytes would then be parts this build did not use; otherwise the parts taken back
        join those made in a new file, which replaces it. Writing the 77,000 parts of a
        10,000-claim desk again after a one-claim edit took a tenth of a second of each of
        the build's two processes. A group that made and took back none leaves the file as
        it was."""
        try:
            if self._out is not None:
                self._out.close()
                self._out = None
            if self.unsaved is None and self._written:
                self._put_in_place()
        except OSError as problem:
            self.unsaved = f"{self.listing}: {problem.strerror or problem}"
            self._discard()
        finally:
            if self._map is not None:
                self._map.close()
                self._map = None

    def _put_in_place(self) -> None:
        made = self._temporary
        added = 0 if made is None else made.stat().st_size - len(_FORMAT)
        if self._map is not None and self._before:
            unused = len(self._map) - len(_FORMAT) - self._used
            if 8 * unused <= self._used + added:
                data = b"" if made is None else made.read_bytes()[len(_FORMAT) :]
                if not data or append_file(self.listing, data, len(self._map)):
                    self._discard()
                    return
        # A new file: the parts made, then those taken back from the file read.
        if made is None:
            made = self._temporary = self.listing.with_name(
                f".{self.listing.name}.{os.getpid()}.tmp"
            )
            made.write_bytes(_FORMAT)
        with open(made, "ab") as out:
            for key, start, length in self._places:
                assert self._map is not None
                out.write(b"%s %d\n" % (key.encode(), length))
                out.write(self._map[start : start + length])
                out.write(b"\n")
        os.replace(made, self.listing)
        self._temporary = None

    def discard(self) -> None:
        """Keep nothing of this build: a build that stopped half-way, or was left unfinished,
        writes no file, and the one it read stays."""
        if self._map is not None:
            self._map.close()
            self._map = None
        self._discard()

    def _discard(self) -> None:
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                self._temporary.unlink(missing_ok=True)
            self._temporary = None

    def account(self) -> bytes:
        """What was kept, made, found to differ and not saved, for `take_account` in the
        process that asked for the parts, when they were made in a forked copy."""
        state = [self.kept, self.made, self.differing, self.unsaved]
        return json.dumps(state, ensure_ascii=False).encode()

    def take_account(self, data: bytes) -> None:
        self.kept, self.made, self.differing, self.unsaved = json.loads(data)


def _entries(data: mmap.mmap) -> dict[str, tuple[int, int]]:
    """Each part's (start, length) in the file, by key; none when the file is not a list of
    parts, or stops short (a build stopped while writing it cannot be: it is swapped in
    whole, but the file may come from elsewhere)."""
    if data[: len(_FORMAT)] != _FORMAT:
        return {}
    found: dict[str, tuple[int, int]] = {}
    position, size = len(_FORMAT), len(data)
    while position < size:
        entry = _ENTRY.match(data, position)
        if entry is None:
            return {}
        start = entry.end()
        length = int(entry[2])
        end = start + length
        if end >= size or data[end : end + 1] != b"\n":
            return {}
        found[entry[1].decode()] = (start, length)
        position = end + 1
    return found


def _entry_size(key: str, length: int) -> int:
    """The bytes of a part's entry in the file: its line, its bytes and a line's end."""
    return len(key) + len(str(length)) + length + 3


def _sample(kept: int) -> int:
    """How many kept parts are made all the same, to be compared: one in fifty, and at least
    twenty."""
    return max(20, kept // 50)
