"""The linked model -> {path: Markdown} through the Jinja templates in `site_templates/`.

Takes a `Site` and returns every generated page and asset as text keyed by its path in the
docs tree. No Markdown is assembled here: each page is one template, and everything that came
from content passes through the `md` filter (inline text) or `md_block` (editor-written
Markdown), which escape it for Markdown and HTML at once.
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

from ..content.catalogue import ENTRIES as DIAGNOSTICS
from ..content.diagnostics import Diagnostic, SourceLocation, did_you_mean, error, format_diagnostic
from ..content.languages import is_right_to_left
from ..content.linked import LinkedClaim, Site, TimelineEntry
from ..content.yamlsrc import split_front_matter
from ..incremental import BuildCache, Kept, MadeFrom, kept
from ..resources import TEMPLATES, CompiledTemplates, template_environment
from .claimreview import script_element
from .dependencies import entry_files, listing_files, outlets, page_files, records_in, references
from .interface import LOCALES, Interface, install_words
from .kept_entries import KeptEntries
from .layout import (
    ASSETS,
    LISTING_SECTIONS,
    PAGES,
    SECTIONS,
    TIMELINEJS,
    Layout,
    SourceLink,
    relative,
)
from .share_images import UNDER_REVIEW

# Where a site keeps its own versions of the templates (the plugin's `templates` option).
OVERRIDES = "overrides/factdesk"
# Shown on every page (site title, rating scale): part of every page's cache key.
SITE_FILE = "content/site.yml"

# Characters that start Markdown or HTML syntax anywhere in a line. Encoding them as numeric
# entities (rather than backslash escapes) works with every Markdown extension set, because an
# entity is never parsed as syntax and the browser shows the character itself.
_INLINE = {c: f"&#{ord(c)};" for c in "\\`*_[]{}<>|~^$=#"}
_INLINE["&"] = "&amp;"
# Found by a scan, not by str.translate, which looks up every character of the text in the
# table (0.9 s of the pages at 10k claims; these characters are rare in prose).
_INLINE_SYNTAX = re.compile("[" + re.escape("".join(_INLINE)) + "]")
_SPACE = re.compile(r"\s+")
# Line-start syntax that survives the table above: list markers and numbered lists.
_LEADING = re.compile(r"^([-+])|^(\d+)([.)])")
# In editor-written Markdown, raw HTML and attribute lists could run script; links may not use
# a script scheme.
# `&` too, so no entity can spell a script scheme (java&#115;cript:) inside a link.
_BLOCK = {ord("<"): "&lt;", ord("&"): "&amp;", ord("{"): "&#123;", ord("}"): "&#125;"}
# Link targets: inline links and images `](target`, and reference definitions `[r]: target`.
_INLINE_TARGET = re.compile(r"\]\((\s*<?)([^)]*)")
_REFERENCE_TARGET = re.compile(r"^( {0,3}\[[^\]\n]+\]):([ \t]*<?)([^\n]*)", re.MULTILINE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _unsafe_target(target: str) -> bool:
    visible = _INVISIBLE.sub("", target)
    # An entity before the first / ? # could spell a scheme once the browser decodes it.
    if "&" in re.split(r"[/?#]", visible, maxsplit=1)[0]:
        return True
    scheme = _SCHEME.match(visible)
    return scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES


# Direction embeddings and overrides (closed by PDF) and isolates (closed by PDI). One left open
# reverses or reorders the text after the value in the same paragraph: a right-to-left override
# in an article's title would turn the outlet and date printed after it around.
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES = frozenset("\u2066\u2067\u2068")
_PDF, _PDI = "\u202c", "\u2069"
# One regular-expression scan: a character-by-character test in Python was 11 % of the
# generator pass at 10k claims (every escaped value goes through here).
_DIRECTION_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def close_directions(text: str) -> str:
    """`text` with the direction embeddings and isolates it leaves open closed at its end, as
    Unicode's bidirectional algorithm pairs them (a PDI also closes the embeddings opened inside
    its isolate). Balanced text, the normal case in Arabic and Hebrew, is returned unchanged."""
    if _DIRECTION_CONTROL.search(text) is None:
        return text
    open_: list[str] = []
    for character in text:
        if character in _EMBEDDINGS:
            open_.append(_PDF)
        elif character in _ISOLATES:
            open_.append(_PDI)
        elif character == _PDF and open_ and open_[-1] == _PDF:
            open_.pop()
        elif character == _PDI and _PDI in open_:
            while open_.pop() != _PDI:
                pass
    return text + "".join(reversed(open_))


def escape_inline(value: object) -> Markup:
    """Content text as literal text inside a Markdown paragraph, table cell or link text."""
    return _escaped_inline(str(value))


# Four of five values escaped in a build are ones escaped shortly before (rating labels, outlet
# and claimant names, a claim's text on its page and in its listings): at 10k claims 760,000
# calls for 142,000 different texts. A small cache keeps memory flat at any size.
@lru_cache(maxsize=4096)
def _escaped_inline(value: str) -> Markup:
    text = close_directions(_SPACE.sub(" ", value).strip())
    text = _INLINE_SYNTAX.sub(_inline_entity, text)
    return Markup(_LEADING.sub(_leading_entity, text))


def _inline_entity(syntax: re.Match[str]) -> str:
    return _INLINE[syntax.group()]


def _leading_entity(marker: re.Match[str]) -> str:
    # A list marker would start a list item: the mark is written as an entity, a number kept.
    if marker.group(1):
        return f"&#{ord(marker.group(1))};"
    return f"{marker.group(2)}&#{ord(marker.group(3))};"


# The address a link's target starts with; a title may follow it.
_ADDRESS = re.compile(r"\S+")
# Given a link's address, the one to write instead, or None to keep it (`environment`).
EditorLink = Callable[[str], str | None]


def escape_block(value: object, link: EditorLink | None = None) -> Markup:
    """Editor-written Markdown kept as Markdown, with raw HTML, attribute lists and links to
    any scheme but http, https and mailto neutralised: such a link shows as its literal text.
    With `link`, each other link's address is the one `link` gives, if any."""
    text = close_directions(str(value).replace("\r\n", "\n").strip("\n")).translate(_BLOCK)

    def target(given: str) -> str:
        address = _ADDRESS.match(given) if link is not None else None
        written = link(address.group()) if link is not None and address is not None else None
        if address is None or written is None:
            return given
        return escape_url(written) + given[address.end() :]

    text = _INLINE_TARGET.sub(
        lambda m: (
            "]&#40;" + m.group(1) + m.group(2)
            if _unsafe_target(m.group(2))
            else "](" + m.group(1) + target(m.group(2))
        ),
        text,
    )
    text = _REFERENCE_TARGET.sub(
        lambda m: (
            m.group(1) + "&#58;" + m.group(2) + m.group(3)
            if _unsafe_target(m.group(3))
            else m.group(1) + ":" + m.group(2) + target(m.group(3))
        ),
        text,
    )
    return Markup(text)


def _block_without_links(value: object, written_on: str | None = None) -> Markup:
    # A template rendered without a layout (no page to link from) takes the same arguments.
    return escape_block(value)


_TITLE = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def page_title(value: object) -> Markup:
    """A front-matter title. MkDocs themes print page titles unescaped (Material runs them
    through `striptags`, which unescapes entities), so a title never holds < > or &."""
    text = close_directions(_SPACE.sub(" ", str(value)).strip()).translate(_TITLE)
    return Markup(json.dumps(text, ensure_ascii=False))


# Material prints a page's `description` into <meta content="..."> unescaped, and factdesk's head
# template prints the sharing title and description in attributes too: neither may hold a
# character that ends the attribute or opens markup.
_META = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”"})
# Link previews show about 200 characters of a description; a longer one is cut by the reader's app
# mid-word, so it is cut here at a word, with an ellipsis.
META_DESCRIPTION_LIMIT = 200


def meta_text(value: object, limit: int = META_DESCRIPTION_LIMIT) -> Markup:
    """A front-matter value printed into a <meta> attribute: one line, no markup characters,
    at most `limit` characters, as a YAML double-quoted scalar. Directions are closed after
    shortening, which may cut off the characters that closed them (the page title and the
    link previews would run on reversed)."""
    text = _SPACE.sub(" ", str(value)).strip().translate(_META)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return Markup(json.dumps(close_directions(text), ensure_ascii=False))


def escape_attribute(value: object) -> Markup:
    return Markup(str(markupsafe.escape(str(value))).replace("{", "&#123;"))


_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]")


def escape_url(value: object) -> str:
    """An address for a Markdown link target: nothing in it can close the link or open HTML."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), str(value))


# The page being rendered. Macros are imported once per build (without context, so Jinja
# caches them), so links read the current page from here rather than from the template context.
_PAGE: ContextVar[str] = ContextVar("factdesk_page", default="index.md")


def _kind_labels(words: Interface) -> dict[str, str]:
    """What each kind of entity is called on the page (models.EntityKind)."""
    return {
        "person": words.pgettext("entity kind", "person"),
        "organisation": words.pgettext("entity kind", "organisation"),
        "government": words.pgettext("entity kind", "government"),
        "military": words.pgettext("entity kind", "military"),
        "media": words.pgettext("entity kind", "media"),
        "monitor": words.pgettext("entity kind", "monitor"),
    }


def environment(
    overrides: Path | None = None,
    layout: Layout | None = None,
    language: str = "en",
    compiled: CompiledTemplates | None = None,
) -> jinja2.Environment:
    """The template environment for a site in `language`: its catalogue for every word the
    templates print (`_()`, `ngettext()`), its dates (`display`, `reasoning`) and numbers; with
    a `layout`, the link functions and ClaimReview too. `compiled` keeps compiled templates
    between builds."""
    folders = [overrides] if overrides is not None and overrides.is_dir() else []
    # One build renders thousands of pages from a dozen templates: no mtime check per page.
    env = template_environment(*folders, TEMPLATES, auto_reload=False, compiled=compiled)
    words = install_words(env, language)
    env.filters.update(
        md=escape_inline,
        md_block=_block_without_links,
        attr=escape_attribute,
        url=escape_url,
        page_title=page_title,
        meta_text=meta_text,
        display=lambda date: date.display(words.words),
        reasoning=lambda date: date.explain(words.words),
        number=words.number,
        language_name=words.language_name,
        direction=lambda code: "rtl" if is_right_to_left(str(code)) else "ltr",
        tojson_compact=lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True)),
    )
    env.globals.update(
        percent=words.percent,
        month_label=lambda year, month: words.words.month(date(year, month, 1)),
        kind_label=_kind_labels(words).__getitem__,
        interface=words,
        # The badge of a claim without a verdict, on the pages as on the share images.
        under_review_colour=UNDER_REVIEW,
    )
    if layout is not None:

        def href(kind: str, ref: str = "", anchor: str = "") -> str:
            return layout.link(_PAGE.get(), kind, ref, anchor)

        def asset(path: str) -> str:
            return relative(path, _PAGE.get())

        def served(path: str) -> str:
            return layout.served(path, _PAGE.get())

        def timeline_filter(name: str, value: str) -> str:
            return layout.timeline_filter(_PAGE.get(), name, value)

        def built_from(site: Site, kind: str, ref: str = "") -> tuple[SourceLink, ...]:
            return layout.built_from(site, kind, ref)

        def share_image(claim_id: str) -> str:
            # Absolute: link previews need it, and the head prints it as it is.
            path = layout.share_image(claim_id)
            return layout.file_address(path) if path else ""

        def claimreview(claim: LinkedClaim, site: Site) -> Markup:
            return script_element(claim, site, layout)

        def editor_link(written_on: str | None, address: str) -> str | None:
            here = _PAGE.get()
            found = layout.editor_link(address, None if written_on == here else written_on)
            if found is None or found == (here, address):
                return None  # right as written: an anchor on this page
            return relative(found[0], here) + found[1]

        def md_block(value: object, written_on: str | None = None) -> Markup:
            """`written_on`: the page the field's relative links are written from, when the
            field shows on others (an event's description, on a paged timeline)."""
            return escape_block(value, partial(editor_link, written_on))

        env.filters["md_block"] = md_block

        env.globals.update(
            href=href,
            asset=asset,
            served=served,
            timeline_filter=timeline_filter,
            # Whether the timeline has a page per month, whose overview filters by tag alone.
            paged_timeline=layout.paged_timeline,
            built_from=built_from,
            share_image=share_image,
            timelinejs=TIMELINEJS,
        )
        env.filters["claimreview"] = claimreview
    else:
        # Compiling checks that each filter a template names exists, and the templates are
        # compiled without a layout (`compiled_templates`); a page is rendered with one.
        env.filters["claimreview"] = _needs_layout
    return env


def _needs_layout(*_: object) -> Markup:
    raise RuntimeError("ClaimReview is rendered with the site's layout")


# The templates of the pages, the parts they include and the site's own stylesheet and script;
# the others (a new desk's files, the content skeletons) are rendered with filters of their own.
_PAGE_TEMPLATES = ("assets/", "pages/", "partials/")


def compiled_templates(overrides: Path | None, language: str) -> Iterator[tuple[str, bytes]]:
    """Each page template compiled, as (key, code) for `CompiledTemplates`: a one-off build has
    a forked copy compile them while it links the site (`pipeline.check`), where the build and
    each copy that renders pages compiled them for themselves (a fifth of a second each). A
    template that does not compile is left out: rendering it says why."""
    compiled = CompiledTemplates()
    env = environment(overrides, None, language, compiled)
    for name in env.list_templates(
        filter_func=lambda name: name.startswith(_PAGE_TEMPLATES) and name.endswith(".j2")
    ):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            continue
    yield from sorted(compiled.code().items())


class TemplateProblem(Exception):
    """A page template that cannot be rendered (a site's override, usually): `diagnostic` says
    which, where and why, as for a content mistake."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(format_diagnostic(diagnostic))
        self.diagnostic = diagnostic


def _shown(path: str, root: Path | None) -> str:
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path


def _template_problem(
    exc: jinja2.TemplateError, env: jinja2.Environment, page: str, root: Path | None
) -> TemplateProblem:
    """The template error as a Diagnostic at the template line that raised it."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = SourceLocation(_shown(exc.filename or exc.name or page, root), exc.lineno, 1)
        return TemplateProblem(
            error(
                "FD191",
                where,
                f"template syntax error: {exc.message}",
                "close every {% if %} and {% for %} with {% endif %} and {% endfor %}; "
                "compare with factdesk's own template of the same name",
            )
        )
    # Jinja puts the template file and line into the traceback's frames.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    where = (
        SourceLocation(_shown(frames[-1].filename, root), frames[-1].lineno or 0, 1)
        if frames
        else SourceLocation(_shown(str(TEMPLATES), root))
    )
    if isinstance(exc, jinja2.TemplateNotFound):
        known = [n for n in env.list_templates() if n.endswith(".j2")]
        return TemplateProblem(
            error(
                "FD190",
                where,
                f"template '{exc.name}' does not exist",
                did_you_mean(str(exc.name), known, listing="templates"),
            )
        )
    return TemplateProblem(
        error("FD192", where, f"template cannot render {page}: {exc.message}", _TEMPLATE_HINT)
    )


_TEMPLATE_HINT = (
    "compare the override with factdesk's own template of the same name; every value a page "
    "template can use is in that template"
)


def _listing_template(name: str) -> str:
    section = name if name in LISTING_SECTIONS else "claims"
    return f"pages/{section}.md.j2"


def _pages(site: Site, layout: Layout) -> Iterable[tuple[str, str, Mapping[str, Any], str, str]]:
    """(output path, template, extra context, page kind, ref) for every page of the site.
    A later page of an index has its section's kind: it is built from the same files."""
    paged = layout.paged_timeline
    listings = layout.listings
    # A paged claims index links every verdict's listing from each of its pages.
    facets = tuple(v for k, v in listings.items() if k not in LISTING_SECTIONS)
    for kind in SECTIONS:
        if kind == "guide":
            # The guide lists every diagnostic code from the catalogue.
            guide = {"paged": paged, "diagnostics": DIAGNOSTICS}
            yield layout.path(kind), "pages/how-to-add-a-claim.md.j2", guide, kind, ""
        elif kind in listings:
            listing = listings[kind]
            shown = facets if kind == "claims" else ()
            context = {"listing": listing, "index": listing.pages[0], "facets": shown}
            yield layout.path(kind), f"pages/{kind}.md.j2", context, kind, ""
        else:
            context = {"paged": paged, "parts": layout.timeline_parts}
            yield layout.path(kind), f"pages/{kind}.md.j2", context, kind, ""
    for kind, path in PAGES.items():
        yield path, f"pages/{kind}.md.j2", {}, kind, ""
    for name, listing in listings.items():
        template = _listing_template(name)
        section = template.removeprefix("pages/").removesuffix(".md.j2")
        for index in listing.pages:
            if name in LISTING_SECTIONS and index.number == 1:
                continue  # the section page above
            shown = facets if section == "claims" else ()
            context = {"listing": listing, "index": index, "facets": shown}
            yield layout.path("listing", index.ref), template, context, section, ""
    parts = layout.timeline_parts
    for number, part in enumerate(parts):
        neighbours = {
            "part": part,
            "previous": parts[number - 1] if number else None,
            "next": parts[number + 1] if number + 1 < len(parts) else None,
        }
        yield (
            layout.path("timeline-month", part.ref),
            "pages/timeline-month.md.j2",
            neighbours,
            "timeline-month",
            part.ref,
        )
    for kind, template, records in (
        ("claim", "pages/claim.md.j2", site.claims),
        ("contradiction", "pages/contradiction.md.j2", site.contradictions),
        ("article", "pages/article.md.j2", site.articles),
        ("entity", "pages/entity.md.j2", site.entities),
    ):
        for ref, record in records.items():
            yield layout.path(kind, ref), template, {kind: record}, kind, ref
    for path in ASSETS:
        yield path, f"{path}.j2", {}, "asset", ""


def listed_pages(
    site: Site,
    layout: Layout,
    only: AbstractSet[str] | None = None,
    claim_files: dict[str, set[str]] | None = None,
) -> Iterator[tuple[str, str, frozenset[str]]]:
    """Each index and timeline page's path (of those in `only`, when it is given), what it
    shows besides its rows' files (`_listed`, as its repr: frozen dataclasses, tuples and
    strings, the same in every process), and the files its rows show: what a one-off build
    keys it by (`page_keys.py`), as serve reuses it while both are as they were.
    `claim_files`: the files of claims found before in the same build."""
    summary = _summary(site)
    if claim_files is None:
        claim_files = {}
    for path, _, extra, kind, _ in _pages(site, layout):
        if only is not None and path not in only:
            continue
        shape, rows = _listed(kind, extra, summary)
        files = _row_files(site, kind, extra, claim_files)
        if rows is not None and files is not None:
            yield path, repr(shape), files


def page_paths(site: Site, layout: Layout) -> list[str]:
    """Every page's output path, in the order `render_iter` renders them."""
    return [path for path, *_ in _pages(site, layout)]


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What one timeline page's filters offer: the tags and the people or organisations of its
    entries, in the site's order (`Site.tags`, `Site.timeline_entities`). On the overview of a
    paged timeline, also the rows (months, by position, as runs: "0-2 5") with an entry carrying
    each tag."""

    tags: tuple[str, ...]
    entities: tuple[str, ...]
    tag_rows: Mapping[str, str] = field(default_factory=dict)


def entry_filters(site: Site, entry: TimelineEntry) -> tuple[Sequence[str], Sequence[str]]:
    """The tags and the people or organisations a timeline entry (`linked.TimelineEntry`)
    is narrowed by: written on the entry (partials/timeline-month.md.j2) and offered by its
    page's filters (`FilterChoices`), from this one place so that the two cannot differ."""
    if entry.kind == "event":
        event = site.events[entry.id]
        return event.record.tags, event.entities
    claim = site.claims[entry.id]
    return claim.record.tags, (claim.record.claimant,)


def _filter_choices(site: Site, store: Kept | None = None) -> Callable[..., FilterChoices]:
    """The filters of a page of months or parts of one (anything with `days`). A page offers
    what its entries carry, not the whole site's lists: those on every page of a paged timeline
    grew the site with pages x entities (32 KB of a 94 KB month page at 10k claims) and offered
    hundreds of choices that hide every entry."""

    @cache
    def ranks() -> tuple[dict[str, int], dict[str, int]]:
        return (
            {tag: n for n, tag in enumerate(site.tags)},
            {entity: n for n, entity in enumerate(site.timeline_entities)},
        )

    def carried(group: Any) -> tuple[set[str], set[str]]:
        tags: set[str] = set()
        entities: set[str] = set()
        for day in group.days:
            for entry in day.entries:
                entry_tags, entry_entities = entry_filters(site, entry)
                tags.update(entry_tags)
                entities.update(entry_entities)
        return tags, entities

    def choices(groups: Iterable[Any], *, rows: bool = False) -> FilterChoices:
        if store is None or groups is not site.months:
            return made(groups, rows)
        # Under serve, the whole timeline's (the overview's, rendered on every save) are the
        # last build's while its months and every claim and event are the same objects: at
        # 50k claims, asking each entry for its filters took a tenth of a rename.
        every = (groups, *site.claims.values(), *site.events.values())
        order = (tuple(site.tags), tuple(site.timeline_entities))
        return kept(
            store,
            f"timeline choices rows={rows}",
            MadeFrom(every, order),
            lambda: made(groups, rows),
        )

    def made(groups: Iterable[Any], rows: bool) -> FilterChoices:
        tag_rank, entity_rank = ranks()
        tag_rows: dict[str, list[int]] = {}
        named: set[str] = set()
        for number, group in enumerate(groups):
            tags, entities = carried(group)
            for tag in tags:
                tag_rows.setdefault(tag, []).append(number)
            named |= entities
        return FilterChoices(
            tuple(sorted(tag_rows, key=tag_rank.__getitem__)),
            tuple(sorted(named & entity_rank.keys(), key=entity_rank.__getitem__)),
            {tag: _runs(found) for tag, found in tag_rows.items()} if rows else {},
        )

    return choices


def _runs(numbers: Sequence[int]) -> str:
    """Ascending numbers as runs, "0-12 14 20-43": a tag of every month of a long timeline is
    four characters, not a hundred."""
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], -1]:
        if number != previous + 1:
            runs.append(str(start) if start == previous else f"{start}-{previous}")
            start = number
        previous = number
    return " ".join(runs)


def render_iter(
    site: Site,
    layout: Layout,
    overrides: Path | None = None,
    cache: BuildCache | None = None,
    *,
    root: Path | None = None,
    only: frozenset[str] | None = None,
    compiled: CompiledTemplates | None = None,
) -> Iterator[tuple[str, str]]:
    """Every page's (path, Markdown), one at a time, so a caller can write each and let it go:
    a site of 50k claims holds hundreds of MB of pages. With a `cache`, only the pages an edit
    can have changed are rendered again (see `incremental.py`); the others are reused. A
    template that cannot be rendered raises `TemplateProblem` (its path shown from `root`, the
    site's folder). `only` renders those pages and no other (a share of a build without a
    cache, see `pipeline.generated`). `compiled`: templates a one-off build compiled already."""
    assert only is None or cache is None
    compiled = cache.compiled if cache is not None else compiled
    env = environment(overrides, layout, site.config.language, compiled)
    env.globals["site"] = site
    env.globals["timeline_choices"] = _filter_choices(
        site, cache.derived if cache is not None else None
    )
    env.globals["entry_filters"] = partial(entry_filters, site)
    again: set[str] = set()
    touched: dict[str, set[str]] = {}
    if cache is not None:
        # Shown on every page, with the templates; paging moves every event link (and an
        # entry added to a month can move the others to another part of it), the URL style
        # every ClaimReview address. (A page shows only the entities it names: each is one of
        # its files, see dependencies.entity_file.)
        common = cache.key(
            [SITE_FILE],
            cache.folder_key([TEMPLATES, overrides, LOCALES]),
            f"page_size={layout.page_size} paged={layout.paged_timeline} "
            f"directory_urls={layout.directory_urls}",
            _timeline_addresses(layout, cache),
        )
        if cache.changed is None or common != cache.common_key:
            cache.forget_pages()
            cache.common_key = common
        else:
            again, touched = _to_render_again(site, layout, cache, cache.changed)
    produced: list[str] = []
    summary = _summary(site)
    claim_files: dict[str, set[str]] = {}
    kept_entry = env.globals["kept_entry"] = KeptEntries(site, cache, claim_files)
    for path, template_name, extra, kind, ref in _pages(site, layout):
        if only is not None and path not in only:
            continue
        produced.append(path)
        files: frozenset[str] | None = None
        shape: object = None
        if cache is not None:
            shape, rows = _listed(kind, extra, summary)
            known = cache.page_files.get(path)
            if (
                known is not None
                and path not in again
                and cache.shapes.get(path) == shape
                and (
                    rows is None
                    or all(k not in touched or touched[k].isdisjoint(ids()) for k, ids in rows)
                    or _row_files(site, kind, extra, claim_files) == known
                )
            ):
                cache.reused += 1
                yield path, cache.pages[path]
                continue
        page = _PAGE.set(path)
        kept_entry.start(path)
        try:
            template = env.get_template(template_name)
            text = template.render(page=path, page_kind=kind, page_ref=ref, **extra)
        except jinja2.TemplateError as exc:
            raise _template_problem(exc, env, path, root) from None
        finally:
            _PAGE.reset(page)
        kept_entry.finish()
        if cache is not None:
            files = _row_files(site, kind, extra, claim_files)
            if files is None and kind not in SECTIONS:
                found = page_files(site, kind, ref)
                files = None if found is None else frozenset(found)
            cache.remember_page(path, text, files)
            cache.shapes[path] = shape
        yield path, text
    if cache is not None:
        cache.keep_pages(produced)


def _to_render_again(
    site: Site, layout: Layout, cache: BuildCache, changed: frozenset[str]
) -> tuple[set[str], dict[str, set[str]]]:
    """The pages that showed a changed file, and the own pages of what the changed records
    name now (they list what names them); and the ids of those records, with the changed
    ones, by kind."""
    pages = cache.pages_showing(changed)
    tables: dict[str, Mapping[str, object]] = {
        "claim": site.claims,
        "contradiction": site.contradictions,
        "article": site.articles,
        "entity": site.entities,
    }
    outlet_of = outlets(site)
    touched: dict[str, set[str]] = {}
    for kind, ref in records_in(site, changed):
        touched.setdefault(kind, set()).add(ref)
        for named_kind, named in references(site, kind, ref, outlet_of):
            touched.setdefault(named_kind, set()).add(named)
            if named in tables.get(named_kind, {}):
                pages.add(layout.path(named_kind, named))
    return pages, touched


def _timeline_addresses(layout: Layout, cache: BuildCache) -> str:
    """Which timeline page holds each entry, as one string (empty for a timeline on one page);
    the last build's while its timeline parts are the same objects (`pipeline._layout`)."""
    parts = layout.timeline_parts
    if cache.timeline_addresses is not None and cache.timeline_addresses[0] is parts:
        return cache.timeline_addresses[1]
    addresses = "\n".join(
        part.ref + ":" + ",".join(f"{e.kind}/{e.id}" for day in part.days for e in day.entries)
        for part in parts
    )
    cache.timeline_addresses = (parts, addresses)
    return addresses


def _summary(site: Site) -> object:
    """What every index page shows of the whole site: its counts. (A timeline page shows
    nothing of the whole site: its filters offer what its own entries carry.)"""
    return (
        site.verdict_counts, site.claim_count, site.reviewed_count, site.event_count,
        site.contradiction_count, site.article_count, site.entity_count,
    )  # fmt: skip


# The kind of record each index lists; any other index lists claims.
_ROWS = {"articles": "article", "entities": "entity", "contradictions": "contradiction"}


def _listed(
    kind: str, extra: Mapping[str, Any], summary: object
) -> tuple[object, tuple[tuple[str, Callable[[], Sequence[str]]], ...] | None]:
    """For an index or timeline page: what it shows besides its rows' files (which rows, the
    pages beside it, the site's counts), and by kind a function that lists its rows' ids
    (called only when a changed record is of that kind: at 50k claims listing every month's
    entries took a tenth of a second of each rename, which changes no claim or event). It is
    reused while what it shows is as it was and none of the files its rows showed changed.
    A row can also come to show a file it did not (a claim newly citing an article changes the
    article's row), but only when a changed record names the row's record: the rows' files are
    compared then (`_row_files`). (None, None) for any other page: a record's page is reused while
    none of the files it showed changed and no changed record names it (`_to_render_again`)."""
    listing, index = extra.get("listing"), extra.get("index")
    if listing is not None and index is not None:
        facets = tuple((f.name, f.total, len(f.pages)) for f in extra["facets"])
        jumps: object = listing.jumps
        if listing.jumps and listing.jumps[0].month is None:
            # A letter's jump shows no count (partials/listing-jumps.md.j2): a rename that
            # moves a person to another letter changes no other index page.
            jumps = tuple((j.anchor, j.letter, j.page) for j in listing.jumps)
        shape = (index, listing.name, listing.rating, jumps, facets, summary)
        return shape, ((_ROWS.get(listing.name, "claim"), lambda: index.ids),)
    if kind == "timeline-month":
        part, previous, following = extra["part"], extra["previous"], extra["next"]

        def beside(other: Any) -> object:
            # The parts beside it: their names carry their month's part count.
            return None if other is None else (other.ref, other.count)

        def ids(kind: str) -> list[str]:
            return [e.id for day in part.days for e in day.entries if e.kind == kind]

        rows = tuple((kind, partial(ids, kind)) for kind in ("claim", "event"))
        return (part.days, part.count, beside(previous), beside(following)), rows
    return None, None


def _row_files(
    site: Site, kind: str, extra: Mapping[str, Any], claim_files: dict[str, set[str]]
) -> frozenset[str] | None:
    """The files an index or timeline page's rows show now (None for any other page)."""
    listing, index = extra.get("listing"), extra.get("index")
    if listing is not None and index is not None:
        return frozenset(listing_files(site, listing.name, index.ids, claim_files))
    if kind == "timeline-month":
        entries = (entry for day in extra["part"].days for entry in day.entries)
        return frozenset(entry_files(site, entries, claim_files))
    return None


def render(
    site: Site, layout: Layout, overrides: Path | None = None, cache: BuildCache | None = None
) -> dict[str, str]:
    """Every page's Markdown, by path."""
    return dict(sorted(render_iter(site, layout, overrides, cache)))


def error_page(problems: Iterable[tuple[object, Sequence[str]]]) -> str:
    """The page `mkdocs serve` shows while the content has errors: each diagnostic with the
    source lines that show where it is (see content/excerpt.py)."""
    template = environment().get_template("pages/errors.md.j2")
    return template.render(problems=list(problems))


def error_assets() -> Iterator[tuple[str, str]]:
    """The stylesheet and script beside the error page: its colours and focus must stay
    accessible while no site could be loaded (so no rating colours)."""
    env = environment()
    for path in ASSETS:
        yield path, env.get_template(f"{path}.j2").render(site=None, page=path)


def with_errors(
    pages: Iterable[tuple[str, str | bytes]], problems: Iterable[tuple[object, Sequence[str]]]
) -> Iterator[tuple[str, str | bytes]]:
    """The last good build's files as `mkdocs serve` shows them while the content has errors:
    each page under the list of problems (with their source lines), everything else (styles,
    data) as it was."""
    template = environment().get_template("pages/last-good.md.j2")
    shown = list(problems)
    for path, text in pages:
        if isinstance(text, bytes) or not path.endswith(".md"):
            yield path, text
            continue
        parts = split_front_matter(text)
        front, body = (parts[0], parts[1]) if parts is not None else (None, text)
        yield path, template.render(front=front, body=body, problems=shown)
