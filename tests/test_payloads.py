"""Every field is text until proven otherwise, tested by construction (issue 12).

The string fields are enumerated from the models (`generator/content/schemas.py` lists the file
kinds, and each kind's dataclasses, recursively), so a field added later is covered without
touching this test, and the test fails while tests/fixtures/every-field gives it no value.
For each payload (script tags, a `</script>`, an image with onerror, javascript: links, Jinja
syntax, Markdown headings and links, YAML-looking text, HTML entities, attribute lists,
direction and zero-width characters), every field of every record kind in turn holds it:

1. alone, through `pipeline.check`: the checker either refuses it with an error in that file
   (ids, dates, addresses, tags, fixed words) or accepts it as text;
2. then every accepted field at once, each with its own marker, in two real `mkdocs build`s
   (no warning but content ones): one with Material's search and tags plugins, which a desk may
   turn on, and one with the plugins every desk ships (the repository's mkdocs.yml: factdesk's
   own search index in search/ and its own search box). In each, no page, JSON-LD block,
   timeline.json value, CSV cell or Atom entry holds live markup, no paragraph is left with a
   direction control open, Jinja never ran, and each plain-text field's value is shown
   exactly as typed somewhere (a page, or a data file); factdesk's search files hold words,
   addresses inside the site and the typed text, nothing else;
3. and in Chromium every page, the search results of Material's search for the markers, and
   those of factdesk's search box: no dialog, no script run, no javascript: link, no
   navigation, no request outside the site; every result factdesk's index holds for the
   markers is shown, as exactly the index's text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import re
import shutil
import types
import typing
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, Union
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import FIXTURES, ROOT, mkdocs_build
from markup import (
    directions_left_open,
    open_directions,
    read_html,
    read_html_text,
    script_href,
    text,
    unsafe_markup,
)
from test_browser import CHROMIUM, CHROMIUM_ARGS, STEP_MS, serve_folder

from generator import pipeline
from generator.content.diagnostics import Diagnostic
from generator.content.models import Format
from generator.content.schemas import KINDS
from generator.content.yamlsrc import split_front_matter
from generator.site.search import SEARCH_FOLDER, shard_path

BASE = FIXTURES / "every-field"
# The plugins every desk ships: the repository's mkdocs.yml, without Material's search, so
# factdesk's own search index (generator/site/search.py) and search box (assets/factdesk.js).
SHIPPED_PLUGINS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
SHIPPED_CONFIG = "mkdocs-shipped.yml"

# Each payload runs `window.__fd_ran = 1` and opens a dialog if any of it ever runs; each has at
# least three words (a quote needs them) and is short enough for claim_short's 75 characters.
PAYLOADS = {
    "script": '<script>window.__fd_ran=1;alert("s")</script> runs here',
    "end-script": '</script><script>window.__fd_ran=1;alert("e")</script> ends it',
    "img-onerror": "<img src=x onerror=\"window.__fd_ran=1;alert('i')\"> an image",
    "markdown-script-link": "[click me](javascript:window.__fd_ran=1) link words",
    "html-script-link": "<a href='javascript:alert(1)'>a link</a> more words",
    "template": "{{ 917*3 }} {% raw %}{{ x }}{% endraw %} {# note #} template",
    "markdown": "# A heading\n\n[evil link](https://evil.example/) **bold** text",
    "yaml": "key: value\n- item\n---\nstatus: draft\n...",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; entity words",
    "attributes": '{: onclick="window.__fd_ran=1" } attribute list words',
    "directions": "\u202eevil reversed words\u2067 isolated \u200bzero\u200dwidth\ufeff end",
}
# Fields typed as text that are parts of a path or an address, checked as such and refused when
# they hold anything else: the article's text file (inside seeds/), and the repository's branch
# and folder that every page's source link is built from (FD180).
PATH_PARTS = {
    "article:text_file": "a file inside seeds/",
    "site:repository.branch": "a branch name, as it stands in an address",
    "site:repository.folder": "a folder inside the repository",
}
# Text fields no output shows: the desk's own notes.
NOT_SHOWN = {"article:origins.note": "how the desk knows a sentence came from another report"}
# What `{{ 917*3 }}` would print if content ever went through Jinja.
TEMPLATE_RESULT = "2751"
MARKER = "fdfield"
# Characters that are invisible, or that only set direction: compared without them (pages close
# the directions a value leaves open, data files keep the text exactly).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


# --------------------------------------------------------------------------------------------
# The fields, from the models
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Field:
    kind: str  # a file kind of schemas.KINDS: site, entities, article, claim, event, ...
    path: tuple[str, ...]  # keys from the record down to the field
    format: str  # "text", or the Format's name ("markdown", "id", "url", ...), or "choice"

    @property
    def name(self) -> str:
        return f"{self.kind}:{'.'.join(self.path)}"


def _string_fields(model: type, kind: str, prefix: tuple[str, ...]) -> Iterator[Field]:
    hints = typing.get_type_hints(model, include_extras=True)
    for field in dataclasses.fields(model):
        if field.metadata.get("internal"):
            continue
        hint = hints[field.name]
        if typing.get_origin(hint) in (Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        if typing.get_origin(hint) is tuple:
            hint = typing.get_args(hint)[0]
        fmt: Format | None = None
        if typing.get_origin(hint) is typing.Annotated:
            hint, *extras = typing.get_args(hint)
            fmt = next((e for e in extras if isinstance(e, Format)), None)
        path = (*prefix, field.name)
        if dataclasses.is_dataclass(hint):
            yield from _string_fields(typing.cast(type, hint), kind, path)
        elif typing.get_origin(hint) is Literal:
            yield Field(kind, path, "choice")
        elif hint is str:
            yield Field(kind, path, fmt.name if fmt is not None else "text")


def string_fields() -> list[Field]:
    return [f for kind, (model, _, _) in KINDS.items() for f in _string_fields(model, kind, ())]


# --------------------------------------------------------------------------------------------
# A desk whose files can be rewritten field by field
# --------------------------------------------------------------------------------------------

FOLDERS = {"article": "articles", "claim": "claims", "event": "events"}
FOLDERS["contradiction"] = "contradictions"


class Desk:
    """A copy of the every-field site, its record files held as data, written back on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, tuple[Any, str | None]] = {}
        for path in sorted((root / "content").rglob("*")):
            if path.suffix in (".yml", ".md"):
                raw = path.read_text(encoding="utf-8")
                if path.suffix == ".md":
                    parts = split_front_matter(raw)
                    assert parts is not None, path
                    self.files[path] = (yaml.safe_load(parts[0]), parts[1])
                else:
                    self.files[path] = (yaml.safe_load(raw), None)

    def kind_files(self, kind: str) -> list[Path]:
        content = self.root / "content"
        if kind == "site":
            return [content / "site.yml"]
        if kind == "entities":
            return [content / "entities.yml"]
        return sorted(p for p in self.files if p.parent == content / FOLDERS[kind])

    def slot(self, field: Field) -> tuple[Path, dict[str, Any], str] | None:
        """The first place the site gives `field` a value: (file, mapping, key)."""
        for path in self.kind_files(field.kind):
            found = next(_slots(self.files[path][0], field.path), None)
            if found is not None:
                return (path, *found)
        return None

    def write(self, path: Path) -> None:
        data, body = self.files[path]
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
        text = dumped if body is None else f"---\n{dumped}---\n{body}"
        path.write_text(text, encoding="utf-8")

    def write_all(self) -> None:
        for path in self.files:
            self.write(path)

    def add_text(self, lines: list[str]) -> None:
        """Put `lines` into every article's text, so that a quote of any of them is found."""
        extra = "\n" + "\n".join(lines) + "\n"
        seed = self.root / "seeds" / "report.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + extra, encoding="utf-8")
        for path, (data, body) in self.files.items():
            if body is not None:
                self.files[path] = (data, body + extra)


def _slots(node: Any, path: tuple[str, ...]) -> Iterator[tuple[dict[str, Any], str]]:
    if isinstance(node, list):
        for item in node:
            yield from _slots(item, path)
        return
    if not isinstance(node, dict) or path[0] not in node:
        return
    if len(path) == 1:
        yield node, path[0]
    else:
        yield from _slots(node[path[0]], path[1:])


def value_for(mapping: dict[str, Any], key: str, value: str) -> Any:
    # A list of strings (aliases, tags, ids) gets the payload as its one item.
    return [value] if isinstance(mapping[key], list) else value


def marked(payload: str, index: int) -> str:
    return f"{payload} {MARKER}{index:02d}"


def values(payload: str, field: Field, index: int) -> list[str]:
    """What `field` is tried with: the payload, and for an address also the payload inside a
    valid one (it must then be percent-encoded wherever it goes)."""
    tried = [marked(payload, index)]
    if field.format == "url":
        tried.append("https://example.org/" + re.sub(r"\s+", "", marked(payload, index)))
    return tried


# --------------------------------------------------------------------------------------------
# The fixture covers every field
# --------------------------------------------------------------------------------------------

FIELDS = string_fields()


def test_the_fields_are_enumerated_from_the_models() -> None:
    names = {f.name for f in FIELDS}
    # A sample of what the walk must find, nested ones included.
    for name in (
        "site:title", "site:publisher.name", "site:rating_scale.label", "entities:aliases",
        "article:title", "article:background.reason", "article:origins.note",
        "claim:appearances.quote", "claim:appearances.translation", "claim:verdict.conclusion",
        "claim:verdict.evidence.title", "claim:verdict.history.note", "claim:tags",
        "event:sources.quote", "contradiction:sides.label", "contradiction:status_note",
    ):  # fmt: skip
        assert name in names, name
    assert len(FIELDS) >= 70


def test_the_every_field_site_gives_each_field_a_value(tmp_path: Path) -> None:
    """Fails when a field is added to the models and not to tests/fixtures/every-field."""
    root = tmp_path / "site"
    shutil.copytree(BASE, root)
    desk = Desk(root)
    missing = [f.name for f in FIELDS if desk.slot(f) is None]
    assert missing == [], f"give these fields a value in {BASE}: {missing}"
    # Read back and written out again, the site is still sound (the test rewrites it so).
    desk.write_all()
    result = pipeline.check(root)
    assert result.diagnostics == [], result.diagnostics


# --------------------------------------------------------------------------------------------
# Each payload in each field
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Trial:
    desk: Desk
    accepted: dict[Field, list[str]]  # field -> the values the checker accepted
    refused: dict[Field, list[str]]


def trial(payload: str, root: Path) -> Trial:
    """Phase 1: each field alone holds the payload; the checker accepts or refuses it.

    A field refused because its quote is not in the article (FD044) is a quote: the payload is
    then put into the articles' texts, as a hostile article would carry it, and tried again.
    """
    shutil.copytree(BASE, root)
    desk = Desk(root)
    desk.write_all()
    tried = {f: values(payload, f, i) for i, f in enumerate(FIELDS)}
    outcome: dict[tuple[Field, str], list[Diagnostic]] = {}

    def attempt(field: Field, value: str) -> None:
        slot = desk.slot(field)
        assert slot is not None, field.name
        path, mapping, key = slot
        before = mapping[key]
        mapping[key] = value_for(mapping, key, value)
        desk.write(path)
        outcome[field, value] = pipeline.check(root).errors
        mapping[key] = before
        desk.write(path)

    for field, candidates in tried.items():
        for value in candidates:
            attempt(field, value)
    quotes = [k for k, errors in outcome.items() if any(d.code == "FD044" for d in errors)]
    desk.add_text([value for _, value in quotes])
    desk.write_all()
    for field, value in quotes:
        attempt(field, value)

    accepted: dict[Field, list[str]] = {}
    refused: dict[Field, list[str]] = {}
    problems = []
    for (field, value), errors in outcome.items():
        if not errors:
            accepted.setdefault(field, []).append(value)
            continue
        refused.setdefault(field, []).append(value)
        slot = desk.slot(field)
        assert slot is not None
        shown = slot[0].relative_to(root).as_posix()
        if not any(d.location.path == shown for d in errors):
            problems.append(f"{field.name}: refused, but not in {shown}: {errors}")
    assert problems == []
    return Trial(desk, accepted, refused)


@dataclasses.dataclass(frozen=True)
class Built:
    material: Path  # the every-field site's own mkdocs.yml: Material's search and tags plugins
    shipped: Path  # the plugins every desk ships (SHIPPED_PLUGINS): factdesk's own search


def build_with_every_accepted_field(trial: Trial) -> Built:
    """Phase 2: every accepted field holds its payload at once; built for real, twice."""
    desk = trial.desk
    for field, accepted in trial.accepted.items():
        slot = desk.slot(field)
        assert slot is not None
        _, mapping, key = slot
        mapping[key] = value_for(mapping, key, accepted[0])
    desk.write_all()
    config = yaml.safe_load((desk.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = SHIPPED_PLUGINS
    shipped = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (desk.root / SHIPPED_CONFIG).write_text(shipped, encoding="utf-8")
    return Built(
        _build(desk.root, "mkdocs.yml", "site"), _build(desk.root, SHIPPED_CONFIG, "site-shipped")
    )


def _build(root: Path, config: str, folder: str) -> Path:
    # Not --strict: a payload in a figure's value is, rightly, a warning that the text it
    # annotates does not hold it (FD164). Every warning must be such a content warning;
    # MkDocs' own (a broken link, say) would still fail the test.
    built = mkdocs_build(root, "--no-strict", "-f", config, "-d", str(root / folder))
    assert built.returncode == 0, built.stdout + built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    others = [w for w in warnings if not re.search(r"^WARNING +-  factdesk: content/.* \[FD", w)]
    assert others == [], built.stderr
    return root / folder


def _clean(value: str) -> str:
    return " ".join(_INVISIBLE.sub("", value).split())


def _html_values(fragment: str, where: str, problems: list[str]) -> str:
    """An HTML string from a data file: checked for live markup, returned as its text."""
    if not fragment.strip():
        return ""
    root = read_html_text(f"<div>{fragment}</div>")
    problems.extend(unsafe_markup(root, where))
    return text(root)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def inspect_outputs(html: Path) -> tuple[list[str], list[str]]:
    """(problems, every text shown) of a built site: pages, JSON-LD, both search indexes,
    timeline, CSV, Atom."""
    problems: list[str] = []
    shown: list[str] = []
    pages = sorted(html.rglob("*.html"))
    assert len(pages) >= 15
    for path in pages:
        page = path.relative_to(html).as_posix()
        root = read_html(path)
        problems.extend(unsafe_markup(root, page))
        problems.extend(directions_left_open(root, page))
        shown.append(root.text_content())
        for data in root.xpath(".//script[@type='application/ld+json']"):
            shown.extend(_json_strings(json.loads(data.text)))
    material = html / "search" / "search_index.json"
    if material.exists():
        # Material's search results show its index's text as HTML.
        search = json.loads(material.read_text(encoding="utf-8"))
        for entry in search["docs"]:
            _html_values(entry["title"], f"search: {entry['location']}", problems)
            _html_values(entry["text"], f"search: {entry['location']}", problems)
    inspect_data(html, problems, shown)
    inspect_search(html, problems, shown)
    everything = "\n".join(p.read_text("utf-8", errors="replace") for p in html.rglob("*.*")
                           if p.suffix in (".html", ".json", ".csv", ".xml"))  # fmt: skip
    if TEMPLATE_RESULT in everything:
        problems.append(f"'{TEMPLATE_RESULT}' in the output: content went through Jinja")
    return problems, shown


def inspect_data(html: Path, problems: list[str], shown: list[str]) -> None:
    """The data files: ClaimReview feed, TimelineJS, CSV and Atom."""
    feed = json.loads((html / "data" / "claimreview.json").read_text(encoding="utf-8"))
    shown.extend(_json_strings(feed))
    timeline = json.loads((html / "data" / "timeline.json").read_text(encoding="utf-8"))
    slides = [timeline["title"], *timeline["events"]]
    for slide in slides:
        where = f"timeline.json {slide.get('unique_id', 'title')}"
        for key in ("headline", "text"):
            shown.append(_html_values(slide["text"].get(key, ""), where, problems))
        for key in ("group", "display_date"):
            if key in slide:
                shown.append(_html_values(slide[key], where, problems))
        headline = read_html_text(f"<div>{slide['text'].get('headline', '')}</div>")
        if len(headline) or (
            "group" in slide and len(read_html_text(f"<div>{slide['group']}</div>"))
        ):
            problems.append(f"{where}: markup in a headline or group")
    for name in ("claims.csv", "events.csv"):
        rows = csv.reader(io.StringIO((html / "data" / name).read_text(encoding="utf-8-sig")))
        for row in rows:
            for cell in row:
                if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                    problems.append(f"{name}: a cell a spreadsheet runs: {cell!r}")
                shown.append(cell.removeprefix("'"))
    atom = ET.parse(html / "data" / "verdicts.atom.xml").getroot()
    for element in atom.iter():
        if element.get("type") == "html":
            shown.append(_html_values(element.text or "", "verdicts.atom.xml", problems))
        elif element.text:
            shown.append(element.text)
        href = element.get("href")
        if href is not None and script_href(href):
            problems.append(f"verdicts.atom.xml: link to {href!r}")


SEARCH_KINDS = ("claim", "event", "contradiction", "entity", "article")
_TERM = re.compile(r"[^\W_]+")  # search.py's _WORD: an index term is one word
_RATING_ID = re.compile(r"[a-z0-9-]+")


def search_documents(html: Path) -> list[list[Any]]:
    """factdesk's search index's documents, in order: [kind, title, url, rating, date, snippet]."""
    folder = html / SEARCH_FOLDER / "docs"
    files = sorted(folder.glob("*.json"), key=lambda p: int(p.stem))
    return [doc for path in files for doc in json.loads(path.read_text(encoding="utf-8"))]


def inspect_search(html: Path, problems: list[str], shown: list[str]) -> None:
    """Every file of factdesk's own search index (generator/site/search.py), every value in it.

    Its strings are text, not HTML: assets/factdesk.js shows them with textContent, so a `<`
    in a title is a `<` on the screen. The live-markup check that fits them is therefore the
    one on the results as rendered (`factdesk_search`); here each value is checked as what it
    becomes: a term is one word, a shard is where the manifest says, an address stays inside
    the site and leads to a built page, a rating id only names a class, and the rest (titles,
    dates, snippets, rating labels) are text that must read as typed, with no direction
    control left open.
    """
    folder = html / SEARCH_FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = -(-manifest["documents"] // manifest["docs_per_file"])
    expected = {folder / "manifest.json"}
    expected |= {folder.parent / shard_path(key) for key in manifest["keys"]}
    expected |= {folder / "docs" / f"{n}.json" for n in range(files)}
    # search/search_index.json is Material's, checked as HTML by inspect_outputs.
    written = {p for p in folder.rglob("*") if p.is_file()} - {folder / "search_index.json"}
    if written != expected:
        problems.append(f"search/: files {sorted(written ^ expected)} unexpected or missing")
    docs = search_documents(html)
    for key in manifest["keys"]:
        if not _TERM.fullmatch(key):
            problems.append(f"search/manifest.json: a key that is not a word: {key!r}")
    for path in sorted(folder.glob("terms/*.json")):
        for term, postings in json.loads(path.read_text(encoding="utf-8")).items():
            if not _TERM.fullmatch(term) or not all(isinstance(n, int) for n in postings):
                problems.append(f"{path.name}: {term!r}: {postings!r}")
    if len(docs) != manifest["documents"]:
        problems.append(f"search: {len(docs)} documents, the manifest says {manifest['documents']}")
    for number, doc in enumerate(docs):
        where = f"search document {number}"
        kind, title, url, rating, date, snippet = doc
        if kind not in SEARCH_KINDS:
            problems.append(f"{where}: kind {kind!r}")
        address = urlsplit(url)
        page = html / address.path / "index.html"
        if script_href(url) or address.scheme or address.netloc or not page.is_file():
            problems.append(f"{where}: {url!r} is not a page of the site")
        if rating != 0 and not _RATING_ID.fullmatch(rating[0]):
            problems.append(f"{where}: rating id {rating[0]!r}")
        for value in (title, date, snippet, *(rating[1:] if rating else ())):
            if not isinstance(value, str):
                problems.append(f"{where}: {value!r} is not text")
            elif open_directions(value):
                # Each is shown in a line of other text, which it would turn round.
                problems.append(f"{where}: {value!r} leaves {open_directions(value)} open")
        shown.extend([title, snippet, *(rating[1:] if rating else ())])


def marked_documents(html: Path) -> list[list[Any]]:
    """The documents of factdesk's search index with a word that begins with MARKER: what its
    search box must show for MARKER (factdesk.js finds every term that begins the query)."""
    numbers: set[int] = set()
    for path in (html / SEARCH_FOLDER / "terms").glob("*.json"):
        for term, postings in json.loads(path.read_text(encoding="utf-8")).items():
            if term.startswith(MARKER):
                # [document frequency, gap, weight, gap, weight, ...]
                numbers.update(itertools.accumulate(postings[1::2]))
    docs = search_documents(html)
    return [docs[n] for n in sorted(numbers)]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for every payload (each gets a fresh context). Hosts other than
    the loopback do not resolve, and every request is still watched for one that tries.

    Without Chromium the test fails rather than passing on the checks it can make: the browser
    pass is half of what it proves (`make test` installs Chromium first)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            yield browser
        finally:
            browser.close()


def browse(
    browser: Any, html: Path, pages: list[str], search: Callable[[Any], list[str]]
) -> list[str]:
    """Open every page, then `search` for the markers on the home page: any dialog, script run,
    javascript: link, navigation or request outside the site is a problem."""
    problems: list[str] = []
    with serve_folder(html) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.set_default_timeout(STEP_MS)
            navigations: list[str] = []

            def request(sent: Any) -> None:
                if not sent.url.startswith(base):
                    problems.append(f"{page.url}: request outside the site: {sent.url}")

            def dialog(opened: Any) -> None:
                problems.append(f"{page.url}: dialog {opened.type}: {opened.message}")
                opened.dismiss()

            page.on("request", request)
            page.on("dialog", dialog)
            page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
            page.on(
                "framenavigated",
                lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
            )

            def check_page(address: str) -> None:
                found = page.evaluate(
                    "[window.__fd_ran, [...document.querySelectorAll('a[href]')]"
                    ".filter(a => a.protocol === 'javascript:').length]"
                )
                if found[0] is not None:
                    problems.append(f"{address}: a payload's script ran")
                if found[1]:
                    problems.append(f"{address}: {found[1]} javascript: link(s)")
                elsewhere = [u for u in [*navigations, page.url] if u.split("#")[0] != address]
                if elsewhere:
                    problems.append(f"{address}: navigated to {elsewhere}")

            for relative in pages:
                address = base + relative
                navigations.clear()
                page.goto(address)
                check_page(address)
            navigations.clear()
            page.goto(base)
            problems.extend(search(page))
            check_page(base)
        finally:
            context.close()
    return problems


def material_search(page: Any) -> list[str]:
    """Material's search box: it renders results from its index's text as HTML."""
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(MARKER)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    problems = []
    if results.count() < 5:
        problems.append(f"Material's search for {MARKER} found {results.count()} pages")
    # Open every "more on this page" too, so that each result's text is rendered.
    page.evaluate(
        "document.querySelectorAll('.md-search-result details').forEach(d => { d.open = true; })"
    )
    page.wait_for_timeout(200)
    return problems


_RESULTS = "dialog.fd-search li.fd-search-result"


def factdesk_search(page: Any, expected: list[list[Any]]) -> list[str]:
    """factdesk's own search box (assets/factdesk.js), as every desk ships it: every one of
    the `expected` documents is shown (all pages of results), each title, snippet and address
    exactly the index's text, and nothing in the results is live markup."""
    page.locator("button.fd-search-open").click()
    page.locator("input.fd-search-input").fill(MARKER)
    results = page.locator(_RESULTS)
    results.first.wait_for(state="visible")
    # factdesk.js sets the button's `hidden` in the same step that adds a page of results.
    more = page.locator("dialog.fd-search button.fd-search-more")
    while more.is_visible():
        count = results.count()
        more.click()
        page.wait_for_function(
            f"n => document.querySelectorAll({json.dumps(_RESULTS)}).length > n", arg=count
        )
    shown = page.evaluate(
        f"[...document.querySelectorAll({json.dumps(_RESULTS)})].map(li => ["
        "li.querySelector('.fd-search-title').textContent,"
        "(li.querySelector('.fd-search-snippet') || {textContent: ''}).textContent,"
        "li.querySelector('a').href])"
    )
    base = page.url
    want = sorted([doc[1], doc[5], base + doc[2]] for doc in expected)
    problems = []
    if len(shown) < len(SEARCH_KINDS):
        problems.append(f"factdesk's search for {MARKER} shows {len(shown)} results")
    if sorted(shown) != want:
        problems.append(f"factdesk's search shows {sorted(shown)}, its index holds {want}")
    rendered = page.locator("dialog.fd-search").evaluate("dialog => dialog.outerHTML")
    results = read_html_text(f"<div>{rendered}</div>")
    problems.extend(unsafe_markup(results, "factdesk search"))
    problems.extend(directions_left_open(results, "factdesk search"))
    return problems


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_no_field_runs_a_payload(name: str, tmp_path: Path, chromium: Any) -> None:
    payload = PAYLOADS[name]
    tried = trial(payload, tmp_path / "site")
    # Every field either is text or is refused: nothing left unexamined.
    assert set(tried.accepted) | set(tried.refused) == set(FIELDS)
    # Fields meant as text are never refused for holding text.
    # (A quote is found once the articles hold it; PATH_PARTS are paths.)
    text_refused = [f.name for f in tried.refused if f.format in ("text", "markdown")]
    assert sorted(text_refused) == sorted(PATH_PARTS)

    built = build_with_every_accepted_field(tried)
    for html in (built.material, built.shipped):
        problems, shown = inspect_outputs(html)
        assert problems == []

        # Each plain-text field shows exactly what was typed, somewhere; the one no output
        # shows is nowhere at all.
        everything = _clean("\n".join(shown))
        seen = {f.name: _clean(v[0]) in everything for f, v in tried.accepted.items()}
        unseen = [f.name for f in tried.accepted if f.format == "text" and not seen[f.name]]
        assert unseen == sorted(NOT_SHOWN)
        marks = [f"{MARKER}{FIELDS.index(f):02d}" for f in FIELDS if f.name in NOT_SHOWN]
        assert not [m for m in marks if m in everything]
    assert (built.material / "search" / "search_index.json").is_file()
    assert not (built.shipped / "search" / "search_index.json").exists()

    # factdesk's search finds every kind of record by its marker, and titles it exactly as typed.
    found = marked_documents(built.shipped)
    assert sorted({doc[0] for doc in found}) == sorted(SEARCH_KINDS)
    typed = {_clean(v[0]) for v in tried.accepted.values()}
    titles = [_clean(doc[1]) for doc in search_documents(built.shipped) if MARKER in doc[1]]
    assert len(titles) >= len(SEARCH_KINDS)
    assert [t for t in titles if t not in typed] == []

    pages = sorted(
        p.relative_to(built.material).as_posix() for p in built.material.rglob("index.html")
    )
    assert len(pages) >= 15
    pages = [p.removesuffix("index.html") for p in pages]
    assert browse(chromium, built.material, pages, material_search) == []
    # The shipped site's pages are the same pages without Material's plugins' additions: only
    # its search box is new to the browser.
    assert browse(chromium, built.shipped, [], lambda page: factdesk_search(page, found)) == []


def test_the_unsafe_markup_check_catches_what_it_should() -> None:
    sample = read_html_text(
        '<div><a href="java&#115;cript:alert(1)">a</a><a href=" \tjavascript:x">b</a>'
        '<p onclick="x">c</p><script>alert(1)</script><img src=x onerror=alert(1)>'
        '<script src="https://evil.example/x.js"></script>'
        '<script type="application/ld+json">{"a": "</div>'
        '<script type="application/json">{"ok": "<b>alert</b>"}</script></div>'
    )
    assert len(unsafe_markup(sample, "sample")) == 8
    assert directions_left_open(
        read_html_text("<div><p>\u202eabc</p><p>\u2067x\u2069</p></div>"), "s"
    ) == ["s: <p> '\\u202eabc' leaves ['U+202E'] open"]


def test_the_sites_address_cannot_break_out_of_the_canonical_link(tmp_path: Path) -> None:
    """site.yml's site_url goes to MkDocs, and Material prints it unescaped in every page's
    canonical link: the payload test found this quote closing the attribute."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal", root)
    site_yml = root / "content" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    hostile = 'site_url: "https://example.org/x\\"><img/src=x/onerror=alert(1)>"'
    site_yml.write_text(re.sub(r"(?m)^site_url: .*$", lambda _: hostile, text), "utf-8")
    result = pipeline.check(root)
    assert [(str(d.location), d.code) for d in result.errors] == [
        ("content/site.yml:6:11", "FD016")
    ]
    assert mkdocs_build(root).returncode != 0
    assert not (root / "site" / "index.html").exists()
