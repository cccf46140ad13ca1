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
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from ..content.linked import Site
from ..resources import VENDOR

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
VENDORED: Mapping[str, str] = {TIMELINEJS: "timelinejs3"}

# A timeline longer than this gets one page per month: one page holding every entry of a
# large desk would make each rebuild under `mkdocs serve` convert megabytes of Markdown.
TIMELINE_PAGE_LIMIT = 400


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


def month_path(anchor: str) -> str:
    """A month's page of a paged timeline; `anchor` is the month's, month-YYYY-MM."""
    return f"timeline/{anchor.removeprefix('month-')}.md"


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
    # The page that shows each event: the timeline, or its month's page when paged.
    event_pages: Mapping[str, str]
    repository: Repository | None = None

    @classmethod
    def of(cls, site: Site, *, directory_urls: bool = True) -> Layout:
        paged = len(site.timeline) > TIMELINE_PAGE_LIMIT
        timeline = SECTIONS["timeline"]
        event_pages = {
            entry.id: month_path(month.anchor) if paged else timeline
            for month in site.months
            for day in month.days
            for entry in day.entries
            if entry.kind == "event"
        }
        base = site.config.site_url or ""
        if base and not base.endswith("/"):
            base += "/"
        given = site.config.repository
        repository = Repository.of(given.url, given.branch, given.folder) if given else None
        return cls(base, directory_urls, paged, event_pages, repository)

    # --- the docs tree --------------------------------------------------------------------------

    def path(self, kind: str, ref: str = "") -> str:
        """The Markdown file of a page in the docs tree (an event: the page that shows it)."""
        if kind in SECTIONS:
            return SECTIONS[kind]
        if kind in PAGES:
            return PAGES[kind]
        if kind == "timeline-month":
            return month_path(ref)
        if kind == "event":
            return self.event_pages.get(ref, SECTIONS["timeline"])
        return f"{_FOLDERS[kind]}/{ref}.md"

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
    # Every page lives at the top or one folder deep, so a relative link is one of three
    # shapes; posixpath.relpath cost 3 s of a 10k-claim build.
    here = page.rpartition("/")[0]
    if not here:
        return target
    folder, _, name = target.rpartition("/")
    return name if folder == here else "../" + target


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
