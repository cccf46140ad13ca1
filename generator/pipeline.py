"""The one entry point: a site folder in, generated pages and diagnostics out.

`check(root)` loads, validates and links; `build(root)` also renders. The CLI and the MkDocs
plugin both call these and nothing else, so a site looks the same whichever door it came in by.
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import math
import random
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from . import forked, frozen, heap
from . import identity as identities
from .content.boundary import display_path, folder_problems
from .content.diagnostics import Diagnostic, sorted_diagnostics
from .content.kept_records import FileRead, KeptRecords
from .content.linked import Site
from .content.load import load_content
from .content.models import Content
from .content.resolve import resolve
from .content.validate import check_content
from .incremental import BuildCache, MadeFrom
from .resources import CompiledTemplates
from .site.dependencies import ENTITIES_FILE, entities_shown
from .site.exports import export_iter
from .site.interface import check_language
from .site.kept_parts import Found, KeptParts, file_name, found_parts
from .site.layout import Layout, vendored_files
from .site.page_keys import Keys, page_keys, record_page_key
from .site.render import compiled_templates, page_paths, render_iter
from .site.search import search_files
from .site.share_images import check_share_images, share_image_files

# A generated file's content: text (pages, data files) or bytes (vendored files, images).
Generated = str | bytes


@dataclass(frozen=True, slots=True)
class Result:
    site: Site | None
    diagnostics: list[Diagnostic]
    pages: dict[str, Generated] = field(default_factory=dict)
    # Where each page lives and its address; set once the site has been generated.
    layout: Layout | None = None
    # The records as loaded, drafts included (the editor's tools plan from them).
    content: Content | None = None
    # With `kept_keys` (see `generated`): each record page's key, the pages left out because
    # their key is the one given, and the pages rendered although it is, to be compared.
    # Complete once every generated file has been taken (forked copies key their shares).
    page_keys: Mapping[str, str] = field(default_factory=dict)
    kept: AbstractSet[str] = frozenset()
    sampled: AbstractSet[str] = frozenset()
    # With `parts_folder`: the parts of the data files and of the search index, kept and made
    # (`site/kept_parts.py`), complete once every generated file has been taken.
    kept_parts: tuple[KeptParts, ...] = ()
    # With a `KeptRecords` given to `check`: what it read in each file (`KeptRecords.files`).
    files_read: Mapping[str, FileRead] = field(default_factory=dict)
    # With `write` (see `generated`): the files forked copies put in place themselves, each
    # with whether it changed the file; complete once every generated file has been taken.
    written: Mapping[str, bool] = field(default_factory=dict)
    # A one-off build's page templates, compiled while `check` linked the site, and where
    # the parts kept in each file of `parts_folder` lie, found then too (`kept_parts.Found`).
    compiled: CompiledTemplates | None = None
    parts_found: Mapping[str, Found] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


@contextmanager
def _few_collections() -> Iterator[None]:
    # Loading creates millions of small objects that live to the end; the cyclic collector kept
    # re-scanning them (16 % of a 10k-claim pass, 21 % at 50k). Collect rarely while building:
    # at 200,000 the check of a 10k-claim desk whose records were kept still collected twice,
    # walking 400,000 objects that all live on (0.05 s); at a million, not at all, with the
    # pass's peak memory the same (216 and 219 MiB).
    before = gc.get_threshold()
    # Under serve the full passes are off already and wait for a pause (plugin/idle.py).
    gc.set_threshold(1_000_000, 50, max(100, before[2]))
    try:
        yield
    finally:
        gc.set_threshold(*before)
        # What the pass made and keeps (3.5 million objects at 50k claims) is still young: the
        # first collection at the usual thresholds walked all of it (2 s at 50k, a fraction of
        # that at 10k, so the build grew faster than the desk).
        frozen.age()


def check(
    root: Path,
    cache: BuildCache | None = None,
    *,
    identity: bool = True,
    templates: Path | None = None,
    processes: int = 1,
    kept: KeptRecords | None = None,
    compile_templates: bool = True,
    parts_folder: Path | None = None,
) -> Result:
    """Load, validate and link the site in `root`, and compare the identity that the site's
    mkdocs.yml sets, if any, with content/site.yml's. The plugin passes `identity=False`: it
    compares the configuration MkDocs loaded itself, before MkDocs builds anything.
    `templates` (the override folder) is checked to lie inside the desk like every other file
    factdesk reads. Without a `cache`, record files are read in up to `processes` processes, and
    those whose text `kept` holds the record of (a one-off build's last records) are not; and
    the records are validated, and the templates compiled for the caller to render with
    (`Result.compiled`), by a copy while the site is linked, which also finds the parts kept
    in `parts_folder` (`generated`'s) for it (`Result.parts_found`). A caller that renders
    nothing passes `compile_templates=False`: it would wait for them."""
    with _few_collections():
        return _check(
            root, cache, root / "mkdocs.yml" if identity else None, templates, processes, kept,
            compile_templates, parts_folder,
        )  # fmt: skip


def _check(
    root: Path,
    cache: BuildCache | None,
    mkdocs_yml: Path | None,
    templates: Path | None,
    processes: int,
    kept: KeptRecords | None,
    compile_templates: bool,
    parts_folder: Path | None,
) -> Result:
    if cache is not None:
        cache.start_build()
    content, problems = load_content(root, cache, processes=processes, kept=kept)
    outside = folder_problems(root, templates) if templates is not None else []
    problems.extend(outside)
    beside = None
    # Not from an override folder that reaches outside the desk: nothing there is read.
    if cache is None and processes > 1 and forked.can_fork() and not outside:
        language = content.site.language if content.site is not None else "en"
        compiling = (templates, language) if compile_templates else None
        parts = parts_folder if compile_templates else None
        beside = forked.Copy(functools.partial(_beside_linking, content, compiling, parts))
    try:
        return _checked(root, cache, mkdocs_yml, content, problems, kept, beside, compile_templates)
    finally:
        if beside is not None:
            beside.stop()


# What `_beside_linking` sends first; the compiled templates follow, each under its key (a
# hexadecimal digest), then where the parts of each file lie, under _PARTS and the file's group.
_VALIDATED = "validated"
_PARTS = "parts of "
_GROUPS = ("export", "search")


def _beside_linking(
    content: Content, compiling: tuple[Path | None, str] | None, parts: Path | None
) -> Iterator[tuple[str, object]]:
    """What a forked copy of a one-off build does while the build links the site, on a core
    that would wait: validate the records (linking takes them as loaded, whatever validating
    says of them), then compile the page templates, which the build and each copy that renders
    pages compiled for themselves (`render.compiled_templates`): a sixth and a fifth of a
    second at 10,000 claims. Then find where the parts kept in each file of the `parts` folder
    lie (`kept_parts.found_parts`), which the build did as it generated (a fourteenth of a
    second at 10,000 claims) and a forked copy for the search index (a fiftieth)."""
    yield _VALIDATED, _validated(content, None)
    if compiling is not None:  # (the override folder, the site's language)
        yield from compiled_templates(*compiling)
    for group in _GROUPS if parts is not None else ():
        assert parts is not None
        found = found_parts(parts / file_name(group))
        if found is not None:
            yield f"{_PARTS}{group}", found


def _validated(content: Content, cache: BuildCache | None) -> list[Diagnostic]:
    problems = list(check_content(content, cache.checked if cache is not None else None))
    if content.site is not None:
        problems.extend(check_language(content.site))
        problems.extend(check_share_images(content.site))
    return problems


def _checked(
    root: Path,
    cache: BuildCache | None,
    mkdocs_yml: Path | None,
    content: Content,
    problems: list[Diagnostic],
    kept: KeptRecords | None,
    beside: forked.Copy | None,
    compile_templates: bool,
) -> Result:
    if mkdocs_yml is not None and content.site is not None and mkdocs_yml.is_file():
        shown = display_path(root, mkdocs_yml)
        problems.extend(
            identities.differences(content.site, identities.mkdocs_settings(mkdocs_yml, shown))
        )
    validated = _validated(content, cache) if beside is None else None
    site, linking = resolve(content, cache, kept=kept if cache is None else None)
    if validated is None:
        assert beside is not None
        # A copy that failed (or stopped) before it sent them leaves them to the build.
        validated = beside.take(_VALIDATED)
        if validated is None:
            validated = _validated(content, cache)
    problems.extend(validated)
    problems.extend(linking)
    diagnostics = sorted_diagnostics(problems)
    if any(d.is_error for d in diagnostics):
        site = None
    compiled = None
    parts_found: dict[str, Found] = {}
    if beside is not None and site is not None and compile_templates:
        sent = beside.rest()
        if sent is not None:
            code = {}
            for key, value in sent:
                if key.startswith(_PARTS):
                    parts_found[key.removeprefix(_PARTS)] = cast(Found, value)
                else:
                    code[key] = value
            compiled = CompiledTemplates(code)
    return Result(
        site, diagnostics, content=content, files_read=kept.files if kept is not None else {},
        compiled=compiled, parts_found=parts_found,
    )  # fmt: skip


def generate(
    root: Path,
    templates: Path | None = None,
    cache: BuildCache | None = None,
    *,
    directory_urls: bool = True,
    identity: bool = True,
    processes: int = 1,
) -> tuple[Result, Iterator[tuple[str, Generated]]]:
    """Check, then the generated files one by one (none when the check found errors), for
    callers that write each file as it comes. Pass the same `cache` to successive builds of
    one site (serve). `directory_urls` is MkDocs' `use_directory_urls`: the published
    addresses (ClaimReview, the data files) follow it."""
    checked = check(root, cache, identity=identity, templates=templates, processes=processes)
    return generated(
        root, checked, templates, cache, directory_urls=directory_urls, processes=processes
    )


def generated(
    root: Path,
    checked: Result,
    templates: Path | None = None,
    cache: BuildCache | None = None,
    *,
    directory_urls: bool = True,
    processes: int = 1,
    kept_keys: Mapping[str, str] | None = None,
    parts_folder: Path | None = None,
    write: Callable[[str, Generated], bool] | None = None,
) -> tuple[Result, Iterator[tuple[str, Generated]]]:
    """The generated files of a site `check` found sound (none when it found errors), and the
    result with the site's layout, for a caller that checked first (the MkDocs plugin checks
    before MkDocs empties site_dir, and renders later). A one-off build (no `cache`) may
    share the pages with forked copies of this process: `processes` in all.

    `kept_keys`, for a one-off build whose caller still holds the pages of an earlier one: the
    key of each of those pages (`site/page_keys.py`). A page whose key is the same is not
    rendered (`Result.kept`), except a random few of them (`Result.sampled`), which the caller
    compares with what it holds: a difference means what it holds cannot be trusted. With it,
    `parts_folder` is where the parts of the data files and of the search index are kept for
    the next such build, which takes back those whose key is the same (`Result.kept_parts`).

    `write`, for a one-off build whose caller puts each file in a folder: puts one file there
    and says whether that changed it (`site/write.update_file`). A forked copy then puts the
    pages it renders in place itself, rather than send them to this process to be written (at
    10,000 claims, writing 15,000 new files took seconds of the first build's process while its
    copy waited), and they are not in the stream but in `Result.written`. The kept pages it
    rendered to be compared still come through the stream, for the caller to compare, and so
    do the search index's files (`put_in_place`). A page a copy wrote but had not reported when
    it failed is rendered again by this process, and found unchanged."""
    site = checked.site
    if site is None:
        return checked, iter(())
    if cache is not None:
        cache.split(ENTITIES_FILE, entities_shown(site))
    with _few_collections():
        layout = _layout(site, directory_urls, cache)
    keys: dict[str, str] = {}
    kept: set[str] = set()
    sampled: set[str] = set()
    written: dict[str, bool] = {}
    keys_of = exports_kept = search_kept = None
    if kept_keys is not None and cache is None:
        keys_of = Keys(site, layout, root, templates, checked.files_read)
        if parts_folder is not None:
            found = checked.parts_found
            exports_kept = KeptParts.open(
                parts_folder / file_name("export"), keys_of, found.get("export")
            )
            search_kept = KeptParts.open(
                parts_folder / file_name("search"), keys_of, found.get("search")
            )

    def rendered(share: Collection[str]) -> frozenset[str]:
        """The pages of `share` to render: with `kept_keys`, those whose key is not the one
        given, or that are sampled. Each process keys its own share: keying every page took a
        quarter of generating a 10,000-claim desk whose pages were kept."""
        if keys_of is None or kept_keys is None:
            return frozenset(share)
        # Keyed already when a copy that stopped left its share to this process.
        found = page_keys(site, layout, keys_of, frozenset(share) - keys.keys())
        same = sorted(path for path, key in found.items() if kept_keys.get(path) == key)
        pages = len(page_paths(site, layout))
        chosen = random.sample(same, min(len(same), _sample_size(len(same), len(share), pages)))
        keys.update(found)
        sampled.update(chosen)
        kept.update(same)
        kept.difference_update(chosen)
        return frozenset(share) - kept

    def render(
        share: Collection[str] | None, *, copy: bool = False
    ) -> Iterator[tuple[str, Generated]]:
        """The pages of `share` (every page when None) that `rendered` leaves; a forked copy
        (`copy`) first sends back what it decided."""
        only = None
        if share is not None or keys_of is not None:
            only = rendered(share if share is not None else page_paths(site, layout))
        if copy:
            yield _PAGE_KEYS, _decided(keys, kept, sampled)
        yield from render_iter(
            site, layout, templates, cache, root=root, only=only, compiled=checked.compiled
        )

    def data_files() -> Iterator[tuple[str, Generated]]:
        for exported in export_iter(site, layout, cache, exports_kept):
            yield exported
            # A data file is tens of MB at 50k claims: each loop that passes one on lets go
            # of it before the next is made, as the writer does.
            del exported
            if cache is None:
                # What making the file freed goes back before the next one (`heap.py`); a
                # serve rebuild makes small files and keeps its memory for the next save.
                heap.give_back()
        if exports_kept is not None:
            exports_kept.close()
        yield from share_image_files(site, layout, cache)
        for path, source in vendored_files():
            yield path, source.read_bytes()

    def search() -> Iterator[tuple[str, Generated]]:
        # The search index is a data file like the exports: made from the model, so the
        # same under serve, build and build --out (generator/site/search.py).
        yield from search_files(site, layout, cache, search_kept)
        if search_kept is not None:
            search_kept.close()
            # Made in a forked copy, the parts' account comes back with the files.
            yield _SEARCH_PARTS, search_kept.account()

    def kept_share() -> float:
        """About what share of the pages keep their key: that of a few claims' pages."""
        if keys_of is None or kept_keys is None or not site.claims:
            return 0.0
        claims = random.sample(list(site.claims), min(len(site.claims), _SHARE_SAMPLE))
        same = 0
        for ref in claims:
            path = layout.path("claim", ref)
            key = record_page_key(site, keys_of, "claim", ref, path)
            same += key is not None and kept_keys.get(path) == key
        return same / len(claims)

    def put_in_place(files: Iterator[tuple[str, Generated]]) -> Iterator[tuple[str, Sent]]:
        """A forked copy's pages, each written with `write` as it is made, but the kept pages
        it rendered to be compared (known once its share is decided); the rest goes to the
        build. The search index's files do too: most are the last build's, so the writer only
        reads and compares them, which the build, done with its larger share when most pages
        are kept, did while the copy made them (its generating took 0.1–0.3 s longer when the
        copy did that itself, 10,000 claims, one claim edited)."""
        for path, data in files:
            if write is None or not path.endswith(".md") or path in sampled:
                yield path, data
            else:
                yield path, _Written(write(path, data))

    def all_files() -> Iterator[tuple[str, Sent]]:
        with _few_collections():
            if processes > 1 and cache is None and forked.can_fork():
                share = _build_share(kept_share())
                paths = page_paths(site, layout)
                yield from _shared(
                    paths, processes, share, render, data_files, search, put_in_place
                )
            else:
                yield from render(None)
                yield from data_files()
                yield from search()

    def files() -> Iterator[tuple[str, Generated]]:
        try:
            for path, data in all_files():
                if path == _SEARCH_PARTS:
                    assert search_kept is not None
                    search_kept.take_account(cast(bytes, data))
                elif path == _PAGE_KEYS:
                    _take_decided(cast(bytes, data), keys, kept, sampled)
                elif isinstance(data, _Written):
                    written[path] = data.changed
                else:
                    yield path, data
        finally:
            # Closed by now when every file was made; not when a template stopped the build.
            for parts in (exports_kept, search_kept):
                if parts is not None:
                    parts.discard()
        if cache is not None:
            cache.finish_build()

    result = Result(
        site, checked.diagnostics, layout=layout, content=checked.content,
        page_keys=keys, kept=kept, sampled=sampled,
        kept_parts=tuple(k for k in (exports_kept, search_kept) if k is not None),
        written=written,
    )  # fmt: skip
    return result, files()


# Not paths: a generated file's path never starts with NUL.
_SEARCH_PARTS = "\0search parts"
_PAGE_KEYS = "\0page keys"


@dataclass(frozen=True, slots=True)
class _Written:
    """What a forked copy sends of a file it put in place itself (`generated`'s `write`):
    whether that changed the file."""

    changed: bool


# What travels from the copies to the build: a file, or word of one a copy wrote.
Sent = Generated | _Written


def _decided(keys: Mapping[str, str], kept: AbstractSet[str], sampled: AbstractSet[str]) -> bytes:
    """What a forked copy decided of its share's pages (`generated`), for the build."""
    return json.dumps({"keys": keys, "kept": sorted(kept), "sampled": sorted(sampled)}).encode()


def _take_decided(data: bytes, keys: dict[str, str], kept: set[str], sampled: set[str]) -> None:
    decided = json.loads(data)
    keys.update(decided["keys"])
    kept.update(decided["kept"])
    sampled.update(decided["sampled"])


def _sample_size(kept: int, share: int, pages: int) -> int:
    """How many of the `kept` pages of a share of `share` of the site's `pages` are rendered
    all the same to be compared: one in fifty, and at least twenty in all (about a tenth of a
    second at 10,000 claims), each share its part of them."""
    return max(math.ceil(20 * share / pages), kept // 50)


def _layout(site: Site, directory_urls: bool, cache: BuildCache | None) -> Layout:
    """The site's layout; under serve the last build's while what it is made from is the same.
    Assembling hands back the last build's orderings when an edit left them as they were
    (`reassembly.py`), so they are compared by identity; paging 50,000 claims again took a
    tenth of a save. When some changed (a rename reorders the entities), the pieces made from
    the others are the last build's (`Layout.of`)."""
    if cache is None:
        return Layout.of(site, directory_urls=directory_urls)
    made_from = MadeFrom(
        (
            site.config, site.claims_by_date, site.articles_by_date, site.entities_by_name,
            site.claims_by_rating, site.under_review, site.timeline, site.months,
        ),
        (tuple(site.events), tuple(site.contradictions), directory_urls),
    )  # fmt: skip
    if cache.layout is not None and cache.layout[0].same(made_from):
        return cast(Layout, cache.layout[1])
    layout = Layout.of(site, directory_urls=directory_urls, pieces=cache.layout_pieces)
    cache.layout = (made_from, layout)
    return layout


# This process makes the data files and the first copy the search index. When every page is
# rendered they take about as long (2.1 s and 2.7 s in one process at 10,000 claims), and each
# process renders as many pages as any other copy. When nearly every page is kept, the search
# index (1.0 s, from the documents kept) takes twice the data files (0.5 s, from the parts
# kept), and this process keys and renders ten times a copy's share: generating took 1.44-1.51 s
# at 4 (the copy ended 0.2 s after this process), 1.37-1.39 s at 6 and 1.34-1.35 s at 10, when
# the two end together (10,000 claims, one edited, 2 processes; before the parts were found
# beside linking, 4 was best). With more processes the copies beside the first take as many
# pages as it does and end first. Between the two, the share follows the part of the pages
# kept (`_build_share`).
_BUILD_SHARE = 1.0
_KEPT_BUILD_SHARE = 10.0
# How many claims' pages are keyed to tell what share of the pages keep their key.
_SHARE_SAMPLE = 40


def _build_share(kept: float) -> float:
    """This process's share of the pages against a copy's, when about `kept` of them (0 to 1)
    keep their key and are not rendered."""
    return _BUILD_SHARE + (_KEPT_BUILD_SHARE - _BUILD_SHARE) * kept


def _shared(
    paths: Sequence[str],
    processes: int,
    build_share: float,
    render: Callable[..., Iterator[tuple[str, Generated]]],
    data_files: Callable[[], Iterator[tuple[str, Generated]]],
    search: Callable[[], Iterator[tuple[str, Generated]]],
    put_in_place: Callable[[Iterator[tuple[str, Generated]]], Iterator[tuple[str, Sent]]],
) -> Iterator[tuple[str, Sent]]:
    """The generated files, the pages rendered partly by forked copies (`forked.py`) while
    this process renders its share and the data files, and the first copy its share and the
    search index (`render(share, copy=...)` renders a share of `paths`); a copy sends what
    `put_in_place` leaves of its files. A copy that fails leaves what it did not send to this
    process, which then raises what the copy met (a broken template override)."""
    own, *theirs = [frozenset(share) for share in forked.shares(paths, processes, build_share)]

    def work(share: frozenset[str], number: int) -> Iterator[tuple[str, Sent]]:
        made = render(share, copy=True)
        if number == 0:
            made = itertools.chain(made, search())
        return put_in_place(made)

    copies = [
        forked.Copy(functools.partial(work, share, number)) for number, share in enumerate(theirs)
    ]
    sent: set[str] = set()

    def arrived() -> Iterator[tuple[str, Sent]]:
        for copy in copies:
            for path, text in copy.ready():
                sent.add(path)
                yield path, text

    try:
        for item in itertools.chain(render(own), data_files()):
            yield item
            del item  # see data_files
            yield from arrived()
        for number, (copy, share) in enumerate(zip(copies, theirs, strict=True)):
            rest = copy.rest()
            if rest is None:
                yield from render(share - sent)
                if number == 0:
                    yield from ((path, data) for path, data in search() if path not in sent)
            else:
                yield from rest
    finally:
        for copy in copies:
            copy.stop()


def build(
    root: Path,
    templates: Path | None = None,
    cache: BuildCache | None = None,
    *,
    directory_urls: bool = True,
) -> Result:
    """Check and render, with every generated file in `Result.pages`."""
    checked, files = generate(root, templates, cache, directory_urls=directory_urls)
    return Result(
        checked.site, checked.diagnostics, dict(sorted(files)), checked.layout, checked.content
    )
