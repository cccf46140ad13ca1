"""Who speaks: the proper name in a speaker phrase, matched to the site's entities by name, alias
or last name, or proposed as a new entity (a draft) with a guessed kind."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...content.models import Content, EntityKind
from ...content.text import normalise
from ..scaffold import NewEntity, slug
from .findings import PROPOSED_MARK, Speaker
from .quotations import PRONOUNS, bare, name_like, words_of

_TITLES = words_of("""
    Maj. Maj Gen. Gen Lt. Col. Capt. Sgt. Adm. Brig. Dr. Mr. Mrs. Ms. Prof. Sen. Rep. Gov.
    Pres. Rev. Sheikh President Senator General Colonel Major Minister Prime Secretary
    Spokesman Spokeswoman Ambassador Maj.-Gen. Lt.-Gen. Brig.-Gen. King Queen Prince Emir
    Ayatollah Commander Chief
    """)
_CONNECTORS = words_of("of for the and de al bin ibn von van der du la")
_ACRONYM = re.compile(r"^\(([A-Z][A-Za-z0-9&.-]{1,12})\)$")
_GOVERNMENT_NAMES = words_of(
    "Moscow Washington Damascus Tehran Baghdad Ankara Beijing Kremlin Riyadh Paris London "
    "Berlin Kyiv Kiev Jerusalem Cairo Amman Doha"
)
_KIND_WORDS: Mapping[EntityKind, frozenset[str]] = {
    "media": words_of("TV Television Radio News Agency Press Times Post Channel"),
    "monitor": words_of("Observatory Monitor Watch Airwars"),
    "military": words_of("Army Forces Force Military Command Navy Brigade Battalion"),
    "government": words_of("Ministry Government Council Cabinet Presidency Department"),
    "organisation": words_of(
        "Front Coalition Group Party Union Committee Organization Organisation Institute "
        "Movement Alliance State"
    ),
}


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
        if name_like(token) or (name and token.lower() in _CONNECTORS):
            name.insert(0, token)
        else:
            break
    while name and (name[0].lower() in _CONNECTORS or name[0] in _TITLES):
        name.pop(0)
    text = " ".join(bare(t) if i == len(name) - 1 else t for i, t in enumerate(name))
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
                    if name_like(token) and len(token) >= 4:
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


def resolve_speakers(
    article_id: str, mentions: Sequence[tuple[int, str]], content: Content
) -> tuple[dict[tuple[int, str], Speaker], list[NewEntity]]:
    """Each (sentence, speaker words) -> a known entity, a new entity proposed as a draft, or
    the reason there is none (a pronoun, no proper name, no speaker at all)."""
    index = _EntityIndex.build(content)
    taken = {e.id for e in content.entities}
    speakers: dict[tuple[int, str], Speaker] = {}
    unmatched: dict[str, tuple[str, tuple[str, ...], int]] = {}  # name -> (words, aliases, n)
    pending: list[tuple[tuple[int, str], str, str]] = []
    for number, given in mentions:
        key = (number, given)
        words = given.strip()
        if not words:
            speakers[key] = Speaker("", "none")
            continue
        if words.lower() in PRONOUNS:
            speakers[key] = Speaker(words, "pronoun")
            continue
        name, aliases = proper_name(words)
        known = index.match(words, name)
        if known is not None:
            speakers[key] = Speaker(words, "entity", known, name)
        elif not name:
            speakers[key] = Speaker(words, "unnamed")
        else:
            unmatched.setdefault(name, (words, aliases, number))
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
