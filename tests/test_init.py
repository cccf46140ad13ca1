"""`factdesk init DIR`: a desk of one's own that checks and builds strictly with zero claims and
shows nothing of the bundled case; and the repository's own mkdocs.yml and publish workflow are
the same templates, so the two cannot drift apart.

`FACTDESK_UPDATE_GOLDEN=1` rewrites the repository's files from the templates (review the diff).
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import ROOT, mkdocs_build, run_factdesk

from generator import pipeline
from generator.content.dates import FuzzyDate
from generator.tools import desk

UPDATE_GOLDEN = os.environ.get("FACTDESK_UPDATE_GOLDEN") == "1"


def _dates(date: FuzzyDate) -> Iterator[str]:
    yield date.display()
    for day in (date.earliest, date.latest):
        yield day.isoformat()
        yield f"{day.day} {day:%B %Y}"
        yield f"{day:%d %b %Y}".lstrip("0")


def bundled_case() -> set[str]:
    """Every title, name and date of the bundled case, as the site shows them."""
    site = pipeline.check(ROOT).site
    assert site is not None
    config = site.config
    found = {config.title, config.description, config.publisher.name}
    for entity in site.entities.values():
        found.update([entity.record.name, *entity.record.aliases])
    for article in site.articles.values():
        found.update([article.record.title, article.record.outlet, article.record.author])
        found.update(_dates(article.published))
    for claim in site.claims.values():
        found.update([claim.record.claim, claim.record.claim_short or ""])
        found.update(_dates(claim.date))
        if claim.verdict is not None:
            found.add(claim.verdict.reviewer)
            found.update(_dates(claim.verdict.reviewed))
    for event in site.events.values():
        found.add(event.record.title)
        found.update(_dates(event.date))
    for contradiction in site.contradictions.values():
        found.add(contradiction.record.title)
    return {text for text in found if text}


@pytest.fixture(scope="module")
def new_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("desks")
    result = run_factdesk(
        "init", "harbour-watch", "--title", "Harbour Watch",
        "--url", "https://harbour.example/watch/", "--language", "en", cwd=parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "created harbour-watch/" in result.stdout
    return parent / "harbour-watch"


def test_init_writes_every_part_of_a_desk(new_desk: Path) -> None:
    files = {p.relative_to(new_desk).as_posix() for p in new_desk.rglob("*") if p.is_file()}
    assert files == set(desk.desk_files(desk.NewDesk("x")))
    for folder in ("content/articles", "content/claims", "content/events", "content/contradictions",
                   "seeds", "docs"):  # fmt: skip
        assert sorted(p.name for p in (new_desk / folder).iterdir()) == [".gitkeep"], folder
    site_yml = yaml.safe_load((new_desk / "content" / "site.yml").read_text(encoding="utf-8"))
    assert site_yml["title"] == "Harbour Watch"
    assert site_yml["site_url"] == "https://harbour.example/watch/"
    assert site_yml["language"] == "en"
    assert len(site_yml["rating_scale"]) >= 3
    config = (new_desk / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- factdesk" in config and 'site_name: ""' in config
    hooks = yaml.safe_load((new_desk / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "factdesk check"
    requirements = (new_desk / "requirements.txt").read_text(encoding="utf-8")
    assert "factdesk==" in requirements
    workflow = (new_desk / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in workflow
    assert "/site/" in (new_desk / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_new_desk_checks_and_builds_strictly(new_desk: Path, tmp_path: Path) -> None:
    checked = run_factdesk("check", "--strict", cwd=new_desk)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("0 claims, 0 events, 0 contradictions, 0 articles")

    # A copy: the build writes site/ and .cache/, and other tests read the new desk.
    desk_copy = tmp_path / "built"
    shutil.copytree(new_desk, desk_copy)
    built = mkdocs_build(desk_copy)
    assert built.returncode == 0, built.stderr
    html = desk_copy / "site"
    home = lxml.html.parse(str(html / "index.html")).getroot()
    assert (home.findtext(".//title") or "").endswith("Harbour Watch")
    header = home.xpath("//div[@class='md-header__topic']//span[@class='md-ellipsis']")
    assert " ".join(header[0].text_content().split()) == "Harbour Watch"
    assert home.xpath("//link[@rel='canonical']/@href") == ["https://harbour.example/watch/"]

    bundled = bundled_case()
    assert "factdesk: Russian air strikes in Syria, October 2015" in bundled
    assert any(text.startswith("30 September") for text in bundled)
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 8
    # Whole words only: an alias such as "IS" is not found in "THIS".
    wanted = [(text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")) for text in sorted(bundled)]
    leaks = [
        (page.relative_to(html).as_posix(), text)
        for page in pages
        for text, pattern in wanted
        if pattern.search(page.read_text(encoding="utf-8"))
    ]
    assert leaks == [], leaks


def test_defaults_come_from_the_folder_name(tmp_path: Path) -> None:
    result = run_factdesk("init", "harbour-watch", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "titled 'Harbour watch'" in result.stdout
    assert "no site_url yet" in result.stdout
    site_yml = yaml.safe_load(
        (tmp_path / "harbour-watch" / "content" / "site.yml").read_text(encoding="utf-8")
    )
    assert (site_yml["title"], site_yml["language"]) == ("Harbour watch", "en")
    assert "site_url" not in site_yml
    assert run_factdesk("check", "--strict", cwd=tmp_path / "harbour-watch").returncode == 0


def test_a_title_with_quotes_and_colons_stays_text(tmp_path: Path) -> None:
    title = 'Desk: "yes" & no #1'
    result = run_factdesk("init", "desk", "--title", title, "--language", "ar", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site_yml = yaml.safe_load((tmp_path / "desk" / "content" / "site.yml").read_text("utf-8"))
    assert (site_yml["title"], site_yml["language"]) == (title, "ar")


def test_a_bad_address_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    result = run_factdesk("init", "desk", "--url", "harbour.example", cwd=tmp_path)

    assert result.returncode == 1
    assert "content/site.yml:" in result.stderr and "https://" in result.stderr
    assert "nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "notes.txt").write_text("mine", encoding="utf-8")

    result = run_factdesk("init", "desk", cwd=tmp_path)

    assert result.returncode == 2
    assert "not an empty folder" in result.stderr
    assert [p.name for p in (tmp_path / "desk").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    assert run_factdesk("init", "desk", cwd=tmp_path).returncode == 0
    assert (tmp_path / "desk" / "content" / "site.yml").is_file()


def test_the_repository_is_configured_by_the_same_templates() -> None:
    for relative, text in desk.repository_files().items():
        path = ROOT / relative
        if UPDATE_GOLDEN:
            path.write_text(text, encoding="utf-8", newline="\n")
        assert path.read_text(encoding="utf-8") == text, (
            f"{relative} differs from site_templates/desk/; edit the template, then run "
            "FACTDESK_UPDATE_GOLDEN=1 pytest tests/test_init.py"
        )


def test_a_desk_and_the_repository_differ_only_where_they_must(new_desk: Path) -> None:
    repository = desk.repository_files()
    for relative in desk.REPOSITORY_FILES:
        ours = repository[relative].splitlines()
        theirs = (new_desk / relative).read_text(encoding="utf-8").splitlines()
        different = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
        assert len(different) == 1, different  # the header comment, or the install step
        assert "bundled case" in different[0][0] or "pip install" in different[0][0]


def test_dates_are_listed_in_every_form() -> None:
    day = datetime.date(2015, 9, 30)
    forms = set(_dates(FuzzyDate(day, day, "day")))
    assert {"2015-09-30", "30 September 2015", "30 Sep 2015"} <= forms
