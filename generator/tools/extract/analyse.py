"""One article -> an `Extraction`: for each sentence (numbered as the article's page numbers
them) its statements with their speakers, its date phrases resolved against the publication
date, and its casualty figures. Each stage has its module: quotations, speakers, figures; every
date is read by `content.dates`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ...content.dates import (
    DateError,
    FuzzyDate,
    find_phrases,
    parse_date,
    resolve_phrase,
    spelled_out,
)
from ...content.models import Article, Content
from ...content.text import Sentence, index_article
from .figures import casualties
from .findings import Casualties, DatePhrase, Extraction, SentenceFindings, Statement
from .quotations import (
    DATE_MARK,
    ENGLISH_SPEECH,
    MIN_QUOTE_WORDS,
    PRONOUNS,
    TRAILING_WORDS,
    Attribution,
    Quotation,
    Speech,
    attributions,
    quotations,
    sentence_frame,
    speech_for,
    statement_text,
    word_count,
)
from .speakers import resolve_speakers


def date_phrases(
    sentence: str, published: FuzzyDate | None, language: str = "en"
) -> tuple[DatePhrase, ...]:
    """The sentence's date phrases in `language`, each resolved by `content.dates` (or why it
    is not)."""
    found = []
    for words in find_phrases(sentence, language):
        try:
            explicit = spelled_out(words, language)
            if explicit is not None:
                # "September 30, 2015" names its year: an explicit date, nothing to resolve.
                found.append(DatePhrase(words, explicit.iso(), explicit))
            elif published is None:
                found.append(
                    DatePhrase(words, words, None, "the article has no usable published date")
                )
            else:
                found.append(DatePhrase(words, words, resolve_phrase(words, published, language)))
        except DateError as exc:
            found.append(DatePhrase(words, words, None, exc.message))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _RawStatement:
    sentence: int
    kind: Literal["quote", "reported"]
    quote: str
    words: str  # the speaker as the sentence gives them, "" for none
    date: DatePhrase | None


def _sentence_statements(
    sentence: Sentence, dates: Sequence[DatePhrase], speech: Speech | None
) -> list[_RawStatement]:
    if speech is None:
        return []  # a language factdesk does not read statements in: the report says so
    text = sentence.text
    quoted = quotations(text)
    frame = _without_dates(sentence_frame(text, quoted), dates)
    found = attributions(frame, headline=sentence.number == 1, speech=speech)
    statements = []
    for quotation in quoted:
        chosen = _attribution_for(quotation, found, frame)
        statements.append(
            _RawStatement(
                sentence.number,
                "quote",
                text[quotation.start : quotation.end],
                chosen.speaker if chosen else "",
                _said_on(text, chosen, dates) if chosen else None,
            )
        )
    if quoted or not found:
        return statements
    # Reported speech: the first attribution that names someone, else the first one.
    chosen = next((a for a in found if a.speaker.lower() not in PRONOUNS), found[0])
    span = statement_text(frame, chosen, speech)
    if span is None:
        return statements
    words = text[span[0] : span[1]].strip(" ,")
    if word_count(words) < MIN_QUOTE_WORDS:
        return statements
    statements.append(
        _RawStatement(
            sentence.number, "reported", words, chosen.speaker, _said_on(text, chosen, dates)
        )
    )
    return statements


def _without_dates(frame: str, dates: Sequence[DatePhrase]) -> str:
    """The frame with the sentence's date phrases marked out (DATE_MARK), offsets unchanged:
    "— заявил во вторник официальный представитель ..." names its speaker after the date, "on
    Tuesday" is never part of a speaker's name, and "заявил во вторник, что ..." reports what
    follows "что", not the date."""
    for phrase in dates:
        at = frame.find(phrase.words)
        if at >= 0:
            frame = frame[:at] + DATE_MARK * len(phrase.words) + frame[at + len(phrase.words) :]
    return frame


def _attribution_for(
    quotation: Quotation, found: Sequence[Attribution], frame: str
) -> Attribution | None:
    after = [
        a
        for a in found
        if a.at >= quotation.outer_end
        and "\x00" not in frame[quotation.outer_end : a.at]
        and len(frame[quotation.outer_end : a.at].split()) <= TRAILING_WORDS
    ]
    if after:
        return after[0]
    before = [a for a in found if a.end <= quotation.outer_start]
    if before:
        return before[-1]
    return None


def _said_on(
    text: str, attribution: Attribution | None, dates: Sequence[DatePhrase]
) -> DatePhrase | None:
    """A date phrase right after the attribution verb ("the spokesman said on Tuesday")."""
    if attribution is None or attribution.form in ("headline", "according"):
        return None
    # Right after the verb ("said on Tuesday", "заявил во вторник"), or right after a speaker
    # who follows it ("said Igor Konashenkov on Tuesday").
    places = [attribution.end]
    if attribution.form == "after":
        places.append(attribution.speaker_start + len(attribution.speaker))
    for after in places:
        tail = text[after : after + 40].lstrip(" ,")
        for phrase in dates:
            if phrase.resolved is not None and tail.startswith(phrase.words):
                return phrase
    return None


def analyse(article: Article, content: Content) -> Extraction:
    """Every sentence's statements, date phrases and casualty figures, speakers matched."""
    language = article.language or (content.site.language if content.site else "en")
    speech = speech_for(language)
    text = index_article(article.text, language)
    try:
        published: FuzzyDate | None = parse_date(article.published)
    except DateError:
        published = None
    raw: list[tuple[Sentence, list[_RawStatement], tuple[DatePhrase, ...], tuple[Casualties, ...]]]
    raw = []
    for sentence in text.sentences:
        dates = date_phrases(sentence.text, published, language)
        raw.append(
            (
                sentence,
                _sentence_statements(sentence, dates, speech),
                dates,
                casualties(sentence.text) if speech is ENGLISH_SPEECH else (),
            )
        )
    speakers, proposed = resolve_speakers(
        article.id,
        [(s.sentence, s.words) for _, statements, _, _ in raw for s in statements],
        content,
    )
    findings = []
    for sentence, statements, dates, figures in raw:
        findings.append(
            SentenceFindings(
                sentence,
                tuple(
                    Statement(s.sentence, s.kind, s.quote, speakers[(s.sentence, s.words)], s.date)
                    for s in statements
                ),
                dates,
                figures,
            )
        )
    return Extraction(article, published, tuple(findings), tuple(proposed), language)
