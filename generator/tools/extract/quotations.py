"""Quotations and attributions in one sentence: direct quotations in straight or typographic
quotation marks, and reported speech ("X said that ...", "..., X said", "according to X",
"X insists ..."), each with the words that name its speaker.

The rules are English. A speaker is taken only from the sentence itself: wire copy often joins
quotations from different people, so the sentences around it are never consulted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

_CLOSING = {"“": "”", "«": "»", "„": "“", "‟": "”"}


def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS = words_of("he she they it we i you")
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
MIN_QUOTE_WORDS = 2
_MAX_SPEAKER_WORDS = 12
TRAILING_WORDS = 10  # words between a quotation and the verb of "…”, X said"


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # the inner text, without the marks
    end: int
    outer_start: int
    outer_end: int


@dataclass(frozen=True, slots=True)
class Attribution:
    at: int  # where the verb (or "according to", or the headline colon) starts
    end: int  # where it ends
    speaker: str
    speaker_start: int
    form: Literal["before", "after", "participle", "according", "headline"]


def quotations(sentence: str) -> list[Quotation]:
    """Quoted stretches of at least two words, in typographic or straight double quotes."""
    found: list[Quotation] = []
    opened: int | None = None
    closing = ""
    for at, char in enumerate(sentence):
        if opened is None:
            if char in _CLOSING:
                opened, closing = at, _CLOSING[char]
            elif char == '"':
                opened, closing = at, '"'
        elif char == closing:
            found.append(Quotation(opened + 1, at, opened, at + 1))
            opened = None
    if opened is not None:
        # A quotation that runs on past this sentence: it ends with the sentence.
        found.append(Quotation(opened + 1, len(sentence), opened, len(sentence)))
    kept = []
    for quotation in found:
        inner = sentence[quotation.start : quotation.end]
        stripped = inner.rstrip(" ,;:")
        if word_count(stripped) >= MIN_QUOTE_WORDS:
            lead = len(inner) - len(inner.lstrip())
            kept.append(
                Quotation(
                    quotation.start + lead,
                    quotation.start + len(stripped),
                    quotation.outer_start,
                    quotation.outer_end,
                )
            )
    return kept


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def sentence_frame(sentence: str, quoted: Sequence[Quotation]) -> str:
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
            if not name_like(word):
                break
            names.append(word)
        segment = " ".join(names)
    return segment.strip(), start


def attributions(frame: str, *, headline: bool = False) -> list[Attribution]:
    """Every "X said", "said X", "X, ..., said", "saying", "according to X" in the frame;
    with `headline`, also a headline's "...: Syria TV"."""
    found: list[Attribution] = []
    for verb in _VERB.finditer(frame):
        head = frame[: verb.start()]
        cut = 0
        for boundary in _BOUNDARY.finditer(head):
            cut = boundary.end()
        words = _clean_speaker(head[cut:])
        before = head.rstrip()
        if words:
            start = head.find(words, cut)
            found.append(Attribution(verb.start(), verb.end(), words, start, "before"))
        elif before.endswith((",\x00", "\x00,", "\x00")):
            # “…”, said Maria Zakharova.
            tail = frame[verb.end() :]
            stop = _AFTER_SPEAKER.search(tail)
            words = tail[: stop.start() if stop else len(tail)].strip()
            if words:
                start = verb.end() + tail.find(words)
                found.append(Attribution(verb.start(), verb.end(), words, start, "after"))
        elif before.endswith(","):
            # Maj. Jamil al-Saleh, the leader of Tajammu Alezzah, said ...
            words, start = _first_segment(frame, verb.start())
            if words:
                found.append(Attribution(verb.start(), verb.end(), words, start, "before"))
    for participle in _PARTICIPLE.finditer(frame):
        words, start = _first_segment(frame, participle.start())
        if words:
            found.append(
                Attribution(participle.start(), participle.end(), words, start, "participle")
            )
    for according in _ACCORDING.finditer(frame):
        tail = frame[according.end() :]
        stop = re.search(r"[,.;:!?\x00]", tail)
        words = tail[: stop.start() if stop else len(tail)].strip()
        if words:
            start = according.end() + tail.find(words)
            found.append(Attribution(according.start(), according.end(), words, start, "according"))
    matched = re.fullmatch(r"(?P<claim>[^:]+):\s+(?P<source>[^:.!?\x00]{2,40})", frame.strip())
    if headline and matched and not found and all(name_like(w) for w in matched["source"].split()):
        source = matched["source"].strip()
        start = frame.rfind(source)
        colon = frame.rfind(":", 0, start)
        found.append(Attribution(colon, colon + 1, source, start, "headline"))
    plausible = [a for a in found if _plausible_speaker(a.speaker)]
    return sorted(plausible, key=lambda a: (a.at, a.speaker_start))


def _plausible_speaker(words: str) -> bool:
    count = len(words.split())
    return (
        0 < count <= _MAX_SPEAKER_WORDS and "\x00" not in words and any(c.isalpha() for c in words)
    )


def statement_text(frame: str, attribution: Attribution) -> tuple[int, int] | None:
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


# A word that can be part of a name: speakers are found by it here, named in speakers.py.
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|van|von|der|ul)-", re.IGNORECASE)


def bare(word: str) -> str:
    return word.strip(".,;:()[]\"'“”‘’")


def name_like(word: str) -> bool:
    """A word that can be part of a proper name: Zakharova, al-Nouri, SOHR, Maj., TV."""
    core = bare(word) or word
    if _PARTICLE.match(core):
        core = _PARTICLE.sub("", core)
    if "-" in core:
        # "London-based", "U.S.-led": an adjective, not a name.
        last = core.rsplit("-", 1)[1]
        if last and last[0].islower():
            return False
    return bool(core) and core[0].isupper()
