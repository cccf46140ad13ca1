"""The linked model -> a static search index in small files, so a query downloads a few of them.

Takes the `Site` and its `Layout`; returns data files under `search/` (see `search_files`):

- `search/manifest.json`: the shard keys (term prefixes) and the document count;
- `search/terms/<hex of the key>.json`: every term that starts with the key and no longer key,
  each with its document frequency and its postings (document, weight);
- `search/docs/<n>.json`: what a result shows (kind, title, address, verdict, snippet) for
  documents n*DOCS_PER_FILE onwards. Its strings are text, never HTML (assets/factdesk.js
  shows them with textContent), with the direction controls a value leaves open closed, as on
  the pages: each is shown inside a line of other text.

A query loads the manifest, the shard of each of its words and the document files of the
results it shows: about the same bytes at 1k claims as at 50k, because a shard is split by a
longer prefix once it passes SHARD_BYTES and a term keeps at most POSTINGS_MAX postings, its
best-weighted ones. `assets/factdesk.js` reads these files; it must tokenise exactly as
`terms()` does here.

The index is made from the model, not from built HTML, so it is the same under `mkdocs serve`
(complete after every save), `mkdocs build` and `factdesk build --out` (any builder that copies
the data files has the search). Why not Material's search or Pagefind: README.md, "Large desks".
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..content.linked import Quote, Site
from .layout import Layout
from .render import close_directions

SEARCH_FOLDER = "search"
MANIFEST = f"{SEARCH_FOLDER}/manifest.json"
FORMAT = 1
DOCS_PER_FILE = 20
SHARD_BYTES = 40_000
POSTINGS_MAX = 2_000
SNIPPET_CHARACTERS = 180
# How much a word counts by where it stands: a title outweighs a quote, a quote the rest.
WEIGHTS = {"title": 4.0, "name": 2.0, "quote": 1.5, "text": 1.0}
_BM25_K1 = 1.2
_BM25_B = 0.5

_WORD = re.compile(r"[^\W_]+")
# Arabic letter forms written either way: alef with hamza or madda, alef maqsura, ta marbuta.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# The Arabic article and the conjunctions and prepositions joined to it.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


def normalise(text: str) -> str:
    """Text as the index compares it: compatibility forms folded, accents, harakat and tatweel
    dropped (ё is е, é is e), lower case, Arabic letter variants unified."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" and c != "\u0640")
    return kept.lower().translate(_ARABIC)


def terms(text: str) -> list[str]:
    """The words of `text` as index terms (see `normalise`; an Arabic word without the article
    and the particles joined to it)."""
    found = []
    for word in _WORD.findall(normalise(text)):
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        found.append(word)
    return found


@dataclass(frozen=True, slots=True)
class Document:
    """One search result: a claim, event, contradiction, entity or article."""

    kind: str
    title: str
    url: str  # from the site root, as Layout.url gives it
    fields: tuple[tuple[str, str], ...]  # (weight name, text) to index
    snippet: str
    rating: tuple[str, str] | None = None  # (id, label) of a claim's verdict
    date: str = ""


def _quote_text(quote: Quote) -> str:
    return f"{quote.quote} {quote.translation or ''}"


def _shorten(text: str) -> str:
    """`text` on one line, cut at a word after SNIPPET_CHARACTERS; a direction control left
    open (by the text, or by the cut) is closed, or it would turn the rest of the result round."""
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARACTERS:
        text = text[: SNIPPET_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    return close_directions(text)


def documents(site: Site, layout: Layout) -> list[Document]:
    """Everything a reader can find, claims first (in date order), then events, contradictions,
    people and organisations, and articles."""

    def url(kind: str, ref: str) -> str:
        address = layout.url(layout.path(kind, ref))
        anchor = layout.anchor(kind, ref)
        return f"{address}#{anchor}" if anchor else address

    found = [_claim(site, claim_id, url("claim", claim_id)) for claim_id in site.claims_by_date]
    found += [
        _event(site, entry.id, url("event", entry.id))
        for entry in site.timeline
        if entry.kind == "event"
    ]
    for contradiction_id, contradiction in site.contradictions.items():
        note = contradiction.record
        labels = [side.label for side in contradiction.sides]
        fields = (("title", note.title), ("name", " · ".join(labels)), ("text", note.note))
        found.append(
            Document(
                "contradiction",
                note.title,
                url("contradiction", contradiction_id),
                fields,
                _shorten(" · ".join(close_directions(label) for label in labels)),
            )
        )
    for entity_id in site.entities_by_name:
        entity = site.entities[entity_id].record
        fields = (
            ("title", entity.name),
            ("name", " ".join(entity.aliases)),
            ("text", entity.description),
        )
        found.append(
            Document(
                "entity",
                entity.name,
                url("entity", entity_id),
                fields,
                _shorten(entity.description),
            )
        )
    for article_id in site.articles_by_date:
        article = site.articles[article_id]
        fields = (
            ("title", article.record.title),
            ("name", article.record.outlet),
            ("text", article.text.text if article.text else ""),
        )
        found.append(
            Document(
                "article",
                article.record.title,
                url("article", article_id),
                fields,
                _shorten(article.record.outlet),
                None,
                article.published.display(),
            )
        )
    return found


def _claim(site: Site, claim_id: str, url: str) -> Document:
    claim = site.claims[claim_id]
    record = claim.record
    claimant = site.entities[record.claimant].record.name
    fields = [("title", record.claim), ("name", claimant)]
    fields += [("quote", _quote_text(q)) for q in claim.appearances]
    fields += [("text", " ".join(record.tags))]
    rating = None
    if claim.verdict is not None:
        verdict = claim.verdict
        rating = (verdict.rating.id, verdict.rating.label)
        fields += [("name", verdict.rating.label), ("text", verdict.conclusion)]
    return Document(
        "claim",
        record.claim,
        url,
        tuple(fields),
        _shorten(
            f"{close_directions(claimant)}: “{close_directions(claim.first_appearance.quote)}”"
        ),
        rating,
        claim.date.display(),
    )


def _event(site: Site, event_id: str, url: str) -> Document:
    event = site.events[event_id]
    record = event.record
    fields = [("title", record.title), ("text", record.description)]
    fields += [("quote", _quote_text(q)) for q in event.sources]
    fields += [("text", f"{record.location or ''} {' '.join(record.tags)}")]
    return Document(
        "event",
        record.title,
        url,
        tuple(fields),
        _shorten(record.description or event.sources[0].quote),
        None,
        event.date.display(),
    )


def _postings(docs: list[Document]) -> dict[str, list[tuple[int, int]]]:
    """term -> [(document, weight 1..255)], weights from BM25 over the weighted fields."""
    counts: list[dict[str, float]] = []
    lengths: list[float] = []
    for doc in docs:
        counter: dict[str, float] = defaultdict(float)
        length = 0.0
        for weight_name, text in doc.fields:
            weight = WEIGHTS[weight_name]
            for term in terms(text):
                counter[term] += weight
                length += weight
        counts.append(counter)
        lengths.append(length)
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, counter in enumerate(counts):
        norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * lengths[number] / (average or 1.0))
        for term, frequency in counter.items():
            score = frequency * (_BM25_K1 + 1) / (frequency + norm)
            postings[term].append((number, max(1, min(255, round(score * 100)))))
    return postings


def _shard_text(shard: dict[str, list[int]]) -> str:
    return json.dumps(shard, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _encoded(postings: list[tuple[int, int]]) -> list[int]:
    """[document frequency, gap, weight, gap, weight, ...]: at most POSTINGS_MAX postings, the
    best-weighted ones, in document order with each document as the gap from the one before."""
    kept = sorted(postings, key=lambda p: (-p[1], p[0]))[:POSTINGS_MAX]
    kept.sort()
    encoded = [len(postings)]
    previous = 0
    for number, weight in kept:
        encoded += [number - previous, weight]
        previous = number
    return encoded


def _shards(
    encoded: dict[str, list[int]], key: str = "", depth: int = 1
) -> Iterator[tuple[str, bool, dict[str, list[int]]]]:
    """(key, split, terms) for each shard: the terms under a prefix of `depth` characters, cut
    by one more character while a shard is larger than SHARD_BYTES. A split key keeps only the
    term equal to itself."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, postings in encoded.items():
        groups[term[:depth]][term] = postings
    for prefix in sorted(groups):
        group = groups[prefix]
        longer = {t: p for t, p in group.items() if len(t) > depth}
        if longer and len(_shard_text(group)) > SHARD_BYTES:
            exact = {t: p for t, p in group.items() if len(t) <= depth}
            yield prefix, True, exact
            yield from _shards(longer, prefix, depth + 1)
        else:
            yield prefix, False, group


def shard_key(term: str, keys: dict[str, int]) -> str | None:
    """The key of the shard that holds `term`, if any: the longest key that begins it (what
    assets/factdesk.js asks for)."""
    for length in range(len(term), 0, -1):
        if term[:length] in keys:
            return term[:length]
    return None


def shard_path(key: str) -> str:
    return f"{SEARCH_FOLDER}/terms/{key.encode('utf-8').hex()}.json"


def search_files(site: Site, layout: Layout) -> Iterator[tuple[str, str]]:
    """The search index's files, (path, text), in a fixed order: deterministic output."""
    docs = documents(site, layout)
    encoded = {term: _encoded(p) for term, p in _postings(docs).items()}
    keys: dict[str, int] = {}
    for key, split, shard in _shards(encoded):
        keys[key] = 1 if split else 0
        yield shard_path(key), _shard_text(shard)
    for start in range(0, len(docs), DOCS_PER_FILE):
        chunk = [_document_json(doc) for doc in docs[start : start + DOCS_PER_FILE]]
        yield f"{SEARCH_FOLDER}/docs/{start // DOCS_PER_FILE}.json", _compact(chunk)
    manifest = {
        "format": FORMAT,
        "documents": len(docs),
        "docs_per_file": DOCS_PER_FILE,
        # key -> 1 when the key's terms are split into longer keys (it keeps its exact term)
        "keys": keys,
    }
    yield MANIFEST, _compact(manifest)


def _document_json(doc: Document) -> list[object]:
    rating = [doc.rating[0], close_directions(doc.rating[1])] if doc.rating else 0
    return [doc.kind, close_directions(doc.title), doc.url, rating, doc.date,
            doc.snippet]  # fmt: skip


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
