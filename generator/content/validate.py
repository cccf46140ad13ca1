"""Value checks on loaded records that the schema's types cannot express.

Takes `Content`; returns diagnostics: duplicate ids, a rating scale without ratings, rating
colours too light for their white labels, evidence that is neither an article quote nor an
external source, one-sided contradictions and ones that name a side twice, resolved
contradictions that name no side, an event confirmed on nothing beyond its own reports, figures
without a source or missing from the text they annotate, quotes too short to prove anything.
Reference and quote checks need the other records and the article texts, and whether a side may
be the supported one needs the ratings and the events, so they live in `resolve.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..incremental import same_objects
from .chronology import short_quote
from .diagnostics import Diagnostic, Positions, SourceLocation, error, warning
from .models import (
    Citation,
    Claim,
    Content,
    Contradiction,
    Event,
    Evidence,
    Figure,
    Repository,
    SiteConfig,
)

CLAIM_SHORT_LIMIT = 75
# WCAG 2.1 AA for normal text: the rating badges print their label in white on the colour.
LABEL_CONTRAST = 4.5


class _Identified(Protocol):
    # Properties, because the records are frozen: mypy reads their fields as read-only.
    @property
    def id(self) -> str: ...
    @property
    def at(self) -> SourceLocation: ...
    @property
    def where(self) -> Positions: ...


def _id_location(record: _Identified) -> SourceLocation:
    return record.where.get("id", record.at)


def duplicate_ids(records: Sequence[_Identified], what: str) -> list[Diagnostic]:
    first: dict[str, _Identified] = {}
    problems = []
    # A record whose id comes from its file name keeps it: the one that wrote `id:` out (a
    # copied file, usually) is the one reported, whatever the order of the file names.
    for record in sorted(records, key=lambda r: "id" in r.where):
        if record.id in first:
            other = first[record.id].at
            problems.append(
                error(
                    "FD030",
                    _id_location(record),
                    f"{what} id '{record.id}' is already used by {other}",
                    f"each {what} needs its own id; rename one",
                )
            )
        else:
            first[record.id] = record
    return problems


def check_site(site: SiteConfig) -> list[Diagnostic]:
    problems = duplicate_ids(site.rating_scale, "rating")
    if not site.rating_scale:
        problems.append(
            error(
                "FD031",
                site.where.get("rating_scale", site.at),
                "the rating scale is empty",
                "list the ratings best first, each with id, label, meaning, colour",
            )
        )
    elif not any(r.scored for r in site.rating_scale):
        problems.append(
            error(
                "FD031",
                site.where["rating_scale"],
                "no rating on the scale is scored",
                "set scored: false only on ratings outside the scale, e.g. unproven",
            )
        )
    for rating in site.rating_scale:
        ratio = contrast_with_white(rating.colour)
        if ratio < LABEL_CONTRAST:
            problems.append(
                warning(
                    "FD210",
                    rating.where.get("colour", rating.at),
                    f"rating '{rating.id}': white label text on {rating.colour} has a contrast "
                    f"of {ratio:.1f}:1, under the {LABEL_CONTRAST}:1 readers need (WCAG 2.1 AA)",
                    f'use a darker colour, e.g. "{darker_for_white(rating.colour)}" '
                    "(the same colour, darkened until it passes)",
                )
            )
    if site.repository is not None:
        problems.extend(check_repository(site.repository))
    if site.page_size < 1:
        problems.append(
            error(
                "FD220",
                site.where["page_size"],
                f"page_size must be at least 1, not {site.page_size}",
                "give the number of entries on one index page, e.g. page_size: 50 "
                "(or leave it out for 50)",
            )
        )
    return problems


# A folder inside the repository as a path, never leaving it, and a branch name that can stand
# in an address as it is.
_FOLDER = re.compile(r"^(?:[A-Za-z0-9._-]+/)*[A-Za-z0-9._-]*$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")


def check_repository(repository: Repository) -> list[Diagnostic]:
    """The parts of the source links' addresses: a folder that stays inside the repository and
    a branch name that needs no escaping."""
    problems = []
    folder = repository.folder.strip("/")
    if not _FOLDER.match(folder) or ".." in folder.split("/"):
        problems.append(
            error(
                "FD180",
                repository.where.get("folder", repository.at),
                f"repository folder {repository.folder!r} is not a folder inside the repository",
                "give the desk's folder relative to the repository's top, e.g. desks/harbour, "
                "with letters, digits, '.', '_', '-' and '/' only",
            )
        )
    if not _BRANCH.match(repository.branch):
        problems.append(
            error(
                "FD180",
                repository.where.get("branch", repository.at),
                f"repository branch {repository.branch!r} is not a branch name",
                "give the branch the site is published from, e.g. main",
            )
        )
    return problems


def _luminance(colour: str) -> float:
    """Relative luminance of "#rrggbb", as WCAG 2.1 defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def darker_for_white(colour: str) -> str:
    """`colour` scaled towards black in 5 % steps until white text on it passes."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(20, -1, -1):
        candidate = "#" + "".join(f"{round(c * step / 20):02x}" for c in channels)
        if contrast_with_white(candidate) >= LABEL_CONTRAST:
            return candidate
    return "#000000"


def check_evidence(evidence: Evidence) -> list[Diagnostic]:
    if evidence.translation is not None and evidence.quote is None:
        return [
            error(
                "FD141",
                evidence.where["translation"],
                "a translation needs the quote it translates",
                "give article: and quote: with the article's own words, or put the translated "
                "words in note",
            )
        ]
    if evidence.article is not None:
        if evidence.quote is None:
            return [
                error(
                    "FD032",
                    evidence.at,
                    "evidence from an article needs its quote",
                    "add quote: with the article's exact words",
                )
            ]
        extra = [
            k
            for k in ("title", "outlet", "url", "date", "archive_url")
            if getattr(evidence, k) is not None
        ]
        if extra:
            return [
                error(
                    "FD032",
                    evidence.where[extra[0]],
                    f"evidence gives both an article and an external '{extra[0]}'",
                    "split it into two pieces of evidence",
                )
            ]
        return []
    missing = [k for k in ("title", "url") if getattr(evidence, k) is None]
    if missing:
        return [
            error(
                "FD032",
                evidence.at,
                f"evidence needs either article and quote, or an external source with "
                f"title and url (missing: {', '.join(missing)})",
                "an external source has title, outlet, url, date and, if known, archive_url",
            )
        ]
    if evidence.quote is not None:
        return [
            error(
                "FD032",
                evidence.where["quote"],
                "a quote can only be checked against an article of this site",
                "record the source as an article, or put its words in note",
            )
        ]
    return []


# Spaces that editors and agencies put inside numbers ("1 098", thin and no-break spaces).
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


def mentions_figure(text: str, value: str) -> bool:
    """Whether `value` occurs in `text` as a whole figure: 526 is not found in 1,526 or 5260."""
    wanted = re.escape(_NUMBER_SPACES.sub(" ", value.strip()))
    pattern = rf"(?<![\d.,]){wanted}(?!\d|[.,]\d)"
    return re.search(pattern, _NUMBER_SPACES.sub(" ", text)) is not None


def check_figures(figures: Sequence[Figure], text: str, what: str) -> list[Diagnostic]:
    """Figures credited to organisations in a verdict or note: each needs a source, has to
    occur in the text it annotates, and says what the desk makes of it when sources disagree."""
    problems: list[Diagnostic] = []
    for figure in figures:
        if not figure.attributions:
            problems.append(
                error(
                    "FD163",
                    figure.where.get("attributions", figure.at),
                    f"figure '{figure.value}' has no attribution: no source says whose figure "
                    f"it is",
                    "add attributions: each with credited_to (an entity id) and source "
                    "(title, url and note, or article and quote)",
                )
            )
        if not mentions_figure(text, figure.value):
            problems.append(
                warning(
                    "FD164",
                    figure.where["value"],
                    f"figure '{figure.value}' does not occur in the {what}",
                    f"write the figure exactly as the {what} does (e.g. 1,098), or mention it "
                    f"there",
                )
            )
        credited = sorted({a.credited_to for a in figure.attributions})
        if len(credited) > 1 and not figure.note.strip():
            problems.append(
                warning(
                    "FD165",
                    figure.where["attributions"],
                    f"the sources credit figure '{figure.value}' to different organisations "
                    f"({', '.join(credited)}) and the figure has no note",
                    "add note: what the desk makes of the disagreement (whose count it is, "
                    "as far as the sources show)",
                )
            )
        for attribution in figure.attributions:
            problems.extend(check_evidence(attribution.source))
    return problems


def check_event(event: Event) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if not event.sources:
        problems.append(
            error(
                "FD033",
                event.where["sources"],
                "an event needs at least one source",
                "add the article and the verbatim quote that reports it",
            )
        )
    confirmed = event.confirmed
    if confirmed is None:
        return problems
    own = {source.article for source in event.sources}
    independent = [e for e in confirmed.evidence if e.article is None or e.article not in own]
    if not confirmed.evidence:
        problems.append(
            error(
                "FD162",
                confirmed.where.get("evidence", confirmed.at),
                f"event '{event.id}' is marked confirmed without evidence",
                "list under evidence: the sources beyond the event's own reports that bear it "
                "out, or remove confirmed:",
            )
        )
    elif not independent:
        problems.append(
            error(
                "FD162",
                confirmed.where["evidence"],
                f"event '{event.id}' is confirmed only by the reports it is sourced from",
                "a confirmation needs a source beyond the event's own sources: another article "
                "or an external source",
            )
        )
    for evidence in confirmed.evidence:
        problems.extend(check_evidence(evidence))
    return problems


def check_claim(claim: Claim) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if not claim.appearances:
        problems.append(
            error(
                "FD033",
                claim.where["appearances"],
                "a claim needs at least one appearance",
                "add the article and the verbatim quote where it was made",
            )
        )
    for appearance in claim.appearances:
        problems.extend(_short(appearance))
    firsts = [a for a in claim.appearances if a.first]
    for extra in firsts[1:]:
        problems.append(
            error(
                "FD034",
                extra.where["first"],
                "only one appearance can be marked first",
                f"the first one is marked at {firsts[0].where['first']}",
            )
        )
    shown = claim.claim_short or claim.claim
    # A draft's wording is still being worked on; the length matters once it is published.
    if len(shown) > CLAIM_SHORT_LIMIT and claim.status == "published":
        field = "claim_short" if claim.claim_short else "claim"
        problems.append(
            warning(
                "FD035",
                claim.where[field],
                f"{field} is {len(shown)} characters; ClaimReview recommends "
                f"at most about {CLAIM_SHORT_LIMIT}",
                "add claim_short: with a shorter wording for search engines"
                if field == "claim"
                else "shorten claim_short",
            )
        )
    # A claim without a verdict is under review: a state the site shows (and `factdesk check`
    # counts), not a mistake, so it is no warning (FD036 was one until a desk with 500 such
    # claims printed 1,000 lines on every build and could not publish with --strict).
    if claim.verdict is not None:
        if not claim.verdict.evidence:
            problems.append(
                warning(
                    "FD037",
                    claim.verdict.at,
                    "the verdict cites no evidence",
                    "add evidence: article quotes or external sources",
                )
            )
        for evidence in claim.verdict.evidence:
            problems.extend(check_evidence(evidence))
            problems.extend(_short(evidence))
        verdict = claim.verdict
        problems.extend(
            check_figures(
                verdict.figures, f"{verdict.conclusion}\n{verdict.explanation}", "verdict"
            )
        )
        for figure in verdict.figures:
            for attribution in figure.attributions:
                problems.extend(_short(attribution.source))
    return problems


def _short(citation: Citation | Evidence) -> list[Diagnostic]:
    if citation.quote is None:
        return []
    found = short_quote(citation.quote, citation.term, citation.where["quote"])
    return [found] if found is not None else []


def check_contradiction(contradiction: Contradiction) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if len(contradiction.sides) < 2:
        problems.append(
            error(
                "FD038",
                contradiction.where["sides"],
                f"a contradiction needs at least two sides, this one has "
                f"{len(contradiction.sides)}",
                "add the claim or event that conflicts with it",
            )
        )
    for side in contradiction.sides:
        if (side.claim is None) == (side.event is None):
            problems.append(
                error(
                    "FD039",
                    side.at,
                    "each side names exactly one claim or one event",
                    "give either claim: <id> or event: <id>",
                )
            )
    named: dict[tuple[str, str], int] = {}
    for number, side in enumerate(contradiction.sides, start=1):
        kind = "claim" if side.claim is not None else "event"
        if not side.ref or (side.claim is not None) == (side.event is not None):
            continue
        earlier = named.setdefault((kind, side.ref), number)
        if earlier != number:
            problems.append(
                error(
                    "FD126",
                    side.where[kind],
                    f"side {number} names {kind} '{side.ref}', which side {earlier} already names",
                    "a contradiction sets different claims or events against each other; "
                    "name the one that conflicts with it",
                )
            )
    refs = [s.ref for s in contradiction.sides]
    if contradiction.status == "resolved":
        if contradiction.supported is None:
            problems.append(
                error(
                    "FD040",
                    contradiction.where["status"],
                    "a resolved contradiction must name the side the evidence supports",
                    "add supported: with one of " + ", ".join(refs),
                )
            )
        elif contradiction.supported not in refs:
            problems.append(
                error(
                    "FD040",
                    contradiction.where["supported"],
                    f"supported '{contradiction.supported}' is not one of the sides",
                    "choose one of " + ", ".join(refs),
                )
            )
    elif contradiction.supported is not None:
        problems.append(
            error(
                "FD040",
                contradiction.where["supported"],
                "an open contradiction cannot name a supported side",
                "set status: resolved, or remove supported",
            )
        )
    problems.extend(
        check_figures(
            contradiction.figures,
            f"{contradiction.note}\n{contradiction.status_note}",
            "note",
        )
    )
    return problems


def _checked_event(event: Event) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for source in event.sources:
        problems.extend(_short(source))
    if event.confirmed is not None:
        for evidence in event.confirmed.evidence:
            problems.extend(_short(evidence))
    problems.extend(check_event(event))
    return problems


# A record's own problems, by the record's id(): (the record, its problems).
Checked = dict[int, tuple[object, list[Diagnostic]]]


@dataclass(frozen=True, slots=True)
class KindChecked:
    """One kind's checking in a build: its records in order, the ids used twice among them,
    each record's own problems (`Checked`) and all of those in order."""

    records: tuple[object, ...]
    duplicates: list[Diagnostic]
    checked: Checked
    own: list[Diagnostic]


def check_content(
    content: Content, known: dict[str, KindChecked] | None = None
) -> list[Diagnostic]:
    """Every problem of each record on its own and of the records together. `known` holds the
    last build's checking of each kind (serve), and is left with this build's: a kind whose
    records are all the same objects is not checked again, and in another a record loaded
    again as the same object is not (at 50k claims, asking for each record's took a tenth of a
    rename)."""
    problems: list[Diagnostic] = []
    if content.site is not None:
        problems.extend(check_site(content.site))
    groups: Iterable[tuple[Sequence[Any], str, Callable[[Any], list[Diagnostic]] | None]] = (
        (content.entities, "entity", None),
        (content.articles, "article", None),
        (content.claims, "claim", check_claim),
        (content.events, "event", _checked_event),
        (content.contradictions, "contradiction", check_contradiction),
    )
    kinds: list[KindChecked] = []
    for records, what, check in groups:
        before = known.get(what) if known is not None else None
        if before is None or not same_objects(before.records, records):
            before = _checked_kind(records, what, check, before)
        if known is not None:
            known[what] = before
        kinds.append(before)
    for kind in kinds:
        problems.extend(kind.duplicates)
    for kind in kinds:
        problems.extend(kind.own)
    return problems


def _checked_kind(
    records: Sequence[Any],
    what: str,
    check: Callable[[Any], list[Diagnostic]] | None,
    before: KindChecked | None,
) -> KindChecked:
    prior = before.checked if before is not None else {}
    checked: Checked = {}
    own: list[Diagnostic] = []
    if check is not None:
        for record in records:
            found = prior.get(id(record))
            if found is None or found[0] is not record:
                found = (record, check(record))
            checked[id(record)] = found
            own.extend(found[1])
    return KindChecked(tuple(records), duplicate_ids(records, what), checked, own)
