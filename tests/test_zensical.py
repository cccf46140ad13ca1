"""Zensical beside MkDocs (issue 17): the bundled case's `factdesk build --out` tree, built with
the pinned Zensical as the README says, gives a reader and a search engine what the MkDocs build
with the plugin gives: every claim page with its heading, its ClaimReview JSON-LD and its links,
and the same timeline entries; and a large desk's paged timeline, page by page."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from posixpath import normpath
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from conftest import ROOT, copy_desk, mkdocs_build, run_factdesk

from generator import identity
from generator.content.load import load_site_config
from generator.resources import THEME_OVERRIDE

ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent))


def _zensical_config(site: Path) -> str:
    """The README's `mkdocs.yml` for Zensical: the bundled one without the factdesk plugin, the
    identity the plugin would take from content/site.yml, and factdesk's theme folder (copied
    as `overrides/`) for the sharing tags."""
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    desk, problems = load_site_config(site)
    assert desk is not None and not problems
    for key, value in identity.mkdocs_values(desk).items():
        if key == "theme.language":
            config["theme"]["language"] = value
        else:
            config[key] = value
    config["docs_dir"] = "docs"
    config["theme"]["custom_dir"] = "overrides"
    config["plugins"] = [p for p in config["plugins"] if p != "factdesk"]
    config["extra_css"] = ["assets/factdesk.css"]
    config["extra_javascript"] = ["assets/factdesk.js"]
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _zensical_build(site: Path, out: Path) -> Path:
    """`site`'s `factdesk build --out` tree in `out`, built with Zensical; its HTML folder."""
    if ZENSICAL is None:
        pytest.fail("zensical is not installed: it is in requirements-dev.lock (make test)")
    result = run_factdesk("build", "--out", str(out / "docs"), cwd=site)
    assert result.returncode == 0, result.stderr
    shutil.copytree(THEME_OVERRIDE, out / "overrides")
    (out / "mkdocs.yml").write_text(_zensical_config(site), encoding="utf-8")
    zensical = subprocess.run(
        [ZENSICAL, "build", "-f", str(out / "mkdocs.yml")],
        cwd=out,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return out / "site"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the MkDocs build with the plugin, the Zensical build of the out tree)."""
    site = copy_desk("bundled", tmp_path_factory.mktemp("desk") / "site")
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    return site / "site", _zensical_build(site, tmp_path_factory.mktemp("zensical"))


def _page(root: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((root / path).read_text(encoding="utf-8"))


def _article(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    (article,) = page.xpath("//article[contains(@class, 'md-content__inner')]")
    return article


def _json_ld(page: lxml.html.HtmlElement) -> list[object]:
    return [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]


def _sharing(page: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """The browser title and the Open Graph and Twitter card tags, as a link preview reads them."""
    tags = [("title", page.xpath("string(//head/title)"))]
    for meta in page.xpath("//head/meta[starts-with(@property, 'og:')]"):
        tags.append((meta.get("property"), meta.get("content")))
    for meta in page.xpath("//head/meta[starts-with(@name, 'twitter:')]"):
        tags.append((meta.get("name"), meta.get("content")))
    return tags


def _links(page_path: str, article: lxml.html.HtmlElement) -> set[str]:
    """Where the page's content links, as site paths (outside addresses as they are)."""
    here = "/" + page_path.removesuffix("index.html")
    found = set()
    for href in article.xpath(".//a/@href"):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            found.add(href)
        elif parts.path:
            target = normpath(here + parts.path) + ("/" if parts.path.endswith("/") else "")
            found.add(target + (f"#{parts.fragment}" if parts.fragment else ""))
    return found


def test_every_claim_page_matches_the_mkdocs_build(builds: tuple[Path, Path]) -> None:
    mkdocs, zensical = builds
    claim_pages = sorted(
        p.relative_to(mkdocs).as_posix()
        for p in (mkdocs / "claims").glob("*/index.html")
        if p.parent.name != "claims"
    )
    assert len(claim_pages) >= 10
    with_review = 0
    for path in claim_pages:
        ours, theirs = _page(mkdocs, path), _page(zensical, path)
        assert _article(theirs).xpath("string(.//h1)") == _article(ours).xpath("string(.//h1)")
        assert _json_ld(theirs) == _json_ld(ours), path
        with_review += bool(_json_ld(ours))
        assert _links(path, _article(theirs)) == _links(path, _article(ours)), path
        assert _sharing(theirs) == _sharing(ours), path
        assert ("og:type", "article") in _sharing(ours)
        # The share image, drawn by the generator, is published by both.
        image = dict(_sharing(ours))["og:image"]
        drawn = image.removeprefix("https://factdesk.example.org/")
        assert (zensical / drawn).read_bytes() == (mkdocs / drawn).read_bytes(), path
    # ClaimReview in the page body: Zensical applies no theme override, and needs none.
    assert with_review >= 10


def test_timeline_and_data_files_match(builds: tuple[Path, Path]) -> None:
    mkdocs, zensical = builds
    path = "timeline/index.html"

    def entries(page: lxml.html.HtmlElement) -> list[str]:
        return [str(i) for i in page.xpath("//div[contains(@class, 'fd-entry')]/@id")]

    ours, theirs = _page(mkdocs, path), _page(zensical, path)
    assert entries(ours) and entries(theirs) == entries(ours)
    assert _links(path, _article(theirs)) == _links(path, _article(ours))
    assert _sharing(theirs) == _sharing(ours)
    for data in ("data/claimreview.json", "data/timeline.json", "data/claims.csv"):
        assert (zensical / data).read_bytes() == (mkdocs / data).read_bytes(), data


def test_the_readme_gives_the_pinned_release() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lock = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    (pinned,) = [line.split()[0] for line in lock.splitlines() if line.startswith("zensical==")]
    assert f"pip install {pinned}" in readme


def test_a_paged_timeline_matches_the_mkdocs_build(
    large_desk: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The large desk's timeline has a page per month or part of one: every page has the same
    # entries and links under both, the links between months marked for factdesk.js alike.
    mkdocs = large_desk / "site"
    zensical = _zensical_build(large_desk, tmp_path_factory.mktemp("zensical-large"))
    pages = sorted(
        p.relative_to(mkdocs).as_posix() for p in (mkdocs / "timeline").rglob("index.html")
    )
    parts = [path for path in pages if path.count("/") > 2]
    assert len(parts) > 10, pages

    def entries(page: lxml.html.HtmlElement) -> list[str]:
        return [str(i) for i in page.xpath("//div[contains(@class, 'fd-entry')]/@id")]

    def carried(page: lxml.html.HtmlElement) -> list[tuple[str, str | None]]:
        links = page.xpath("//div[contains(@class, 'fd-month-links')]//a")
        return [(link.text_content(), link.get("data-carry")) for link in links]

    shown = 0
    for path in pages:
        ours, theirs = _page(mkdocs, path), _page(zensical, path)
        assert entries(theirs) == entries(ours), path
        shown += len(entries(ours))
        assert _links(path, _article(theirs)) == _links(path, _article(ours)), path
        assert carried(theirs) == carried(ours), path
    assert shown > 100  # the pages compared have entries: an empty match proves nothing
    assert ("All months", "tags") in carried(_page(mkdocs, parts[0]))
