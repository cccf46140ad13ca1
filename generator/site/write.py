"""Put files on disk atomically: the one writer of factdesk.

`write_tree` takes {path: text} and a target folder (`factdesk build --out`). Everything is
written into a temporary sibling folder first and swapped in only when complete, so a failed or
interrupted build leaves the previous output as it was. A target folder that factdesk did not
create (no marker file) and that is not empty is refused rather than replaced, so no file
factdesk did not write is ever deleted. `staging_folder` and `swap_in` are the two steps, also
used by the MkDocs plugin to build beside site_dir; the target keeps its permissions.

`update_files` and `remove_others` keep a folder of factdesk's own (the plugin's page cache) equal
to the pages of the latest build, rewriting only the files whose text changed, so MkDocs'
`--dirty` converts only those; `remove_links` first takes out any link found there, and what it
lists tells a one-off build's `FolderUpdate` which files need no comparing. `replace_file` is the
single-file step they all use, and the editor's tools use it for the content files they append
to.
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import stat
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

MARKER = ".factdesk-output"


class OutputError(Exception):
    """The target folder cannot be written safely; the message says why."""


def replace_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a temporary file beside it, then one rename. An
    existing file keeps its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, data, new=False)


def _replace(path: Path, data: bytes, *, new: bool) -> None:
    """`replace_file` in a folder that is there; `new`: for a file that was not."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
        if not new and path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def append_file(path: Path, data: bytes, size: int) -> bool:
    """Add `data` at the end of `path` while it is a file of `size` bytes, not a link (the file
    its writer read); False, writing nothing, otherwise."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_size != size:
            return False
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        return True
    finally:
        os.close(handle)


def update_file(folder: Path, relative: str, text: str | bytes) -> bool:
    """Write `text` to the file at `relative` in `folder` unless it holds that already; whether
    it was written. `update_files` writes each file so; a forked copy of a one-off build writes
    the files it makes with it (`pipeline.generated`'s `write`)."""
    path = folder / relative
    data = _bytes(text)
    if _holds(path, data):
        return False
    replace_file(path, data)
    return True


class FolderUpdate:
    """One build's `update_file` into a folder of factdesk's own, given the files the folder
    held when it was listed (`held`, from `remove_links`): a file not among them is written
    without being looked for first, and each of its folders is made once. A first build of a
    10,000-claim desk writes 15,000 pages the folder did not hold, half of them in each of two
    processes: writing 7,500 of them took 0.29–1.15 s with `update_file`, which looks for each
    file and its folder first, and 0.21–0.48 s so (five runs each, alternating). Without
    `held`, every file is compared as `update_file` does."""

    def __init__(self, folder: Path, held: AbstractSet[str] | None = None) -> None:
        self.folder = folder
        self._held = held
        self._folders: set[str] = set()

    def __call__(self, relative: str, text: str | bytes) -> bool:
        if self._held is None or relative in self._held:
            return update_file(self.folder, relative, text)
        parent = relative.rpartition("/")[0]
        if parent not in self._folders:
            (self.folder / parent).mkdir(parents=True, exist_ok=True)
            self._folders.add(parent)
        _replace(self.folder / relative, _bytes(text), new=True)
        return True


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def update_files(
    pages: Iterable[tuple[str, str | bytes]],
    folder: Path,
    changed: set[str] | None = None,
    known: dict[str, str | bytes] | None = None,
    update: Callable[[str, str | bytes], bool] | None = None,
) -> set[str]:
    """Write each page as it comes into `folder`, and only if its text changed. Returns the
    paths written or kept; the paths whose text changed are added to `changed`. `known` is
    what was written into the folder before, by path, kept up to date here: a page equal to it
    is not read back from disk (pass an empty dict to have it filled). Serve's rebuilds pass
    it, because reading back the ten thousand unchanged files of a large desk took longer than
    the rebuild of the changed ones. With `known`, the files are written by a thread of their
    own while the next ones are made, and all of them are on disk when this returns. Without
    it, `update` writes each file (a `FolderUpdate` of `folder`; `update_file` by default)."""
    written: set[str] = set()
    update = update or functools.partial(update_file, folder)
    writer = _Writer() if known is not None else None
    try:
        for relative, text in pages:
            written.add(relative)
            before = known.get(relative) if known is not None else None
            if before is not None and (before is text or before == text):
                continue
            if writer is None:
                rewritten = update(relative, text)
            else:
                path, data = folder / relative, _bytes(text)
                # With a `before`, the file holds what was written last, which differs: no
                # need to read it back (the data files of a 50k-claim desk are hundreds of MB).
                rewritten = before is not None or not _holds(path, data)
                if rewritten:
                    writer.write(path, data)
            if rewritten and changed is not None:
                changed.add(relative)
            if known is not None:
                known[relative] = text
    except BaseException:
        if writer is not None:
            writer.close(report=False)  # what stopped the loop is the error to report
        raise
    if writer is not None:
        writer.close()
    return written


class _Writer:
    """`replace_file` in one thread of its own, in order. Under serve a save rewrites the data
    files whole (45 MB at 10,000 claims, five times that at 50,000), and most of writing them is
    the kernel's (copying into the page cache, freeing the replaced file), which runs on another
    core while this process makes the next file. Only where the text is kept anyway (`known`):
    a one-off build lets each data file go before it makes the next. The bytes not yet written
    are bounded, so serve's first build, which writes every file, cannot pile them up."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="factdesk-write")
        self._pending: list[Future[None]] = []
        self._unwritten: deque[tuple[Future[None], int]] = deque()
        self._unwritten_bytes = 0

    def write(self, path: Path, data: bytes) -> None:
        while self._unwritten and self._unwritten_bytes + len(data) > _UNWRITTEN_BYTES:
            oldest, size = self._unwritten.popleft()
            wait([oldest])
            self._unwritten_bytes -= size
        done = self._pool.submit(replace_file, path, data)
        self._pending.append(done)
        self._unwritten.append((done, len(data)))
        self._unwritten_bytes += len(data)

    def close(self, *, report: bool = True) -> None:
        """Wait for every write; with `report`, the first that failed raises here."""
        self._pool.shutdown(wait=True)
        for done in self._pending if report else ():
            done.result()


# At most this much waits to be written (a data file larger than this waits alone).
_UNWRITTEN_BYTES = 64 * 1024 * 1024


def remove_links(folder: Path) -> set[str]:
    """Remove every symbolic link under `folder` (factdesk's own): a page written or read
    through one would be a file outside it, and the folder may come from a cache that another
    run wrote. Links are not followed. Returns the files left, by their path in `folder`."""
    # Each entry's type as the folder listing gives it: a call to stat each of 15,000 files
    # took more than listing them.
    files: set[str] = set()
    top = os.fspath(folder)
    pending = [(top, "")]
    while pending:
        parent, prefix = pending.pop()
        try:
            with os.scandir(parent) as listing:
                entries = list(listing)
        except OSError:
            continue  # as os.walk: no folder yet (a first build), or one that went meanwhile
        for entry in entries:
            if entry.is_symlink():
                os.unlink(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.is_file(follow_symlinks=False):
                files.add(prefix + entry.name)
    return files


def remove_others(
    folder: Path, keep: set[str], known: dict[str, str | bytes] | None = None
) -> None:
    """Remove every file of `folder` (factdesk's own) not in `keep`, and emptied folders. With
    the `known` of `update_files`, only the files it wrote are looked at: pass it once a call
    without it has listed the folder (serve's first build), and that left nothing else."""
    if not folder.is_dir():
        return
    if known is not None:
        gone = [relative for relative in known if relative not in keep]
        for relative in gone:
            del known[relative]
            path = folder / relative
            path.unlink(missing_ok=True)
            for parent in path.parents:
                if parent == folder or not parent.is_relative_to(folder) or any(parent.iterdir()):
                    break
                parent.rmdir()
        return
    # Names joined as strings, each folder after its own: a Path made, tested and made relative
    # for each of 15,000 files took 0.3 s of a build that kept every page.
    top = os.fspath(folder)
    for place, _, names in os.walk(top, topdown=False):
        prefix = "" if place == top else os.path.relpath(place, top).replace(os.sep, "/") + "/"
        kept = 0
        for name in names:
            if prefix + name in keep:
                kept += 1
            else:
                os.unlink(os.path.join(place, name))
        if place != top and not kept and not os.listdir(place):
            os.rmdir(place)


def staging_folder(target: Path, purpose: str = "staging") -> Path:
    """A new empty sibling of `target` to build into, with `target`'s permissions.

    `tempfile.mkdtemp` would make it 0700, and the swap would then leave a published folder
    readable by its owner only; os.mkdir applies the umask as any new folder gets it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        staging = target.with_name(f".{target.name}-{purpose}-{secrets.token_hex(4)}")
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        break
    if target.is_dir():
        staging.chmod(stat.S_IMODE(target.stat().st_mode))
    return staging


def swap_in(staging: Path, target: Path, *, keep_hidden: bool = False) -> None:
    """Replace `target` by the finished `staging` folder (which is consumed).

    With `keep_hidden`, entries of the old target whose names start with '.' and that the new
    build does not have are carried over, as MkDocs' own clean keeps them (a `.git` checkout in
    site/, for one).
    """
    if not target.exists():
        staging.rename(target)
        return
    if keep_hidden:
        for entry in sorted(target.iterdir()):
            if entry.name.startswith(".") and not (staging / entry.name).exists():
                entry.rename(staging / entry.name)
    previous = target.with_name(f".{target.name}-previous-{secrets.token_hex(4)}")
    try:
        target.rename(previous)
    except OSError:
        # A mount point (a container's volume) cannot be renamed: replace its entries instead.
        _replace_entries(staging, target)
        return
    staging.rename(target)
    shutil.rmtree(previous)


def _replace_entries(staging: Path, target: Path) -> None:
    for entry in sorted(target.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in sorted(staging.iterdir()):
        shutil.move(str(entry), str(target / entry.name))
    staging.rmdir()


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def write_tree(
    pages: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], target: Path
) -> None:
    target = target.resolve()
    if target.exists():
        if not target.is_dir():
            raise OutputError(f"{target} exists and is not a folder")
        if any(target.iterdir()) and not (target / MARKER).is_file():
            raise OutputError(
                f"{target} is not empty and was not written by factdesk; "
                "choose an empty or new folder"
            )
    staging = staging_folder(target)
    try:
        for relative, text in pages.items() if isinstance(pages, Mapping) else pages:
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                # newline="" keeps the bytes identical on every platform.
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            # A data file is tens of MB at 50k claims: not kept while the next is made.
            del text
        (staging / MARKER).write_text(
            "Written by `factdesk build --out`; replaced whole on the next build.\n",
            encoding="utf-8",
        )
        swap_in(staging, target)
    except BaseException:
        discard(staging)
        raise
