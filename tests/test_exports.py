"""Machine-readable exports (issue 6), checked on real `mkdocs build --strict` output.

The minimal fixture is built as it is, and a copy is edited to hold the hard cases: a claim
whose text tries to close its <script> element, a claim that looks like a spreadsheet formula,
an unscored rating, a claim under review, approximate and range dates, and a re-rating. That
copy is built twice, in two folders, to check the exports are byte-identical.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import extruct
import jsonschema
import lxml.html
import pytest
from conftest import FIXTURES, ROOT, mkdocs_build, run_factdesk
from hypothesis import given
from hypothesis import strategies as st

from generator.site.claimreview import script_json
from generator.site.exports import spreadsheet_cell

SITE_URL = "https://example.org/factcheck/"
SCHEMA = ROOT / "tests" / "schemas" / "timelinejs3.schema.json"
ATOM = "{http://www.w3.org/2005/Atom}"
DATA_FILES = (
    "data/claimreview.json",
    "data/timeline.json",
    "data/claims.csv",
    "data/events.csv",
    "data/claims.json",
    "data/events.json",
    "data/verdicts.atom.xml",
)

SCRIPT_CLAIM = "Ministry: </script><script>alert(1)</script> & “Ünïcödé” 🚀"
FORMULA_CLAIM = '=HYPERLINK("https://example.org/x","click")'


def _edit_site(site: Path) -> None:
    """Add the hard cases to a copy of the minimal fixture."""
    content = site / "content"
    (content / "claims" / "script-claim.yml").write_text(
        f"""claim: {json.dumps(SCRIPT_CLAIM, ensure_ascii=False)}
claimant: example-ministry
date: "~2015-10-05"
appearances:
  - article: example-report
    quote: the spokesman said on Tuesday
tags: [security, civilian casualties]
verdict:
  rating: unproven
  conclusion: "Nothing <b>settles</b> it & no source confirms it."
  evidence:
    - article: monitor-report
      quote: killed two civilians
      note: The monitor's report does not say who struck.
  reviewer: Desk editor
  reviewed: 2015-11-03
""",
        encoding="utf-8",
    )
    (content / "claims" / "formula-claim.yml").write_text(
        f"""claim: {json.dumps(FORMULA_CLAIM)}
claimant: example-monitor
date: 2015-10-01/2015-10-07
location: "-5 km north of the town"
appearances:
  - article: monitor-report
    quote: The Monitor said
""",
        encoding="utf-8",
    )
    (content / "events" / "siege.yml").write_text(
        """date: 2015-09-30/2015-10-07
title: Siege of an example town
description: "Roads *closed* <img src=x onerror=alert(1)> for a week."
sources:
  - article: monitor-report
    quote: killed two civilians
tags: [siege]
""",
        encoding="utf-8",
    )
    (content / "events" / "displacement.yml").write_text(
        """date: "~2015-10"
title: Families leave the town
sources:
  - article: monitor-report
    quote: a strike on Wednesday morning
""",
        encoding="utf-8",
    )
    claim = content / "claims" / "no-strikes-on-towns.yml"
    claim.write_text(
        claim.read_text(encoding="utf-8")
        + """  history:
    - date: 2015-11-05
      note: Re-rated after the monitor's report.
      previous_rating: unproven
    - date: 2015-11-06
      note: Typo corrected.
""",
        encoding="utf-8",
    )
    article = content / "articles" / "example-report.yml"
    article.write_text(
        article.read_text(encoding="utf-8") + "url: https://example.org/wire/ministry-denies\n",
        encoding="utf-8",
    )


def _build(site: Path) -> Path:
    """`mkdocs build --strict` (a claim under review is no warning)."""
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


@pytest.fixture(scope="module")
def minimal_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("pristine") / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    return _build(site)


@pytest.fixture(scope="module")
def edited_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = tmp_path_factory.mktemp("edited") / "minimal"
    shutil.copytree(FIXTURES / "minimal", first)
    _edit_site(first)
    # A second folder at another path: nothing in the output may depend on where it was built.
    second = tmp_path_factory.mktemp("again") / "copy"
    shutil.copytree(first, second)
    return (
        _build(first),
        _build(second),
    )


@pytest.fixture(scope="module")
def built(edited_builds: tuple[Path, Path]) -> Path:
    return edited_builds[0]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _claim_pages(site: Path) -> dict[str, str]:
    return {
        page.parent.name: _read(page) for page in sorted((site / "claims").glob("*/index.html"))
    }


def _json_ld(page_html: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = extruct.extract(page_html, syntaxes=["json-ld"], uniform=False)[
        "json-ld"
    ]
    return items


# ClaimReview JSON-LD on claim pages ----------------------------------------------------------


def _is_iso_day(value: object) -> bool:
    if not isinstance(value, str):
        return False
    date.fromisoformat(value)
    return len(value) == 10


def _check_creative_work(work: dict[str, Any], *, outlet: str) -> None:
    assert work["@type"] == "CreativeWork"
    assert isinstance(work["headline"], str) and work["headline"]
    assert work["publisher"] == {"@type": "Organization", "name": outlet}
    assert _is_iso_day(work["datePublished"])
    if "url" in work:
        assert isinstance(work["url"], str) and work["url"].startswith("https://")


def _check_claim_review(review: dict[str, Any], claim_id: str, page_html: str) -> None:
    """Google's required and recommended ClaimReview properties, each with its type."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{SITE_URL}claims/{claim_id}/"
    canonical = lxml.html.fromstring(page_html).xpath('//link[@rel="canonical"]/@href')
    assert canonical == [review["url"]]
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert _is_iso_day(review["datePublished"])
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Desk",
        "url": "https://example.org/",
    }
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert isinstance(rating["alternateName"], str) and rating["alternateName"]
    if rating["alternateName"] == "Unproven":  # scored: false in site.yml
        assert not {"ratingValue", "bestRating", "worstRating"} & rating.keys()
    else:
        # Two scored ratings (accurate, false): best 2, worst 1.
        assert rating["bestRating"] == 2 and rating["worstRating"] == 1
        assert isinstance(rating["ratingValue"], int)
        expected = {"Accurate": 2, "False": 1}[rating["alternateName"]]
        assert rating["ratingValue"] == expected
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["@type"] in ("Person", "Organization")
    assert isinstance(claim["author"]["name"], str) and claim["author"]["name"]
    assert _is_iso_day(claim["datePublished"])
    assert isinstance(claim["appearance"], list) and claim["appearance"]
    for work in claim["appearance"]:
        assert isinstance(work, dict)
        _check_creative_work(work, outlet=work["publisher"]["name"])
    _check_creative_work(
        claim["firstAppearance"], outlet=claim["firstAppearance"]["publisher"]["name"]
    )
    assert claim["firstAppearance"] in claim["appearance"]


def test_minimal_fixture_claim_pages_carry_one_claimreview(minimal_build: Path) -> None:
    pages = _claim_pages(minimal_build)
    assert list(pages) == ["no-strikes-on-towns"]
    for claim_id, page in pages.items():
        reviews = [item for item in _json_ld(page) if item.get("@type") == "ClaimReview"]
        assert len(reviews) == 1
        _check_claim_review(reviews[0], claim_id, page)
        assert reviews[0]["claimReviewed"] == (
            "The Example air force does not strike populated areas."
        )
        assert reviews[0]["itemReviewed"]["author"] == {
            "@type": "Person",
            "name": "Jan Example",
            "affiliation": {"@type": "Organization", "name": "Example Ministry of Defence"},
        }
        # "on Tuesday" in an article of Wed 7 Oct 2015.
        assert reviews[0]["itemReviewed"]["datePublished"] == "2015-10-06"


def test_every_claim_page_with_a_verdict_has_exactly_one_claimreview_in_body(built: Path) -> None:
    pages = _claim_pages(built)
    assert set(pages) == {"formula-claim", "no-strikes-on-towns", "script-claim"}
    for claim_id, page in pages.items():
        items = _json_ld(page)
        tree = lxml.html.fromstring(page)
        # In the body, from the page's Markdown: no theme override is needed (issue 17).
        in_body = tree.xpath('//body//article//script[@type="application/ld+json"]')
        everywhere = tree.xpath('//script[@type="application/ld+json"]')
        if claim_id == "formula-claim":  # under review: nothing to mark up
            assert items == [] and everywhere == []
            continue
        assert len(items) == 1 and items[0]["@type"] == "ClaimReview"
        assert len(in_body) == 1 and len(everywhere) == 1
        _check_claim_review(items[0], claim_id, page)

    rerated = _json_ld(pages["no-strikes-on-towns"])[0]
    assert rerated["reviewRating"]["alternateName"] == "False"
    assert rerated["datePublished"] == "2015-11-01"
    assert rerated["dateModified"] == "2015-11-06"
    first = rerated["itemReviewed"]["firstAppearance"]
    assert first["url"] == "https://example.org/wire/ministry-denies"
    assert first["headline"] == "Ministry denies strikes on towns"

    unproven = _json_ld(pages["script-claim"])[0]
    assert unproven["reviewRating"]["alternateName"] == "Unproven"
    assert unproven["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Example Ministry of Defence",
    }
    # "~2015-10-05": approximate, so its earliest (here its only) day.
    assert unproven["itemReviewed"]["datePublished"] == "2015-10-05"


class _Scripts(HTMLParser):
    """Script elements as a browser's tokenizer splits them: text up to the first </script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._text)))
            self._open = None


def test_a_claim_quoting_a_script_tag_stays_inside_its_json_ld(built: Path) -> None:
    page = _read(built / "claims" / "script-claim" / "index.html")
    parser = _Scripts()
    parser.feed(page)
    json_ld = [text for attrs, text in parser.scripts if attrs.get("type") == "application/ld+json"]
    assert len(json_ld) == 1
    review = json.loads(json_ld[0])  # strict JSON, not extruct's lenient parse
    assert review["claimReviewed"] == SCRIPT_CLAIM
    assert review["reviewRating"]["ratingExplanation"] == (
        "Nothing <b>settles</b> it & no source confirms it."
    )
    assert "<" not in json_ld[0] and "&" not in json_ld[0]
    assert not any(
        "alert(1)" in text
        for attrs, text in parser.scripts
        if attrs.get("type") != "application/ld+json"
    )
    assert "<script>alert(1)" not in page


# DataFeed --------------------------------------------------------------------------------------


def test_datafeed_holds_each_page_claimreview(built: Path) -> None:
    feed = json.loads(_read(built / "data" / "claimreview.json"))
    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["dateModified"] == "2015-11-06"
    elements = feed["dataFeedElement"]
    assert [e["url"] for e in elements] == [
        f"{SITE_URL}claims/no-strikes-on-towns/",
        f"{SITE_URL}claims/script-claim/",
    ]
    pages = _claim_pages(built)
    for element in elements:
        assert element["@type"] == "DataFeedItem"
        assert len(element["item"]) == 1
        review = element["item"][0]
        assert review["@type"] == "ClaimReview"
        on_page = _json_ld(pages[element["url"].rstrip("/").rsplit("/", 1)[1]])[0]
        assert {"@context": "https://schema.org", **review} == on_page


def test_datafeed_lists_only_claims_with_a_verdict(built: Path) -> None:
    # Independent of the page filter: the feed file itself.
    feed = json.loads(_read(built / "data" / "claimreview.json"))
    reviewed = [e["item"][0]["claimReviewed"] for e in feed["dataFeedElement"]]
    assert reviewed == ["The Example air force does not strike populated areas.", SCRIPT_CLAIM]
    ratings = [e["item"][0]["reviewRating"] for e in feed["dataFeedElement"]]
    assert ratings[0]["ratingValue"] == 1 and ratings[0]["bestRating"] == 2
    assert "ratingValue" not in ratings[1]


# TimelineJS -----------------------------------------------------------------------------------


def test_timeline_json_follows_timelinejs3_format(built: Path) -> None:
    timeline = json.loads(_read(built / "data" / "timeline.json"))
    schema = json.loads(_read(SCHEMA))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(timeline, schema, cls=jsonschema.Draft202012Validator)

    slides = {slide["unique_id"]: slide for slide in timeline["events"]}
    assert len(slides) == len(timeline["events"])  # unique ids
    assert set(slides) == {
        "claim-formula-claim", "claim-no-strikes-on-towns", "claim-script-claim",
        "event-displacement", "event-siege", "event-strike",
    }  # fmt: skip
    siege = slides["event-siege"]
    assert siege["start_date"] == {"year": 2015, "month": 9, "day": 30}
    assert siege["end_date"] == {"year": 2015, "month": 10, "day": 7}
    assert siege["display_date"] == "30 September – 7 October 2015"
    assert siege["group"] == "siege"
    # Editor Markdown becomes HTML; raw HTML in it stays text.
    assert (
        "<p>Roads <em>closed</em> &lt;img src=x onerror=alert(1)&gt; for a week.</p>"
        in (siege["text"]["text"])
    )
    displacement = slides["event-displacement"]
    assert displacement["start_date"] == {"year": 2015, "month": 10}
    assert displacement["display_date"] == "about October 2015"
    assert "group" not in displacement
    strike = slides["event-strike"]
    assert strike["start_date"] == {"year": 2015, "month": 10, "day": 7}
    assert "'on Wednesday morning' in an article published" in strike["display_date"]
    assert f'href="{SITE_URL}articles/monitor-report/#s1"' in strike["text"]["text"]

    script = slides["claim-script-claim"]
    assert script["group"] == "security"
    assert "</script>" not in script["text"]["headline"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in script["text"]["headline"]
    assert "Nothing &lt;b&gt;settles&lt;/b&gt; it &amp; no source" in script["text"]["text"]
    assert slides["claim-no-strikes-on-towns"]["start_date"] == {
        "year": 2015, "month": 10, "day": 6,
    }  # fmt: skip


def test_the_timeline_schema_rejects_what_timelinejs_cannot_read() -> None:
    schema = json.loads(_read(SCHEMA))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"events": [{"start_date": {"year": 2015}, "text": {"headline": "x"}}]}
    assert validator.is_valid(good)
    for bad in (
        {"events": [{"text": {"headline": "no start date"}}]},
        {"events": [{"start_date": {"month": 10}}]},
        {"events": [{"start_date": {"year": "2015"}}]},
        {"events": [{"start_date": {"year": 2015, "month": 13}}]},
        {"events": [{"start_date": {"year": 2015}, "startDate": {"year": 2015}}]},
        {"title": {"text": {"headline": "no events"}}},
    ):
        assert not validator.is_valid(bad), bad


# CSV ------------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # byte-order mark for spreadsheets
    assert b"\r" not in data
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_claims_csv_round_trips_with_formulas_neutralised(built: Path) -> None:
    rows = {row["id"]: row for row in _csv_rows(built / "data" / "claims.csv")}
    assert set(rows) == {"formula-claim", "no-strikes-on-towns", "script-claim"}
    formula = rows["formula-claim"]
    assert formula["claim"] == "'" + FORMULA_CLAIM
    assert formula["location"] == "'-5 km north of the town"
    assert formula["rating_id"] == "" and formula["conclusion"] == ""
    # Dates as data: ISO days a spreadsheet reads, their precision, and the human form beside.
    assert (formula["date_start"], formula["date_end"]) == ("2015-10-01", "2015-10-07")
    assert (formula["date_precision"], formula["date_approximate"]) == ("range", "false")
    assert formula["date_display"] == "1 – 7 October 2015"
    script = rows["script-claim"]
    assert script["claim"] == SCRIPT_CLAIM
    assert script["claimant_name"] == "Example Ministry of Defence"
    assert script["rating_label"] == "Unproven"
    assert (script["date_start"], script["date_end"]) == ("2015-10-05", "2015-10-05")
    assert (script["date_precision"], script["date_approximate"]) == ("day", "true")
    assert script["date_display"] == "about 5 October 2015"
    for row in rows.values():
        for column in ("date_start", "date_end", "reviewed"):
            if row[column]:
                date.fromisoformat(row[column])  # every date cell is a plain ISO day
    assert script["tags"] == "security; civilian casualties"
    rerated = rows["no-strikes-on-towns"]
    assert rerated["first_appearance_article"] == "example-report"
    assert rerated["first_appearance_outlet"] == "Example Wire"
    assert rerated["first_appearance_url"] == "https://example.org/wire/ministry-denies"
    assert rerated["reviewed"] == "2015-11-01"
    assert rerated["url"] == f"{SITE_URL}claims/no-strikes-on-towns/"


def test_events_csv_has_every_event(built: Path) -> None:
    rows = {row["id"]: row for row in _csv_rows(built / "data" / "events.csv")}
    assert set(rows) == {"displacement", "siege", "strike"}
    assert rows["strike"]["related_claims"] == "no-strikes-on-towns"
    assert rows["strike"]["source_articles"] == "monitor-report"
    assert rows["strike"]["url"] == f"{SITE_URL}timeline/#event-strike"
    assert rows["siege"]["date_display"] == "30 September – 7 October 2015"
    assert rows["displacement"]["date_start"] == "2015-10-01"
    assert rows["displacement"]["date_end"] == "2015-10-31"
    assert rows["displacement"]["date_precision"] == "month"


def test_json_rows_are_the_csv_rows_with_lists_and_booleans(built: Path) -> None:
    for kind in ("claims", "events"):
        rows = json.loads(_read(built / "data" / f"{kind}.json"))[kind]
        table = _csv_rows(built / "data" / f"{kind}.csv")
        assert [row["id"] for row in rows] == [row["id"] for row in table]
        for row, line in zip(rows, table, strict=True):
            assert list(row) == sorted(line)  # the same columns (keys sorted in the file)
            assert isinstance(row["date_approximate"], bool)
            assert isinstance(row["tags"], list)
            assert "; ".join(row["tags"]) == line["tags"]
            for column in ("date_start", "date_end", "date_precision", "date_display"):
                assert str(row[column]) == line[column]
    claims = {row["id"]: row for row in json.loads(_read(built / "data" / "claims.json"))["claims"]}
    assert claims["script-claim"]["tags"] == ["security", "civilian casualties"]
    assert claims["script-claim"]["date_approximate"] is True


def test_spreadsheet_cell_neutralises_every_formula_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_cell(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_cell("2015-10-06") == "2015-10-06"
    assert spreadsheet_cell("a=b") == "a=b"


# Verdicts feed --------------------------------------------------------------------------------


def test_verdicts_feed_is_newest_first_with_re_ratings(built: Path) -> None:
    feed = ET.fromstring((built / "data" / "verdicts.atom.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0] == "2015-11-05T00:00:00Z"
    assert titles == [
        "Re-rated False (was Unproven): The Example air force does not strike populated areas.",
        f"Unproven: {SCRIPT_CLAIM}",
        "Unproven: The Example air force does not strike populated areas.",
    ]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links == [
        f"{SITE_URL}claims/no-strikes-on-towns/",
        f"{SITE_URL}claims/script-claim/",
        f"{SITE_URL}claims/no-strikes-on-towns/",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert entries[0].findtext(f"{ATOM}summary") == "The monitor documented civilians killed."
    assert entries[2].findtext(f"{ATOM}summary") == (
        "Since re-rated False: The monitor documented civilians killed."
    )
    assert "Re-rated after the monitor" in (entries[0].findtext(f"{ATOM}content") or "")


# Links, determinism, plain builds -------------------------------------------------------------


def test_home_and_methodology_link_every_export(built: Path) -> None:
    for page, prefix in (("index.html", ""), ("methodology/index.html", "../")):
        hrefs = set(lxml.html.fromstring(_read(built / page)).xpath("//a/@href"))
        for path in DATA_FILES:
            assert prefix + path in hrefs, (page, path)
            assert (built / path).is_file()


def test_exports_are_byte_identical_across_builds(edited_builds: tuple[Path, Path]) -> None:
    first, second = edited_builds
    for path in DATA_FILES:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
    for claim_id in ("no-strikes-on-towns", "script-claim"):
        page = f"claims/{claim_id}/index.html"
        assert _json_ld(_read(first / page)) == _json_ld(_read(second / page))


def test_build_out_folder_gets_claimreview_without_a_theme_override(
    tmp_path: Path, copy_site: Callable[[str], Path]
) -> None:
    """The plugin-less route: `factdesk build --out` and any theme, nothing copied."""
    site = copy_site("minimal")
    result = run_factdesk("build", "--out", str(tmp_path / "plain" / "docs"), cwd=site)
    assert result.returncode == 0, result.stderr
    (tmp_path / "plain" / "mkdocs.yml").write_text(
        f"""site_name: Plain
site_url: {SITE_URL}
theme:
  name: mkdocs
markdown_extensions: [attr_list, md_in_html, tables]
""",
        encoding="utf-8",
    )
    built = mkdocs_build(tmp_path / "plain")
    assert built.returncode == 0, built.stderr
    page = _read(tmp_path / "plain" / "site" / "claims" / "no-strikes-on-towns" / "index.html")
    reviews = _json_ld(page)
    assert len(reviews) == 1
    _check_claim_review(reviews[0], "no-strikes-on-towns", page)


def test_a_custom_main_html_keeps_the_claimreview(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    (site / "overrides").mkdir()
    (site / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<meta name="desk" content="own">'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    config = site / "mkdocs.yml"
    text = _read(config)
    assert "theme:\n  name: material\n" in text
    config.write_text(
        text.replace(
            "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(site)
    # Without factdesk-head.html the sharing tags are missing, and --strict says so (and keeps
    # the last good site) ...
    assert result.returncode != 0
    assert "pages get no sharing tags" in result.stderr
    assert 'add {% include "factdesk-head.html" %}' in result.stderr
    # ... but the ClaimReview, in the page's body, is there all the same.
    built = mkdocs_build(site, strict=False)
    assert built.returncode == 0, built.stderr
    page = _read(site / "site" / "claims" / "no-strikes-on-towns" / "index.html")
    tree = lxml.html.fromstring(page)
    assert tree.xpath('//head/meta[@name="desk"]/@content') == ["own"]
    assert len(_json_ld(page)) == 1


# JSON for <script> ---------------------------------------------------------------------------


@given(st.text())
def test_script_json_survives_html(text: str) -> None:
    value = {"claimReviewed": text}
    safe = script_json(value)
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(safe)
    assert json.loads(safe) == value


def test_claim_page_markdown_carries_the_json_ld(built: Path) -> None:
    # The cached Markdown the plugin handed to MkDocs: the element is in the page's body.
    cache = built.parent / ".cache" / "factdesk" / "pages" / "claims" / "script-claim.md"
    body = _read(cache).split("---\n", 2)[2]
    (element,) = re.findall(r'^<script type="application/ld\+json">(.*)</script>$', body, re.M)
    assert json.loads(element)["claimReviewed"] == SCRIPT_CLAIM
