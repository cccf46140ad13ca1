"""The one schema: YAML nodes -> model records, and model records -> JSON Schema.

`read_record(path, node, Model)` walks a composed YAML node against the dataclass's type hints
and returns the record (or None) plus diagnostics for every wrong type, missing or unknown
field, bad id or address. `json_schema(Model)` describes the same dataclass for editors' tools.
Both read the same definitions in `models.py`, so they cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, TypeVar, Union

import yaml

from .diagnostics import Diagnostic, Positions, SourceLocation, did_you_mean, error
from .models import COLOUR, DATE, FIGURE, ID, MARKDOWN, Format
from .yamlsrc import location

T = TypeVar("T")

_YAML = "tag:yaml.org,2002:"
_TYPE_WORDS = {
    _YAML + "str": "text",
    _YAML + "int": "a whole number",
    _YAML + "float": "a number",
    _YAML + "bool": "true/false",
    _YAML + "null": "empty",
    _YAML + "timestamp": "a date",
    _YAML + "seq": "a list",
    _YAML + "map": "a mapping",
}


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    name: str
    hint: Any
    required: bool
    doc: str


@cache
def _fields(model: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(model, include_extras=True)
    found = []
    for f in dataclasses.fields(model):
        if f.metadata.get("internal"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        found.append(_Field(f.name, hints[f.name], required, f.metadata.get("doc", "")))
    return tuple(found)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _split_optional(hint: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


def _unwrap(hint: Any) -> tuple[Any, Format | None]:
    if typing.get_origin(hint) is typing.Annotated:
        base, *extras = typing.get_args(hint)
        fmt = next((e for e in extras if isinstance(e, Format)), None)
        return base, fmt
    return hint, None


@dataclasses.dataclass(frozen=True, slots=True)
class _Shape:
    """How the reader reads a value of one type hint: worked out once a hint, where reading
    every value of every file asked `typing` again (a tenth of checking a large desk)."""

    kind: str  # record, sequence, choice, bool, int or str
    base: Any
    args: tuple[Any, ...]  # a sequence's item hint, or a choice's options
    optional: bool
    fmt: Format | None


@cache
def _shape(hint: Any) -> _Shape:
    hint, optional = _split_optional(hint)
    base, fmt = _unwrap(hint)
    origin = typing.get_origin(base)
    args = typing.get_args(base)
    if dataclasses.is_dataclass(base):
        kind = "record"
    elif origin is tuple:
        kind = "sequence"
    elif origin is Literal:
        kind = "choice"
    elif base in (bool, int, str):
        kind = base.__name__
    else:
        raise TypeError(f"schema cannot read {base!r}")  # a bug in models.py, not in content
    return _Shape(kind, base, args, optional, fmt)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []

    def at(self, node: yaml.Node) -> SourceLocation:
        return location(self.path, node)

    def fail(self, node: yaml.Node, message: str, hint: str, code: str) -> None:
        self.problems.append(error(code, self.at(node), message, hint))

    def value(self, node: yaml.Node, hint: Any, what: str) -> tuple[bool, Any]:
        """Convert `node` to `hint`; (False, None) after reporting when it cannot."""
        shape = _shape(hint)
        if shape.optional and _is_null(node):
            return True, None
        kind = shape.kind
        if kind == "record":
            return self.record(node, shape.base, what)
        if kind == "sequence":
            return self.sequence(node, shape.args[0], what)
        if kind == "choice":
            return self.choice(node, shape.args, what)
        if kind == "bool":
            return self.boolean(node, what)
        if kind == "int":
            return self.integer(node, what)
        return self.text(node, shape.fmt, what)

    def record(self, node: yaml.Node, model: type, what: str) -> tuple[bool, Any]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(
                node,
                f"{what} should be a mapping of fields, not {_describe(node)}",
                "write one 'field: value' per line",
                "FD011",
            )
            return False, None
        fields = {f.name: f for f in _fields(model)}
        values: dict[str, Any] = {}
        located: list[tuple[str, int, int]] = []
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in fields:
                shown = key if isinstance(key, str) else _describe(key_node)
                self.fail(
                    key_node,
                    f"unknown field '{shown}' in {what}",
                    did_you_mean(str(shown), fields, listing="fields allowed here"),
                    "FD012",
                )
                # The run fails on this error, but the record's other fields are sound: keeping
                # it spares the editor a false "unknown claim" wherever it is referred to.
                continue
            good, converted = self.value(value_node, fields[key].hint, f"'{key}'")
            empty = isinstance(converted, str) and not converted.strip()
            if good and empty and fields[key].required:
                self.fail(
                    value_node,
                    f"'{key}' is empty",
                    f"give a value: {fields[key].doc}" if fields[key].doc else "give a value",
                    "FD016",
                )
                good = False
            if good:
                # The model's own name string, not YAML's copy: one string for all records.
                name = fields[key].name
                values[name] = converted
                at = self.at(value_node)
                located.append((name, at.line, at.column))
            ok = ok and good
        for name, f in fields.items():
            if f.required and name not in values:
                if any(k.value == name for k, _ in node.value if isinstance(k, yaml.ScalarNode)):
                    continue  # present but invalid: already reported
                self.fail(
                    node,
                    f"{what} is missing the required field '{name}'",
                    f"add '{name}:' — {f.doc}" if f.doc else f"add '{name}:'",
                    "FD013",
                )
                ok = False
        if not ok:
            return False, None
        return True, model(**values, at=self.at(node), where=Positions(self.path, located))

    def sequence(self, node: yaml.Node, item: Any, what: str) -> tuple[bool, Any]:
        if not isinstance(node, yaml.SequenceNode):
            if _is_null(node):
                return True, ()
            self.fail(
                node,
                f"{what} should be a list, not {_describe(node)}",
                "start each item on its own line with '- '",
                "FD011",
            )
            return False, None
        items = []
        ok = True
        for child in node.value:
            good, converted = self.value(child, item, f"an item of {what}")
            ok = ok and good
            items.append(converted)
        return ok, tuple(items) if ok else None

    def choice(self, node: yaml.Node, options: tuple[Any, ...], what: str) -> tuple[bool, Any]:
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if value not in options:
            self.fail(
                node,
                f"{what} cannot be '{value if value is not None else _describe(node)}'",
                did_you_mean(str(value), options, listing="choose one of"),
                "FD014",
            )
            return False, None
        return True, value

    def boolean(self, node: yaml.Node, what: str) -> tuple[bool, Any]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _YAML + "bool":
            return True, node.value.lower() in ("true", "yes", "on", "y")
        self.fail(
            node,
            f"{what} should be true or false, not {_describe(node)}",
            "write true or false, without quotes",
            "FD011",
        )
        return False, None

    def integer(self, node: yaml.Node, what: str) -> tuple[bool, Any]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _YAML + "int":
            try:
                return True, int(node.value.replace("_", ""), 0)
            except ValueError:
                # YAML 1.1 reads 017 (octal) and 1:30 (base 60) as numbers; Python does not.
                self.fail(
                    node,
                    f"{what} '{node.value}' is not a whole number factdesk can read",
                    "write it in plain digits without leading zeros, e.g. 17",
                    "FD011",
                )
                return False, None
        self.fail(
            node,
            f"{what} should be a whole number, not {_describe(node)}",
            "write the number without quotes",
            "FD011",
        )
        return False, None

    def text(self, node: yaml.Node, fmt: Format | None, what: str) -> tuple[bool, Any]:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(
                node,
                f"{what} should be text, not {_describe(node)}",
                "quote the value if it is meant as text",
                "FD011",
            )
            return False, None
        # libyaml marks plain scalars with '' where PyYAML uses None.
        plain = not node.style
        # An id reads the same whatever YAML thinks `false`, `no` or `2015-10-06` is: keep its
        # text (the id pattern still applies).
        if plain and node.tag != _YAML + "null" and fmt is ID:
            pass
        elif plain and node.tag == _YAML + "null" and node.value == "":
            self.fail(
                node,
                f"{what} has no value",
                'write colours in quotes, e.g. "#c62828": in YAML " #" starts a comment'
                if fmt is COLOUR
                else "give a value after the colon, or remove the field",
                "FD016",
            )
            return False, None
        elif plain and node.tag in (_YAML + "bool", _YAML + "null"):
            self.fail(
                node,
                f"{what} is read by YAML as {_describe(node)}, not as text",
                f'put it in quotes: "{node.value}"',
                "FD015",
            )
            return False, None
        if plain and node.tag == _YAML + "timestamp" and fmt is not DATE:
            self.fail(
                node,
                f"{what} is read by YAML as a date, not as text",
                f'put it in quotes: "{node.value}"',
                "FD015",
            )
            return False, None
        value: str = node.value
        if fmt is not None and fmt.pattern and not _compiled(fmt.pattern).match(value):
            self.fail(node, f"{what} '{value}' is not a valid {fmt.name}", fmt.hint, fmt.code)
            return False, None
        if fmt is not None and fmt.problem is not None:
            problem = fmt.problem(value)
            if problem:
                self.fail(node, f"the {fmt.name} {_quoted(value)} {problem}", fmt.hint, fmt.code)
                return False, None
        if fmt is MARKDOWN:
            return True, value
        if not value.strip() and fmt is not None:
            self.fail(node, f"{what} is empty", "give a value or remove the field", "FD016")
            return False, None
        return True, value


def _quoted(value: str) -> str:
    # Invisible and direction characters would reorder or hide the message in a terminal.
    return (
        "'"
        + "".join(f"\\u{ord(c):04x}" if unicodedata.category(c)[0] == "C" else c for c in value)
        + "'"
    )


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _YAML + "null" and not node.style


def _describe(node: yaml.Node) -> str:
    word = _TYPE_WORDS.get(node.tag, node.tag)
    if isinstance(node, yaml.ScalarNode) and node.tag != _YAML + "str":
        return f"{word} ({node.value or '~'})" if node.value else word
    return word


def read_record(
    path: str, node: yaml.Node, model: type[T], what: str
) -> tuple[T | None, list[Diagnostic]]:
    reader = _Reader(path)
    ok, record = reader.record(node, model, what)
    return (record if ok else None), reader.problems


def read_list(
    path: str, node: yaml.Node, model: type[T], what: str
) -> tuple[list[T], list[Diagnostic]]:
    """Read a top-level list of records, keeping the good ones when some are broken."""
    reader = _Reader(path)
    if not isinstance(node, yaml.SequenceNode):
        reader.fail(
            node,
            f"this file should be a list, one entry per {what}, not {_describe(node)}",
            "start each entry with '- '",
            "FD011",
        )
        return [], reader.problems
    records = []
    for child in node.value:
        ok, record = reader.record(child, model, what)
        if ok:
            records.append(record)
    return records, reader.problems


# --- JSON Schema -------------------------------------------------------------------------------


def json_schema(model: type, *, title: str, as_list: bool = False) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one file kind, from the same dataclasses."""
    definitions: dict[str, Any] = {}
    root = _schema_for(model, definitions)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
    }
    if as_list:
        schema.update({"type": "array", "items": root})
    else:
        schema.update(definitions.pop(model.__name__))
    if definitions:
        schema["$defs"] = dict(sorted(definitions.items()))
    return schema


def _schema_for(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    hint, optional = _split_optional(hint)
    base, fmt = _unwrap(hint)
    origin = typing.get_origin(base)
    result: dict[str, Any]
    if dataclasses.is_dataclass(base):
        name = typing.cast(type, base).__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _object_schema(typing.cast(type, base), definitions)
        result = {"$ref": f"#/$defs/{name}"}
    elif origin is tuple:
        result = {"type": "array", "items": _schema_for(typing.get_args(base)[0], definitions)}
    elif origin is Literal:
        result = {"enum": list(typing.get_args(base))}
    elif base is bool:
        result = {"type": "boolean"}
    elif base is int:
        result = {"type": "integer"}
    else:
        result = {"type": "string"}
        if fmt is not None and fmt.pattern:
            result["pattern"] = fmt.pattern
        if fmt is not None and fmt.name == "url":
            result["format"] = "uri"
        # What the reader above accepts unquoted, the editor's schema must accept too: an id
        # keeps its text when YAML reads it as true/false (the rating `false`), and a date may
        # be a bare year, which YAML reads as a number.
        if fmt is ID:
            result = {"anyOf": [result, {"type": "boolean"}]}
        elif fmt is DATE:
            result = {"anyOf": [result, {"type": "integer"}]}
        elif fmt is FIGURE:
            result = {"anyOf": [result, {"type": "number"}]}
    if optional:
        return {"anyOf": [*result.get("anyOf", [result]), {"type": "null"}]}
    return result


def _object_schema(model: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in _fields(model):
        prop = _schema_for(f.hint, definitions)
        base, fmt = _unwrap(f.hint)
        if f.required and base is str and fmt in (None, MARKDOWN):
            prop = {**prop, "pattern": r"\S"}  # required text cannot be blank
        elif not f.required and prop.get("type") == "array":
            prop = {"anyOf": [prop, {"type": "null"}]}  # `tags:` with nothing reads as ()
        if f.doc:
            prop = {**prop, "description": f.doc}
        properties[f.name] = prop
        if f.required:
            required.append(f.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


Converter = Callable[[str, yaml.Node], tuple[Any, list[Diagnostic]]]
