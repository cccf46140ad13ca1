"""Under `mkdocs serve`, the entries a save did not change keep the HTML they were converted to.

An entry is a timeline entry or the two sides of a contradiction (each a <div> of its own), or a
row of a listing (a claims index, an entity's claims). A timeline part lists about fifty
entries, 50-70 KB of Markdown that take Python-Markdown 50-130 ms, the contradictions index up
to fifty notes with both sides' quotes (98 KB at 1,000 claims, 0.17-0.26 s), an index page
fifty rows; a save changes one or two of them: a claim edited (its timeline entry, its rows,
the side it is on), a person renamed (whose name is on 25 timeline parts and 20 index pages at
1,000 claims, 29 and 35 at 10,000). After each conversion of a page its entries are cut out
of its HTML and kept by the text of their Markdown; when the page is converted again, an entry
whose Markdown is the same goes through Python-Markdown as one placeholder paragraph, replaced by
the kept HTML at the end.
Only the changed entries and the page around them are converted: a timeline part with one
changed entry in 5-8 ms instead of 50-130 (measured on the synthetic desks at 1,000 and 10,000
claims, where the HTML was the same on every timeline page and contradiction page).

An entry's HTML is what converting the whole page gave for it, so it is reused only where the
rest of the page cannot change it: not an entry with a heading (the table of contents, and the
ids of the headings after it), a tabbed set (its ids are counted through the page) or a link
that is not a plain `[text](target)`, nor any entry of a page with a fenced block (an entry may
lie inside it) or a reference-style link definition, nor with a Markdown extension besides those
factdesk's `mkdocs.yml` uses, or another plugin (it may change the HTML after conversion).
MkDocs learns from a conversion which ids the page has and which anchors it links to; a reused
entry's are added back (`completed`), so its anchor checks stay as a full conversion makes them.
Just before a save converts its pages again, each one's last conversion is noted (`learn`); its
entries are cut out of it by the conversion itself (`replace_entries`), in whichever process
converts the page. So nothing is kept of pages no save touched, and nothing across MkDocs' own
build (the files, and so where links lead, may have changed), which converts every page anew.

Cutting a page's entries out of its last conversion took about 4 ms a page, a tenth of
converting the 85 pages of a rename at 10,000 claims. An editor saves the same record again and
again, so a save converts mostly the pages the save before it converted: those are cut out
while the editor pauses (`prepare`), from a thread of the server's own, and a save finds them
ready if their conversion is the one it notes. A page the pause did not reach is cut out by its
conversion, as before.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.postprocessors import Postprocessor  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

# factdesk's own mkdocs.yml and what MkDocs adds by itself: with any other extension (footnotes,
# abbreviations, snippets) entries may depend on the rest of the page, and nothing is reused.
KNOWN_EXTENSIONS = frozenset(
    {
        "toc",
        "tables",
        "fenced_code",
        "admonition",
        "attr_list",
        "md_in_html",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.tabbed",
    }
)


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one kind of entry opens at the start of a line, in the page's Markdown and in the
    HTML Python-Markdown makes of it, and its tags: the opening and closing tag of its word,
    which nest inside it (`tags` finds both, a closing one starting with `</`)."""

    markdown: str
    html: str
    tags: re.Pattern[str]


# site_templates/partials: a timeline entry, a contradiction's sides, a row of a listing (one line
# of Markdown, several of HTML).
_DIVS = re.compile(r"<div\b|</div>")
_KINDS = (
    _Kind('<div class="fd-entry', '<div class="fd-entry', _DIVS),
    _Kind('<div class="fd-camps"', '<div class="fd-camps"', _DIVS),
    _Kind('<tr markdown="block">', "<tr>", re.compile(r"<tr\b|</tr>")),
)
# A table's header row in the HTML: raw HTML in the Markdown, not a row of its listing.
_THEAD = "<thead"
_OPENINGS = {
    False: re.compile("^(?:" + "|".join(re.escape(kind.markdown) for kind in _KINDS) + ")", re.M),
    True: re.compile(
        "^(?:" + "|".join(re.escape(kind.html) for kind in _KINDS) + f"|{_THEAD})", re.M
    ),
}
_KIND_OF = {
    False: {k.markdown: i for i, k in enumerate(_KINDS)},
    True: {k.html: i for i, k in enumerate(_KINDS)},
}
_THEAD_END = re.compile(r"</thead>$", re.M)
# An entry: its kind, first line, the line after its last, and its text's offsets.
_Span = tuple[int, int, int, int, int]
_MARKDOWN_OPENINGS = tuple(kind.markdown for kind in _KINDS)
# (A fence is not among them: a page with one keeps none of its entries, see `replace_entries`.)
_CONTEXTUAL_LINE = re.compile(r"^ {0,3}(?:#|===|\[\^|=+ *$|-+ *$)", re.MULTILINE)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
# Python-Markdown's `NormalizeWhitespace`: a line of spaces is emptied (`normalized`).
_BLANK_LINE = re.compile(r"(?<=\n) +\n")
_SPACES_LINE = re.compile(r"\n +\n")
_LINK = re.compile(r"\]\(([^()\s]+)\)")
# Inside a tag: text cannot open one (Python-Markdown writes its < as &lt;).
_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')
# Python-Markdown's placeholders for what an earlier preprocessor stashed (a fenced block, when
# SuperFences is told to keep tabs and finds them before the whitespace is normalised).
_STASHED = re.compile("[\x02\x03]")
# What opens a fenced block (SuperFences), wherever it is.
_FENCE, _TILDE_FENCE = "```", "~~~"
_RAW_LINK = re.compile(r"\b(?:href|src)\s*=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Kept:
    """One entry's HTML, `content[start:end]` of the page's HTML (kept once, by the page and
    here), with the ids it holds and the links to anchors it makes, each as (the linked File,
    anchor, the link as written), as `Page.links_to_anchors` records them."""

    content: str
    start: int
    end: int
    ids: frozenset[str]
    links: tuple[tuple[Any, str, str], ...]

    @property
    def html(self) -> str:
        return self.content[self.start : self.end]


@dataclass(frozen=True, slots=True)
class _Converted:
    """A page's last conversion: its Markdown, its HTML and its links to anchors (by the File
    linked to, then anchor, as `Page.links_to_anchors`)."""

    markdown: str
    content: str
    links_to_anchors: dict[Any, dict[str, str]]
    # Its entries, when they were cut out before the save (`prepare`).
    kept: dict[bytes, Kept] | None = None


def normalized(source: str, tab_length: int = 4) -> str:
    """The page's Markdown as Python-Markdown's first preprocessor leaves it
    (`NormalizeWhitespace`), which is what the entries are found in when it is converted."""
    source = source.replace("\x02", "").replace("\x03", "")
    source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    source = source.expandtabs(tab_length)
    # The substitution scans every character; looking for what it would replace is quicker.
    return _BLANK_LINE.sub("\n", source) if _SPACES_LINE.search(source) else source


def entry_spans(lines: list[str], *, html: bool = False) -> list[tuple[int, int, int]] | None:
    """The entries among `lines` of a page's Markdown (or, with `html`, of the HTML
    Python-Markdown made of it), each as (its kind, first line, line after its last): an entry
    opens at the start of a line and the tags of its kind are balanced inside it. None when an
    entry never closes."""
    spans = _spans("\n".join(lines), html)
    return None if spans is None else [span[:3] for span in spans]


def _spans(text: str, html: bool) -> list[_Span] | None:
    """`entry_spans` of the lines of `text`, each entry also as the offsets of its text in it
    (from its first line's start to its last line's end). Only the lines that open an entry
    and the tags inside entries are looked at, by patterns, not every line of the page in a
    loop (a fifth of the time it took to cut a page's entries out)."""
    openings, kinds = _OPENINGS[html], _KIND_OF[html]
    spans: list[_Span] = []
    end = len(text)
    at, line = 0, 0  # where the next entry may open (a line's start), and that line's number
    while (opened := openings.search(text, at)) is not None:
        start = opened.start()
        first = line + text.count("\n", at, start)
        if opened.group() == _THEAD:
            # Up to the line that ends the header, whatever it holds.
            closed = _THEAD_END.search(text, start)
            if closed is None or closed.end() >= end:
                break
            at = closed.end() + 1
            line = first + text.count("\n", start, at)
            continue
        # Depth after each line that holds a tag: the entry ends where it is no more than 0.
        depth, line_end = 0, -1
        for tag in _KINDS[kinds[opened.group()]].tags.finditer(text, start):
            if tag.start() > line_end:
                if depth <= 0 and line_end >= 0:
                    break
                line_end = text.find("\n", tag.start())
                if line_end < 0:
                    line_end = end
            depth += -1 if tag.group()[1] == "/" else 1
        if depth != 0:
            return None
        last = first + text.count("\n", start, line_end) + 1
        spans.append((kinds[opened.group()], first, last, start, line_end))
        if line_end >= end:
            break
        at, line = line_end + 1, last
    return spans


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _has_definition(source: str) -> bool:
    """Whether a reference-style link is defined in the page (its links may be anywhere)."""
    return "]:" in source and _REFERENCE_DEFINITION.search(source) is not None


def _spoilers(source: str) -> list[int]:
    """Where in a page's Markdown (sorted offsets) something makes the entry holding it depend
    on the rest of the page (see above): a line a heading or footnote opens, a stashed
    block, a raw link (MkDocs rewrites it), a link that is not a plain `[text](target)`. Each
    lies on one line, so the entry holding it is the one whose lines hold its offset. Found in
    the whole page at once: searched entry by entry, they were a third of cutting it out."""
    found = [match.start() for match in _CONTEXTUAL_LINE.finditer(source)]
    if "\x02" in source or "\x03" in source:
        found += [match.start() for match in _STASHED.finditer(source)]
    # The case-blind search is ten times the others': most pages have neither word. Besides
    # their case, it matches "s" to the long s, which lower() keeps.
    folded = source.lower()
    if "href" in folded or "src" in folded or "\u017f" in folded:
        found += [match.start() for match in _RAW_LINK.finditer(source)]
    plain = {match.start() for match in _LINK.finditer(source)}
    at = source.find("](")
    while at >= 0:
        if at not in plain:
            found.append(at)
        at = source.find("](", at + 2)
    found.sort()
    return found


class EntryReuse:
    """What the server keeps of each page's converted entries, and the Markdown extension
    that reuses it. One per `mkdocs serve`; `install` it into each full build's config."""

    def __init__(self) -> None:
        # The last conversion of each page the save being built converts again (`learn`).
        self._last: dict[str, _Converted] = {}
        # The page being converted in this process, its kept entries and those its conversion
        # reused.
        self._page: str | None = None
        self._pending: _Converted | None = None
        self._kept: dict[bytes, Kept] = {}
        self._reused: list[Kept] = []
        # The HTML each placeholder stands for: one entry's, or several's that follow each
        # other.
        self._groups: list[str] = []
        # Cannot be guessed by an article's text, so no content can pass for a placeholder.
        self._marker = f"fdreused{secrets.token_hex(8)}x"
        self.reused = 0  # entries reused since the last `taken_count`
        # The entries of the last save's pages, cut out while the editor pauses (`prepare`),
        # by page, with the conversion they were cut out of; and the thread doing it.
        self._prepared: dict[str, _Converted] = {}
        self._preparing: tuple[threading.Thread, threading.Event] | None = None

    def install(self, config: Any) -> None:
        """Reuse entries in the pages converted with `config`, a full build's, which forgets
        everything kept (the files it knows may differ)."""
        self.stop_preparing()
        self._prepared.clear()
        self._last.clear()
        extensions = config.markdown_extensions
        # Another plugin may change a page's HTML after its conversion: what is kept would
        # be changed twice when reused.
        if set(config.plugins) <= {"factdesk"} and all(
            isinstance(item, str) and item in KNOWN_EXTENSIONS for item in extensions
        ):
            extensions.append(_ReuseExtension(self))

    def converting(self, page: Any) -> None:
        """MkDocs is about to convert `page` in this process (`on_page_markdown`). Its last
        conversion's entries are cut out by the conversion itself (`replace_entries`): a page
        a forked copy converts has its events here too, but no conversion."""
        self._page = page.file.src_uri
        self._reused = []
        self._groups = []
        self._kept = {}
        self._pending = self._last.pop(self._page, None)

    def completed(self, page: Any) -> None:
        """`page` is converted (`on_page_content`): the ids and anchor links of the entries its
        conversion reused join those MkDocs found in the rest of it."""
        reused, self._reused, self._page = self._reused, [], None
        self._groups = []
        # Kept for this conversion only: the page's old HTML is not held beside the new.
        self._kept, self._pending = {}, None
        if not reused:
            return
        if self._marker in (page.content or ""):
            # Python-Markdown put a placeholder where it is not a paragraph of its own. Under
            # serve the rebuild gives up, and MkDocs' own build, which keeps nothing, runs.
            raise RuntimeError(f"{page.file.src_uri}: a kept entry could not be put back")
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = page.present_anchor_ids.union(*(k.ids for k in reused))
        if page.links_to_anchors is not None:
            for kept in reused:
                for file, anchor, link in kept.links:
                    page.links_to_anchors.setdefault(file, {}).setdefault(anchor, link)

    def learn(self, pages: Iterable[Any]) -> None:
        """Note the last conversion of each page in `pages`, which a save is about to convert
        again; what was noted for an earlier save is forgotten (its pages are converted)."""
        self.stop_preparing()
        prepared, self._prepared = self._prepared, {}
        self._last.clear()
        for page in pages:
            converted = _last_conversion(page)
            if converted is None:
                continue
            ready = prepared.get(page.file.src_uri)
            if ready is not None and _same_conversion(ready, converted):
                converted = ready
            self._last[page.file.src_uri] = converted

    def prepare(self, pages: Sequence[Any], delay: float = 0.1) -> threading.Thread | None:
        """A save converted `pages`: cut their entries out of what it made, in a thread (which
        is returned), from `delay` seconds on (the browser's reload first), until the next save
        starts."""
        self.stop_preparing()
        self._prepared.clear()
        todo = [(page.file.src_uri, c) for page in pages if (c := _last_conversion(page))]
        if not todo:
            return None
        stop = threading.Event()
        thread = threading.Thread(
            target=self._prepare, args=(todo, stop, delay), name="factdesk-reuse", daemon=True
        )
        self._preparing = (thread, stop)
        thread.start()
        return thread

    def _prepare(
        self, todo: list[tuple[str, _Converted]], stop: threading.Event, delay: float
    ) -> None:
        if stop.wait(delay):
            return
        for uri, converted in todo:
            if stop.is_set():
                return
            try:
                kept = _entries(converted)
            except Exception:
                # Not in the editor's terminal from a thread: the save cuts this page's
                # entries out itself, in the conversion, which reports what is wrong.
                return
            self._prepared[uri] = replace(converted, kept=kept)

    def stop_preparing(self) -> None:
        """As a save or a full build starts: the thread stops after the page it is on (a few
        milliseconds), so it takes no time from the save, and no thread runs when a save forks
        a copy of the server. What it cut out so far is kept for `learn`."""
        if self._preparing is not None:
            thread, stop = self._preparing
            self._preparing = None
            stop.set()
            thread.join()

    def taken_count(self) -> int:
        count, self.reused = self.reused, 0
        return count

    # The extension's two steps.

    def replace_entries(self, lines: list[str]) -> list[str]:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._kept = pending.kept if pending.kept is not None else _entries(pending)
        kept = self._kept
        if not kept:
            return lines
        text = "\n".join(lines)
        # A "line" holding a line break (an extension may have joined lines) would put the
        # entries' line numbers out: nothing is reused then.
        spans = _spans(text, False) if text.count("\n") == len(lines) - 1 else None
        # Fenced blocks are not found yet: an entry may lie inside one.
        if not spans or _has_definition(text) or _FENCE in text or _TILDE_FENCE in text:
            return lines
        result: list[str] = []
        done = 0
        previous: Kept | None = None  # the entry reused just before, if nothing came between
        for _, start, end, begin, finish in spans:
            # Kept only if reusable (`_entries`): the same text is, and needs no second look.
            found = kept.get(_key(text[begin:finish]))
            if found is None:
                previous = None
                continue
            between = _between(previous, found)
            if between is not None and not any(lines[done:start]):
                # Entries next to each other share one placeholder: Python-Markdown parses,
                # walks and writes each paragraph, and a placeholder for each of fifty rows
                # was a third of converting a page with one row changed.
                self._groups[-1] += between + found.html
            else:
                result.extend(lines[done:start])
                result.extend(("", f"{self._marker}{len(self._groups)}", ""))
                self._groups.append(found.html)
            self._reused.append(found)
            previous = found
            done = end
        result.extend(lines[done:])
        self.reused += len(self._reused)
        return result

    def restore_entries(self, text: str) -> str:
        if not self._groups or self._marker not in text:
            return text
        groups = self._groups
        return re.sub(
            rf"<p>{self._marker}(\d+)</p>", lambda found: groups[int(found.group(1))], text
        )


def _last_conversion(page: Any) -> _Converted | None:
    """A page's last conversion, if it has entries that may be kept."""
    markdown, content = page.markdown, page.content
    if markdown is None or content is None:
        return None
    if not any(opening in markdown for opening in _MARKDOWN_OPENINGS):
        return None
    # MkDocs gives the page new objects when it converts it again; these stay.
    return _Converted(markdown, content, page.links_to_anchors or {})


def _same_conversion(ready: _Converted, now: _Converted) -> bool:
    """Whether entries cut out before are of the page's conversion now: the very objects, as a
    conversion makes new ones (a page converted again since, by a full build, is not)."""
    same_links = ready.links_to_anchors is now.links_to_anchors or not (
        ready.links_to_anchors or now.links_to_anchors
    )
    return ready.markdown is now.markdown and ready.content is now.content and same_links


def _between(before: Kept | None, after: Kept) -> str | None:
    """What separated two entries in the HTML they were kept from, when they followed each
    other there with only white space between; None otherwise."""
    if before is None or before.content is not after.content or before.end > after.start:
        return None
    between = after.content[before.end : after.start]
    return None if between.strip() else between


def _entries(converted: _Converted) -> dict[bytes, Kept]:
    """The reusable entries of a page's last conversion, by the text of their Markdown."""
    source = normalized(converted.markdown)
    if _has_definition(source):
        return {}
    content = converted.content
    sources, outputs = _spans(source, False), _spans(content, True)
    if sources is None or outputs is None:
        return {}
    if [span[0] for span in sources] != [span[0] for span in outputs]:
        return {}  # HTML the page's Markdown does not account for (a pipe table's rows)
    anchors = {
        link: (file, anchor)
        for file, links in converted.links_to_anchors.items()
        for anchor, link in links.items()
    }
    spoilers = _spoilers(source)
    found = [(match.start(), match.group(1)) for match in _LINK.finditer(source)]
    link_at = [at for at, _ in found]
    kept: dict[bytes, Kept] = {}
    for (_, _, _, start, end), (_, _, _, begin, finish) in zip(sources, outputs, strict=True):
        spoiled = bisect_left(spoilers, start)
        if spoiled < len(spoilers) and spoilers[spoiled] < end:
            continue
        own = found[bisect_left(link_at, start) : bisect_left(link_at, end)]
        links = tuple((*anchors[link], link) for _, link in own if link in anchors)
        ids = frozenset(_ID.findall(content, begin, finish))
        kept[_key(source[start:end])] = Kept(content, begin, finish, ids, links)
    return kept


class _ReuseExtension(Extension):  # type: ignore[misc]
    def __init__(self, reuse: EntryReuse) -> None:
        super().__init__()
        self.reuse = reuse

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Right after the whitespace is normalised (30), before fenced blocks are found (25):
        # SuperFences looks at every line, a tenth of converting a timeline part whose
        # entries are kept. So before MkDocs reads the ids in the page's raw HTML (21; a kept
        # entry's are given back by `completed`) and md_in_html (20): none parses a kept entry.
        md.preprocessors.register(_Replace(md, self.reuse), "factdesk_reuse", 26)
        # Last: the kept HTML is final, nothing may process it again.
        md.postprocessors.register(_Restore(md, self.reuse), "factdesk_restore", 0)


class _Replace(Preprocessor):  # type: ignore[misc]
    def __init__(self, md: markdown.Markdown, reuse: EntryReuse) -> None:
        super().__init__(md)
        self.reuse = reuse

    def run(self, lines: list[str]) -> list[str]:
        return self.reuse.replace_entries(lines)


class _Restore(Postprocessor):  # type: ignore[misc]
    def __init__(self, md: markdown.Markdown, reuse: EntryReuse) -> None:
        super().__init__(md)
        self.reuse = reuse

    def run(self, text: str) -> str:
        return self.reuse.restore_entries(text)
