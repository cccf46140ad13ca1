"""Where every generated page lives and the address it is published at: the one place for both.

`Layout.of(site, directory_urls=...)` is built once per build from the linked `Site` and
MkDocs' `use_directory_urls`. Render asks it for each page's path in the docs tree and for the
relative links between pages; ClaimReview, the exports and the plugin ask it for published
addresses. No other module puts a path or an address together, so a page cannot be linked at
one address and published at another.

Published addresses follow MkDocs' `File.url`: with directory URLs (MkDocs' default)
`claims/x.md` is served at `claims/x/` and `index.md` at the folder itself; without them at
`claims/x.html` and `index.html`. With `site_url` set the address is absolute, otherwise it is
relative to the site root.

A long list is paged here too (`page_size` in content/site.yml entries a page): the claims,
articles, entities and contradictions indexes become listings of numbered pages, and a long
timeline one page per month, split into parts when a month holds more than a page. Page 1 of a
listing is its section page, so a desk whose lists fit keeps today's single pages. Later pages
live one folder deeper (`claims/page/2.md`, `claims/verdict/false/1.md`,
`timeline/2015-10/2.md`), where no record's page can be: records are `<folder>/<id>.md`, and no
index page is ever an `index.md` below them, so a claim's page never moves and no paged page
can take its address.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import yaml

from ..content.linked import Site, TimelineDay, TimelineMonth
from ..content.models import EVENT_ANCHOR, Rating
from ..incremental import Kept, MadeFrom, kept
from ..resources import VENDOR
from .share_images import can_draw

# The section pages, by kind; the navigation in mkdocs.yml names the same files.
SECTIONS: Mapping[str, str] = {
    "home": "index.md",
    "timeline": "timeline.md",
    "methodology": "methodology.md",
    "guide": "how-to-add-a-claim.md",
    "claims": "claims/index.md",
    "contradictions": "contradictions/index.md",
    "articles": "articles/index.md",
    "entities": "entities/index.md",
}
_FOLDERS = {
    "claim": "claims",
    "contradiction": "contradictions",
    "article": "articles",
    "entity": "entities",
}
ASSETS = ("assets/factdesk.css", "assets/factdesk.js")
# Pages that are not sections of the navigation, by kind.
PAGES: Mapping[str, str] = {
    # The timeline drawn by Knight Lab's TimelineJS from data/timeline.json.
    "visual-timeline": "timeline/visual.md",
}
# Vendored libraries: their folder in the site, and under site_templates/vendor/.
TIMELINEJS = "assets/timelinejs3"
# Each claim's share image (generator/site/share_images.py), when the site makes them.
SHARE_IMAGES = "assets/share"
VENDORED: Mapping[str, str] = {TIMELINEJS: "timelinejs3"}

# The lists that are paged, and the section page each starts on.
LISTING_SECTIONS = ("claims", "articles", "entities", "contradictions")
UNDER_REVIEW = "under-review"


def section_paths() -> set[str]:
    """The section pages' paths: they exist whatever the content."""
    return set(SECTIONS.values())


def vendored_files() -> Iterator[tuple[str, Path]]:
    """(path in the site, file on disk) of every vendored file, in a stable order."""
    for folder, source in sorted(VENDORED.items()):
        root = VENDOR / source
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield f"{folder}/{path.relative_to(root).as_posix()}", path


def month_path(anchor: str, part: int = 1) -> str:
    """A month's page of a paged timeline (`anchor` is the month's, month-YYYY-MM); its later
    parts live in the month's folder."""
    month = anchor.removeprefix("month-")
    return f"timeline/{month}.md" if part == 1 else f"timeline/{month}/{part}.md"


def listing_path(name: str, number: int) -> str:
    """Page `number` of a listing: a section's index, a verdict's claims or those under review."""
    if name in LISTING_SECTIONS:
        return SECTIONS[name] if number == 1 else f"{name}/page/{number}.md"
    if name == UNDER_REVIEW:
        return f"claims/{UNDER_REVIEW}/{number}.md"
    if name.startswith("verdict/"):
        return f"claims/{name}/{number}.md"
    raise KeyError(f"no listing called {name!r}")


def page_window(number: int, count: int) -> tuple[int, ...]:
    """The page numbers a pager shows around page `number` of `count`: the first, the last and
    two either side; 0 stands for the pages left out between them."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    window: list[int] = []
    for page in shown:
        if window and page > window[-1] + 1:
            window.append(0)
        window.append(page)
    return tuple(window)


@dataclass(frozen=True, slots=True)
class Group:
    """Entries of an index page under one heading: a month (year, month) or a first letter."""

    anchor: str  # "month-2015-10", "letter-a"; "" for a listing without headings
    month: tuple[int, int] | None
    letter: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndexPage:
    listing: str
    number: int
    count: int  # pages in the listing
    first: int  # the position of its first entry in the listing, from 1
    total: int  # entries in the listing
    groups: tuple[Group, ...]

    @property
    def ref(self) -> str:
        return f"{self.listing}/{self.number}"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i for group in self.groups for i in group.ids)

    @property
    def last(self) -> int:
        return self.first + sum(len(group.ids) for group in self.groups) - 1

    @property
    def window(self) -> tuple[int, ...]:
        return page_window(self.number, self.count)


@dataclass(frozen=True, slots=True)
class Jump:
    """Where a heading's entries start: readers jump to a month or a letter from any page."""

    anchor: str
    month: tuple[int, int] | None
    letter: str
    page: int
    entries: int


@dataclass(frozen=True, slots=True)
class Listing:
    """An index split into pages of `page_size` entries, in the order the model gives."""

    name: str
    pages: tuple[IndexPage, ...]
    jumps: tuple[Jump, ...]
    rating: Rating | None = None  # a verdict's listing: the claims with that rating

    @property
    def total(self) -> int:
        return self.pages[0].total if self.pages else 0

    @property
    def paged(self) -> bool:
        return len(self.pages) > 1


@dataclass(frozen=True, slots=True)
class TimelinePart:
    """One page of a paged timeline: a month, or a part of a month holding more than a page.
    Days stay whole unless one day alone holds more than a page."""

    month: TimelineMonth
    number: int
    count: int  # parts of this month
    days: tuple[TimelineDay, ...]

    @property
    def ref(self) -> str:
        return f"{self.month.anchor}/{self.number}"

    @property
    def window(self) -> tuple[int, ...]:
        return page_window(self.number, self.count)


def _group_key(month: tuple[int, int] | None, letter: str) -> str:
    if month is not None:
        return f"month-{month[0]}-{month[1]:02d}"
    if not letter:
        return ""
    # Ids stay ASCII whatever the alphabet: Cyrillic or Arabic initials by code point.
    return f"letter-{letter.lower()}" if letter.isascii() else f"letter-u{ord(letter):04x}"


def paginate(
    name: str,
    ids: Sequence[str],
    size: int,
    heading: Callable[[str], tuple[tuple[int, int] | None, str]],
    rating: Rating | None = None,
) -> Listing:
    """`ids` in pages of `size`, each page's entries grouped under their heading."""
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)] or [[]]
    if len(chunks) == 1:
        # A list that fits one page stays one table, as small desks have always had it.
        return Listing(
            name,
            (IndexPage(name, 1, 1, 1, len(ids), (Group("", None, "", tuple(ids)),)),),
            (),
            rating,
        )
    pages = []
    jumps: dict[str, Jump] = {}
    for number, chunk in enumerate(chunks, start=1):
        groups = []
        for (month, letter), members in groupby(chunk, key=heading):
            group = Group(_group_key(month, letter), month, letter, tuple(members))
            groups.append(group)
            if group.anchor and group.anchor not in jumps:
                jumps[group.anchor] = Jump(group.anchor, month, letter, number, 0)
        pages.append(
            IndexPage(name, number, len(chunks), 1 + (number - 1) * size, len(ids), tuple(groups))
        )
    counts = {anchor: 0 for anchor in jumps}
    for page in pages:
        for group in page.groups:
            if group.anchor:
                counts[group.anchor] += len(group.ids)
    return Listing(
        name,
        tuple(pages),
        tuple(Jump(j.anchor, j.month, j.letter, j.page, counts[j.anchor]) for j in jumps.values()),
        rating,
    )


def initial(name: str) -> str:
    """The letter an entity is listed under: its name's first letter, "#" for anything else."""
    first = name.strip()[:1].upper()
    return first if first.isalpha() else "#"


def _listings(site: Site, size: int, pieces: Kept | None = None) -> dict[str, Listing]:
    def claim_month(claim_id: str) -> tuple[tuple[int, int] | None, str]:
        day = site.claims[claim_id].date.earliest
        return (day.year, day.month), ""

    def article_month(article_id: str) -> tuple[tuple[int, int] | None, str]:
        day = site.articles[article_id].published.earliest
        return (day.year, day.month), ""

    # Under serve each listing is the last build's while the orderings it is made from are
    # the same objects (`BuildCache.layout_pieces`): a rename pages the entities again, not
    # 50,000 claims. An ordering is the last site's object when an edit left it as it was, and
    # only then (`content/reassembly.py`), so nothing it reads, such as a claim's month or an
    # entity's initial, can differ.
    def made(*objects: object) -> MadeFrom:
        return MadeFrom((site.config, *objects), (size,))

    listings = {
        "claims": kept(
            pieces,
            "claims",
            made(site.claims_by_date),
            lambda: paginate("claims", site.claims_by_date, size, claim_month),
        ),
        "articles": kept(
            pieces,
            "articles",
            made(site.articles_by_date),
            lambda: paginate("articles", site.articles_by_date, size, article_month),
        ),
        "entities": kept(
            pieces,
            "entities",
            made(site.entities_by_name),
            lambda: paginate(
                "entities",
                site.entities_by_name,
                size,
                lambda e: (None, initial(site.entities[e].record.name)),
            ),
        ),
        "contradictions": paginate(
            "contradictions", tuple(site.contradictions), size, lambda c: (None, "")
        ),
    }
    # A claims index that fits one page shows every verdict already; a paged one is also
    # browsed by verdict, as readers of fact-check sites do.
    if listings["claims"].paged:
        for rating, claim_ids in site.claims_by_rating:
            if claim_ids:
                name = f"verdict/{rating.id}"
                listings[name] = kept(
                    pieces,
                    name,
                    made(site.claims_by_rating),
                    partial(paginate, name, claim_ids, size, claim_month, rating),
                )
        if site.under_review:
            listings[UNDER_REVIEW] = kept(
                pieces,
                UNDER_REVIEW,
                made(site.claims_by_date, site.under_review),
                lambda: paginate(
                    UNDER_REVIEW,
                    tuple(c for c in site.claims_by_date if site.claims[c].verdict is None),
                    size,
                    claim_month,
                ),
            )
    return listings


def _timeline_parts(months: Iterable[TimelineMonth], size: int) -> tuple[TimelinePart, ...]:
    parts: list[TimelinePart] = []
    for month in months:
        pages: list[list[TimelineDay]] = [[]]
        filled = 0
        for day in month.days:
            if filled and filled + len(day.entries) > size:
                pages.append([])
                filled = 0
            # One day longer than a page is cut into pieces of a page each.
            for start in range(0, len(day.entries), size):
                piece = day.entries[start : start + size]
                if filled and filled + len(piece) > size:
                    pages.append([])
                    filled = 0
                pages[-1].append(TimelineDay(day.label, piece))
                filled += len(piece)
        parts.extend(
            TimelinePart(month, number, len(pages), tuple(days))
            for number, days in enumerate(pages, start=1)
        )
    return tuple(parts)


def _event_pages(site: Site, parts: Sequence[TimelinePart]) -> dict[str, str]:
    event_pages = {event_id: SECTIONS["timeline"] for event_id in site.events}
    for part in parts:
        for day in part.days:
            for entry in day.entries:
                if entry.kind == "event":
                    event_pages[entry.id] = month_path(part.month.anchor, part.number)
    return event_pages


# The files a section page is built from, besides content/site.yml's title (a folder ends in /).
SECTION_SOURCES: Mapping[str, tuple[str, ...]] = {
    "home": ("content/site.yml",),
    "methodology": ("content/site.yml",),
    "timeline": ("content/events/", "content/claims/"),
    "visual-timeline": ("content/events/", "content/claims/"),
    "timeline-month": ("content/events/", "content/claims/"),
    "claims": ("content/claims/",),
    "contradictions": ("content/contradictions/",),
    "articles": ("content/articles/",),
    "entities": ("content/entities.yml",),
}


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A content file (or folder) a page was built from, and where readers open it."""

    path: str  # from the desk's folder, as the checker names it
    view: str  # "" without a repository
    edit: str  # "" without a repository, and for a folder
    role: str = "record"  # "record", "text" (an article's collected text) or "folder"


@dataclass(frozen=True, slots=True)
class Repository:
    """The desk's repository, as addresses: `view` and `edit` prefixes for a file's path,
    `tree` for a folder's. GitHub's form unless the host is GitLab's or Forgejo's/Gitea's."""

    url: str  # no trailing slash
    view: str
    edit: str
    tree: str
    folder: str  # "" or ending in "/"

    @classmethod
    def of(cls, url: str, branch: str, folder: str) -> Repository:
        url = url.rstrip("/")
        host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
        if "gitlab" in host:
            view, edit, tree = "-/blob", "-/edit", "-/tree"
        elif host == "codeberg.org" or "gitea" in host or "forgejo" in host:
            view, edit, tree = "src/branch", "_edit", "src/branch"
        else:
            view, edit, tree = "blob", "edit", "tree"
        folder = folder.strip("/")
        return cls(
            url,
            f"{url}/{view}/{branch}/",
            f"{url}/{edit}/{branch}/",
            f"{url}/{tree}/{branch}/",
            f"{folder}/" if folder else "",
        )

    @property
    def edit_uri(self) -> str:
        """MkDocs' `edit_uri`: the edit prefix relative to `repo_url`."""
        return self.edit.removeprefix(self.url + "/") + self.folder


@dataclass(frozen=True, slots=True)
class Layout:
    site_url: str  # "" or ending in "/"
    directory_urls: bool
    paged_timeline: bool
    # The page that shows each event: the timeline, or its month's page (or part) when paged.
    event_pages: Mapping[str, str]
    repository: Repository | None = None
    page_size: int = 50
    # The paged indexes by name: "claims", "articles", "entities", "contradictions", and for a
    # paged claims index "verdict/<rating id>" and "under-review".
    listings: Mapping[str, Listing] = field(default_factory=dict)
    # The pages of a paged timeline, in date order; empty when the timeline is one page.
    timeline_parts: tuple[TimelinePart, ...] = ()
    # Whether each claim has a share image (site.yml's share_images, when it can be drawn).
    share_images: bool = False

    @classmethod
    def of(cls, site: Site, *, directory_urls: bool = True, pieces: Kept | None = None) -> Layout:
        """The layout of `site`; with `pieces` (serve), made of the last build's pieces
        where what each was made from is the same, and `pieces` holds this build's."""
        size = site.config.page_size
        paged = len(site.timeline) > size
        parts = kept(
            pieces,
            "timeline",
            MadeFrom((site.config, site.months), (size, paged)),
            lambda: _timeline_parts(site.months, size) if paged else (),
        )
        event_pages = kept(
            pieces,
            "event pages",
            MadeFrom((parts,), (tuple(site.events),)),
            lambda: _event_pages(site, parts),
        )
        base = site.config.site_url or ""
        if base and not base.endswith("/"):
            base += "/"
        given = site.config.repository
        repository = Repository.of(given.url, given.branch, given.folder) if given else None
        return cls(
            base,
            directory_urls,
            paged,
            event_pages,
            repository,
            size,
            _listings(site, size, pieces),
            parts,
            site.config.share_images
            and bool(site.config.site_url)
            and can_draw(site.config.language),
        )

    # --- the docs tree --------------------------------------------------------------------------

    def path(self, kind: str, ref: str = "") -> str:
        """The Markdown file of a page in the docs tree (an event: the page that shows it).

        `listing` pages take "<listing>/<number>" (`claims/2`, `verdict/false/1`);
        `timeline-month` takes a month's anchor, or "<anchor>/<part>" for a later part."""
        if kind in SECTIONS:
            return SECTIONS[kind]
        if kind in PAGES:
            return PAGES[kind]
        if kind == "timeline-month":
            anchor, _, part = ref.partition("/")
            return month_path(anchor, int(part) if part else 1)
        if kind == "listing":
            name, _, number = ref.rpartition("/")
            return listing_path(name, int(number))
        if kind == "event":
            return self.event_pages.get(ref, SECTIONS["timeline"])
        return f"{_FOLDERS[kind]}/{ref}.md"

    def editor_link(self, address: str, written_on: str | None) -> tuple[str, str] | None:
        """Where an address in an editor's Markdown leads, as (docs-tree path, the query and
        anchor after it): an event's anchor (`#event-<id>`) to the page that shows the event;
        with `written_on`, a relative address written on that page. None for any other, which
        stays as written, for MkDocs to check."""
        event = event_anchor(address)
        if event is not None:
            page = self.event_pages.get(event)
            return None if page is None else (page, address)
        return None if written_on is None else in_docs(address, written_on)

    def share_image(self, claim_id: str) -> str:
        """A claim's share image in the docs tree, or "" when the site has none."""
        return f"{SHARE_IMAGES}/{claim_id}.png" if self.share_images else ""

    @staticmethod
    def anchor(kind: str, ref: str, anchor: str = "") -> str:
        # An event has no page of its own: it is an entry of a timeline page.
        return anchor or (f"event-{ref}" if kind == "event" else "")

    def link(self, from_page: str, kind: str, ref: str = "", anchor: str = "") -> str:
        """A relative Markdown link from one generated page to another (MkDocs turns `.md`
        links into each URL style itself)."""
        target = relative(self.path(kind, ref), from_page)
        anchor = self.anchor(kind, ref, anchor)
        return f"{target}#{anchor}" if anchor else target

    def timeline_filter(self, from_page: str, name: str, value: str) -> str:
        """A link to the timeline narrowed to one tag or entity: assets/factdesk.js reads
        `?tag=...` or `?entity=...` and keeps the choice in the address."""
        return f"{relative(SECTIONS['timeline'], from_page)}?{name}={quote(value, safe='')}"

    def served(self, path: str, from_page: str) -> str:
        """A file's address relative to the page as it is served, for raw HTML attributes,
        which MkDocs does not rewrite as it does Markdown links."""
        depth = self.url(from_page).count("/")
        return "../" * depth + self.url(path)

    # --- published addresses --------------------------------------------------------------------

    def url(self, path: str) -> str:
        """A docs-tree file's URL relative to the site root, as MkDocs' `File.url` gives it."""
        if not path.endswith(".md"):
            return path  # assets and data files are served as they are
        stem = path.removesuffix(".md")
        folder, _, name = stem.rpartition("/")
        if name == "index":
            if not self.directory_urls:
                return f"{stem}.html"
            return f"{folder}/" if folder else ""
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def address(self, kind: str, ref: str = "", anchor: str = "") -> str:
        """A page's published address: absolute with `site_url`, else from the site root."""
        anchor = self.anchor(kind, ref, anchor)
        address = self.site_url + self.url(self.path(kind, ref))
        return f"{address}#{anchor}" if anchor else address

    def file_address(self, path: str) -> str:
        """The published address of a data file or asset at `path` under the site root."""
        return self.site_url + self.url(path)

    # --- the files each page was built from -----------------------------------------------------

    def built_from(self, site: Site, kind: str, ref: str = "") -> tuple[SourceLink, ...]:
        """The content files (and folders) a page was built from, with their addresses in the
        desk's repository when it has one. The guide is factdesk's own page: none."""
        if kind == "claim":
            paths: tuple[str, ...] = (site.claims[ref].record.at.path,)
        elif kind == "contradiction":
            paths = (site.contradictions[ref].record.at.path,)
        elif kind == "article":
            record = site.articles[ref].record
            paths = (record.at.path, *((record.text_file,) if record.text_file else ()))
        elif kind == "entity":
            paths = (site.entities[ref].record.at.path,)
        else:
            paths = SECTION_SOURCES.get(kind, ())
        text = site.articles[ref].record.text_file if kind == "article" else None
        return tuple(self.source_link(path, "text" if path == text else "") for path in paths)

    def source_link(self, path: str, role: str = "") -> SourceLink:
        role = role or ("folder" if path.endswith("/") else "record")
        repository = self.repository
        if repository is None:
            return SourceLink(path, "", "", role)
        where = quote(repository.folder + path)
        if role == "folder":
            return SourceLink(path, repository.tree + where.rstrip("/"), "", role)
        return SourceLink(path, repository.view + where, repository.edit + where, role)

    def sources(self, site: Site) -> dict[str, str]:
        """The one content file each page is built from, where there is one, from the desk's
        folder: MkDocs' edit link for that page (`File.edit_uri`)."""
        sources: dict[str, str] = {}
        for kind, records in (
            ("claim", site.claims),
            ("contradiction", site.contradictions),
            ("article", site.articles),
            ("entity", site.entities),
        ):
            for ref, linked in records.items():
                sources[self.path(kind, ref)] = linked.record.at.path
        for kind in ("home", "methodology", "entities"):
            sources[self.path(kind)] = SECTION_SOURCES[kind][0]
        return sources


def relative(target: str, page: str) -> str:
    """A docs-tree path as a link from `page`."""
    # Plain string work: posixpath.relpath cost 3 s of a 10k-claim build.
    here = page.split("/")[:-1]
    if not here:
        return target
    parts = target.split("/")
    common = 0
    while common < len(here) and common < len(parts) - 1 and here[common] == parts[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(parts[common:])


# An editor links an event by its anchor (`EVENT_ANCHOR`), as on a timeline of one page; a
# paged timeline shows it on one of its months, and a claim or contradiction page has no such
# anchor at all.
# A relative address: no scheme, not from the site's root, not this page's own anchor or query.
_RELATIVE = re.compile(r"[^/#?:]*(?:/[^#?:]*)?(?:[?#].*)?")


def event_anchor(address: str) -> str | None:
    """The event an editor's link names by its anchor (`#event-<id>`), if it does."""
    found = EVENT_ANCHOR.fullmatch(address)
    return found.group(1) if found is not None else None


def in_docs(address: str, written_on: str) -> tuple[str, str] | None:
    """A relative address written on the page `written_on`, as (docs-tree path, the query and
    anchor after it); None for any other address, or one that leaves the docs tree."""
    if not address or address.startswith(("/", "#", "?")) or not _RELATIVE.fullmatch(address):
        return None
    cut = min((i for i in (address.find("#"), address.find("?")) if i >= 0), default=len(address))
    path = posixpath.normpath(posixpath.join(posixpath.dirname(written_on), address[:cut]))
    if path in (".", "..") or path.startswith("../"):
        return None
    return path, address[cut:]


def mkdocs_directory_urls(config_file: Path) -> bool:
    """`use_directory_urls` of a MkDocs configuration (MkDocs' default, true, without one), so
    that `factdesk build --out` gives the addresses the site will be served at.

    Raises ValueError saying why when the file cannot be read."""
    if not config_file.is_file():
        return True
    # MkDocs' own loader: it knows the tags (!ENV, !relative) and INHERIT its files may use.
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, encoding="utf-8") as handle:
            config = yaml_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ConfigurationError) as exc:
        raise ValueError(str(exc)) from exc
    value = config.get("use_directory_urls", True) if isinstance(config, dict) else True
    if not isinstance(value, bool):
        raise ValueError(f"use_directory_urls should be true or false, not {value!r}")
    return value
