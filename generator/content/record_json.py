"""Records as JSON values and back, for the records a one-off build keeps between builds
(`kept_records.py`).

A record is a list of its fields' values in the order its dataclass declares them, positions
included, so that a record read back is the record its file gave, down to where each value
stands. The shapes are worked out once a model from its type hints, as `schema.py` does; a
value of the wrong shape raises `ValueError` (the JSON may come from a cache CI restored), and
the caller then reads the file instead.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from array import array
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, NamedTuple, Union

from .diagnostics import Positions, SourceLocation, a_or_an
from .models import Format

# JSON values: what `json.loads` gives.
Json = Any

_Decode = Callable[[Json], Any]
_Encode = Callable[[Any], Json]


def encode(record: Any) -> Json:
    """The JSON value of a record (any model of `models.py`)."""
    return _codec(type(record)).encode(record)  # type: ignore[arg-type]


def decode(model: type, value: Json) -> Any:
    """The record of `model` that `value` encodes; `ValueError` when it encodes none."""
    try:
        return _codec(model).decode(value)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError) as problem:
        raise ValueError(f"not {model.__name__} as JSON: {problem}") from None


class _Codec(NamedTuple):
    encode: _Encode
    decode: _Decode
    # The types of a value that is its own JSON form (str, int, bool, and None for an optional
    # one): a record's fields of those types are checked in place, not through a call each
    # (most of reading a record back was calls).
    plain: frozenset[type] | None = None


@cache
def _codec(hint: Any) -> _Codec:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        fmt = next((extra for extra in args[1:] if isinstance(extra, Format)), None)
        if fmt is None or not (fmt.pattern or fmt.problem):
            return _codec(args[0])
        # A value of a format (an id, an address, a tag) is one as the schema reads it: a list
        # planted in the cache cannot put `javascript:` where an address belongs.
        return _Codec(_same, functools.partial(_formatted, fmt, re.compile(fmt.pattern)))
    if origin in (Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"no JSON form for {hint!r}")
        inner = _codec(others[0])
        return _Codec(
            lambda value: None if value is None else inner.encode(value),
            lambda value: None if value is None else inner.decode(value),
            None if inner.plain is None else inner.plain | {type(None)},
        )
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _codec(args[0])
        if item.plain is not None:
            return _Codec(list, functools.partial(_plain_tuple, item.plain))
        return _Codec(
            lambda value: [item.encode(each) for each in value],
            lambda value: tuple([item.decode(each) for each in _list(value)]),
        )
    if origin is Literal:
        options = frozenset(args)
        return _Codec(_same, functools.partial(_one_of, options))
    if hint is SourceLocation:
        return _Codec(_location_encode, _location_decode)
    if hint is Positions:
        return _Codec(_positions_encode, _positions_decode)
    if hint in (str, int, bool):
        return _Codec(_same, functools.partial(_typed, hint), frozenset([hint]))
    if dataclasses.is_dataclass(hint):
        return _record_codec(hint)
    raise TypeError(f"no JSON form for {hint!r}")  # a bug in models.py, not in content


def _record_codec(model: Any) -> _Codec:
    hints = typing.get_type_hints(model, include_extras=True)
    names = [f.name for f in dataclasses.fields(model)]
    # Filled in when first used: a model may hold itself, and its codec must exist by then.
    codecs: list[_Codec] = []

    def ready() -> list[_Codec]:
        if not codecs:
            codecs.extend(_codec(hints[name]) for name in names)
        return codecs

    def encode_record(record: Any) -> Json:
        return [
            codec.encode(getattr(record, name)) for name, codec in zip(names, ready(), strict=True)
        ]

    # Which fields are their own JSON (checked by type) and which are decoded, by position:
    # a loop over each kind, not a test of every field.
    checked: list[tuple[int, frozenset[type]]] = []
    decoded: list[tuple[int, _Decode]] = []

    def split() -> None:
        for number, (_, field_decode, plain) in enumerate(ready()):
            if plain is None:
                decoded.append((number, field_decode))
            else:
                checked.append((number, plain))

    def decode_record(value: Json) -> Any:
        fields = _list(value)
        if len(fields) != len(names):
            raise TypeError(f"{len(fields)} values for {len(names)} fields")
        if not checked and not decoded:
            split()
        for number, plain in checked:
            if type(fields[number]) not in plain:
                item = fields[number]
                raise TypeError(f"{item!r} is not {' or '.join(t.__name__ for t in plain)}")
        fields = fields.copy()  # the caller's list stays as it was
        for number, field_decode in decoded:
            fields[number] = field_decode(fields[number])
        return model(*fields)

    return _Codec(encode_record, decode_record)


def _same(value: Any) -> Json:
    return value


def _typed(kind: type, value: Json) -> Any:
    # bool is an int to Python and not to a record: the type must be the one declared.
    if type(value) is not kind:
        raise TypeError(f"{value!r} is not {kind.__name__}")
    return value


def _formatted(fmt: Format, pattern: re.Pattern[str], value: Json) -> str:
    text: str = _typed(str, value)
    if not pattern.match(text) or (fmt.problem is not None and fmt.problem(text)):
        raise TypeError(f"{text!r} is not {a_or_an(fmt.name)}")
    return text


def _plain_tuple(plain: frozenset[type], value: Json) -> tuple[Any, ...]:
    if not plain.issuperset(map(type, _list(value))):  # one pass in C, not a loop here
        item = next(item for item in value if type(item) not in plain)
        raise TypeError(f"{item!r} is not {' or '.join(t.__name__ for t in plain)}")
    return tuple(value)


def _one_of(options: frozenset[Any], value: Json) -> Any:
    if not isinstance(value, str) or value not in options:
        raise TypeError(f"{value!r} is not one of {sorted(options)}")
    return value


def _list(value: Json) -> list[Json]:
    if type(value) is not list:
        raise TypeError(f"{type(value).__name__} where a list belongs")
    return value


def _location_encode(at: SourceLocation) -> Json:
    return [at.path, at.line, at.column]


def _location_decode(value: Json) -> SourceLocation:
    path, line, column = _list(value)
    return SourceLocation(_typed(str, path), _typed(int, line), _typed(int, column))


def _positions_encode(where: Positions) -> Json:
    return [where.path, list(where), list(where.numbers)]


def _positions_decode(value: Json) -> Positions:
    path, names, numbers = _list(value)
    return Positions.of(
        _typed(str, path), _plain_tuple(_STR, names), array("I", _plain_tuple(_INT, numbers))
    )


_STR = frozenset([str])
_INT = frozenset([int])
