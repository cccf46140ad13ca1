"""Characters that differ between two copies of the same words, by script.

Takes nothing; holds the tables `text.py` (quote lookup) and `phrases.py` (date phrases) share,
so that a quote and a date phrase are compared under the same rules:

- `IGNORABLE`: characters that carry no letter of their own and come and go between copies of
  one text: Arabic diacritics (harakat, shadda, sukun, dagger alef) and the tatweel that
  stretches a word, bidirectional controls (left-to-right and right-to-left marks, embeddings,
  isolates), zero-width joiners and the soft hyphen.
- `SAME_LETTER`: one letter written two ways, always one character for one character:
  Russian ё/е (Russian print drops the dots), Arabic alef with or without hamza or madda, alef
  maqsura and yeh, teh marbuta and heh, the hamza seats of waw and yeh, and the Persian
  keyboard's yeh and kaf in Arabic text.
- `PRESENTATION_FORMS`: Arabic letters in their contextual presentation forms (U+FB50-U+FDFF,
  U+FE70-U+FEFC) as older PDFs and copy-paste from them give them, which Unicode's
  compatibility decomposition turns back into plain letters (one form may be two letters: the
  lam-alef ligature).
- `DIGITS`: Arabic-Indic and extended Arabic-Indic digits, read as 0-9.

Every fold here keeps the words: no table merges two different letters of one alphabet except
the spelling variants listed, so a quote that differs by a word never matches.
"""

from __future__ import annotations

import re

__all__ = [
    "DIGITS",
    "IGNORABLE",
    "IGNORABLE_RUN",
    "PRESENTATION_FORMS",
    "SAME_LETTER",
]

_HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0660))  # fathatan ... hamza below
_DAGGER_ALEF = "\u0670"
# Quranic annotation signs that appear in quoted scripture and in some typesetting.
_QURANIC_MARKS = "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE))
_TATWEEL = "\u0640"
_BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

IGNORABLE = _HARAKAT + _DAGGER_ALEF + _QURANIC_MARKS + _TATWEEL + _BIDI_CONTROLS + _ZERO_WIDTH
IGNORABLE_RUN = re.compile(f"[{re.escape(IGNORABLE)}]+")

SAME_LETTER: dict[str, str] = {
    # Russian
    "ё": "е",
    "Ё": "Е",
    # Arabic: alef with hamza above or below, with madda, wasla -> bare alef
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    # alef maqsura -> yeh; teh marbuta -> heh (final letters that print and type both ways)
    "ى": "ي",
    "ة": "ه",
    # hamza on a waw or yeh seat -> the hamza itself: مسؤول and مسئول are one word
    "ؤ": "ء",
    "ئ": "ء",
    # Persian keyboards' yeh and kaf typed in Arabic text
    "ی": "ي",
    "ک": "ك",
}

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")

DIGITS: dict[int, int] = {
    **{0x0660 + n: ord("0") + n for n in range(10)},
    **{0x06F0 + n: ord("0") + n for n in range(10)},
}
