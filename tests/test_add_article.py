"""`factdesk add-article FILE`: a collected text into seeds/, unchanged, and its record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import yaml
from conftest import run_factdesk

# CRLF line ends, a byte-order mark, typographic quotes, no final line break: all kept as is.
COLLECTED = (
    "\ufeffPalmyra strikes denied: ministry\r\n"
    "\r\n"
    "“Our planes in Syria do not strike populated areas”, the ministry said on Tuesday.\r\n"
    "Two civilians were killed in a strike on Wednesday morning, the monitor said."
).encode()


def _collect(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def test_add_article_copies_the_text_and_writes_a_record_that_checks(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    source = _collect(tmp_path / "downloads", "palmyra-denial.txt", COLLECTED)

    result = run_factdesk(
        "add-article", str(source), "--outlet", "Example Wire", "--published", "2015-10-06",
        "--url", "https://example.org/news/palmyra", "--language", "en", cwd=site,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert (site / "seeds" / "palmyra-denial.txt").read_bytes() == COLLECTED
    record_path = site / "content" / "articles" / "palmyra-denial.yml"
    assert record_path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/article.schema.json\n"
    )
    assert yaml.safe_load(record_path.read_text(encoding="utf-8")) == {
        "title": "Palmyra strikes denied: ministry",
        "outlet": "Example Wire",
        "published": "2015-10-06",
        "url": "https://example.org/news/palmyra",
        "language": "en",
        "text_file": "seeds/palmyra-denial.txt",
    }
    assert "copied seeds/palmyra-denial.txt" in result.stdout
    assert "next: factdesk extract palmyra-denial" in result.stdout
    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 0, checked.stderr
    assert "content/articles/palmyra-denial.yml: 0 of 3 sentences cited" in checked.stdout


def test_the_new_article_can_be_quoted_at_once(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    source = _collect(tmp_path, "palmyra-denial.txt", COLLECTED)
    added = run_factdesk(
        "add-article", str(source), "--id", "denial", "--title", "Ministry denies Palmyra strikes",
        "--outlet", "Example Wire", "--published", "2015-10-06", cwd=site,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    claim = run_factdesk(
        "new", "claim", "no-strikes-on-palmyra", "--claimant", "example-ministry", "--article",
        "denial", "--quote", "Our planes in Syria do not strike populated areas", "--date",
        "on Tuesday", cwd=site,
    )  # fmt: skip
    assert claim.returncode == 0, claim.stderr
    checked = run_factdesk("check", "--format", "json", cwd=site)
    assert checked.returncode == 0
    assert json.loads(checked.stdout) == []


def test_title_comes_from_a_markdown_heading(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    source = _collect(tmp_path, "Monitor Report 7.md", b"\n# Strike kills two #\n\nText here.\n")
    result = run_factdesk(
        "add-article", str(source), "--outlet", "Example Monitor", "--published", "2015-10-07",
        cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = site / "content" / "articles" / "monitor-report-7.yml"
    loaded = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert loaded["title"] == "Strike kills two"
    assert loaded["text_file"] == "seeds/Monitor Report 7.md"


def test_missing_outlet_and_date_are_reported_and_the_record_kept(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    source = _collect(tmp_path, "undated.txt", b"A headline\nA sentence.\n")
    result = run_factdesk("add-article", str(source), cwd=site)
    assert result.returncode == 1
    record = site / "content" / "articles" / "undated.yml"
    assert record.is_file()
    assert (site / "seeds" / "undated.txt").read_bytes() == b"A headline\nA sentence.\n"
    assert "TODO: fill in outlet and published" in record.read_text(encoding="utf-8")
    assert "content/articles/undated.yml:" in result.stderr
    assert "outlet" in result.stderr and "published" in result.stderr
    assert "fix content/articles/undated.yml and run `factdesk check`" in result.stderr


def test_a_different_text_of_the_same_name_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    seed = site / "seeds" / "report.txt"
    before = seed.read_bytes()
    source = _collect(tmp_path, "report.txt", b"Another report\nWith other words.\n")
    result = run_factdesk(
        "add-article", str(source), "--id", "other", "--outlet", "X", "--published", "2015-10-07",
        cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "seeds/report.txt already exists with different text" in result.stderr
    assert seed.read_bytes() == before
    assert not (site / "content" / "articles" / "other.yml").exists()


def test_the_same_text_already_in_seeds_is_kept_and_recorded(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    seed = site / "seeds" / "report.txt"
    before = seed.read_bytes()
    result = run_factdesk(
        "add-article", "seeds/report.txt", "--id", "report-copy", "--outlet", "Example Wire",
        "--published", "2015-10-07", cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "kept seeds/report.txt (the same text is already there)" in result.stdout
    assert seed.read_bytes() == before
    assert (site / "content" / "articles" / "report-copy.yml").is_file()


def test_an_existing_record_is_never_overwritten(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    record = site / "content" / "articles" / "example-report.yml"
    before = record.read_bytes()
    source = _collect(tmp_path, "example-report.txt", b"Other\n")
    result = run_factdesk(
        "add-article", str(source), "--outlet", "X", "--published", "2015-10-07", cwd=site
    )
    assert result.returncode == 1
    assert "content/articles/example-report.yml already exists" in result.stderr
    assert record.read_bytes() == before
    assert not (site / "seeds" / "example-report.txt").exists()


def test_a_text_that_is_not_utf8_is_refused(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    source = _collect(tmp_path, "latin1.txt", "Réunion à Moscou\n".encode("latin-1"))
    result = run_factdesk(
        "add-article", str(source), "--outlet", "X", "--published", "2015-10-07", cwd=site
    )
    assert result.returncode == 1
    assert "is not UTF-8" in result.stderr and "save it as UTF-8 first" in result.stderr
    assert not (site / "seeds" / "latin1.txt").exists()
    assert not (site / "content" / "articles" / "latin1.yml").exists()
