"""Work kept between builds of one site, so `mkdocs serve` redoes only what an edit touched.

`BuildCache` holds article indexes by their text, and each generated page with a key made from
the digests of the content files the page shows (`dependencies.page_files`), of site.yml and
entities.yml (shown on every page) and of the templates. A page whose key is unchanged is
reused as it was; any change to a file it shows, or to the set of files it shows, re-renders
it. Digests are re-read only when a file's size or modification time changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

from .content.text import ArticleText, index_article

_MISSING = "-"
T = TypeVar("T")


class BuildCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._digests: dict[Path, tuple[int, int, str]] = {}
        self._texts: dict[tuple[str, str], ArticleText] = {}
        self._pages: dict[str, tuple[str, str]] = {}
        # Parsed record files by (path, model, text); the previous build's entries are kept
        # only while they are used again, so the cache never outgrows the site.
        self._parsed: dict[tuple[str, str, str], Any] = {}
        self._parsed_now: dict[tuple[str, str, str], Any] = {}
        # Digests already looked at in this build: one stat per file per build, not per page.
        self._seen_now: dict[Path, str] = {}
        self.reused = 0
        self.rendered = 0

    def article_text(self, text: str, language: str) -> ArticleText:
        key = (language, text)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = index_article(text, language)
        return found

    def forget_texts_except(self, keep: Iterable[tuple[str, str]]) -> None:
        wanted = set(keep)
        self._texts = {k: v for k, v in self._texts.items() if k in wanted}

    def start_build(self) -> None:
        self._parsed, self._parsed_now = self._parsed_now or self._parsed, {}
        self._seen_now = {}

    def parsed(self, key: tuple[str, str, str], produce: Callable[[], T]) -> T:
        found = self._parsed_now.get(key)
        if found is None:
            found = self._parsed.get(key)
            if found is None:
                found = produce()
            self._parsed_now[key] = found
        return cast(T, found)

    def digest(self, path: Path) -> str:
        seen = self._seen_now.get(path)
        if seen is not None:
            return seen
        self._seen_now[path] = value = self._read_digest(path)
        return value

    def _read_digest(self, path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return _MISSING
        known = self._digests.get(path)
        if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        try:
            value = hashlib.sha1(path.read_bytes(), usedforsecurity=False).hexdigest()
        except OSError:
            return _MISSING
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

    def page(self, path: str, key: str | None, produce: Callable[[], str]) -> str:
        """The page's text: reused when its key is unchanged, produced otherwise."""
        if key is not None:
            known = self._pages.get(path)
            if known is not None and known[0] == key:
                self.reused += 1
                return known[1]
        text = produce()
        self.rendered += 1
        if key is not None:
            self._pages[path] = (key, text)
        return text

    def keep_pages(self, paths: Iterable[str]) -> None:
        wanted = set(paths)
        self._pages = {k: v for k, v in self._pages.items() if k in wanted}
