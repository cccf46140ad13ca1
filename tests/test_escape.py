"""The escaping filters every content value passes through on its way into Markdown."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.site.render import (
    close_directions,
    escape_block,
    escape_inline,
    escape_url,
    meta_text,
    page_title,
)

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences"]


def html(source: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(source)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&#60;script&#62;alert(1)&#60;/script&#62;"),
        ("*not emphasis* and _not_ either", "&#42;not emphasis&#42; and &#95;not&#95; either"),
        ("[a](javascript:x)", "&#91;a&#93;(javascript:x)"),
        ("a | b", "a &#124; b"),
        ("{: onclick=x }", "&#123;: onclick&#61;x &#125;"),
        ("{{ 7*7 }}", "&#123;&#123; 7&#42;7 &#125;&#125;"),
        ("# heading", "&#35; heading"),
        ("- item", "&#45; item"),
        ("1. item", "1&#46; item"),
        ("line\nbreak   and  spaces", "line break and spaces"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_inline_text_is_escaped(text: str, shown: str) -> None:
    assert escape_inline(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "*x* _y_ `z`",
        "# not a heading",
        "1. not a list",
        "| a | b |",
        "{: .x }",
        "&lt;b&gt;",
        "[t](http://e.org)",
        "![i](x.png)",
        "--- ",
        "> quote",
    ],
)
def test_inline_text_renders_as_itself(text: str) -> None:
    rendered = html(f"<p markdown>{escape_inline(text)}</p>")
    assert "<script" not in rendered and "<a " not in rendered and "<img" not in rendered
    assert "<em>" not in rendered and "<code>" not in rendered and "<h1" not in rendered


@pytest.mark.parametrize(
    ("source", "neutralised"),
    [
        ("[x](javascript:alert(1))", "[x]&#40;javascript:alert(1))"),
        ("[x](  JavaScript\t:alert(1))", "[x]&#40;  JavaScript\t:alert(1))"),
        ("![i](data:image/png;base64,x)", "![i]&#40;data:image/png;base64,x)"),
        ("[r]: javascript:alert(2)", "[r]&#58; javascript:alert(2)"),
        ("[x](java&#115;cript:alert(4))", "[x]&#40;java&amp;#115;cript:alert(4))"),
        ("<b>raw</b> {: onclick=x }", "&lt;b>raw&lt;/b> &#123;: onclick=x &#125;"),
    ],
)
def test_markdown_fields_lose_scripts_and_html(source: str, neutralised: str) -> None:
    assert escape_block(source) == neutralised
    rendered = html(str(escape_block(source))).lower()
    assert "href" not in rendered and "src=" not in rendered
    assert "<b>" not in rendered
    assert not re.search(r"<[^>]*\sonclick", rendered)


@pytest.mark.parametrize(
    "source",
    [
        "[site](https://example.org/a?b=1&c=2)",
        "[mail](mailto:desk@example.org)",
        "[other claim](other-claim.md)",
        "**bold** and *emphasis*",
        "- a list\n- of items",
    ],
)
def test_markdown_fields_keep_ordinary_markdown(source: str) -> None:
    rendered = html(str(escape_block(source)))
    assert "&#40;" not in str(escape_block(source))
    assert any(tag in rendered for tag in ("<a ", "<strong>", "<li>"))


_LINKS = {"#event-strike": "../timeline/2015-10/2.md#event-strike"}


@pytest.mark.parametrize(
    ("source", "linked"),
    [
        ("[a](#event-strike)", "[a](../timeline/2015-10/2.md#event-strike)"),
        (
            '[a](#event-strike "the strike")',
            '[a](../timeline/2015-10/2.md#event-strike "the strike")',
        ),
        ("[r]: #event-strike", "[r]: ../timeline/2015-10/2.md#event-strike"),
        # An address the callable does not know: as written.
        ("[a](#event-strike-two)", "[a](#event-strike-two)"),
        ("[a](#event-other)", "[a](#event-other)"),
        ("[a](timeline.md#event-strike)", "[a](timeline.md#event-strike)"),
        ("[x](javascript:#event-strike)", "[x]&#40;javascript:#event-strike)"),
    ],
)
def test_a_links_address_can_be_written_again(source: str, linked: str) -> None:
    assert escape_block(source, _LINKS.get) == linked
    assert escape_block(source) == (
        source if "javascript" not in source else "[x]&#40;javascript:#event-strike)"
    )


def test_addresses_cannot_close_a_link() -> None:
    assert escape_url('https://e.org/a b)"<x>') == "https://e.org/a%20b%29%22%3Cx%3E"


def test_titles_hold_no_markup_characters() -> None:
    assert page_title("</title><script>x</script> & more") == (
        '"‹/title›‹script›x‹/script› ＆ more"'
    )


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("plain", "plain"),
        ("\u202eevil", "\u202eevil\u202c"),  # an override left open is closed
        ("\u2067a\u202bb", "\u2067a\u202bb\u202c\u2069"),  # innermost first
        ("\u2067a\u202bb\u2069", "\u2067a\u202bb\u2069"),  # a PDI closes what it holds
        ("\u202ba\u202c b", "\u202ba\u202c b"),  # balanced: unchanged
        ("\u202c stray", "\u202c stray"),  # a stray closer closes nothing of ours
        ("\u200fRLM and ZWNJ\u200c stay", "\u200fRLM and ZWNJ\u200c stay"),
    ],
)
def test_direction_controls_left_open_are_closed(text: str, closed: str) -> None:
    assert close_directions(text) == closed


def test_every_filter_closes_the_directions_a_value_opens() -> None:
    for filtered in (
        escape_inline("\u202eabc"),
        escape_block("\u202eabc"),
        page_title("\u202eabc"),
        meta_text("\u202eabc"),
    ):
        assert str(filtered).count("\u202c") == 1


def test_a_shortened_meta_value_still_closes_its_directions() -> None:
    # Shortening cuts off the closing character the value had at its end: it is put back.
    shortened = meta_text("\u2067" + "word " * 40 + "\u2069", limit=30)
    assert shortened.endswith('…\u2069"') and shortened.count("\u2069") == 1
