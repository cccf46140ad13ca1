"""The built site, page kind by page kind: a real `mkdocs build --strict` of the minimal fixture,
read back with lxml. Each test states what a reader must find on one kind of page; the last ones
walk every link of the built site and check the bundled case once its content exists."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
import yaml
from conftest import FIXTURES, ROOT, mkdocs_build

from generator.content.catalogue import ENTRIES as DIAGNOSTICS

HtmlElement = lxml.html.HtmlElement

# Three more events around the minimal fixture's two entries, so that the timeline spans three
# months and shows each kind of imprecise date (month only, range, approximate).
EXTRA_EVENTS = {
    "earlier": """\
date: 2015-09
title: Month-precision event
sources:
  - article: monitor-report
    quote: killed two civilians
tags: [air strikes]
entities: [example-ministry]
""",
    "spanning": """\
date: 2015-09-30/2015-10-07
title: Range event
sources:
  - article: monitor-report
    quote: killed two civilians
""",
    "later": """\
date: ~2015-11-02
title: Approximate event
sources:
  - article: later-report
    quote: killed two civilians
""",
}
# The November event's report: an article can only report what happened by the day it came out.
LATER_REPORT = """\
---
title: Monitor reports more deaths
outlet: Example Monitor
published: 2015-11-03
---
The Monitor said a second strike killed two civilians.
"""

# The order the timeline must show: by earliest possible day, events before claims on a day.
TIMELINE_ORDER = [
    ("event-earlier", date(2015, 9, 1)),
    ("event-spanning", date(2015, 9, 30)),
    ("claim-no-strikes-on-towns", date(2015, 10, 6)),
    ("event-strike", date(2015, 10, 7)),
    ("event-later", date(2015, 11, 2)),
]


# --------------------------------------------------------------------------------------------
# Reading a built site
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    """A site folder after `mkdocs build`: its content files and its HTML output."""

    root: Path

    @property
    def html(self) -> Path:
        return self.root / "site"

    def file_for(self, url: str) -> Path:
        """The file a site-relative URL ('claims/x/', 'timeline/') is served from."""
        path = self.html / unquote(url)
        if url == "" or url.endswith("/") or path.is_dir():
            path = path / "index.html"
        return path

    def page(self, url: str) -> HtmlElement:
        return read_html(self.file_for(url))

    def pages(self) -> Iterator[tuple[str, Path]]:
        for path in sorted(self.html.rglob("*.html")):
            relative = path.relative_to(self.html).as_posix()
            yield relative.removesuffix("index.html"), path


def read_html(path: Path) -> HtmlElement:
    root: HtmlElement = lxml.html.fromstring(path.read_bytes())
    return root


def text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def by_class(root: HtmlElement, *classes: str) -> list[HtmlElement]:
    """Elements carrying every one of `classes` (no cssselect here: XPath on the class list)."""
    tests = " and ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in classes
    )
    found: list[HtmlElement] = root.xpath(f".//*[{tests}]")
    return found


def one(found: list[HtmlElement]) -> HtmlElement:
    assert len(found) == 1, f"expected one element, found {len(found)}"
    return found[0]


def article_body(root: HtmlElement) -> HtmlElement:
    """Material's main content, without the nav, header and footer."""
    return one(root.xpath(".//article[contains(@class, 'md-content__inner')]"))


def resolve_link(page_url: str, href: str) -> tuple[str, str]:
    """A link on the page at `page_url` -> (site-relative URL of the target, fragment)."""
    base = "http://site.invalid/"
    target = urlsplit(urljoin(base + page_url, href))
    assert target.netloc == "site.invalid", f"{href} on {page_url} leaves the site"
    return target.path.removeprefix("/"), unquote(target.fragment)


def ids(root: HtmlElement) -> set[str]:
    return {str(value) for value in root.xpath(".//@id | .//a/@name")}


def follow(site: BuiltSite, page_url: str, href: str) -> HtmlElement:
    """The element a link points at; fails unless the file and the anchor exist."""
    url, fragment = resolve_link(page_url, href)
    target = site.file_for(url)
    assert target.is_file(), f"{href} on {page_url}: no file {target}"
    root = read_html(target)
    if not fragment:
        return root
    found = root.xpath(".//*[@id=$id]", id=fragment)
    assert found, f"{href} on {page_url}: {url} has no element with id {fragment!r}"
    element: HtmlElement = found[0]
    return element


def links(element: HtmlElement) -> list[tuple[str, str]]:
    """(text, href) of every link inside an element."""
    return [(text(a), str(a.get("href"))) for a in element.iter("a") if a.get("href")]


def link_to(element: HtmlElement, page_url: str, target_url: str) -> HtmlElement:
    """The one link inside `element` whose target resolves to `target_url` (fragment included)."""
    found = [
        a
        for a in element.iter("a")
        if a.get("href") is not None
        and not urlsplit(str(a.get("href"))).netloc  # an outlet's page is never the target
        and "#".join(filter(None, resolve_link(page_url, str(a.get("href"))))) == target_url
    ]
    assert found, f"no link to {target_url} in {text(element)[:200]!r}"
    return found[0]


# --------------------------------------------------------------------------------------------
# The site under test
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("pages") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    for name, body in EXTRA_EVENTS.items():
        (root / "content" / "events" / f"{name}.yml").write_text(body, encoding="utf-8")
    (root / "content" / "articles" / "later-report.md").write_text(LATER_REPORT, "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root)


@pytest.fixture(scope="module")
def scale(site: BuiltSite) -> list[dict[str, object]]:
    with open(site.root / "content" / "site.yml", encoding="utf-8") as handle:
        # BaseLoader reads every scalar as text, as factdesk does for ids: `id: false` is "false".
        config = yaml.load(handle, Loader=yaml.BaseLoader)
    ratings: list[dict[str, object]] = config["rating_scale"]
    return ratings


CLAIM = "claims/no-strikes-on-towns/"
ARTICLE = "articles/example-report/"
MONITOR = "articles/monitor-report/"
QUOTE = "Our planes do not strike populated areas"
CLAIM_TEXT = "The Example air force does not strike populated areas."


# --------------------------------------------------------------------------------------------
# Claim page
# --------------------------------------------------------------------------------------------


def test_claim_page_shows_the_claim_its_claimant_and_the_quote(site: BuiltSite) -> None:
    body = article_body(site.page(CLAIM))
    assert text(one(body.xpath(".//h1"))).startswith(CLAIM_TEXT)
    meta = one(by_class(body, "fd-meta"))
    claimant = link_to(meta, CLAIM, "entities/example-spokesman/")
    assert text(claimant) == "Jan Example"
    # "on Tuesday" in an article of Wed 7 Oct: the page shows the day and how it was worked out.
    assert "6 October 2015" in text(meta)
    assert "on Tuesday" in text(one(meta.xpath(".//small")))
    quotes = [text(q) for q in body.xpath(".//blockquote/p[1]")]
    assert QUOTE in quotes


def test_claim_page_verdict_box_is_coloured_by_its_rating(site: BuiltSite) -> None:
    body = article_body(site.page(CLAIM))
    box = one(by_class(body, "admonition", "fd-verdict"))
    assert "fd-rating-false" in box.get("class", "").split()
    # A section named by its heading: screen readers list "Verdict: False" among the headings.
    title = one(by_class(box, "admonition-title"))
    assert title.tag == "h2" and box.tag == "section"
    assert box.get("aria-labelledby") == title.get("id")
    assert text(title).removesuffix("¶") == "Verdict: False"
    assert "The monitor documented civilians killed." in text(box)
    reviewed = one(by_class(box, "fd-reviewed"))
    assert "Desk editor" in text(reviewed) and "1 November 2015" in text(reviewed)
    # The rating's meaning links to its row on the methodology page.
    follow(site, CLAIM, str(link_to(reviewed, CLAIM, "methodology/#rating-false").get("href")))
    # The CSS gives that class a colour.
    css = (site.html / "assets" / "factdesk.css").read_text(encoding="utf-8")
    assert re.search(r"\.fd-rating-false\s*\{\s*--fd-colour:\s*#c62828", css)


def test_claim_page_first_appearance_links_to_the_quoted_sentence(site: BuiltSite) -> None:
    body = article_body(site.page(CLAIM))
    first = one([p for p in body.iter("p") if text(p).startswith("First appeared in")])
    ((title, href),) = links(first)
    assert title == "Ministry denies strikes on towns"
    sentence = follow(site, CLAIM, href)
    assert "fd-sentence" in sentence.get("class", "").split()
    assert QUOTE in text(sentence)
    assert resolve_link(CLAIM, href)[0] == ARTICLE


def test_claim_page_evidence_and_contradiction_link_to_their_sources(site: BuiltSite) -> None:
    body = article_body(site.page(CLAIM))
    evidence = one(body.xpath(".//h2[starts-with(@id, 'evidence')]/following-sibling::ol[1]"))
    cited = follow(site, CLAIM, str(link_to(evidence, CLAIM, f"{MONITOR}#s1").get("href")))
    assert "killed two civilians" in text(cited)
    section = one(body.xpath(".//h2[@id='contradictions']/following-sibling::ul[1]"))
    link_to(section, CLAIM, "contradictions/towns/")
    event = follow(site, CLAIM, str(link_to(section, CLAIM, "timeline/#event-strike").get("href")))
    assert "Strike kills two civilians" in text(event)


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------


def test_timeline_entries_are_in_date_order_under_month_and_day_headings(site: BuiltSite) -> None:
    body = article_body(site.page("timeline/"))
    entries = by_class(body, "fd-entry")
    assert [entry.get("id") for entry in entries] == [name for name, _ in TIMELINE_ORDER]
    months = [text(h).removesuffix("¶").strip() for h in body.xpath(".//h2")]
    assert months == ["September 2015", "October 2015", "November 2015"]
    for entry, (_, earliest) in zip(entries, TIMELINE_ORDER, strict=True):
        month = one(entry.xpath("ancestor::div[contains(@class, 'fd-month')]/h2"))
        assert text(month).startswith(earliest.strftime("%B %Y"))
        day = text(one(entry.xpath("ancestor::div[contains(@class, 'fd-day')]/h3")))
        assert f"{earliest.day} {earliest:%B}" in day or day.startswith(f"{earliest:%B %Y}")
    exact = [
        datetime.strptime(text(h).removesuffix("¶").strip(), "%d %B %Y").date()
        for h in body.xpath(".//h3")
        if re.fullmatch(r"\d+ \w+ \d{4}", text(h).removesuffix("¶").strip())
    ]
    assert exact == sorted(exact) and len(exact) == 2


def test_timeline_marks_imprecise_dates_and_shows_the_reasoning(site: BuiltSite) -> None:
    body = article_body(site.page("timeline/"))

    def entry(name: str) -> HtmlElement:
        return one(body.xpath(".//*[@id=$id]", id=name))

    notes = {
        name: [text(n) for n in by_class(entry(name), "fd-date-note")] for name, _ in TIMELINE_ORDER
    }
    assert notes["event-earlier"] == ["exact day not known"]
    assert notes["event-spanning"] == ["date range"]
    assert notes["event-later"] == ["approximate date"]
    assert notes["event-strike"] == []
    reasoning = text(one(by_class(entry("event-strike"), "fd-reasoning")))
    assert "on Wednesday morning" in reasoning and "Wed 7 Oct 2015" in reasoning
    claim_reasoning = text(one(by_class(entry("claim-no-strikes-on-towns"), "fd-reasoning")))
    assert "on Tuesday" in claim_reasoning and "Tue 6 Oct 2015" in claim_reasoning


def test_timeline_entries_carry_sources_claims_and_filter_data(site: BuiltSite) -> None:
    body = article_body(site.page("timeline/"))
    strike = one(body.xpath(".//*[@id='event-strike']"))
    sentence = follow(
        site, "timeline/", str(link_to(strike, "timeline/", f"{MONITOR}#s1").get("href"))
    )
    assert "killed two civilians" in text(sentence)
    related = link_to(strike, "timeline/", CLAIM)
    assert "fd-rating-false" in related.getprevious().get("class", "").split()
    claim = one(body.xpath(".//*[@id='claim-no-strikes-on-towns']"))
    assert json.loads(claim.get("data-tags")) == ["civilian casualties"]
    assert json.loads(claim.get("data-entities")) == ["example-spokesman"]
    assert "example-monitor" in json.loads(strike.get("data-entities"))
    earlier = one(body.xpath(".//*[@id='event-earlier']"))
    assert json.loads(earlier.get("data-tags")) == ["air strikes"]
    # A confirmed event shows its confirmation and the evidence beyond its own sources.
    confirmation = one(by_class(strike, "fd-confirmation"))
    assert text(confirmation).startswith("confirmed by Desk editor on 2 November 2015.")
    assert confirmation.xpath(".//a[@href='https://example.org/news/3']")
    assert not by_class(earlier, "fd-confirmation")
    # The filters offer exactly the tags and the entities that appear on the timeline.
    filters = one(by_class(body, "fd-filters"))
    tags = filters.xpath(".//select[@data-filter='tags']/option/@value")
    assert tags == ["", "air strikes", "civilian casualties"]
    entities = set(filters.xpath(".//select[@data-filter='entities']/option/@value"))
    assert entities == {"", "example-ministry", "example-monitor", "example-spokesman"}
    # Every claim link on the timeline leads to an existing claim page.
    for _, href in links(claim):
        follow(site, "timeline/", href)


# --------------------------------------------------------------------------------------------
# Contradictions
# --------------------------------------------------------------------------------------------


def check_sides(site: BuiltSite, url: str, container: HtmlElement) -> None:
    # Each side takes its own position here: two camps of one card each, labelled by the camp.
    camps = by_class(one(by_class(container, "fd-camps")), "fd-camp")
    assert len(camps) == 2
    claim_camp, event_camp = camps
    sides = [one(camp.xpath(".//div[contains(@class, 'fd-sides')]/ul/li")) for camp in camps]
    claim_side, event_side = sides
    assert text(one(by_class(claim_camp, "fd-camp-label"))).startswith(
        "The ministry says it does not strike populated areas"
    )
    assert text(one(by_class(event_camp, "fd-camp-label"))).startswith(
        "The monitor reports civilians killed"
    )
    # The claim side: claimant, quote, source sentence and verdict badge.
    link_to(claim_side, url, "entities/example-spokesman/")
    link_to(claim_side, url, CLAIM)
    assert QUOTE in [text(q) for q in claim_side.xpath(".//blockquote")]
    follow(site, url, str(link_to(claim_side, url, f"{ARTICLE}#s2").get("href")))
    badge = one(by_class(claim_side, "fd-badge"))
    assert text(badge) == "False" and "fd-rating-false" in badge.get("class", "")
    # The event side: the event on the timeline, its source, and the mark of the supported side.
    follow(site, url, str(link_to(event_side, url, "timeline/#event-strike").get("href")))
    follow(site, url, str(link_to(event_side, url, f"{MONITOR}#s1").get("href")))
    assert text(one(by_class(event_camp, "fd-supported"))) == "supported by the evidence"
    assert not by_class(claim_camp, "fd-supported")
    # The supported event is one the desk confirmed, and the side says by whom, when and on what.
    confirmed = one(by_class(event_side, "fd-confirmed"))
    assert text(confirmed) == "confirmed"
    assert "by Desk editor, 2 November 2015: The local hospital recorded the same two deaths" in (
        text(confirmed.getparent())
    )


def test_contradiction_page_sets_both_sides_next_to_each_other(site: BuiltSite) -> None:
    url = "contradictions/towns/"
    body = article_body(site.page(url))
    assert text(one(body.xpath(".//h1"))).startswith("Strikes on towns")
    check_sides(site, url, body)
    paragraphs = [text(p) for p in body.iter("p")]
    assert "Status: resolved." in paragraphs
    assert "The two conflict." in paragraphs


def test_contradictions_index_shows_every_note_with_its_sides(site: BuiltSite) -> None:
    url = "contradictions/"
    body = article_body(site.page(url))
    heading = one(body.xpath(".//h2"))
    link_to(heading, url, "contradictions/towns/")
    check_sides(site, url, body)
    assert "Status: resolved." in [text(p) for p in body.iter("p")]


# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------


def test_article_page_anchors_every_sentence(site: BuiltSite) -> None:
    body = article_body(site.page(ARTICLE))
    sentences = by_class(body, "fd-sentence")
    assert [s.get("id") for s in sentences] == ["s1", "s2", "s3"]
    for number, sentence in enumerate(sentences, start=1):
        anchor = one(by_class(sentence, "fd-sentence-number"))
        assert anchor.get("href") == f"#s{number}" and text(anchor) == str(number)
    assert "3 sentences" in text(one(by_class(body, "fd-meta")))
    assert text(sentences[2]).startswith("3 The war goes on.")


def test_article_page_highlights_cited_sentences_with_links_back(site: BuiltSite) -> None:
    body = article_body(site.page(ARTICLE))
    cited = by_class(body, "fd-cited")
    assert [s.get("id") for s in cited] == ["s2"]
    ((label, href),) = [(text(a), str(a.get("href"))) for a in by_class(cited[0], "fd-citer")]
    # What cites the sentence, by title and with its verdict, in a list under it.
    assert label == CLAIM_TEXT
    (item,) = cited[0].xpath(".//div[contains(@class, 'fd-annotations')]//li")
    assert text(item) == f"Claim: {CLAIM_TEXT} Verdict: False"  # "Verdict:" for screen readers
    assert by_class(item, "fd-rating-false")
    assert resolve_link(ARTICLE, href) == (CLAIM, "")
    follow(site, ARTICLE, href)
    background = by_class(body, "fd-background")
    assert [s.get("id") for s in background] == ["s1", "s3"]
    # The desk's note on a background sentence is set apart from the sentence, under it.
    note = one(by_class(background[0], "fd-background-note"))
    assert "headline and context" in text(note)
    assert "headline and context" not in text(background[0].xpath("./p")[0])
    # The monitor's sentence is cited by the event and, as evidence, by the claim.
    monitor = one(by_class(article_body(site.page(MONITOR)), "fd-cited"))
    targets = {resolve_link(MONITOR, str(a.get("href"))) for a in by_class(monitor, "fd-citer")}
    assert ("timeline/", "event-strike") in targets
    for _, href in links(monitor):
        follow(site, MONITOR, href)


def test_articles_index_lists_each_article_with_its_coverage(site: BuiltSite) -> None:
    body = article_body(site.page("articles/"))
    rows = {
        text(row.xpath("./th")[0]): [text(cell) for cell in row.xpath("./th | ./td")]
        for row in body.xpath(".//table[not(ancestor::div[contains(@class, 'fd-meta')])]/tbody/tr")
    }
    assert rows["Ministry denies strikes on towns"][1:] == [
        "Example Wire",
        "7 October 2015",
        "1 of 3, 2 background",
    ]
    assert rows["Monitor reports civilian deaths"][3] == "1 of 1"


# --------------------------------------------------------------------------------------------
# Entities, claims index, home, methodology, guide
# --------------------------------------------------------------------------------------------


def test_entity_page_shows_tally_and_claims(site: BuiltSite) -> None:
    url = "entities/example-spokesman/"
    body = article_body(site.page(url))
    meta = one(by_class(body, "fd-meta"))
    assert "person" in text(meta)
    link_to(meta, url, "entities/example-ministry/")
    tally = one([p for p in body.iter("p") if text(p).startswith("Verdicts:")])
    assert text(tally) == "Verdicts: False 1"
    assert "fd-rating-false" in one(by_class(tally, "fd-badge")).get("class", "")
    (row,) = body.xpath(".//table[not(ancestor::div[contains(@class, 'fd-meta')])]/tbody/tr")
    cells = row.xpath("./th | ./td")
    link_to(cells[0], url, CLAIM)
    assert text(cells[1]) == "6 October 2015" and text(cells[2]) == "False"
    # The ministry made no claim itself; its page says so and lists its member.
    ministry = article_body(site.page("entities/example-ministry/"))
    assert "No claims by Example Ministry of Defence are recorded." in text(ministry)
    link_to(ministry, "entities/example-ministry/", "entities/example-spokesman/")


def test_entities_and_claims_indexes_tabulate_verdicts(site: BuiltSite) -> None:
    entities = article_body(site.page("entities/"))
    rows = {
        text(r.xpath("./th")[0]): [text(cell) for cell in r.xpath("./th | ./td")]
        for r in entities.xpath(".//tbody/tr")
    }
    assert rows["Jan Example"][1:] == ["person", "1", "False 1"]
    assert rows["Example Monitor"][2] == "0"
    claims = article_body(site.page("claims/"))
    (row,) = claims.xpath(".//tbody/tr")
    cells = row.xpath("./th | ./td")
    link_to(cells[0], "claims/", CLAIM)
    link_to(cells[1], "claims/", "entities/example-spokesman/")
    assert [text(c) for c in cells[2:]] == ["6 October 2015", "False"]


def test_home_shows_counts_and_verdict_distribution(site: BuiltSite) -> None:
    body = article_body(site.page(""))
    counts = [text(li) for li in one(by_class(body, "fd-counts")).iter("li")]
    assert counts == [
        "1 claim checked, 1 with a verdict",
        "1 contradiction between statements and evidence",
        "4 dated events on the timeline",
        "3 source articles and 3 people and organisations",
    ]
    distribution = {
        text(r.xpath("./th")[0]): [text(td) for td in r.xpath("./td")]
        for r in body.xpath(".//h2[@id='verdicts']/following-sibling::table[1]/tbody/tr")
    }
    assert distribution == {
        "Accurate": ["0", "0%"],
        "False": ["1", "100%"],
        "Unproven": ["0", "0%"],
    }
    link_to(body, "", "contradictions/towns/")
    latest = one(body.xpath(".//h2[@id='latest-reviewed-claims']/following-sibling::ul[1]"))
    assert text(latest).endswith("1 November 2015")
    link_to(latest, "", CLAIM)


def test_methodology_lists_every_rating_with_its_meaning(
    site: BuiltSite, scale: list[dict[str, object]]
) -> None:
    body = article_body(site.page("methodology/"))
    rows = body.xpath(".//h2[@id='rating-scale']/following-sibling::table[1]/tbody/tr")
    assert len(rows) == len(scale)
    for row, rating in zip(rows, scale, strict=True):
        first, meaning = row.xpath("./th | ./td")
        assert first.xpath(".//@id") == [f"rating-{rating['id']}"]
        badge = one(by_class(first, "fd-badge"))
        assert text(badge) == rating["label"]
        assert f"fd-rating-{rating['id']}" in badge.get("class", "").split()
        assert text(meaning).startswith(str(rating["meaning"]))
        assert ("outside the true–false scale" in text(meaning)) == (
            rating.get("scored") == "false"
        )


def test_guide_page_explains_the_files_with_examples(site: BuiltSite) -> None:
    body = article_body(site.page("how-to-add-a-claim/"))
    headings = [text(h).removesuffix("¶").strip() for h in body.xpath(".//h2")]
    for expected in ("The files", "Dates", "A claim", "An event", "A contradiction"):
        assert expected in headings
    examples = "\n".join(code.text_content() for code in body.xpath(".//pre/code"))
    assert "claimant: example-spokesman" in examples
    assert "rating_scale:" in examples


def test_guide_page_lists_every_diagnostic_code(site: BuiltSite) -> None:
    page = "how-to-add-a-claim/"
    body = article_body(site.page(page))
    table_links = {
        text(a): str(a.get("href")) for a in body.xpath(".//table//a") if text(a).startswith("FD")
    }
    assert list(table_links) == [entry.code for entry in DIAGNOSTICS]
    for entry in DIAGNOSTICS:
        heading = follow(site, page, table_links[entry.code])
        assert heading.tag == "h3"
        assert text(heading).removesuffix("¶").strip() == f"{entry.code}: {entry.title}"
        # The entry's section: everything up to the next heading.
        section = []
        for sibling in heading.itersiblings():
            if sibling.tag in ("h2", "h3"):
                break
            section.append(sibling)
        prose = " ".join(text(e) for e in section if e.tag == "p")
        assert f"{entry.severity.value.capitalize()}." in prose
        # Markdown turns `code` into elements; the words and their order stay.
        assert re.sub(r"\W+", "", entry.explanation) in re.sub(r"\W+", "", prose)
        blocks = [e.xpath("string(.//code)") for e in section if e.xpath(".//pre")]
        assert blocks[-1].strip() == entry.example.says
        # A missing or empty file is said in the note, not shown as an empty block.
        shown = [f.text.strip() for f in entry.example.files if f.text]
        assert [b.strip() for b in blocks[:-1]] == shown
        if len(shown) < len(entry.example.files):
            assert entry.example.note in prose


def test_navigation_lists_the_sections_only(site: BuiltSite) -> None:
    nav = one(site.page(CLAIM).xpath(".//nav[contains(@class, 'md-nav--primary')]"))
    labels = [text(a) for a in nav.xpath(".//a[contains(@class, 'md-nav__link')]")]
    for section in (
        "Home",
        "Timeline",
        "Claims",
        "Contradictions",
        "Articles",
        "Entities",
        "Methodology",
        "How to add a claim",
    ):
        assert section in labels
    assert CLAIM_TEXT not in labels and "Jan Example" not in labels


# --------------------------------------------------------------------------------------------
# Every link of the built site
# --------------------------------------------------------------------------------------------


def broken_links(site: BuiltSite) -> list[str]:
    """Each internal link whose file or anchor does not exist, as 'page: href (why)'."""
    problems = []
    cache: dict[Path, set[str]] = {}
    for url, path in site.pages():
        root = read_html(path)
        for anchor in root.iter("a"):
            href = anchor.get("href")
            if href is None:
                continue
            scheme = urlsplit(href).scheme
            if scheme in ("http", "https", "mailto"):
                continue
            if scheme:
                problems.append(f"{url}: {href} (scheme {scheme})")
                continue
            if href.startswith("/"):
                # Material's 404 page links from the site root, which site_url places here.
                href = href.removeprefix("/factcheck/")
                target_url, fragment = resolve_link("", href)
            else:
                target_url, fragment = resolve_link(url, href)
            target = site.file_for(target_url)
            if not target.is_file():
                problems.append(f"{url}: {href} (no file {target.relative_to(site.html)})")
                continue
            if fragment:
                if target not in cache:
                    cache[target] = ids(read_html(target))
                if fragment not in cache[target]:
                    problems.append(f"{url}: {href} (no id {fragment!r})")
    return problems


def test_every_internal_link_points_to_an_existing_page_and_anchor(site: BuiltSite) -> None:
    pages = dict(site.pages())
    # The walk must have something to walk: every kind of page is there.
    for url in (
        "",
        "timeline/",
        CLAIM,
        ARTICLE,
        "contradictions/towns/",
        "entities/",
        "entities/example-spokesman/",
        "methodology/",
        "how-to-add-a-claim/",
    ):
        assert url in pages
    assert broken_links(site) == []


def test_the_link_walk_notices_a_missing_anchor(site: BuiltSite, tmp_path: Path) -> None:
    copy = BuiltSite(tmp_path / "copy")
    shutil.copytree(site.html, copy.html)
    article = copy.file_for(ARTICLE)
    html = article.read_text(encoding="utf-8").replace('id="s2"', 'id="gone"')
    article.write_text(html, encoding="utf-8")
    assert any("#s2 (no id 's2')" in problem for problem in broken_links(copy))


# --------------------------------------------------------------------------------------------
# Structure for assistive technology, on every page (axe-core checks one page of each kind in
# a browser: tests/test_accessibility.py)
# --------------------------------------------------------------------------------------------


def structure_problems(site: BuiltSite) -> list[str]:
    """Every page: one h1 and headings that never skip a level going down. Every table has
    column header cells; factdesk's own data tables (their header cells carry a scope) are
    also named (aria-labelledby an element with text) and head each row with a row header
    cell, as do the key-value tables of facts. Markdown tables (the guide's, the editors') have
    header cells by construction and no way to be named."""
    problems = []
    for url, path in site.pages():
        if url == "404.html":
            continue
        body = article_body(read_html(path))
        levels = [int(h.tag[1]) for h in body.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if levels[:1] != [1] or levels.count(1) != 1:
            problems.append(f"/{url}: headings {levels} do not start with one h1")
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                problems.append(f"/{url}: h{before} followed by h{after}")
        for table in body.iter("table"):
            if table.xpath("ancestor::div[contains(@class, 'highlight')]"):
                continue
            key_value = bool(table.xpath("ancestor::div[contains(@class, 'fd-meta')]"))
            columns = table.xpath("./thead/tr/th")
            if not key_value and not columns:
                problems.append(f"/{url}: a table without column header cells")
            ours = key_value or any(c.get("scope") == "col" for c in columns)
            if not ours:
                continue
            label = table.get("aria-labelledby")
            named = label and body.xpath(f".//*[@id='{label}']")
            if not key_value and not (named and text(named[0])):
                problems.append(f"/{url}: a table without a name")
            for row in table.xpath("./tbody/tr"):
                if [c.get("scope") for c in row.xpath("./th")] != ["row"]:
                    problems.append(f"/{url}: a row without its header cell: {text(row)[:60]}")
    return problems


def test_pages_have_headings_in_order_and_named_tables_with_header_cells(
    site: BuiltSite,
) -> None:
    assert structure_problems(site) == []


def test_the_structure_check_notices_a_skipped_heading_and_an_unnamed_table(
    site: BuiltSite, tmp_path: Path
) -> None:
    copy = BuiltSite(tmp_path / "copy")
    shutil.copytree(site.html, copy.html)
    page = copy.file_for("claims/")
    html = page.read_text(encoding="utf-8")
    html = html.replace('aria-labelledby="claims-caption"', "").replace("<h1", "<h3", 1)
    page.write_text(html.replace("</h1>", "</h3>", 1), encoding="utf-8")
    problems = structure_problems(copy)
    assert "/claims/: a table without a name" in problems
    assert any(p.startswith("/claims/: headings [3") for p in problems), problems


# --------------------------------------------------------------------------------------------
# The bundled case (content/ in the repository)
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not (ROOT / "content" / "site.yml").is_file(),
    reason="the bundled case has no content/site.yml yet",
)
def test_bundled_case_builds_with_its_contradictions_and_timeline(
    copy_site: Callable[[str], Path],
) -> None:
    root = copy_site("bundled")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    bundled = BuiltSite(root)
    assert broken_links(bundled) == []
    assert structure_problems(bundled) == []

    notes = [
        url
        for url, _ in bundled.pages()
        if url.startswith("contradictions/") and url != "contradictions/"
    ]
    assert len(notes) >= 3

    timeline = article_body(bundled.page("timeline/"))
    days = []
    for heading in timeline.xpath(".//div[contains(@class, 'fd-day')]/h3"):
        label = text(heading).removesuffix("¶").strip()
        # The earliest day a label names: '6 October 2015', 'about 2 November 2015',
        # '30 September – 7 October 2015', 'October 2015' or '2015' (the first day).
        match = re.search(r"(?:(?:(\d{1,2}) )?([A-Z][a-z]+)\b.*?)?(\d{4})", label)
        assert match, label
        day = f"{match[1] or 1} {match[2] or 'January'} {match[3]}"
        days.append(datetime.strptime(day, "%d %B %Y"))
    assert days and days == sorted(days)
    assert days[0].date() == date(2015, 9, 30)

    populated = []
    for url, path in bundled.pages():
        if url.startswith("claims/") and url != "claims/":
            body = article_body(read_html(path))
            # The first heading is the claim; an explanation may hold headings of its own.
            if "populated areas" in text(body.xpath(".//h1")[0]):
                populated.append((url, body))
    assert populated, "no claim page for the 'populated areas' statement"
    url, body = populated[0]
    box = one(by_class(body, "fd-verdict"))
    assert any(c.startswith("fd-rating-") for c in box.get("class", "").split())
    assert text(one(by_class(box, "admonition-title"))).startswith("Verdict: ")
    section = one(body.xpath(".//h2[@id='contradictions']/following-sibling::ul[1]"))
    note_links = section.xpath("./li/a")
    assert note_links
    for note_link in note_links:
        note_url, _ = resolve_link(url, str(note_link.get("href")))
        note = article_body(bundled.page(note_url))
        sides = note.xpath(".//div[contains(@class, 'fd-sides')]/ul/li")
        assert len(sides) >= 2
        ours = [s for s in sides if any(resolve_link(note_url, h)[0] == url for _, h in links(s))]
        others = [s for s in sides if s not in ours]
        assert ours and others
        # Each side under its camp's label, and its own first when the camp has others; then a
        # quote with its source sentence.
        for camp in by_class(note, "fd-camp"):
            assert text(one(by_class(camp, "fd-camp-label")))
            members = camp.xpath(".//div[contains(@class, 'fd-sides')]/ul/li")
            for side in members if len(members) > 1 else ():
                assert text(one(side.xpath("./p[1]/strong")))
        for side in sides:
            assert side.xpath(".//blockquote")
            assert any("#s" in href for _, href in links(side))

    # The headline note is resolved only in favour of what the evidence stands behind: an event
    # the desk confirmed, with by whom, when and on what; the ministry's claim is rated False.
    headline = "contradictions/civilians-killed-vs-no-strikes-on-populated-areas/"
    note = article_body(bundled.page(headline))
    claim_camp, event_camp = by_class(note, "fd-camp")
    claim_side, event_side = note.xpath(".//div[contains(@class, 'fd-sides')]/ul/li")
    assert text(one(by_class(claim_side, "fd-badge"))) == "False"
    assert not by_class(claim_camp, "fd-supported")
    assert text(one(by_class(event_camp, "fd-supported"))) == "supported by the evidence"
    confirmed = one(by_class(event_side, "fd-confirmed")).getparent()
    assert "by factdesk demonstration desk, 29 November 2026: That Russian strikes killed" in (
        text(confirmed)
    )
    assert "Not established: any single strike or count." in text(confirmed)
    # Both sides' best evidence: the ministry's rule of 1 October and what the denial answered.
    note_text = text(note)
    assert "assigned strictly outside populated localities" in note_text
    assert "The denial of 6 October was about Palmyra" in note_text
    # 526 is credited to two organisations by two sources; the page says so, with the desk's view.
    figures = one(by_class(note, "fd-figures"))
    disputed = [li for li in figures.xpath("./ul/li") if text(li).startswith("526:")]
    (figure,) = disputed
    assert text(one(by_class(figure, "fd-disputed"))) == "sources differ on whose figure this is"
    credited = [text(li) for li in figure.xpath("./ul/li")]
    assert credited[0].startswith("Credited to Violations Documentation Center in Syria:")
    assert credited[1].startswith("Credited to Syrian Network for Human Rights:")
    assert credited[2].startswith("Desk's note: The same two figures, 526 and 137")
    # The Palmyra note stays open: the evidence does not settle whether the town was struck.
    palmyra = article_body(bundled.page("contradictions/palmyra-state-tv-vs-russian-denial/"))
    assert "Status: open." in " ".join(text(p) for p in palmyra.iter("p"))
    assert not by_class(palmyra, "fd-supported")

    # The seed names the originals the desk found, sentence by sentence, with their addresses.
    seed_url = "articles/wire-roundup-october-2015/"
    seed = article_body(bundled.page(seed_url))
    originals = {
        4: "articles/afp-2015-10-06-no-volunteers/",
        6: "articles/ap-2015-10-07-iran-lobbied/",
        8: "articles/ap-2015-10-07-ground-offensive/",
        14: "articles/afp-2015-10-07-offensive/",
        16: "articles/afp-2015-10-06-palmyra-strikes/",
        20: "articles/ap-2015-10-07-iran-lobbied/",
    }
    for number, original in originals.items():
        sentence = one(seed.xpath(f".//*[@id='s{number}']"))
        origin = one(by_class(sentence, "fd-origin"))
        assert resolve_link(seed_url, str(origin.get("href")))[0] == original, number
        page = article_body(bundled.page(original))
        outlet_page = page.xpath(".//th[normalize-space()='Original']/following-sibling::td//a")
        assert outlet_page and str(outlet_page[0].get("href")).startswith("https://")
    assert "celebcafe.org" in text(seed)
