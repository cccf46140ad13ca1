"""What `factdesk extract` finds in an article, sentence by sentence: the records every stage
of the extraction fills in and the drafts and reports read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...content.dates import FuzzyDate
from ...content.models import Article
from ...content.text import Sentence
from ..scaffold import NewEntity

SpeakerStatus = Literal["entity", "proposed", "pronoun", "unnamed", "none"]
PROPOSED_MARK = "proposed by factdesk extract; check me"


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A date phrase as the sentence words it, and what it resolves to (or why it does not)."""

    words: str
    value: str  # what a `date:` field gets: the words, or an explicit date they spell out
    resolved: FuzzyDate | None
    problem: str = ""


@dataclass(frozen=True, slots=True)
class Casualties:
    kind: Literal["killed", "wounded", "struck"]
    count: int
    words: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a statement is attributed to; `words` as the sentence gives them."""

    words: str
    status: SpeakerStatus
    entity: str | None = None  # a known or proposed entity id
    name: str = ""  # the proper name found in `words`, if any

    def describe(self) -> str:
        if self.status == "entity":
            return f"{self.words} -> {self.entity}"
        if self.status == "proposed":
            return f"{self.words} -> {self.entity} (new entity, proposed)"
        if self.status == "pronoun":
            return f"'{self.words}': a pronoun, the sentence does not name the speaker"
        if self.status == "unnamed":
            return f"'{self.words}': not named"
        return "no speaker in the sentence"


@dataclass(frozen=True, slots=True)
class Statement:
    sentence: int
    kind: Literal["quote", "reported"]
    quote: str  # verbatim from the text
    speaker: Speaker
    date: DatePhrase | None = None  # a phrase right after the attribution: when it was said


@dataclass(frozen=True, slots=True)
class SentenceFindings:
    sentence: Sentence
    statements: tuple[Statement, ...]
    dates: tuple[DatePhrase, ...]
    casualties: tuple[Casualties, ...]

    @property
    def empty(self) -> bool:
        return not (self.statements or self.dates or self.casualties)


@dataclass(frozen=True, slots=True)
class Extraction:
    article: Article
    published: FuzzyDate | None
    sentences: tuple[SentenceFindings, ...]
    proposed: tuple[NewEntity, ...]
    language: str = "en"  # the article's, as read
