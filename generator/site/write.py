"""Put generated pages on disk atomically.

Takes {path: text} and a target folder. Everything is written into a temporary sibling folder
first and swapped in only when complete, so a failed or interrupted build leaves the previous
output as it was. A target folder that factdesk did not create (no marker file) and that is not
empty is refused rather than replaced, so no file factdesk did not write is ever deleted.
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
