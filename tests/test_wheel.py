"""factdesk as a user installs it: a wheel built from the repository, installed (not editable)
into a fresh virtual environment, runs the command and the MkDocs plugin with no checkout
beside it.

The test never reaches the network: the wheel is built without build isolation and installed
with `--no-index`, and the fresh environment borrows factdesk's dependencies (MkDocs, Material,
PyYAML ...) from the test's own environment through a path file. Python does not process path
files inside such a borrowed folder, so the editable factdesk installed there stays invisible:
`generator` can only come from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURES, ROOT

# What a source distribution of factdesk holds: the package, its templates and the metadata.
SOURCE_PARTS = ("pyproject.toml", "setup.py", "README.md", "generator", "site_templates")


def run(command: Sequence[str | Path], *, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH or virtual environment of the caller may leak into the fresh environment.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (a build writes build/ and *.egg-info)."""
    source = tmp_path_factory.mktemp("source")
    for part in SOURCE_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(
                ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / part, source / part)
    dist = tmp_path_factory.mktemp("dist")
    ok(
        run(
            [
                sys.executable,
                *("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"),
                *("--quiet", "--wheel-dir", dist, source),
            ],
            cwd=source,
        )
    )
    (built,) = dist.glob("factdesk-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed; returns its bin/ folder."""
    env = tmp_path_factory.mktemp("venv") / "env"
    ok(run([sys.executable, "-m", "venv", "--without-pip", env], cwd=env.parent))
    python = env / "bin" / "python"
    ok(
        run(
            [
                sys.executable,
                *("-m", "pip", "--python", python, "install", "--quiet"),
                *("--no-deps", "--no-index", wheel),
            ],
            cwd=env.parent,
        )
    )
    purelib = ok(
        run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=env)
    ).stdout.strip()
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    borrowed.update(site.getsitepackages())
    Path(purelib, "borrowed-dependencies.pth").write_text(
        "".join(f"{folder}\n" for folder in sorted(borrowed)), encoding="utf-8"
    )
    return env / "bin"


def test_the_wheel_carries_every_template(wheel: Path) -> None:
    templates = ROOT / "site_templates"
    expected = {
        "generator/site_templates/" + path.relative_to(templates).as_posix()
        for path in templates.rglob("*")
        if path.is_file()
    }
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "generator/site_templates/pages/home.md.j2" in expected
    assert expected <= names
    assert "generator/cli.py" in names and "generator/mkdocs_plugin.py" in names
    # The interface's catalogues ship compiled, with their sources (issue 13).
    locales = ROOT / "generator" / "site" / "locales"
    catalogues = {
        "generator/site/locales/" + path.relative_to(locales).as_posix()
        for path in locales.rglob("*")
        if path.is_file()
    }
    assert "generator/site/locales/ar/LC_MESSAGES/factdesk.mo" in catalogues
    assert catalogues <= names
    # Nothing lands at the top of site-packages beside the package.
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    assert {name.split("/")[0] for name in names} == {"generator", dist_info}


def test_installed_wheel_builds_a_site(fresh_env: Path, tmp_path: Path) -> None:
    site_dir = tmp_path / "desk"
    shutil.copytree(FIXTURES / "minimal", site_dir)
    (site_dir / "docs").mkdir(exist_ok=True)
    where = ok(
        run(
            [
                fresh_env / "python",
                "-c",
                "import generator, generator.resources as r; print(generator.__file__); "
                "print(r.TEMPLATES)",
            ],
            cwd=site_dir,
        )
    ).stdout.split()
    env_root = fresh_env.parent.resolve()
    assert all(Path(path).resolve().is_relative_to(env_root) for path in where), where

    ok(run([fresh_env / "factdesk", "check", "--strict"], cwd=site_dir))
    out = tmp_path / "out"
    written = ok(run([fresh_env / "factdesk", "build", "--out", out], cwd=site_dir))
    assert "wrote" in written.stdout
    assert (out / "index.md").is_file() and (out / "claims" / "no-strikes-on-towns.md").is_file()

    ok(
        run(
            [fresh_env / "python", "-m", "mkdocs", "build", "--strict", "-d", tmp_path / "html"],
            cwd=site_dir,
        )
    )
    # Only the plugin makes claim pages, and they carry their ClaimReview in the body.
    page = lxml.html.parse(str(tmp_path / "html" / "claims" / "no-strikes-on-towns" / "index.html"))
    assert page.xpath("//script[@type='application/ld+json']"), "ClaimReview on the claim page"


def test_installed_wheel_starts_a_desk_of_ones_own(fresh_env: Path, tmp_path: Path) -> None:
    ok(run([fresh_env / "factdesk", "init", "harbour-watch", "--title", "Harbour Watch"],
           cwd=tmp_path))  # fmt: skip
    desk = tmp_path / "harbour-watch"
    ok(run([fresh_env / "factdesk", "check", "--strict"], cwd=desk))
    ok(run([fresh_env / "python", "-m", "mkdocs", "build", "--strict"], cwd=desk))
    home = lxml.html.parse(str(desk / "site" / "index.html")).getroot()
    assert (home.findtext(".//title") or "").endswith("Harbour Watch")
    assert (desk / "site" / "how-to-add-a-claim" / "index.html").is_file()
