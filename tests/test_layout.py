"""Every page's path and published address comes from one `Layout`, in both MkDocs URL styles.

The unit tests ask the layout of the minimal fixture directly, with the timeline on one page and
paged by month; one test holds its URLs against MkDocs' own `File.url` for every generated page.
The last tests build real sites: with `use_directory_urls: false`, ClaimReview's url must be the
page's canonical link, and every address in the data files must lead to an existing page and
anchor of the built site.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from conftest import (
    FIXTURES,
    assert_address_resolves,
    data_file_addresses,
    mkdocs_build,
    run_factdesk,
    set_page_size,
)
from mkdocs.structure.files import File

from generator import pipeline
from generator.content.linked import Site
from generator.site.layout import Layout, event_anchor, in_docs, mkdocs_directory_urls

SITE_URL = "https://example.org/factcheck/"


@pytest.fixture(scope="module")
def site() -> Site:
    checked = pipeline.check(FIXTURES / "minimal")
    assert checked.site is not None, checked.diagnostics
    return checked.site


@pytest.fixture(scope="module")
def paged(site: Site) -> Site:
    # The minimal timeline has two entries (a claim on 6 and an event on 7 October 2015): with
    # one entry a page, October is cut into two parts, one day each.
    return replace(site, config=replace(site.config, page_size=1))


def test_pages_live_at_one_path_each(site: Site) -> None:
    layout = Layout.of(site)
    assert layout.path("home") == "index.md"
    assert layout.path("claims") == "claims/index.md"
    assert layout.path("claim", "no-strikes-on-towns") == "claims/no-strikes-on-towns.md"
    assert layout.path("article", "example-report") == "articles/example-report.md"
    assert layout.path("entity", "example-monitor") == "entities/example-monitor.md"
    assert layout.path("contradiction", "towns") == "contradictions/towns.md"
    assert layout.sources(site)["claims/no-strikes-on-towns.md"] == (
        "content/claims/no-strikes-on-towns.yml"
    )


def test_unpaged_timeline_shows_every_event(site: Site) -> None:
    layout = Layout.of(site)
    assert not layout.paged_timeline
    assert layout.path("event", "strike") == "timeline.md"
    assert layout.link("claims/no-strikes-on-towns.md", "event", "strike") == (
        "../timeline.md#event-strike"
    )
    assert layout.link("index.md", "event", "strike") == "timeline.md#event-strike"
    assert layout.address("event", "strike") == f"{SITE_URL}timeline/#event-strike"
    plain = Layout.of(site, directory_urls=False)
    assert plain.address("event", "strike") == f"{SITE_URL}timeline.html#event-strike"


def test_paged_timeline_sends_each_event_to_its_month(paged: Site) -> None:
    layout = Layout.of(paged)
    assert layout.paged_timeline
    assert [part.ref for part in layout.timeline_parts] == ["month-2015-10/1", "month-2015-10/2"]
    assert layout.path("timeline-month", "month-2015-10") == "timeline/2015-10.md"
    # The event is on 7 October, the month's second part.
    assert layout.path("event", "strike") == "timeline/2015-10/2.md"
    assert layout.link("claims/no-strikes-on-towns.md", "event", "strike") == (
        "../timeline/2015-10/2.md#event-strike"
    )
    assert layout.link("timeline/2015-10.md", "event", "strike") == "2015-10/2.md#event-strike"
    assert layout.link("timeline/2015-10/2.md", "timeline-month", "month-2015-10") == (
        "../2015-10.md"
    )
    # The data files link the same page the site does (they used to link timeline/#event-…,
    # which has no event anchors once the timeline is paged).
    assert layout.address("event", "strike") == f"{SITE_URL}timeline/2015-10/2/#event-strike"
    plain = Layout.of(paged, directory_urls=False)
    assert plain.address("event", "strike") == f"{SITE_URL}timeline/2015-10/2.html#event-strike"


def test_addresses_in_both_url_styles(site: Site) -> None:
    directory = Layout.of(site)
    plain = Layout.of(site, directory_urls=False)
    cases = {
        ("home", ""): (SITE_URL, f"{SITE_URL}index.html"),
        ("claims", ""): (f"{SITE_URL}claims/", f"{SITE_URL}claims/index.html"),
        ("claim", "no-strikes-on-towns"): (
            f"{SITE_URL}claims/no-strikes-on-towns/",
            f"{SITE_URL}claims/no-strikes-on-towns.html",
        ),
        ("guide", ""): (f"{SITE_URL}how-to-add-a-claim/", f"{SITE_URL}how-to-add-a-claim.html"),
    }
    for (kind, ref), (with_folders, with_files) in cases.items():
        assert directory.address(kind, ref) == with_folders
        assert plain.address(kind, ref) == with_files
    assert directory.address("article", "example-report", "s2") == (
        f"{SITE_URL}articles/example-report/#s2"
    )
    assert plain.address("article", "example-report", "s2") == (
        f"{SITE_URL}articles/example-report.html#s2"
    )
    for layout in (directory, plain):
        assert layout.file_address("data/timeline.json") == f"{SITE_URL}data/timeline.json"


def test_without_site_url_addresses_start_at_the_site_root(site: Site) -> None:
    layout = Layout("", True, False, {})
    assert layout.address("claim", "x") == "claims/x/"
    assert layout.address("home") == ""
    assert layout.file_address("data/claims.csv") == "data/claims.csv"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_urls_agree_with_mkdocs_for_every_generated_file(
    paged: Site, directory_urls: bool, tmp_path: Path
) -> None:
    layout = Layout.of(paged, directory_urls=directory_urls)
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    set_page_size(root, 1)
    paths = sorted(pipeline.build(root).pages)
    assert {"timeline/2015-10.md", "timeline/2015-10/2.md"} <= set(paths)
    for path in paths:
        theirs = File(path, str(tmp_path), str(tmp_path / "site"), directory_urls).url
        # MkDocs writes the root index as "./"; both mean the site root.
        assert urljoin(SITE_URL, layout.url(path)) == urljoin(SITE_URL, theirs), path


def test_mkdocs_directory_urls_reads_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    assert mkdocs_directory_urls(config) is True  # no file: MkDocs' default
    config.write_text("site_name: x\n", encoding="utf-8")
    assert mkdocs_directory_urls(config) is True
    config.write_text(
        "site_name: x\nuse_directory_urls: false\nextra:\n  home: !ENV [HOME, '/']\n",
        encoding="utf-8",
    )
    assert mkdocs_directory_urls(config) is False
    config.write_text("site_name: x\nuse_directory_urls: 'no'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="true or false"):
        mkdocs_directory_urls(config)
    config.write_text("site_name: [x\n", encoding="utf-8")
    with pytest.raises(ValueError):
        mkdocs_directory_urls(config)


# --- real builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture built with `use_directory_urls: false`: pages are x.html files."""
    root = tmp_path_factory.mktemp("plain-urls") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8"
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_claimreview_url_is_the_canonical_link_without_directory_urls(files_site: Path) -> None:
    page = files_site / "claims" / "no-strikes-on-towns.html"
    html = lxml.html.fromstring(page.read_bytes())
    canonical = html.xpath('//link[@rel="canonical"]/@href')
    assert canonical == [f"{SITE_URL}claims/no-strikes-on-towns.html"]
    scripts = html.xpath('//script[@type="application/ld+json"]/text()')
    reviews = [json.loads(s) for s in scripts]
    assert [r["url"] for r in reviews] == canonical
    feed = json.loads((files_site / "data" / "claimreview.json").read_text(encoding="utf-8"))
    assert [e["url"] for e in feed["dataFeedElement"]] == canonical


def test_data_file_addresses_lead_to_pages_and_anchors_without_directory_urls(
    files_site: Path,
) -> None:
    addresses = data_file_addresses(files_site, SITE_URL)
    assert f"{SITE_URL}timeline.html#event-strike" in addresses
    for address in addresses:
        assert_address_resolves(files_site, SITE_URL, address)


def test_build_out_follows_the_url_style_of_mkdocs_yml(tmp_path: Path) -> None:
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8"
    )
    result = run_factdesk("build", "--out", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "claims" / "no-strikes-on-towns.md").read_text(encoding="utf-8")
    assert f"{SITE_URL}claims/no-strikes-on-towns.html" in page
    config.write_text("site_name: [broken\n", encoding="utf-8")
    broken = run_factdesk("build", "--out", str(tmp_path / "again"), cwd=root)
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"factdesk: cannot read {Path('mkdocs.yml')}:")
    assert "Traceback" not in broken.stderr
    assert not (tmp_path / "again").exists()


@pytest.mark.parametrize(
    ("address", "found"),
    [
        ("claims/x.md", ("claims/x.md", "")),
        ("claims/x.md#s7", ("claims/x.md", "#s7")),
        ("./articles/a.md?x=1#s2", ("articles/a.md", "?x=1#s2")),
        ("assets/map.png", ("assets/map.png", "")),
        ("claims/../entities/sohr.md", ("entities/sohr.md", "")),
        # Not relative, or out of the docs tree: none.
        ("https://example.org/a.md", None),
        ("mailto:desk@example.org", None),
        ("/claims/x.md", None),
        ("#event-strike", None),
        ("?tag=Palmyra", None),
        ("../outside.md", None),
        ("claims/../../outside.md", None),
        (".", None),
        ("", None),
    ],
)
def test_a_relative_address_is_found_in_the_docs_tree(
    address: str, found: tuple[str, str] | None
) -> None:
    assert in_docs(address, "timeline.md") == found
    # Written on a page one folder down, the same address is one folder down.
    if found is not None:
        assert in_docs(address, "timeline/2015-10.md") == ("timeline/" + found[0], found[1])


def test_an_event_is_named_by_its_whole_anchor() -> None:
    assert event_anchor("#event-strike-in-aleppo") == "strike-in-aleppo"
    assert event_anchor("#event-Strike") is None
    assert event_anchor("timeline.md#event-strike") is None
    assert event_anchor("#event-strike-") is None


def test_an_editors_link_leads_to_the_event_or_the_page_it_names() -> None:
    layout = Layout("", True, True, {"strike": "timeline/2015-10/2.md"})
    assert layout.editor_link("#event-strike", None) == ("timeline/2015-10/2.md", "#event-strike")
    # No such event, or a relative address without the page it is written on: as written.
    assert layout.editor_link("#event-other", "timeline.md") is None
    assert layout.editor_link("claims/x.md", None) is None
    assert layout.editor_link("claims/x.md#s2", "timeline.md") == ("claims/x.md", "#s2")
