"""Shared helpers: copy a fixture site, run the real `factdesk` and `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_factdesk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as an editor runs it, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def mkdocs_build(site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a site folder, into `site/site`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site / "site"), *extra],
        cwd=site,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def copy_desk(name: str, target: Path) -> Path:
    """Copy tests/fixtures/<name> (or the repository's bundled site for 'bundled') to `target`."""
    if name == "bundled":
        target.mkdir()
        for part in ("content", "seeds", "docs", "mkdocs.yml"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, target / part)
            elif source.exists():
                shutil.copy2(source, target / part)
    else:
        shutil.copytree(FIXTURES / name, target)
    (target / "docs").mkdir(exist_ok=True)
    return target


@pytest.fixture
def copy_site(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/fixtures/<name> (or the repository's bundled site for 'bundled')."""

    def copy(name: str) -> Path:
        return copy_desk(name, tmp_path / name)

    return copy
