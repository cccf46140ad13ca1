"""The static search index (generator/site/search.py): every record can be found, a query needs
a few small files whatever the size of the desk, and the output is deterministic. The browser
side (assets/factdesk.js) is driven in Chromium by test_browser_large.py and test_browser.py."""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import pipeline
from generator.site import search
from generator.site.search import _ARABIC, MANIFEST, normalise, shard_key, shard_path, terms


def _index(pages: dict[str, str]) -> tuple[dict[str, object], list[list[object]]]:
    manifest = json.loads(pages[MANIFEST])
    docs: list[list[object]] = []
    number = 0
    while f"search/docs/{number}.json" in pages:
        docs += json.loads(pages[f"search/docs/{number}.json"])
        number += 1
    assert len(docs) == manifest["documents"]
    return manifest, docs


def _postings(pages: dict[str, str], manifest: dict[str, object], term: str) -> list[int]:
    """The documents the index gives for `term`, found as the browser finds them."""
    keys = manifest["keys"]
    assert isinstance(keys, dict)
    key = shard_key(term, keys)
    if key is None:
        return []
    shard = json.loads(pages[shard_path(key)])
    encoded = shard.get(term)
    if encoded is None:
        return []
    documents, number = [], 0
    for gap in encoded[1::2]:
        number += gap
        documents.append(number)
    return documents


def test_terms_fold_case_accents_and_arabic_forms() -> None:
    assert terms("Наши самолёты") == ["наши", "самолеты"]
    assert terms("Gâza, GAZA; gaza_strip") == ["gaza", "gaza", "gaza", "strip"]
    # Harakat and tatweel go, alef forms are one, the article and joined particles drop.
    assert terms("الغَارات") == terms("الغارات") == terms("غارات") == ["غارات"]
    assert terms("وأكد") == terms("واكد")
    assert terms("والمدنيين") == ["مدنيين"]
    # A word loses the first particle that leaves three letters or more, only at its start.
    assert terms("والكم للبيت الرد البيت، والبيت") == ["والكم", "بيت", "الرد", "بيت", "بيت"]
    assert terms("كتاب_الرد ١٢٣الدار") == ["كتاب", "الرد", "١٢٣الدار"]


def test_terms_fold_every_character_as_the_definition_does() -> None:
    # normalise() folds each character through a table filled as characters are met, and skips
    # ASCII text: the result must equal the rule written out character by character.
    def defined(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" and c != "\u0640")
        return kept.lower().translate(_ARABIC)

    blocks = [(0x0000, 0x0250), (0x0300, 0x0530), (0x0600, 0x0700), (0x1E00, 0x2000)]
    characters = [chr(c) for start, end in blocks for c in range(start, end)]
    for character in characters:
        assert normalise(character) == defined(character), hex(ord(character))
    text = "".join(characters)
    assert normalise(text) == defined(text)
    assert (
        normalise("Ǆemal İstanbul ﬁre") == defined("Ǆemal İstanbul ﬁre") == "dzemal istanbul fire"
    )


def test_every_record_is_found_by_the_words_of_its_title(large_desk: Path) -> None:
    pages = pipeline.build(large_desk).pages
    manifest, docs = _index(pages)
    kinds = {doc[0] for doc in docs}
    assert kinds == {"claim", "event", "contradiction", "entity", "article"}
    site = pipeline.check(large_desk).site
    assert site is not None
    assert len(docs) == (
        len(site.claims) + len(site.events) + len(site.contradictions) + len(site.entities)
        + len(site.articles)
    )  # fmt: skip
    for number, doc in enumerate(docs):
        title = doc[1]
        assert isinstance(title, str)
        for term in terms(title):
            assert number in _postings(pages, manifest, term), (title, term)
    # A claim's verdict and the words of its quotes, Russian and Arabic ones too, find it.
    claim_docs = {doc[2]: n for n, doc in enumerate(docs) if doc[0] == "claim"}
    russian = claim_docs["claims/ru-no-strikes/"]
    assert russian in _postings(pages, manifest, "самолеты")
    arabic = claim_docs["claims/ar-civilians-killed/"]
    assert arabic in _postings(pages, manifest, "مدنيين")
    rated = next(c for c in site.claims.values() if c.verdict is not None)
    label = terms(rated.verdict.rating.label)[0]  # type: ignore[union-attr]
    assert claim_docs[f"claims/{rated.id}/"] in _postings(pages, manifest, label)


def test_shards_stay_small_and_postings_capped(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, large_desk: Path
) -> None:
    # Small limits make the large test desk behave as a desk of many thousand claims would.
    monkeypatch.setattr(search, "SHARD_BYTES", 2_000)
    monkeypatch.setattr(search, "POSTINGS_MAX", 30)
    pages = pipeline.build(large_desk).pages
    manifest, _docs = _index(pages)
    keys = manifest["keys"]
    assert isinstance(keys, dict)
    assert any(len(key) >= 3 for key in keys), "nothing was split"
    for key in keys:
        shard = json.loads(pages[shard_path(key)])
        for term, encoded in shard.items():
            assert shard_key(term, keys) == key, term
            assert len(encoded) <= 1 + 2 * 30
            assert encoded[0] >= (len(encoded) - 1) // 2  # the document frequency is kept
        # Only a shard that cannot be split further may pass the limit.
        text = pages[shard_path(key)]
        if len(text) > 2_000:
            assert len(shard) == 1 or all(len(term) == len(key) for term in shard), key


def _capped_plainly(postings: dict[int, int]) -> list[int]:
    """`search._encoded` by its definition: sort by weight, ties to the earlier document, keep
    POSTINGS_MAX, then in document order as gaps."""
    by_weight = sorted(postings.items(), key=lambda p: (-p[1], p[0]))
    expected = [len(postings)]
    previous = 0
    for number, weight in sorted(by_weight[: search.POSTINGS_MAX]):
        expected += [number - previous, weight]
        previous = number
    return expected


@pytest.mark.parametrize("weights", [range(1, 256), range(60, 64), range(255, 256)])
def test_a_capped_term_keeps_its_best_postings_ties_to_the_earlier_document(
    weights: range,
) -> None:
    # Ties at the lowest weight kept are the case a shortcut gets wrong: few weights, many ties.
    rng = random.Random(len(weights))
    postings = {rng.randrange(10**6): rng.choice(weights) for _ in range(5 * search.POSTINGS_MAX)}
    assert search._encoded(postings) == _capped_plainly(postings)
    # Under the cap every posting is kept, in document order.
    small = dict(list(postings.items())[:10])
    assert search._encoded(small) == _capped_plainly(small)
    assert search._encoded(small)[0] == 10 and len(search._encoded(small)) == 21
    # The same from postings packed as a one-off build that keeps its documents packs them.
    for each in (postings, small):
        packed = [number << 8 | weight for number, weight in sorted(each.items())]
        assert search._encoded_packed(packed) == _capped_plainly(each)


def test_the_index_is_deterministic(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    first = {p: t for p, t in pipeline.build(site).pages.items() if p.startswith("search/")}
    second = {p: t for p, t in pipeline.build(site).pages.items() if p.startswith("search/")}
    assert first == second and MANIFEST in first
    _manifest, docs = _index(first)
    assert [d[0] for d in docs] == ["claim", "event", "contradiction", "entity", "entity",
                                    "entity", "article", "article"]  # fmt: skip


def test_an_edit_encodes_again_only_the_terms_whose_postings_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under serve an index keeps its postings between saves (`SearchIndex`): a document that
    changed one word keeps the weights of all its other words, and only the postings of the
    word it lost and the word it gained are encoded again. The files equal a fresh index's."""

    def claim(number: int, claimant: str) -> search.Document:
        fields = (("title", f"air strikes near the river {number}"), ("name", claimant))
        return search.Document("claim", f"Claim {number}", f"claims/{number}/", fields, "")

    docs = [claim(n, "Boris Antonova") for n in range(40)]
    index = search.SearchIndex()
    list(index.update(docs))
    encoded: list[list[int]] = []

    def counted(postings: dict[int, int]) -> list[int]:
        encoded.append(real(postings))
        return encoded[-1]

    real = search._encoded
    monkeypatch.setattr(search, "_encoded", counted)
    renamed = [*docs[:3], claim(3, "Boris Antonovx"), *docs[4:]]
    files = dict(index.update(renamed))
    # "antonova" lost a document, "antonovx" is new: "boris", "air", "strikes" and the rest
    # kept their weights in it.
    assert sorted(entry[0] for entry in encoded) == [1, 39]
    monkeypatch.setattr(search, "_encoded", real)
    assert files == dict(search.SearchIndex().update(renamed))
    assert files == dict(search.SearchIndex(keep=False).update(renamed))


def test_postings_a_capped_term_leaves_out_stay_as_they_were_after_any_edit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A term keeps only its best POSTINGS_MAX postings: an edit that moves a document's weight
    for it below the lowest kept one, from below it, encodes nothing again. Over random edits
    that change documents' words and lengths, a kept index's files equal a fresh one's after
    each save, and the postings left out were skipped (the check can fail)."""
    monkeypatch.setattr(search, "POSTINGS_MAX", 5)
    rng = random.Random(17)
    words = ["air", "strike", "river", "town", "shelling", "convoy", "market", "bridge"]

    def claim(number: int) -> search.Document:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
        return search.Document(
            "claim", f"Claim {number}", f"claims/{number}/", (("text", text),), ""
        )

    docs = [claim(n) for n in range(60)]
    index = search.SearchIndex()
    list(index.update(docs))
    skipped = 0
    real = search.SearchIndex._left_out

    def left_out(self: search.SearchIndex, term: str, before: int, after: int) -> bool:
        nonlocal skipped
        found = real(self, term, before, after)
        skipped += found
        return found

    monkeypatch.setattr(search.SearchIndex, "_left_out", left_out)
    for _ in range(40):
        docs = list(docs)
        for number in rng.sample(range(len(docs)), rng.randint(1, 3)):
            docs[number] = claim(number)
        assert dict(index.update(docs)) == dict(search.SearchIndex(keep=False).update(docs))
    assert skipped > 0
