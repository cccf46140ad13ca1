"""Quotations and attributions in one sentence: direct quotations in straight or typographic
quotation marks, and reported speech ("X said that ...", "..., X said", "according to X",
"X insists ..."; "X заявил, что ...", "«...», — заявил X", "по словам X, ...", "..., сообщает
X"), each with the words that name its speaker.

The rules are the same in every language; the words that carry them (verbs of saying, "that",
"according to", the conjunctions that end a speaker phrase) are in one `Speech` table per
language: English and Russian (`SPEECH`). A speaker is taken only from the sentence itself:
wire copy often joins quotations from different people, so the sentences around it are never
consulted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

_CLOSING = {"“": "”", "«": "»", "„": "“", "‟": "”"}


def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Marks a date phrase in a sentence frame (see analyse._without_dates): neither white space
# nor a word, so a speaker phrase never takes it in and reported words may start with it.
DATE_MARK = "\x01"
_PAD = " \t" + DATE_MARK


@dataclass(frozen=True, slots=True)
class Speech:
    """How one language reports who said what."""

    code: str
    name: str
    pronouns: frozenset[str]
    verb: re.Pattern[str]  # a verb of saying: said, заявил
    participle: re.Pattern[str]  # "..., saying", "..., заявив"
    according: re.Pattern[str]  # "according to", "по словам"
    # Where a speaker phrase before a verb starts: punctuation, a quotation, a conjunction.
    boundary: re.Pattern[str]
    trailing_filler: re.Pattern[str]  # adverbs between a speaker and the verb: "also", "также"
    leading_filler: re.Pattern[str]  # "and", "but" opening the speaker phrase
    after_speaker: re.Pattern[str]  # where a speaker after the verb ends
    complementizer: re.Pattern[str]  # "that", ", что" between the verb and the reported words
    stop: re.Pattern[str]  # where reported words end: "but", "но"
    # The speaker may follow the verb even where no quotation precedes it ("Как сообщил X, ...",
    # "..., сообщает ТАСС"): Russian word order.
    speaker_follows: bool = False


ENGLISH_SPEECH = Speech(
    code="en",
    name="English",
    pronouns=words_of("he she they it we i you"),
    verb=re.compile(
        r"\b(?:said|says|say|told|tells|added|adds|insists|insisted|insist|stated|claimed"
        r"|announced|declared|reported|warned|warns|explained|noted|argued|argues|denied|denies"
        r"|confirmed|confirms|wrote|writes|asserted|stressed|acknowledged|maintained|maintains"
        r"|alleged)\b"
    ),
    participle=re.compile(r"\b(?:saying|adding|insisting|warning|stressing|noting)\b"),
    according=re.compile(r"\baccording to\b", re.IGNORECASE),
    boundary=re.compile(
        r"[,;:—–]|\x00+|\s-\s|\b(?:and|but|that|which|where|while|because|whereas|although"
        r"|as|after|when|who|whom|if)\b"
    ),
    trailing_filler=re.compile(
        r"(?:\s+(?:has|have|had|also|still|now|later|again|reportedly|previously|earlier|"
        r"separately|repeatedly|would|will|did|does|do|then|once|since|further|publicly|"
        r"has also|in a statement))+$"
    ),
    leading_filler=re.compile(r"^(?:and|but|so|then)\s+", re.IGNORECASE),
    after_speaker=re.compile(r"[,.;:!?\x00]|\s(?:on|in|at|to|during|after|before)\s"),
    complementizer=re.compile(r"[\s\x01]*(?:that\s+)?"),
    stop=re.compile(r",?\s+but\s|;|\s[-–—]\s"),
)

_RU_PAST = (
    "заявил|сообщил|сказал|добавил|отметил|подчеркнул|пояснил|уточнил|напомнил|предупредил"
    "|признал|заверил|указал|констатировал|утверждал|настаивал|отрицал|опроверг|рассказал"
    "|объявил|передал"
)
RUSSIAN_SPEECH = Speech(
    code="ru",
    name="Russian",
    pronouns=words_of("он она оно они мы я вы его её ее их"),
    verb=re.compile(
        rf"(?<![\w-])(?:(?:{_RU_PAST})(?:а|о|и|ла|ло|ли)?"
        r"|(?:заявля|сообща|утвержда|настаива|отрица|подчеркива|подчёркива|говор|переда[её]|счита)"
        r"(?:ет|ют|ит|ят|т))(?![\w-])",
        re.IGNORECASE,
    ),
    participle=re.compile(
        r"(?<![\w-])(?:заявив|сообщив|подчеркнув|отметив|добавив|пояснив)(?![\w-])"
    ),
    # "по его словам": the speaker is the pronoun between the two words.
    according=re.compile(
        r"(?<![\w-])по (?:(?P<pronoun>его|её|ее|их) )?"
        r"(?:словам|данным|сообщению|информации|оценке|мнению)(?![\w-])",
        re.IGNORECASE,
    ),
    boundary=re.compile(
        r"[,;:—–]|\x00+|\s-\s|(?<![\w-])(?:и|но|а|что|чтобы|будто|который|которая|которое"
        r"|которые|где|когда|если|хотя|пока|как|потому|поскольку)(?![\w-])",
        re.IGNORECASE,
    ),
    trailing_filler=re.compile(
        r"(?:\s+(?:также|уже|ранее|вновь|еще|ещё|тогда|позднее|позже|официально|публично"
        r"|неоднократно|вчера|сегодня|накануне))+$"
    ),
    leading_filler=re.compile(r"^(?:и|но|а|однако|при этом)\s+", re.IGNORECASE),
    after_speaker=re.compile(r"[,.;:!?\x00]|\s(?:в|во|на|по|после|перед|при|у|о|об|журналистам)\s"),
    complementizer=re.compile(r"[\s\x01]*,?\s*(?:(?:что|будто)\s+)?"),
    stop=re.compile(r",?\s+(?:но|однако)\s|;|\s[-–—]\s"),
    speaker_follows=True,
)

SPEECH: dict[str, Speech] = {s.code: s for s in (ENGLISH_SPEECH, RUSSIAN_SPEECH)}
# Every language's pronouns: a speaker that is only a pronoun is not named, in any language.
PRONOUNS = frozenset().union(*(s.pronouns for s in SPEECH.values()))


def speech_for(language: str) -> Speech | None:
    """The speech table of an article's language ("ru-RU" reads as "ru"); None when factdesk
    does not read statements in it."""
    return SPEECH.get(language.split("-", 1)[0].lower())


def speech_languages() -> str:
    """ "English (en) and Russian (ru)", for the report."""
    names = [f"{s.name} ({s.code})" for s in sorted(SPEECH.values(), key=lambda s: s.name)]
    return ", ".join(names[:-1]) + " and " + names[-1]


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


def _clean_speaker(words: str, speech: Speech) -> str:
    words = speech.trailing_filler.sub("", words.strip(_PAD + ",;:"))
    return speech.leading_filler.sub("", words).strip(_PAD + ",;:")


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


def _speaker_after(frame: str, at: int, speech: Speech) -> tuple[str, int]:
    """The speaker named after position `at` (a verb, "according to"), up to where it ends."""
    tail = frame[at:]
    stop = speech.after_speaker.search(tail)
    words = tail[: stop.start() if stop else len(tail)].strip(_PAD)
    return words, (at + tail.find(words) if words else at)


def attributions(
    frame: str, *, headline: bool = False, speech: Speech = ENGLISH_SPEECH
) -> list[Attribution]:
    """Every "X said", "said X", "X, ..., said", "saying", "according to X" in the frame (and
    their counterparts in `speech`'s language); with `headline`, also a headline's "...: Syria
    TV"."""
    found: list[Attribution] = []
    for verb in speech.verb.finditer(frame):
        head = frame[: verb.start()]
        cut = 0
        for boundary in speech.boundary.finditer(head):
            cut = boundary.end()
        words = _clean_speaker(head[cut:], speech)
        before = head.rstrip()
        if words:
            start = head.find(words, cut)
            found.append(Attribution(verb.start(), verb.end(), words, start, "before"))
        elif before.rstrip(" ,—–-").endswith("\x00") or (speech.speaker_follows and cut):
            # “…”, said Maria Zakharova. «…», — заявил Игорь Конашенков. Как сообщил ТАСС, ...
            words, start = _speaker_after(frame, verb.end(), speech)
            if words:
                found.append(Attribution(verb.start(), verb.end(), words, start, "after"))
        elif before.endswith(","):
            # Maj. Jamil al-Saleh, the leader of Tajammu Alezzah, said ...
            words, start = _first_segment(frame, verb.start())
            if words:
                found.append(Attribution(verb.start(), verb.end(), words, start, "before"))
    for participle in speech.participle.finditer(frame):
        words, start = _first_segment(frame, participle.start())
        if words:
            found.append(
                Attribution(participle.start(), participle.end(), words, start, "participle")
            )
    for according in speech.according.finditer(frame):
        if "pronoun" in according.groupdict() and according["pronoun"]:
            pronoun = according["pronoun"]
            start = according.start("pronoun")
            found.append(
                Attribution(according.start(), according.end(), pronoun, start, "according")
            )
            continue
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


def statement_text(
    frame: str, attribution: Attribution, speech: Speech = ENGLISH_SPEECH
) -> tuple[int, int] | None:
    """Offsets of the reported words an attribution introduces, without the attribution."""
    if attribution.form == "headline":
        return 0, attribution.at
    if attribution.form == "according":
        before = len(frame[: attribution.at].rstrip(" ,"))
        if before > 0:
            return 0, before  # "..., according to X."
        # "По словам X, ...", "According to X, ...": the words after the speaker's comma.
        return _after_speaker(frame, attribution)
    if attribution.form == "after":
        if attribution.at > 0 and frame[: attribution.at].rstrip(" ,—–-").endswith("\x00"):
            return None  # "said X" follows a quotation; there are no reported words
        end = len(frame[: attribution.at].rstrip(" ,—–-"))
        if frame[:end].strip().lower() in ("", "как"):
            # "Как сообщил ТАСС, ...": the words after the speaker's comma.
            return _after_speaker(frame, attribution)
        return 0, end  # "..., сообщает ТАСС": the words before the verb
    after = frame[attribution.end :]
    trailing = not after.strip(" .!?") or after.lstrip().startswith(",")
    if trailing and attribution.speaker_start < attribution.at and not _introduces(after, speech):
        # "..., the officials said." and "..., state television said, quoting a source."
        end = len(frame[: attribution.speaker_start].rstrip(" ,"))
        return (0, end) if end > 0 else None
    lead = speech.complementizer.match(after)
    start = attribution.end + (lead.end() if lead else 0)
    tail = frame[start:]
    # "Moscow insists it is going after IS targets ... but the U.S. ... fears": Moscow's words
    # stop at "but".
    stop = speech.stop.search(tail)
    end = start + (stop.start() if stop else len(tail.rstrip(" .!?")))
    return (start, end) if end > start else None


def _after_speaker(frame: str, attribution: Attribution) -> tuple[int, int] | None:
    comma = frame.find(",", attribution.speaker_start + len(attribution.speaker))
    if comma < 0:
        return None
    start = comma + 1 + len(frame[comma + 1 :]) - len(frame[comma + 1 :].lstrip())
    end = len(frame.rstrip(" .!?"))
    return (start, end) if end > start and "\x00" not in frame[start:end] else None


def _introduces(after: str, speech: Speech) -> bool:
    """True when the words after a verb open what was said: "X заявил, что ..."."""
    lead = speech.complementizer.match(after)
    return lead is not None and lead.end() > 0 and bool(after[lead.end() :].strip(" .!?"))


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
