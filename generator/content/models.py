"""The content records, as editors write them: one frozen dataclass per YAML shape.

These definitions are the single schema: `schema.py` reads YAML nodes into them and generates
the JSON Schema for editors from them, so the checker and the editor's completion never differ.
Field metadata `doc` is the description editors see. Records keep their position (`at`) and the
position of each field's value (`where`) so later stages can point at exact lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from .diagnostics import Positions, SourceLocation


@dataclass(frozen=True, slots=True)
class Format:
    """A constraint on a string field beyond its type, checked by `schema.py`.

    `pattern` also goes into the editors' JSON Schema; `problem`, for rules a portable regular
    expression cannot state, returns what is wrong with a value ("" when nothing is), reported
    with `code`.
    """

    name: str
    pattern: str
    hint: str
    problem: Callable[[str], str] | None = None
    code: str = "FD016"


# Tags are printed by Material's tags plugin without escaping, into front matter, filter menus
# and TimelineJS groups: rather than trust every one of those places, a tag is a word or a few,
# in any script. Letters, combining marks and digits of every script, dashes, single spaces
# between words, and these.
_TAG_PUNCTUATION = frozenset(".,'’()")
_ZERO_WIDTH_NON_JOINER = "\u200c"  # part of Persian spelling, between two letters


def _shown_character(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if unicodedata.category(character)[0] in "CZ" and character != " ":
        return f"the invisible character {code}"
    return f"'{character}' ({code})"


def tag_problem(tag: str) -> str:
    """What keeps `tag` from being a tag, or "" when it is one."""
    if tag != tag.strip() or "  " in tag:
        return "has spaces at its ends or two in a row"
    for index, character in enumerate(tag):
        if unicodedata.category(character)[0] in "LMN" or unicodedata.category(character) == "Pd":
            continue
        if character in _TAG_PUNCTUATION or character == " ":
            continue
        if (
            character == _ZERO_WIDTH_NON_JOINER
            and 0 < index < len(tag) - 1
            and tag[index - 1].isalpha()
            and tag[index + 1].isalpha()
        ):
            continue
        return f"holds {_shown_character(character)}, which a tag cannot hold"
    return ""


ID = Format(
    "id",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "ids use lowercase letters, digits and single hyphens, e.g. russian-mod",
)
# An editor links an event by its anchor, as on a timeline of one page (`site/layout.py`).
EVENT_ANCHOR = re.compile(r"#event-([a-z0-9]+(?:-[a-z0-9]+)*)")
URL = Format("url", r"^https?://[^\s]+$", "give a full address starting with https:// or http://")
# The site's own address goes to MkDocs, and themes print it unescaped (Material's canonical
# link): it may not hold a character that ends an attribute or opens markup, which an address
# writes percent-encoded anyway.
SITE_URL = Format(
    "url",
    r"^https?://[^\s\"'<>\\^`{|}]+$",
    "give a full address starting with https:// or http://; write \" ' < > \\ ^ ` { | } "
    "percent-encoded (%22, %27, %3C, ...)",
)
COLOUR = Format("colour", r"^#[0-9a-fA-F]{6}$", 'give a colour as "#rrggbb", e.g. "#c62828"')
LANGUAGE = Format(
    "language", r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", "use a code such as en, ru, ar"
)
TAG = Format(
    "tag",
    r"",
    "a tag is a topic in words: letters and digits of any script, spaces, hyphens and dashes, "
    "and . , ' ’ ( )",
    tag_problem,
    "FD122",
)
# Dates are parsed by dates.py after loading; here they only have to be text.
DATE = Format("date", r"", "")
MARKDOWN = Format("markdown", r"", "")
# A figure as the text writes it: YAML reads a bare 526 as a number, which is kept as its text.
FIGURE = Format("figure", r"", "")

Id = Annotated[str, ID]
Url = Annotated[str, URL]
Colour = Annotated[str, COLOUR]
Language = Annotated[str, LANGUAGE]
DateText = Annotated[str, DATE]
Markdown = Annotated[str, MARKDOWN]
FigureText = Annotated[str, FIGURE]
Tag = Annotated[str, TAG]

Status = Literal["published", "draft"]
EntityKind = Literal["person", "organisation", "government", "military", "media", "monitor"]

TERM_DOC = (
    "true when the quote is a single word or name quoted as a term; a quote needs three words "
    "otherwise"
)
TAGS_DOC = (
    "topics, for filtering: words in any script, with spaces, hyphens, dashes and . , ' ’ ( )"
)
DATE_DOC = (
    "2026-10-06, 2026-10, 2026, ~2026-10-06 (approximate), 2026-09-30/2026-10-07 (range), "
    "or a phrase from the article such as 'on Wednesday'"
)


def doc(text: str, **extra: Any) -> Any:
    """Field metadata: the description editors see in the JSON Schema."""
    return {"doc": text, **extra}


def _where() -> Any:
    return field(default_factory=Positions, compare=False, repr=False, metadata={"internal": True})


def _at() -> Any:
    return field(default=SourceLocation(""), compare=False, repr=False, metadata={"internal": True})


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str = field(metadata=doc("who publishes the fact-checks"))
    url: Url | None = field(default=None, metadata=doc("the publisher's home page"))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Repository:
    url: Url = field(
        metadata=doc(
            "the desk's repository on GitHub, GitLab, Codeberg or another Forgejo or Gitea "
            "host, e.g. https://github.com/example/desk: every page links to the files it was "
            "built from there"
        )
    )
    branch: str = field(default="main", metadata=doc("the branch the site is published from"))
    folder: str = field(
        default="", metadata=doc("the desk's folder inside the repository, if not its top")
    )
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Rating:
    id: Id = field(metadata=doc("used in claim files as verdict.rating"))
    label: str = field(metadata=doc("what readers see, e.g. False"))
    meaning: str = field(metadata=doc("one line: when this rating applies"))
    colour: Colour = field(metadata=doc("colour of the verdict box, #rrggbb"))
    scored: bool = field(
        default=True,
        metadata=doc(
            "false for a rating outside the true-to-false scale, such as unproven: it gets no "
            "numeric ratingValue in ClaimReview"
        ),
    )
    upholds: bool | None = field(
        default=None,
        metadata=doc(
            "true when this rating finds the claim correct in substance, so that a "
            "contradiction can be resolved in the claim's favour; default: the better half of "
            "the scored ratings (accurate and mostly accurate on a five-step scale)"
        ),
    )
    at: SourceLocation = _at()
    where: Positions = _where()


def upholding_ratings(scale: tuple[Rating, ...]) -> frozenset[str]:
    """Ids of the ratings that find a claim correct in substance: those marked `upholds: true`,
    and, where `upholds` is not given, the better half of the scored ratings (rounded down,
    so the middle rating of an odd scale, "mixed", does not uphold a claim)."""
    scored = [r.id for r in scale if r.scored]
    better = set(scored[: len(scored) // 2])
    return frozenset(
        r.id for r in scale if (r.upholds if r.upholds is not None else r.id in better)
    )


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = field(metadata=doc("the site's name"))
    description: str = field(metadata=doc("one or two sentences on what the desk covers"))
    publisher: Publisher = field(metadata=doc("the organisation behind the site"))
    rating_scale: tuple[Rating, ...] = field(
        metadata=doc("the ratings, best first; the order gives ClaimReview's best and worst")
    )
    site_url: Annotated[str, SITE_URL] | None = field(
        default=None, metadata=doc("the published address; required once a claim has a verdict")
    )
    language: Language = field(default="en", metadata=doc("the site's language"))
    introduction: Markdown = field(default="", metadata=doc("the home page's opening text"))
    methodology: Markdown = field(default="", metadata=doc("the editor's text on methodology"))
    repository: Repository | None = field(
        default=None,
        metadata=doc("where the content files are published, so readers can open each one"),
    )
    page_size: int = field(
        default=50,
        metadata=doc(
            "entries on one page of the claims, articles, entities and contradictions indexes "
            "and of the timeline; a longer list is split into numbered pages"
        ),
    )
    share_images: bool = field(
        default=False,
        metadata=doc(
            "true: a picture of each claim's verdict (1200x630 PNG) for links shared in posts "
            "and chats; needs site_url"
        ),
    )
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Entity:
    id: Id = field(metadata=doc("how claims and articles refer to this entity"))
    name: str = field(metadata=doc("full name"))
    kind: EntityKind = field(metadata=doc("what sort of claimant or source this is"))
    description: str = field(default="", metadata=doc("one line on who they are"))
    affiliation: Id | None = field(default=None, metadata=doc("id of the entity they belong to"))
    url: Url | None = field(default=None, metadata=doc("an official page"))
    aliases: tuple[str, ...] = field(
        default=(), metadata=doc("other names the text uses for them, e.g. Moscow")
    )
    status: Status = field(
        default="published", metadata=doc("draft (e.g. proposed by extract) keeps it off the site")
    )
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Background:
    sentences: tuple[int, ...] = field(
        metadata=doc("sentence numbers that no claim or event cites")
    )
    reason: str = field(metadata=doc("why they are context rather than a claim or event"))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Origin:
    sentences: tuple[int, ...] = field(metadata=doc("sentence numbers taken from another report"))
    article: Id = field(metadata=doc("id of the article record of that original report"))
    note: str = field(default="", metadata=doc("how we know"))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Article:
    title: str = field(metadata=doc("the headline as published"))
    outlet: str = field(metadata=doc("who published it, e.g. Agence France-Presse"))
    published: DateText = field(metadata=doc("publication date: " + DATE_DOC.split(", or")[0]))
    id: Id = field(default="", metadata=doc("defaults to the file name"))
    url: Url | None = field(default=None, metadata=doc("where it was published"))
    archive_url: Url | None = field(default=None, metadata=doc("an archived copy"))
    author: str = field(default="", metadata=doc("byline"))
    retrieved: DateText | None = field(default=None, metadata=doc("when the desk collected it"))
    language: Language | None = field(default=None, metadata=doc("defaults to the site language"))
    text_file: str | None = field(
        default=None,
        metadata=doc("path of the text under seeds/, e.g. seeds/article.txt; never edited"),
    )
    note: Markdown = field(default="", metadata=doc("the desk's note on this source"))
    background: tuple[Background, ...] = field(
        default=(), metadata=doc("sentences accounted for as background")
    )
    origins: tuple[Origin, ...] = field(
        default=(), metadata=doc("sentences that come from an earlier report")
    )
    status: Status = field(default="published", metadata=doc("draft keeps it off the site"))
    # The Markdown body of a .md record, or the seed text; filled in by load.py.
    text: str = field(default="", metadata={"internal": True})
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Citation:
    article: Id = field(metadata=doc("id of the article"))
    quote: str = field(metadata=doc("verbatim words from the article, in its language"))
    translation: str | None = field(
        default=None,
        metadata=doc(
            "the desk's translation of the quote into the site's language, when the "
            "article is in another language"
        ),
    )
    first: bool = field(
        default=False, metadata=doc("mark the first appearance when it is not the earliest")
    )
    term: bool = field(default=False, metadata=doc(TERM_DOC))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Evidence:
    note: str = field(metadata=doc("what this piece of evidence shows"))
    article: Id | None = field(default=None, metadata=doc("an article id, with quote"))
    quote: str | None = field(default=None, metadata=doc("verbatim words from that article"))
    term: bool = field(default=False, metadata=doc(TERM_DOC))
    translation: str | None = field(
        default=None,
        metadata=doc(
            "the desk's translation of the quote into the site's language, when the "
            "article is in another language"
        ),
    )
    title: str | None = field(default=None, metadata=doc("title of an external source"))
    outlet: str | None = field(default=None, metadata=doc("who published the external source"))
    url: Url | None = field(default=None, metadata=doc("address of the external source"))
    date: DateText | None = field(default=None, metadata=doc("its publication date"))
    archive_url: Url | None = field(default=None, metadata=doc("an archived copy"))
    at: SourceLocation = _at()
    where: Positions = _where()

    @property
    def is_external(self) -> bool:
        return self.article is None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    date: DateText = field(metadata=doc("when the change was published"))
    note: str = field(metadata=doc("what changed and why"))
    previous_rating: Id | None = field(
        default=None, metadata=doc("for a re-rating: the rating before this change")
    )
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Attribution:
    credited_to: Id = field(
        metadata=doc("id of the organisation (in entities.yml) that this source credits it to")
    )
    source: Evidence = field(
        metadata=doc(
            "where the desk read the attribution: article and quote, or an external source "
            "with title, url and note"
        )
    )
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Figure:
    value: FigureText = field(metadata=doc("the figure as the text writes it, e.g. 526 or 1,098"))
    counts: str = field(metadata=doc("what it counts: who, where, over which period"))
    attributions: tuple[Attribution, ...] = field(
        metadata=doc(
            "each source that credits the figure to an organisation; when sources credit "
            "different organisations, the page shows that they disagree"
        )
    )
    note: str = field(
        default="",
        metadata=doc("what the desk makes of the attribution; needed when the sources disagree"),
    )
    at: SourceLocation = _at()
    where: Positions = _where()


FIGURES_DOC = "figures credited to an organisation in this text, each with its sources"


@dataclass(frozen=True, slots=True)
class Verdict:
    rating: Id = field(metadata=doc("an id from rating_scale in site.yml"))
    conclusion: str = field(metadata=doc("one line a reader can quote"))
    reviewer: str = field(metadata=doc("who reviewed the claim"))
    reviewed: DateText = field(metadata=doc("when the verdict was published"))
    explanation: Markdown = field(default="", metadata=doc("the reasoning, in Markdown"))
    evidence: tuple[Evidence, ...] = field(default=(), metadata=doc("what the verdict rests on"))
    history: tuple[HistoryEntry, ...] = field(
        default=(), metadata=doc("dated corrections and re-ratings, oldest first")
    )
    figures: tuple[Figure, ...] = field(default=(), metadata=doc(FIGURES_DOC))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Claim:
    claim: str = field(metadata=doc("the claim in one sentence"))
    claimant: Id = field(metadata=doc("id of the entity that made it"))
    date: DateText = field(metadata=doc("when it was made: " + DATE_DOC))
    appearances: tuple[Citation, ...] = field(metadata=doc("where it was made, quoted verbatim"))
    id: Id = field(default="", metadata=doc("defaults to the file name"))
    claim_short: str | None = field(
        default=None, metadata=doc("at most ~75 characters, for ClaimReview's claimReviewed")
    )
    date_article: Id | None = field(
        default=None,
        metadata=doc("article that a date phrase is read against; default: first appearance"),
    )
    tags: tuple[Tag, ...] = field(default=(), metadata=doc(TAGS_DOC))
    location: str | None = field(default=None, metadata=doc("where the claim is about"))
    verdict: Verdict | None = field(default=None, metadata=doc("leave out while under review"))
    status: Status = field(default="published", metadata=doc("draft keeps it off the site"))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Confirmation:
    by: str = field(metadata=doc("who judged the event confirmed, e.g. the desk's editor"))
    date: DateText = field(metadata=doc("when the desk confirmed it"))
    basis: str = field(
        metadata=doc("what the confirmation rests on, and what it does not establish")
    )
    evidence: tuple[Evidence, ...] = field(
        metadata=doc(
            "sources beyond the event's own reports that bear it out (article quotes or "
            "external sources); at least one"
        )
    )
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Event:
    date: DateText = field(metadata=doc("when it happened: " + DATE_DOC))
    title: str = field(metadata=doc("what happened, in a few words"))
    sources: tuple[Citation, ...] = field(metadata=doc("articles reporting it, quoted verbatim"))
    id: Id = field(default="", metadata=doc("defaults to the file name"))
    description: Markdown = field(default="", metadata=doc("more detail, in Markdown"))
    date_article: Id | None = field(
        default=None,
        metadata=doc("article that a date phrase is read against; default: first source"),
    )
    location: str | None = field(default=None, metadata=doc("place name"))
    claims: tuple[Id, ...] = field(default=(), metadata=doc("ids of related claims"))
    entities: tuple[Id, ...] = field(default=(), metadata=doc("ids of entities involved"))
    tags: tuple[Tag, ...] = field(default=(), metadata=doc(TAGS_DOC))
    confirmed: Confirmation | None = field(
        default=None,
        metadata=doc(
            "leave out while the event rests on its sources alone; a contradiction can be "
            "resolved in an event's favour only once the desk has confirmed it"
        ),
    )
    status: Status = field(default="published", metadata=doc("draft keeps it off the site"))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Side:
    label: str = field(metadata=doc("the position this side takes, in a few words"))
    claim: Id | None = field(default=None, metadata=doc("a claim id (or give event)"))
    event: Id | None = field(default=None, metadata=doc("an event id (or give claim)"))
    camp: str = field(
        default="",
        metadata=doc(
            "the position several sides share, in a few words: sides with the same camp are "
            "shown together (default: the side's own label, a camp of its own)"
        ),
    )
    at: SourceLocation = _at()
    where: Positions = _where()

    @property
    def ref(self) -> str:
        return self.claim or self.event or ""


@dataclass(frozen=True, slots=True)
class Contradiction:
    title: str = field(metadata=doc("the conflict in a few words"))
    sides: tuple[Side, ...] = field(metadata=doc("two or more claims or events that conflict"))
    note: Markdown = field(metadata=doc("how they conflict and what the evidence shows"))
    status: Literal["open", "resolved"] = field(
        metadata=doc(
            "open, or resolved when the evidence supports one side: a claim whose verdict "
            "upholds it, or an event the desk has confirmed"
        )
    )
    id: Id = field(default="", metadata=doc("defaults to the file name"))
    supported: Id | None = field(
        default=None, metadata=doc("when resolved: the claim or event id the evidence supports")
    )
    tags: tuple[Tag, ...] = field(default=(), metadata=doc(TAGS_DOC))
    status_note: str = field(default="", metadata=doc("one line on why it is open or resolved"))
    figures: tuple[Figure, ...] = field(default=(), metadata=doc(FIGURES_DOC))
    at: SourceLocation = _at()
    where: Positions = _where()


@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded from one site's content/ folder, before linking."""

    site: SiteConfig | None
    entities: tuple[Entity, ...]
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    contradictions: tuple[Contradiction, ...]
    # (kind, id) of records whose file exists but could not be read: references to them are not
    # reported again as unknown. ("entity", "*") when entities.yml itself had errors;
    # ("article-text", id) when an article's text_file could not be read.
    broken: frozenset[tuple[str, str]] = frozenset()
