"""The records a one-off build read, kept for the next one.

Reading a record file (YAML, then the schema) takes about a fifth of a millisecond; reading its
record back as JSON (`record_json.py`) a fortieth of that. A build after a one-claim change reads
the other 17,000 files of a 10,000-claim desk as they were: the first half of checking it.

Each record is kept with the digest of its file's text, its model and its path, in a file of
lines beside the page folder (`records.jsonl`), under a key of factdesk's code and libraries
(`code`): a record comes back only while its file holds the same text and factdesk would read it
the same way. Files that gave a problem of any kind are read every time, so every diagnostic
is made as it always is.

Like the page folder (`plugin/kept_pages.py`), the list may come from a cache CI restored, so a
random few of the records that would come back are read from their files all the same and
compared: one that differs (`differing`) means the list cannot be trusted, and the caller reads
every file again. What a line says is what its file gave, not proof of it: only trusted builds
should save the folder (SECURITY.md).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .diagnostics import Diagnostic
from .models import EVENT_ANCHOR
from .record_json import Json, decode, encode
from .text import ArticleText, Found, QuoteMatch

NAME = "records.jsonl"
_FORMAT = "factdesk records 1"

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class FileRead:
    """What the check read in one file, as a page's key takes it (`site/page_keys.py`): the
    digest of its text, and every event id after an anchor's start (`#event-`) in it."""

    digest: str
    anchors: tuple[str, ...]


def _anchors(text: str) -> tuple[str, ...]:
    return tuple(sorted(set(EVENT_ANCHOR.findall(text)))) if "#event-" in text else ()


# What reading one file gave: its record (if any), its problems, its line for the next build
# (none for a file with problems), and whether the record was the kept one ("kept"), read from
# the file ("read"), or read and found to differ from the line kept for the same text ("differs").
# A forked copy that leaves the kept record to be read back by the build (`record`'s `later`)
# says LATER, with no record and no line.
Read = tuple[T | None, list[Diagnostic], str | None, str]
LATER = "later"


class KeptRecords:
    """The last build's records by file (`read`), and this build's lines as they come in."""

    def __init__(self, lines: dict[str, str], *, code: str) -> None:
        self._before = lines
        self.code = code
        self._compared = frozenset(random.sample(sorted(lines), min(len(lines), _sample(lines))))
        self.now: dict[str, str] = {}
        # Each file read without a problem, or whose text is an article's.
        self.files: dict[str, FileRead] = {}
        # This build's article texts by their text's digest (`indexed`), and the last text
        # whose digest was made, with it (`index_article` asks three times).
        self._indexed: dict[str, list[ArticleText]] = {}
        self._last_digest = ("", hashlib.sha256(b"").hexdigest())
        # Records, article texts and their lookups taken back, and kept lines that differ from
        # their files.
        self.kept = 0
        self.kept_texts = 0
        self.kept_lookups = 0
        self.differing: list[str] = []
        # The size of the list read, and its lines (a file's earlier lines among them).
        self.size_read = 0
        self._lines_read = 0

    @classmethod
    def read(cls, listing: Path, *, code: str) -> KeptRecords:
        """The records listed in `listing` by a build of the same `code`; none when it cannot
        be read, is not such a list, or is a link (nothing outside the desk is read). Where a
        file has more than one line, the last is read (`added`)."""
        try:
            data = None if listing.is_symlink() else listing.read_bytes()
            text = None if data is None else data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            data = text = None
        lines: dict[str, str] = {}
        count = 0
        if data is not None and text is not None:
            head, _, body = text.partition("\n")
            if head == f"{_FORMAT} {code}":
                for line in body.split("\n"):
                    tab = line.find("\t")
                    if tab >= 0:
                        lines[line[:tab]] = line
                        count += 1
        kept = cls(lines, code=code)
        if lines:
            kept.size_read, kept._lines_read = len(data or b""), count
        return kept

    def record(
        self,
        model: type[T],
        shown: str,
        text: str,
        fresh: Callable[[], tuple[T | None, list[Diagnostic]]],
        *,
        later: bool = False,
    ) -> Read[T]:
        """The record of the file at `shown` holding `text`: the kept one while the file holds
        the same text, otherwise (or when it is one of those compared) `fresh()`'s. Runs in
        the forked copies that read files too: what it learns goes back in what it returns.
        `later` (a copy): a kept record is not read back here but said to be (LATER), for the
        build to read back (`take_back`)."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        prefix = f"{shown}\t{digest}\t{model.__name__}\t"
        if later and shown not in self._compared:
            before = self._before.get(shown)
            if before is not None and before.startswith(prefix):
                return None, [], None, LATER
        kept = self._taken_back(shown, prefix, lambda value: decode(model, value))
        if kept is not None:
            return kept, [], self._before[shown], "kept"
        record, problems = fresh()
        line = None
        if record is not None and not problems and "\n" not in shown and "\t" not in shown:
            value = json.dumps(encode(record), ensure_ascii=False, separators=(",", ":"))
            line = prefix + value
        # Another digest is another text: only a line for the same text can differ from it.
        before = self._before.get(shown)
        same = before is not None and before.startswith(prefix)
        return record, problems, line, "differs" if same and line != before else "read"

    def take_back(self, model: type[T], shown: str) -> tuple[T, str] | None:
        """The record kept for `shown` and its line, where a copy found the file holds the
        text the line was made from (LATER); None when the line does not read back. Reading
        a record back took a copy longer than reading its file, and sending it to the build
        about as long as reading it back: the build reads back what its copies read."""
        line = self._before[shown]
        try:
            return decode(model, json.loads(line.split("\t", 3)[3])), line
        except (ValueError, RecursionError, IndexError):
            return None

    def listed(self, shown: str) -> bool:
        """Whether the last build kept a line for the file at `shown`."""
        return shown in self._before

    def text_read(self, shown: str, text: str) -> None:
        """The text of an article read from the file at `shown`."""
        self.files[shown] = FileRead(self._digest(text), _anchors(text))

    def spans(self, text: str, split: Callable[[], list[tuple[int, int]]]) -> list[tuple[int, int]]:
        """Where each sentence of an article's `text` starts and ends: the last build's while
        the text is the same, otherwise (or when it is one of those compared) `split()`'s.
        Splitting 2,000 articles into sentences was a third of linking a 10,000-claim desk."""
        digest = self._digest(text)
        key = f"{_SENTENCES} {digest}"
        prefix = f"{key}\t{digest}\tsentences\t"
        kept = self._taken_back(key, prefix, lambda value: _spans(value, len(text)))
        if kept is not None:
            self.now[key] = self._before[key]
            self.kept_texts += 1
            return kept
        spans = split()
        value = json.dumps([n for span in spans for n in span], separators=(",", ":"))
        line = self.now[key] = prefix + value
        # The key names the text: any other line kept under it differs.
        before = self._before.get(key)
        if before is not None and line != before:
            self.differing.append(key)
        return spans

    def found(self, text: str, sentences: int) -> Found:
        """What looking up quotes and phrases in `text` (of `sentences` sentences) gave the
        last build, while the text is the same and is not one of those compared; otherwise
        nothing. Finding 24,000 quotes in 2,000 normalised articles was a fifth of checking a
        10,000-claim desk whose records were kept."""
        digest = self._digest(text)
        # One of those compared is compared once linking is done (`lookups_done`).
        if f"{_FOUND} {digest}" in self._compared:
            return Found()
        kept = self._kept_lookups(digest, len(text), sentences)
        if kept is None:
            return Found()
        self.kept_lookups += 1
        return kept

    def indexed(self, text: str, indexed: ArticleText) -> None:
        """An article text indexed this build, whose lookups `lookups_done` keeps."""
        self._indexed.setdefault(self._digest(text), []).append(indexed)

    def lookups_done(self) -> None:
        """Once linking is done: what looking up quotes and phrases in each text gave, for the
        next build, compared with the last build's where the text is one of those compared
        (the same quote in the same text cannot give two answers)."""
        for digest, texts in self._indexed.items():
            quotes: dict[str, QuoteMatch | None] = {}
            phrases: dict[str, bool] = {}
            for indexed in texts:
                found = indexed.looked_up()
                quotes.update(found.quotes)
                phrases.update(found.phrases)
            key = f"{_FOUND} {digest}"
            known = texts[0].known
            if (
                (quotes or phrases)
                and quotes.keys() == known.quotes.keys()
                and phrases.keys() == known.phrases.keys()
            ):
                # Every lookup was the last build's (`found`): so is the line. Writing each
                # text's lookups again took a twentieth of a second at 10,000 claims.
                self.now[key] = self._before[key]
                continue
            self.now[key] = f"{key}\t{digest}\tfound\t{_found_json(quotes, phrases)}"
            if key not in self._compared:
                continue
            kept = self._kept_lookups(digest, len(texts[0].text), len(texts[0].sentences))
            if kept is not None and (
                any(kept.quotes[q] != quotes[q] for q in kept.quotes.keys() & quotes.keys())
                or any(kept.phrases[p] != phrases[p] for p in kept.phrases.keys() & phrases.keys())
            ):
                self.differing.append(key)

    def _kept_lookups(self, digest: str, length: int, sentences: int) -> Found | None:
        """The lookups kept for the text of `digest`, if any; a line that does not read back
        (lookups factdesk could not have written) is a difference."""
        key = f"{_FOUND} {digest}"
        prefix = f"{key}\t{digest}\tfound\t"
        before = self._before.get(key)
        if before is None or not before.startswith(prefix):
            return None
        try:
            return _found(json.loads(before[len(prefix) :]), length, sentences)
        except (ValueError, RecursionError):
            self.differing.append(key)
            return None

    def _digest(self, text: str) -> str:
        if self._last_digest[0] is not text:
            self._last_digest = (text, hashlib.sha256(text.encode()).hexdigest())
        return self._last_digest[1]

    def _taken_back(self, key: str, prefix: str, read: Callable[[Json], R]) -> R | None:
        """What `read` makes of the JSON of the line kept under `key`, when that line starts
        with `prefix` (what this build would write before it) and is not one of those
        compared; None when there is none, or it does not read back (a planted line may be
        nested past what the parser can take, or be cut short)."""
        before = self._before.get(key)
        if before is None or key in self._compared or not before.startswith(prefix):
            return None
        try:
            return read(json.loads(before[len(prefix) :]))
        except (ValueError, RecursionError):
            return None

    def add(self, shown: str, line: str | None, how: str) -> None:
        """What `record` returned for `shown`, back in the build's own process."""
        if line is not None:
            self.now[shown] = line
            # The line holds the text's digest, and every value the file gives: an anchor in
            # it is one in the text (an escape inside one in the text is one only here).
            self.files[shown] = FileRead(line.split("\t", 2)[1], _anchors(line))
        if how == "kept":
            self.kept += 1
        elif how == "differs":
            self.differing.append(shown)

    def shown(self, key: str) -> str:
        """What was kept under `key` (one of `differing`), as the build's log names it: a
        record by its file, an article text's sentences or lookups by the file that holds the
        text, when it has one (a Markdown article's body has none)."""
        for prefix, what in (
            (_SENTENCES, "the split into sentences"),
            (_FOUND, "the lookup of quotes"),
        ):
            if key.startswith(f"{prefix} "):
                digest = key[len(prefix) + 1 :]
                path = next((p for p, read in self.files.items() if read.digest == digest), None)
                return f"{what} kept for {path or f'an article text ({digest[:12]}…)'}"
        return f"the record kept for {key}"

    def summary(self) -> str:
        """What was taken back, for the build's log."""
        texts = sum(1 for key in self.now if key.startswith(_SENTENCES))
        lookups = sum(1 for key in self.now if key.startswith(_FOUND))
        return (
            f"{self.kept:,} of {len(self.now) - texts - lookups:,} record files and "
            f"{self.kept_texts:,} of {texts:,} article texts kept"
        )

    def changed(self) -> bytes | None:
        """The list for the next build, when it is not the one read (`read`)."""
        if self.now == self._before:
            return None
        body = "\n".join(self.now[path] for path in sorted(self.now))
        return f"{_FORMAT} {self.code}\n{body}".encode()

    def added(self) -> bytes | None:
        """What to add at the end of the list read (of `size_read` bytes) for it to read back as
        the list for the next build: the lines that changed. None when nothing changed, or when
        the list is to be written whole (`changed`): nothing was read, or more than an eighth
        of its lines would be ones no longer read back (a file's earlier lines, those of files
        gone). Writing the whole list again took a tenth of a second of a 10,000-claim desk's
        build after a one-claim edit."""
        before, now = self._before, self.now
        if not self._lines_read or now == before:
            return None
        added = {key: line for key, line in now.items() if before.get(key) != line}
        replaced = sum(1 for key in added if key in before)
        gone = sum(1 for key in before if key not in now)
        if self._lines_read - len(before) + replaced + gone > len(now) // 8:
            return None
        return "".join(f"\n{line}" for line in added.values()).encode()


# Sentences are kept under this and their text's digest, and what looking up quotes and
# phrases in the text gave under the other: no path starts so.
_SENTENCES = "sentences of"
_FOUND = "found in"


def _found_json(quotes: Mapping[str, QuoteMatch | None], phrases: Mapping[str, bool]) -> str:
    places = {
        q: None if m is None else [m.start, m.end, list(m.sentences)] for q, m in quotes.items()
    }
    value = {"quotes": places, "phrases": phrases}
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _found(value: Json, length: int, sentences: int) -> Found:
    """Lookups from their JSON (`KeptRecords.lookups_done`): each quote found inside the text,
    in sentences it has, in order."""
    if type(value) is not dict or value.keys() != {"quotes", "phrases"}:
        raise ValueError("not lookups")
    quotes, phrases = value["quotes"], value["phrases"]
    if type(quotes) is not dict or type(phrases) is not dict:
        raise ValueError("not lookups")
    found: dict[str, QuoteMatch | None] = {}
    for quote, match in quotes.items():
        if match is None:
            found[quote] = None
            continue
        if type(match) is not list or len(match) != 3:
            raise ValueError("not a quote's place")
        start, end, numbers = match
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= length:
            raise ValueError("not a quote's place")
        if type(numbers) is not list or not all(type(n) is int for n in numbers):
            raise ValueError("not a quote's sentences")
        if numbers != sorted(set(numbers)) or (
            numbers and not 1 <= numbers[0] <= numbers[-1] <= sentences
        ):
            raise ValueError("not a quote's sentences")
        found[quote] = QuoteMatch(start, end, tuple(numbers))
    if not all(type(mentioned) is bool for mentioned in phrases.values()):
        raise ValueError("not a phrase's lookup")
    return Found(found, dict(phrases))


def _spans(value: Json, length: int) -> list[tuple[int, int]]:
    """Sentences' (start, end) from their JSON, each after the last and inside the text."""
    if type(value) is not list or len(value) % 2:
        raise ValueError("not sentences")
    spans = list(zip(value[0::2], value[1::2], strict=True))
    last = 0
    for start, end in spans:
        if type(start) is not int or type(end) is not int or not last <= start < end <= length:
            raise ValueError("not sentences")
        last = end
    return spans


def _sample(lines: dict[str, str]) -> int:
    """How many kept records are read from their files all the same, to be compared: one in
    fifty, and at least twenty."""
    return max(20, len(lines) // 50)
