"""Incremental rebuilds (`mkdocs serve`): after any edit, a build that reuses the cache gives
exactly the pages a fresh build gives, and pages that do not show the edited file are reused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, RUSSIAN_QUOTE, calls_to, set_page_size, write_large_desk

from generator import pipeline
from generator.content import load, resolve, validate
from generator.incremental import BuildCache, Parts
from generator.resources import TEMPLATES
from generator.site import exports, render

FIXTURE_TEXT = {
    path: (FIXTURES / "minimal" / path).read_text(encoding="utf-8")
    for path in ("content/events/strike.yml", "content/claims/no-strikes-on-towns.yml")
}


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        file = site / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _append(path: str, extra: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        with open(site / path, "a", encoding="utf-8") as handle:
            handle.write(extra)

    return edit


def _new_claim(site: Path) -> None:
    source = site / "content/claims/no-strikes-on-towns.yml"
    text = source.read_text(encoding="utf-8").replace(
        "The Example air force does not strike populated areas.", "A second claim."
    )
    (site / "content/claims/second-claim.yml").write_text(text, encoding="utf-8")


def _delete_event(site: Path) -> None:
    (site / "content/contradictions/towns.yml").unlink()
    (site / "content/events/strike.yml").unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "claim text": _replace(
        "content/claims/no-strikes-on-towns.yml", "does not strike", "never strikes"
    ),
    "verdict rating": _replace(
        "content/claims/no-strikes-on-towns.yml", "rating: false", "rating: unproven"
    ),
    "article title": _replace(
        "content/articles/example-report.yml", "title: Ministry denies", "title: Ministry rejects"
    ),
    "article published date": _replace(
        "content/articles/example-report.yml", "published: 2015-10-07", "published: 2015-10-08"
    ),
    "seed text": _append("seeds/report.txt", "A new closing sentence.\n"),
    "markdown article body": _append(
        "content/articles/monitor-report.md", "The Monitor added a second sentence.\n"
    ),
    "entity name": _replace("content/entities.yml", "name: Jan Example", "name: Jan Q. Example"),
    "site title": _replace("content/site.yml", "title: Example desk", "title: Example desk 2"),
    "rating colour": _replace("content/site.yml", '"#c62828"', '"#b71c1c"'),
    "event title": _replace(
        "content/events/strike.yml", "title: Strike kills", "title: Air strike kills"
    ),
    "event confirmation": _replace(
        "content/events/strike.yml",
        "recorded the same two deaths",
        "recorded the same two deaths by name",
    ),
    "figure added to a verdict": _append(
        "content/claims/no-strikes-on-towns.yml",
        "  figures:\n"
        '    - value: "two"\n'
        "      counts: civilians killed in the strike\n"
        "      attributions:\n"
        "        - credited_to: example-monitor\n"
        "          source:\n"
        "            article: monitor-report\n"
        "            quote: a strike on Wednesday morning killed two civilians\n"
        "            note: The Monitor's own report.\n",
    ),
    "contradiction label": _replace(
        "content/contradictions/towns.yml",
        "The monitor reports civilians killed",
        "The monitor reports two civilians killed",
    ),
    "new claim": _new_claim,
    "deleted event": _delete_event,
    # A record that now names another changes that other's page, which did not show it before.
    "claimant changed": _replace(
        "content/claims/no-strikes-on-towns.yml",
        "claimant: example-spokesman",
        "claimant: example-ministry",
    ),
    "event drops its claim": _replace(
        "content/events/strike.yml", "claims: [no-strikes-on-towns]", "claims: []"
    ),
    "claim moves to another month": _replace(
        "content/claims/no-strikes-on-towns.yml", "date: on Tuesday", "date: 2015-09-30"
    ),
    # An edit of entities.yml changes only the pages of the entities it changed: each of
    # these changes what other pages show of one entity (a person's organisation is named in
    # ClaimReview, an organisation lists its members, an outlet's page its articles).
    "entity's organisation renamed": _replace(
        "content/entities.yml", "name: Example Ministry of Defence", "name: Example MoD"
    ),
    "entity changes organisation": _replace(
        "content/entities.yml", "affiliation: example-ministry", "affiliation: example-monitor"
    ),
    "entity kind": _replace("content/entities.yml", "kind: monitor", "kind: organisation"),
    "entity alias names an outlet": _append("content/entities.yml", "  aliases: [Example Wire]\n"),
    "entity added to an organisation": _append(
        "content/entities.yml",
        "- id: example-newcomer\n  name: A Newcomer\n  kind: person\n"
        "  affiliation: example-ministry\n",
    ),
    # An entity's page lists the articles whose outlet names it.
    "outlet now names an entity": _replace(
        "content/articles/example-report.yml",
        "outlet: Example Wire",
        "outlet: Example Ministry of Defence",
    ),
}


def _cached_and_fresh(
    site: Path, cache: BuildCache, edit: Callable[[Path], None]
) -> tuple[pipeline.Result, int]:
    """Make `edit`, then build with `cache` and from nothing: the two agree file by file and in
    every diagnostic. The cached build, and how many pages it rendered."""
    edit(site)
    before = cache.rendered
    cached = pipeline.build(site, cache=cache)
    fresh = pipeline.build(site)
    assert not fresh.errors, fresh.errors
    assert cached.pages == fresh.pages
    assert cached.diagnostics == fresh.diagnostics
    # Every derived fact too, those no page shows included (`factdesk extract` reads the
    # citations of every sentence).
    assert cached.site == fresh.site
    return cached, cache.rendered - before


@pytest.mark.parametrize("paged", [False, True], ids=["one timeline", "a page per month"])
@pytest.mark.parametrize("name", sorted(EDITS))
def test_cached_rebuild_equals_fresh_build(
    name: str, paged: bool, copy_site: Callable[[str], Path]
) -> None:
    site = copy_site("minimal")
    if paged:
        set_page_size(site, 1)
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    assert not first.errors
    assert any(re.fullmatch(r"timeline/\d{4}-\d{2}\.md", p) for p in first.pages) == paged

    cached, _ = _cached_and_fresh(site, cache, EDITS[name])
    assert cached.pages != first.pages


def _content_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for folder in ("content", "seeds")
        for path in (site / folder).rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_build_told_what_changed_by_file_events_equals_a_fresh_build(
    name: str, copy_site: Callable[[str], Path]
) -> None:
    """Under serve on Linux the file events say which files changed, and only those are looked
    at (`BuildCache.reported`, `plugin/watch.py`)."""
    site = copy_site("minimal")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    before = _content_files(site)
    EDITS[name](site)
    after = _content_files(site)
    edited = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert edited
    unchanged = next(iter(sorted(before.keys() - edited)))
    # A file reported but not changed (opened and saved as it was) is not a change.
    cache.reported = lambda: edited | {unchanged, "site_templates/elsewhere.j2"}
    cached = pipeline.build(site, cache=cache)
    # Besides the files: the entities an edit of entities.yml changed, each by its own name.
    assert cache.changed is not None
    assert {p for p in cache.changed if "#" not in p} == edited
    if name == "entity name":
        assert cache.changed - edited == {"content/entities.yml#example-spokesman"}
    fresh = pipeline.build(site)
    assert cached.pages == fresh.pages
    assert cached.diagnostics == fresh.diagnostics
    assert cached.site == fresh.site


def test_without_reported_files_every_file_is_listed(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    cache = BuildCache(site)
    cache.reported = lambda: None
    pipeline.build(site, cache=cache)
    _replace("content/events/strike.yml", "title: Strike kills", "title: Air strike kills")(site)
    assert (
        "Air strike kills"
        in pipeline.build(site, cache=cache).pages["claims/no-strikes-on-towns.md"]
    )
    assert cache.changed == {"content/events/strike.yml"}


def test_an_edit_made_while_another_file_is_broken_shows_once_it_is_fixed(
    copy_site: Callable[[str], Path],
) -> None:
    """Under serve an editor breaks a file, edits another, then mends the first: the build in
    between stopped at the content error and rendered nothing, so the next one must render
    what both files show, not only the mended file's pages."""
    site = copy_site("minimal")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    contradiction = site / "content" / "contradictions" / "towns.yml"
    original = contradiction.read_text(encoding="utf-8")
    contradiction.write_text(original + "\nbroken: [\n", encoding="utf-8")
    _replace("content/events/strike.yml", "title: Strike kills", "title: Air strike kills")(site)
    assert pipeline.build(site, cache=cache).errors
    contradiction.write_text(original, encoding="utf-8")
    cached = pipeline.build(site, cache=cache)
    assert "Air strike kills" in cached.pages["entities/example-monitor.md"]
    assert cached.pages == pipeline.build(site).pages


def test_a_build_stopped_while_loading_leaves_nothing_stale(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder where no file changed gives last build's records without being walked; a build
    that stopped before loading a folder it had seen change must leave that change to the
    next build, for loading and for rendering."""
    site = copy_site("minimal")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    _replace("content/events/strike.yml", "title: Strike kills", "title: Air strike kills")(site)
    real = load._load_records

    def stopped(root: Path, folder: Path, *args: Any, **kwargs: Any) -> Any:
        if folder.name == "events":
            raise RuntimeError("stopped")
        return real(root, folder, *args, **kwargs)

    monkeypatch.setattr(load, "_load_records", stopped)
    with pytest.raises(RuntimeError):
        pipeline.build(site, cache=cache)
    monkeypatch.setattr(load, "_load_records", real)
    cached = pipeline.build(site, cache=cache)
    assert "Air strike kills" in cached.pages["claims/no-strikes-on-towns.md"]
    assert cached.pages == pipeline.build(site).pages


# The second edit undoes the first: a page must pick up what a record names again.
UNDONE = {
    "event names its claim again": ("event drops its claim", "claims: []"),
    "claimant changed back": ("claimant changed", "claimant: example-ministry"),
}


@pytest.mark.parametrize("name", sorted(UNDONE))
def test_cached_rebuild_after_an_edit_is_undone(
    name: str, copy_site: Callable[[str], Path]
) -> None:
    first_edit, edited = UNDONE[name]
    site = copy_site("minimal")
    original = pipeline.build(site).pages
    cache = BuildCache(site)
    EDITS[first_edit](site)
    pipeline.build(site, cache=cache)
    path = next(p for p in ("content/events/strike.yml", "content/claims/no-strikes-on-towns.yml")
                if edited in (site / p).read_text(encoding="utf-8"))  # fmt: skip
    source = FIXTURE_TEXT[path]
    (site / path).write_text(source, encoding="utf-8")

    assert pipeline.build(site, cache=cache).pages == original


def test_a_claim_citing_another_sentence_updates_the_outlets_page(
    copy_site: Callable[[str], Path],
) -> None:
    # The outlet's page counts the article's cited sentences; the claim names the article, not
    # the outlet, and the outlet's page did not show the claim before.
    site = copy_site("minimal")
    _append("content/articles/monitor-report.md", "Residents said the market was hit.\n")(site)
    _replace("content/events/strike.yml", "entities: [example-monitor]", "entities: []")(site)
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    assert not first.errors
    _replace(
        "content/claims/no-strikes-on-towns.yml",
        "quote: a strike on Wednesday morning killed two civilians",
        "quote: the market was hit",
    )(site)
    cached = pipeline.build(site, cache=cache)
    fresh = pipeline.build(site)

    assert not fresh.errors, fresh.errors
    outlet = "entities/example-monitor.md"
    assert cached.pages[outlet] != first.pages[outlet]
    assert cached.pages == fresh.pages


def test_unchanged_pages_are_reused(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    _replace("content/events/strike.yml", "title: Strike kills", "title: Air strike kills")(site)
    rendered_before = cache.rendered
    result = pipeline.build(site, cache=cache)

    rendered = cache.rendered - rendered_before
    # The event shows on the claim and contradiction pages, the article pages that cite it and
    # the index pages, but not on the entity pages of people it does not involve.
    assert 0 < rendered < len(result.pages)
    assert "Air strike kills" in result.pages["claims/no-strikes-on-towns.md"]


# --- a large desk: paged indexes, a paged timeline, hundreds of records --------------------------
# Index and timeline pages are reused too (render._listed): each edit below changes what some of
# them list, count or offer, and the cached build must still equal a fresh one.


def _claim_file(site: Path, number: int) -> Path:
    return sorted((site / "content" / "claims").glob("*.yml"))[number]


def _set_field(site: Path, number: int, name: str, value: str) -> None:
    file = _claim_file(site, number)
    text = file.read_text(encoding="utf-8")
    assert re.search(rf"^{name}: ", text, flags=re.M), (file, name)
    file.write_text(re.sub(rf"^{name}: .*$", f"{name}: {value}", text, count=1, flags=re.M))


def _first_words(site: Path, article: str, count: int) -> str:
    """The first `count` words after the article's headline: a quote it holds."""
    record = (site / "content" / "articles" / f"{article}.yml").read_text(encoding="utf-8")
    seed = re.search(r"^text_file: (\S+)", record, flags=re.M)
    assert seed is not None
    text = (site / seed.group(1).strip("\"'")).read_text(encoding="utf-8")
    return " ".join(text.splitlines()[1].split()[:count]).rstrip(".,;:")


def _cite_another_article(site: Path) -> None:
    # The article's row on the articles index counts its cited sentences; the claim did not
    # cite it before, so the row did not show the claim's file. A claim under review with a
    # day of its own, so that the new appearance moves neither its date nor a verdict.
    file = next(
        f
        for f in sorted((site / "content" / "claims").glob("*.yml"))
        if "verdict:" not in (text := f.read_text(encoding="utf-8"))
        and re.search(r'^date: "\d{4}-\d{2}-\d{2}"$', text, flags=re.M)
        and "\ntags:" in text
    )
    quoted = re.findall(r"article: (\S+)", text)
    # The newest article: one that came out before the claim was made could not report it.
    published = {
        p.stem: re.findall(r"^published: (.*)$", p.read_text(encoding="utf-8"), flags=re.M)[0]
        for p in (site / "content" / "articles").glob("*.yml")
        if p.stem not in quoted and not p.stem.startswith(("ru-", "ar-"))
    }
    article = max(sorted(published), key=lambda name: published[name].strip("\"'"))
    extra = f'  - article: {article}\n    quote: "{_first_words(site, article, 6)}"\n'
    file.write_text(text.replace("\ntags:", f"\n{extra}tags:", 1), encoding="utf-8")


def _entity_ids(site: Path) -> list[str]:
    text = (site / "content" / "entities.yml").read_text(encoding="utf-8")
    return re.findall(r"^- id: (\S+)", text, flags=re.M)


LARGE_EDITS: dict[str, Callable[[Path], None]] = {
    "claim text": lambda site: _set_field(site, 3, "claim", '"A rewritten claim about Zorblax."'),
    # A timeline page offers the tags of its own entries: only the claim's month changes.
    "new tag": lambda site: _set_field(site, 3, "tags", '["a tag no record had"]'),
    "claimant changed": lambda site: _set_field(site, 5, "claimant", _entity_ids(site)[-3]),
    "claim cites another article": _cite_another_article,
    "claim date moves": lambda site: _set_field(site, 9, "date", '"2015-09-02"'),
    "contradiction title": lambda site: _replace_in_first(
        site, "contradictions", "title: ", "title: Now "
    ),
    "event title": lambda site: _replace_in_first(site, "events", "title: ", "title: Now "),
    # Each of these changes what one derived part of the site reads (content/reassembly.py):
    # the counts by rating, the most recently reviewed, the timeline's order, an entity's list.
    "verdict rating": lambda site: _replace_in_first_with(
        site, "claims", "  rating: false", "  rating: unproven"
    ),
    "verdict reviewed later": lambda site: _replace_in_first_with(
        site, "claims", "  reviewed: 2015-", "  reviewed: 2016-"
    ),
    "claimant of a claim no event names": lambda site: _set_unnamed_claimant(site),
    "event date moves": lambda site: _set_first_event_date(site, "2015-09-02"),
    "event names another entity": lambda site: _replace_in_first_with(
        site, "events", "entities: [", f"entities: [{_entity_ids(site)[-2]}, "
    ),
    # Only the pages that show the entity: its claims' pages and rows, its organisation's.
    "entity renamed": _replace("content/entities.yml", 'name: "Vera Khalil"', 'name: "Vera K."'),
    "entity changes organisation": _replace(
        "content/entities.yml",
        "affiliation: ministry-of-defence-of-norland\n- id: ministerstvo",
        "affiliation: norland-air-force\n- id: ministerstvo",
    ),
    "entity alias names an outlet": _replace(
        "content/entities.yml",
        "  kind: monitor\n",
        '  kind: monitor\n  aliases: ["Varania Today"]\n',
    ),
}


def _set_unnamed_claimant(site: Path) -> None:
    # An event lists the claimants of its claims among its entities: a claim no event names
    # changes only its claimant's list and its own.
    named = set()
    for event in (site / "content" / "events").glob("*.yml"):
        for found in re.findall(r"^claims: \[(.*)\]$", event.read_text(encoding="utf-8"), re.M):
            named.update(name.strip() for name in found.split(","))
    number = next(
        n
        for n, file in enumerate(sorted((site / "content" / "claims").glob("*.yml")))
        if file.stem not in named and "claimant: " in file.read_text(encoding="utf-8")
    )
    _set_field(site, number, "claimant", _entity_ids(site)[-4])


def _set_first_event_date(site: Path, day: str) -> None:
    file = sorted((site / "content" / "events").glob("*.yml"))[0]
    text = file.read_text(encoding="utf-8")
    changed = re.sub(r"^date: .*$", f'date: "{day}"', text, count=1, flags=re.M)
    assert changed != text
    file.write_text(changed, encoding="utf-8")


def _replace_in_first_with(site: Path, folder: str, old: str, new: str) -> None:
    """Replace `old` in the first record of `folder` that holds it."""
    file = next(
        f
        for f in sorted((site / "content" / folder).glob("*.yml"))
        if old in f.read_text(encoding="utf-8")
    )
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _replace_in_first(site: Path, folder: str, old: str, new: str) -> None:
    file = sorted((site / "content" / folder).glob("*.yml"))[0]
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", sorted(LARGE_EDITS))
def test_cached_rebuild_of_a_large_desk_equals_fresh_build(name: str, tmp_path: Path) -> None:
    site = write_large_desk(tmp_path / "desk")
    # A warning the edits do not touch (a quote without its translation): a cached build
    # reports it too, though it reuses that claim's linking.
    (site / "content" / "claims" / "ru-untranslated.yml").write_text(
        "claim: The ministry says so.\nclaimant: ministerstvo-oborony\ndate: 2015-10-06\n"
        f"appearances:\n  - article: ru-briefing\n    quote: {RUSSIAN_QUOTE}\n",
        encoding="utf-8",
    )
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    assert not first.errors
    assert any(d.code == "FD045" for d in first.warnings)
    assert sum(p.startswith("timeline/") for p in first.pages) > 10  # a paged timeline

    cached, rendered = _cached_and_fresh(site, cache, LARGE_EDITS[name])
    assert cached.pages != first.pages
    if name in ("claim text", "new tag"):
        # Proportional to the edit: the claim's own pages and the index and timeline pages
        # that list it, not every index or timeline page.
        assert rendered < 25, rendered
    if name.startswith("entity"):
        # The pages that show the entity (111 of 512 for the rename), not every page.
        pages = sum(path.endswith(".md") for path in cached.pages)
        assert rendered < pages / 3, (rendered, pages)


def test_timeline_entries_no_change_reached_are_kept_over_a_run_of_saves(
    tmp_path: Path,
) -> None:
    """A timeline or claims page rendered again keeps the Markdown of the entries and rows no
    change reached (site/kept_entries.py). Over a run of saves that each reach some entries of
    the same pages and not others (one undoing an earlier one, one made while another file is
    broken), every cached build equals a fresh one, and a rename keeps most entries and rows of
    the pages it renders."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    assert not pipeline.build(site, cache=cache).errors
    kept_on = {
        (p.split("/")[0], what) for p, kept in cache.entry_texts.items() for what, _, _ in kept
    }
    assert kept_on == {("timeline", "entry"), ("claims", "row")}

    kept = cache.entries_reused
    _cached_and_fresh(site, cache, LARGE_EDITS["entity renamed"])
    assert cache.entries_reused - kept > 100

    broken = sorted((site / "content" / "claims").glob("*.yml"))[-1]
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text + "claimant: [\n", encoding="utf-8")
    _replace("content/entities.yml", 'name: "Vera K."', 'name: "Vera Khalil"')(site)
    assert pipeline.build(site, cache=cache).errors
    for edit in (
        lambda site: broken.write_text(text, encoding="utf-8"),
        LARGE_EDITS["claim text"],
        LARGE_EDITS["claimant changed"],
        _replace("content/entities.yml", 'name: "Vera Khalil"', 'name: "Vera K."'),
        LARGE_EDITS["event title"],
    ):
        kept = cache.entries_reused
        _cached_and_fresh(site, cache, edit)
        assert cache.entries_reused > kept, edit
    # The timeline's parts move: every page is rendered, and no entry kept.
    kept = cache.entries_reused
    _cached_and_fresh(site, cache, LARGE_EDITS["claim date moves"])
    assert cache.entries_reused == kept


def test_a_cached_build_follows_each_edit_of_a_template_override(
    copy_site: Callable[[str], Path],
) -> None:
    # Compiled templates are kept between builds (resources.CompiledTemplates): an override
    # added, then edited under the same name, must be compiled again each time.
    site = copy_site("minimal")
    templates = site / "overrides" / "factdesk"
    override = templates / "partials" / "verdict.md.j2"
    source = (TEMPLATES / "partials" / "verdict.md.j2").read_text(encoding="utf-8")
    cache = BuildCache(site)
    first = pipeline.build(site, templates, cache)
    claim_page = "claims/no-strikes-on-towns.md"
    for marker in ("First override.", "Second override."):
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(f"{marker}\n{source}", encoding="utf-8")
        cached = pipeline.build(site, templates, cache)
        assert cached.pages == pipeline.build(site, templates).pages
        assert marker in cached.pages[claim_page]
    assert "First override." not in cached.pages[claim_page]
    assert cached.pages[claim_page] != first.pages[claim_page]


def test_a_reworded_claim_keeps_the_sites_derived_parts(tmp_path: Path) -> None:
    """Under serve, rewording a claim moves no date, verdict or reference: the timeline, the
    orders, counts and entities are last build's objects, and so is every article but those the
    claim cites (content/reassembly.py). The equality tests above check they are right."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache).site
    LARGE_EDITS["claim text"](site)
    second = pipeline.build(site, cache=cache).site
    assert first is not None and second is not None
    assert second.claims != first.claims
    for part in (
        "timeline",
        "months",
        "tags",
        "verdict_counts",
        "claims_by_date",
        "articles_by_date",
        "entities",
        "entities_by_name",
        "latest_reviewed",
        "under_review",
        "claims_by_rating",
    ):
        assert getattr(second, part) is getattr(first, part), part
    made_again = [a for a in second.articles if second.articles[a] is not first.articles[a]]
    # Every article the claim's file names (its appearances, its verdict's evidence).
    cited = set(re.findall(r"article: (\S+)", _claim_file(site, 3).read_text(encoding="utf-8")))
    assert set(made_again) <= cited, made_again
    assert len(made_again) < len(second.articles)
    assert [
        a for a in second.all_citations if second.all_citations[a] is not first.all_citations[a]
    ]
    assert all(
        second.all_citations[a] is first.all_citations[a]
        for a in second.all_citations
        if a not in cited
    )


def test_a_renamed_entity_links_nothing_again_and_keeps_the_other_derived_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve, a claim's or event's linking reads which entities exist and which are
    drafts, not their names: renaming one links no record again, and of the site's derived
    parts only the entities' are made again (the equality tests above check the results)."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache).site
    linked: list[str] = []
    link_claim, link_event = resolve._Linker.link_claim, resolve._Linker.link_event

    def claim(self: Any, record: Any) -> Any:
        linked.append(record.id)
        return link_claim(self, record)

    def event(self: Any, record: Any) -> Any:
        linked.append(record.id)
        return link_event(self, record)

    made: list[str] = []
    remake = resolve._References.__call__

    def counted(self: Any, kind: str, record: Any, **references: Any) -> Any:
        made.append(kind)
        return remake(self, kind, record, **references)

    monkeypatch.setattr(resolve._Linker, "link_claim", claim)
    monkeypatch.setattr(resolve._Linker, "link_event", event)
    monkeypatch.setattr(resolve._References, "__call__", counted)
    LARGE_EDITS["entity renamed"](site)
    second = pipeline.build(site, cache=cache).site
    assert first is not None and second is not None
    assert linked == []
    # No claim's or event's references made again, and what each entity is credited with is
    # last build's: nothing walks every claim and event for a name.
    assert made == []
    assert all(second.claims[c] is first.claims[c] for c in second.claims)
    for entity_id, entity in second.entities.items():
        before = first.entities[entity_id]
        assert entity.claims is before.claims and entity.events is before.events, entity_id
        assert entity.tally is before.tally, entity_id
    assert second.entities["vera-khalil"].record.name == "Vera K."
    assert second.entities is not first.entities
    for part in ("timeline", "months", "tags", "claims_by_date", "articles_by_date"):
        assert getattr(second, part) is getattr(first, part), part
    assert all(second.articles[a] is first.articles[a] for a in second.articles)
    # A new entity id is another world: every record is linked again against it.
    (site / "content" / "entities.yml").write_text(
        (site / "content" / "entities.yml").read_text(encoding="utf-8")
        + "- id: newcomer\n  name: A Newcomer\n  kind: person\n",
        encoding="utf-8",
    )
    pipeline.build(site, cache=cache)
    assert len(linked) == len(second.claims) + len(second.events)


def test_a_save_that_changes_no_claim_replays_their_linking_warnings(
    copy_site: Callable[[str], Path],
) -> None:
    """A save that changes no claim and no entity id hands back the claims' whole linking
    from the last build (`_Linker.reused`), without a loop over every claim; the warnings and
    citations that linking made are replayed as a fresh build makes them."""
    site = copy_site("minimal")
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("date: on Tuesday", "date: on Monday"),
        encoding="utf-8",
    )
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    assert [d.code for d in first.diagnostics] == ["FD052"]
    run = cache.link_runs["claim"]
    cached, _ = _cached_and_fresh(
        site,
        cache,
        _replace("content/entities.yml", "name: Jan Example", "name: Jan Q. Example"),
    )
    assert [d.code for d in cached.diagnostics] == ["FD052"]
    assert cache.link_runs["claim"] is run
    # A changed claim links the kind record by record again.
    cached, _ = _cached_and_fresh(
        site, cache, _replace("content/claims/no-strikes-on-towns.yml", "tags: [", "tags: [new, ")
    )
    assert cache.link_runs["claim"] is not run
    assert [d.code for d in cached.diagnostics] == ["FD052"]


def test_a_rename_pages_the_entities_again_and_keeps_the_layouts_other_pieces(
    tmp_path: Path,
) -> None:
    """A rename reorders the entities, so the layout is made again; its claims' listings and
    timeline parts are last build's objects (paging 50,000 claims again took a tenth of a
    rename), the entities' listing is new, and the whole equals a fresh build's layout."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache).layout
    LARGE_EDITS["entity renamed"](site)
    second = pipeline.build(site, cache=cache).layout
    assert first is not None and second is not None and second is not first
    assert second.timeline_parts and second.timeline_parts is first.timeline_parts
    assert second.event_pages is first.event_pages
    verdicts = [name for name in second.listings if name.startswith("verdict/")]
    assert verdicts
    for name in ("claims", "articles", *verdicts):
        assert second.listings[name] is first.listings[name], name
    assert second.listings["entities"] is not first.listings["entities"]
    assert second == pipeline.build(site).layout
    # A claim moved to another day pages the claims again, and its month's timeline part.
    LARGE_EDITS["claim date moves"](site)
    third = pipeline.build(site, cache=cache).layout
    assert third is not None
    assert third.listings["claims"] is not second.listings["claims"]
    assert third.timeline_parts is not second.timeline_parts
    assert third.listings["articles"] is second.listings["articles"]
    assert third == pipeline.build(site).layout


def test_the_verdicts_in_feed_order_are_made_again_only_when_a_claim_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdicts feed and the ClaimReview feed read every claim's verdict: under serve a
    save that changes no claim (a rename) takes them from the last build; a changed verdict
    makes them again, and the files equal a fresh build's (`_cached_and_fresh`)."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    entries = calls_to(monkeypatch, exports, "feed_entries")
    newest = calls_to(monkeypatch, exports, "_newest_verdict_day")
    _cached_and_fresh(site, cache, LARGE_EDITS["entity renamed"])
    # The fresh build of `_cached_and_fresh` walks once each.
    assert len(entries) == len(newest) == 1
    _cached_and_fresh(site, cache, LARGE_EDITS["verdict rating"])
    assert len(entries) == len(newest) == 3


def test_the_timelines_filters_are_asked_of_each_entry_again_only_when_one_changed(
    tmp_path: Path,
) -> None:
    """The timeline overview offers every tag with the months that carry it, from every
    entry; under serve a rename (no claim or event changes) takes that from the last build,
    and a claim given a new tag makes it again. The pages equal a fresh build's."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    name = "timeline choices rows=True"
    first = cache.derived[name][1]
    _cached_and_fresh(site, cache, LARGE_EDITS["entity renamed"])
    assert cache.derived[name][1] is first
    cached, _ = _cached_and_fresh(site, cache, LARGE_EDITS["new tag"])
    assert cache.derived[name][1] is not first
    assert "a tag no record had" in cached.pages["timeline.md"]


def test_a_rename_to_another_letter_renders_only_the_index_page_listing_the_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter's jump on a paged entities index shows no count: renaming a person into
    another letter that keeps every letter's first page renders again only the index page
    that lists them, not every page whose jumps' hidden counts changed."""
    site = write_large_desk(tmp_path / "desk")
    set_page_size(site, 3)
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    rendered = calls_to(monkeypatch, BuildCache, "remember_page")
    # "Samir Morozova" (S) becomes "Pz Morozova" (P): the same place among the 17, three a
    # page, and every letter starts on the page it did.
    _cached_and_fresh(
        site,
        cache,
        _replace("content/entities.yml", 'name: "Samir Morozova"', 'name: "Pz Morozova"'),
    )
    indexes = sorted(
        path
        for _, path, *_ in rendered
        if path == "entities/index.md" or path.startswith("entities/page/")
    )
    assert indexes == ["entities/page/4.md"]


def test_a_rename_lists_no_index_or_timeline_pages_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether an index or timeline page is reused compares its rows' ids with the changed
    records of their kind only: a rename (no claim, event or article changed) lists no page's
    rows, and a reworded claim lists the rows of claims."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    listed = render._listed
    asked: list[tuple[str, str]] = []

    def counting(kind: str, extra: Any, summary: object) -> Any:
        shape, rows = listed(kind, extra, summary)
        if rows is None:
            return shape, rows

        def ids_of(row: str, ids: Callable[[], Any]) -> Callable[[], Any]:
            return lambda: asked.append((kind, row)) or ids()

        return shape, tuple((row, ids_of(row, ids)) for row, ids in rows)

    monkeypatch.setattr(render, "_listed", counting)
    _cached_and_fresh(site, cache, LARGE_EDITS["entity renamed"])
    assert ("timeline-month", "claim") not in asked and ("claims", "claim") not in asked
    _cached_and_fresh(site, cache, LARGE_EDITS["claim text"])
    assert ("timeline-month", "claim") in asked


def test_a_save_checks_again_only_the_records_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve a record loaded again as the same object is not checked again, and a kind
    none of whose records changed is not walked: a rename checks no claim, a reworded claim
    checks that claim. Both builds equal fresh ones, problems included (`_cached_and_fresh`)."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    pipeline.build(site, cache=cache)
    checked = calls_to(monkeypatch, validate, "check_claim")
    looked_for_twins = calls_to(monkeypatch, validate, "duplicate_ids")
    LARGE_EDITS["entity renamed"](site)
    pipeline.build(site, cache=cache)
    assert checked == []
    # Only the ratings (site.yml's, every build) and the changed kind are looked through for
    # an id used twice.
    assert [what for _, what in looked_for_twins] == ["rating", "entity"]
    LARGE_EDITS["claim text"](site)
    cached = pipeline.build(site, cache=cache)
    assert len(checked) == 1
    fresh = pipeline.build(site)
    assert cached.diagnostics == fresh.diagnostics and cached.pages == fresh.pages


def test_a_reworded_claim_keeps_the_layout_and_every_events_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve, rewording a claim moves nothing the layout is made from, and no event's
    references: both are last build's whole, without a walk of every record. A claim moved to
    another day, or given another claimant, makes them again (the equality tests above check
    the results)."""
    site = write_large_desk(tmp_path / "desk")
    cache = BuildCache(site)
    first = pipeline.build(site, cache=cache)
    made: list[str] = []
    remake = resolve._References.__call__

    def counted(self: Any, kind: str, record: Any, **references: Any) -> Any:
        made.append(kind)
        return remake(self, kind, record, **references)

    monkeypatch.setattr(resolve._References, "__call__", counted)
    LARGE_EDITS["claim text"](site)
    second = pipeline.build(site, cache=cache)
    assert second.layout is first.layout
    assert "claim" in made and "event" not in made
    made.clear()
    LARGE_EDITS["claimant changed"](site)
    third = pipeline.build(site, cache=cache)
    assert "event" in made
    LARGE_EDITS["claim date moves"](site)
    fourth = pipeline.build(site, cache=cache)
    assert fourth.layout is not third.layout
    assert fourth.layout == pipeline.build(site).layout


def test_a_list_of_parts_is_copied_and_only_what_a_changed_file_shows_is_made_again(
    tmp_path: Path,
) -> None:
    """`Parts.each`: each data file and the search documents are lists of parts, one a record;
    after an edit, the last build's list is copied and only the parts showing a changed file
    are made again (the equality tests above check the files are right)."""
    cache = BuildCache(tmp_path)
    made: list[str] = []

    def build(
        changed: frozenset[str] | None, lists: dict[str, list[str]], *, copied: bool = False
    ) -> list[list[str]]:
        cache.changed = changed
        parts = Parts(cache, "test")
        if copied:  # the lists are copied whole, not asked for part by part

            def asked(*args: Any) -> Any:
                raise AssertionError(args)

            parts.get = asked  # type: ignore[method-assign]
        values = [
            parts.each(
                title,
                items,
                lambda item: item,
                lambda item: {f"{item}.yml"},
                lambda item: made.append(item) or item.upper(),
            )
            for title, items in lists.items()
        ]
        parts.done()
        return values

    assert build(None, {"x": ["a", "b", "c"], "y": ["z"]}) == [["A", "B", "C"], ["Z"]]
    assert made == ["a", "b", "c", "z"]
    made.clear()
    again = build(frozenset({"b.yml"}), {"x": ["a", "b", "c"], "y": ["z"]}, copied=True)
    assert again == [["A", "B", "C"], ["Z"]] and made == ["b"]
    # A caller may extend the list it gets (the search documents are one list of five).
    again[0].append("extra")
    made.clear()
    assert build(frozenset(), {"x": ["a", "b", "c"]}, copied=True) == [["A", "B", "C"]]
    assert made == []
    # "y" was not asked for: its part is forgotten, though every list asked for was copied.
    assert "part:test:z" not in cache.pages
    assert build(frozenset({"d.yml"}), {"x": ["a", "c", "d"]}) == [["A", "C", "D"]]
    assert made == ["d"]
    assert "part:test:b" not in cache.pages
    assert cache.pages["part:test:d"] == "D"
