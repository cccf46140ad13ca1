"""Sentence splitting, quote normalisation and quote lookup for article texts.

Takes the plain text of one article (a `str`, one paragraph a line) and its language, and returns
an `ArticleText`: the text, its numbered `Sentence`s and a private index built once, so that each
quote lookup (`ArticleText.find`) is one `str.find` on the normalised text plus bisects, and
`ArticleText.closest_passage` can offer the best-matching passage as a hint for a misquote.

Everything here is pure (no I/O, standard library only) and linear in the size of the text.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .letters import IGNORABLE, IGNORABLE_RUN, PRESENTATION_FORMS, SAME_LETTER

__all__ = [
    "ArticleText",
    "Found",
    "QuoteMatch",
    "Sentence",
    "index_article",
    "normalise",
    "split_sentences",
]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == source[start:end]`, with no white space at either end."""

    number: int
    # The article's whole text, shared by its sentences: a copy of each sentence's text was
    # an eighth of a linked site's memory.
    source: str = field(repr=False)
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote occurs, in offsets of the original article text."""

    start: int
    end: int
    sentences: tuple[int, ...]


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

_DOUBLE_QUOTES = "“”„‟«»″"
_SINGLE_QUOTES = "‘’‚‛′`´‹›"
_DASHES = "‐‑‒–—―−"
# One character for one character, so this step never moves an offset. Spelling variants of
# one letter (ё/е, the Arabic alef and hamza seats, ...) are listed in letters.py.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        **SAME_LETTER,
    }
)
_RETYPED = {chr(code): letter for code, letter in _TYPOGRAPHY.items()}
# str.translate looks up every character of the text in the table: about a second for the
# articles of a 10k-claim desk, where a scan for the few characters that change takes a tenth.
_TO_RETYPE = re.compile("[" + re.escape("".join(_RETYPED)) + "]")
# Combining marks among the ignorable characters: they sit on the letter before them, so a
# match that ends on that letter takes them in.
_TRAILING_MARKS = frozenset(c for c in IGNORABLE if unicodedata.combining(c))
# Only runs of two or more, or a single white-space character other than " ", need rewriting;
# a lone " " (by far the most common case) is left alone and costs nothing.
_SPACE_TO_REWRITE = re.compile(r"\s{2,}|[^\S ]")
_SPACE_RUN = re.compile(r"\s+")
# ASCII characters never combine with what precedes them under NFC, so NFC can be applied to
# each run of non-ASCII characters (plus the one ASCII character before it, a possible base
# for a combining mark) on its own.
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
# Characters stripped from both ends of an editor's quote (after normalisation).
_QUOTE_EDGES = " \"'"


@dataclass(frozen=True, slots=True)
class _OffsetMap:
    """Maps offsets of a rewritten text back to the text it was made from.

    Only the rewritten stretches ("units": a run of white space that became one space, a
    character sequence that NFC composed) are listed; between units the two texts advance
    together. An offset strictly inside a unit maps outwards (a start to the beginning of the
    unit, an end to its end), so a mapped match always covers the original characters.
    """

    new_starts: tuple[int, ...] = ()
    new_ends: tuple[int, ...] = ()
    old_starts: tuple[int, ...] = ()
    old_ends: tuple[int, ...] = ()

    def start(self, offset: int) -> int:
        k = bisect_right(self.new_starts, offset) - 1
        if k < 0:
            return offset
        if offset < self.new_ends[k]:
            return self.old_starts[k]
        return self.old_ends[k] + offset - self.new_ends[k]

    def end(self, offset: int) -> int:
        k = bisect_right(self.new_starts, offset - 1) - 1
        if k < 0:
            return offset
        if offset <= self.new_ends[k]:
            return self.old_ends[k]
        return self.old_ends[k] + offset - self.new_ends[k]


class _UnitsBuilder:
    """Assembles a rewritten text piece by piece, noting the units of its `_OffsetMap`."""

    __slots__ = ("new_ends", "new_starts", "old_ends", "old_starts", "pieces", "read", "written")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.new_starts: list[int] = []
        self.new_ends: list[int] = []
        self.old_starts: list[int] = []
        self.old_ends: list[int] = []
        self.read = 0
        self.written = 0

    def replace(self, source: str, start: int, end: int, new: str, *, unit: bool = True) -> None:
        """Copy `source[read:start]` unchanged, then write `new` for `source[start:end]`.

        `unit=False` is for one character replaced by one, which moves no offset.
        """
        self.pieces.append(source[self.read : start])
        self.written += start - self.read
        self.pieces.append(new)
        if unit:
            self.new_starts.append(self.written)
            self.new_ends.append(self.written + len(new))
            self.old_starts.append(start)
            self.old_ends.append(end)
        self.written += len(new)
        self.read = end

    def finish(self, source: str) -> tuple[str, _OffsetMap]:
        if not self.pieces:
            return source, _OffsetMap()
        self.pieces.append(source[self.read :])
        offsets = _OffsetMap(
            tuple(self.new_starts),
            tuple(self.new_ends),
            tuple(self.old_starts),
            tuple(self.old_ends),
        )
        return "".join(self.pieces), offsets


@functools.cache
def _composes_with_previous() -> frozenset[str]:
    """Starters (combining class 0) that NFC may still merge into the character before them.

    Computed from the Unicode database of the running Python rather than copied, and only the
    first time a text that is not already NFC shows up (it takes some 50 ms).
    """
    found = {chr(c) for c in range(0x1161, 0x1176)}  # Hangul vowel jamo
    found.update(chr(c) for c in range(0x11A8, 0x11C3))  # Hangul trailing consonant jamo
    # Every composable pair lives below U+30000.
    for code in range(0x30000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                second = chr(int(parts[1], 16))
                if unicodedata.combining(second) == 0:
                    found.add(second)
    return frozenset(found)


def _nfc_cluster_ends(run: str) -> list[int]:
    joiners = _composes_with_previous()
    ends = [
        i
        for i in range(1, len(run))
        if unicodedata.combining(run[i]) == 0 and run[i] not in joiners
    ]
    ends.append(len(run))
    return ends


def _nfc_with_map(text: str) -> tuple[str, _OffsetMap]:
    # Nearly every article is already NFC; the C check keeps that case free.
    if unicodedata.is_normalized("NFC", text):
        return text, _OffsetMap()
    units = _UnitsBuilder()
    for run_match in _NON_ASCII_RUN.finditer(text):
        run = run_match.group()
        composed = unicodedata.normalize("NFC", run)
        if composed == run:
            continue
        base = run_match.start()
        begin = 0
        pieces: list[tuple[int, int, str]] = []
        for end in _nfc_cluster_ends(run):
            cluster = run[begin:end]
            pieces.append((begin, end, unicodedata.normalize("NFC", cluster)))
            begin = end
        if "".join(piece for _, _, piece in pieces) != composed:
            # A rare sequence (some Tibetan vowel signs) crosses cluster borders: keep the whole
            # run as one unit, so offsets inside it only resolve to the run's ends.
            units.replace(text, base, run_match.end(), composed)
            continue
        for begin, end, piece in pieces:
            if piece != run[begin:end]:
                units.replace(text, base + begin, base + end, piece)
    return units.finish(text)


def _spaces_with_map(text: str) -> tuple[str, _OffsetMap]:
    units = _UnitsBuilder()
    for space in _SPACE_TO_REWRITE.finditer(text):
        units.replace(text, space.start(), space.end(), " ", unit=space.end() - space.start() > 1)
    return units.finish(text)


def _presentation_forms_with_map(text: str) -> tuple[str, _OffsetMap]:
    units = _UnitsBuilder()
    for form in PRESENTATION_FORMS.finditer(text):
        letters = unicodedata.normalize("NFKC", form.group())
        units.replace(text, form.start(), form.end(), letters, unit=len(letters) != 1)
    return units.finish(text)


def _ignorable_with_map(text: str) -> tuple[str, _OffsetMap]:
    units = _UnitsBuilder()
    for run in IGNORABLE_RUN.finditer(text):
        units.replace(text, run.start(), run.end(), "")
    return units.finish(text)


@dataclass(frozen=True, slots=True)
class _Back:
    """Offsets of the normalised text -> offsets of the original, through each step's map."""

    maps: tuple[_OffsetMap, ...] = ()  # the last step's map first

    def start(self, offset: int) -> int:
        for offsets in self.maps:
            offset = offsets.start(offset)
        return offset

    def end(self, offset: int) -> int:
        for offsets in self.maps:
            offset = offsets.end(offset)
        return offset


def _retyped(character: re.Match[str]) -> str:
    return _RETYPED[character.group()]


def _normalise_with_maps(text: str) -> tuple[str, _Back]:
    """The normalised text and the way back from its offsets to those of `text`."""
    maps: list[_OffsetMap] = []
    # Arabic presentation forms first: they decompose into letters that may carry marks NFC
    # composes, and into harakat the next steps drop.
    if PRESENTATION_FORMS.search(text):
        text, offsets = _presentation_forms_with_map(text)
        maps.append(offsets)
    # NFC before the tables: it can produce characters they rewrite (U+1FEF -> "`", alef with
    # a combining hamza -> أ).
    text, offsets = _nfc_with_map(text)
    maps.append(offsets)
    if IGNORABLE_RUN.search(text):
        text, offsets = _ignorable_with_map(text)
        maps.append(offsets)
    text, offsets = _spaces_with_map(_TO_RETYPE.sub(_retyped, text))
    maps.append(offsets)
    return text, _Back(tuple(m for m in reversed(maps) if m.new_starts))


def normalise(text: str) -> str:
    """Return `text` in the form quotes are compared in.

    NFC-normalised, Arabic presentation forms read as the letters they show; typographic double
    quotes (“ ” „ ‟ « » ″) become `"`, apostrophes and single quotes (‘ ’ ‚ ‛ ′ ` ´ ‹ ›) become
    `'`, dashes (‐ ‑ ‒ – — ― −) become `-`, and every run of white space (line breaks,
    non-breaking and other Unicode spaces included) becomes one " ". Characters that come and
    go between copies of one text are dropped (Arabic diacritics and tatweel, right-to-left and
    other bidi marks, zero-width joiners, the soft hyphen) and spelling variants of one letter
    are written one way (Russian ё as е, Arabic أ إ آ ٱ as ا, ى as ي, ة as ه, ؤ ئ as ء; see
    letters.py). Case, words and other punctuation are kept; the ends are not stripped.
    """
    return _normalise_with_maps(text)[0]


def _quote_needle(quote: str) -> str:
    return normalise(quote).strip(_QUOTE_EDGES)


# --------------------------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------------------------

_TERMINALS = ".!?…؟۔"
_CLOSERS = "\"'”’»“‘›)]}"
_OPENERS = "\"'“‘«„‚‹‟‛([{¿¡"
# The same characters str.splitlines() breaks on.
_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_FIRST_NON_SPACE = re.compile(r"\S")
# Terminal punctuation first: a pattern may not start with the optional closers, or a long run
# of quote marks would be rescanned from every position (quadratic).
_TERMINAL_RUN = re.compile(f"[{re.escape(_TERMINALS)}]+[{re.escape(_CLOSERS)}]*")
_NEXT_START = re.compile(f"\\s+([{re.escape(_OPENERS)}]*)(\\w*)")
_PAIRED_QUOTE = re.compile(r"[“”„‟«»\"]")
_SPACES = re.compile(r"\s*")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.){2,}")
_INITIAL = re.compile(r"[^\W\d_]\.")
# Abbreviations are found only within this many characters before their dot.
_LONGEST_ABBREVIATION = 24


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Titles and abbreviations that are (nearly) always followed by more of the same sentence.
_NEVER_FINAL = _listed(
    """
    Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Sgt. Sen. Rep. Gov. Pres. St. No. vs.
    Rev. Hon. Adm. Brig. Fig. p. pp. Vol. Nos. cf. approx. ca. e.g. i.e.
    Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.
    т.е. им. ул. д. с. стр.
    """
)
# Abbreviations that often end a sentence too; like initialisms, they end one only before a
# word from _SENTENCE_STARTERS.
_MAYBE_FINAL = _listed(
    """
    etc. Inc. Ltd. Co. Corp. Jr. Sr.
    т.д. т.п. др. г. гг. млн. млрд. тыс. руб.
    """
)
# Words that, after an initialism ("U.S.") or an abbreviation that may end a sentence ("etc."),
# almost certainly begin a new sentence. Kept short on purpose: a capitalised word after "U.S."
# is far more often a name ("U.S. Army", "U.S. Russia policy") than a new sentence, so proper
# names are not listed.
_SENTENCE_STARTERS = _listed(
    """
    A An The This That These Those There Then They Their He His She Her It Its We Our I You
    But And Yet So In On At As After Before When While If However Meanwhile Since Although
    Он Она Оно Они Мы Я Это Эти Этот Эта Но В На По А И Однако Как Так Когда После
    """
)


def split_sentences(text: str, language: str = "en") -> tuple[Sentence, ...]:
    """Split an article text into numbered sentences.

    Rules, in order:

    - A line break always ends a sentence, so a headline on its own line is one sentence;
      blank lines are skipped. Each sentence is stripped of white space at both ends, and
      `text[start:end] == sentence.text`; every other character belongs to exactly one sentence.
    - A sentence ends after a run of `.` `!` `?` `…` (Arabic `؟` `۔`) and the closing quotes or
      brackets right after it (`.”` keeps the quote), when white space follows and then a
      plausible sentence start: an uppercase letter, a digit, an opening quote or bracket, or a
      letter of a script without case (Arabic). A lowercase word never starts a sentence. A
      closing quote followed by the dot (`monuments”.`) ends it the same way.
    - Quoted speech that carries on the sentence is not split: when a closing double quote is
      followed by punctuation (`”,` `»,` `”.`) or by white space and then a lowercase letter or
      a dash (`», — заявил`, `,” he said`), no sentence ends inside the quotation.
    - No sentence ends after a title or fixed abbreviation (Mr. Dr. Gen. Maj. No. vs. e.g. i.e.,
      month abbreviations, Russian т.е. им. ул. д. с. стр.). After an initialism with inner
      dots (U.S. U.N. a.m.), a single capital initial (John F. Kennedy, А. С. Пушкин), or an
      abbreviation that may close a sentence (etc. Inc. Ltd. Co. Corp. Jr. Sr., Russian т.д. т.п.
      др. г. гг. млн. млрд. тыс. руб.) a sentence ends only before a common sentence starter:
      English A An The This That These Those There Then They Their He His She Her It Its We Our
      I You But And Yet So In On At As After Before When While If However Meanwhile Since
      Although; Russian Он Она Оно Они Мы Я Это Эти Этот Эта Но В На По А И Однако Как Так
      Когда После.
    - A dot followed by no white space (3.5, U.S.-led, example.com) never ends a sentence.

    The rules follow the script, so they are the same for every `language` (English, Russian
    and Arabic abbreviations cannot be mistaken for each other); `language` is accepted so
    callers need not change when a language gets rules of its own.
    """
    del language  # see the docstring: every rule is driven by the script
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        first = _FIRST_NON_SPACE.search(text, line.start(), line.end())
        if first is None:
            continue
        start = first.start()
        end = start + len(text[start : line.end()].rstrip())
        for begin, finish in _split_line(text, start, end):
            sentences.append(Sentence(len(sentences) + 1, text, begin, finish))
    return tuple(sentences)


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the stripped line `text[start:end]`."""
    spans: list[tuple[int, int]] = []
    inside = _quotations_carrying_on(text, start, end)
    quotation = 0
    sentence_start = start
    for terminal in _TERMINAL_RUN.finditer(text, start, end):
        finish = terminal.end()
        if finish >= end:
            break
        while quotation < len(inside) and inside[quotation][1] < finish:
            quotation += 1
        if quotation < len(inside) and inside[quotation][0] < finish:
            continue
        following = _NEXT_START.match(text, finish, end)
        if following is None or not _ends_sentence(text, terminal, following):
            continue
        spans.append((sentence_start, finish))
        sentence_start = following.start(1)
    spans.append((sentence_start, end))
    return spans


def _ends_sentence(text: str, terminal: re.Match[str], following: re.Match[str]) -> bool:
    openers, word = following.group(1), following.group(2)
    if openers:
        starts = True
    elif word:
        first = word[0]
        caseless = first.isalpha() and not first.islower() and not first.isupper()
        starts = first.isupper() or first.istitle() or first.isdigit() or caseless
    else:
        starts = False
    if not starts:
        return False
    if terminal.group() != ".":
        return True
    dot = terminal.start()
    token_start = dot
    limit = max(0, dot - _LONGEST_ABBREVIATION)
    while token_start > limit and not text[token_start - 1].isspace():
        token_start -= 1
    token = text[token_start : dot + 1].lstrip(_OPENERS)
    if token in _NEVER_FINAL:
        return False
    if (
        token in _MAYBE_FINAL
        or _INITIALISM.fullmatch(token)
        or (_INITIAL.fullmatch(token) and token[0].isupper())
    ):
        return word in _SENTENCE_STARTERS
    return True


def _quotations_carrying_on(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans (opening quote, closing quote) of quotations whose sentence goes on after them.

    Sorted and merged, so `_split_line` can walk them alongside the terminal punctuation.
    Only double quotes are paired: single ones are too often apostrophes.
    """
    openings: list[tuple[int, str]] = []
    found: list[tuple[int, int]] = []
    for mark in _PAIRED_QUOTE.finditer(text, start, end):
        char, at = mark.group(), mark.start()
        if char == '"':
            before = text[at - 1] if at > start else " "
            opens = before.isspace() or before in "([{-–—"
        elif char == "“":
            # „…“ (Russian, German): here “ closes.
            opens = not (openings and openings[-1][1] == "„")
        else:
            opens = char in "«„‟"
        if opens:
            openings.append((at, char))
        elif openings:
            opened = openings.pop()[0]
            if _sentence_goes_on(text, at + 1, end):
                found.append((opened, at))
    found.sort()
    merged: list[tuple[int, int]] = []
    for opened, closed in found:
        if merged and opened <= merged[-1][1]:
            if closed > merged[-1][1]:
                merged[-1] = (merged[-1][0], closed)
        else:
            merged.append((opened, closed))
    return merged


def _sentence_goes_on(text: str, after: int, end: int) -> bool:
    if after >= end:
        return False
    if text[after] in ",;:)]}" or text[after] in _TERMINALS:
        return True
    gap = _SPACES.match(text, after, end)
    resume = gap.end() if gap else after
    if resume == after or resume >= end:
        return False
    return text[resume].islower() or text[resume] in "-–—"


# --------------------------------------------------------------------------------------------
# Lookup
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_HINT_CANDIDATES = 20
_HINT_CHARS = 200
_HINT_QUOTE_CHARS = 1000


def _fold(text: str) -> str:
    """Lowercase `text` when that keeps its length (so offsets stay valid), else leave it."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


class _WordIndex:
    """Sentences by the words they contain; built the first time a hint is asked for."""

    __slots__ = ("postings",)

    def __init__(self) -> None:
        self.postings: dict[str, tuple[int, ...]] | None = None

    def get(self, sentences: tuple[Sentence, ...]) -> dict[str, tuple[int, ...]]:
        if self.postings is None:
            postings: dict[str, list[int]] = {}
            for sentence in sentences:
                words = _WORD.findall(_fold(normalise(sentence.text)))
                for word in dict.fromkeys(words):
                    postings.setdefault(word, []).append(sentence.number)
            self.postings = {word: tuple(numbers) for word, numbers in postings.items()}
        return self.postings


@dataclass(frozen=True, slots=True)
class Found:
    """Where quotes (`ArticleText.find`) and phrases (`ArticleText.mentions`) were looked up
    in one text, and what each lookup gave."""

    quotes: Mapping[str, QuoteMatch | None] = field(default_factory=dict)
    phrases: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Normalised:
    text: str
    back: _Back
    sentence_ends: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article text with its sentences and an index for quote lookups."""

    text: str
    language: str
    sentences: tuple[Sentence, ...]
    # What the last build's lookups in the same text gave (`kept_records.py`), taken as they
    # are: a build that looks up only those never normalises the text, which with the lookups
    # was a fifth of checking a 10,000-claim desk whose records were kept.
    known: Found = field(default_factory=Found, repr=False, compare=False)
    # The normalised text and the way back to the original's offsets, made on the first
    # lookup `known` does not answer.
    _index: list[_Normalised] = field(init=False, repr=False, compare=False)
    _words: _WordIndex = field(init=False, repr=False, compare=False)
    # The normalised text in lower case, made on the first `mentions`: an index kept between
    # rebuilds (`BuildCache`) keeps it too.
    _lowered: list[str] = field(init=False, repr=False, compare=False)
    # Quotes and phrases looked up, and where they were found: kept with the index, so a serve
    # rebuild does not search the unchanged articles for the unchanged quotes again.
    _found: dict[str, QuoteMatch | None] = field(init=False, repr=False, compare=False)
    _mentioned: dict[str, bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", [])
        object.__setattr__(self, "_words", _WordIndex())
        object.__setattr__(self, "_lowered", [])
        object.__setattr__(self, "_found", {})
        object.__setattr__(self, "_mentioned", {})

    def looked_up(self) -> Found:
        """Every quote and phrase looked up in this text so far, and what each gave."""
        return Found(dict(self._found), dict(self._mentioned))

    @property
    def _normalised(self) -> _Normalised:
        if not self._index:
            normalised, back = _normalise_with_maps(self.text)
            self._index.append(_Normalised(normalised, back, tuple(s.end for s in self.sentences)))
        return self._index[0]

    def mentions(self, phrase: str) -> bool:
        """Whether `phrase` occurs in the text, both compared after `normalise`, ignoring case."""
        found = self._mentioned.get(phrase)
        if found is None:
            found = self.known.phrases.get(phrase)
        if found is None:
            if not self._lowered:
                self._lowered.append(self._normalised.text.lower())
            found = normalise(phrase).lower() in self._lowered[0]
        self._mentioned[phrase] = found
        return found

    def find(self, quote: str) -> QuoteMatch | None:
        """The first occurrence of `quote`, compared after `normalise` on both sides.

        Quote marks and white space around the quote are ignored; a quote with nothing else
        never matches. Case and words must agree exactly, whole words included: a quote that
        begins or ends inside a word of the text ("populated area" in "populated areas", "قصف"
        in "قصفت") is another word, and does not match there.
        """
        if quote in self._found:
            return self._found[quote]
        if quote in self.known.quotes:
            found = self._found[quote] = self.known.quotes[quote]
            return found
        found = self._found[quote] = self._find(quote)
        return found

    def _find(self, quote: str) -> QuoteMatch | None:
        needle = _quote_needle(quote)
        if not needle:
            return None
        normalised = self._normalised
        at = normalised.text.find(needle)
        if at < 0:
            return None
        if not self._whole_words(at, needle):
            # Rare: the first occurrence cuts a word. A regex search finds the next whole one
            # in one linear pass instead of retrying find() at every position.
            left = r"(?<!\w)" if _WORD_CHAR.match(needle[0]) else ""
            right = r"(?!\w)" if _WORD_CHAR.match(needle[-1]) else ""
            whole = re.compile(left + re.escape(needle) + right).search(normalised.text, at + 1)
            if whole is None:
                return None
            at = whole.start()
        start = normalised.back.start(at)
        end = normalised.back.end(at + len(needle))
        while end < len(self.text) and self.text[end] in _TRAILING_MARKS:
            end += 1
        return QuoteMatch(start, end, self._sentences_between(start, end))

    def _whole_words(self, at: int, needle: str) -> bool:
        text, end = self._normalised.text, at + len(needle)
        cut_before = at > 0 and _WORD_CHAR.match(needle[0]) and _WORD_CHAR.match(text[at - 1])
        cut_after = end < len(text) and _WORD_CHAR.match(needle[-1]) and _WORD_CHAR.match(text[end])
        return not (cut_before or cut_after)

    def sentence(self, number: int) -> Sentence | None:
        """The sentence numbered `number` (from 1), or None."""
        if 1 <= number <= len(self.sentences):
            return self.sentences[number - 1]
        return None

    def closest_passage(self, quote: str) -> str:
        """The passage of the text that best matches `quote`, to suggest for a misquote.

        Candidates are the sentences sharing the rarest words with the quote (at most 20), alone
        and, when the quote is longer, joined with the sentence before or after. Each is aligned
        with the quote on their longest common run and scored with difflib's ratio, ignoring
        case. The winner is cut to about 200 characters around the aligned region, at word
        borders, with white space collapsed to single spaces (it is shown on one line; `find`
        still locates it). Returns "" when no sentence shares a word with the quote.
        """
        needle = _fold(_quote_needle(quote))[:_HINT_QUOTE_CHARS]
        if not needle:
            return ""
        best: tuple[float, int, int, int] | None = None
        best_region = best_passage = (0, 0)
        for first, last in self._hint_windows(needle):
            passage_start = self.sentences[first - 1].start
            passage = self.text[passage_start : self.sentences[last - 1].end]
            normalised, back = _normalise_with_maps(passage)
            folded = _fold(normalised)
            matcher = difflib.SequenceMatcher(None, needle, folded, autojunk=False)
            at_quote, at_passage, size = matcher.find_longest_match(0, len(needle), 0, len(folded))
            if size == 0:
                continue
            region_start = max(0, at_passage - at_quote)
            region_end = min(len(folded), region_start + len(needle))
            matcher.set_seq2(folded[region_start:region_end])
            score = (matcher.ratio(), size, -first, -last)
            if best is None or score > best:
                best = score
                best_region = (
                    passage_start + back.start(region_start),
                    passage_start + back.end(region_end),
                )
                best_passage = (passage_start, passage_start + len(passage))
        if best is None:
            return ""
        return _trim(self.text, best_passage, best_region)

    def _sentences_between(self, start: int, end: int) -> tuple[int, ...]:
        numbers: list[int] = []
        index = bisect_right(self._normalised.sentence_ends, start)
        while index < len(self.sentences) and self.sentences[index].start < end:
            numbers.append(self.sentences[index].number)
            index += 1
        return tuple(numbers)

    def _hint_windows(self, needle: str) -> list[tuple[int, int]]:
        """(first, last) sentence numbers of the passages worth comparing with `needle`."""
        postings = self._words.get(self.sentences)
        total = len(self.sentences)
        shared: dict[int, float] = {}
        for word in set(_WORD.findall(needle)):
            numbers = postings.get(word, ())
            if numbers:
                # Rare words say more about where a quote comes from than "the" or "said".
                weight = math.log((total + 1) / len(numbers)) + 0.1
                for number in numbers:
                    shared[number] = shared.get(number, 0.0) + weight
        leaders = heapq.nsmallest(_HINT_CANDIDATES, shared.items(), key=lambda kv: (-kv[1], kv[0]))
        windows: set[tuple[int, int]] = set()
        for number, _ in leaders:
            windows.add((number, number))
            if len(self.sentences[number - 1].text) < len(needle):
                if number > 1:
                    windows.add((number - 1, number))
                if number < total:
                    windows.add((number, number + 1))
        return sorted(windows)


def _trim(text: str, passage: tuple[int, int], region: tuple[int, int]) -> str:
    """`text[passage]` cut to about _HINT_CHARS around `region`, white space collapsed."""
    low, high = passage
    if high - low > _HINT_CHARS:
        region_start, region_end = region
        if region_end - region_start >= _HINT_CHARS:
            low, high = region_start, region_start + _HINT_CHARS
        else:
            spare = _HINT_CHARS - (region_end - region_start)
            low = max(passage[0], region_start - spare // 2)
            high = min(passage[1], low + _HINT_CHARS)
            low = max(passage[0], high - _HINT_CHARS)
        # Cut at white space so no word is shown in half (unless it is one enormous word).
        if low > passage[0] and not text[low - 1].isspace():
            space = _SPACE_RUN.search(text, low, high)
            if space is not None and space.end() < high:
                low = space.end()
        if high < passage[1] and not text[high].isspace():
            cut = text.rfind(" ", low, high)
            if cut > low:
                high = cut
    return _SPACE_RUN.sub(" ", text[low:high]).strip()


def index_article(text: str, language: str = "en", kept: Kept | None = None) -> ArticleText:
    """Split `text` into sentences and index it for `find` and `closest_passage`; `kept` may
    give the sentences of a text split before, and what looking up quotes in it gave
    (`kept_records.py`)."""
    if kept is None:
        return ArticleText(text, language, split_sentences(text, language))
    spans = kept.spans(text, lambda: [(s.start, s.end) for s in split_sentences(text, language)])
    sentences = tuple(
        Sentence(number, text, start, end) for number, (start, end) in enumerate(spans, 1)
    )
    indexed = ArticleText(text, language, sentences, kept.found(text, len(sentences)))
    kept.indexed(text, indexed)
    return indexed


class Kept(Protocol):
    def spans(
        self, text: str, split: Callable[[], list[tuple[int, int]]]
    ) -> list[tuple[int, int]]: ...

    def found(self, text: str, sentences: int) -> Found: ...

    def indexed(self, text: str, indexed: ArticleText) -> None: ...
