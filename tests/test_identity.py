"""One source for the site's identity: content/site.yml's title, description, address and
language reach MkDocs through the plugin, and a value mkdocs.yml sets otherwise is one error
that names both files and lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
from conftest import mkdocs_build, run_factdesk


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mkdocs_takes_the_identity_from_site_yml(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    site_yml = site / "content" / "site.yml"
    _replace(site_yml, "title: Example desk", 'title: "Desk of the \\"Example\\" & Co <b>"')
    _replace(site_yml, "language: en", "language: ru")
    # The articles take the site's language, so their date phrases would be read as Russian:
    # explicit dates here (issue 13).
    _replace(site / "content" / "claims" / "no-strikes-on-towns.yml", "on Tuesday", "2015-10-06")
    _replace(site / "content" / "events" / "strike.yml", "on Wednesday morning", "2015-10-07")

    built = mkdocs_build(site)

    assert built.returncode == 0, built.stderr
    page = lxml.html.parse(str(site / "site" / "claims" / "index.html")).getroot()
    assert page.get("lang") == "ru"
    # Material prints the site's name unescaped: markup arrives as look-alike characters.
    assert page.findtext(".//title") == "Утверждения - Desk of the ”Example” ＆ Co ‹b›"
    assert page.xpath("//b") == []
    description = page.xpath("//meta[@name='description']/@content")
    assert description == ["Fact-checks of statements about an example conflict."]
    canonical = page.xpath("//link[@rel='canonical']/@href")
    assert canonical == ["https://example.org/factcheck/claims/"]


def test_a_differing_site_name_is_one_error_naming_both_places(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    mkdocs_yml = site / "mkdocs.yml"
    _replace(mkdocs_yml, 'site_name: ""', "site_name: Syria desk")
    line = mkdocs_yml.read_text(encoding="utf-8").splitlines().index("site_name: Syria desk") + 1
    (site / "site").mkdir()
    (site / "site" / "index.html").write_text("last good site", encoding="utf-8")

    built = mkdocs_build(site)

    assert built.returncode == 1
    errors = [entry for entry in built.stderr.split("\n") if "error:" in entry]
    assert errors == [
        f"ERROR   -  factdesk: mkdocs.yml:{line}:12: error: site_name 'Syria desk' in mkdocs.yml "
        "differs from the title 'Example desk' in content/site.yml:1:8 [FD100]"
    ]
    assert "Traceback" not in built.stderr
    # Refused in on_config, before MkDocs empties the site folder.
    assert (site / "site" / "index.html").read_text(encoding="utf-8") == "last good site"

    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert checked.stderr.count("[FD100]") == 1
    assert f"mkdocs.yml:{line}:12: error: site_name 'Syria desk'" in checked.stderr


def test_each_identity_value_is_compared(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    mkdocs_yml = site / "mkdocs.yml"
    _replace(
        mkdocs_yml,
        'site_name: ""',
        'site_name: Example desk\nsite_description: "Another text"\n'
        "site_url: https://elsewhere.example/",
    )
    _replace(mkdocs_yml, "  name: material\n", "  name: material\n  language: de\n")

    checked = run_factdesk("check", "--format", "json", cwd=site)

    found = [(d["line"], d["code"], d["message"].split(" ")[0]) for d in _json(checked.stdout)]
    assert [code for _, code, _ in found] == ["FD100"] * 3
    assert [key for _, _, key in found] == ["site_description", "site_url", "theme.language"]
    built = mkdocs_build(site)
    assert built.returncode == 1 and built.stderr.count("[FD100]") == 3


def test_a_site_url_only_in_mkdocs_yml_belongs_in_site_yml(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    _replace(site / "content" / "site.yml", "site_url: https://example.org/factcheck/\n", "")
    # Without a verdict no claim needs the address, so site.yml alone is valid.
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text[: text.index("verdict:")], encoding="utf-8")
    _replace(site / "mkdocs.yml", 'site_name: ""', 'site_name: ""\nsite_url: https://example.org/')

    checked = run_factdesk("check", cwd=site)

    assert checked.returncode == 1
    assert "which gives no site_url [FD100]" in checked.stderr
    assert "set site_url in content/site.yml" in checked.stderr


def _json(text: str) -> list[dict[str, object]]:
    loaded = json.loads(text)
    assert isinstance(loaded, list)
    return loaded
