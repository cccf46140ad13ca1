"""Ids -> objects: link the loaded records into a `Site`, checking every reference and quote.

Takes `Content` (already schema-checked); returns the linked `Site` and diagnostics: unknown ids
with "did you mean" hints, quotes that do not occur in their article (hint: the closest passage),
dates that do not parse or cannot be resolved, references to drafts, contradictions resolved in
favour of a side the evidence does not stand behind (a claim its verdict does not uphold, an
event the desk has not confirmed), sentences both cited and marked as background. Every derived
fact is a named derivation at the end of this module (back-references, the sorted timeline and
its months, tallies, the orders and counts the index pages show, sentence coverage), computed
once here and never again in a template. Drafts are checked like everything else but left out
of the `Site`.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import groupby
from typing import Any, TypeVar, cast

from ..incremental import BuildCache, MadeFrom, same_objects
from .chronology import build_day, carried_before_made, future, is_future, reviewed_too_early
from .dates import DateError, FuzzyDate, is_explicit, parse_date, resolve_phrase
from .diagnostics import Diagnostic, SourceLocation, did_you_mean, error, warning
from .kept_records import KeptRecords
from .languages import language_name
from .linked import (
    Citer,
    LinkedArticle,
    LinkedAttribution,
    LinkedCamp,
    LinkedClaim,
    LinkedConfirmation,
    LinkedContradiction,
    LinkedEntity,
    LinkedEvent,
    LinkedEvidence,
    LinkedFigure,
    LinkedHistory,
    LinkedSide,
    LinkedVerdict,
    Quote,
    Site,
    TimelineDay,
    TimelineEntry,
    TimelineMonth,
)
from .models import (
    Article,
    Background,
    Citation,
    Claim,
    Content,
    Contradiction,
    Event,
    Evidence,
    Figure,
    Origin,
    Rating,
    SiteConfig,
    upholding_ratings,
)
from .phrases import base_language
from .reassembly import Assembled, Inputs, Unchanged
from .text import ArticleText, index_article

# Told apart by identity: a copy, never the object parse_date keeps for a record dated "1970".
_UNKNOWN_DATE = replace(parse_date("1970"))
T = TypeVar("T", LinkedClaim, LinkedEvent)
R = TypeVar("R")

# A timeline tie (same earliest and latest day, same precision) puts exact dates before
# approximate ones (so each day heading appears once), events before claims, then orders by id,
# so the order never depends on file-system listing order.
_KIND_ORDER = {"event": 0, "claim": 1}


@dataclass(frozen=True, slots=True)
class LinkRun:
    """One kind's linking in the last build (`_Linker.reused`): its records in order, the world
    they were linked against, the result by id, and their problems and citations in order."""

    records: tuple[object, ...]
    world: MadeFrom
    known: dict[str, tuple[Any, ...]]  # what `BuildCache.links` keeps of each, by id
    linked: Mapping[str, object]
    problems: tuple[Diagnostic, ...]
    citations: tuple[tuple[str, int, Citer], ...]


class _Linker:
    def __init__(
        self,
        content: Content,
        cache: BuildCache | None = None,
        today: datetime.date | None = None,
        kept: KeptRecords | None = None,
    ) -> None:
        self.content = content
        self.cache = cache
        self.kept = kept
        self.today = today or build_day()
        self.problems: list[Diagnostic] = []
        self.config = content.site
        self.ratings: dict[str, Rating] = (
            {r.id: r for r in content.site.rating_scale} if content.site else {}
        )
        self.upholding = upholding_ratings(content.site.rating_scale) if content.site else set()
        self.entities = {e.id: e for e in content.entities}
        self.article_records = {a.id: a for a in content.articles}
        self.claim_records = {c.id: c for c in content.claims}
        self.event_records = {e.id: e for e in content.events}
        self.texts: dict[str, ArticleText] = {}
        self.published: dict[str, FuzzyDate] = {}
        # Publication dates that can be compared with others (see `comparable`).
        self.comparable_published: dict[str, FuzzyDate] = {}
        self.citations: dict[str, dict[int, list[Citer]]] = defaultdict(lambda: defaultdict(list))
        # The citations made by the record being linked, while `reused` records them.
        self._recording: list[tuple[str, int, Citer]] | None = None
        # Under serve, the articles whose citations may differ from the last build's: those a
        # record linked again (not reused) cited then or cites now (`reassembly.py`).
        self.touched: set[str] = set()
        # What every claim's and event's linking reads besides its own record (`reused`):
        # the objects, compared by identity (a BuildCache hands back the same object for an
        # unchanged file), and the values. Of the entities it reads only which ids exist and
        # which are drafts (`entity`), so renaming one links nothing again.
        self.world = MadeFrom(
            (content.site, *content.articles),
            (self.today, content.broken, tuple((e.id, e.status) for e in content.entities)),
        )

    # --- small helpers ---------------------------------------------------------------------

    def fail(self, code: str, where: SourceLocation, message: str, hint: str = "") -> None:
        self.problems.append(error(code, where, message, hint))

    def warn(self, code: str, where: SourceLocation, message: str, hint: str = "") -> None:
        self.problems.append(warning(code, where, message, hint))

    def known(
        self, ref: str, table: Mapping[str, object], what: str, where: SourceLocation
    ) -> bool:
        if ref in table:
            return True
        broken = self.content.broken
        if (what, ref) in broken or (what, "*") in broken:
            return False  # its own file's errors are already reported
        self.fail(
            "FD041",
            where,
            f"unknown {what} '{ref}'",
            did_you_mean(ref, table, listing=f"known {what} ids"),
        )
        return False

    def not_draft(self, status: str, ref: str, what: str, where: SourceLocation) -> bool:
        if status == "draft":
            self.fail(
                "FD042",
                where,
                f"{what} '{ref}' is a draft and will not be published",
                f"publish the {what} (remove status: draft) or drop this reference",
            )
            return False
        return True

    def date(self, text: str, where: SourceLocation, phrase_article: str | None) -> FuzzyDate:
        """An explicit date, or a phrase read against `phrase_article`'s publication date."""
        try:
            if is_explicit(text) or phrase_article is None:
                return parse_date(text)
            published = self.published.get(phrase_article)
            if published is None:
                record = self.article_records.get(phrase_article)
                if record is None and ("article", phrase_article) not in self.content.broken:
                    return _UNKNOWN_DATE  # an unknown article is reported as such
                self.fail(
                    "FD051",
                    where,
                    f"'{text}' is relative, and article '{phrase_article}' has no usable "
                    f"publication date to read it against",
                    "fix the article's published: date, or give an explicit date here",
                )
                return _UNKNOWN_DATE
            record = self.article_records[phrase_article]
            language = record.language or (self.config.language if self.config else "en")
            resolved = resolve_phrase(text, published, language)
            if phrase_article in self.texts and not self.mentions(phrase_article, text):
                self.warn(
                    "FD052",
                    where,
                    f"the phrase '{text}' does not occur in article '{phrase_article}'",
                    "copy the date phrase as the article words it, e.g. 'on Wednesday'",
                )
            return resolved
        except DateError as exc:
            self.fail(exc.code, where, f"bad date '{text}': {exc.message}", exc.hint)
            return _UNKNOWN_DATE

    def quote(
        self,
        article_id: str,
        words: str,
        where: SourceLocation,
        citer: Citer,
        translation: str | None = None,
        first: bool = False,
    ) -> Quote | None:
        article = self.article_records.get(article_id)
        if article is None:
            self.known(article_id, self.article_records, "article", where)
            return None
        if not self.not_draft(article.status, article_id, "article", where):
            return None
        text = self.texts.get(article_id)
        if text is None and ("article-text", article_id) in self.content.broken:
            return None  # why its text could not be read is reported at its text_file
        if text is None:
            self.fail(
                "FD043",
                where,
                f"article '{article_id}' has no text to quote from",
                "give the article a text_file under seeds/ or a Markdown body",
            )
            return None
        match = text.find(words)
        if match is None:
            self.fail(
                "FD044",
                where,
                f"quote not found in article '{article_id}'",
                f'closest passage: "{text.closest_passage(words)}"',
            )
            return None
        site_language = self.config.language if self.config else "en"
        language = article.language or site_language
        if translation is None and base_language(language) != base_language(site_language):
            self.warn(
                "FD045",
                where,
                f"the quote is in {language_name(language)} and has no translation into "
                f"{language_name(site_language)}, the site's language",
                f"add 'translation:' beside 'quote:' (same indentation) with the desk's "
                f"{language_name(site_language, bare=True)} translation of these words; "
                "pages and exports show it next to the original, marked as the desk's",
            )
        for number in match.sentences:
            self.citations[article_id][number].append(citer)
            if self._recording is not None:
                self._recording.append((article_id, number, citer))
        origins = tuple(
            dict.fromkeys(
                o.article for o in article.origins for n in match.sentences if n in o.sentences
            )
        )
        return Quote(
            article_id, words, translation, match.sentences, first, origins, base_language(language)
        )

    def citation(self, citation: Citation, citer: Citer) -> Quote | None:
        return self.quote(
            citation.article,
            citation.quote,
            citation.where["quote"]
            if citation.article in self.article_records
            else citation.where["article"],
            citer,
            citation.translation,
            citation.first,
        )

    def dated(
        self, text: str, where: SourceLocation, what: str, phrase_article: str | None
    ) -> FuzzyDate:
        """`date()`, and a date in the future of the build is an error."""
        resolved = self.date(text, where, phrase_article)
        if resolved is not _UNKNOWN_DATE:
            found = future(resolved, where, what, self.today)
            if found is not None:
                self.problems.append(found)
        return resolved

    def comparable(self, *dates: FuzzyDate) -> bool:
        """Whether dates can be set against each other: none is unreadable or already reported
        as being in the future (where every comparison would only repeat that mistake)."""
        return all(d is not _UNKNOWN_DATE and not is_future(d, self.today) for d in dates)

    def mentions(self, article_id: str, phrase: str) -> bool:
        return self.texts[article_id].mentions(phrase)

    # --- stages ----------------------------------------------------------------------------

    def link_entities(self) -> None:
        for entity in self.content.entities:
            if entity.affiliation is None:
                continue
            where = entity.where["affiliation"]
            if entity.affiliation == entity.id:
                self.fail(
                    "FD046",
                    where,
                    f"entity '{entity.id}' is affiliated with itself",
                    "name the organisation it belongs to, or remove affiliation",
                )
            else:
                self.entity(entity.affiliation, where, entity.status)

    def entity(self, ref: str, where: SourceLocation, referrer_status: str) -> None:
        """A reference to an entity; a published record cannot point at a draft one."""
        if self.known(ref, self.entities, "entity", where) and referrer_status == "published":
            self.not_draft(self.entities[ref].status, ref, "entity", where)

    def link_articles(self) -> None:
        for article in self.content.articles:
            self.published[article.id] = self.dated(
                article.published, article.where["published"], "the publication date", None
            )
            if self.published[article.id] is _UNKNOWN_DATE:
                del self.published[article.id]
            if article.retrieved is not None:
                self.dated(article.retrieved, article.where["retrieved"], "the date", None)
            if article.text.strip():
                language = article.language or (self.config.language if self.config else "en")
                self.texts[article.id] = (
                    self.cache.article_text(article.text, language)
                    if self.cache is not None
                    else index_article(article.text, language, self.kept)
                )
        self.comparable_published = {
            k: day for k, day in self.published.items() if self.comparable(day)
        }
        for article in self.content.articles:
            if ("article-text", article.id) in self.content.broken:
                continue  # no sentences to check against; the text_file error says why
            count = len(self.texts[article.id].sentences) if article.id in self.texts else 0
            groups: list[Background | Origin] = [*article.background, *article.origins]
            for group in groups:
                for number in group.sentences:
                    if not 1 <= number <= count:
                        self.fail(
                            "FD047",
                            group.where["sentences"],
                            f"article '{article.id}' has no sentence {number}",
                            f"its sentences are numbered 1 to {count}"
                            if count
                            else "the article has no text",
                        )
            for origin in article.origins:
                where = origin.where["article"]
                if origin.article == article.id:
                    self.fail(
                        "FD046",
                        where,
                        "an article cannot be its own origin",
                        "name the earlier report this text was taken from",
                    )
                else:
                    self.known(origin.article, self.article_records, "article", where)

    def link_verdict(self, claim: Claim, made: FuzzyDate) -> LinkedVerdict | None:
        verdict = claim.verdict
        if verdict is None:
            return None
        rating = self.ratings.get(verdict.rating)
        if rating is None and self.config is not None:
            self.fail(
                "FD048",
                verdict.where["rating"],
                f"unknown rating '{verdict.rating}'",
                did_you_mean(verdict.rating, self.ratings, listing="ratings on the scale"),
            )
        citer = Citer("evidence", claim.id)
        evidence = [self.evidence(item, citer) for item in verdict.evidence]
        figures = self.figures(verdict.figures, citer, claim.status)
        history = []
        for entry in verdict.history:
            previous = None
            if entry.previous_rating is not None:
                previous = self.ratings.get(entry.previous_rating)
                if previous is None:
                    self.fail(
                        "FD048",
                        entry.where["previous_rating"],
                        f"unknown rating '{entry.previous_rating}'",
                        did_you_mean(
                            entry.previous_rating, self.ratings, listing="ratings on the scale"
                        ),
                    )
            history.append(
                LinkedHistory(
                    entry,
                    self.dated(entry.date, entry.where["date"], "the correction's date", None),
                    previous,
                )
            )
        reviewed = self.dated(
            verdict.reviewed, verdict.where["reviewed"], "the verdict's date", None
        )
        if self.comparable(reviewed, made):
            self.problems.extend(
                reviewed_too_early(
                    reviewed,
                    verdict.where["reviewed"],
                    made,
                    [(h.date, h.record.where["date"]) for h in history if self.comparable(h.date)],
                )
            )
        if rating is None:
            return None
        return LinkedVerdict(
            rating,
            verdict.conclusion,
            verdict.explanation,
            verdict.reviewer,
            reviewed,
            tuple(evidence),
            tuple(sorted(history, key=lambda h: h.date.sort_key())),
            figures,
        )

    def evidence(self, item: Evidence, citer: Citer) -> LinkedEvidence:
        quote = None
        if item.article is not None and item.quote is not None:
            quote = self.quote(
                item.article, item.quote, item.where["quote"], citer, item.translation
            )
        date = (
            self.dated(item.date, item.where["date"], "the source's date", None)
            if item.date is not None
            else None
        )
        return LinkedEvidence(item, quote, date)

    def figures(
        self, figures: tuple[Figure, ...], citer: Citer, status: str
    ) -> tuple[LinkedFigure, ...]:
        linked = []
        for figure in figures:
            attributions = []
            for attribution in figure.attributions:
                self.entity(attribution.credited_to, attribution.where["credited_to"], status)
                attributions.append(
                    LinkedAttribution(attribution, self.evidence(attribution.source, citer))
                )
            linked.append(LinkedFigure(figure, tuple(attributions)))
        return tuple(linked)

    def made_on(
        self,
        what: str,
        text: str,
        where: Mapping[str, SourceLocation],
        date_article: str | None,
        citations: Sequence[Citation],
    ) -> FuzzyDate:
        """A claim's or event's date: a phrase is read against `date_article`, or the first
        article quoted; the date may not fall after an article that carries the record."""
        phrase_article = date_article or (citations[0].article if citations else None)
        if date_article is not None:
            self.known(date_article, self.article_records, "article", where["date_article"])
        date = self.dated(text, where["date"], f"the {what}'s date", phrase_article)
        if self.comparable(date):
            self.problems.extend(
                carried_before_made(
                    date,
                    where["date"],
                    [c.article for c in citations],
                    self.comparable_published,
                    what,
                )
            )
        return date

    def reused(
        self,
        kind: str,
        records: Sequence[Claim] | Sequence[Event],
        link: Callable[[Any], T | None],
        world: MadeFrom,
    ) -> dict[str, T | None]:
        """`link(record)` of each claim or event by id, or under serve what it gave last build:
        when the record is the same object (its file is unchanged) and so is everything linking
        reads besides (`world`: site.yml, entity ids, articles and their texts, the day; for an
        event also the claims and their status). Its problems and citations are replayed in
        order, so the result equals a fresh link's. When every record of the kind is the same
        object as last build and the world is too (a save of another kind, or of entities.yml
        that keeps the ids), the kind's whole result is last build's and only its problems and
        citations are replayed: the loop over every record took 0.4 s of a 50k-claim rename."""
        cache = self.cache
        if cache is None:
            return {record.id: link(record) for record in records}
        before = cache.links.get(kind, {})
        problems, cited = self.problems, self.citations
        run = cache.link_runs.get(kind)
        if run is not None and run.world is world and same_objects(run.records, records):
            cache.links_now[kind] = run.known
            problems.extend(run.problems)
            for article_id, number, citer in run.citations:
                cited[article_id][number].append(citer)
            return cast(dict[str, T | None], dict(run.linked))
        now = cache.links_now.setdefault(kind, {})
        start_all = len(problems)
        citations: list[tuple[str, int, Citer]] = []
        linked: dict[str, T | None] = {}
        for record in records:
            known = before.get(record.id)
            if known is not None and known[0] is record and known[1] is world:
                result = known[2]
                problems.extend(known[3])
                for article_id, number, citer in known[4]:
                    cited[article_id][number].append(citer)
            else:
                start = len(problems)
                result, recording = self.recorded(partial(link, record))
                self.touched.update(article_id for article_id, _, _ in recording)
                if known is not None:
                    self.touched.update(article_id for article_id, _, _ in known[4])
                known = (record, world, result, problems[start:], recording)
            now[record.id] = known
            linked[record.id] = result
            citations.extend(known[4])
        cache.link_runs[kind] = LinkRun(
            tuple(records), world, now, dict(linked), tuple(problems[start_all:]), tuple(citations)
        )
        return linked

    def recorded(self, link: Callable[[], R]) -> tuple[R, list[tuple[str, int, Citer]]]:
        """`link()`, and the citations it made, in order."""
        self._recording = []
        try:
            return link(), self._recording
        finally:
            self._recording = None

    def link_claim(self, claim: Claim) -> LinkedClaim | None:
        self.entity(claim.claimant, claim.where["claimant"], claim.status)
        citer = Citer("claim", claim.id)
        appearances = [self.citation(a, citer) for a in claim.appearances]
        date = self.made_on("claim", claim.date, claim.where, claim.date_article, claim.appearances)
        verdict = self.link_verdict(claim, date)
        found = [q for q in appearances if q is not None]
        if len(found) != len(appearances) or not found:
            return None
        first = next((q for q in found if q.first), None) or min(
            found,
            key=lambda q: (
                self.published[q.article].sort_key()
                if q.article in self.published
                else _UNKNOWN_DATE.sort_key(),
                q.article,
            ),
        )
        return LinkedClaim(claim, date, tuple(found), first, verdict, (), ())

    def link_event(self, event: Event) -> LinkedEvent | None:
        citer = Citer("event", event.id)
        sources = [self.citation(s, citer) for s in event.sources]
        for ref, where in zip(
            event.claims, _item_locations(event.where, "claims", event.claims), strict=True
        ):
            if self.known(ref, self.claim_records, "claim", where):
                self.not_draft(self.claim_records[ref].status, ref, "claim", where)
        for ref, where in zip(
            event.entities, _item_locations(event.where, "entities", event.entities), strict=True
        ):
            self.entity(ref, where, event.status)
        date = self.made_on("event", event.date, event.where, event.date_article, event.sources)
        confirmation = None
        if event.confirmed is not None:
            confirmed = event.confirmed
            confirmation = LinkedConfirmation(
                confirmed,
                self.dated(
                    confirmed.date, confirmed.where["date"], "the confirmation's date", None
                ),
                tuple(self.evidence(item, citer) for item in confirmed.evidence),
            )
        found = [q for q in sources if q is not None]
        if len(found) != len(sources) or not found:
            return None
        return LinkedEvent(event, date, tuple(found), (), (), confirmation)


def _item_locations(
    where: Mapping[str, SourceLocation], key: str, items: tuple[str, ...]
) -> list[SourceLocation]:
    # Items of a list of ids carry no record of their own; point at the list.
    return [where.get(key, SourceLocation(""))] * len(items)


def _contradictions(
    linker: _Linker, records: Sequence[Contradiction]
) -> dict[str, LinkedContradiction | None]:
    """Every contradiction linked (each is linked on every build: there are few). Under serve,
    the articles whose citations by a contradiction changed count as touched."""
    cache = linker.cache
    if cache is None:
        return {c.id: link_contradiction(linker, c) for c in records}
    linked, before, now = {}, cache.contradiction_citations, {}
    for contradiction in records:
        linked[contradiction.id], now[contradiction.id] = linker.recorded(
            partial(link_contradiction, linker, contradiction)
        )
    for contradiction_id in before.keys() | now.keys():
        old, new = before.get(contradiction_id, []), now.get(contradiction_id, [])
        if old != new:
            linker.touched.update(article_id for article_id, _, _ in (*old, *new))
    cache.contradiction_citations = now
    return linked


def link_contradiction(linker: _Linker, contradiction: Contradiction) -> LinkedContradiction | None:
    sides = []
    for side in contradiction.sides:
        if side.claim is not None:
            kind, ref = "claim", side.claim
            table: Mapping[str, Claim | Event] = linker.claim_records
        elif side.event is not None:
            kind, ref = "event", side.event
            table = linker.event_records
        else:
            continue  # reported by validate: a side must name a claim or an event
        where = side.where[kind]
        if not linker.known(ref, table, kind, where):
            continue
        linker.not_draft(table[ref].status, ref, kind, where)
        camp = " ".join(side.camp.split()) or side.label
        sides.append(LinkedSide(side.label, kind, ref, ref == contradiction.supported, camp))
    supported = next((s for s in sides if s.supported), None)
    if contradiction.status == "resolved" and supported is not None:
        check_supported_side(linker, contradiction, supported)
    figures = linker.figures(
        contradiction.figures, Citer("contradiction", contradiction.id), "published"
    )
    if len(sides) != len(contradiction.sides) or len(sides) < 2:
        return None
    return LinkedContradiction(contradiction, tuple(sides), figures, camps_of(sides))


def camps_of(sides: Sequence[LinkedSide]) -> tuple[LinkedCamp, ...]:
    """The sides grouped by the position they take, in the order each first appears."""
    grouped: dict[str, list[LinkedSide]] = {}
    for side in sides:
        grouped.setdefault(side.camp, []).append(side)
    return tuple(
        LinkedCamp(label, tuple(members), any(s.supported for s in members))
        for label, members in grouped.items()
    )


def check_supported_side(linker: _Linker, contradiction: Contradiction, side: LinkedSide) -> None:
    """A contradiction is resolved in favour of what the evidence stands behind: a claim whose
    verdict upholds it, or an event the desk has confirmed. Anything less would badge a side
    "supported by the evidence" on the strength of its own say-so."""
    where = contradiction.where["supported"]
    if side.kind == "event":
        if linker.event_records[side.ref].confirmed is None:
            linker.fail(
                "FD161",
                where,
                f"resolved in favour of event '{side.ref}', which the desk has not confirmed",
                f"add confirmed: (by, date, basis, evidence beyond its own sources) to event "
                f"'{side.ref}' once independent evidence bears it out, or set status: open",
            )
        return
    verdict = linker.claim_records[side.ref].verdict
    upholding = [r.label for r in linker.ratings.values() if r.id in linker.upholding]
    choices = ", ".join(upholding) if upholding else "none on this scale (see upholds:)"
    if verdict is None:
        linker.fail(
            "FD160",
            where,
            f"resolved in favour of claim '{side.ref}', which has no verdict yet",
            f"rate the claim first (ratings that uphold a claim: {choices}), or set status: open",
        )
    elif verdict.rating in linker.ratings and verdict.rating not in linker.upholding:
        rating = linker.ratings[verdict.rating]
        linker.fail(
            "FD160",
            where,
            f"resolved in favour of claim '{side.ref}', whose verdict ({rating.label}) does not "
            f"uphold it",
            f"a claim supports a resolution only when rated {choices}; otherwise set status: open",
        )


def check_background_cited(linker: _Linker) -> None:
    """A sentence is accounted for either by what cites it or as background, not both: the
    article page would show it cited and hide the reason it was set aside."""
    published = {
        "claim": {c.id for c in linker.content.claims if c.status == "published"},
        "event": {e.id for e in linker.content.events if e.status == "published"},
    }
    for article in linker.content.articles:
        cited = linker.citations.get(article.id, {})
        for group in article.background:
            for number in group.sentences:
                citers = [
                    c
                    for c in dict.fromkeys(cited.get(number, ()))
                    if c.kind == "contradiction"
                    or c.id in published["event" if c.kind == "event" else "claim"]
                ]
                if not citers:
                    continue
                named = ", ".join(f"{c.kind} '{c.id}'" for c in citers)
                linker.warn(
                    "FD166",
                    group.where["sentences"],
                    f"sentence {number} of article '{article.id}' is marked as background but "
                    f"is cited by {named}",
                    "a cited sentence is accounted for by what cites it: take it out of "
                    "background, or drop the citation",
                )


def _published_citations(
    cited: Mapping[int, list[Citer]],
    claims: Mapping[str, LinkedClaim],
    events: Mapping[str, LinkedEvent],
) -> dict[int, tuple[Citer, ...]]:
    """Citations by published claims and events only: a draft never shows on an article page
    and never counts towards coverage."""
    result = {}
    for number in sorted(cited):
        kept = tuple(
            citer
            for citer in dict.fromkeys(cited[number])
            if citer.kind == "contradiction"
            or citer.id in (events if citer.kind == "event" else claims)
        )
        if kept:
            result[number] = kept
    return result


# --- derived facts: each computed once, here, and read by every page and export ---------------


def _published(records: Mapping[str, T]) -> dict[str, T]:
    """Drafts are checked like everything else, but nothing of them reaches the site."""
    return {k: r for k, r in sorted(records.items()) if r.record.status == "published"}


class _References:
    """A linked claim or event with what other records say of it (its events, contradictions,
    the entities involved), made with `replace`; under serve the object the last build made,
    when the record and its references are the same. An edit changes the references of a
    few records, and making all 15,000 again was a fifth of assembling a 10k-claim site."""

    def __init__(self, cache: BuildCache | None) -> None:
        self.cache = cache
        self.before = cache.referenced if cache is not None else {}
        self.now: dict[str, dict[str, tuple[object, tuple[object, ...], object]]] = {}
        self.inputs: dict[str, MadeFrom] = {}

    def __call__(self, kind: str, record: T, **references: Any) -> T:
        if self.cache is None:
            # Most claims are in no event and no contradiction: linked with none already.
            if all(getattr(record, name) == value for name, value in references.items()):
                return record
            return replace(record, **references)
        values = tuple(references.values())
        found = self.before.get(kind, {}).get(record.id)
        if found is not None and found[0] is record and found[1] == values:
            result = cast(T, found[2])
        else:
            result = replace(record, **references)
        self.now.setdefault(kind, {})[record.id] = (record, values, result)
        return result

    def kept(self, kind: str, made_from: MadeFrom) -> dict[str, Any] | None:
        """Every record of `kind` with its references as the last build made them, when what
        they were made from is the same; None otherwise. At 50k claims the 25,000 events
        were walked on each save for the one whose references an edit can change."""
        if self.cache is None:
            return None
        before = self.cache.referenced_inputs.get(kind)
        self.inputs[kind] = made_from
        if before is None or kind not in self.before or not before.same(made_from):
            return None
        self.now[kind] = dict(self.before[kind])
        return {ref: made for ref, (_, _, made) in self.before[kind].items()}

    def done(self) -> None:
        # Both together: a build stopped before this keeps the last build's pair.
        if self.cache is not None:
            self.cache.referenced = self.now
            self.cache.referenced_inputs = self.inputs


def _contradictions_by_side(
    contradictions: Mapping[str, LinkedContradiction],
) -> dict[tuple[str, str], list[str]]:
    """(kind, id) of each claim and event -> the contradictions it is a side of, by id."""
    sides: dict[tuple[str, str], list[str]] = defaultdict(list)
    for contradiction_id in sorted(contradictions):
        for side in contradictions[contradiction_id].sides:
            if contradiction_id not in sides[side.kind, side.ref]:
                sides[side.kind, side.ref].append(contradiction_id)
    return sides


def _events_with_references(
    linker: _Linker,
    events: Mapping[str, LinkedEvent],
    sides: Mapping[tuple[str, str], list[str]],
    referenced: _References,
) -> dict[str, LinkedEvent]:
    """Each event with the entities involved (named, and the claimants of its claims) and the
    contradictions it is a side of."""
    claimants = {c.id: c.claimant for c in linker.content.claims}
    made_from = MadeFrom(
        tuple(events.values()),
        (tuple(events), claimants, {key: refs for key, refs in sides.items() if key[0] == "event"}),
    )
    kept = referenced.kept("event", made_from)
    if kept is not None:
        return kept
    linked = {}
    for event_id, event in events.items():
        involved = set(event.record.entities)
        involved.update(claimants[c] for c in event.record.claims)
        linked[event_id] = referenced(
            "event",
            event,
            entities=tuple(sorted(involved)),
            contradictions=tuple(sides.get(("event", event_id), ())),
        )
    return linked


def _claims_with_references(
    claims: Mapping[str, LinkedClaim],
    events: Mapping[str, LinkedEvent],
    sides: Mapping[tuple[str, str], list[str]],
    referenced: _References,
) -> dict[str, LinkedClaim]:
    """Each claim with its contradictions and the events that name it, by id; under serve the
    last build's, when the claims, the events and the claims' sides are the same (a person
    renamed: at 50k claims each was looked at again on every save)."""
    made_from = MadeFrom(
        (*claims.values(), *events.values()),
        (tuple(claims), {key: refs for key, refs in sides.items() if key[0] == "claim"}),
    )
    kept = referenced.kept("claim", made_from)
    if kept is not None:
        return kept
    claim_events: dict[str, list[str]] = defaultdict(list)
    for event_id, event in events.items():
        for claim_id in event.record.claims:
            claim_events[claim_id].append(event_id)
    return {
        claim_id: referenced(
            "claim",
            claim,
            contradictions=tuple(sides.get(("claim", claim_id), ())),
            events=tuple(claim_events.get(claim_id, ())),
        )
        for claim_id, claim in claims.items()
    }


def _tally(
    claim_ids: list[str], claims: Mapping[str, LinkedClaim], scale: tuple[Rating, ...]
) -> tuple[tuple[Rating, int], ...]:
    """Verdicts among `claim_ids` by rating, in the scale's order; ratings with none left out."""
    counts: dict[str, int] = defaultdict(int)
    for claim_id in claim_ids:
        verdict = claims[claim_id].verdict
        if verdict is not None:
            counts[verdict.rating.id] += 1
    return tuple((rating, counts[rating.id]) for rating in scale if counts[rating.id])


@dataclass(frozen=True, slots=True)
class _Own:
    """What each person or organisation is credited with, by entity id: their claims and the
    events naming them (in date order), their verdicts' tally, their claims under review."""

    claims: dict[str, tuple[str, ...]]
    events: dict[str, tuple[str, ...]]
    tallies: dict[str, tuple[tuple[Rating, int], ...]]
    under_review: dict[str, int]


def _own(
    cache: BuildCache | None,
    config: SiteConfig,
    claims: Mapping[str, LinkedClaim],
    events: Mapping[str, LinkedEvent],
) -> _Own:
    """Made from the claims and events only; under serve the last build's while they are the
    same objects, so renaming a person does not walk every claim and event again."""
    made_from = MadeFrom((*claims.values(), *events.values()), (config.rating_scale,))
    if cache is not None and cache.own is not None and cache.own[0].same(made_from):
        return cast(_Own, cache.own[1])
    own_claims: dict[str, list[str]] = defaultdict(list)
    for claim in claims.values():
        own_claims[claim.record.claimant].append(claim.id)
    own_events: dict[str, list[str]] = defaultdict(list)
    for event in events.values():
        for entity_id in event.entities:
            own_events[entity_id].append(event.id)
    own = _Own(
        {
            entity_id: tuple(sorted(ids, key=lambda c: (claims[c].date.sort_key(), c)))
            for entity_id, ids in own_claims.items()
        },
        {
            entity_id: tuple(sorted(ids, key=lambda e: (events[e].date.sort_key(), e)))
            for entity_id, ids in own_events.items()
        },
        {
            entity_id: _tally(ids, claims, config.rating_scale)
            for entity_id, ids in own_claims.items()
        },
        {
            entity_id: sum(1 for c in ids if claims[c].verdict is None)
            for entity_id, ids in own_claims.items()
        },
    )
    if cache is not None:
        cache.own = (made_from, own)
    return own


def _entities(
    linker: _Linker,
    config: SiteConfig,
    claims: Mapping[str, LinkedClaim],
    events: Mapping[str, LinkedEvent],
) -> dict[str, LinkedEntity]:
    """Published entities with their claims and events (in date order), members and tally."""
    published = sorted(
        (e for e in linker.content.entities if e.status == "published"), key=lambda e: e.id
    )
    own = _own(linker.cache, config, claims, events)
    members: dict[str, list[str]] = defaultdict(list)
    for entity in published:
        if entity.affiliation is not None:
            members[entity.affiliation].append(entity.id)
    return {
        entity.id: LinkedEntity(
            entity,
            own.claims.get(entity.id, ()),
            tuple(members.get(entity.id, ())),
            own.events.get(entity.id, ()),
            own.tallies.get(entity.id, ()),
            own.under_review.get(entity.id, 0),
        )
        for entity in published
    }


def _with_outlet_articles(
    entities: dict[str, LinkedEntity], articles: Mapping[str, LinkedArticle]
) -> dict[str, LinkedEntity]:
    """Each entity with the articles it published: an article's outlet names the entity by its
    name or one of its aliases (case and spacing aside). Newest first."""
    by_name: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.record.name, *entity.record.aliases):
            by_name.setdefault(" ".join(name.casefold().split()), entity.id)
    published: dict[str, list[str]] = defaultdict(list)
    for article in articles.values():
        entity_id = by_name.get(" ".join(article.record.outlet.casefold().split()))
        if entity_id is not None:
            published[entity_id].append(article.id)
    return {
        entity_id: replace(
            entity,
            articles=tuple(
                sorted(
                    published.get(entity_id, ()),
                    key=lambda a: (-articles[a].published.earliest.toordinal(), a),
                )
            ),
        )
        for entity_id, entity in entities.items()
    }


def _articles(
    linker: _Linker,
    claims: Mapping[str, LinkedClaim],
    events: Mapping[str, LinkedEvent],
    kept: Unchanged,
) -> dict[str, LinkedArticle]:
    """Published articles with their text, the published claims and events citing each
    sentence, background and origins by sentence, and the reports that took their sentences.
    Under serve an article nothing changed for is last build's (`reassembly.py`)."""
    if kept.site is not None and kept.articles:
        articles = {}
        for article in sorted(linker.content.articles, key=lambda a: a.id):
            if article.status == "published":
                articles[article.id] = kept.article(article.id) or _article(
                    linker, article, claims, events, kept.site.articles[article.id].reports_used_in
                )
        return articles
    reports_used_in: dict[str, list[str]] = defaultdict(list)
    for article in linker.content.articles:
        for origin in article.origins:
            if article.id not in reports_used_in[origin.article]:
                reports_used_in[origin.article].append(article.id)
    articles = {}
    for article in sorted(linker.content.articles, key=lambda a: a.id):
        if article.status != "published":
            continue
        articles[article.id] = _article(
            linker, article, claims, events, tuple(sorted(reports_used_in.get(article.id, ())))
        )
    return articles


def _article(
    linker: _Linker,
    article: Article,
    claims: Mapping[str, LinkedClaim],
    events: Mapping[str, LinkedEvent],
    reports_used_in: tuple[str, ...],
) -> LinkedArticle:
    return LinkedArticle(
        record=article,
        text=linker.texts.get(article.id),
        published=linker.published.get(article.id, _UNKNOWN_DATE),
        retrieved=(parse_date(article.retrieved) if article.retrieved else None),
        citations=_published_citations(linker.citations.get(article.id, {}), claims, events),
        background={n: b.reason for b in article.background for n in b.sentences},
        origins={n: o.article for o in article.origins for n in o.sentences},
        reports_used_in=reports_used_in,
    )


def _timeline(
    claims: Mapping[str, LinkedClaim], events: Mapping[str, LinkedEvent]
) -> tuple[TimelineEntry, ...]:
    """Events and claims by earliest possible day; see _KIND_ORDER for ties."""
    return tuple(
        sorted(
            [TimelineEntry("event", e.id, e.date) for e in events.values()]
            + [TimelineEntry("claim", c.id, c.date) for c in claims.values()],
            key=lambda t: (t.date.sort_key(), t.date.approximate, _KIND_ORDER[t.kind], t.id),
        )
    )


def _months(timeline: tuple[TimelineEntry, ...]) -> tuple[TimelineMonth, ...]:
    """The timeline grouped by month of the earliest day, then by the date as shown."""
    return tuple(
        TimelineMonth(
            year,
            month,
            tuple(
                TimelineDay(label, tuple(day))
                for label, day in groupby(entries, key=lambda t: t.date.display())
            ),
        )
        for (year, month), entries in groupby(
            timeline, key=lambda t: (t.date.earliest.year, t.date.earliest.month)
        )
    )


def _tags(claims: Mapping[str, LinkedClaim], events: Mapping[str, LinkedEvent]) -> tuple[str, ...]:
    # Case does not order tags, and the tag itself breaks a tie ("Palmyra", "palmyra"): a set
    # iterates in an order that changes with each process's hash seed.
    return tuple(
        sorted(
            {t for c in claims.values() for t in c.record.tags}
            | {t for e in events.values() for t in e.record.tags},
            key=lambda tag: (tag.lower(), tag),
        )
    )


def _by_name(entities: Mapping[str, LinkedEntity]) -> tuple[str, ...]:
    # Case does not order names: "de Mistura" sits among the D's.
    return tuple(sorted(entities, key=lambda e: (entities[e].record.name.lower(), e)))


def _latest_reviewed(claims: Mapping[str, LinkedClaim]) -> tuple[str, ...]:
    """Claims with a verdict, the most recently reviewed first; ties by id."""
    reviewed = [
        (c.verdict.reviewed.earliest.toordinal(), c.id)
        for c in claims.values()
        if c.verdict is not None
    ]
    return tuple(claim_id for _, claim_id in sorted(reviewed, key=lambda r: (-r[0], r[1])))


def _verdict_counts(
    claims: Mapping[str, LinkedClaim], scale: tuple[Rating, ...]
) -> tuple[tuple[Rating, int], ...]:
    """Claims by the rating of their verdict: every rating of the scale, in its order."""
    counts = Counter(c.verdict.rating.id for c in claims.values() if c.verdict is not None)
    return tuple((rating, counts[rating.id]) for rating in scale)


def _claims_by_rating(
    claims: Mapping[str, LinkedClaim], by_date: tuple[str, ...], scale: tuple[Rating, ...]
) -> tuple[tuple[Rating, tuple[str, ...]], ...]:
    """Claims with a verdict grouped by its rating, in the scale's order, each in date order."""
    rated: dict[str, list[str]] = defaultdict(list)
    for claim_id in by_date:
        verdict = claims[claim_id].verdict
        if verdict is not None:
            rated[verdict.rating.id].append(claim_id)
    return tuple((rating, tuple(rated.get(rating.id, ()))) for rating in scale)


def _assemble(
    linker: _Linker,
    config: SiteConfig,
    claims: dict[str, LinkedClaim],
    events: dict[str, LinkedEvent],
    contradictions: dict[str, LinkedContradiction],
    previous: Assembled | None = None,
) -> Site:
    """The linked site with every derived fact; under serve, those of the `previous` build
    that the edit left as they were."""
    sides = _contradictions_by_side(contradictions)
    referenced = _References(linker.cache)
    linked_events = _events_with_references(linker, _published(events), sides, referenced)
    linked_claims = _claims_with_references(_published(claims), linked_events, sides, referenced)
    referenced.done()
    inputs = Inputs(
        config,
        tuple(linker.content.entities),
        tuple(linker.content.articles),
        linker.texts,
        linker.published,
        linked_claims,
        linked_events,
    )
    kept = Unchanged.of(previous, inputs, linker.touched)
    before = kept.site
    articles = _articles(linker, linked_claims, linked_events, kept)
    if before is not None and kept.entities:
        entities, by_name = before.entities, before.entities_by_name
        timeline_entities = before.timeline_entities
    else:
        entities = _with_outlet_articles(
            _entities(linker, config, linked_claims, linked_events), articles
        )
        by_name = _by_name(entities)
        timeline_entities = tuple(e for e in by_name if entities[e].claims or entities[e].events)
    if before is not None and kept.dates:
        timeline, months = before.timeline, before.months
    else:
        timeline = _timeline(linked_claims, linked_events)
        months = _months(timeline)
    if before is not None and kept.claim_dates:
        claims_by_date = before.claims_by_date
    else:
        claims_by_date = tuple(
            sorted(linked_claims, key=lambda c: (linked_claims[c].date.earliest, c))
        )
    site = Site(
        config=config,
        ratings=dict(linker.ratings),
        entities=entities,
        articles=articles,
        claims=linked_claims,
        events=linked_events,
        contradictions=dict(sorted(contradictions.items())),
        timeline=timeline,
        months=months,
        tags=(
            before.tags if before is not None and kept.tags else _tags(linked_claims, linked_events)
        ),
        verdict_counts=(
            before.verdict_counts
            if before is not None and kept.verdicts
            else _verdict_counts(linked_claims, config.rating_scale)
        ),
        claims_by_date=claims_by_date,
        articles_by_date=(
            before.articles_by_date
            if before is not None and kept.articles
            else tuple(sorted(articles, key=lambda a: (articles[a].published.earliest, a)))
        ),
        entities_by_name=by_name,
        timeline_entities=timeline_entities,
        latest_reviewed=(
            before.latest_reviewed
            if before is not None and kept.verdicts
            else _latest_reviewed(linked_claims)
        ),
        all_citations=_all_citations(linker, before.all_citations if before else None, kept),
        under_review=(
            before.under_review
            if before is not None and kept.verdicts
            else tuple(c.id for c in linked_claims.values() if c.verdict is None)
        ),
        claims_by_rating=(
            before.claims_by_rating
            if before is not None and kept.verdicts and kept.claim_dates
            else _claims_by_rating(linked_claims, claims_by_date, config.rating_scale)
        ),
    )
    if linker.cache is not None:
        linker.cache.assembled = Assembled(inputs, site)
    return site


def _all_citations(
    linker: _Linker,
    before: dict[str, dict[int, tuple[Citer, ...]]] | None,
    kept: Unchanged,
) -> dict[str, dict[int, tuple[Citer, ...]]]:
    """Every citation by article; under serve an article no changed record cited keeps last
    build's."""
    result = {}
    for article_id, cited in sorted(linker.citations.items()):
        found = None
        if before is not None and article_id not in kept.touched:
            found = before.get(article_id)
        if found is None:
            found = {n: tuple(dict.fromkeys(cited[n])) for n in sorted(cited)}
        result[article_id] = found
    return result


def resolve(
    content: Content,
    cache: BuildCache | None = None,
    today: datetime.date | None = None,
    kept: KeptRecords | None = None,
) -> tuple[Site | None, list[Diagnostic]]:
    """`today` is the day of the build (dates after it are errors); by default the clock's.
    `kept`: a one-off build's last records, which keep its articles' sentences too."""
    previous = None
    if cache is not None:
        # Articles touched are counted from the last build's links: a build that assembles
        # nothing (a content error) leaves the next one nothing to reuse.
        previous, cache.assembled = cache.assembled, None
    linker = _Linker(content, cache, today, kept)
    linker.link_entities()
    linker.link_articles()
    # The world linking read last build, if it is the same now: a record linked then against
    # that world object is reused (`_Linker.reused` compares it by identity).
    world = linker.world
    if cache is not None:
        world = cache.link_worlds.get("claim", world)
        world = world if world.same(linker.world) else linker.world
    claims = linker.reused("claim", content.claims, linker.link_claim, world)
    # An event names claims: their ids and status are part of what linking it reads.
    event_world = MadeFrom(
        world.objects, (*world.values, tuple((c.id, c.status) for c in content.claims))
    )
    if cache is not None:
        before = cache.link_worlds.get("event", event_world)
        event_world = before if before.same(event_world) else event_world
        cache.link_worlds = {"claim": world, "event": event_world}
    events = linker.reused("event", content.events, linker.link_event, event_world)
    if cache is not None:
        for kind, linked_before in cache.links.items():
            now = cache.links_now.get(kind, {})
            for gone in linked_before.keys() - now.keys():
                linker.touched.update(article_id for article_id, _, _ in linked_before[gone][4])
        cache.links, cache.links_now = cache.links_now, {}
    contradictions = _contradictions(linker, content.contradictions)
    check_background_cited(linker)
    if kept is not None:
        kept.lookups_done()
    config = content.site
    if config is not None and config.site_url is None:
        with_verdict = next((c for c in content.claims if c.verdict is not None), None)
        if with_verdict is not None:
            linker.fail(
                "FD049",
                config.at,
                "site_url is required once a claim has a verdict",
                "ClaimReview needs each claim page's address; add site_url: "
                "https://example.org/ to site.yml",
            )
    # A record that could not be read leaves references dangling: no Site is assembled.
    if config is None or content.broken or any(p.is_error for p in linker.problems):
        return None, linker.problems
    site = _assemble(
        linker,
        config,
        {k: v for k, v in claims.items() if v is not None},
        {k: v for k, v in events.items() if v is not None},
        {k: v for k, v in contradictions.items() if v is not None},
        previous,
    )
    return site, linker.problems
