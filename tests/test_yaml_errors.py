"""Errors that show the mistake: an unclosed quote or bracket is reported where it was opened,
with either YAML parser, and every diagnostic prints the line it points at with a caret under
the column, in the terminal and on the page `mkdocs serve` shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import run_factdesk

from generator.content import yamlsrc
from generator.content.diagnostics import format_diagnostic
from generator.content.excerpt import WIDTH, excerpt
from generator.site.render import error_page


@pytest.fixture(params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "libyaml" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    chosen = yaml.CSafeLoader if request.param == "libyaml" else yaml.SafeLoader
    monkeypatch.setattr(yamlsrc, "_Loader", chosen)


CLAIM = (
    'claim: "The Example air force does not strike populated areas.\n'
    "claimant: example-spokesman\n"
    "date: on Tuesday\n"
    "appearances:\n"
    "  - article: example-report\n"
    '    quote: "Our planes do not strike populated areas"\n'
)


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("text", "code", "where", "message"),
    [
        # The case: the parser gives up five lines further on, after the next quote.
        (CLAIM, "FD101", (1, 8), 'this quote (") is not closed on its line: YAML reads on to '
         'the next " at line 6, column 12'),
        ("title: 'Strike\nnote: x\ntags: ['a']\n", "FD101", (1, 8),
         "this quote (') is not closed on its line: YAML reads on to the next ' at line 3, "
         "column 8"),
        ('title: x\nnote: "never closed\n', "FD101", (2, 7), 'this quote (") is never closed'),
        ("tags: [a, b\ndate: 2026-10-07\n", "FD102", (1, 7),
         "this '[' is never closed: YAML reads the lines after it as part of the list, up to "
         "line 2, column 5"),
        ("title: x\nsides: {claim: a\nnote: y\n", "FD102", (2, 8),
         "this '{' is never closed: YAML reads the lines after it as part of the mapping, up "
         "to line 3, column 5"),
        ("title: x\ntags: [a, b\n", "FD102", (2, 7),
         "this '[' is never closed: YAML reads the lines after it as part of the list, up to "
         "line 3, column 1"),
    ],
)  # fmt: skip
def test_an_unclosed_quote_or_bracket_is_reported_where_it_was_opened(
    text: str, code: str, where: tuple[int, int], message: str
) -> None:
    _, problems = yamlsrc.parse_yaml("content/claims/x.yml", text)
    assert [(d.code, d.location.line, d.location.column, d.message) for d in problems] == [
        (code, *where, message)
    ]


@pytest.mark.usefixtures("loader")
def test_a_missing_comma_on_the_opening_line_stays_a_syntax_error() -> None:
    _, problems = yamlsrc.parse_yaml("x.yml", 'tags: ["a" "b"]\n')
    assert [(d.code, d.location.line, d.location.column) for d in problems] == [("FD001", 1, 12)]


@pytest.mark.usefixtures("loader")
def test_a_quote_over_several_lines_is_no_mistake() -> None:
    document, problems = yamlsrc.parse_yaml("x.yml", 'note: "one\n  two"\ntitle: x\n')
    assert problems == [] and document.root is not None


def test_the_caret_stands_under_the_column() -> None:
    assert excerpt("tags: [civilian casualties", 7, 7) == [
        "     7 | tags: [civilian casualties",
        "       |       ^",
    ]
    # A tab or an invisible character is one column wide, as the diagnostics count them.
    assert excerpt("a:\tb\x07c", 3, 6)[1] == "       |      ^"
    assert excerpt("a:\tb\x07c", 3, 6)[0] == "     3 | a: b\ufffdc"
    # Past the end of the line (a missing value): the caret follows the last character.
    assert excerpt("date:", 1, 6)[1] == "       |      ^"


def test_a_long_line_is_cut_around_the_column() -> None:
    line = "quote: " + "word " * 100 + "HERE" + " more" * 50
    column = line.index("HERE") + 1
    shown, caret = excerpt(line, 9, column)
    text = shown.split(" | ", 1)[1]
    assert text.startswith("…") and text.endswith("…")
    assert len(text) == WIDTH + 2
    assert text[caret.index("^") - caret.index("|") - 2 :].startswith("HERE")


def test_check_prints_the_line_and_a_caret(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    (site / "content" / "claims" / "no-strikes-on-towns.yml").write_text(CLAIM, encoding="utf-8")

    result = run_factdesk("check", cwd=site)

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    at = lines.index(
        'content/claims/no-strikes-on-towns.yml:1:8: error: this quote (") is not closed on its '
        'line: YAML reads on to the next " at line 6, column 12 [FD101]'
    )
    assert lines[at + 1 : at + 4] == [
        '     1 | claim: "The Example air force does not strike populated areas.',
        "       |        ^",
        '  hint: end the value with " on this line; a " inside it is written \\"',
    ]


def test_the_serve_error_page_shows_the_line_escaped() -> None:
    _, problems = yamlsrc.parse_yaml("content/claims/x.yml", 'claim: "<script>alert(1)\nx: "y"\n')
    source = excerpt('claim: "<script>alert(1)', 1, 8)
    page = error_page([(problems[0], source)])
    assert format_diagnostic(problems[0]).startswith("content/claims/x.yml:1:8:")
    assert "<script>" not in page
    html = lxml.html.fromstring(page.split("---", 2)[2])
    (shown,) = html.xpath("//pre[@class='fd-source']/code")
    assert shown.text_content().splitlines() == [
        '     1 | claim: "<script>alert(1)',
        "       |        ^",
    ]
