"""Under `mkdocs serve`, a save's page is put into the theme's frame it had last time.

Rendering a page into Material's templates (header, navigation, table of contents, footer) took
4-8 ms a page on a 2-core VM, a fifth of what MkDocs spends on a save that renames a person
(73 pages at 1,000 claims, 85 at 10,000). Between two saves only the page's HTML changes in
most of them: the navigation, its title, front matter and table of contents stay as they were.
So after a page is rendered, the output before and after its HTML is kept (`Frame`), and
when the page is rendered again with the same frame key and the same navigation, its output is
that frame around its new HTML: the same bytes the templates write.

The key holds what the templates render from a page that a save can change, besides the
navigation, which is compared whole (`start`): the template, title, front matter, table of
contents and whether the HTML has its own <h1> (Material's `content.html` adds the title as a
heading when it has none). The rest they read of a page (its addresses, its place in the
navigation) changes only with MkDocs' full build. That holds for Material's templates and
factdesk's theme override; so frames are used only with those (Material, and no `custom_dir`
of the site's own, whose templates may read more) and with factdesk the only plugin (another
plugin's page events might change the context or the output; factdesk's own leave both as they
are under serve, so a page put into its frame skips them). A page whose HTML is not found
exactly once in its output gets no frame, nor does a draft (MkDocs marks its HTML). Everything
is forgotten with the state of MkDocs' last full build, which renders every page anew.

That build renders every page but keeps no frame: Material's chrome for each of 15,000 pages
would hold hundreds of MB. A save's page without a frame learns it instead from its file in the
site (`recall`), which its last conversion was rendered into, while every file there was
rendered with the navigation of now: until a save changes the navigation, and from then until
the next full build, only pages rendered since teach frames. So the first save after a start
puts its pages into frames too (it rendered every one of them into the theme before).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_TEMPLATE = "main.html"
# A frame is the page's HTML less its content, 20-30 KB with Material's navigation: a long
# session that touched every page of a large desk would hold the whole site's chrome. The
# pages a save renders again are mostly those the last saves did.
_MOST_FRAMES = 1000
# The plugins whose page events leave the context and the output as they are under serve.
_KNOWN_PLUGINS = frozenset({"factdesk"})


@dataclass(frozen=True, slots=True)
class Frame:
    key: tuple[object, ...]
    before: str
    after: str


class Frames:
    """The frames of the pages rendered since MkDocs' last full build. One per build state; a
    forked copy starts with the server's and uses them for the pages it renders."""

    def __init__(self, config: Any) -> None:
        theme = config.theme
        self.usable = (
            set(config.plugins) <= _KNOWN_PLUGINS
            and theme.name == "material"
            and not theme.custom_dir
        )
        self._frames: dict[str, Frame] = {}
        self._navigation: object = None
        # Whether every page's file in the site was rendered with `_navigation` (`recall`).
        self._files_fit = True
        # Pages put into their frames since `taken_count` (by the server, or by a copy and
        # counted when the server writes them).
        self.used = 0

    def start(self, navigation: object) -> None:
        """Pages are about to be rendered with `navigation` (what the theme shows of every
        page in it): frames made with another are forgotten."""
        if navigation != self._navigation:
            self._frames.clear()
            # The first start names the navigation of MkDocs' full build (`recall`).
            self._files_fit = self._navigation is None
            self._navigation = navigation

    def recall(self, pages: Iterable[Any], navigation: object) -> None:
        """Before a save converts `pages` again, with each still holding its last conversion:
        those without a frame learn the one their file in the site has, while every file there
        was rendered with `navigation`, the navigation as the pages now show it. Once a save
        changed it, the files of pages no save rendered since hold the older one."""
        self.start(navigation)
        if not self.usable or not self._files_fit:
            return
        for page in itertools.islice(pages, _MOST_FRAMES):
            if page.file.src_uri in self._frames or not page.content:
                continue
            try:
                with open(page.file.abs_dest_path, encoding="utf-8") as written:
                    output = written.read()
            except (OSError, UnicodeDecodeError):
                continue
            self.learn(page, output)

    def output(self, page: Any) -> str | None:
        """The page rendered into the theme from its frame; None without a frame that fits."""
        key = self._key(page) if page.content else None
        frame = self._frames.get(page.file.src_uri) if key is not None else None
        if frame is None or frame.key != key:
            return None
        self._frames[page.file.src_uri] = self._frames.pop(page.file.src_uri)  # used last
        self.used += 1
        return f"{frame.before}{page.content}{frame.after}"

    def taken_count(self) -> int:
        count, self.used = self.used, 0
        return count

    def learn(self, page: Any, output: str) -> None:
        """Keep the frame of a page the templates rendered into `output`."""
        uri = page.file.src_uri
        key = self._key(page)
        content = page.content
        at = output.find(content) if key is not None and content else -1
        if at < 0 or output.find(content, at + 1) >= 0:
            self._frames.pop(uri, None)
            return
        assert key is not None
        self._frames.pop(uri, None)
        self._frames[uri] = Frame(key, output[:at], output[at + len(content) :])
        while len(self._frames) > _MOST_FRAMES:
            del self._frames[next(iter(self._frames))]

    def _key(self, page: Any) -> tuple[object, ...] | None:
        if not self.usable or page.file.inclusion.is_excluded():
            return None
        meta = page.meta or {}
        if meta.get("template", _TEMPLATE) != _TEMPLATE:
            return None
        return (page.title, repr(meta), _toc(page.toc), "<h1" in (page.content or ""))


def _toc(items: Iterable[Any]) -> tuple[object, ...]:
    # Material's toc-item.html reads `typeset` too, which its typeset plugin sets.
    return tuple(
        (item.title, item.id, item.level, repr(getattr(item, "typeset", None)), _toc(item.children))
        for item in items or ()
    )
