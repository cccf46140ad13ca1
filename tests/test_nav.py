"""The navigation holds the sections only. Material renders the whole nav into every page, so a
nav that grew with each claim would make the build quadratic; more claims must leave it as is."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
from conftest import FIXTURES, mkdocs_build

ADDED = 30
# Pages of each kind whose navigation is compared before and after.
PAGES = ("index.html", "claims/index.html", "claims/no-strikes-on-towns/index.html",
         "timeline/index.html")  # fmt: skip


def nav_links(page: Path) -> list[str]:
    """The link texts inside Material's primary navigation of a built page."""
    root = lxml.html.fromstring(page.read_bytes())
    (nav,) = root.xpath(".//nav[contains(@class, 'md-nav--primary')]")
    return [" ".join(a.text_content().split()) for a in nav.iter("a")]


def test_adding_claims_leaves_the_navigation_unchanged(tmp_path: Path) -> None:
    site = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    before = {page: nav_links(site / "site" / page) for page in PAGES}
    # Counting links must mean something: the sections are there.
    assert {"Timeline", "Claims", "Contradictions", "Methodology"} <= set(before["index.html"])

    claims = site / "content" / "claims"
    original = (claims / "no-strikes-on-towns.yml").read_text(encoding="utf-8")
    for number in range(1, ADDED + 1):
        text = original.replace(
            "claim: The Example air force does not strike populated areas.",
            f"claim: Added claim number {number} about populated areas.",
        )
        assert text != original
        (claims / f"added-claim-{number:02d}.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr

    # The claims were really added: a page each, and a row each in the claims index.
    built = sorted((site / "site" / "claims").glob("added-claim-*/index.html"))
    assert len(built) == ADDED
    index = lxml.html.fromstring((site / "site" / "claims/index.html").read_bytes())
    assert len(index.xpath(".//article//tbody/tr")) == ADDED + 1

    after = {page: nav_links(site / "site" / page) for page in PAGES}
    for page in PAGES:
        assert len(after[page]) == len(before[page]), page
        assert after[page] == before[page], page
    # A new claim's page carries the same navigation as the old one.
    assert nav_links(built[0]) == before["claims/no-strikes-on-towns/index.html"]

    # The count would notice a growing nav: with MkDocs' automatic nav (no `nav`, no
    # `not_in_nav`) every claim shows up in it.
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("\nnav:\n"), text.index("\nvalidation:")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    automatic = nav_links(site / "site" / "index.html")
    assert len(automatic) >= len(before["index.html"]) + ADDED
