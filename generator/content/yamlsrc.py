"""Read YAML text into position-carrying nodes, refusing the traps that lose an editor's work.

Takes the text of one file and its display path; returns the composed root node (PyYAML's node
graph, whose marks give exact lines and columns) and the diagnostics found: syntax errors,
characters YAML refuses, duplicate keys, tags other than the plain YAML ones, nesting too deep
to compose safely, and alias graphs too large to expand. Nothing is constructed here, so no tag
can run code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import yaml

from .diagnostics import Diagnostic, SourceLocation, error

# libyaml's composer is about ten times faster and its marks are just as exact.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Which of the two reads the files here: records kept between builds are keyed by it
# (`site/page_keys.code_digest`), since a cache may move to a machine with the other one.
LOADER = _Loader.__name__

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_MERGE_TAG = _YAML + "merge"

MAX_DEPTH = 64
# Aliases are shared nodes; expanding them is what makes "billion laughs" documents explode.
# Only repeated visits count, so a long file without aliases is never refused.
MAX_ALIAS_EXPANSION = 10_000
# Both composers recurse once per level of nesting: libyaml's on the C stack (measured: 20 000
# nested '[' compose, 40 000 crash the interpreter), the pure one on Python's (about 500 levels).
# Nesting cannot be deeper than the text is long, so a short file goes straight to libyaml and
# only longer ones are first walked with the event parser, which keeps its own stack.
_LIBYAML_SAFE_LENGTH = 2_000
_LIBYAML_NESTING = "exceeded maximum nesting depth"

# YAML 1.1 also ends a line at NEL, U+2028 and U+2029; editors show those inside a line, so
# marks are recounted when one occurs (quotes pasted from web pages carry them).
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAK = re.compile("[\x85\u2028\u2029]")
_EDITOR_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True, slots=True)
class YamlDocument:
    path: str
    root: yaml.Node | None


def location(path: str, node: yaml.Node) -> SourceLocation:
    mark = node.start_mark
    return SourceLocation(path, mark.line + 1, mark.column + 1)


class _Lines:
    """Line and column of a character index, counted the way an editor counts them."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def at(self, path: str, index: int) -> SourceLocation:
        line = bisect_right(self.starts, index)
        return SourceLocation(path, line, index - self.starts[line - 1] + 1)


def parse_yaml(
    path: str, text: str, *, line_offset: int = 0
) -> tuple[YamlDocument, list[Diagnostic]]:
    """Compose one YAML document; `line_offset` lines precede it (front matter in Markdown)."""
    # Blank lines in front keep the marks (read-only) true to the whole file.
    source = "\n" * line_offset + text
    try:
        scan = _Loader is yaml.SafeLoader or len(source) > _LIBYAML_SAFE_LENGTH
        too_deep = _too_deep(source) if scan else None
        if too_deep is not None:
            return YamlDocument(path, None), [_nesting_error(_Lines(source).at(path, too_deep))]
        root = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None and _LIBYAML_NESTING in problem:
            # libyaml (PyYAML 6.0.4 and later) stops at its own limit of 1 000 levels, often
            # before our walk reaches MAX_DEPTH; the editor gets the same error either way, at
            # the place where the nesting first went too deep.
            index = _too_deep(source[: mark.index], prefix=True)
            where = _Lines(source).at(path, mark.index if index is None else index)
            return YamlDocument(path, None), [_nesting_error(where)]
        unclosed = _unclosed(path, source, exc)
        if unclosed is not None:
            return YamlDocument(path, None), [unclosed]
        where = _Lines(source).at(path, mark.index) if mark is not None else SourceLocation(path)
        return YamlDocument(path, None), [
            error("FD001", where, f"YAML syntax error: {problem}", _syntax_hint(problem))
        ]
    except yaml.reader.ReaderError as exc:
        return YamlDocument(path, None), [_character_error(path, source, exc)]
    except yaml.YAMLError as exc:
        return YamlDocument(path, None), [
            error("FD001", SourceLocation(path), f"YAML error: {exc}", "check the file's syntax")
        ]
    if root is None or _is_bare_marker(root):
        return YamlDocument(path, None), []
    if _YAML_ONLY_BREAK.search(source):
        _recount_marks(root, _Lines(source))
    problems: list[Diagnostic] = []
    _check_tree(path, root, problems, anchors="&" in source)
    # A duplicate key leaves a readable document (the last value wins, as in PyYAML), so later
    # stages still link the record; every other trap makes the document unsafe to read on.
    readable = all(p.code == "FD004" for p in problems)
    return YamlDocument(path, root if readable else None), problems


def _is_bare_marker(root: yaml.Node) -> bool:
    # A file holding only '---' (and comments) composes to an empty scalar placed after the
    # last line; it is an empty file, as one without the marker is.
    return isinstance(root, yaml.ScalarNode) and root.tag == _YAML + "null" and root.value == ""


def _too_deep(source: str, *, prefix: bool = False) -> int | None:
    """The index where nesting first goes deeper than MAX_DEPTH, if it does.

    A `prefix` of a document ends in the middle of a collection: it is read with the pure
    parser, which has no nesting limit of its own, and its unfinished end is no error.
    """
    depth = 0
    try:
        for event in yaml.parse(source, Loader=yaml.SafeLoader if prefix else _Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                # Counted like _check_tree's depth: the root collection is level 0.
                if depth > MAX_DEPTH and event.start_mark is not None:
                    index: int = event.start_mark.index
                    return index
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError:
        if prefix:
            return None
        raise
    return None


_BRACKETS = {"sequence": ("[", "]", "list"), "mapping": ("{", "}", "mapping")}


def _unclosed(path: str, source: str, exc: yaml.MarkedYAMLError) -> Diagnostic | None:
    """An unclosed quote or bracket, reported where it was opened rather than where the parser
    gave up, which can be many lines further on."""
    lines = _Lines(source)
    opened, gave_up = exc.context_mark, exc.problem_mark
    context = exc.context or ""
    if opened is not None and context.startswith("while scanning a quoted scalar"):
        return _unclosed_quote(lines.at(path, opened.index), source[opened.index], None)
    # On the line that opened it, a missing comma is likelier; later, a missing bracket.
    if (
        opened is not None
        and gave_up is not None
        and context.startswith("while parsing a flow")
        and gave_up.line > opened.line
    ):
        start, end, what = _BRACKETS[context.rsplit(" ", 1)[-1]]
        found = lines.at(path, gave_up.index)
        return error(
            "FD102",
            lines.at(path, opened.index),
            f"this '{start}' is never closed: YAML reads the lines after it as part of the "
            f"{what}, up to line {found.line}, column {found.column}",
            f"close the {what} with '{end}' at the end of this line",
        )
    if gave_up is not None:
        # A quote left open takes everything up to the next quote of its kind as its text; the
        # parser only stumbles right after that quote.
        quoted = _last_quoted_scalar(source, gave_up.index)
        if quoted is not None:
            opening, closing = quoted
            if opening.line < closing.line and closing.line == gave_up.line:
                return _unclosed_quote(
                    lines.at(path, opening.index),
                    source[opening.index],
                    lines.at(path, closing.index),
                )
    return None


def _unclosed_quote(where: SourceLocation, quote: str, closed: SourceLocation | None) -> Diagnostic:
    runs_on = (
        "never closed"
        if closed is None
        else f"not closed on its line: YAML reads on to the next {quote} at line "
        f"{closed.line}, column {closed.column - 1}"
    )
    inner = '\\"' if quote == '"' else "''"
    return error(
        "FD101",
        where,
        f"this quote ({quote}) is {runs_on}",
        f"end the value with {quote} on this line; a {quote} inside it is written {inner}",
    )


def _last_quoted_scalar(source: str, before: int) -> tuple[yaml.Mark, yaml.Mark] | None:
    """Start and end of the last quoted value that ends at or before `before` (an index)."""
    last = None
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if token.start_mark.index >= before:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = (token.start_mark, token.end_mark)
    except yaml.MarkedYAMLError:
        pass
    return last


def _nesting_error(where: SourceLocation) -> Diagnostic:
    return error(
        "FD003",
        where,
        f"YAML values are nested more than {MAX_DEPTH} levels deep",
        "content files need only a few levels; check the brackets and the indentation",
    )


def _character_error(path: str, source: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    index = exc.position
    if _Loader is not yaml.SafeLoader:
        # libyaml counts the position in bytes of UTF-8, the pure reader in characters.
        index = len(source.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))
    character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
    return error(
        "FD001",
        _Lines(source).at(path, index),
        f"the file contains an invisible control character ({character}) that YAML does not allow",
        "delete it; it often comes with text pasted from a web page or a PDF",
    )


def _syntax_hint(problem: str) -> str:
    if "another document" in problem or "expected a single document" in problem:
        return "a content file holds one YAML document: remove the extra '---'"
    if "mapping values are not allowed" in problem:
        return 'a value containing ": " must be quoted, e.g. title: "Syria: the first week"'
    if "'\\t'" in problem or "tab character" in problem:
        return "YAML indentation uses spaces, not tabs"
    return "check indentation and quoting around this position"


def _recount_marks(root: yaml.Node, lines: _Lines) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        mark = node.start_mark
        where = lines.at(mark.name, mark.index)
        node.start_mark = yaml.Mark(
            mark.name, mark.index, where.line - 1, where.column - 1, None, 0
        )
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


def _check_tree(path: str, root: yaml.Node, problems: list[Diagnostic], *, anchors: bool) -> None:
    if not anchors:
        _check_unshared_tree(path, root, problems)
        return
    seen: set[int] = set()
    expanded = 0
    # (node, depth, ancestors, top-level field or entry) — ancestors catch a recursive alias
    # before the budget does; the top-level field is where an expansion is reported, since the
    # node where the budget runs out is some anchor far from the alias that expanded it.
    stack: list[tuple[yaml.Node, int, frozenset[int], yaml.Node | None]] = [
        (root, 0, frozenset(), None)
    ]
    while stack:
        node, depth, ancestors, field = stack.pop()
        if id(node) in ancestors:
            problems.append(
                error(
                    "FD003",
                    location(path, node),
                    "a YAML alias refers to the value that contains it, which never ends",
                    "write the values out instead of using '&anchor' / '*alias'",
                )
            )
            return
        if id(node) in seen:
            expanded += 1
        else:
            seen.add(id(node))
        if expanded > MAX_ALIAS_EXPANSION:
            problems.append(
                error(
                    "FD003",
                    location(path, field or node),
                    f"YAML aliases expand to too large a document (more than "
                    f"{MAX_ALIAS_EXPANSION} repeated values)",
                    "write the values out instead of using '&anchor' / '*alias'",
                )
            )
            return
        if depth > MAX_DEPTH:
            problems.append(_nesting_error(location(path, node)))
            return
        if not _plain_tag(path, node, problems) or isinstance(node, yaml.ScalarNode):
            continue
        inner = ancestors | {id(node)}
        if isinstance(node, yaml.MappingNode):
            stack.extend(
                (child, depth + 1, inner, field or key)
                for child, key in _mapping_children(path, node, problems)
            )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1, inner, field or child) for child in node.value)


def _check_unshared_tree(path: str, root: yaml.Node, problems: list[Diagnostic]) -> None:
    """`_check_tree` for a document without anchors, so without aliases: no value is shared
    and none is visited twice. Most files have none, and the walk that looks for aliases was a
    sixth of loading them. Depth is still counted: a short file was composed by libyaml
    without our walk of its events (`parse_yaml`)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(_nesting_error(location(path, node)))
            return
        if not _plain_tag(path, node, problems) or isinstance(node, yaml.ScalarNode):
            continue
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for child, _ in _mapping_children(path, node, problems))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def _plain_tag(path: str, node: yaml.Node, problems: list[Diagnostic]) -> bool:
    if node.tag in _PLAIN_TAGS:
        return True
    shown = _shown_tag(node.tag)
    problems.append(
        error(
            "FD002",
            location(path, node),
            f"YAML tag '{shown}' is not allowed",
            f"content files use plain YAML only; remove '{shown}'",
        )
    )
    return False


def _mapping_children(
    path: str, node: yaml.MappingNode, problems: list[Diagnostic]
) -> list[tuple[yaml.Node, yaml.Node]]:
    """A mapping's keys and values to check next, each with its key; merge keys and duplicate
    keys reported (a merge key's own node is not checked: it is the problem)."""
    children: list[tuple[yaml.Node, yaml.Node]] = []
    seen_keys: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag == _MERGE_TAG:
            problems.append(
                error(
                    "FD002",
                    location(path, key),
                    "YAML merge keys ('<<') are not allowed",
                    "write the keys out in full",
                )
            )
            children.append((value, key))
            continue
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen_keys:
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
        children.append((key, key))
        children.append((value, key))
    return children


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a Markdown file into (front matter, body, line number where the body starts).

    Returns None when the file does not open with a '---' line.
    """
    # Lines end where an editor ends them (not at form feeds or U+2028, as str.splitlines
    # would), so the front matter's line numbers agree with the marks.
    lines = _EDITOR_LINE.findall(text)
    if not lines or lines[0].rstrip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            front = "".join(lines[1:number])
            body = "".join(lines[number + 1 :])
            return front, body, number + 2
    return None
