"""The desk is a boundary: factdesk reads nothing outside the desk's folder and no symbolic link
among its inputs (content/, seeds/, template overrides); MkDocs' docs/ may link within the desk
but never out of it. Each case is built for real: `factdesk check` and `mkdocs build --strict`
refuse it with the link's path and where it points, and nothing it points at is published."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import mkdocs_build, run_factdesk

ARTICLE = "title: Linked text\noutlet: Example Wire\npublished: 2015-10-07\ntext_file: {}\n"
SECRET = "FACTDESK-SECRET-TOKEN-0123456789"


def published_text(site: Path) -> str:
    """Everything MkDocs wrote, as one text (pages, search index, data files)."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted((site / "site").rglob("*"))
        if path.is_file()
    )


def add_linked_seed(site: Path, target: str | Path, name: str = "linked.txt") -> None:
    (site / "seeds" / name).symlink_to(target)
    (site / "content" / "articles" / "linked.yml").write_text(
        ARTICLE.format(f"seeds/{name}"), encoding="utf-8"
    )


def test_a_seed_linked_to_etc_passwd_is_refused(copy_site: Callable[[str], Path]) -> None:
    """Issue 12, reproduction 1, as written there."""
    site = copy_site("minimal")
    add_linked_seed(site, "/etc/passwd", "pw.txt")

    checked = run_factdesk("check", "--strict", cwd=site)
    assert checked.returncode == 1
    assert (
        "content/articles/linked.yml:4:12: error: seeds/pw.txt is a symbolic link to "
        "/etc/passwd, outside the desk [FD120]" in checked.stderr
    )
    assert "Traceback" not in checked.stderr
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert "seeds/pw.txt is a symbolic link to /etc/passwd" in built.stderr
    assert not (site / "site" / "articles" / "linked").exists()


def test_a_seed_linked_to_the_build_environment_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    """In CI, /proc/self/environ holds the build's tokens: nothing of it reaches the site."""
    site = copy_site("minimal")
    assert mkdocs_build(site).returncode == 0  # a good site first
    add_linked_seed(site, "/proc/self/environ", "env.txt")
    environment = dict(os.environ, FACTDESK_TEST_TOKEN=SECRET)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site / "site")],
        cwd=site, env=environment, capture_output=True, text=True, encoding="utf-8",
        timeout=600, check=False,
    )  # fmt: skip
    assert built.returncode != 0
    assert "seeds/env.txt is a symbolic link to /proc/self/environ, outside the desk" in (
        built.stderr
    )
    assert SECRET not in published_text(site)
    assert (site / "site" / "claims" / "no-strikes-on-towns" / "index.html").is_file()


def test_a_content_file_linked_from_elsewhere_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    elsewhere = tmp_path / "elsewhere.yml"
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    elsewhere.write_text(claim.read_text(encoding="utf-8"), encoding="utf-8")
    (site / "content" / "claims" / "borrowed.yml").symlink_to(elsewhere)

    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert (
        f"content/claims/borrowed.yml: error: content/claims/borrowed.yml is a symbolic link to "
        f"{elsewhere}, outside the desk [FD120]" in checked.stderr
    )
    # It was not loaded: no duplicate id reported for the copy.
    assert "FD030" not in checked.stderr


def test_a_folder_linked_from_elsewhere_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    events = site / "content" / "events"
    outside = tmp_path / "events-elsewhere"
    events.rename(outside)
    events.symlink_to(outside, target_is_directory=True)

    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert (
        f"content/events/strike.yml: error: content/events is a symbolic link to {outside}, "
        "outside the desk [FD120]" in checked.stderr
    )


def test_a_seeds_folder_linked_from_elsewhere_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    """Article texts directly in seeds/ are read from one listing of the folder: a seeds/
    reached through a link is refused for each text all the same, and none is published."""
    site = copy_site("minimal")
    seeds = site / "seeds"
    texts = sorted(path.name for path in seeds.iterdir())
    outside = tmp_path / "seeds-elsewhere"
    seeds.rename(outside)
    seeds.symlink_to(outside, target_is_directory=True)

    checked = run_factdesk("check", cwd=site)

    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    refused = f"is a symbolic link to {outside}, outside the desk [FD120]"
    assert checked.stderr.count(refused) == len(texts) > 0
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert refused in built.stderr


def test_links_inside_the_desk_are_refused_too(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    add_linked_seed(site, "report.txt")
    (site / "content" / "claims" / "again.yml").symlink_to("no-strikes-on-towns.yml")

    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    lines = [line for line in checked.stderr.splitlines() if "[FD121]" in line]
    assert lines == [
        "content/articles/linked.yml:4:12: error: seeds/linked.txt is a symbolic link to "
        "seeds/report.txt [FD121]",
        "content/claims/again.yml: error: content/claims/again.yml is a symbolic link to "
        "content/claims/no-strikes-on-towns.yml [FD121]",
    ]
    assert "see factdesk's SECURITY.md" in checked.stderr


def test_a_link_into_git_is_refused(copy_site: Callable[[str], Path]) -> None:
    """.git is inside the desk's folder, but a checkout may keep its credentials there."""
    site = copy_site("minimal")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(f"[http]\n\textraheader = {SECRET}\n", "utf-8")
    add_linked_seed(site, "../.git/config")

    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert (
        "seeds/linked.txt is a symbolic link to ../.git/config "
        f"({site.resolve()}/.git/config), inside .git" in checked.stderr
    )


def test_dangling_links_are_reported_not_skipped(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    (site / "content" / "claims" / "gone.yml").symlink_to("/nonexistent/gone.yml")
    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert "content/claims/gone.yml is a symbolic link to /nonexistent/gone.yml" in checked.stderr


def test_the_desk_may_itself_be_reached_through_a_link(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    """Only links below the desk's folder count: the folder's own path may go through one."""
    site = copy_site("minimal")
    alias = tmp_path / "desk-alias"
    alias.symlink_to(site, target_is_directory=True)
    checked = run_factdesk("check", "--strict", cwd=alias)
    assert checked.returncode == 0, checked.stderr
    checked = run_factdesk("--root", str(alias), "check", "--strict", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_a_template_override_linked_out_of_the_desk_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    pages = site / "overrides" / "factdesk" / "pages"
    pages.mkdir(parents=True)
    (pages / "methodology.md.j2").symlink_to(secret)

    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert (
        f"overrides/factdesk/pages/methodology.md.j2 is a symbolic link to {secret}, outside "
        "the desk [FD120]" in checked.stderr
    )
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert "[FD120]" in built.stderr
    out = run_factdesk(
        "build", "--out", str(tmp_path / "out"), "--templates", str(site / "overrides/factdesk"),
        cwd=site,
    )  # fmt: skip
    assert out.returncode == 1
    assert not (tmp_path / "out").exists()


def test_a_template_folder_outside_the_desk_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    shared = tmp_path / "shared-templates"
    shared.mkdir()
    out = run_factdesk(
        "build", "--out", str(tmp_path / "out"), "--templates", str(shared), cwd=site
    )
    assert out.returncode == 1
    assert f"{shared} is outside the desk" in out.stderr


def test_a_docs_file_linked_out_of_the_desk_is_not_published(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    """MkDocs copies docs/ into the site, following links: factdesk stops one that leads out,
    and lets one within the desk (docs/index.md -> ../README.md is a common pattern) through."""
    site = copy_site("minimal")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (site / "NOTES.txt").write_text("Notes of the desk.\n", encoding="utf-8")
    (site / "docs" / "notes.txt").symlink_to("../NOTES.txt")
    assert mkdocs_build(site).returncode == 0
    assert (site / "site" / "notes.txt").read_text(encoding="utf-8") == "Notes of the desk.\n"

    (site / "docs" / "secret.txt").symlink_to(secret)
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert f"docs/secret.txt is a symbolic link to {secret}, outside the desk" in built.stderr
    assert SECRET not in published_text(site)


@pytest.mark.parametrize("inside", [False, True], ids=["outside", "inside"])
def test_a_cache_folder_reached_through_a_link_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path, inside: bool
) -> None:
    """The plugin deletes files in its cache folder that it no longer generates: a `.cache`
    committed as a link must not aim that at anyone's files."""
    site = copy_site("minimal")
    target = (site / "elsewhere") if inside else (tmp_path / "someone-elses")
    (target / "factdesk" / "pages").mkdir(parents=True)
    keep = target / "factdesk" / "pages" / "keep.txt"
    keep.write_text("keep me\n", encoding="utf-8")
    (site / ".cache").symlink_to(target, target_is_directory=True)

    built = mkdocs_build(site)
    assert built.returncode != 0
    assert "cache_dir: .cache/factdesk/pages: error: .cache is a symbolic link to" in built.stderr
    assert keep.read_text(encoding="utf-8") == "keep me\n"
