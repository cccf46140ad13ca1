"""Problems found in content, in one shape for every stage.

Takes nothing from other stages; every stage returns `Diagnostic`s instead of raising, and the
CLI and the MkDocs plugin format them with `format_diagnostic`. Every code is an entry of
`catalogue.py`, which says what it means; `error()` and `warning()` refuse any other.
"""

from __future__ import annotations

import difflib
import functools
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .catalogue import CATALOGUE, Severity


@dataclass(frozen=True, slots=True, order=True)
class SourceLocation:
    """Where something stands in a content file; line and column count from 1."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


class Positions(Mapping[str, SourceLocation]):
    """Where each field of one record stands: a mapping of field names to locations, kept as
    the file's path once and the lines and columns in one array. Every record has one; at 50k
    claims a dict of `SourceLocation`s a record held about 80 MiB of the 1 GiB budget. A
    location is made when a diagnostic asks for it, which is rare."""

    __slots__ = ("_names", "_numbers", "_path")

    def __init__(self, path: str = "", located: Sequence[tuple[str, int, int]] = ()) -> None:
        # A key given twice (reported as FD004, the record kept) stands where its last value
        # does, as the value itself does.
        spots = {name: (line, column) for name, line, column in located}
        self._path = path
        self._names = _shared(tuple(spots))
        self._numbers = array("I", [n for spot in spots.values() for n in spot])

    @classmethod
    def of(cls, path: str, names: tuple[str, ...], numbers: array[int]) -> Positions:
        """Positions as `path`, `names` and `numbers` give them (two numbers, line and column,
        a name), as records kept between builds store them (`record_json.py`)."""
        if len(numbers) != 2 * len(names) or len(set(names)) != len(names):
            raise ValueError("not positions: two numbers a name, each name once")
        return _unpickled(path, names, numbers)

    @property
    def path(self) -> str:
        return self._path

    @property
    def numbers(self) -> array[int]:
        """Line and column of each name in turn."""
        return self._numbers

    def __getitem__(self, name: str) -> SourceLocation:
        try:
            at = 2 * self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return SourceLocation(self._path, self._numbers[at], self._numbers[at + 1])

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"Positions({self._path!r}, {dict(self)!r})"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Records come back from the loading copies pickled: share the names again.
        return _unpickled, (self._path, self._names, self._numbers)


@functools.cache
def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for every record with the same fields (the first one asked for): the kinds of
    record have few combinations of fields, and a desk has tens of thousands of records."""
    return names


def _unpickled(path: str, names: tuple[str, ...], numbers: array[int]) -> Positions:
    positions = Positions.__new__(Positions)
    positions._path = path
    positions._names = _shared(names)
    positions._numbers = numbers
    return positions


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    location: SourceLocation
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class UncataloguedCode(ValueError):
    """A bug in factdesk, never a content mistake: a diagnostic with a code the catalogue does
    not list, or with another severity than the catalogue gives it."""


def _catalogued(code: str, severity: Severity) -> str:
    entry = CATALOGUE.get(code)
    if entry is None:
        raise UncataloguedCode(f"{code} is not in generator/content/catalogue.py")
    if entry.severity is not severity:
        raise UncataloguedCode(f"{code} is catalogued as {entry.severity.value}, not {severity}")
    return code


def error(code: str, where: SourceLocation, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(_catalogued(code, Severity.ERROR), Severity.ERROR, where, message, hint)


def warning(code: str, where: SourceLocation, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(_catalogued(code, Severity.WARNING), Severity.WARNING, where, message, hint)


# Messages quote content (field names, values, passages of articles); a line break or control
# character among them would break the one-line `path:line:column` form editors' tools parse.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    return _UNPRINTABLE.sub(lambda found: repr(found.group())[1:-1], text)


def format_diagnostic(diagnostic: Diagnostic, source: Sequence[str] = ()) -> str:
    """`path:line:column: severity: message [code]`, then the `source` lines (the line it
    points at, with a caret: see excerpt.py), then the hint."""
    head = f"{_one_line(str(diagnostic.location))}: {diagnostic.severity.value}: "
    head += _one_line(diagnostic.message)
    head += f" [{diagnostic.code}]"
    lines = [head, *source]
    if diagnostic.hint:
        lines.append(f"  hint: {_one_line(diagnostic.hint)}")
    return "\n".join(lines)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.severity.value, d.hint): d for d in diagnostics}
    return [unique[key] for key in sorted(unique)]


def a_or_an(word: str) -> str:
    """`word` after the English article it takes, for messages: "an article", "a claim"."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def did_you_mean(word: str, choices: Iterable[str], *, listing: str = "") -> str:
    """A hint naming the closest choice, or listing the valid ones when none is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    label = listing or "valid values"
    if not options:
        return f"{label}: none yet"
    if len(options) <= 12:
        return f"{label}: " + ", ".join(options)
    # A long list helps nobody; the nearest few still show the naming pattern.
    nearest = difflib.get_close_matches(word, options, n=3, cutoff=0.3)
    if nearest:
        return f"nearest {label}: " + ", ".join(nearest)
    return f"none of the {len(options)} {label} is close"
