"""The MkDocs plugin's own checks beyond the content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import mkdocs_build


def test_site_url_must_agree_with_mkdocs_yml(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "site_url: https://elsewhere.example/\n",
        encoding="utf-8",
    )
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert (
        "site_url 'https://elsewhere.example/' in mkdocs.yml differs from the site_url "
        "'https://example.org/factcheck/' in content/site.yml:6:11 [FD100]"
    ) in built.stderr


def test_a_broken_template_override_stops_the_build_with_its_place(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    override = site / "overrides" / "factdesk" / "partials" / "verdict.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("{{ verdict.verdict_text }}\n", encoding="utf-8")
    built = mkdocs_build(site)
    assert built.returncode == 1
    assert (
        "overrides/factdesk/partials/verdict.md.j2:1:1: error: template cannot render "
        "claims/no-strikes-on-towns.md: 'verdict' is undefined [FD192]"
    ) in built.stderr
    assert "Traceback" not in built.stderr
    assert not (site / "site" / "index.html").exists()
