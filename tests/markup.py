"""What counts as live markup in built output, for tests/test_payloads.py and test_hostile.py:
attributes that run script, script addresses, scripts from elsewhere, data scripts a `</script>`
broke out of, frames, refreshes, and direction controls left open in a paragraph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

HtmlElement = lxml.html.HtmlElement

# Markers the payloads' scripts carry: an inline script holding one came from content.
SCRIPT_MARKERS = ("alert", "__fd_ran")
# JavaScript string literals, closed on the same line, with their escapes.
_JS_STRINGS = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
# Elements that are a paragraph of their own for Unicode's bidirectional algorithm: a direction
# control left open in one reverses the rest of that paragraph.
PARAGRAPHS = (
    "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "title", "option", "dt", "dd",
    "figcaption", "summary", "caption",
)  # fmt: skip
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_ISOLATES = {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def read_html(path: Path) -> HtmlElement:
    root: HtmlElement = lxml.html.fromstring(path.read_bytes())
    return root


def read_html_text(markup: str) -> HtmlElement:
    root: HtmlElement = lxml.html.fromstring(markup)
    return root


def script_href(value: str) -> bool:
    """Whether a browser would run this address: it strips tabs and line breaks anywhere, and
    spaces and control characters in front, before reading the scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
        "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    return re.match(r"(?i)(javascript|vbscript|data):", cleaned) is not None


def unsafe_markup(root: HtmlElement, page: str) -> list[str]:
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{page}: <{element.tag} {name}={value!r}>")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and (
                script_href(value)
            ):
                problems.append(f"{page}: <{element.tag} {name}={value!r}>")
        if element.tag == "script":
            source = element.get("src")
            if source is not None:
                # Only MkDocs' and Material's bundles and factdesk's own script, from the site.
                if "://" in source or "assets/" not in source:
                    problems.append(f"{page}: script from {source}")
            elif (element.get("type") or "").lower() in ("application/json", "application/ld+json"):
                # Data, never run (Material's config, ClaimReview): content text may be in it,
                # but it must still be one JSON value, or a '</script>' broke out of it.
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"{page}: data script is not JSON: {element.text!r}")
            elif any(
                marker in _JS_STRINGS.sub("", element.text or "") for marker in SCRIPT_MARKERS
            ):
                # A payload inside a string literal (Material puts the site's address into
                # one) is data; one outside a string broke out and would run.
                problems.append(f"{page}: inline script {element.text!r}")
        if element.tag in ("iframe", "object", "embed", "frame", "base"):
            problems.append(f"{page}: <{element.tag}>")
        if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{page}: <meta http-equiv=refresh>")
        if element.tag == "img" and element.get("src") == "x":
            problems.append(f"{page}: <img src=x>")
    return problems


def open_directions(value: str) -> list[str]:
    """Direction embeddings and isolates `value` opens and does not close (by code point)."""
    stack: list[str] = []
    for character in value:
        if character in _OPENERS or character in _ISOLATES:
            stack.append(character)
        elif character == "\u202c" and stack and stack[-1] in _OPENERS:
            stack.pop()
        elif character == "\u2069" and any(c in _ISOLATES for c in stack):
            while stack.pop() not in _ISOLATES:
                pass
    return [f"U+{ord(c):04X}" for c in stack]


def directions_left_open(root: HtmlElement, page: str) -> list[str]:
    problems = []
    for element in root.iter(*PARAGRAPHS):
        left = open_directions(element.text_content())
        if left:
            problems.append(f"{page}: <{element.tag}> {text(element)[:60]!r} leaves {left} open")
    return problems
