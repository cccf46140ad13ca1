"""Draft claims and events proposed from an article's text: `factdesk extract ARTICLE_ID`.

Takes one article (its text, language and publication date) and the site's entities; returns an
`Extraction`: for each sentence (numbered as `text.split_sentences` numbers them) the attributed
statements in it (direct quotations in straight or typographic quotation marks, and reported
speech: "X said that ...", "..., X said", "according to X", "X insists ..."), each with its
speaker matched to a known entity or proposed as a new one; the date phrases in the sentence,
resolved against the publication date by `dates.resolve_phrase`; and the numbers of people
killed, wounded or struck. `plan_drafts` turns it into `status: draft` claim and event files (and
entities.yml entries for proposed speakers) through the skeleton templates.

The attribution rules are English. A speaker is taken only from the sentence itself: a pronoun
("he told AFP") or a sentence with no attribution is reported as having no named speaker rather
than guessed from the sentences around it, because wire copy often joins quotations from
different people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..content.dates import DateError, FuzzyDate, parse_date, resolve_phrase
from ..content.load import CONTENT
from ..content.models import Article, Content, EntityKind
from ..content.text import Sentence, index_article, normalise
from .scaffold import (
    DRAFT_NOTE,
    ENTITIES_FILE,
    FileWrite,
    NewEntity,
    Plan,
    entity_writes,
    render_skeleton,
    schema_line_target,
    slug,
)

SpeakerStatus = Literal["entity", "proposed", "pronoun", "unnamed", "none"]
PROPOSED_MARK = "proposed by factdesk extract; check me"

# --------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Quotations and attributions
# --------------------------------------------------------------------------------------------

_CLOSING = {"“": "”", "«": "»", "„": "“", "‟": "”"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PRONOUNS = _words("he she they it we i you")
_VERBS = (
    "said|says|say|told|tells|added|adds|insists|insisted|insist|stated|claimed|announced"
    "|declared|reported|warned|warns|explained|noted|argued|argues|denied|denies|confirmed"
    "|confirms|wrote|writes|asserted|stressed|acknowledged|maintained|maintains|alleged"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_PARTICIPLE = re.compile(r"\b(?:saying|adding|insisting|warning|stressing|noting)\b")
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_BOUNDARY = re.compile(
    r"[,;:—–]|\x00+|\s-\s|\b(?:and|but|that|which|where|while|because|whereas|although|as|"
    r"after|when|who|whom|if)\b"
)
_TRAILING_FILLER = re.compile(
    r"(?:\s+(?:has|have|had|also|still|now|later|again|reportedly|previously|earlier|"
    r"separately|repeatedly|would|will|did|does|do|then|once|since|further|publicly|"
    r"has also|in a statement))+$"
)
_LEADING_FILLER = re.compile(r"^(?:and|but|so|then)\s+", re.IGNORECASE)
_AFTER_SPEAKER = re.compile(r"[,.;:!?\x00]|\s(?:on|in|at|to|during|after|before)\s")
_MIN_QUOTE_WORDS = 2
_MAX_SPEAKER_WORDS = 12
_TRAILING_WORDS = 10  # words between a quotation and the verb of "…”, X said"


@dataclass(frozen=True, slots=True)
class _Quotation:
    start: int  # the inner text, without the marks
    end: int
    outer_start: int
    outer_end: int


@dataclass(frozen=True, slots=True)
class _Attribution:
    at: int  # where the verb (or "according to", or the headline colon) starts
    end: int  # where it ends
    speaker: str
    speaker_start: int
    form: Literal["before", "after", "participle", "according", "headline"]


def quotations(sentence: str) -> list[_Quotation]:
    """Quoted stretches of at least two words, in typographic or straight double quotes."""
    found: list[_Quotation] = []
    opened: int | None = None
    closing = ""
    for at, char in enumerate(sentence):
        if opened is None:
            if char in _CLOSING:
                opened, closing = at, _CLOSING[char]
            elif char == '"':
                opened, closing = at, '"'
        elif char == closing:
            found.append(_Quotation(opened + 1, at, opened, at + 1))
            opened = None
    if opened is not None:
        # A quotation that runs on past this sentence: it ends with the sentence.
        found.append(_Quotation(opened + 1, len(sentence), opened, len(sentence)))
    kept = []
    for quotation in found:
        inner = sentence[quotation.start : quotation.end]
        stripped = inner.rstrip(" ,;:")
        if _word_count(stripped) >= _MIN_QUOTE_WORDS:
            lead = len(inner) - len(inner.lstrip())
            kept.append(
                _Quotation(
                    quotation.start + lead,
                    quotation.start + len(stripped),
                    quotation.outer_start,
                    quotation.outer_end,
                )
            )
    return kept


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _frame(sentence: str, quoted: Sequence[_Quotation]) -> str:
    """The sentence with each quotation (marks included) blanked out, offsets unchanged."""
    chars = list(sentence)
    for quotation in quoted:
        for at in range(quotation.outer_start, quotation.outer_end):
            chars[at] = "\x00"
    return "".join(chars)


def _clean_speaker(words: str) -> str:
    words = _TRAILING_FILLER.sub("", words.strip(" \t,;:"))
    return _LEADING_FILLER.sub("", words).strip(" \t,;:")


def _first_segment(frame: str, limit: int) -> tuple[str, int]:
    """The sentence's opening noun phrase before `limit`: up to the first comma (or a leading
    run of names)."""
    start = len(frame) - len(frame.lstrip(" \x00,"))
    comma = frame.find(",", start, limit)
    segment = frame[start : comma if comma >= 0 else limit]
    if "\x00" in segment:
        return "", start
    if len(segment.split()) > 6:
        names = []
        for word in segment.split():
            if not _name_like(word):
                break
            names.append(word)
        segment = " ".join(names)
    return segment.strip(), start


def attributions(frame: str, *, headline: bool = False) -> list[_Attribution]:
    """Every "X said", "said X", "X, ..., said", "saying", "according to X" in the frame;
    with `headline`, also a headline's "...: Syria TV"."""
    found: list[_Attribution] = []
    for verb in _VERB.finditer(frame):
        head = frame[: verb.start()]
        cut = 0
        for boundary in _BOUNDARY.finditer(head):
            cut = boundary.end()
        words = _clean_speaker(head[cut:])
        before = head.rstrip()
        if words:
            start = head.find(words, cut)
            found.append(_Attribution(verb.start(), verb.end(), words, start, "before"))
        elif before.endswith((",\x00", "\x00,", "\x00")):
            # “…”, said Maria Zakharova.
            tail = frame[verb.end() :]
            stop = _AFTER_SPEAKER.search(tail)
            words = tail[: stop.start() if stop else len(tail)].strip()
            if words:
                start = verb.end() + tail.find(words)
                found.append(_Attribution(verb.start(), verb.end(), words, start, "after"))
        elif before.endswith(","):
            # Maj. Jamil al-Saleh, the leader of Tajammu Alezzah, said ...
            words, start = _first_segment(frame, verb.start())
            if words:
                found.append(_Attribution(verb.start(), verb.end(), words, start, "before"))
    for participle in _PARTICIPLE.finditer(frame):
        words, start = _first_segment(frame, participle.start())
        if words:
            found.append(
                _Attribution(participle.start(), participle.end(), words, start, "participle")
            )
    for according in _ACCORDING.finditer(frame):
        tail = frame[according.end() :]
        stop = re.search(r"[,.;:!?\x00]", tail)
        words = tail[: stop.start() if stop else len(tail)].strip()
        if words:
            start = according.end() + tail.find(words)
            found.append(
                _Attribution(according.start(), according.end(), words, start, "according")
            )
    matched = re.fullmatch(r"(?P<claim>[^:]+):\s+(?P<source>[^:.!?\x00]{2,40})", frame.strip())
    if headline and matched and not found and all(_name_like(w) for w in matched["source"].split()):
        source = matched["source"].strip()
        start = frame.rfind(source)
        colon = frame.rfind(":", 0, start)
        found.append(_Attribution(colon, colon + 1, source, start, "headline"))
    plausible = [a for a in found if _plausible_speaker(a.speaker)]
    return sorted(plausible, key=lambda a: (a.at, a.speaker_start))


def _plausible_speaker(words: str) -> bool:
    count = len(words.split())
    return (
        0 < count <= _MAX_SPEAKER_WORDS and "\x00" not in words and any(c.isalpha() for c in words)
    )


def _statement_text(frame: str, attribution: _Attribution) -> tuple[int, int] | None:
    """Offsets of the reported words an attribution introduces, without the attribution."""
    if attribution.form == "headline":
        return 0, attribution.at
    if attribution.form == "according":
        return 0, len(frame[: attribution.at].rstrip(" ,"))
    if attribution.form == "after":
        return None  # "said X" follows a quotation; there are no reported words
    after = frame[attribution.end :]
    trailing = not after.strip(" .!?") or after.lstrip().startswith(",")
    if trailing and attribution.speaker_start < attribution.at:
        # "..., the officials said." and "..., state television said, quoting a source."
        end = len(frame[: attribution.speaker_start].rstrip(" ,"))
        return (0, end) if end > 0 else None
    lead = re.match(r"\s*(?:that\s+)?", after)
    start = attribution.end + (lead.end() if lead else 0)
    tail = frame[start:]
    # "Moscow insists it is going after IS targets ... but the U.S. ... fears": Moscow's words
    # stop at "but".
    stop = re.search(r",?\s+but\s|;|\s[-–—]\s", tail)
    end = start + (stop.start() if stop else len(tail.rstrip(" .!?")))
    return (start, end) if end > start else None


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

_TITLES = _words("""
    Maj. Maj Gen. Gen Lt. Col. Capt. Sgt. Adm. Brig. Dr. Mr. Mrs. Ms. Prof. Sen. Rep. Gov.
    Pres. Rev. Sheikh President Senator General Colonel Major Minister Prime Secretary
    Spokesman Spokeswoman Ambassador Maj.-Gen. Lt.-Gen. Brig.-Gen. King Queen Prince Emir
    Ayatollah Commander Chief
    """)
_CONNECTORS = _words("of for the and de al bin ibn von van der du la")
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|van|von|der|ul)-", re.IGNORECASE)
_ACRONYM = re.compile(r"^\(([A-Z][A-Za-z0-9&.-]{1,12})\)$")
_GOVERNMENT_NAMES = _words(
    "Moscow Washington Damascus Tehran Baghdad Ankara Beijing Kremlin Riyadh Paris London "
    "Berlin Kyiv Kiev Jerusalem Cairo Amman Doha"
)
_KIND_WORDS: Mapping[EntityKind, frozenset[str]] = {
    "media": _words("TV Television Radio News Agency Press Times Post Channel"),
    "monitor": _words("Observatory Monitor Watch Airwars"),
    "military": _words("Army Forces Force Military Command Navy Brigade Battalion"),
    "government": _words("Ministry Government Council Cabinet Presidency Department"),
    "organisation": _words(
        "Front Coalition Group Party Union Committee Organization Organisation Institute "
        "Movement Alliance State"
    ),
}


def _bare(word: str) -> str:
    return word.strip(".,;:()[]\"'“”‘’")


def _name_like(word: str) -> bool:
    """A word that can be part of a proper name: Zakharova, al-Nouri, SOHR, Maj., TV."""
    core = _bare(word) or word
    if _PARTICLE.match(core):
        core = _PARTICLE.sub("", core)
    if "-" in core:
        # "London-based", "U.S.-led": an adjective, not a name.
        last = core.rsplit("-", 1)[1]
        if last and last[0].islower():
            return False
    return bool(core) and core[0].isupper()


def proper_name(words: str) -> tuple[str, tuple[str, ...]]:
    """The proper name a speaker phrase ends with, and acronyms given in brackets after it.

    "foreign ministry spokeswoman Maria Zakharova" -> "Maria Zakharova"; "Maj. Jamil al-Saleh"
    -> "Jamil al-Saleh"; "The London-based Syrian Observatory for Human Rights (SOHR)" ->
    ("Syrian Observatory for Human Rights", ("SOHR",)); "the defense official" -> "".
    """
    tokens = words.split()
    aliases: list[str] = []
    while tokens and _ACRONYM.match(tokens[-1]):
        aliases.insert(0, _ACRONYM.match(tokens[-1]).group(1))  # type: ignore[union-attr]
        tokens.pop()
    name: list[str] = []
    for token in reversed(tokens):
        if _name_like(token) or (name and token.lower() in _CONNECTORS):
            name.insert(0, token)
        else:
            break
    while name and (name[0].lower() in _CONNECTORS or name[0] in _TITLES):
        name.pop(0)
    text = " ".join(_bare(t) if i == len(name) - 1 else t for i, t in enumerate(name))
    return text.strip(" ,"), tuple(aliases)


def guess_kind(name: str) -> EntityKind:
    words = set(name.split())
    if name in _GOVERNMENT_NAMES:
        return "government"
    for kind, markers in _KIND_WORDS.items():
        if words & markers:
            return kind
    return "person"


def _normal_name(text: str) -> str:
    text = normalise(text).strip()
    return "the " + text[4:] if text.startswith("The ") else text


@dataclass(slots=True)
class _EntityIndex:
    """Names, aliases and last names of the site's entities, for matching speakers."""

    names: list[tuple[str, str]] = field(default_factory=list)  # (name or alias, id)
    persons: dict[str, list[str]] = field(default_factory=dict)  # last name -> ids
    org_words: dict[str, list[str]] = field(default_factory=dict)  # word of an org name -> ids

    @classmethod
    def build(cls, content: Content) -> _EntityIndex:
        index = cls()
        for entity in content.entities:
            for label in (entity.name, *entity.aliases):
                index.names.append((_normal_name(label), entity.id))
            tokens = entity.name.split()
            if entity.kind == "person" and tokens:
                # Lowercased: "Al-Saleh said" opens a sentence, the entity is "Jamil al-Saleh".
                index.persons.setdefault(tokens[-1].lower(), []).append(entity.id)
                for alias in entity.aliases:
                    if alias.split():
                        index.persons.setdefault(alias.split()[-1].lower(), []).append(entity.id)
            elif entity.kind != "person":
                for token in tokens:
                    if _name_like(token) and len(token) >= 4:
                        index.org_words.setdefault(token.lower(), []).append(entity.id)
        # Longest first, so "Syrian Observatory for Human Rights" wins over "Syria".
        index.names.sort(key=lambda pair: (-len(pair[0]), pair[0], pair[1]))
        return index

    def match(self, words: str, name: str) -> str | None:
        """The entity a speaker phrase names: its proper name exactly, else the name or alias
        nearest the end of the phrase ("foreign ministry spokeswoman Maria Zakharova" is
        Zakharova, not the ministry), else a person's last name or a word unique to one
        organisation's name."""
        if name:
            exact = _normal_name(name)
            for label, entity_id in self.names:
                if label == exact:
                    return entity_id
        phrase = _normal_name(words)
        best: tuple[int, int, str] | None = None
        for label, entity_id in self.names:
            for found in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", phrase):
                key = (found.end(), len(label), entity_id)
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is not None:
            return best[2]
        tokens = name.split()
        if len(tokens) == 1:
            for table in (self.persons, self.org_words):
                ids = sorted(set(table.get(tokens[0].lower(), ())))
                if len(ids) == 1:
                    return ids[0]
        return None


# --------------------------------------------------------------------------------------------
# Dates and casualties
# --------------------------------------------------------------------------------------------

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_PART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_DATE_PHRASE = re.compile(
    rf"\b(?:(?i:since|on|in)\s+)?(?:"
    rf"{_WEEKDAY}{_PART}"
    rf"|{_MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?\b(?:,\s+[0-9]{{4}}\b)?"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+[0-9]{{4}}\b)?"
    rf"|(?i:the\s+day\s+before\s+yesterday|yesterday){_PART}"
    rf"|(?i:today|tonight|this\s+morning|this\s+afternoon|this\s+evening|last\s+night)\b"
    rf"|(?i:earlier\s+this\s+week|this\s+week|last\s+week|earlier\s+this\s+month"
    rf"|this\s+month|last\s+month)\b"
    rf"|(?i:(?:[0-9]{{1,3}}|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+ago)\b"
    rf")"
    rf"|\b(?i:in|since)\s+{_MONTH_FULL}\b(?!\s+[0-9])"
)
_WITH_YEAR = re.compile(r"[0-9]{4}$")


def date_phrases(sentence: str, published: FuzzyDate | None) -> tuple[DatePhrase, ...]:
    found = []
    for match in _DATE_PHRASE.finditer(sentence):
        words = match.group().strip()
        if _WITH_YEAR.search(words):
            # "September 30, 2015" names its year: an explicit date, no phrase to resolve.
            found.append(_explicit(words))
            continue
        if published is None:
            found.append(DatePhrase(words, words, None, "the article has no usable published date"))
            continue
        try:
            found.append(DatePhrase(words, words, resolve_phrase(words, published)))
        except DateError as exc:
            found.append(DatePhrase(words, words, None, exc.message))
    return tuple(found)


_MONTH_PREFIXES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                   "dec")  # fmt: skip


def _explicit(words: str) -> DatePhrase:
    """ "September 30, 2015" or "30 September 2015" as the explicit date 2015-09-30."""
    parts = re.findall(r"[A-Za-z]+|[0-9]+", words)
    numbers = [p for p in parts if p.isdigit()]
    month = next(
        (
            _MONTH_PREFIXES.index(p[:3].lower()) + 1
            for p in parts
            if p[:3].lower() in _MONTH_PREFIXES and p.lower() not in ("on", "in", "since", "of")
        ),
        1,
    )
    day, year = int(numbers[0]), int(numbers[-1])
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return DatePhrase(words, text, parse_date(text))
    except DateError as exc:
        return DatePhrase(words, words, None, exc.message)


_PEOPLE = (
    r"(?:people|persons?|civilians?|fighters?|soldiers?|troops|militants?|rebels?|children|"
    r"child|women|woman|men|man|members|residents|villagers|policemen|officers|combatants|"
    r"jihadists?|insurgents?|servicemen|personnel|pilots?|gunmen|guards|workers|"
    r"students|patients|doctors|journalists|refugees)"
)
_NUMBER = rf"(?:[0-9][0-9,]*|{'|'.join(_NUMBER_WORDS)})"
_ITEM = (
    rf"(?:(?:at least|some|about|around|nearly|almost|more than|over|up to)\s+)?"
    rf"(?P<n>{_NUMBER})(?:\s+of\s+(?:his|her|their|its|the|our|them))?"
    rf"(?:\s+(?!(?:where|which|that|who|in|on|at|with|and|of|the|a|an|to|for|from|by|near)\b)"
    rf"[A-Za-z-]+){{0,2}}?\s+{_PEOPLE}\b"
)
_ITEM_RE = re.compile(_ITEM, re.IGNORECASE)
_LIST = (
    _ITEM.replace("(?P<n>", "(?:")
    + r"(?:(?:,\s*|\s+and\s+)"
    + _ITEM.replace("(?P<n>", "(?:")
    + ")*"
)
_KIND_OF = {
    "killed": "killed", "killing": "killed", "kills": "killed", "kill": "killed",
    "dead": "killed", "wounded": "wounded", "wounding": "wounded", "wounds": "wounded",
    "injured": "wounded", "injuring": "wounded", "injures": "wounded", "hurt": "wounded",
    "struck": "struck", "striking": "struck", "hit": "struck", "hitting": "struck",
}  # fmt: skip
_PASSIVE = re.compile(
    rf"(?P<list>{_LIST})\s+(?:(?:were|was|have been|had been|has been|are|is|being)\s+)?"
    rf"(?:(?:reportedly|also|all|later)\s+)?(?P<verb>killed|wounded|injured|hurt|struck|hit|dead)\b",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    rf"\b(?P<verb>killed|killing|kills|kill|wounded|wounding|wounds|injured|injuring|injures|"
    rf"struck|striking|hit|hitting)\s+(?P<list>{_LIST})",
    re.IGNORECASE,
)


def _count(number: str) -> int:
    number = number.lower().replace(",", "")
    return int(number) if number.isdigit() else _NUMBER_WORDS[number]


def casualties(sentence: str) -> tuple[Casualties, ...]:
    """Numbers of people killed, wounded or struck: "22 of his fighters were wounded",
    "killed two women and a child" (3)."""
    found: list[tuple[int, int, Casualties]] = []
    for pattern in (_PASSIVE, _ACTIVE):
        for match in pattern.finditer(sentence):
            if any(start < match.end() and match.start() < end for start, end, _ in found):
                continue
            total = sum(_count(item["n"]) for item in _ITEM_RE.finditer(match["list"]))
            kind = _KIND_OF[match["verb"].lower()]
            found.append(
                (match.start(), match.end(), Casualties(kind, total, match.group()))  # type: ignore[arg-type]
            )
    return tuple(c for _, _, c in sorted(found, key=lambda f: f[0]))


# --------------------------------------------------------------------------------------------
# The analysis
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RawStatement:
    sentence: int
    kind: Literal["quote", "reported"]
    quote: str
    words: str  # the speaker as the sentence gives them, "" for none
    date: DatePhrase | None


def _sentence_statements(sentence: Sentence, dates: Sequence[DatePhrase]) -> list[_RawStatement]:
    text = sentence.text
    quoted = quotations(text)
    frame = _frame(text, quoted)
    found = attributions(frame, headline=sentence.number == 1)
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
    chosen = next((a for a in found if a.speaker.lower() not in _PRONOUNS), found[0])
    span = _statement_text(frame, chosen)
    if span is None:
        return statements
    words = text[span[0] : span[1]].strip(" ,")
    if _word_count(words) < _MIN_QUOTE_WORDS:
        return statements
    statements.append(
        _RawStatement(
            sentence.number, "reported", words, chosen.speaker, _said_on(text, chosen, dates)
        )
    )
    return statements


def _attribution_for(
    quotation: _Quotation, found: Sequence[_Attribution], frame: str
) -> _Attribution | None:
    after = [
        a
        for a in found
        if a.at >= quotation.outer_end
        and "\x00" not in frame[quotation.outer_end : a.at]
        and len(frame[quotation.outer_end : a.at].split()) <= _TRAILING_WORDS
    ]
    if after:
        return after[0]
    before = [a for a in found if a.end <= quotation.outer_start]
    if before:
        return before[-1]
    return None


def _said_on(
    text: str, attribution: _Attribution | None, dates: Sequence[DatePhrase]
) -> DatePhrase | None:
    """A date phrase right after the attribution verb ("the spokesman said on Tuesday")."""
    if attribution is None or attribution.form in ("headline", "according"):
        return None
    after = attribution.end
    if attribution.form == "after":  # "said Igor Konashenkov on Tuesday"
        after = attribution.speaker_start + len(attribution.speaker)
    tail = text[after : after + 40]
    for phrase in dates:
        if phrase.resolved is not None and tail.lstrip().startswith(phrase.words):
            return phrase
    return None


def analyse(article: Article, content: Content) -> Extraction:
    """Every sentence's statements, date phrases and casualty figures, speakers matched."""
    language = article.language or (content.site.language if content.site else "en")
    text = index_article(article.text, language)
    try:
        published: FuzzyDate | None = parse_date(article.published)
    except DateError:
        published = None
    raw: list[tuple[Sentence, list[_RawStatement], tuple[DatePhrase, ...], tuple[Casualties, ...]]]
    raw = []
    for sentence in text.sentences:
        dates = date_phrases(sentence.text, published)
        raw.append(
            (sentence, _sentence_statements(sentence, dates), dates, casualties(sentence.text))
        )
    speakers, proposed = _resolve_speakers(
        article.id, [s for _, statements, _, _ in raw for s in statements], content
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
    return Extraction(article, published, tuple(findings), tuple(proposed))


def _resolve_speakers(
    article_id: str, statements: Sequence[_RawStatement], content: Content
) -> tuple[dict[tuple[int, str], Speaker], list[NewEntity]]:
    index = _EntityIndex.build(content)
    taken = {e.id for e in content.entities}
    speakers: dict[tuple[int, str], Speaker] = {}
    unmatched: dict[str, tuple[str, tuple[str, ...], int]] = {}  # name -> (words, aliases, n)
    pending: list[tuple[tuple[int, str], str, str]] = []
    for statement in statements:
        key = (statement.sentence, statement.words)
        words = statement.words.strip()
        if not words:
            speakers[key] = Speaker("", "none")
            continue
        if words.lower() in _PRONOUNS:
            speakers[key] = Speaker(words, "pronoun")
            continue
        name, aliases = proper_name(words)
        known = index.match(words, name)
        if known is not None:
            speakers[key] = Speaker(words, "entity", known, name)
        elif not name:
            speakers[key] = Speaker(words, "unnamed")
        else:
            unmatched.setdefault(name, (words, aliases, statement.sentence))
            pending.append((key, words, name))
    # "the Observatory" and "Syrian Observatory for Human Rights" in one article: one entity.
    canonical: dict[str, str] = {}
    names = list(unmatched)
    for name in names:
        tokens = {t for t in name.split() if t.lower() not in _CONNECTORS}
        longer = [
            other
            for other in names
            if other != name
            and len(other.split()) > len(name.split())
            and tokens <= {t for t in other.split() if t.lower() not in _CONNECTORS}
        ]
        canonical[name] = longer[0] if longer else name
    proposals: dict[str, NewEntity] = {}
    for name in names:
        if canonical[name] != name or name in proposals:
            continue
        words, aliases, number = unmatched[name]
        entity_id = slug(name) or "speaker"
        suffix = 2
        while entity_id in taken:
            entity_id, suffix = f"{slug(name)}-{suffix}", suffix + 1
        taken.add(entity_id)
        proposals[name] = NewEntity(
            id=entity_id,
            name=name,
            kind=guess_kind(name),
            description=f'{PROPOSED_MARK} (from {article_id} sentence {number}: "{words}")',
            aliases=aliases,
            # Off the site until an editor has checked who this is.
            status="draft",
        )
    for key, words, name in pending:
        speakers[key] = Speaker(words, "proposed", proposals[canonical[name]].id, name)
    return speakers, list(proposals.values())


# --------------------------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------------------------


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


def cited_sentences(content: Content, article: Article) -> dict[str, dict[int, list[str]]]:
    """{"claim"/"event": {sentence: [ids]}} of this article's sentences already quoted."""
    cited: dict[str, dict[int, list[str]]] = {"claim": {}, "event": {}}
    if not article.text.strip():
        return cited
    text = index_article(article.text, article.language or "en")
    records: Iterable[tuple[str, str, Iterable[tuple[str, str]]]] = [
        *(("claim", c.id, ((a.article, a.quote) for a in c.appearances)) for c in content.claims),
        *(("event", e.id, ((s.article, s.quote) for s in e.sources)) for e in content.events),
    ]
    for kind, record_id, citations in records:
        for article_id, quote in citations:
            if article_id != article.id:
                continue
            match = text.find(quote)
            for number in match.sentences if match else ():
                cited[kind].setdefault(number, []).append(record_id)
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


def plan_drafts(root: Path, extraction: Extraction, content: Content) -> Drafts:
    """The draft files for an extraction, never touching a file that exists or a sentence that
    a claim (for claims) or an event (for events) already quotes."""
    article = extraction.article
    cited = cited_sentences(content, article)
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
                        quote=statement.quote,
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


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


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
        f"published {published}"
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
