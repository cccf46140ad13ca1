"""Put files on disk atomically: the one writer of factdesk.

`write_tree` takes {path: text} and a target folder (`factdesk build --out`). Everything is
written into a temporary sibling folder first and swapped in only when complete, so a failed or
interrupted build leaves the previous output as it was. A target folder that factdesk did not
create (no marker file) and that is not empty is refused rather than replaced, so no file
factdesk did not write is ever deleted.

`update_files` and `remove_others` keep a folder of factdesk's own (the plugin's page cache) equal
to the pages of the latest build, rewriting only the files whose text changed, so MkDocs'
`--dirty` converts only those. `replace_file` is the single-file step both use, and the editor's
tools use it for the content files they append to.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

MARKER = ".factdesk-output"


class OutputError(Exception):
    """The target folder cannot be written safely; the message says why."""


def replace_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a temporary file beside it, then one rename. An
    existing file keeps its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def update_files(
    pages: Iterable[tuple[str, str | bytes]], folder: Path, changed: set[str] | None = None
) -> set[str]:
    """Write each page as it comes into `folder`, and only if its text changed. Returns the
    paths written or kept; the paths whose text changed are added to `changed`."""
    written: set[str] = set()
    for relative, text in pages:
        written.add(relative)
        path = folder / relative
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        replace_file(path, data)
        if changed is not None:
            changed.add(relative)
    return written


def remove_others(folder: Path, keep: set[str]) -> None:
    """Remove every file of `folder` (factdesk's own) not in `keep`, and emptied folders."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


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
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for relative, text in pages.items() if isinstance(pages, Mapping) else pages:
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
                continue
            # newline="" keeps the bytes identical on every platform.
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        (staging / MARKER).write_text(
            "Written by `factdesk build --out`; replaced whole on the next build.\n",
            encoding="utf-8",
        )
        previous = None
        if target.exists():
            previous = target.with_name(f".{target.name}-previous-{os.getpid()}")
            target.rename(previous)
        staging.rename(target)
        if previous is not None:
            shutil.rmtree(previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
