"""The reader's site, read back with lxml from a real `mkdocs build --strict` of the bundled case:
what a shared link shows, tags that lead somewhere, tables that turn into cards on a phone, the
slide-by-slide timeline with its vendored TimelineJS, annotated article pages, contradictions as
camps, source links to the files each page was built from, and the outlets' pages."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import lxml.html
import pytest
import yaml
from conftest import ROOT, copy_desk, mkdocs_build
from PIL import Image

from generator import pipeline
from generator.incremental import BuildCache
from generator.site import share_images
from generator.site.layout import TIMELINEJS, Repository

HtmlElement = lxml.html.HtmlElement

CLAIM = "claims/mod-planes-do-not-strike-populated-areas/"
CLAIM_FILE = ROOT / "content" / "claims" / "mod-planes-do-not-strike-populated-areas.yml"


class Built:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.html = root / "site"

    def page(self, url: str) -> HtmlElement:
        path = self.html / unquote(url)
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        root: HtmlElement = lxml.html.fromstring(path.read_bytes())
        return root

    def target(self, page_url: str, href: str) -> tuple[Path, str, dict[str, list[str]]]:
        """The file a link on a page leads to, its fragment and its query."""
        parts = urlsplit(urljoin("http://site.invalid/" + page_url, href))
        assert parts.netloc == "site.invalid", href
        path = self.html / unquote(parts.path.removeprefix("/"))
        if parts.path.endswith("/"):
            path = path / "index.html"
        return path, unquote(parts.fragment), parse_qs(parts.query)


def text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def body(root: HtmlElement) -> HtmlElement:
    found: list[HtmlElement] = root.xpath(".//article[contains(@class, 'md-content__inner')]")
    assert len(found) == 1
    return found[0]


def classed(root: HtmlElement, name: str) -> list[HtmlElement]:
    found: list[HtmlElement] = root.xpath(
        f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    )
    return found


def meta(root: HtmlElement, key: str) -> str:
    values = root.xpath(f"//head/meta[@property='{key}' or @name='{key}']/@content")
    assert len(values) == 1, f"{key}: {values}"
    return str(values[0])


def build(root: Path) -> Built:
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return Built(root)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(copy_desk("bundled", tmp_path_factory.mktemp("reader") / "bundled"))


@pytest.fixture(scope="module")
def claim_record() -> dict[str, object]:
    with open(CLAIM_FILE, encoding="utf-8") as handle:
        record: dict[str, object] = yaml.safe_load(handle)
    return record


# --------------------------------------------------------------------------------------------
# Verdicts that travel
# --------------------------------------------------------------------------------------------


def test_a_claim_page_head_carries_the_claim_and_its_verdict(
    bundled: Built, claim_record: dict[str, object]
) -> None:
    page = bundled.page(CLAIM)
    verdict = claim_record["verdict"]
    assert isinstance(verdict, dict)
    short = str(claim_record["claim_short"])
    title = page.findtext(".//head/title")
    assert title.startswith(f"False: {short} - ")
    assert meta(page, "og:title") == meta(page, "twitter:title") == f"False: {short}"
    description = meta(page, "description")
    assert description.startswith("Verdict: False. ")
    conclusion = " ".join(str(verdict["conclusion"]).split())
    # Cut at a word to fit link previews, never mid-word.
    shown = description.removeprefix("Verdict: False. ").removesuffix("…")
    assert conclusion.startswith(shown) and len(description) <= 200
    assert meta(page, "og:description") == meta(page, "twitter:description") == description
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:url") == f"https://factdesk.example.org/{CLAIM}"
    assert meta(page, "og:site_name") == "factdesk: Russian air strikes in Syria, October 2015"
    assert meta(page, "twitter:card") in ("summary", "summary_large_image")


def test_the_home_page_title_is_the_site_name_once(bundled: Built) -> None:
    page = bundled.page("")
    assert page.findtext(".//head/title") == "factdesk: Russian air strikes in Syria, October 2015"
    assert meta(page, "og:type") == "website"
    assert meta(page, "og:title") == "factdesk: Russian air strikes in Syria, October 2015"


def test_an_under_review_claim_says_so_when_shared(tmp_path: Path) -> None:
    site = copy_desk("bundled", tmp_path / "bundled")
    path = site / "content" / "claims" / "mccain-russia-is-winning.yml"
    record = path.read_text(encoding="utf-8")
    path.write_text(record[: record.index("\nverdict:")] + "\n", encoding="utf-8")
    built = build(site)
    page = built.page("claims/mccain-russia-is-winning/")
    assert meta(page, "og:title").startswith("Under review: ")
    assert meta(page, "description").startswith("Under review: John McCain claimed, ")
    # Its share image is in the pages' "under review" grey.
    css = (built.html / "assets" / "factdesk.css").read_text(encoding="utf-8")
    grey = re.search(r"\.fd-under-review \{ --fd-colour: (#[0-9a-f]{6}); \}", css)
    assert grey is not None
    with Image.open(built.html / "assets" / "share" / "mccain-russia-is-winning.png") as image:
        assert _hex(image.convert("RGB").getpixel((600, 8))) == grey.group(1)


def _rating_colours() -> dict[str, str]:
    with open(ROOT / "content" / "site.yml", encoding="utf-8") as handle:
        scale = yaml.safe_load(handle)["rating_scale"]
    return {str(r["id"]): str(r["colour"]) for r in scale}


def _hex(colour: tuple[int, ...]) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour[:3])


def test_each_claim_is_shared_with_a_picture_of_its_verdict(bundled: Built) -> None:
    colours = _rating_colours()
    claims = sorted(p.stem for p in (ROOT / "content" / "claims").glob("*.yml"))
    assert len(claims) >= 10
    for claim in claims:
        page = bundled.page(f"claims/{claim}/")
        address = f"https://factdesk.example.org/assets/share/{claim}.png"
        assert meta(page, "og:image") == meta(page, "twitter:image") == address
        assert meta(page, "twitter:card") == "summary_large_image"
        assert meta(page, "og:image:alt") == meta(page, "og:title")
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        with Image.open(bundled.html / "assets" / "share" / f"{claim}.png") as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
            picture = image.convert("RGB")
        with open(ROOT / "content" / "claims" / f"{claim}.yml", encoding="utf-8") as handle:
            rating = yaml.safe_load(handle)["verdict"]["rating"]
        # The band along the top and the badge are in the verdict's colour.
        assert _hex(picture.getpixel((600, 8))) == colours[rating], claim
        assert _hex(picture.getpixel((80, 118))) == colours[rating], claim
        # The claim is written below the badge, in dark letters.
        claim_area = picture.crop((72, 230, 1128, 520)).convert("L")
        dark = sum(claim_area.histogram()[:80])
        assert dark > 5000, f"{claim}: {dark} dark pixels where the claim should be"
    # Nothing else is published beside them.
    shared = sorted(p.stem for p in (bundled.html / "assets" / "share").iterdir())
    assert shared == claims
    # Other pages share the site, with no picture of a claim.
    home = bundled.page("")
    assert meta(home, "twitter:card") == "summary"
    assert not home.xpath("//head/meta[@property='og:image']")


def test_share_images_are_the_same_bytes_each_build_and_redrawn_only_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_desk("bundled", tmp_path / "bundled")
    cache = BuildCache(site)
    first = {p: v for p, v in pipeline.build(site, cache=cache).pages.items() if ".png" in p}
    assert len(first) >= 10
    assert {p: v for p, v in pipeline.build(site).pages.items() if ".png" in p} == first

    drawn: list[str] = []
    real_draw = share_images.draw

    def draw(card: share_images.Card) -> bytes:
        drawn.append(card.claim)
        return real_draw(card)

    monkeypatch.setattr(share_images, "draw", draw)
    assert {p: v for p, v in pipeline.build(site, cache=cache).pages.items() if ".png" in p} == (
        first
    )
    assert drawn == []
    claim = site / "content" / "claims" / "mccain-russia-is-winning.yml"
    record = claim.read_text(encoding="utf-8")
    claim.write_text(record.replace("\nclaim: ", "\nclaim: Edited, ", 1), "utf-8")
    again = {p: v for p, v in pipeline.build(site, cache=cache).pages.items() if ".png" in p}
    assert len(drawn) == 1 and drawn[0].startswith("Edited, ")
    changed = sorted(p for p in first if first[p] != again[p])
    assert changed == ["assets/share/mccain-russia-is-winning.png"]


def test_a_site_shares_no_pictures_unless_it_asks(tmp_path: Path) -> None:
    site = copy_desk("bundled", tmp_path / "bundled")
    settings = site / "content" / "site.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("share_images: true\n", ""), "utf-8"
    )
    built = build(site)
    page = built.page(CLAIM)
    assert meta(page, "twitter:card") == "summary"
    assert not page.xpath("//head/meta[@property='og:image']")
    assert not (built.html / "assets" / "share").exists()


def test_a_right_to_left_claim_is_drawn_from_the_right(tmp_path: Path) -> None:
    site = copy_desk("desk-ar", tmp_path / "desk-ar")
    settings = site / "content" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    assert "site_url:" in text
    settings.write_text(text + "share_images: true\n", "utf-8")
    result = pipeline.build(site)
    assert not result.diagnostics
    pictures = {p: v for p, v in result.pages.items() if p.startswith("assets/share/")}
    assert pictures
    for png in pictures.values():
        with Image.open(io.BytesIO(png)) as image:
            claim_area = image.convert("L").crop((0, 230, 1200, 300))
        columns = [
            x for x in range(1200) if any(claim_area.getpixel((x, y)) < 80 for y in range(70))
        ]
        # Set against the right margin (72 px), not the left.
        assert 1200 - 72 - 12 <= max(columns) <= 1200 - 72
        assert min(columns) > 72 + 8


# --------------------------------------------------------------------------------------------
# Tags once, each a link to the timeline narrowed to it
# --------------------------------------------------------------------------------------------


def test_claim_tags_show_once_and_open_the_timeline_narrowed_to_them(
    bundled: Built, claim_record: dict[str, object]
) -> None:
    page = bundled.page(CLAIM)
    # Material's own chips come from front matter; factdesk's Tags row is the one place.
    assert not page.xpath(".//*[contains(@class, 'md-tag')]")
    tags = classed(body(page), "fd-tag")
    assert [text(tag) for tag in tags] == claim_record["tags"]
    timeline = bundled.page("timeline/")
    options = timeline.xpath(".//select[@data-filter='tags']/option/@value")
    for tag in tags:
        assert tag.tag == "a"
        path, fragment, query = bundled.target(CLAIM, str(tag.get("href")))
        assert path == bundled.html / "timeline" / "index.html" and not fragment
        assert query == {"tag": [text(tag)]}
        assert text(tag) in options


# --------------------------------------------------------------------------------------------
# Tables that become cards on a phone (laid out in test_reader_browser.py)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["claims/", "articles/", "entities/", "entities/russian-mod/"])
def test_long_tables_are_marked_to_become_cards_on_a_phone(bundled: Built, url: str) -> None:
    # Key-value tables (fd-meta) are narrow already; the lists of claims and sources are not.
    tables = body(bundled.page(url)).xpath(".//table[not(ancestor::div[@class='fd-meta'])]")
    assert tables
    for table in tables:
        assert table.xpath("ancestor::div[contains(@class, 'fd-cards')]"), url


# --------------------------------------------------------------------------------------------
# The slide-by-slide timeline
# --------------------------------------------------------------------------------------------


def test_the_visual_timeline_page_loads_the_vendored_timelinejs_and_the_export(
    bundled: Built,
) -> None:
    url = "timeline/visual/"
    page = bundled.page(url)
    container = page.get_element_by_id("fd-timelinejs")
    data, _, _ = bundled.target(url, str(container.get("data-timeline")))
    assert data == bundled.html / "data" / "timeline.json"
    scripts, _, _ = bundled.target(url, str(container.get("data-script-path")) + "timeline.js")
    assert scripts.is_file()
    assert (
        scripts.read_bytes()
        == (ROOT / "site_templates" / "vendor" / "timelinejs3" / "js" / "timeline.js").read_bytes()
    )
    sources = [str(s) for s in page.xpath("//script/@src | //link[@rel='stylesheet']/@href")]
    local = [bundled.target(url, s)[0] for s in sources if not urlsplit(s).netloc]
    assert bundled.html / TIMELINEJS / "js" / "timeline.js" in local
    assert bundled.html / TIMELINEJS / "css" / "timeline.css" in local
    assert all(path.is_file() for path in local)
    assert not [s for s in sources if urlsplit(s).netloc], "a script or style from elsewhere"
    # The licence travels with the files, and the page names it.
    licence = body(page).xpath(".//a[contains(., 'Mozilla Public License')]/@href")
    path, _, _ = bundled.target(url, str(licence[0]))
    assert path.read_text(encoding="utf-8").startswith("Mozilla Public License")
    # The timeline links to it.
    timeline = bundled.page("timeline/")
    assert any(
        bundled.target("timeline/", str(a.get("href")))[0]
        == bundled.html / "timeline" / "visual" / "index.html"
        for a in body(timeline).iter("a")
        if a.get("href") and not urlsplit(str(a.get("href"))).netloc
    )


def test_nothing_in_the_built_site_loads_from_a_cdn(bundled: Built) -> None:
    for path in bundled.html.rglob("*.html"):
        page = lxml.html.fromstring(path.read_bytes())
        for source in page.xpath("//script/@src | //link[@rel='stylesheet']/@href"):
            assert not urlsplit(str(source)).netloc, f"{path}: {source}"


def test_the_vendored_timelinejs_keeps_its_licence_and_version() -> None:
    vendor = ROOT / "site_templates" / "vendor" / "timelinejs3"
    assert (
        (vendor / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("Mozilla Public License, version 2.0")
    )
    version = (vendor / "VERSION").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pinned = re.search(r"^TIMELINEJS_VERSION := (\S+)$", makefile, re.MULTILINE)
    digest = re.search(r"^TIMELINEJS_SHA512 := (\S+)$", makefile, re.MULTILINE)
    assert pinned and digest
    assert version.startswith(f"@knight-lab/timelinejs {pinned[1]} (npm), sha512-{digest[1]}")
    script = (vendor / "js" / "timeline.js").read_text(encoding="utf-8")
    assert "timeline.js.LICENSE.txt" in script[:300]
    assert (vendor / "js" / "timeline.js.LICENSE.txt").is_file()
    assert (vendor / "js" / "locale" / "ru.json").is_file()
    assert (vendor / "js" / "locale" / "ar.json").is_file()


# --------------------------------------------------------------------------------------------
# Every page names the files it was built from, linked in the desk's repository
# --------------------------------------------------------------------------------------------

REPOSITORY = "https://github.com/example/desk"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled case with its repository named in content/site.yml, the desk in a folder."""
    site = copy_desk("bundled", tmp_path_factory.mktemp("reader") / "published")
    config = site / "content" / "site.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f"repository:\n  url: {REPOSITORY}\n  branch: live\n  folder: desks/syria\n",
        encoding="utf-8",
    )
    return build(site)


def built_from(page: HtmlElement) -> HtmlElement:
    found = classed(body(page), "fd-built-from")
    assert len(found) == 1
    return found[0]


def test_a_claim_page_links_its_yaml_and_its_edit_button_opens_it(published: Built) -> None:
    page = published.page(CLAIM)
    path = "content/claims/mod-planes-do-not-strike-populated-areas.yml"
    footer = built_from(page)
    assert text(footer) == f"Built from: {path} (edit)"
    hrefs = [str(a.get("href")) for a in footer.iter("a")]
    assert hrefs == [
        f"{REPOSITORY}/blob/live/desks/syria/{path}",
        f"{REPOSITORY}/edit/live/desks/syria/{path}",
    ]
    # Material's edit button, from MkDocs' repo_url and edit_uri, opens the same file.
    (button,) = page.xpath(".//a[contains(@class, 'md-content__button')]")
    assert button.get("href") == f"{REPOSITORY}/edit/live/desks/syria/{path}"
    # And the header links the repository itself.
    assert page.xpath(f".//a[contains(@class, 'md-source') and @href='{REPOSITORY}']")


def test_an_article_page_links_its_record_and_its_collected_text(published: Built) -> None:
    page = published.page("articles/wire-roundup-october-2015/")
    footer = built_from(page)
    assert text(footer) == (
        "Built from: content/articles/wire-roundup-october-2015.yml (edit) · the collected "
        "text of this article, seeds/000_f7adc2e7615265e7.txt (edit)"
    )
    assert f"{REPOSITORY}/blob/live/desks/syria/seeds/000_f7adc2e7615265e7.txt" in [
        a.get("href") for a in footer.iter("a")
    ]
    # The Text row names the source by outlet and title, never by its file's hash.
    row = page.xpath(".//div[@class='fd-meta']//tr[th[normalize-space()='Text']]/td")
    assert text(row[0]).startswith("The desk's copy of Unknown wire round-up's “Russian")
    assert "seeds/" not in text(row[0]) and "&#" not in text(row[0])


@pytest.mark.parametrize(
    ("url", "files"),
    [
        ("", ["content/site.yml"]),
        ("timeline/", ["content/events/", "content/claims/"]),
        ("claims/", ["content/claims/"]),
        ("entities/", ["content/entities.yml"]),
        ("entities/reuters/", ["content/entities.yml"]),
        ("contradictions/islamic-state-or-other-rebels/", [
            "content/contradictions/islamic-state-or-other-rebels.yml"]),
    ],
)  # fmt: skip
def test_section_and_record_pages_link_their_files_or_folders(
    published: Built, url: str, files: list[str]
) -> None:
    footer = built_from(published.page(url))
    expected = [
        f"{REPOSITORY}/{'tree' if path.endswith('/') else 'blob'}/live/desks/syria/"
        + path.rstrip("/")
        for path in files
    ]
    assert [str(a.get("href")) for a in footer.iter("a") if text(a) != "edit"] == expected


def test_every_generated_page_but_the_guide_names_its_files(published: Built) -> None:
    for path in sorted(published.html.rglob("index.html")):
        url = path.parent.relative_to(published.html).as_posix() + "/"
        url = "" if url == "./" else url
        if url.startswith(("search/", "assets/")) or url == "how-to-add-a-claim/":
            continue
        page = published.page(url)
        assert classed(body(page), "fd-built-from"), url
    assert not classed(body(published.page("how-to-add-a-claim/")), "fd-built-from")


def test_without_a_repository_pages_name_their_files_as_text(bundled: Built) -> None:
    page = bundled.page(CLAIM)
    footer = built_from(page)
    assert text(footer) == (
        "Built from: content/claims/mod-planes-do-not-strike-populated-areas.yml"
    )
    assert not list(footer.iter("a"))
    assert not page.xpath(".//a[contains(@class, 'md-content__button')]")


@pytest.mark.parametrize(
    ("url", "view", "edit"),
    [
        ("https://gitlab.com/desk/site", "https://gitlab.com/desk/site/-/blob/main/",
         "https://gitlab.com/desk/site/-/edit/main/"),
        ("https://codeberg.org/desk/site/", "https://codeberg.org/desk/site/src/branch/main/",
         "https://codeberg.org/desk/site/_edit/main/"),
        ("https://github.com/desk/site", "https://github.com/desk/site/blob/main/",
         "https://github.com/desk/site/edit/main/"),
    ],
)  # fmt: skip
def test_repository_addresses_follow_the_host(url: str, view: str, edit: str) -> None:
    repository = Repository.of(url, "main", "")
    assert (repository.view, repository.edit) == (view, edit)
    assert repository.url + "/" + repository.edit_uri == edit


# --------------------------------------------------------------------------------------------
# Contradictions as camps (laid out at both widths in test_reader_browser.py)
# --------------------------------------------------------------------------------------------


def test_a_contradiction_groups_its_sides_by_position_and_marks_the_supported_camp_once(
    bundled: Built,
) -> None:
    page = body(bundled.page("contradictions/islamic-state-or-other-rebels/"))
    camps = classed(page, "fd-camp")
    labels = [text(classed(camp, "fd-camp-label")[0]) for camp in camps]
    assert labels == [
        "The strikes target Islamic State",
        "The strikes back the Syrian government against other rebels supported by the evidence",
    ]
    counts = [len(camp.xpath(".//div[contains(@class, 'fd-sides')]/ul/li")) for camp in camps]
    assert counts == [2, 3]
    assert len(classed(page, "fd-supported")) == 1
    assert "fd-camp-supported" in str(camps[1].get("class"))
    # Each side of a shared camp keeps its own label.
    first = camps[0].xpath(".//div[contains(@class, 'fd-sides')]/ul/li")[0]
    assert text(first).startswith("Moscow says its strikes go after Islamic State")


# --------------------------------------------------------------------------------------------
# Outlets and the people and organisations on the timeline
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outlet", "articles"),
    [
        ("reuters", ["reuters-2015-10-06-palmyra-absolute-lie",
                     "reuters-2015-10-06-state-tv-palmyra"]),
        ("tass", ["tass-2015-10-06-zakharova-volunteers"]),
    ],
)  # fmt: skip
def test_an_outlet_page_lists_the_articles_it_published(
    bundled: Built, outlet: str, articles: list[str]
) -> None:
    url = f"entities/{outlet}/"
    page = body(bundled.page(url))
    section = page.xpath(".//h2[@id='articles']/following-sibling::ul[1]/li/a")
    targets = [bundled.target(url, str(a.get("href")))[0] for a in section]
    assert targets == [bundled.html / "articles" / a / "index.html" for a in sorted(articles)]
    # An outlet with articles and no claims no longer says only that it made none.
    assert "No claims by" not in text(page)


def test_an_entity_on_the_timeline_links_its_narrowed_timeline(bundled: Built) -> None:
    url = "entities/sohr/"
    page = body(bundled.page(url))
    links = page.xpath(".//h2[@id='on-the-timeline']/following-sibling::p[1]/a")
    path, _, query = bundled.target(url, str(links[0].get("href")))
    assert path == bundled.html / "timeline" / "index.html"
    assert query == {"entity": ["sohr"]}
