"""The editor's summary of an extraction, as lines for the terminal or JSON for tools."""

from __future__ import annotations

from ...content.languages import language_name
from ...content.phrases import GRAMMARS, base_language, supported_languages
from ..scaffold import ENTITIES_FILE
from .drafts import Draft, Drafts
from .findings import PROPOSED_MARK, Extraction
from .quotations import speech_for, speech_languages


def reads(language: str) -> dict[str, bool]:
    """What extract reads in an article of `language`: statements and their speakers, date
    phrases, casualty figures (English only)."""
    return {
        "statements": speech_for(language) is not None,
        "dates": base_language(language) in GRAMMARS,
        "casualties": base_language(language) == "en",
    }


def languages_lines(language: str) -> list[str]:
    """Which languages extract reads, and what it could not read in this article: said
    plainly, so an empty report is never taken for an article with nothing in it."""
    lines = [
        f"extract reads statements and speakers in {speech_languages()}, date phrases in "
        f"{supported_languages()}, casualty figures in English"
    ]
    left = [what for what, read in reads(language).items() if not read]
    if left:
        kinds = {"statements": "statements and speakers", "dates": "date phrases",
                 "casualties": "casualty figures"}  # fmt: skip
        missed = " or ".join(kinds[what] for what in left)
        lines.append(
            f"this article is in {language_name(language)}: extract did not look for its {missed}"
        )
    return lines


def _draft_line(draft: Draft, written: set[str], dry_run: bool) -> str:
    if draft.action == "write":
        if draft.path in written:
            return f"wrote {draft.path}"
        return f"would write {draft.path}" if dry_run else f"not written: {draft.path}"
    return f"left alone: {draft.reason}"


def report_lines(
    extraction: Extraction, planned: Drafts, written: set[str], *, dry_run: bool = False
) -> list[str]:
    """The editor's summary: each sentence with findings, then what was written."""
    article = extraction.article
    drafts = planned.drafts
    published = extraction.published.iso() if extraction.published else "unreadable"
    lines = [
        f"{article.at.path or article.id}: {len(extraction.sentences)} sentences, "
        f"published {published}, in {language_name(extraction.language)}",
        *languages_lines(extraction.language),
    ]
    by_sentence: dict[int, list[Draft]] = {}
    for draft in drafts:
        by_sentence.setdefault(draft.sentence, []).append(draft)
    unattributed = 0
    for findings in extraction.sentences:
        if findings.empty:
            continue
        number = findings.sentence.number
        lines.append(f"S{number}")
        for statement in findings.statements:
            excerpt = (
                statement.quote if len(statement.quote) <= 70 else statement.quote[:67] + "..."
            )
            lines.append(f'  {statement.kind}: "{excerpt}"')
            lines.append(f"    speaker: {statement.speaker.describe()}")
            if statement.speaker.entity is not None:
                continue
            quoting = planned.cited["claim"].get(number)
            if quoting:
                lines.append(f"    already quoted by claim {', '.join(sorted(set(quoting)))}")
            else:
                unattributed += 1
                lines.append(
                    "    no draft: name the speaker, then "
                    f"`factdesk new claim ID --claimant ENTITY --article {article.id} "
                    '--quote "..."`'
                )
        for phrase in findings.dates:
            if phrase.resolved is not None:
                lines.append(f"  date: {phrase.resolved.reasoning or phrase.resolved.iso()}")
            else:
                lines.append(f"  date: '{phrase.words}' not resolved: {phrase.problem}")
        for figure in findings.casualties:
            lines.append(f'  {figure.kind}: {figure.count} ("{figure.words}")')
        for draft in by_sentence.get(number, []):
            lines.append(f"  {_draft_line(draft, written, dry_run)}")
    added = {e.id for e in planned.new_entities} if ENTITIES_FILE in written else set()
    if extraction.proposed:
        lines.append(f'speakers not among the entities (added ones are marked "{PROPOSED_MARK}"):')
        for entity in extraction.proposed:
            if entity.id in added:
                state = f"added to {ENTITIES_FILE}"
            elif dry_run and entity in planned.new_entities:
                state = f"would be added to {ENTITIES_FILE}"
            else:
                state = "not added: no draft written needs it"
            lines.append(f"  {entity.id} ({entity.name}, {entity.kind}): {state}")
    claims = sum(1 for d in drafts if d.kind == "claim" and d.path in written)
    events = sum(1 for d in drafts if d.kind == "event" and d.path in written)
    lines.append(
        f"{claims} draft claim(s) and {events} draft event(s) written; "
        f"{unattributed} statement(s) with no named speaker and no claim yet"
    )
    return lines


def report_json(extraction: Extraction, planned: Drafts, written: set[str]) -> dict[str, object]:
    """The same findings for tools: one entry per statement, date phrase and figure."""
    drafts = planned.drafts
    added = {e.id for e in planned.new_entities} if ENTITIES_FILE in written else set()
    sentences = []
    for findings in extraction.sentences:
        if findings.empty:
            continue
        number = findings.sentence.number
        sentences.append(
            {
                "sentence": number,
                "text": findings.sentence.text,
                "statements": [
                    {
                        "kind": s.kind,
                        "quote": s.quote,
                        "speaker": s.speaker.words,
                        "speaker_status": s.speaker.status,
                        "entity": s.speaker.entity,
                        "name": s.speaker.name,
                        "said_on": s.date.value if s.date else None,
                    }
                    for s in findings.statements
                ],
                "dates": [
                    {
                        "phrase": d.words,
                        "date": d.resolved.iso() if d.resolved else None,
                        "reasoning": d.resolved.reasoning if d.resolved else "",
                        "problem": d.problem,
                    }
                    for d in findings.dates
                ],
                "casualties": [
                    {"kind": c.kind, "count": c.count, "words": c.words}
                    for c in findings.casualties
                ],
                "drafts": [
                    {
                        "kind": d.kind,
                        "id": d.id,
                        "path": d.path,
                        "action": d.action,
                        "written": d.path in written,
                        "reason": d.reason,
                    }
                    for d in drafts
                    if d.sentence == number
                ],
            }
        )
    return {
        "article": extraction.article.id,
        "language": extraction.language,
        "read": reads(extraction.language),
        "published": extraction.published.iso() if extraction.published else None,
        "sentences": sentences,
        "proposed_entities": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind,
                "aliases": list(e.aliases),
                "added": e.id in added,
            }
            for e in extraction.proposed
        ],
        "written": sorted(written),
    }
