"""A failed `mkdocs build` keeps the last good site: content is checked before MkDocs empties
site_dir, and the site is built beside site_dir and swapped in only when the whole build
succeeded, so a strict-mode warning, a broken template or an interrupted build leave it too."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import mkdocs_build

CLAIM = Path("content/claims/no-strikes-on-towns.yml")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time, by relative path."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def edit(site: Path, relative: Path, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def leftovers(site: Path) -> list[str]:
    """Staging folders the build left beside site/."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".site-"))


@pytest.fixture
def good(copy_site: Callable[[str], Path]) -> Path:
    site = copy_site("minimal")
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    return site


def test_a_content_error_leaves_the_last_good_site(good: Path) -> None:
    """Issue 12, reproduction 3: build, break the content, build again, find the first site."""
    before = snapshot(good / "site")
    assert "claims/no-strikes-on-towns/index.html" in before
    edit(good, CLAIM, "claimant: example-spokesman", "claimant: nobody-we-know")

    built = mkdocs_build(good)

    assert built.returncode == 1
    assert f"{CLAIM.as_posix()}:2:11: error: unknown entity 'nobody-we-know'" in built.stderr
    assert "Traceback" not in built.stderr
    # Stopped before MkDocs cleaned anything: not even a file's time changed.
    assert "Cleaning site directory" not in built.stderr
    assert snapshot(good / "site") == before
    assert leftovers(good) == []


def test_a_strict_warning_leaves_the_last_good_site(good: Path) -> None:
    """A broken link in an editor's Markdown is a MkDocs warning, found only once the pages are
    written: under --strict the build fails, and the new pages never replace the good ones."""
    before = snapshot(good / "site")
    edit(
        good,
        Path("content/contradictions/towns.yml"),
        "  The two conflict.\n",
        "  The two conflict. See [the other note](missing.md).\n",
    )
    built = mkdocs_build(good)
    assert built.returncode == 1
    output = built.stdout + built.stderr
    assert "missing.md" in output and "Aborted with 1 warnings in strict mode" in output
    assert snapshot(good / "site") == before
    assert leftovers(good) == []

    # Without --strict the same build succeeds and replaces the site.
    lenient = mkdocs_build(good, "--no-strict")
    assert lenient.returncode == 0, lenient.stderr
    page = (good / "site" / "contradictions" / "towns" / "index.html").read_text("utf-8")
    assert "the other note" in page
    assert leftovers(good) == []


def test_a_factdesk_warning_fails_a_strict_build_before_the_clean(good: Path) -> None:
    before = snapshot(good / "site")
    # A claim too long for search results, without claim_short: a warning (FD035).
    edit(
        good,
        CLAIM,
        "claim: The Example air force does not strike populated areas.",
        "claim: The Example air force does not strike populated areas, towns, villages or "
        "any place where civilians live.",
    )
    built = mkdocs_build(good)
    assert built.returncode == 1
    assert "[FD035]" in built.stderr
    assert "content warning(s) in strict mode" in built.stderr
    assert "Cleaning site directory" not in built.stderr
    assert snapshot(good / "site") == before


def test_a_failing_template_override_leaves_the_last_good_site(good: Path) -> None:
    before = snapshot(good / "site")
    override = good / "overrides" / "factdesk" / "pages"
    override.mkdir(parents=True)
    (override / "methodology.md.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    built = mkdocs_build(good)
    assert built.returncode != 0
    assert snapshot(good / "site") == before
    assert leftovers(good) == []


def test_a_good_build_replaces_the_site_and_keeps_what_mkdocs_keeps(good: Path) -> None:
    """MkDocs' own clean keeps hidden entries of site_dir (a `.git` checkout of gh-pages, say)
    and the folder's permissions; the swap does too."""
    site_dir = good / "site"
    (site_dir / ".git").mkdir()
    (site_dir / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site_dir / "stale.html").write_text("<p>from an older build</p>\n", encoding="utf-8")
    site_dir.chmod(0o750)
    edit(good, CLAIM, "The monitor documented", "The monitor's report documented")

    built = mkdocs_build(good)

    assert built.returncode == 0, built.stderr
    page = (site_dir / "claims" / "no-strikes-on-towns" / "index.html").read_text("utf-8")
    assert "The monitor's report documented" in page
    assert (site_dir / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (site_dir / "stale.html").exists()
    assert stat.S_IMODE(site_dir.stat().st_mode) == 0o750
    assert (site_dir / "search" / "manifest.json").is_file()  # factdesk's own search index
    assert leftovers(good) == []


def test_a_dirty_build_stops_on_a_content_error_before_writing(good: Path) -> None:
    """`mkdocs build --dirty` writes into site_dir itself: the check before the build is what
    keeps it."""
    before = snapshot(good / "site")
    edit(good, CLAIM, "claimant: example-spokesman", "claimant: nobody-we-know")
    built = mkdocs_build(good, "--dirty")
    assert built.returncode == 1
    assert snapshot(good / "site") == before
