"""Put generated output on disk atomically.

Takes {path: text} and a target folder (`factdesk build --out`), or a finished folder to swap in
(the MkDocs plugin's site_dir). Everything is written into a temporary sibling folder first and
swapped in only when complete, so a failed or interrupted build leaves the previous output as
it was. A target folder that factdesk did not create (no marker file) and that is not empty is
refused rather than replaced, so no file factdesk did not write is ever deleted. The target
keeps its permissions: the staging folder is given the mode of the folder it replaces.
"""

from __future__ import annotations

import secrets
import shutil
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

MARKER = ".factdesk-output"


class OutputError(Exception):
    """The target folder cannot be written safely; the message says why."""


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


def write_tree(pages: Mapping[str, str] | Iterable[tuple[str, str]], target: Path) -> None:
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
            # newline="" keeps the bytes identical on every platform.
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        (staging / MARKER).write_text(
            "Written by `factdesk build --out`; replaced whole on the next build.\n",
            encoding="utf-8",
        )
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
