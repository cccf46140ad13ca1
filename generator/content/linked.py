"""The linked model: records with their references resolved and derived facts computed once.

Built by `resolve.py` from `Content`; read by `render.py` and the exporters. Cross-references
between claims, events and contradictions are kept as ids looked up in `Site`, so the frozen
records need no cycles. Every derived fact (sorted timeline, back-references, tallies, coverage)
lives here, never recomputed in templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import FuzzyDate
from .models import (
    Article,
    Attribution,
    Claim,
    Confirmation,
    Contradiction,
    Entity,
    Event,
    Evidence,
    Figure,
    HistoryEntry,
    Rating,
    SiteConfig,
)
from .text import ArticleText, Sentence


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim quote located in an article: the sentences it spans, for links and highlights."""

    article: str
    quote: str
    translation: str | None
    sentences: tuple[int, ...]
    first: bool = False
    origins: tuple[str, ...] = ()  # earlier reports the quoted sentences were taken from
    language: str = "en"  # the article's language (its base code, e.g. "ar" for "ar-SY")

    @property
    def anchor(self) -> str:
        return f"s{self.sentences[0]}" if self.sentences else ""

    @property
    def sentence_count(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True, slots=True)
class Citer:
    """Something that cites a sentence: kind is 'claim', 'event', 'evidence' (of a claim) or
    'contradiction' (a figure's source in its note)."""

    kind: str
    id: str


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    record: Article
    text: ArticleText | None
    published: FuzzyDate
    retrieved: FuzzyDate | None
    citations: dict[int, tuple[Citer, ...]]
    background: dict[int, str]
    origins: dict[int, str]
    reports_used_in: tuple[str, ...]  # articles whose sentences come from this report

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def paragraphs(self) -> tuple[tuple[Sentence, ...], ...]:
        """Sentences grouped as the text's lines group them."""
        if self.text is None:
            return ()
        groups: list[list[Sentence]] = []
        previous_end = 0
        for sentence in self.text.sentences:
            if not groups or "\n" in self.text.text[previous_end : sentence.start]:
                groups.append([])
            groups[-1].append(sentence)
            previous_end = sentence.end
        return tuple(tuple(group) for group in groups)

    @property
    def sentence_count(self) -> int:
        return len(self.text.sentences) if self.text else 0

    @property
    def cited_count(self) -> int:
        return len(self.citations)

    @property
    def accounted_count(self) -> int:
        return len(self.citations.keys() | self.background.keys())

    @property
    def background_count(self) -> int:
        return len(self.background)


@dataclass(frozen=True, slots=True)
class LinkedEvidence:
    record: Evidence
    quote: Quote | None
    date: FuzzyDate | None


@dataclass(frozen=True, slots=True)
class LinkedAttribution:
    record: Attribution
    source: LinkedEvidence


@dataclass(frozen=True, slots=True)
class LinkedFigure:
    record: Figure
    attributions: tuple[LinkedAttribution, ...]

    @property
    def credited_to(self) -> tuple[str, ...]:
        """The organisations the sources credit, in the order first given."""
        return tuple(dict.fromkeys(a.record.credited_to for a in self.attributions))

    @property
    def disputed(self) -> bool:
        """True when the sources credit the figure to different organisations."""
        return len(self.credited_to) > 1


@dataclass(frozen=True, slots=True)
class LinkedConfirmation:
    record: Confirmation
    date: FuzzyDate
    evidence: tuple[LinkedEvidence, ...]


@dataclass(frozen=True, slots=True)
class LinkedHistory:
    record: HistoryEntry
    date: FuzzyDate
    previous_rating: Rating | None


@dataclass(frozen=True, slots=True)
class LinkedVerdict:
    rating: Rating
    conclusion: str
    explanation: str
    reviewer: str
    reviewed: FuzzyDate
    evidence: tuple[LinkedEvidence, ...]
    history: tuple[LinkedHistory, ...]
    figures: tuple[LinkedFigure, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkedClaim:
    record: Claim
    date: FuzzyDate
    appearances: tuple[Quote, ...]
    first_appearance: Quote
    verdict: LinkedVerdict | None
    contradictions: tuple[str, ...]
    events: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.record.id


@dataclass(frozen=True, slots=True)
class LinkedEvent:
    record: Event
    date: FuzzyDate
    sources: tuple[Quote, ...]
    entities: tuple[str, ...]  # named on the event, plus the claimants of its claims
    contradictions: tuple[str, ...]
    confirmation: LinkedConfirmation | None = None

    @property
    def id(self) -> str:
        return self.record.id


@dataclass(frozen=True, slots=True)
class LinkedSide:
    label: str
    kind: str  # "claim" or "event"
    ref: str
    supported: bool
    camp: str = ""  # the position it shares with other sides; its own label when not given


@dataclass(frozen=True, slots=True)
class LinkedCamp:
    """Sides that take the same position, shown together; `supported` when the evidence
    supports one of them."""

    label: str
    sides: tuple[LinkedSide, ...]
    supported: bool


@dataclass(frozen=True, slots=True)
class LinkedContradiction:
    record: Contradiction
    sides: tuple[LinkedSide, ...]
    figures: tuple[LinkedFigure, ...] = ()
    # The sides grouped by position, in the order each position first appears.
    camps: tuple[LinkedCamp, ...] = ()

    @property
    def id(self) -> str:
        return self.record.id


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str  # "event" or "claim"
    id: str
    date: FuzzyDate


@dataclass(frozen=True, slots=True)
class TimelineDay:
    label: str  # the date as shown: one day, or the range / month / approximate form
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class TimelineMonth:
    year: int
    month: int
    days: tuple[TimelineDay, ...]

    @property
    def anchor(self) -> str:
        return f"month-{self.year}-{self.month:02d}"

    @property
    def event_count(self) -> int:
        return sum(1 for day in self.days for entry in day.entries if entry.kind == "event")

    @property
    def claim_count(self) -> int:
        return sum(1 for day in self.days for entry in day.entries if entry.kind == "claim")


@dataclass(frozen=True, slots=True)
class LinkedEntity:
    record: Entity
    claims: tuple[str, ...]
    members: tuple[str, ...]  # entities whose affiliation is this one
    events: tuple[str, ...]
    tally: tuple[tuple[Rating, int], ...]  # by rating, scale order; only ratings present
    under_review: int
    articles: tuple[str, ...] = ()  # articles it published as an outlet, newest first

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def claim_count(self) -> int:
        return len(self.claims)


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    ratings: dict[str, Rating]
    entities: dict[str, LinkedEntity]
    articles: dict[str, LinkedArticle]
    claims: dict[str, LinkedClaim]
    events: dict[str, LinkedEvent]
    contradictions: dict[str, LinkedContradiction]
    timeline: tuple[TimelineEntry, ...]
    months: tuple[TimelineMonth, ...]
    tags: tuple[str, ...]
    # Orders and counts the pages show, computed once in resolve.py: templates only lay out.
    verdict_counts: tuple[tuple[Rating, int], ...]  # every rating of the scale, in its order
    claims_by_date: tuple[str, ...]  # by earliest possible day, then id
    articles_by_date: tuple[str, ...]  # by publication day, then id
    entities_by_name: tuple[str, ...]  # by name, ignoring case, then id
    timeline_entities: tuple[str, ...]  # by name: those with a claim or event on the timeline
    latest_reviewed: tuple[str, ...]  # claims with a verdict, most recently reviewed first
    # Every sentence quoted by a claim, event or evidence, drafts included, by article: what
    # `factdesk extract` must not draft again. Pages show `LinkedArticle.citations` only.
    all_citations: dict[str, dict[int, tuple[Citer, ...]]]
    # Published claims without a verdict yet, by id: a state the site shows, not a mistake.
    under_review: tuple[str, ...] = ()
    # Claims with a verdict by rating, every rating of the scale in its order, each in date
    # order: what a paged claims index offers to browse by verdict.
    claims_by_rating: tuple[tuple[Rating, tuple[str, ...]], ...] = ()

    @property
    def claim_count(self) -> int:
        return len(self.claims)

    @property
    def reviewed_count(self) -> int:
        return len(self.latest_reviewed)

    @property
    def under_review_count(self) -> int:
        return len(self.under_review)

    @property
    def event_count(self) -> int:
        return len(self.events)

    @property
    def contradiction_count(self) -> int:
        return len(self.contradictions)

    @property
    def article_count(self) -> int:
        return len(self.articles)

    @property
    def entity_count(self) -> int:
        return len(self.entities)

    def rating_rank(self, rating_id: str) -> int:
        """1 for the worst scored rating up to N for the best: ClaimReview's ratingValue."""
        scored = [r.id for r in self.config.rating_scale if r.scored]
        return len(scored) - scored.index(rating_id) if rating_id in scored else 0
