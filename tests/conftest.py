"""Shared helpers: copy a fixture site, run the real `factdesk` and `mkdocs build --strict`."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# Golden files (expected_errors.txt, tests/fixtures/minimal/expected/) are rewritten, for review
# in the diff, when this is set.
UPDATE_GOLDEN = os.environ.get("FACTDESK_UPDATE_GOLDEN") == "1"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Tests time nothing: hypothesis' default 200 ms deadline failed a parser test on a loaded CI
# machine (769 ms). No example database either: it would write into the working tree.
settings.register_profile("factdesk", deadline=None, database=None)
settings.load_profile("factdesk")


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


def mkdocs_build(site: Path, *extra: str, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or, with `strict=False`, without it) of a site folder, into
    `site/site`."""
    mode = ["--strict"] if strict else []
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *mode, "-d", str(site / "site"), *extra],
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


def assert_address_resolves(html_root: Path, site_url: str, address: str) -> None:
    """A published address leads to a built file and, if it has one, to an element with that id."""
    assert address.startswith(site_url), address
    parts = urlsplit(address.removeprefix(site_url))
    target = html_root / parts.path
    if parts.path == "" or parts.path.endswith("/"):
        target = target / "index.html"
    assert target.is_file(), f"{address}: no file {target}"
    if parts.fragment:
        page = lxml.html.fromstring(target.read_bytes())
        assert page.xpath("//*[@id=$id]", id=parts.fragment), f"{address}: no such anchor"


def data_file_addresses(html_root: Path, site_url: str) -> list[str]:
    """Every address of the site in the built data files: TimelineJS slides, CSV, DataFeed."""
    timeline = json.loads((html_root / "data" / "timeline.json").read_text(encoding="utf-8"))
    addresses = [
        link
        for slide in timeline["events"]
        for link in re.findall(r'href="([^"]+)"', slide["text"]["text"])
        if link.startswith(site_url)
    ]
    for name in ("claims.csv", "events.csv"):
        with open(html_root / "data" / name, encoding="utf-8-sig", newline="") as handle:
            addresses += [row["url"] for row in csv.DictReader(handle)]
    feed = json.loads((html_root / "data" / "claimreview.json").read_text(encoding="utf-8"))
    addresses += [element["url"] for element in feed["dataFeedElement"]]
    return addresses


def set_page_size(site: Path, entries: int) -> None:
    """Give a copied site's index pages and timeline `entries` entries a page (site.yml)."""
    config = site / "content" / "site.yml"
    text = re.sub(r"^page_size: .*\n?", "", config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text.rstrip("\n") + f"\npage_size: {entries}\n", encoding="utf-8")


def set_workers(site: Path, workers: int) -> None:
    """Set the factdesk plugin's `workers` in a copied site's mkdocs.yml."""
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - factdesk\n" in text
    config.write_text(
        text.replace("  - factdesk\n", f"  - factdesk:\n      workers: {workers}\n"),
        encoding="utf-8",
    )


# A desk large enough to page: the benchmark's synthetic desk at a small size, with a page
# size that splits every index (its 17 entities too), and sources in Russian and Arabic quoted
# by a claim each.
LARGE_DESK_CLAIMS = 300
LARGE_DESK_PAGE_SIZE = 12
RUSSIAN_QUOTE = "Наши самолёты не наносят удары по населённым пунктам"
ARABIC_QUOTE = "الغارات الروسية قتلت مدنيين في القرية"
_FOREIGN_SOURCES = {
    "content/articles/ru-briefing.yml": (
        "title: Брифинг министерства обороны\noutlet: Пример ТВ\npublished: 2015-10-06\n"
        "language: ru\ntext_file: seeds/ru-briefing.txt\n"
    ),
    "seeds/ru-briefing.txt": (
        f"Брифинг министерства обороны\n{RUSSIAN_QUOTE}, заявил представитель министерства. "
        "Брифинг продолжался час.\n"
    ),
    "content/claims/ru-no-strikes.yml": (
        "claim: The ministry says its planes do not strike inhabited places.\n"
        "claimant: ministerstvo-oborony\ndate: 2015-10-06\nappearances:\n"
        f"  - article: ru-briefing\n    quote: {RUSSIAN_QUOTE}\n"
        "    translation: Our planes do not strike inhabited places\n"
    ),
    "content/articles/ar-report.yml": (
        "title: تقرير المرصد\noutlet: مثال نيوز\npublished: 2015-10-07\nlanguage: ar\n"
        "text_file: seeds/ar-report.txt\n"
    ),
    "seeds/ar-report.txt": f"تقرير المرصد\nقال المرصد إن {ARABIC_QUOTE}. وتستمر الحرب.\n",
    "content/claims/ar-civilians-killed.yml": (
        "claim: The observatory says Russian strikes killed civilians in the village.\n"
        "claimant: al-marsad\ndate: 2015-10-07\ntags: [Arabic sources]\nappearances:\n"
        f"  - article: ar-report\n    quote: {ARABIC_QUOTE}\n"
        "    translation: Russian strikes killed civilians in the village\n"
    ),
}
_FOREIGN_ENTITIES = (
    "- id: ministerstvo-oborony\n  name: Министерство обороны\n  kind: government\n"
    "- id: al-marsad\n  name: المرصد\n  kind: monitor\n"
)


def write_large_desk(root: Path) -> Path:
    """The large test desk in `root`: LARGE_DESK_CLAIMS synthetic claims and two more quoting
    Russian and Arabic sources, LARGE_DESK_PAGE_SIZE entries a page."""
    from benchmarks import synthetic

    synthetic.write_site(root, LARGE_DESK_CLAIMS)
    set_page_size(root, LARGE_DESK_PAGE_SIZE)
    for relative, text in _FOREIGN_SOURCES.items():
        (root / relative).write_text(text, encoding="utf-8")
    entities = root / "content" / "entities.yml"
    entities.write_text(entities.read_text(encoding="utf-8") + _FOREIGN_ENTITIES, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def large_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large test desk built with `mkdocs build --strict` (HTML in `site/`), shared by the
    tests of paged indexes, search and the browser."""
    root = write_large_desk(tmp_path_factory.mktemp("large") / "desk")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def small_desk(root: Path, entities: str, articles: dict[str, tuple[str, str]]) -> Path:
    """A desk in a folder: an English site with one rating, `entities` (the YAML of
    entities.yml) and, for each article id, its (text, language), published on Wednesday 4
    November 2015 with its text in seeds/<id>.txt."""
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "claims").mkdir()
    (root / "seeds").mkdir()
    (root / "content" / "site.yml").write_text(
        "title: Desk\ndescription: A desk.\npublisher:\n  name: Desk\nlanguage: en\n"
        "rating_scale:\n  - id: false\n    label: 'False'\n    meaning: Wrong.\n"
        "    colour: '#c62828'\n",
        encoding="utf-8",
    )
    (root / "content" / "entities.yml").write_text(entities, encoding="utf-8")
    for name, (text, language) in articles.items():
        (root / "seeds" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "content" / "articles" / f"{name}.yml").write_text(
            f"title: {name}\noutlet: Example\npublished: 2015-11-04\nlanguage: {language}\n"
            f"text_file: seeds/{name}.txt\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture
def copy_site(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/fixtures/<name> (or the repository's bundled site for 'bundled')."""

    def copy(name: str) -> Path:
        return copy_desk(name, tmp_path / name)

    return copy


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple[Any, ...]]:
    """Count the calls of `owner.name` (a function of a module, or a method of a class): it
    still does what it did, and the list returned gets each call's arguments."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
