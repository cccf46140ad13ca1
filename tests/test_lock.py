"""requirements-dev.lock, which `make` installs with `--require-hashes`, must still answer
pyproject.toml: every requirement of the package and of its dev extra pinned there, at a version
its range admits, with hashes. A requirement added without `make lock` fails here, offline,
instead of as an ImportError on the next fresh clone."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pinned() -> dict[str, list[Version]]:
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    versions: dict[str, list[Version]] = {}
    for name, version in _PIN.findall(text):
        versions.setdefault(canonicalize_name(name), []).append(Version(version))
    return versions


def test_every_requirement_is_pinned_within_its_range() -> None:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    versions = pinned()
    missing, outside = [], []
    for line in requirements:
        requirement = Requirement(line)
        found = versions.get(canonicalize_name(requirement.name))
        if not found:
            missing.append(requirement.name)
        elif not any(requirement.specifier.contains(v, prereleases=True) for v in found):
            outside.append(f"{line} (lock: {', '.join(map(str, found))})")
    assert missing == [], "not in requirements-dev.lock; run `make lock`"
    assert outside == [], "outside pyproject.toml's range; run `make lock`"


def test_every_pin_carries_a_hash() -> None:
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    entries = re.findall(r"^[A-Za-z0-9].*?(?=^[A-Za-z0-9]|\Z)", text, re.MULTILINE | re.DOTALL)
    assert len(entries) == sum(len(v) for v in pinned().values()) > 20
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
