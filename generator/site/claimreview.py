"""Schema.org ClaimReview for a claim with a verdict.

Takes the linked `Site` and its `Layout` (the claim page's address); returns plain dicts ready
for `json.dumps`. The same dict is printed as JSON-LD in the body of the claim page (a
`<script>` element in its Markdown, so any MkDocs-compatible builder, Zensical included, keeps
it without a theme override; JSON-LD is valid anywhere in a page) and collected into
`data/claimreview.json` by `exports.py`, so the page and the feed never disagree.

Property choices follow Google's fact-check documentation (required: claimReviewed,
reviewRating.alternateName, url; recommended: author, datePublished, itemReviewed as a Claim
with author, datePublished, appearance and firstAppearance, and the numeric rating) and
schema.org (Rating.ratingExplanation carries the verdict's one-line conclusion).
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from ..content.dates import FuzzyDate
from ..content.linked import LinkedArticle, LinkedClaim, Quote, Site
from .layout import Layout

JsonObject = dict[str, Any]

# Characters that could end a <script> element or open an HTML comment inside it (< > &), the
# two line separators JavaScript treats as line ends, and code points YAML refuses or folds
# (C1 controls, byte-order mark, non-characters). JSON lets any of them be written as \uXXXX,
# which keeps the text identical once parsed.
_SCRIPT_UNSAFE = re.compile("[<>&\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]")


def iso_day(date: FuzzyDate) -> str:
    """A schema.org Date. A month, year, range or approximate date has no single day, so its
    earliest possible day stands in (the claim page shows the exact form and reasoning)."""
    return date.earliest.isoformat()


def claim_review(site: Site, claim: LinkedClaim, layout: Layout) -> JsonObject | None:
    """The ClaimReview for a claim, or None while it is under review."""
    verdict = claim.verdict
    if verdict is None:
        return None
    record = claim.record
    rating: JsonObject = {
        "@type": "Rating",
        "alternateName": verdict.rating.label,
        "name": verdict.rating.label,
        "ratingExplanation": verdict.conclusion,
    }
    rank = site.rating_rank(verdict.rating.id)
    if verdict.rating.scored and rank:
        # Unscored ratings (e.g. unproven) sit outside the true-to-false scale: a number would
        # place them on it, so they carry only their label.
        rating["ratingValue"] = rank
        rating["bestRating"] = sum(1 for r in site.config.rating_scale if r.scored)
        rating["worstRating"] = 1
    publisher: JsonObject = {"@type": "Organization", "name": site.config.publisher.name}
    if site.config.publisher.url:
        publisher["url"] = site.config.publisher.url
    desk = {**publisher, "inLanguage": site.config.language}
    quotes = _appearance_quotes(claim)
    appearances = [
        _creative_work(site.articles[article], quote, desk) for article, quote in quotes.items()
    ]
    review: JsonObject = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        # The page's own address in the site's URL style: the same as its canonical link.
        "url": layout.address("claim", claim.id),
        "claimReviewed": record.claim_short or record.claim,
        "datePublished": iso_day(verdict.reviewed),
        "inLanguage": site.config.language,
        "author": publisher,
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": _claimant(site, record.claimant),
            "datePublished": iso_day(claim.date),
            "appearance": appearances,
            "firstAppearance": _creative_work(
                site.articles[claim.first_appearance.article], claim.first_appearance, desk
            ),
        },
    }
    if verdict.history:
        review["dateModified"] = iso_day(
            max((h.date for h in verdict.history), key=lambda d: d.sort_key())
        )
    return review


def _appearance_quotes(claim: LinkedClaim) -> dict[str, Quote]:
    # Several quotes from one article are one appearance of the claim, shown by its first quote.
    quotes: dict[str, Quote] = {}
    for quote in claim.appearances:
        quotes.setdefault(quote.article, quote)
    return quotes


def _claimant(site: Site, entity_id: str) -> JsonObject:
    entity = site.entities[entity_id].record
    author: JsonObject = {
        "@type": "Person" if entity.kind == "person" else "Organization",
        "name": entity.name,
    }
    if entity.url:
        author["url"] = entity.url
    if entity.kind == "person" and entity.affiliation in site.entities:
        affiliation = site.entities[entity.affiliation].record
        author["affiliation"] = {"@type": "Organization", "name": affiliation.name}
    return author


def _creative_work(article: LinkedArticle, quote: Quote, desk: JsonObject) -> JsonObject:
    """The article a claim appeared in, with the claim's words as the article wrote them and,
    when the desk translated them, the translation as a `workTranslation` whose translator is
    the desk: claimReviewed stays the desk's own short summary, as Google asks."""
    record = article.record
    work: JsonObject = {
        "@type": "CreativeWork",
        "headline": record.title,
        "publisher": {"@type": "Organization", "name": record.outlet},
        "datePublished": iso_day(article.published),
        "inLanguage": quote.language,
        "text": quote.quote,
    }
    if quote.translation:
        work["workTranslation"] = {
            "@type": "CreativeWork",
            "text": quote.translation,
            "inLanguage": desk["inLanguage"],
            "translator": {k: v for k, v in desk.items() if k != "inLanguage"},
        }
    # Only the outlet's own address is the appearance's url; an archived copy is archivedAt.
    # An article known only from a text the desk holds has neither, and gets no invented one.
    if record.url:
        work["url"] = record.url
    if record.archive_url:
        work["archivedAt"] = record.archive_url
    return work


def script_json(value: Any, *, indent: int | None = None) -> str:
    """JSON that is safe inside an HTML <script> element.

    Keys sorted for byte-identical output. `<`, `>` and `&` become \\u003c, \\u003e, \\u0026, so
    a claim quoting `</script>` cannot close the element, and the parsed value is unchanged.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent)
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def script_element(claim: LinkedClaim, site: Site, layout: Layout) -> Markup:
    """The claim page's JSON-LD element, or "" for a claim under review. Python-Markdown and
    the builders that use it pass a `<script>` block on its own line through unchanged, and
    search indexes skip it."""
    review = claim_review(site, claim, layout)
    if review is None:
        return Markup("")
    return Markup(f'<script type="application/ld+json">{script_json(review)}</script>')
