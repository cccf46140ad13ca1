"""Under serve, which derived parts of the last build's `Site` an edit left as they were.

Assembling a site (`resolve._assemble`) derives its orders, groups and counts from every
claim, event and article: the timeline and its months, the claims by date and by rating, each
entity's claims and tally, each article's citations. At 50,000 claims that took 2 s of every
save, though a save changes a record or two. Each part is reused from the last build when no
record that changed differs in what that part reads: the timeline when no changed claim or event
has another date, the counts when no verdict changed rating, an article's citations when no
changed record cited it or cites it now; the entities' part when no entity and no claimant
changed. A record added or removed, or a change to site.yml or an article record, makes every
part again: those are rare saves, and MkDocs rebuilds the whole site after them anyway (a page
is added, or every page shows the site's name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .dates import FuzzyDate
from .linked import LinkedArticle, LinkedClaim, LinkedEvent, Site
from .models import Article, Entity, SiteConfig
from .text import ArticleText


@dataclass(frozen=True)
class Inputs:
    """What a build assembles its site from."""

    config: SiteConfig
    entity_records: tuple[Entity, ...]
    article_records: tuple[Article, ...]
    texts: dict[str, ArticleText]
    published: dict[str, FuzzyDate]
    claims: dict[str, LinkedClaim]
    events: dict[str, LinkedEvent]


@dataclass(frozen=True)
class Assembled:
    """The last build's site and what it was assembled from (`BuildCache.assembled`)."""

    inputs: Inputs
    site: Site


@dataclass(frozen=True)
class Unchanged:
    """Which parts of the last build's site hold for this one (`Unchanged.of`): `site` is the
    last build's site when any part does, and each flag says whether that part holds."""

    site: Site | None
    touched: frozenset[str]
    dates: bool = False
    claim_dates: bool = False
    tags: bool = False
    verdicts: bool = False
    entities: bool = False
    articles: bool = False

    @classmethod
    def of(cls, previous: Assembled | None, now: Inputs, touched_articles: set[str]) -> Unchanged:
        """Records are compared by identity first: a cached build hands back the same object
        for an unchanged file, so only the few changed ones are compared field by field."""
        touched = frozenset(touched_articles)
        if previous is None or not _same_world(previous.inputs, now):
            return cls(None, touched)
        before = previous.inputs
        if before.claims.keys() != now.claims.keys() or before.events.keys() != now.events.keys():
            return cls(None, touched)
        claims = [(before.claims[k], c) for k, c in now.claims.items() if before.claims[k] is not c]
        events = [(before.events[k], e) for k, e in now.events.items() if before.events[k] is not e]
        claim_dates = all(_same_date(old.date, new.date) for old, new in claims)
        dates = claim_dates and all(_same_date(old.date, new.date) for old, new in events)
        verdicts = all(_verdict(old) == _verdict(new) for old, new in claims)
        # The article part is per article (`article`); its order by date needs every one.
        articles = before.published == now.published and _same_values(before.texts, now.texts)
        return cls(
            previous.site,
            touched,
            dates=dates,
            claim_dates=claim_dates,
            tags=all(old.record.tags == new.record.tags for old, new in claims)
            and all(old.record.tags == new.record.tags for old, new in events),
            verdicts=verdicts,
            entities=_same_items(before.entity_records, now.entity_records)
            and dates
            and verdicts
            and articles
            and all(old.record.claimant == new.record.claimant for old, new in claims)
            and all(old.entities == new.entities for old, new in events),
            articles=articles,
        )

    def article(self, article_id: str) -> LinkedArticle | None:
        """The article as the last build linked it, if nothing it shows changed."""
        if self.site is None or not self.articles or article_id in self.touched:
            return None
        return self.site.articles.get(article_id)


def _same_world(before: Inputs, now: Inputs) -> bool:
    # Entities are read by their own part alone (`Unchanged.entities`).
    return before.config is now.config and _same_items(before.article_records, now.article_records)


def _same_items(before: Sequence[object], now: Sequence[object]) -> bool:
    return len(before) == len(now) and all(a is b for a, b in zip(before, now, strict=True))


def _same_values(before: Mapping[str, object], now: Mapping[str, object]) -> bool:
    return before.keys() == now.keys() and all(before[k] is v for k, v in now.items())


def _same_date(before: FuzzyDate, now: FuzzyDate) -> bool:
    # `derivation` (how a phrase was resolved, shown in other languages) is left out of ==.
    return before == now and before.derivation == now.derivation


def _verdict(claim: LinkedClaim) -> tuple[str, FuzzyDate] | None:
    verdict = claim.verdict
    return None if verdict is None else (verdict.rating.id, verdict.reviewed)
