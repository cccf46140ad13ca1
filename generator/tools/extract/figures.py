"""Casualty figures in one sentence: how many people were killed, wounded or struck ("22 of his
fighters were wounded", "killed two women and a child" is 3)."""

from __future__ import annotations

import re

from .findings import Casualties

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
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
