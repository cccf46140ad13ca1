"""Machine-readable files beside the pages: {path: text} for the docs tree.

Takes the linked `Site` and its `Layout` (every address in them comes from it); returns the
data files the pipeline merges into the generated tree (issue 6). Kept apart from `render.py`
because these are data, not Markdown pages:

- `data/claimreview.json`  every ClaimReview in a schema.org DataFeed, the shape of the
  Data Commons fact-check feed (DataFeedItem elements, each with `url` and an `item` list);
- `data/timeline.json`     the events and claims in TimelineJS3's JSON format;
- `data/claims.csv`, `data/events.csv`  one row each, for spreadsheets;
- `data/claims.json`, `data/events.json`  the same rows as JSON, for scripts;
- `data/verdicts.atom.xml` an Atom feed of verdicts and re-ratings, newest first.

Every file is byte-identical for the same content: keys and rows are sorted explicitly, and no
file carries the time of the build (the feed's `updated` is its newest verdict).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import markdown  # type: ignore[import-untyped]

from ..content.dates import DateWords, FuzzyDate
from ..content.languages import is_right_to_left
from ..content.linked import LinkedClaim, LinkedEvent, Quote, Site, TimelineEntry
from ..content.models import Rating
from ..incremental import BuildCache, MadeFrom, Parts
from .claimreview import claim_review
from .dependencies import RecordFiles
from .interface import Interface, interface
from .kept_parts import KeptParts
from .layout import SECTIONS, Layout
from .render import close_directions, escape_block

CLAIMREVIEW_FEED = "data/claimreview.json"
TIMELINE = "data/timeline.json"
CLAIMS_CSV = "data/claims.csv"
EVENTS_CSV = "data/events.csv"
CLAIMS_JSON = "data/claims.json"
EVENTS_JSON = "data/events.json"
VERDICTS_FEED = "data/verdicts.atom.xml"


def export_iter(
    site: Site, layout: Layout, cache: BuildCache | None = None, kept: KeptParts | None = None
) -> Iterator[tuple[str, bytes]]:
    """Each data file in turn, built only when asked for: at 50k claims each is tens of MB,
    and a caller that writes one before asking for the next never holds them all. Each is
    UTF-8, joined from its records' bytes: held as text, a file takes two bytes a character
    once one character is outside Latin-1 (the CSV files' byte-order mark is), and twice that
    while it is joined. With a
    `cache` (serve), each claim's ClaimReview and timeline slide is made again only when a file
    it shows changed; with `kept` (a one-off build), taken back from the last such build while
    what it is made from is the same."""
    parts = Parts(cache, "export", kept)
    files = RecordFiles(site, kept.keys.claims if kept is not None else None)
    yield CLAIMREVIEW_FEED, claimreview_feed(site, layout, parts, files)
    yield TIMELINE, timeline(site, layout, parts, files)
    claims = _Rows(site, layout, parts, "claim", files)
    events = _Rows(site, layout, parts, "event", files)
    yield CLAIMS_CSV, claims.csv()
    yield EVENTS_CSV, events.csv()
    yield CLAIMS_JSON, claims.json()
    yield EVENTS_JSON, events.json()
    yield VERDICTS_FEED, verdicts_feed(site, layout, parts, files)
    parts.done()


def export_files(site: Site, layout: Layout) -> dict[str, bytes]:
    return dict(export_iter(site, layout))


def _words(site: Site) -> Interface:
    """The site's words: labels, dates and reasoning in the exports are in its language."""
    return interface(site.config.language)


def _spliced(head: bytes, pieces: list[bytes], between: bytes, tail: bytes) -> bytes:
    """head, the pieces with `between` between them, and tail, joined once: a data file is
    tens of MB at 50k claims, and each concatenation after a join copied all of it again."""
    joined = [head]
    for number, piece in enumerate(pieces):
        if number and between:
            joined.append(between)
        joined.append(piece)
    joined.append(tail)
    return b"".join(joined)


def _json_file(value: Any) -> str:
    # One line, no indent: json's C encoder only runs without indent, and at 1k claims the
    # indented data files took 0.6 s of a 1.1 s rebuild. Keys are sorted, so output is stable.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


# ClaimReview DataFeed -------------------------------------------------------------------------


def claimreview_feed(
    site: Site, layout: Layout, parts: Parts | None = None, files: RecordFiles | None = None
) -> bytes:
    parts = parts or Parts(None, "export")
    files = files or RecordFiles(site)
    every = parts.each(
        "claimreview",
        list(site.claims.values()),  # sorted by id in resolve.py
        lambda claim: f"claimreview:{claim.id}",
        lambda claim: files("claim", claim.id),
        lambda claim: _feed_element(site, layout, claim).encode(),
    )
    elements = [element for element in every if element]
    # Each element is kept as JSON text: the file is the feed with them spliced in, as
    # `_json_file` would write it (keys sorted, so "dataFeedElement" is where the mark is).
    mark = "\x00elements\x00"
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": _words(site).gettext("{title}: fact-checks").format(title=site.config.title),
        "description": site.config.description,
        "url": layout.file_address(CLAIMREVIEW_FEED),
        "inLanguage": site.config.language,
        "publisher": _publisher(site),
        "dataFeedElement": mark,
    }
    newest = parts.derived(
        "newest verdict",
        MadeFrom(tuple(site.claims.values()), ()),
        lambda: _newest_verdict_day(site),
    )
    if newest is not None:
        feed["dateModified"] = newest.isoformat()
    before, after = _json_file(feed).split(json.dumps(mark), 1)
    return _spliced(f"{before}[".encode(), elements, b",", f"]{after}".encode())


def _feed_element(site: Site, layout: Layout, claim: LinkedClaim) -> str:
    """The claim's DataFeedItem as JSON text; "" for a claim without a verdict."""
    review = claim_review(site, claim, layout)
    if review is None or claim.verdict is None:
        return ""
    # The feed states the context once; each element is the page's JSON-LD otherwise.
    del review["@context"]
    element: dict[str, Any] = {
        "@type": "DataFeedItem",
        "url": review["url"],
        "dateCreated": review["datePublished"],
        "item": [review],
    }
    if "dateModified" in review:
        element["dateModified"] = review["dateModified"]
    return _json_file(element).removesuffix("\n")


def _publisher(site: Site) -> dict[str, str]:
    publisher = {"@type": "Organization", "name": site.config.publisher.name}
    if site.config.publisher.url:
        publisher["url"] = site.config.publisher.url
    return publisher


# TimelineJS3 ----------------------------------------------------------------------------------


def timeline(
    site: Site, layout: Layout, parts: Parts | None = None, files: RecordFiles | None = None
) -> bytes:
    """TimelineJS3's JSON format (timeline.knightlab.com/docs/json-format.html), as UTF-8.

    Text fields are HTML in TimelineJS, so every content value is HTML-escaped; editor-written
    Markdown goes through the same neutraliser as the pages (`escape_block`) before conversion.
    """
    parts = parts or Parts(None, "export")
    files = files or RecordFiles(site)
    title_text = f"<p>{_h(site.config.description)}</p>"
    # One converter for every description: building a Markdown instance costs more than a
    # conversion (half a second for 500 events).
    converter = markdown.Markdown()

    def slide(entry: TimelineEntry) -> bytes:
        return _json_file(_slide(site, layout, entry, converter)).removesuffix("\n").encode()

    slides = parts.each(
        "slides",
        site.timeline,
        lambda entry: f"slide:{entry.kind}:{entry.id}",
        lambda entry: files(entry.kind, entry.id),
        slide,
    )
    # Keys sorted: "events" comes first, then "title", as `_json_file` writes them.
    title = {"text": {"headline": _h(site.config.title), "text": title_text}}
    title_json = _json_file(title).removesuffix("\n")
    tail = f'],"title":{title_json}}}\n'.encode()
    return _spliced(b'{"events":[', slides, b",", tail)


def _slide(site: Site, layout: Layout, entry: TimelineEntry, converter: Any) -> dict[str, Any]:
    if entry.kind == "event":
        event = site.events[entry.id]
        headline, tags = event.record.title, event.record.tags
        body = _event_text(site, layout, event, converter)
    else:
        claim = site.claims[entry.id]
        headline, tags = claim.record.claim, claim.record.tags
        body = _claim_text(site, layout, claim)
    slide: dict[str, Any] = {
        "unique_id": f"{entry.kind}-{entry.id}",
        "start_date": _timeline_date(entry.date.earliest, entry.date.precision),
        "text": {"headline": _h(headline), "text": body},
    }
    if entry.date.precision == "range":
        slide["end_date"] = _timeline_date(entry.date.latest, "day")
    display = _display_date(site, entry.date)
    if display:
        slide["display_date"] = display
    if tags:
        # TimelineJS puts the group's name into the page as HTML, as it does the headline.
        slide["group"] = _h(tags[0])
    return slide


def _timeline_date(day: date, precision: str) -> dict[str, int]:
    """Only the parts the date is precise to: TimelineJS shows "2015" for {year: 2015}."""
    parts = {"year": day.year}
    if precision in ("month", "day", "range"):
        parts["month"] = day.month
    if precision in ("day", "range"):
        parts["day"] = day.day
    return parts


def _display_date(site: Site, date: FuzzyDate) -> str:
    """TimelineJS's own formatting would show an approximate date or a range end as exact, and
    a date worked out from an article phrase without saying how: those get the site's wording."""
    words = _words(site).words
    if date.is_relative:
        return f"{date.display(words)} ({date.explain(words)})"
    if date.approximate or date.precision == "range":
        return date.display(words)
    return ""


def _event_text(site: Site, layout: Layout, event: LinkedEvent, converter: Any) -> str:
    record = event.record
    w = _words(site)
    parts = []
    if record.description:
        # A slide is on no page of the desk: its links go to their published addresses.
        described = escape_block(record.description, partial(_published, layout))
        parts.append(str(converter.reset().convert(str(described))))
    if record.location:
        location = w.gettext("Location: {location}").format(location=_h(record.location))
        parts.append(f"<p>{location}</p>")
    parts.extend(_quote_html(site, quote) for quote in event.sources)
    parts.append(_sources_paragraph(site, layout, w.gettext("Reported in"), event.sources))
    if record.claims:
        links = "; ".join(
            f"{_link(layout.address('claim', c), site.claims[c].record.claim)}"
            f" ({_h(_rating_text(site, site.claims[c]))})"
            for c in record.claims
            if c in site.claims
        )
        related = w.gettext("Related claims: {links}").format(links=links)
        parts.append(f"<p>{related}</p>")
    timeline_link = _link(layout.address("event", event.id), w.gettext("On the desk’s timeline"))
    parts.append(f"<p>{timeline_link}</p>")
    return "".join(parts)


def _published(layout: Layout, address: str) -> str | None:
    """An address in an event's description, written as on the timeline page, as published."""
    found = layout.editor_link(address, SECTIONS["timeline"])
    return None if found is None else layout.site_url + layout.url(found[0]) + found[1]


def _claim_text(site: Site, layout: Layout, claim: LinkedClaim) -> str:
    claimant = site.entities[claim.record.claimant].record.name
    verdict = claim.verdict
    w = _words(site)
    if verdict is None:
        assessment = w.gettext("Under review.")
    else:
        assessment = w.gettext("Verdict: {rating}. {conclusion}").format(
            rating=_h(verdict.rating.label), conclusion=_h(verdict.conclusion)
        )
    by = w.gettext("Claim by {claimant}.").format(claimant=_h(claimant))
    fact_check = w.gettext("The desk’s fact-check")
    return (
        f"<p>{by} {assessment}</p>"
        + _quote_html(site, claim.first_appearance)
        + _sources_paragraph(site, layout, w.gettext("Made in"), claim.appearances)
        + f"<p>{_link(layout.address('claim', claim.id), fact_check)}</p>"
    )


def _sources_paragraph(site: Site, layout: Layout, lead: str, quotes: Sequence[Quote]) -> str:
    w = _words(site)
    sources = []
    for quote in quotes:
        article = site.articles[quote.article]
        record = article.record
        # The desk's copy links to the quoted sentence; the outlet's page is given beside it.
        text_link = _link(layout.address("article", quote.article, quote.anchor), record.title)
        published = article.published.display(w.words)
        source = f"{text_link} ({_h(record.outlet)}, {_h(published)})"
        if record.url:
            source += " · " + _link(record.url, w.gettext("outlet’s page"))
        sources.append(source)
    if not sources:
        return ""
    return (
        "<p>"
        + w.gettext("{lead}: {sources}").format(lead=lead, sources="; ".join(sources))
        + "</p>"
    )


def _quote_html(site: Site, quote: Quote) -> str:
    """The quote in its own language and direction, and the desk's translation beside it."""
    direction = "rtl" if is_right_to_left(quote.language) else "ltr"
    html_quote = (
        f'<blockquote lang="{_h(quote.language)}" dir="{direction}">{_h(quote.quote)}</blockquote>'
    )
    if quote.translation:
        label = _words(site).gettext("Desk’s translation:")
        html_quote += f"<p><em>{_h(label)}</em> {_h(quote.translation)}</p>"
    return html_quote


def _rating_text(site: Site, claim: LinkedClaim) -> str:
    return claim.verdict.rating.label if claim.verdict else _words(site).gettext("under review")


def _link(address: str, text: str) -> str:
    return f'<a href="{_h(address)}">{_h(text)}</a>'


def _h(text: str) -> str:
    return html.escape(close_directions(text), quote=True)


# CSV ------------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection");
# a leading apostrophe makes it text, and spreadsheets hide the apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_file(header: Sequence[str], rows: Iterable[Sequence[str]], whole: bool = True) -> str:
    """A CSV file with `header`; with `whole` false, only the lines of `rows`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if whole:
        writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    # The byte-order mark is how Excel recognises UTF-8; without it names in Arabic or Russian
    # open garbled. Python reads it with encoding="utf-8-sig".
    return "\ufeff" + out.getvalue() if whole else out.getvalue()


# The date as data beside its human form: a spreadsheet reads date_start and date_end as dates
# (factdesk's own notation, "~2015-10-05" or "2015-09-30/2015-10-07", it cannot), and
# date_precision (day, month, year or range) with date_approximate says how far to trust them.
DATE_COLUMNS = (
    "date_start", "date_end", "date_precision", "date_approximate", "date_display",
    "date_reasoning",
)  # fmt: skip

# The quote columns come last, so a spreadsheet or script that reads the earlier columns by
# position keeps working.
CLAIM_COLUMNS = (
    "id", "claim", "claimant_id", "claimant_name", *DATE_COLUMNS,
    "location", "rating_id", "rating_label", "conclusion", "reviewed",
    "first_appearance_article", "first_appearance_outlet", "first_appearance_url", "tags", "url",
    "quote", "quote_language", "quote_translation",
)  # fmt: skip

EVENT_COLUMNS = (
    "id", *DATE_COLUMNS, "title", "location", "source_articles", "related_claims", "tags", "url",
    "quote", "quote_language", "quote_translation",
)  # fmt: skip

# A row's value: text, a yes/no, or several values (one cell joined by "; " in CSV, a list in
# JSON).
Value = str | bool | list[str]


def _date_fields(day: FuzzyDate, words: DateWords) -> dict[str, Value]:
    return {
        "date_start": day.earliest.isoformat(),
        "date_end": day.latest.isoformat(),
        "date_precision": day.precision,
        "date_approximate": day.approximate,
        "date_display": day.display(words),
        "date_reasoning": day.explain(words),
    }


def _quote_fields(quote: Quote) -> dict[str, Value]:
    return {
        "quote": quote.quote,
        "quote_language": quote.language,
        "quote_translation": quote.translation or "",
    }


def claim_row(site: Site, layout: Layout, words: DateWords, claim: LinkedClaim) -> dict[str, Value]:
    record, verdict = claim.record, claim.verdict
    first = site.articles[claim.first_appearance.article].record
    return {
        "id": claim.id,
        "claim": record.claim,
        "claimant_id": record.claimant,
        "claimant_name": site.entities[record.claimant].record.name,
        **_date_fields(claim.date, words),
        "location": record.location or "",
        "rating_id": verdict.rating.id if verdict else "",
        "rating_label": verdict.rating.label if verdict else "",
        "conclusion": verdict.conclusion if verdict else "",
        "reviewed": verdict.reviewed.earliest.isoformat() if verdict else "",
        "first_appearance_article": first.id,
        "first_appearance_outlet": first.outlet,
        "first_appearance_url": first.url or "",
        "tags": list(record.tags),
        "url": layout.address("claim", claim.id),
        **_quote_fields(claim.first_appearance),
    }


def event_row(site: Site, layout: Layout, words: DateWords, event: LinkedEvent) -> dict[str, Value]:
    record = event.record
    return {
        "id": event.id,
        **_date_fields(event.date, words),
        "title": record.title,
        "location": record.location or "",
        "source_articles": list(dict.fromkeys(quote.article for quote in event.sources)),
        "related_claims": list(record.claims),
        "tags": list(record.tags),
        "url": layout.address("event", event.id),
        **_quote_fields(event.sources[0]),
    }


class _Rows:
    """The rows of claims or events as CSV lines and as JSON text, each kept as a part (serve
    makes again only the rows whose files changed); each row is made once per build for both."""

    def __init__(
        self, site: Site, layout: Layout, parts: Parts, kind: str, files: RecordFiles
    ) -> None:
        self.site, self.layout, self.parts, self.kind = site, layout, parts, kind
        self.files = files
        self.words = _words(site).words
        self.made: dict[str, dict[str, Value]] = {}

    def _row(self, ref: str) -> dict[str, Value]:
        row = self.made.get(ref)
        if row is None:
            site, layout, words = self.site, self.layout, self.words
            if self.kind == "claim":
                row = claim_row(site, layout, words, site.claims[ref])
            else:
                row = event_row(site, layout, words, site.events[ref])
            self.made[ref] = row
        return row

    def _each(self, form: str, make: Callable[[dict[str, Value]], str]) -> list[bytes]:
        records = self.site.claims if self.kind == "claim" else self.site.events
        return self.parts.each(
            f"{form}:{self.kind}",
            list(records),
            lambda ref: f"{form}:{self.kind}:{ref}",
            lambda ref: self.files(self.kind, ref),
            lambda ref: make(self._row(ref)).encode(),
        )

    def csv(self) -> bytes:
        header = CLAIM_COLUMNS if self.kind == "claim" else EVENT_COLUMNS
        lines = self._each("csv", lambda row: _csv_file(header, [_row_cells(header, row)], False))
        return _spliced(_csv_file(header, ()).encode(), lines, b"", b"")

    def json(self) -> bytes:
        # As `_json_file` writes {"claims": rows}: keys sorted, so the list is the one value.
        rows = self._each("json", lambda row: _json_file(row).removesuffix("\n"))
        return _spliced(f'{{"{self.kind}s":['.encode(), rows, b",", b"]}\n")


def _row_cells(header: Sequence[str], row: dict[str, Value]) -> list[str]:
    return [_cell(row[column]) for column in header]


def _cell(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "; ".join(value) if isinstance(value, list) else value


# Atom feed of verdicts ------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
# XML 1.0 cannot carry these even escaped; YAML can, so an editor could paste one in.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One verdict as it was published: the first rating, or a later re-rating."""

    claim: LinkedClaim
    day: date
    rating: Rating
    previous: Rating | None  # set for a re-rating
    note: str
    anchor: str  # makes the entry's id unique and stable
    sequence: int  # 0 for the first verdict, then each re-rating in order
    current: bool  # the claim's latest entry: its rating is the one shown on the page


def feed_entries(site: Site) -> list[FeedEntry]:
    """Every verdict and re-rating, newest first.

    `reviewed` is when the verdict was first published; a history entry with previous_rating
    is a re-rating, so the first rating is the earliest re-rating's previous_rating, and each
    re-rating's new rating is the next one's previous_rating, or the current rating for the last.
    """
    entries: list[FeedEntry] = []
    for claim in site.claims.values():
        verdict = claim.verdict
        if verdict is None:
            continue
        rerated = [
            (h, h.previous_rating)
            for h in sorted(verdict.history, key=lambda h: h.date.sort_key())
            if h.previous_rating is not None
        ]
        ratings = [previous for _, previous in rerated] + [verdict.rating]
        entries.append(
            FeedEntry(claim, verdict.reviewed.earliest, ratings[0], None, "", "verdict", 0,
                      not rerated)
        )  # fmt: skip
        seen: set[str] = set()
        for index, (change, previous) in enumerate(rerated, start=1):
            anchor = f"re-rated-{change.date.earliest.isoformat()}-from-{previous.id}"
            if anchor in seen:  # two re-ratings from one rating on one day
                anchor += f"-{index}"
            seen.add(anchor)
            entries.append(
                FeedEntry(claim, change.date.earliest, ratings[index], previous,
                          change.record.note, anchor, index, index == len(rerated))
            )  # fmt: skip
    entries.sort(key=lambda e: (e.claim.id, -e.sequence))
    entries.sort(key=lambda e: e.day, reverse=True)
    return entries


def verdicts_feed(
    site: Site, layout: Layout, parts: Parts | None = None, files: RecordFiles | None = None
) -> bytes:
    parts = parts or Parts(None, "export")
    files = files or RecordFiles(site)
    ET.register_namespace("", ATOM)
    entries = parts.derived(
        "feed entries", MadeFrom(tuple(site.claims.values()), ()), lambda: feed_entries(site)
    )
    base = site.config.site_url
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": site.config.language})
    # Atom needs an absolute IRI as id. Without site_url no claim has a verdict (FD049), the
    # feed is empty and a URN stands in.
    _add(feed, "id", layout.file_address(VERDICTS_FEED) if base else "urn:factdesk:verdicts")
    _add(feed, "title", _words(site).gettext("{title}: verdicts").format(title=site.config.title))
    _add(feed, "subtitle", site.config.description)
    _add(feed, "updated", _atom_time(_feed_updated(site, entries)))
    author = _add(feed, "author")
    _add(author, "name", site.config.publisher.name)
    if site.config.publisher.url:
        _add(author, "uri", site.config.publisher.url)
    if base:
        self_address = layout.file_address(VERDICTS_FEED)
        _add(feed, "link", rel="self", type="application/atom+xml", href=self_address)
        _add(feed, "link", rel="alternate", type="text/html", href=layout.address("home"))
    _add(feed, "generator", "factdesk")
    # Each entry is kept as the text it has in the indented feed (the last of the feed's
    # children before it), and spliced in after them.
    texts = parts.each(
        "atom",
        entries,
        lambda entry: f"atom:{entry.claim.id}:{entry.sequence}",
        lambda entry: files("claim", entry.claim.id),
        lambda entry: _entry_text(site, layout, entry).encode(),
    )
    ET.indent(feed)
    head = ET.tostring(feed, "unicode").removesuffix(_FEED_END)
    start = f'<?xml version="1.0" encoding="utf-8"?>\n{head}'.encode()
    return _spliced(start, texts, b"", f"{_FEED_END}\n".encode())


_FEED_END = "\n</feed>"


def _entry_text(site: Site, layout: Layout, entry: FeedEntry) -> str:
    """An entry as the indented feed holds it: a new line, two spaces, the element."""
    alone = ET.Element(f"{{{ATOM}}}feed")
    _feed_entry(site, layout, alone, entry)
    ET.indent(alone)
    text = ET.tostring(alone, "unicode")
    start = text.index(">") + 1
    return text[start:].removesuffix(_FEED_END)


def _feed_entry(site: Site, layout: Layout, feed: ET.Element, entry: FeedEntry) -> None:
    claim, verdict = entry.claim, entry.claim.verdict
    assert verdict is not None  # feed_entries takes only claims with a verdict
    address = layout.address("claim", claim.id)
    text = claim.record.claim_short or claim.record.claim
    label = entry.rating.label
    w = _words(site)
    element = _add(feed, "entry")
    _add(element, "id", layout.address("claim", claim.id, entry.anchor))
    if entry.previous is None:
        _add(element, "title", f"{label}: {text}")
    else:
        title = w.gettext("Re-rated {rating} (was {previous}): {claim}")
        _add(
            element, "title", title.format(rating=label, previous=entry.previous.label, claim=text)
        )
    _add(element, "link", rel="alternate", type="text/html", href=address)
    _add(element, "published", _atom_time(entry.day))
    _add(element, "updated", _atom_time(entry.day))
    _add(element, "category", term=entry.rating.id, label=label)
    # The conclusion belongs to the current verdict; an older entry says so.
    if entry.current:
        _add(element, "summary", verdict.conclusion)
    else:
        since = w.gettext("Since re-rated {rating}: {conclusion}")
        _add(
            element,
            "summary",
            since.format(rating=verdict.rating.label, conclusion=verdict.conclusion),
        )
    claimant = site.entities[claim.record.claimant].record.name
    day = FuzzyDate(entry.day, entry.day, "day").display(w.words)
    if entry.previous is None:
        rated = w.gettext("Rated {rating} on {day}.")
    else:
        rated = w.gettext("Rated {rating} (previously {previous}) on {day}.")
    rated = rated.format(
        rating=f"<strong>{_h(label)}</strong>",
        previous=_h(entry.previous.label) if entry.previous else "",
        day=_h(day),
    )
    current = w.gettext("Current verdict: {rating}. {conclusion}").format(
        rating=_h(verdict.rating.label), conclusion=_h(verdict.conclusion)
    )
    read = w.gettext("Read the fact-check")
    content = (
        f"<p>{_h(claim.record.claim)} — {_h(claimant)}, {_h(claim.date.display(w.words))}</p>"
        + _quote_html(site, claim.first_appearance)
        + f"<p>{rated}</p>"
        + (f"<p>{_h(entry.note)}</p>" if entry.note else "")
        + f"<p>{current}</p>"
        f"<p>{_link(address, read)}</p>"
    )
    _add(element, "content", content, type="html")


def _add(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    clean = {k: _NOT_XML.sub("", v) for k, v in attributes.items()}
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", clean)
    if text:
        element.text = close_directions(_NOT_XML.sub("", text))
    return element


def _atom_time(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _newest_verdict_day(site: Site) -> date | None:
    days = [
        d.earliest
        for c in site.claims.values()
        if c.verdict is not None
        for d in (c.verdict.reviewed, *(h.date for h in c.verdict.history))
    ]
    return max(days, default=None)


def _feed_updated(site: Site, entries: Sequence[FeedEntry]) -> date:
    if entries:
        return entries[0].day
    # No verdict yet: the newest dated thing in the content, never the clock.
    days = [a.published.latest for a in site.articles.values()]
    days += [e.date.earliest for e in site.events.values()]
    return max(days, default=date(1970, 1, 1))
