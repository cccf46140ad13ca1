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
import math
import re
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial

from ..content.linked import Quote, Site
from ..incremental import BuildCache, Parts, same_objects
from .dependencies import RecordFiles
from .kept_parts import KeptParts
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
# A word without the first of them it starts with that leaves three letters or more: one scan of
# the text, where testing each word against each prefix was a fifth of making the index.
_TERM = re.compile("(?:(?:" + "|".join(_ARABIC_PREFIXES) + r")(?=[^\W_]{3}))?([^\W_]+)")


class _Folded(dict[int, str]):
    """What `normalise` makes of each character after NFKD, filled in as characters are met:
    marks and tatweel dropped, Arabic letter variants unified, anything else kept. One
    `str.translate` over it replaced a Python test of every character, which was a third of
    making the search index."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        if unicodedata.category(character) == "Mn" or character == "\u0640":
            folded = ""
        else:
            folded = character.translate(_ARABIC)
        self[code] = folded
        return folded


_FOLDED = _Folded()


def normalise(text: str) -> str:
    """Text as the index compares it: compatibility forms folded, accents, harakat and tatweel
    dropped (ё is е, é is e), lower case, Arabic letter variants unified."""
    if text.isascii():  # NFKD leaves ASCII as it is, and it has no marks
        return text.lower()
    # Lower case after the Arabic letters are unified: they have no case, so the order is free.
    return unicodedata.normalize("NFKD", text).translate(_FOLDED).lower()


def terms(text: str) -> list[str]:
    """The words of `text` as index terms (see `normalise`; an Arabic word without the article
    and the particles joined to it)."""
    normalised = normalise(text)
    if normalised.isascii():  # no Arabic particle to take off
        return _WORD.findall(normalised)
    return _TERM.findall(normalised)


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
    # Its fields' counts, for a one-off build that keeps them (`search_files`); a document
    # taken back from the last build has them and no fields.
    counted: Counted | None = None


def _quote_text(quote: Quote) -> str:
    return f"{quote.quote} {quote.translation or ''}"


def _shorten(text: str) -> str:
    """`text` on one line, cut at a word after SNIPPET_CHARACTERS; a direction control left
    open (by the text, or by the cut) is closed, or it would turn the rest of the result round."""
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARACTERS:
        text = text[: SNIPPET_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    return close_directions(text)


def documents(site: Site, layout: Layout, parts: Parts | None = None) -> list[Document]:
    """Everything a reader can find, claims first (in date order), then events, contradictions,
    people and organisations, and articles. With `parts` (serve), a record's document is made
    again only when a file it shows changed."""
    parts = parts or Parts(None, "search")
    files = RecordFiles(site, parts.kept.keys.claims if parts.kept is not None else None)

    def url(kind: str, ref: str) -> str:
        address = layout.url(layout.path(kind, ref))
        anchor = layout.anchor(kind, ref)
        return f"{address}#{anchor}" if anchor else address

    def documents_of(kind: str, refs: Sequence[str]) -> list[Document]:
        def make(ref: str) -> Document:
            made = _document(site, kind, ref, url(kind, ref))
            # Kept with its counts, which the index would count again otherwise.
            return _counted(made) if parts.kept is not None else made

        # entities.yml and site.yml are every page's files: their change makes all again.
        return parts.each(kind, refs, lambda ref: f"{kind}:{ref}", partial(files, kind), make)

    found = documents_of("claim", site.claims_by_date)
    events = [entry.id for entry in site.timeline if entry.kind == "event"]
    found += documents_of("event", events)
    found += documents_of("contradiction", list(site.contradictions))
    found += documents_of("entity", site.entities_by_name)
    found += documents_of("article", site.articles_by_date)
    parts.done()
    return found


def _document(site: Site, kind: str, ref: str, url: str) -> Document:
    if kind == "claim":
        return _claim(site, ref, url)
    if kind == "event":
        return _event(site, ref, url)
    if kind == "contradiction":
        note = site.contradictions[ref].record
        labels = [side.label for side in site.contradictions[ref].sides]
        fields = (("title", note.title), ("name", " · ".join(labels)), ("text", note.note))
        snippet = _shorten(" · ".join(close_directions(label) for label in labels))
        return Document("contradiction", note.title, url, fields, snippet)
    if kind == "entity":
        entity = site.entities[ref].record
        fields = (
            ("title", entity.name),
            ("name", " ".join(entity.aliases)),
            ("text", entity.description),
        )
        return Document("entity", entity.name, url, fields, _shorten(entity.description))
    article = site.articles[ref]
    fields = (
        ("title", article.record.title),
        ("name", article.record.outlet),
        ("text", article.text.text if article.text else ""),
    )
    return Document(
        "article",
        article.record.title,
        url,
        fields,
        _shorten(article.record.outlet),
        None,
        article.published.display(),
    )


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


Counts = tuple[tuple[tuple[str, float], ...], float]  # (term, weighted frequency)s, length
# The same as the terms, their frequencies in the same order, and the length: what a one-off
# build keeps of a document (`Document.counted`), read back without a pair per term.
Counted = tuple[tuple[str, ...], "array[float]", float]


def _counts(fields: tuple[tuple[str, str], ...]) -> Counts:
    """A document's weighted term frequencies and its weighted length."""
    counter: dict[str, float] = defaultdict(float)
    length = 0.0
    for weight_name, text in fields:
        weight = WEIGHTS[weight_name]
        for term in terms(text):
            # One string per term for the whole index, not one per document that has it: a
            # third of the index's memory was copies of the same words.
            counter[sys.intern(term)] += weight
            length += weight
    return tuple(sorted(counter.items())), length


def _average(lengths: list[float]) -> float:
    """The documents' average length, to a whole word: BM25 needs it only roughly, and a
    rounded one stays the same after an edit, so a serve rebuild re-weights only the postings
    of the documents it changed (SearchIndex.update)."""
    return max(1.0, float(round(sum(lengths) / len(lengths)))) if lengths else 1.0


def _weight(frequency: float, norm: float) -> int:
    score = frequency * (_BM25_K1 + 1) / (frequency + norm)
    return max(1, min(255, round(score * 100)))


def _norm(length: float, average: float) -> float:
    return _BM25_K1 * (1 - _BM25_B + _BM25_B * length / average)


class SearchIndex:
    """The index's postings and files, kept between the builds of one site (serve): a build
    that changed a few documents re-counts and re-weights only those, and re-encodes only the
    shards holding their terms. The files always equal a fresh index's (test_incremental.py,
    test_serve.py)."""

    def __init__(self, *, keep: bool = True) -> None:
        # An index made once (a one-off build) keeps nothing for a next update, and counts
        # its postings compactly (`_encoded_once`).
        self._keep = keep
        self._counts: dict[tuple[tuple[str, str], ...], Counts] = {}
        # Each document's counts, in the documents' order.
        self._counted: list[Counts] = []
        self._documents: list[Document] = []
        self._average = 0.0
        # term -> {document number: weight 1..255}, and each term's encoding
        self._postings: dict[str, dict[int, int]] = {}
        self._encoded: dict[str, list[int]] = {}
        # term -> its entry as a shard's JSON writes it (kept: a save re-makes the shards of
        # a few terms, which hold the entries of many more)
        self._entries: dict[str, str] = {}
        # shard key -> (split, text), for the shards no changed term falls in
        self._shards: dict[str, tuple[bool, str]] = {}
        self._chunks: list[tuple[tuple[Document, ...], str]] = []

    def update(self, docs: list[Document]) -> Iterator[tuple[str, str]]:
        """The index's files, (path, text), in a fixed order: deterministic output."""
        if self._keep:
            self._update_postings(docs)
        else:
            self._encoded, self._shards, self._entries = _encoded_once(docs), {}, {}
        self._documents = docs
        keys: dict[str, int] = {}
        entries = self._entry if self._keep else None
        for key, split, text in _shards(self._encoded, self._shards, entries):
            keys[key] = 1 if split else 0
            yield shard_path(key), text
        chunks: list[tuple[tuple[Document, ...], str]] = []
        for start in range(0, len(docs), DOCS_PER_FILE):
            chunk = tuple(docs[start : start + DOCS_PER_FILE])
            number = start // DOCS_PER_FILE
            # A document the edit left alone is the object the last build had (`Parts`):
            # comparing by identity spares hashing the text of every document on each save.
            before = self._chunks[number] if number < len(self._chunks) else None
            if before is not None and same_objects(before[0], chunk):
                text = before[1]
            else:
                text = _compact([_document_json(doc) for doc in chunk])
            chunks.append((chunk, text))
            yield f"{SEARCH_FOLDER}/docs/{number}.json", text
        self._chunks = chunks
        manifest = {
            "format": FORMAT,
            "documents": len(docs),
            "docs_per_file": DOCS_PER_FILE,
            # key -> 1 when the key's terms are split into longer keys (it keeps its exact term)
            "keys": keys,
        }
        yield MANIFEST, _compact(manifest)

    def _update_postings(self, docs: list[Document]) -> None:
        known, before, counted = self._counts, self._documents, self._counted
        if len(before) == len(docs):
            # Under serve a save changes a few documents in place: the others are the same
            # objects (`Parts`), and only the changed ones are counted and re-weighed.
            pairs = enumerate(zip(docs, before, strict=True))
            moved = [number for number, (doc, old) in pairs if doc is not old]
            counts = list(counted)
            for number in moved:
                fields, old = docs[number].fields, before[number].fields
                if fields != old:
                    known.pop(old, None)  # a document with the same fields counts them again
                counts[number] = known.get(fields) or _counts(fields)
                known[fields] = counts[number]
        else:
            moved = []
            counts = [known.get(doc.fields) or _counts(doc.fields) for doc in docs]
            self._counts = {doc.fields: found for doc, found in zip(docs, counts, strict=True)}
        self._counted = counts
        average = _average([found[1] for found in counts])
        if average != self._average or len(before) != len(docs):
            changed_terms = self._reweigh_all(counts, average)
        else:
            changed_terms = set()
            for number in moved:
                if docs[number].fields != before[number].fields:
                    changed_terms |= self._reweigh(number, counted[number], counts[number])
        for term in changed_terms:
            postings = self._postings.get(term)
            self._entries.pop(term, None)
            if postings:
                self._encoded[term] = _encoded(postings)
            else:
                self._postings.pop(term, None)
                self._encoded.pop(term, None)
        stale = {term[:length] for term in changed_terms for length in range(1, len(term) + 1)}
        self._shards = {k: v for k, v in self._shards.items() if k not in stale}

    def _reweigh_all(self, counts: list[Counts], average: float) -> set[str]:
        changed = set(self._postings)
        self._average = average
        self._postings = {}
        for number, found in enumerate(counts):
            frequencies, length = found
            norm = _norm(length, average)
            for term, frequency in frequencies:
                self._postings.setdefault(term, {})[number] = _weight(frequency, norm)
        self._encoded, self._shards, self._entries = {}, {}, {}
        return changed | set(self._postings)

    def _reweigh(self, number: int, old: Counts, new: Counts) -> set[str]:
        """The document's postings re-weighed; returns the terms whose postings changed. A
        term the document kept with the same weight is not among them: a rename or a reworded
        sentence keeps most of a document's words, among them the commonest, whose postings
        are the longest to encode again."""
        weights = {term: self._postings[term].pop(number, None) for term, _ in old[0]}
        norm = _norm(new[1], self._average)
        changed = set()
        for term, frequency in new[0]:
            weight = _weight(frequency, norm)
            self._postings.setdefault(term, {})[number] = weight
            before = weights.pop(term, None)
            if before != weight and (before is None or not self._left_out(term, before, weight)):
                changed.add(term)
        return changed | weights.keys()

    def _left_out(self, term: str, before: int, after: int) -> bool:
        """Whether a document that keeps `term` but moved from weight `before` to `after` is
        left out of the term's capped postings (`_best`) both times: nothing the encoding
        holds changed (the document frequency is the same). An edit that changes a claim's
        length changes all its weights, while many of its common words' postings stay as they
        were."""
        encoded = self._encoded.get(term)
        if encoded is None or encoded[0] <= POSTINGS_MAX:
            return False
        lowest = min(encoded[2::2])  # `_best` keeps at least one posting of the lowest weight
        return before < lowest and after < lowest

    def _entry(self, term: str, postings: list[int]) -> str:
        found = self._entries.get(term)
        if found is None:
            found = self._entries[term] = _entry(term, postings)
        return found


def _encoded_once(docs: list[Document]) -> dict[str, list[int]]:
    """Each term's encoding for an index made once (a one-off build), equal to what
    `SearchIndex._update_postings` makes. Each document is counted and posted at once as
    (document, frequency) in two arrays per term, weighed once the average length is known:
    at 50k claims, keeping every document's counts as tuples took 800 MB."""
    if all(doc.counted is not None for doc in docs):
        return _encoded_counted(docs)
    numbers: dict[str, array[int]] = {}
    frequencies: dict[str, array[float]] = {}
    lengths = array("d")
    for number, doc in enumerate(docs):
        found: Iterable[tuple[str, float]]
        if doc.counted is not None:
            found_terms, found_frequencies, length = doc.counted
            found = zip(found_terms, found_frequencies, strict=True)
        else:
            found, length = _counts(doc.fields)
        lengths.append(length)
        for term, frequency in found:
            if term not in numbers:
                numbers[term], frequencies[term] = array("L"), array("d")
            numbers[term].append(number)
            frequencies[term].append(frequency)
    average = _average(list(lengths))
    norms = array("d", (_norm(length, average) for length in lengths))
    encoded = {}
    for term in list(numbers):
        posted = zip(numbers.pop(term), frequencies.pop(term), strict=True)
        encoded[term] = _encoded({n: _weight(f, norms[n]) for n, f in posted})
    return encoded


def _encoded_counted(docs: list[Document]) -> dict[str, list[int]]:
    """`_encoded_once` for documents that carry their counts (a one-off build that keeps them):
    the average length is known before the first posting, so each is weighed as it is posted,
    and once for each frequency a document has (most of its terms share one of a few)."""
    counts = [doc.counted for doc in docs if doc.counted is not None]
    average = _average([length for _, _, length in counts])
    # Each posting as one number, the document's above its weight (1..255): one append a
    # posting, where two arrays a term took two and a test. Inverting the million postings of
    # a 10,000-claim desk is most of making its index from kept documents.
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for number, (terms, frequencies, length) in enumerate(counts):
        norm = _norm(length, average)
        shifted = number << 8
        posting = {f: shifted | _weight(f, norm) for f in set(frequencies)}
        for term, packed in zip(terms, map(posting.__getitem__, frequencies), strict=True):
            postings[term].append(packed)
    return {term: _encoded_packed(postings.pop(term)) for term in list(postings)}


def _encoded_packed(packed: list[int]) -> list[int]:
    """`_encoded` of postings packed as `_encoded_counted` packs them, in document order: the
    same list, made with list operations rather than a loop over the postings."""
    weights = [posting & 255 for posting in packed]
    frequency = len(packed)
    if frequency > POSTINGS_MAX:  # as `_best` keeps them
        lowest, room = _lowest_kept(Counter(weights))
        last_tie = [n for n, weight in enumerate(weights) if weight == lowest][room - 1]
        chosen = [
            n
            for n, weight in enumerate(weights)
            if weight > lowest or (weight == lowest and n <= last_tie)
        ]
        packed = [packed[n] for n in chosen]
        weights = [weights[n] for n in chosen]
    numbers = [posting >> 8 for posting in packed]
    encoded = [frequency] * (2 * len(packed) + 1)
    before = [0, *numbers[:-1]]
    encoded[1::2] = [number - last for number, last in zip(numbers, before, strict=True)]
    encoded[2::2] = weights
    return encoded


def _entry(term: str, postings: list[int]) -> str:
    """`"term":[...]` as `_shard_text` writes it."""
    return f"{json.dumps(term, ensure_ascii=False)}:[{','.join(map(str, postings))}]"


Entries = Callable[[str, list[int]], str]


def _shard_text(shard: dict[str, list[int]], entries: Entries | None = None) -> str:
    """The shard's JSON; from each term's entry when `entries` gives them (the same text)."""
    if entries is None:
        return json.dumps(shard, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "{" + ",".join(entries(term, shard[term]) for term in sorted(shard)) + "}"


def _encoded(postings: dict[int, int]) -> list[int]:
    """[document frequency, gap, weight, gap, weight, ...]: at most POSTINGS_MAX postings, the
    best-weighted ones, in document order with each document as the gap from the one before."""
    kept = sorted(postings.items()) if len(postings) <= POSTINGS_MAX else _best(postings)
    encoded = [len(postings)]
    previous = 0
    for number, weight in kept:
        encoded += [number - previous, weight]
        previous = number
    return encoded


def _best(postings: dict[int, int]) -> list[tuple[int, int]]:
    """The POSTINGS_MAX best-weighted postings in document order, a tie going to the lower
    document. Weights are whole numbers up to 255, so the lowest weight kept is found from
    their counts: sorting a common term's postings by weight on every save that changed it
    took most of an entity rename's search update at 50k claims."""
    lowest, room = _lowest_kept(Counter(postings.values()))
    kept = [posting for posting in postings.items() if posting[1] > lowest]
    tied = sorted(number for number, weight in postings.items() if weight == lowest)
    kept += [(number, lowest) for number in tied[:room]]
    kept.sort()
    return kept


def _lowest_kept(counts: Counter[int]) -> tuple[int, int]:
    """Of more than POSTINGS_MAX postings with these counts of each weight, the lowest weight
    kept, and how many of the postings of that weight are kept."""
    room = POSTINGS_MAX
    for lowest in sorted(counts, reverse=True):
        if counts[lowest] >= room:
            return lowest, room
        room -= counts[lowest]
    raise ValueError("no more than POSTINGS_MAX postings")


def _shards(
    encoded: dict[str, list[int]],
    known: dict[str, tuple[bool, str]],
    entries: Entries | None = None,
    key: str = "",
    depth: int = 1,
) -> Iterator[tuple[str, bool, str]]:
    """(key, split, text) for each shard: the terms under a prefix of `depth` characters, cut
    by one more character while a shard is larger than SHARD_BYTES. A split key keeps only the
    term equal to itself. `known` holds the shards made before whose terms are unchanged; the
    shards made now are added to it. `entries`: see `_shard_text`."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, postings in encoded.items():
        groups[term[:depth]][term] = postings
    for prefix in sorted(groups):
        group = groups[prefix]
        made = known.get(prefix)
        if made is None:
            text = None
            if entries is None:
                text = _shard_text(group)
                size = len(text)
            else:  # the text's length, without writing a shard that is to be split
                size = 1 + sum(len(entries(t, p)) + 1 for t, p in group.items())
            longer = any(len(t) > depth for t in group)
            if longer and size > SHARD_BYTES:
                exact = {t: p for t, p in group.items() if len(t) <= depth}
                made = (True, _shard_text(exact, entries))
            else:
                made = (False, text if text is not None else _shard_text(group, entries))
            known[prefix] = made
        yield prefix, made[0], made[1]
        if made[0]:
            yield from _shards({t: p for t, p in group.items() if len(t) > depth}, known,
                               entries, prefix, depth + 1)  # fmt: skip


def shard_key(term: str, keys: dict[str, int]) -> str | None:
    """The key of the shard that holds `term`, if any: the longest key that begins it (what
    assets/factdesk.js asks for)."""
    for length in range(len(term), 0, -1):
        if term[:length] in keys:
            return term[:length]
    return None


def shard_path(key: str) -> str:
    return f"{SEARCH_FOLDER}/terms/{key.encode('utf-8').hex()}.json"


def search_files(
    site: Site, layout: Layout, cache: BuildCache | None = None, kept: KeptParts | None = None
) -> Iterator[tuple[str, str]]:
    """The search index's files, (path, text), in a fixed order: deterministic output. Pass the
    same `cache` to successive builds of one site (serve); `kept`, a one-off build's documents
    kept from the last one, with their counts."""
    index = SearchIndex(keep=cache is not None)
    if cache is not None:
        index = cache.search = cache.search or index
    return index.update(documents(site, layout, Parts(cache, "search", kept, _KEPT_DOCUMENT)))


def _kept_bytes(doc: Document) -> bytes:
    """A document as a one-off build keeps it: what a result shows and its length as a JSON
    line, then its terms on one line (a term is letters and digits) and their frequencies as
    doubles, not the texts they were counted from (an article's is all of it). Reading back a
    million terms and numbers one JSON value at a time took longer than counting them."""
    assert doc.counted is not None
    terms, frequencies, length = doc.counted
    shown = [doc.kind, doc.title, doc.url, doc.snippet, doc.rating, doc.date, length]
    if sys.byteorder == "big":  # the file may move to another machine (a CI cache)
        frequencies = array("d", frequencies)
        frequencies.byteswap()
    return b"\n".join((_compact(shown).encode(), " ".join(terms).encode(), frequencies.tobytes()))


def _kept_document(data: bytes) -> Document:
    """`_kept_bytes` read back; ValueError when it is not such a document."""
    head, terms_line, numbers = data.split(b"\n", 2)
    try:
        kind, title, url, snippet, rating, date, length = json.loads(head)
    except (TypeError, ValueError, RecursionError):
        raise ValueError("not a kept search document") from None
    strings = (kind, title, url, snippet, date)
    if not all(type(text) is str for text in strings) or type(length) is not float:
        raise ValueError("not a kept search document")
    if rating is not None:
        if type(rating) is not list or len(rating) != 2 or not all(type(r) is str for r in rating):
            raise ValueError("not a kept search document")
        rating = (rating[0], rating[1])
    terms = terms_line.decode().split(" ") if terms_line else []
    frequencies = array("d")
    frequencies.frombytes(numbers)  # ValueError when not a whole number of doubles
    if sys.byteorder == "big":
        frequencies.byteswap()
    if len(terms) != len(frequencies) or "" in terms:
        raise ValueError("not a kept search document")
    # Weighing divides by and rounds these: NaN, an infinity or a frequency of zero or less
    # (none of which counting gives) would stop the build there. A sum is NaN or infinite
    # when any of them is.
    if not math.isfinite(length) or length < 0 or not math.isfinite(sum(frequencies)):
        raise ValueError("not a kept search document")
    if frequencies and min(frequencies) <= 0:
        raise ValueError("not a kept search document")
    # One string per term for the whole index, as `_counts` makes them.
    counted = (tuple(map(sys.intern, terms)), frequencies, length)
    return Document(kind, title, url, (), snippet, rating, date, counted)


def _counted(doc: Document) -> Document:
    found, length = _counts(doc.fields)
    terms = tuple(term for term, _ in found)
    return replace(doc, counted=(terms, array("d", (f for _, f in found)), length))


_KEPT_DOCUMENT = (_kept_bytes, _kept_document)


def _document_json(doc: Document) -> list[object]:
    rating = [doc.rating[0], close_directions(doc.rating[1])] if doc.rating else 0
    return [doc.kind, close_directions(doc.title), doc.url, rating, doc.date,
            doc.snippet]  # fmt: skip


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
