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

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.linked import Site

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

# A timeline longer than this gets one page per month: one page holding every entry of a
# large desk would make each rebuild under `mkdocs serve` convert megabytes of Markdown.
TIMELINE_PAGE_LIMIT = 400


def section_paths() -> set[str]:
    """The section pages' paths: they exist whatever the content."""
    return set(SECTIONS.values())


def month_path(anchor: str) -> str:
    """A month's page of a paged timeline; `anchor` is the month's, month-YYYY-MM."""
    return f"timeline/{anchor.removeprefix('month-')}.md"


@dataclass(frozen=True, slots=True)
class Layout:
    site_url: str  # "" or ending in "/"
    directory_urls: bool
    paged_timeline: bool
    # The page that shows each event: the timeline, or its month's page when paged.
    event_pages: Mapping[str, str]

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
        return cls(base, directory_urls, paged, event_pages)

    # --- the docs tree --------------------------------------------------------------------------

    def path(self, kind: str, ref: str = "") -> str:
        """The Markdown file of a page in the docs tree (an event: the page that shows it)."""
        if kind in SECTIONS:
            return SECTIONS[kind]
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

    def sources(self, site: Site) -> dict[str, str]:
        """Each generated page's content file, relative to the site root (MkDocs' edit link)."""
        sources: dict[str, str] = {}
        for kind, records in (
            ("claim", site.claims),
            ("contradiction", site.contradictions),
            ("article", site.articles),
            ("entity", site.entities),
        ):
            for ref, linked in records.items():
                sources[self.path(kind, ref)] = linked.record.at.path
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
