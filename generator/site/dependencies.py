"""Which content files each generated page shows: the basis of incremental rebuilds.

Takes the linked `Site`; answers, for a page, the set of content and seed files (paths relative
to the site root) whose change could change that page. An entity counts as a file of its own,
`entities.yml#<id>` (`entity_file`): every entity is in one file, and a page shows a few of
them, so an edit of one entity changes only the pages that show it (`entities_shown` is what is
compared). What every page shows (site.yml, the templates) is added by the caller. The home,
timeline, methodology and guide pages show the whole site and are always rendered, so they have
no entry; a page of an index or of a paged timeline shows the files of its rows
(`listing_files`, `entry_files`). Over-approximating is safe (a page renders once too often);
leaving a file out would serve a stale page, so each rule follows what the page's template
displays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..content.linked import (
    LinkedClaim,
    LinkedEvent,
    LinkedEvidence,
    LinkedFigure,
    Quote,
    Site,
    TimelineEntry,
)

ENTITIES_FILE = "content/entities.yml"


_ENTITY = f"{ENTITIES_FILE}#"


def entity_file(entity_id: str) -> str:
    """An entity's name among the files pages show: what any page naming it shows."""
    return f"{_ENTITY}{entity_id}"


def _entity_page_file(entity_id: str) -> str:
    # What only its own page shows: an affiliation's edit changes its organisation's list of
    # members, not every page naming the organisation.
    return f"{_ENTITY}{entity_id}:page"


def entities_shown(site: Site) -> dict[str, object]:
    """What an edit of entities.yml can change of each entity, by entity file: its record (its
    name, kind, affiliation...), and for its own page its members (whose affiliation it is)
    and the articles its names match as an outlet. Its claims and events come from their own
    files."""
    shown: dict[str, object] = {}
    for ref, entity in site.entities.items():
        shown[entity_file(ref)] = entity.record
        shown[_entity_page_file(ref)] = (entity.members, entity.articles)
    return shown


def _entity_files(site: Site, entity_id: str) -> set[str]:
    """An entity named beside a record: its name, and its affiliation's (ClaimReview names a
    person's organisation)."""
    files = {entity_file(entity_id)}
    entity = site.entities.get(entity_id)
    if entity is not None and entity.record.affiliation is not None:
        files.add(entity_file(entity.record.affiliation))
    return files


def _article_files(site: Site, article_id: str) -> set[str]:
    article = site.articles.get(article_id)
    if article is None:
        return set()
    files = {article.record.at.path}
    if article.record.text_file:
        files.add(article.record.text_file)
    return files


def _quote_files(site: Site, quote: Quote) -> set[str]:
    files = _article_files(site, quote.article)
    for origin in quote.origins:
        files |= _article_files(site, origin)
    return files


def _evidence_files(site: Site, evidence: Iterable[LinkedEvidence]) -> set[str]:
    files: set[str] = set()
    for item in evidence:
        if item.quote is not None:
            files |= _quote_files(site, item.quote)
    return files


def _figure_files(site: Site, figures: Iterable[LinkedFigure]) -> set[str]:
    attributions = [a for figure in figures for a in figure.attributions]
    files = _evidence_files(site, (a.source for a in attributions))
    for attribution in attributions:
        files |= _entity_files(site, attribution.record.credited_to)
    return files


def claim_files(site: Site, claim: LinkedClaim) -> set[str]:
    """A claim as shown anywhere: its file, its claimant, and the articles its quotes and date
    come from."""
    files = {claim.record.at.path} | _entity_files(site, claim.record.claimant)
    for quote in claim.appearances:
        files |= _quote_files(site, quote)
    if claim.record.date_article:
        files |= _article_files(site, claim.record.date_article)
    if claim.verdict is not None:
        files |= _evidence_files(site, claim.verdict.evidence)
        files |= _figure_files(site, claim.verdict.figures)
    return files


def event_files(site: Site, event: LinkedEvent) -> set[str]:
    files = {event.record.at.path}
    for quote in event.sources:
        files |= _quote_files(site, quote)
    if event.record.date_article:
        files |= _article_files(site, event.record.date_article)
    for claim_id in event.record.claims:
        files.add(site.claims[claim_id].record.at.path)
    if event.confirmation is not None:
        files |= _evidence_files(site, event.confirmation.evidence)
    return files


def _side_files(
    site: Site, contradiction_id: str, known: dict[str, set[str]] | None = None
) -> set[str]:
    contradiction = site.contradictions[contradiction_id]
    files = {contradiction.record.at.path} | _figure_files(site, contradiction.figures)
    for side in contradiction.sides:
        if side.kind == "claim":
            files |= _known_claim_files(site, side.ref, known)
        else:
            files |= event_files(site, site.events[side.ref])
    return files


def _citation_files(site: Site, article_id: str) -> set[str]:
    """An article and the files of the records that cite its sentences."""
    files = _article_files(site, article_id)
    for citers in site.articles[article_id].citations.values():
        for citer in citers:
            if citer.kind == "contradiction":
                files.add(site.contradictions[citer.id].record.at.path)
            elif citer.kind == "event":
                files.add(site.events[citer.id].record.at.path)
            else:
                files.add(site.claims[citer.id].record.at.path)
    return files


def record_files(site: Site, kind: str, ref: str) -> set[str]:
    """The files one record comes from as a row, a search result or a data file's item shows
    it: its own file and those of the articles it quotes (a contradiction, its sides' too); an
    entity's is its part of entities.yml."""
    if kind == "claim":
        return claim_files(site, site.claims[ref])
    if kind == "event":
        return event_files(site, site.events[ref])
    if kind == "contradiction":
        return _side_files(site, ref)
    if kind == "article":
        return _article_files(site, ref)
    if kind == "entity":
        return {entity_file(ref)}
    return set()


class RecordFiles:
    """`record_files` of one site, each record's worked out once: the data files show a claim
    five times, and a one-off build keys each of those parts by its files (site/kept_parts.py).
    `known`: the files of claims found before in the same build (see `listing_files`)."""

    def __init__(self, site: Site, known: dict[str, set[str]] | None = None) -> None:
        self._site = site
        self._known = known
        self._found: dict[tuple[str, str], frozenset[str]] = {}

    def __call__(self, kind: str, ref: str) -> frozenset[str]:
        found = self._found.get((kind, ref))
        if found is None:
            if kind == "claim":
                files = _known_claim_files(self._site, ref, self._known)
            else:
                files = record_files(self._site, kind, ref)
            found = self._found[kind, ref] = frozenset(files)
        return found


def page_files(
    site: Site, kind: str, ref: str, known: dict[str, set[str]] | None = None
) -> set[str] | None:
    """Files shown by the page of `kind` for `ref`; None: a page rendered every time. `known`:
    the files of claims found before in the same build (see `listing_files`)."""
    if kind == "claim":
        claim = site.claims[ref]
        files = set(_known_claim_files(site, ref, known))
        for contradiction_id in claim.contradictions:
            # Listed by their sides' words and verdicts, not by who said them.
            sides = _side_files(site, contradiction_id, known)
            files |= {f for f in sides if not f.startswith(_ENTITY)}
        for event_id in claim.events:
            files |= event_files(site, site.events[event_id])
        return files
    if kind == "contradiction":
        return _side_files(site, ref, known)
    if kind == "article":
        article = site.articles[ref]
        files = _citation_files(site, ref)
        for other in (*article.origins.values(), *article.reports_used_in):
            files |= _article_files(site, other)
        return files
    if kind == "entity":
        entity = site.entities[ref]
        files = _entity_files(site, ref) | {_entity_page_file(ref)}
        for member in entity.members:
            files.add(entity_file(member))
        # The articles it published: their titles, dates and how many sentences are cited.
        for article_id in entity.articles:
            files |= _citation_files(site, article_id)
        for claim_id in entity.claims:
            files |= _known_claim_files(site, claim_id, known)
        for event_id in entity.events:
            files |= event_files(site, site.events[event_id])
        return files
    if kind == "asset":
        return set()
    return None


def entry_files(
    site: Site, entries: Iterable[TimelineEntry], known: dict[str, set[str]] | None = None
) -> set[str]:
    """The files a timeline page shows for its entries (a page of a paged timeline holds one
    month, or part of one; which entries it holds is compared by the caller). `known`: the
    files of claims found before in the same build (see `listing_files`)."""
    files: set[str] = set()
    for entry in entries:
        files |= timeline_entry_files(site, entry.kind, entry.id, known)
    return files


def timeline_entry_files(
    site: Site, kind: str, ref: str, known: dict[str, set[str]] | None = None
) -> set[str]:
    """The files one timeline entry (an event or a claim) shows, or a claim's row in a list of
    claims (not to be changed: with `known`, a claim's set is the one kept there)."""
    if kind == "event":
        event = site.events[ref]
        # Its filters name the entities it involves.
        return event_files(site, event) | {entity_file(e) for e in event.entities}
    return _known_claim_files(site, ref, known)


def listing_files(
    site: Site, listing: str, ids: Iterable[str], known: dict[str, set[str]] | None = None
) -> set[str]:
    """The files the rows of an index page show: each record's row (its title, date and
    verdict; an article's cited sentences; an entity's claims and their verdicts; a
    contradiction's sides). Which rows a page holds is compared by the caller. `known`: the
    files of claims found before in the same build, as each claim is listed several times."""
    files: set[str] = set()
    for ref in ids:
        if listing == "articles":
            files |= _citation_files(site, ref)
        elif listing == "entities":
            files.add(entity_file(ref))
            for claim_id in site.entities[ref].claims:
                files |= _known_claim_files(site, claim_id, known)
        elif listing == "contradictions":
            files |= _side_files(site, ref, known)
        else:  # every claim, a verdict's claims, those under review
            files |= _known_claim_files(site, ref, known)
    return files


def _known_claim_files(site: Site, claim_id: str, known: dict[str, set[str]] | None) -> set[str]:
    if known is None:
        return claim_files(site, site.claims[claim_id])
    found = known.get(claim_id)
    if found is None:
        found = known[claim_id] = claim_files(site, site.claims[claim_id])
    return found


def records_in(site: Site, files: frozenset[str]) -> list[tuple[str, str]]:
    """(kind, id) of every published record read from one of `files` (an article also from
    its text file, an entity from its part of entities.yml)."""
    found = [("entity", ref) for ref in site.entities if entity_file(ref) in files]
    for kind, records in (
        ("claim", site.claims),
        ("event", site.events),
        ("contradiction", site.contradictions),
        ("article", site.articles),
    ):
        for ref, linked in records.items():
            record = linked.record
            if record.at.path in files or getattr(record, "text_file", None) in files:
                found.append((kind, ref))
    return found


def _evidence_refs(evidence: Iterable[LinkedEvidence]) -> set[tuple[str, str]]:
    return {("article", e.quote.article) for e in evidence if e.quote is not None}


def _figure_refs(figures: Iterable[LinkedFigure]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for figure in figures:
        for attribution in figure.attributions:
            found.add(("entity", attribution.record.credited_to))
            found |= _evidence_refs([attribution.source])
    return found


def outlets(site: Site) -> dict[str, str]:
    """The entity each article's outlet names, by article id (articles whose outlet names no
    entity are left out)."""
    return {a: entity.id for entity in site.entities.values() for a in entity.articles}


def references(
    site: Site, kind: str, ref: str, outlet_of: Mapping[str, str] | None = None
) -> set[tuple[str, str]]:
    """The records a record names in its own file. Their pages list it (an entity its claims,
    an article what cites it, a claim its contradictions and events), so when the record
    changes, so may those pages, even if they did not show it before. An article named brings
    its outlet's entity, whose page counts the article's cited sentences. Pass `outlets(site)`
    as `outlet_of` when asking about many records."""
    found = _named(site, kind, ref)
    if outlet_of is None:
        outlet_of = outlets(site)
    for named_kind, named in list(found):
        if named_kind == "article" and named in outlet_of:
            found.add(("entity", outlet_of[named]))
    return found


def _named(site: Site, kind: str, ref: str) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    if kind == "claim":
        claim = site.claims[ref]
        found.add(("entity", claim.record.claimant))
        found |= {("article", q.article) for q in claim.appearances}
        if claim.record.date_article:
            found.add(("article", claim.record.date_article))
        if claim.verdict is not None:
            found |= _evidence_refs(claim.verdict.evidence) | _figure_refs(claim.verdict.figures)
    elif kind == "event":
        event = site.events[ref]
        found |= {("claim", c) for c in event.record.claims}
        found |= {("entity", e) for e in event.entities}
        found |= {("article", q.article) for q in event.sources}
        if event.record.date_article:
            found.add(("article", event.record.date_article))
        if event.confirmation is not None:
            found |= _evidence_refs(event.confirmation.evidence)
    elif kind == "contradiction":
        contradiction = site.contradictions[ref]
        found |= {(s.kind, s.ref) for s in contradiction.sides}
        found |= _figure_refs(contradiction.figures)
    elif kind == "article":
        found |= {("article", other) for other in site.articles[ref].origins.values()}
        found.add(("article", ref))  # its outlet may now name an entity
    return found
