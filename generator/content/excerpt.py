"""The source line a diagnostic points at, with a caret under its column.

Takes the site's root and diagnostics; gives, for each, the lines to print under it:

        7 | tags: [civilian casualties
          |       ^

Each file is read once, from inside the site's folder only, as text (bytes that are not UTF-8
show as U+FFFD). Characters that would move the caret or break the line (tabs, control
characters, line separators) show as one replacement character each, so the caret stays
under the column the diagnostic names.
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Diagnostic

# Wider lines are cut to a window around the column, marked with an ellipsis at either end.
WIDTH = 96
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def excerpt(line: str, number: int, column: int) -> list[str]:
    """`line` (number `number`) with a caret under `column` (both counted from 1)."""
    text = _INVISIBLE.sub("\ufffd", line.replace("\t", " "))
    at = min(max(column, 1), len(text) + 1) - 1
    start = 0 if len(text) <= WIDTH else max(0, min(at - WIDTH // 2, len(text) - WIDTH))
    shown = text[start : start + WIDTH]
    if start > 0:
        shown, at = "…" + shown, at - start + 1
    if start + WIDTH < len(text):
        shown += "…"
    gutter = f"{number:>6}"
    return [f"{gutter} | {shown}".rstrip(), f"{'':>6} | {' ' * at}^"]


class Excerpts:
    """Source lines for the diagnostics of one site, reading each file once."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._files: dict[str, list[str] | None] = {}

    def lines(self, diagnostic: Diagnostic) -> list[str]:
        where = diagnostic.location
        if where.line <= 0:
            return []
        text = self._file(where.path)
        if text is None or where.line > len(text):
            return []
        return excerpt(text[where.line - 1], where.line, where.column)

    def _file(self, shown: str) -> list[str] | None:
        if shown not in self._files:
            self._files[shown] = self._read(shown)
        return self._files[shown]

    def _read(self, shown: str) -> list[str] | None:
        path = (self.root / shown).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        # Lines end where an editor ends them, as the diagnostics count them.
        return _EDITOR_BREAK.split(text)
