"""`factdesk build --out DIR`: the portable path. The same content gives the same bytes, the
tree builds with plain MkDocs and no factdesk plugin, and the command never destroys a folder it
did not write or the last good output."""

from __future__ import annotations

import os
import platform
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import FIXTURES, run_factdesk

from generator import heap


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its bytes, by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_out(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_factdesk("build", "--out", str(out), cwd=site)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


def test_two_builds_give_byte_identical_trees(site: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "out-1", tmp_path / "out-2"
    assert build_out(site, first).returncode == 0
    # A second copy of the site in another place: nothing may depend on paths or on order of
    # files on disk, and the cache folder must not leak into the output.
    elsewhere = tmp_path / "elsewhere" / "minimal"
    shutil.copytree(site, elsewhere)
    result = build_out(elsewhere, second)
    assert result.returncode == 0, result.stderr
    one, two = snapshot(first), snapshot(second)
    assert "claims/no-strikes-on-towns.md" in one
    assert "assets/factdesk.css" in one and "assets/factdesk.js" in one
    # Every file is counted (not the marker).
    assert f"wrote {len(one) - 1} files to {second}" in result.stdout
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_the_tree_does_not_depend_on_the_hash_seed(site: Path, tmp_path: Path) -> None:
    # Python orders a set of strings by a hash seeded anew in each process: anything sorted
    # from a set by a key with ties (tags that differ only in case) came out in a different
    # order from one build to the next.
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(
        text.replace("tags: [civilian casualties]", "tags: [Palmyra, PALMYRA, palmyra, Air]"),
        encoding="utf-8",
    )
    trees = []
    for seed in ("1", "2", "3", "4"):
        out = tmp_path / f"out-{seed}"
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", "--out", str(out)],
            cwd=site,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        trees.append(snapshot(out))
    assert "PALMYRA" in trees[0]["timeline.md"].decode()
    assert all(tree == trees[0] for tree in trees[1:])


def plain_mkdocs_config(site: Path, docs: Path) -> Path:
    """The site's mkdocs.yml with factdesk taken out: what a builder without plugins sees."""
    with open(site / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["plugins"] = [p for p in config.get("plugins", []) if p != "factdesk"]
    assert "factdesk" not in str(config["plugins"])
    config["docs_dir"] = str(docs)
    config["extra_css"] = ["assets/factdesk.css"]
    config["extra_javascript"] = ["assets/factdesk.js"]
    path = site / "plain-mkdocs.yml"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, sort_keys=False, allow_unicode=True)
    return path


def test_the_written_tree_builds_with_plain_mkdocs(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_out(site, out).returncode == 0
    config = plain_mkdocs_config(site, out)
    html = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(html)],
        cwd=site,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "factdesk" not in result.stderr.lower()
    # The pages are there, with their verdict box and the factdesk stylesheet linked.
    claim = lxml.html.fromstring((html / "claims/no-strikes-on-towns/index.html").read_bytes())
    assert claim.xpath(
        ".//section[contains(@class, 'fd-verdict') and contains(@class, 'fd-rating-false')]"
    )
    assert any(href.endswith("assets/factdesk.css") for href in claim.xpath(".//link/@href"))
    for page in (
        "index.html",
        "timeline/index.html",
        "contradictions/towns/index.html",
        "articles/example-report/index.html",
        "entities/example-spokesman/index.html",
    ):
        assert (html / page).is_file(), page
    assert (html / "assets/factdesk.css").read_bytes() == (out / "assets/factdesk.css").read_bytes()


def test_a_folder_factdesk_did_not_write_is_refused_and_left_alone(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "someone-elses"
    (out / "notes").mkdir(parents=True)
    (out / "index.md").write_text("# My own page\n", encoding="utf-8")
    (out / "notes" / "draft.txt").write_text("keep me\n", encoding="utf-8")
    before = snapshot(out)
    result = build_out(site, out)
    assert result.returncode == 2
    assert "not empty and was not written by factdesk" in result.stderr
    assert snapshot(out) == before
    # Nothing was left beside it either (no half-written staging folder).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "someone-elses"]


def test_a_failed_build_leaves_the_last_good_output(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_out(site, out).returncode == 0
    good = snapshot(out)
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace(
            "claimant: example-spokesman", "claimant: nobody-we-know"
        ),
        encoding="utf-8",
    )
    result = build_out(site, out)
    assert result.returncode == 1
    assert "content/claims/no-strikes-on-towns.yml:2:11:" in result.stderr
    assert snapshot(out) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "out"]


def test_a_rebuild_replaces_factdesks_own_output(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_out(site, out).returncode == 0
    (site / "content" / "contradictions" / "towns.yml").unlink()
    result = build_out(site, out)
    assert result.returncode == 0, result.stderr
    assert not (out / "contradictions" / "towns.md").exists()
    assert (out / "claims" / "no-strikes-on-towns.md").is_file()


@pytest.mark.parametrize("mode", [0o755, 0o775, 0o750])
def test_an_existing_folder_keeps_its_permissions(site: Path, tmp_path: Path, mode: int) -> None:
    """Issue 12, reproduction 5: the folder used to come back as 0700 (tempfile.mkdtemp's)."""
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(mode)
    for _ in range(2):  # the empty folder, then factdesk's own output
        result = build_out(site, out)
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(out.stat().st_mode) == mode


def test_a_new_folder_gets_the_usual_permissions(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    result = build_out(site, out)
    assert result.returncode == 0, result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o777 & ~umask


def test_a_missing_template_is_reported_as_such_and_nothing_is_written(
    site: Path, tmp_path: Path
) -> None:
    # A site's override including a template that does not exist: Jinja's TemplateNotFound is
    # an OSError, and was once reported as "cannot write <out>".
    override = site / "overrides" / "factdesk" / "partials" / "verdict.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text('{% include "partials/verdikt-box.md.j2" %}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run_factdesk("build", "--out", str(out), "--templates", "overrides/factdesk", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "overrides/factdesk/partials/verdict.md.j2:1:1: error: template "
        "'partials/verdikt-box.md.j2' does not exist [FD190]",
        # The template's line, with a caret under the column, as for a content file.
        '     1 | {% include "partials/verdikt-box.md.j2" %}',
        "       | ^",
        '  hint: did you mean "partials/verdict.md.j2"?',
        "build failed: nothing was written",
    ]
    assert not out.exists()
    # Nor anything beside it: no half-written tree.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal"]


def test_a_template_error_keeps_the_last_good_output_and_leaves_nothing_beside_it(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build_out(site, out).returncode == 0
    good = snapshot(out)
    # Every claim page fails, those a forked copy renders and those the build renders.
    override = site / "overrides" / "factdesk" / "pages" / "claim.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("{{ claim.record.claim }\n", encoding="utf-8")
    result = run_factdesk("build", "--out", str(out), "--templates", "overrides/factdesk", cwd=site)
    assert result.returncode == 1
    assert "build failed: nothing was written" in result.stderr
    assert snapshot(out) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "out"]


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_a_one_off_build_finds_how_to_hand_freed_memory_back() -> None:
    """heap.py does nothing where the C library has no malloc_trim. On glibc it must find it,
    or `build --out` at 50k claims keeps about 150 MiB it freed (BENCHMARKS.md); calling it
    twice is harmless."""
    assert heap._trim() is not None
    heap.give_back()
    heap.give_back()
