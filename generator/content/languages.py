"""Language codes -> names and writing direction, for messages and for marking up quotes.

Takes a code as editors write it (`ru`, `ar-SY`, `en`); returns its English name from CLDR
through Babel ("Russian (ru)" in the checker's messages) and whether its script runs right to
left (pages mark an Arabic quote `dir="rtl"` on an English site, and the reverse).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from babel import Locale, UnknownLocaleError

__all__ = ["is_right_to_left", "language_list", "language_name"]


@cache
def _english_names() -> dict[str, str]:
    return dict(Locale("en").languages)


def language_name(code: str, *, bare: bool = False) -> str:
    """ "Russian (ru)", or "Russian" with `bare`; the code alone when CLDR has no name for it."""
    name = _english_names().get(code.replace("-", "_")) or _english_names().get(
        code.split("-", 1)[0].lower()
    )
    if name is None:
        return code if bare else f"'{code}'"
    return name if bare else f"{name} ({code})"


def language_list(codes: Iterable[str]) -> str:
    """ "Arabic (ar), English (en) and Russian (ru)", in the order given."""
    names = [language_name(code) for code in codes]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


@cache
def is_right_to_left(code: str) -> bool:
    """True for a language written right to left (ar, fa, he, ur, ...), from CLDR."""
    try:
        return Locale.parse(code.replace("-", "_")).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False
