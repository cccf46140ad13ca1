"""A published claim without a verdict is under review: a state every fact-checking site shows,
not a mistake. It passes `--strict`, `factdesk check` counts such claims in one line (and lists
them on request), and the site shows "Under review" wherever a verdict would be, with no
ClaimReview."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from conftest import mkdocs_build, run_factdesk

CLAIM = "no-strikes-on-towns"


@pytest.fixture
def site(copy_site: Callable[[str], Path]) -> Path:
    folder = copy_site("minimal")
    claim = folder / "content" / "claims" / f"{CLAIM}.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text[: text.index("verdict:")], encoding="utf-8")
    return folder


def _text(page: Path, xpath: str) -> list[str]:
    tree = lxml.html.parse(str(page))
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def test_check_passes_strict_and_counts_them_in_one_line(site: Path) -> None:
    result = run_factdesk("check", "--strict", cwd=site)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = [line for line in result.stdout.splitlines() if "under review" in line]
    assert summary == ["1 claim under review (no verdict yet); `factdesk check --under-review` "
                       "lists them"]  # fmt: skip


def test_check_lists_them_on_request(site: Path) -> None:
    result = run_factdesk("check", "--under-review", cwd=site)

    assert result.returncode == 0
    listed = [line for line in result.stdout.splitlines() if "under review" in line]
    assert listed == [
        f"content/claims/{CLAIM}.yml:1:1: under review: {CLAIM}: "
        "The Example air force does not strike populated areas."
    ]


def test_json_report_has_no_diagnostic_for_them(site: Path) -> None:
    result = run_factdesk("check", "--format", "json", "--strict", cwd=site)
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_site_shows_under_review_everywhere_and_no_claimreview(site: Path) -> None:
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    html = site / "site"
    claim_page = html / "claims" / CLAIM / "index.html"

    title = _text(claim_page, "//section[contains(@class, 'fd-under-review')]/h2")
    assert [text.removesuffix("¶").strip() for text in title] == ["Verdict: Under review"]
    meta = _text(claim_page, "//div[contains(@class, 'fd-meta')]//tr[th='Verdict']/td")
    assert meta == ["Under review"]
    tree = lxml.html.parse(str(claim_page))
    assert tree.xpath("//script[@type='application/ld+json']") == []

    # The claims table: the claim is the row's heading, the verdict its third cell.
    table = _text(html / "claims" / "index.html", "//table//tr[th[@scope='row']]/td[3]")
    assert table == ["Under review"]
    timeline = _text(html / "timeline" / "index.html", "//span[contains(@class, 'fd-badge')]")
    # Each badge reads "Verdict: Under review" (the first word for screen readers).
    assert timeline and all(text.endswith("Under review") for text in timeline), timeline

    feed = json.loads((html / "data" / "claimreview.json").read_text(encoding="utf-8"))
    assert feed["dataFeedElement"] == []
