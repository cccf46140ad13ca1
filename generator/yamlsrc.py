"""Read YAML text into position-carrying nodes, refusing the traps that lose an editor's work.

Takes the text of one file and its display path; returns the composed root node (PyYAML's node
graph, whose marks give exact lines and columns) and the diagnostics found: syntax errors,
duplicate keys, tags other than the plain YAML ones, and alias graphs too large to expand.
Nothing is constructed here, so no tag can run code.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .diagnostics import Diagnostic, SourceLocation, error

# libyaml's composer is about ten times faster and its marks are just as exact.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

# Aliases are shared nodes; expanding them is what makes "billion laughs" documents explode.
MAX_NODES = 50_000
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class YamlDocument:
    path: str
    root: yaml.Node | None


def location(path: str, node: yaml.Node) -> SourceLocation:
    mark = node.start_mark
    return SourceLocation(path, mark.line + 1, mark.column + 1)


def parse_yaml(path: str, text: str, *, line_offset: int = 0) -> tuple[YamlDocument, list[Diagnostic]]:
    """Compose one YAML document; `line_offset` lines precede it (front matter in Markdown)."""
    try:
        # Blank lines in front keep libyaml's marks (read-only) true to the whole file.
        root = yaml.compose("\n" * line_offset + text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (
            SourceLocation(path, mark.line + 1, mark.column + 1)
            if mark is not None
            else SourceLocation(path)
        )
        problem = exc.problem or exc.context or "invalid YAML"
        hint = _syntax_hint(problem)
        return YamlDocument(path, None), [error("FD001", where, f"YAML syntax error: {problem}", hint)]
    except yaml.YAMLError as exc:
        return YamlDocument(path, None), [
            error("FD001", SourceLocation(path), f"YAML error: {exc}", "check the file's syntax")
        ]
    problems: list[Diagnostic] = []
    if root is not None:
        _check_tree(path, root, problems)
    return YamlDocument(path, root if not problems else None), problems


def _syntax_hint(problem: str) -> str:
    if "multiple documents" in problem or "expected a single document" in problem:
        return "a content file holds one YAML document: remove the extra '---'"
    if "mapping values are not allowed" in problem:
        return 'a value containing ": " must be quoted, e.g. title: "Syria: the first week"'
    if "found character '\\t'" in problem:
        return "YAML indentation uses spaces, not tabs"
    return "check indentation and quoting around this position"


def _check_tree(path: str, root: yaml.Node, problems: list[Diagnostic]) -> None:
    visited = 0
    # (node, depth, ancestors) — ancestors catch a recursive alias before the budget does.
    stack: list[tuple[yaml.Node, int, frozenset[int]]] = [(root, 0, frozenset())]
    while stack:
        node, depth, ancestors = stack.pop()
        visited += 1
        if visited > MAX_NODES or depth > MAX_DEPTH or id(node) in ancestors:
            problems.append(
                error(
                    "FD003",
                    location(path, node),
                    "YAML aliases expand to too large or recursive a document",
                    "write the values out instead of using '&anchor' / '*alias'",
                )
            )
            return
        if node.tag not in _PLAIN_TAGS:
            problems.append(
                error(
                    "FD002",
                    location(path, node),
                    f"YAML tag '{node.tag}' is not allowed",
                    "content files use plain YAML only; remove the '!' tag",
                )
            )
            continue
        inner = ancestors | {id(node)}
        if isinstance(node, yaml.MappingNode):
            seen_keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value == "<<":
                        problems.append(
                            error(
                                "FD002",
                                location(path, key),
                                "YAML merge keys ('<<') are not allowed",
                                "write the keys out in full",
                            )
                        )
                    elif key.value in seen_keys:
                        first = location(path, seen_keys[key.value])
                        problems.append(
                            error(
                                "FD004",
                                location(path, key),
                                f"duplicate key '{key.value}' (first given on line {first.line})",
                                "YAML would silently keep only the last value; merge the two",
                            )
                        )
                    else:
                        seen_keys[key.value] = key
                stack.append((key, depth + 1, inner))
                stack.append((value, depth + 1, inner))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1, inner) for child in node.value)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a Markdown file into (front matter, body, line number where the body starts).

    Returns None when the file does not open with a '---' line.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") in ("---", "..."):
            front = "".join(lines[1:number])
            body = "".join(lines[number + 1 :])
            return front, body, number + 1
    return None
