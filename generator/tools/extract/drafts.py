"""Findings -> draft files: one `status: draft` claim per statement with a named speaker, one
event per sentence with casualty figures, and entities.yml entries for the speakers they need.
Never a file that exists, never a sentence a claim (or, for events, an event) already quotes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ...content.chronology import MIN_QUOTE_WORDS, word_count
from ...content.linked import Citer
from ...content.load import CONTENT
from ..scaffold import (
    DRAFT_NOTE,
    FileWrite,
    NewEntity,
    Plan,
    entity_writes,
    render_skeleton,
    schema_line_target,
)
from .findings import Extraction, SentenceFindings


@dataclass(frozen=True, slots=True)
class Draft:
    kind: Literal["claim", "event"]
    id: str
    sentence: int
    path: str
    action: Literal["write", "exists", "cited"]
    reason: str = ""


def draft_ids(article_id: str, findings: SentenceFindings) -> list[tuple[str, str]]:
    """(kind, id) of the drafts a sentence gives: one claim per statement, one event."""
    ids: list[tuple[str, str]] = []
    number = findings.sentence.number
    drafted = [s for s in findings.statements if s.speaker.entity is not None]
    for position, _ in enumerate(drafted):
        suffix = "" if position == 0 else f"-{position + 1}"
        ids.append(("claim", f"{article_id}-s{number}{suffix}"))
    if findings.casualties:
        ids.append(("event", f"{article_id}-s{number}-event"))
    return ids


def cited_sentences(quoted: Mapping[int, tuple[Citer, ...]]) -> dict[str, dict[int, list[str]]]:
    """{"claim"/"event": {sentence: [ids]}} of an article's sentences already quoted, from the
    citations resolve found (`Site.all_citations`, drafts included)."""
    cited: dict[str, dict[int, list[str]]] = {"claim": {}, "event": {}}
    for number, citers in sorted(quoted.items()):
        for citer in citers:
            if citer.kind in cited:
                cited[citer.kind].setdefault(number, []).append(citer.id)
    return cited


def _date_notes(findings: SentenceFindings) -> list[str]:
    notes = []
    for phrase in findings.dates:
        if phrase.resolved is not None:
            reasoning = phrase.resolved.reasoning or f"'{phrase.words}' → {phrase.resolved.iso()}"
            notes.append(f"sentence {findings.sentence.number} dates: {reasoning}")
        else:
            notes.append(
                f"sentence {findings.sentence.number} has '{phrase.words}', not resolved: "
                f"{phrase.problem}"
            )
    return notes


@dataclass(frozen=True, slots=True)
class Drafts:
    plan: Plan
    drafts: tuple[Draft, ...]
    new_entities: tuple[NewEntity, ...]  # the proposals some draft in the plan needs
    cited: Mapping[str, Mapping[int, list[str]]]  # what already quotes each sentence


def plan_drafts(
    root: Path, extraction: Extraction, quoted: Mapping[int, tuple[Citer, ...]]
) -> Drafts:
    """The draft files for an extraction, never touching a file that exists or a sentence that
    a claim (for claims) or an event (for events) already quotes (`quoted`: the article's
    sentences with what cites them, drafts included)."""
    article = extraction.article
    cited = cited_sentences(quoted)
    writes: list[FileWrite] = []
    drafts: list[Draft] = []
    needed: set[str] = set()
    for findings in extraction.sentences:
        number = findings.sentence.number
        ids = iter(draft_ids(article.id, findings))
        drafted = [s for s in findings.statements if s.speaker.entity is not None]
        date_notes = _date_notes(findings)
        for statement in drafted:
            _, claim_id = next(ids)
            path = f"{CONTENT}/claims/{claim_id}.yml"
            draft = _draft("claim", claim_id, number, path, root, cited)
            drafts.append(draft)
            if draft.action != "write":
                continue
            assert statement.speaker.entity is not None
            needed.add(statement.speaker.entity)
            said = statement.date
            # A statement shorter than a quote must be ("Удары продолжатся, сообщает ТАСС")
            # is quoted with its whole sentence, so that the draft passes the check (FD127).
            quote = (
                statement.quote
                if word_count(statement.quote) >= MIN_QUOTE_WORDS
                else findings.sentence.text
            )
            writes.append(
                FileWrite(
                    path,
                    render_skeleton(
                        "claim",
                        schema=schema_line_target("claim"),
                        notes=[
                            f"Drafted by `factdesk extract` from {article.id}, sentence {number} "
                            f"({statement.kind}; speaker in the text: {statement.speaker.words}).",
                            "TODO: restate the claim as one sentence; check claimant and date.",
                            DRAFT_NOTE,
                        ],
                        claim=statement.quote,
                        claimant=statement.speaker.entity,
                        date=said.value if said else article.published,
                        date_notes=(
                            []
                            if said
                            else [
                                "TODO: when it was said; the article's publication date for now.",
                                *date_notes,
                            ]
                        ),
                        article=article.id,
                        quote=quote,
                        location=None,
                    ),
                )
            )
        if findings.casualties:
            _, event_id = next(ids)
            path = f"{CONTENT}/events/{event_id}.yml"
            draft = _draft("event", event_id, number, path, root, cited)
            drafts.append(draft)
            if draft.action == "write":
                entities = sorted({s.speaker.entity for s in drafted if s.speaker.entity})
                needed.update(entities)
                phrase = next((d for d in findings.dates if d.resolved is not None), None)
                figures = ", ".join(f"{c.count} {c.kind}" for c in findings.casualties)
                writes.append(
                    FileWrite(
                        path,
                        render_skeleton(
                            "event",
                            schema=schema_line_target("event"),
                            notes=[
                                f"Drafted by `factdesk extract` from {article.id}, sentence "
                                f"{number}: "
                                + "; ".join(
                                    f'{c.count} {c.kind} ("{c.words}")' for c in findings.casualties
                                ),
                                "TODO: write a title, trim the quote to what reports the event.",
                                DRAFT_NOTE,
                            ],
                            title=f"TODO: {figures}",
                            date=phrase.value if phrase else article.published,
                            date_notes=(
                                date_notes
                                if phrase
                                else [
                                    "TODO: when it happened; the article's publication date "
                                    "for now.",
                                    *date_notes,
                                ]
                            ),
                            article=article.id,
                            quote=findings.sentence.text,
                            entities=entities,
                        ),
                    )
                )
    new_entities = tuple(e for e in extraction.proposed if e.id in needed)
    plan = Plan(tuple(entity_writes(root, new_entities)) + tuple(writes))
    return Drafts(plan, tuple(drafts), new_entities, cited)


def _draft(
    kind: Literal["claim", "event"],
    record_id: str,
    number: int,
    path: str,
    root: Path,
    cited: Mapping[str, Mapping[int, list[str]]],
) -> Draft:
    if (root / path).exists():
        return Draft(kind, record_id, number, path, "exists", f"{path} exists; left alone")
    quoting = cited[kind].get(number)
    if quoting:
        return Draft(
            kind,
            record_id,
            number,
            path,
            "cited",
            f"sentence {number} is already quoted by {kind} " + ", ".join(sorted(set(quoting))),
        )
    return Draft(kind, record_id, number, path, "write")
