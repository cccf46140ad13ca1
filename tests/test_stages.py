"""The stages called directly, on small sites built in memory: validate, resolve, render.

No files and no subprocess: each test writes the records it needs as the frozen dataclasses the
loader would have produced, with positions (`located`), and calls one stage. The scenario
tests (tests/fixtures/, the CLI, `mkdocs build`) show the same behaviour end to end.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, TypeVar

from generator.content.diagnostics import Diagnostic, SourceLocation
from generator.content.linked import Citer, Site
from generator.content.models import (
    Article,
    Citation,
    Claim,
    Content,
    Contradiction,
    Entity,
    Event,
    Evidence,
    Publisher,
    Rating,
    Side,
    SiteConfig,
    Verdict,
)
from generator.content.resolve import resolve
from generator.content.validate import check_content
from generator.site.layout import Layout
from generator.site.render import render

R = TypeVar("R")


def located(record: R, path: str, line: int = 1) -> R:
    """`record` with the positions the loader gives it: itself at `line`, then each field it
    sets (not left at its default) on a line of its own, nested records in turn, as in a YAML
    file written out field by field."""
    counter = [line]

    def place(value: Any, at: int) -> Any:
        where: dict[str, SourceLocation] = {}
        changes: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            if field.metadata.get("internal"):
                continue
            current = getattr(value, field.name)
            if current == field.default or current in (None, (), ""):
                continue
            counter[0] += 1
            where[field.name] = SourceLocation(path, counter[0], 3)
            if dataclasses.is_dataclass(current):
                changes[field.name] = place(current, counter[0])
            elif isinstance(current, tuple) and current and dataclasses.is_dataclass(current[0]):
                items = []
                for item in current:
                    counter[0] += 1
                    items.append(place(item, counter[0]))
                changes[field.name] = tuple(items)
        return dataclasses.replace(value, **changes, at=SourceLocation(path, at, 1), where=where)

    assert dataclasses.is_dataclass(record) and not isinstance(record, type)
    placed: R = place(record, line)
    return placed


SCALE = (
    Rating("accurate", "Accurate", "Correct.", "#2e7d32"),
    Rating("false", "False", "Contradicted.", "#c62828"),
    Rating("unproven", "Unproven", "Cannot tell.", "#757575", scored=False),
)
CONFIG = SiteConfig(
    "Desk", "A test desk.", Publisher("Desk"), SCALE, site_url="https://example.org/desk/"
)
REPORT = "Ministry denies strikes\nOur planes do not strike towns, the spokesman said on Tuesday."
MONITOR = "A strike on Wednesday killed two civilians. Nobody else was hurt."


def _article(article_id: str, text: str, published: str = "2015-10-07") -> Article:
    return located(
        Article("Title " + article_id, "Wire", published, id=article_id, text=text),
        f"content/articles/{article_id}.md",
    )


def _claim(claim_id: str, path: str = "", **fields: Any) -> Claim:
    values: dict[str, Any] = {
        "claim": f"Claim {claim_id}.",
        "claimant": "spokesman",
        "date": "2015-10-06",
        "appearances": (Citation("report", "Our planes do not strike towns"),),
        "id": claim_id,
    }
    values.update(fields)
    return located(Claim(**values), path or f"content/claims/{claim_id}.yml")


def _verdict(rating: str, reviewed: str) -> Verdict:
    return Verdict(
        rating,
        "Concluded.",
        "Editor",
        reviewed,
        evidence=(Evidence("The monitor's report.", "monitor", "killed two civilians"),),
    )


def _event(event_id: str, date: str = "2015-10-07", **fields: Any) -> Event:
    values: dict[str, Any] = {
        "date": date,
        "title": f"Event {event_id}",
        "sources": (Citation("monitor", "killed two civilians"),),
        "id": event_id,
    }
    values.update(fields)
    return located(Event(**values), f"content/events/{event_id}.yml")


ENTITIES = tuple(
    located(e, "content/entities.yml", 1 + 5 * i)
    for i, e in enumerate(
        (
            Entity("ministry", "Ministry of Defence", "military"),
            Entity("spokesman", "jan Example", "person", affiliation="ministry"),
            Entity("monitor", "Example Monitor", "monitor"),
        )
    )
)


def _content(
    claims: tuple[Claim, ...] = (),
    events: tuple[Event, ...] = (),
    contradictions: tuple[Contradiction, ...] = (),
    entities: tuple[Entity, ...] = ENTITIES,
) -> Content:
    articles = (_article("report", REPORT), _article("monitor", MONITOR))
    return Content(
        located(CONFIG, "content/site.yml"), entities, articles, claims, events, contradictions
    )


def _site(content: Content) -> Site:
    problems = check_content(content)
    site, linking = resolve(content)
    errors = [d for d in problems + linking if d.is_error]
    assert site is not None and not errors, errors
    return site


def _codes(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, str(d.location)) for d in diagnostics]


# --- validate --------------------------------------------------------------------------------


def test_validate_reports_every_value_mistake_with_its_place() -> None:
    twice_first = _claim(
        "twice",
        appearances=(
            Citation("report", "Our planes do not strike towns", first=True),
            Citation("report", "the spokesman said", first=True),
        ),
    )
    copy = _claim("twice", path="content/claims/copy.yml")
    one_sided = located(
        Contradiction("One side", (Side("only", claim="twice"),), "Note.", "open", id="one"),
        "content/contradictions/one.yml",
    )
    problems = check_content(_content((twice_first, copy), contradictions=(one_sided,)))
    assert _codes(problems) == [
        ("FD030", "content/claims/copy.yml:9:3"),  # the copy's `id:`
        ("FD034", "content/claims/twice.yml:13:3"),  # the second `first: true`
        ("FD038", "content/contradictions/one.yml:3:3"),  # `sides:`
    ]


# --- resolve ---------------------------------------------------------------------------------

TOWNS = Contradiction(
    "Strikes on towns",
    (Side("denial", claim="old"), Side("the monitor", event="strike")),
    "They conflict.",
    # Open: resolving it for the event would need confirmations beyond the event's own sources.
    "open",
    id="towns",
)


def _desk() -> Content:
    return _content(
        claims=(
            _claim("old", date="2015-10-01", verdict=_verdict("false", "2015-11-01")),
            _claim("new", verdict=_verdict("accurate", "2015-11-03")),
            _claim("pending", date="2015-10-03"),
            _claim(
                "drafted",
                appearances=(Citation("report", "the spokesman said"),),
                status="draft",
            ),
        ),
        events=(
            _event("strike", claims=("old",), entities=("monitor",)),
            _event("approx", date="~2015-10-07"),
        ),
        contradictions=(located(TOWNS, "content/contradictions/towns.yml"),),
    )


def test_resolve_links_back_references_and_leaves_drafts_out() -> None:
    site = _site(_desk())
    assert list(site.claims) == ["new", "old", "pending"]
    assert site.claims["old"].events == ("strike",)
    assert site.claims["old"].contradictions == ("towns",)
    assert site.events["strike"].contradictions == ("towns",)
    # The event names the monitor; the claimant of its claim is involved too.
    assert site.events["strike"].entities == ("monitor", "spokesman")
    spokesman = site.entities["spokesman"]
    assert spokesman.claims == ("old", "pending", "new")  # by date
    assert [(r.id, n) for r, n in spokesman.tally] == [("accurate", 1), ("false", 1)]
    assert spokesman.under_review == 1
    assert site.entities["ministry"].members == ("spokesman",)
    assert site.under_review == ("pending",)


def test_resolve_computes_the_orders_and_counts_the_pages_show() -> None:
    site = _site(_desk())
    assert [(t.kind, t.id) for t in site.timeline] == [
        ("claim", "old"),
        ("claim", "pending"),
        ("claim", "new"),
        ("event", "strike"),  # an exact date before an approximate one on the same day
        ("event", "approx"),
    ]
    assert [(m.year, m.month, [d.label for d in m.days]) for m in site.months] == [
        (
            2015,
            10,
            [
                "1 October 2015",
                "3 October 2015",
                "6 October 2015",
                "7 October 2015",
                "about 7 October 2015",
            ],
        )
    ]
    assert [(r.id, n) for r, n in site.verdict_counts] == [
        ("accurate", 1),
        ("false", 1),
        ("unproven", 0),
    ]
    assert (site.reviewed_count, site.under_review_count, site.claim_count) == (2, 1, 3)
    assert site.latest_reviewed == ("new", "old")
    assert site.claims_by_date == ("old", "pending", "new")
    # Case does not order names: "jan Example" sits among the J's.
    assert site.entities_by_name == ("monitor", "spokesman", "ministry")
    assert site.timeline_entities == ("monitor", "spokesman")


def test_resolve_keeps_every_citation_for_the_tools_and_published_ones_for_pages() -> None:
    site = _site(_desk())
    quoted = site.all_citations["report"][2]
    assert Citer("claim", "drafted") in quoted
    assert Citer("claim", "old") in quoted
    shown = site.articles["report"].citations[2]
    assert Citer("claim", "drafted") not in shown
    assert site.articles["report"].cited_count == 1


def test_resolve_reports_unknown_references_and_misquotes_with_hints() -> None:
    content = _content(
        claims=(
            _claim("typo", claimant="spokesmn"),
            _claim("misquote", appearances=(Citation("report", "Our jets do not strike towns"),)),
        )
    )
    site, problems = resolve(content)
    assert site is None
    found = {(d.code, str(d.location)): d.hint for d in problems}
    assert found == {
        ("FD041", "content/claims/typo.yml:3:3"): 'did you mean "spokesman"?',
        ("FD044", "content/claims/misquote.yml:8:3"): (
            'closest passage: "Our planes do not strike towns, the spokesman said on Tuesday."'
        ),
    }


# --- render ----------------------------------------------------------------------------------


def test_render_lays_out_what_the_model_ordered_and_counted() -> None:
    site = _site(_desk())
    pages = render(site, Layout.of(site))
    claims_index = pages["claims/index.md"]
    order = [claims_index.index("](old.md)"), claims_index.index("](pending.md)")]
    order.append(claims_index.index("](new.md)"))
    assert order == sorted(order)
    home = pages["index.md"]
    # A rating with no verdict yet still has its row.
    assert re.search(r">Unproven</span></th><td [^>]*>0</td>", home)
    latest = home[home.index("## Latest reviewed claims") :]
    assert latest.index("](claims/new.md)") < latest.index("](claims/old.md)")
    assert "(../timeline.md#event-strike)" in pages["claims/old.md"]


def test_render_escapes_content_text() -> None:
    hostile = "Strikes <script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    content = dataclasses.replace(
        _desk(), claims=(_claim("old", claim=hostile, verdict=_verdict("false", "2015-11-01")),)
    )
    content = dataclasses.replace(content, events=(), contradictions=())
    site = _site(content)
    page = render(site, Layout.of(site))["claims/old.md"]
    body = page.split("\n---\n", 1)[1]  # the front matter is YAML, read by MkDocs as text
    # The ClaimReview JSON-LD carries the claim as typed, as data: no `<` inside the element
    # (so it cannot close it), and Markdown does not read inside a <script> block.
    (data,) = re.findall(r'<script type="application/ld\+json">(.*)</script>', body)
    assert "<" not in data and json.loads(data)["claimReviewed"] == hostile
    body = body.replace(data, "")
    assert "<script>" not in body and "](javascript:" not in body and "**bold**" not in body
    assert "# Strikes &#60;script&#62;alert(1)&#60;/script&#62; &#91;x&#93;(javascript" in body


def test_render_follows_a_paged_timeline() -> None:
    site = _site(_desk())
    site = dataclasses.replace(site, config=dataclasses.replace(site.config, page_size=2))
    layout = Layout.of(site)
    pages = render(site, layout)
    # Two entries a page: the event is on a page of October, which the claim page links.
    where = layout.path("event", "strike")
    assert where.startswith("timeline/2015-10")
    assert 'id="event-strike"' in pages[where]
    assert f"(../{where}#event-strike)" in pages["claims/old.md"]
    assert "event-strike" not in pages["timeline.md"]
