"""Contradiction notes that claim no more than their evidence: which side may be the supported
one, events the desk confirms, figures that say whose count they are, and sentences that are
either cited or background.

The broken-* fixtures pin each diagnostic's exact position; these tests cover the cases between
them (a claim with no verdict, a rating's own `upholds`, a confirmation with one independent
source among its own) and what the built pages show.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build
from test_site_pages import BuiltSite, article_body, by_class, link_to, one, text

from generator.content.diagnostics import SourceLocation
from generator.content.models import Rating, upholding_ratings
from generator.content.validate import mentions_figure
from generator.pipeline import build, check


def rating(rating_id: str, *, scored: bool = True, upholds: bool | None = None) -> Rating:
    return Rating(rating_id, rating_id.title(), "meaning", "#000000", scored, upholds)


def codes(root: Path) -> list[tuple[str, str]]:
    return [(d.code, str(d.location)) for d in check(root).diagnostics]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- which ratings uphold a claim ---------------------------------------------------------------


def test_the_better_half_of_the_scored_ratings_upholds_a_claim_by_default() -> None:
    five = tuple(rating(r) for r in ("accurate", "mostly", "mixed", "misleading", "false"))
    assert upholding_ratings(five) == {"accurate", "mostly"}  # the middle one does not
    two = (rating("accurate"), rating("false"), rating("unproven", scored=False))
    assert upholding_ratings(two) == {"accurate"}
    six = tuple(rating(r) for r in ("true", "mostly", "half", "mostly-false", "false", "fire"))
    assert upholding_ratings(six) == {"true", "mostly", "half"}


def test_a_rating_can_say_for_itself_whether_it_upholds_a_claim() -> None:
    six = [rating(r) for r in ("true", "mostly", "half", "mostly-false", "false", "fire")]
    six[2] = rating("half", upholds=False)
    six[3] = rating("mostly-false", upholds=True)  # a desk may decide otherwise; it is told
    assert upholding_ratings(tuple(six)) == {"true", "mostly", "mostly-false"}
    # An unscored rating never upholds by default, but can be told to.
    assert upholding_ratings((rating("a"), rating("b"), rating("unproven", scored=False))) == {"a"}
    assert "unproven" in upholding_ratings(
        (rating("a"), rating("b"), rating("unproven", scored=False, upholds=True))
    )


# --- resolving a contradiction --------------------------------------------------------------------


def test_a_claim_without_a_verdict_cannot_be_the_supported_side(site: Path) -> None:
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text[: text.index("verdict:")], encoding="utf-8")
    edit(
        site / "content" / "contradictions" / "towns.yml",
        "supported: strike",
        "supported: no-strikes-on-towns",
    )
    found = check(site).diagnostics
    fd160 = [d for d in found if d.code == "FD160"]
    assert len(fd160) == 1
    assert fd160[0].location == SourceLocation("content/contradictions/towns.yml", 10, 12)
    assert "has no verdict yet" in fd160[0].message
    assert "Accurate" in fd160[0].hint


def test_a_claim_upheld_by_its_verdict_can_be_the_supported_side(site: Path) -> None:
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    edit(claim, "rating: false", "rating: accurate")
    edit(
        site / "content" / "contradictions" / "towns.yml",
        "supported: strike",
        "supported: no-strikes-on-towns",
    )
    assert codes(site) == []


def test_an_open_contradiction_needs_no_confirmed_event(site: Path) -> None:
    event = site / "content" / "events" / "strike.yml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text[: text.index("confirmed:")], encoding="utf-8")
    note = site / "content" / "contradictions" / "towns.yml"
    edit(note, "status: resolved\nsupported: strike\n", "status: open\n")
    assert codes(site) == []


def test_a_confirmation_needs_one_source_beyond_the_events_own(site: Path) -> None:
    event = site / "content" / "events" / "strike.yml"
    # Its own report beside an independent one: the independent one carries it.
    edit(
        event,
        "  evidence:\n",
        "  evidence:\n"
        "    - article: monitor-report\n"
        "      quote: a strike on Wednesday morning killed two civilians\n"
        "      note: The monitor's report.\n",
    )
    assert codes(site) == []
    # Another article of the site is independent of the event's own source.
    text = event.read_text(encoding="utf-8")
    start = text.index("    - title: Hospital records")
    event.write_text(
        text[:start]
        + "    - article: example-report\n"
        + "      quote: The war goes on.\n"
        + "      note: The wire's own report.\n",
        encoding="utf-8",
    )
    assert codes(site) == [("FD166", "content/articles/example-report.yml:6:16")]


def test_a_confirmation_with_no_evidence_is_refused(site: Path) -> None:
    event = site / "content" / "events" / "strike.yml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text[: text.index("  evidence:")] + "  evidence: []\n", encoding="utf-8")
    found = check(site).diagnostics
    assert [(d.code, d.message) for d in found] == [
        ("FD162", "event 'strike' is marked confirmed without evidence")
    ]


# --- figures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "found"),
    [
        ("The monitor counted 526 civilians.", "526", True),
        ("The monitor counted 1,526 civilians.", "526", False),
        ("The monitor counted 5260 civilians.", "526", False),
        ("between 1,098 and 1,450 civilians", "1,098", True),
        ("between 1 098 and 1 450 civilians", "1 098", True),
        ("between 1\u202f098 and 1\u202f450 civilians", "1 098", True),
        ("a count of 526.", "526", True),
        ("a count of 526.5 on average", "526", False),
        ("31 % of the incidents", "31 %", True),
    ],
)
def test_a_figure_is_found_in_its_text_only_as_a_whole_figure(
    text: str, value: str, found: bool
) -> None:
    assert mentions_figure(text, value) is found


MONITOR_CREDIT = """\
- credited_to: example-monitor
  source:
    article: monitor-report
    quote: a strike on Wednesday morning killed two civilians
    note: The Monitor's own report.
"""

MINISTRY_CREDIT = """\
- credited_to: example-ministry
  source:
    title: Ministry counts two dead
    url: https://example.org/news/4
    note: The wire credits the count to the ministry.
"""


def figures_yaml(indent: str, credits: list[str], note: str = "") -> str:
    """A `figures:` list of one figure, "two" civilians killed, with these attributions."""
    lines = ["figures:", '  - value: "two"', "    counts: civilians killed in the strike"]
    lines.append("    attributions:")
    lines += ["      " + line for credit in credits for line in credit.splitlines()]
    if note:
        lines.append(f"    note: {note}")
    return "".join(f"{indent}{line}\n" for line in lines)


DISPUTED = figures_yaml(
    "  ",
    [MONITOR_CREDIT, MINISTRY_CREDIT],
    "The Monitor published the count as its own; the wire's credit is a mistake.",
)
NOTE_FIGURE = figures_yaml("", [MONITOR_CREDIT])


def test_pages_show_whose_figures_they_are_and_where_sources_disagree(site: Path) -> None:
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    edit(claim, "documented civilians killed.", "documented two civilians killed.")
    claim.write_text(claim.read_text(encoding="utf-8") + DISPUTED, encoding="utf-8")
    note = site / "content" / "contradictions" / "towns.yml"
    edit(note, "The two conflict.", "The two conflict: the Monitor counted two dead.")
    note.write_text(note.read_text(encoding="utf-8") + NOTE_FIGURE, encoding="utf-8")
    assert codes(site) == []
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    built = BuiltSite(site)

    claim_url = "claims/no-strikes-on-towns/"
    verdict = one(by_class(article_body(built.page(claim_url)), "fd-verdict"))
    figures = one(by_class(verdict, "fd-figures"))
    (item,) = figures.xpath("./ul/li")
    assert text(item).startswith("two: civilians killed in the strike")
    assert text(one(by_class(item, "fd-disputed"))) == "sources differ on whose figure this is"
    credits = [text(li) for li in item.xpath("./ul/li")]
    assert credits[0].startswith("Credited to Example Monitor: The Monitor's own report.")
    assert credits[1].startswith("Credited to Example Ministry of Defence: The wire credits")
    assert credits[2] == (
        "Desk's note: The Monitor published the count as its own; the wire's credit is a mistake."
    )
    link_to(item, claim_url, "entities/example-monitor/")
    link_to(item, claim_url, "articles/monitor-report/#s1")
    assert item.xpath(".//a[@href='https://example.org/news/4']")

    note_url = "contradictions/towns/"
    body = article_body(built.page(note_url))
    (note_item,) = one(by_class(body, "fd-figures")).xpath("./ul/li")
    assert not by_class(note_item, "fd-disputed")
    link_to(note_item, note_url, "articles/monitor-report/#s1")
    # The article page links the quoted sentence back to the note that cites it.
    article_url = "articles/monitor-report/"
    sentence = one(article_body(built.page(article_url)).xpath(".//*[@id='s1']"))
    link_to(sentence, article_url, note_url)


def test_the_same_figures_build_the_same_pages(site: Path) -> None:
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    edit(claim, "documented civilians killed.", "documented two civilians killed.")
    claim.write_text(claim.read_text(encoding="utf-8") + DISPUTED, encoding="utf-8")
    first, second = build(site), build(site)
    assert first.pages == second.pages
    page = first.pages["claims/no-strikes-on-towns.md"]
    assert page.count("Credited to") == 2
