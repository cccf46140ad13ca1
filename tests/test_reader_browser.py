"""The bundled case as a reader sees it, in headless Chromium (Debian's, driven by Playwright) at
390 and 1280 px: every page kind laid out without sideways scrolling, cut-off cells, overlapping
elements or console errors; the slide-by-slide timeline drawn by the vendored TimelineJS with
nothing fetched from outside; the timeline filters kept in the address. Saves the README's
screenshots of the bundled case into screenshots/."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import FIXTURES, ROOT, mkdocs_build
from test_browser import SCREENSHOTS, WIDTHS, browser_page, needs_chromium, serve_folder

pytestmark = needs_chromium

BUNDLED_PARTS = ("content", "seeds", "docs", "mkdocs.yml")

# One page of each kind in the bundled case, chosen for being the hardest of their kind: the
# longest claim page, the contradiction with five sides, the seed with every kind of sentence,
# an outlet with articles and no claims.
PAGE_KINDS = {
    "home": "",
    "timeline": "timeline/",
    "visual-timeline": "timeline/visual/",
    "claims": "claims/",
    "claim": "claims/mod-planes-do-not-strike-populated-areas/",
    "contradictions": "contradictions/",
    "contradiction": "contradictions/islamic-state-or-other-rebels/",
    "articles": "articles/",
    "article": "articles/wire-roundup-october-2015/",
    "entities": "entities/",
    "entity": "entities/sohr/",
    "outlet": "entities/reuters/",
    "methodology": "methodology/",
    "guide": "how-to-add-a-claim/",
}
# The screenshots the README shows.
README_SHOTS = {
    "home",
    "claim",
    "timeline",
    "visual-timeline",
    "contradiction",
    "article",
    "claims",
}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The bundled case built with --strict and served on a free port: (base URL, HTML)."""
    site = tmp_path_factory.mktemp("reader") / "bundled"
    site.mkdir()
    for part in BUNDLED_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, site / part)
        elif source.exists():
            shutil.copy2(source, site / part)
    (site / "docs").mkdir(exist_ok=True)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    with serve_folder(site / "site") as url:
        yield url, site / "site"


# --------------------------------------------------------------------------------------------
# What a broken layout looks like, measured in the page
# --------------------------------------------------------------------------------------------

# Runs in the page; returns a list of problems, each a short description with the element.
LAYOUT_PROBLEMS = """
() => {
  const problems = [];
  const describe = (element) => {
    const text = (element.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    return `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} "${text}"`;
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`the page scrolls sideways by ${root.scrollWidth - root.clientWidth}px`);
  }
  const content = document.querySelector(".md-content");
  // Sideways scrolling inside the content: any scroll container wider inside than outside
  // (Material puts wide tables in one). TimelineJS's slider moves by design, and a code listing
  // (the guide's YAML and terminal output) keeps its lines as written and scrolls, as in any
  // manual.
  for (const element of content.querySelectorAll("*")) {
    if (element.closest("#fd-timelinejs") || element.closest("pre")) continue;
    const style = getComputedStyle(element);
    const scrolls = ["auto", "scroll"].includes(style.overflowX);
    if (scrolls && element.scrollWidth > element.clientWidth + 1) {
      problems.push(`scrolls sideways by ${element.scrollWidth - element.clientWidth}px: ` +
        describe(element));
    }
    // Content kept for screen readers only sits in a clipped box and is not seen.
    const clipped = (() => {
      for (let up = element; up && up !== content; up = up.parentElement) {
        if (getComputedStyle(up).clipPath !== "none") return true;
      }
      return false;
    })();
    if (element.getBoundingClientRect().right > root.clientWidth + 1 && style.position !== "fixed"
        && element.getClientRects().length && !element.closest("[hidden]") && !clipped) {
      problems.push(`runs past the right edge: ${describe(element)}`);
    }
  }
  // Text cut off in table cells: a cell's content wider or taller than the cell.
  for (const cell of content.querySelectorAll("td, th")) {
    if (cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1) {
      problems.push(`cut off in a table cell: ${describe(cell)}`);
    }
  }
  // Overlapping elements: siblings in the content whose boxes cross, compared line box by line
  // box (an inline element that wraps has one per line). Absolute or fixed boxes (permalinks,
  // TimelineJS's slides) are placed over others on purpose.
  const fragments = (parent) => [...parent.children].filter((child) => {
    const style = getComputedStyle(child);
    return style.position !== "absolute" && style.position !== "fixed" &&
      style.display !== "none" && style.visibility !== "hidden";
  }).map((child) => [
    child, [...child.getClientRects()].filter((r) => r.width > 0 && r.height > 0)]);
  for (const parent of [content, ...content.querySelectorAll("*")]) {
    if (parent.closest("#fd-timelinejs")) continue;
    const children = fragments(parent);
    for (let i = 0; i < children.length; i++) {
      for (let j = i + 1; j < children.length; j++) {
        const crossing = children[i][1].some((a) => children[j][1].some((b) =>
          Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
          Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2));
        if (crossing) {
          problems.push(`overlap: ${describe(children[i][0])} and ${describe(children[j][0])}`);
        }
      }
    }
  }
  return [...new Set(problems)];
}
"""


def layout_problems(page: Any) -> list[str]:
    problems: list[str] = page.evaluate(LAYOUT_PROBLEMS)
    return problems


def wait_for_timelinejs(page: Any) -> None:
    page.locator("#fd-timelinejs .tl-slide").first.wait_for(state="attached")
    page.wait_for_function("document.querySelectorAll('#fd-timelinejs .tl-timemarker').length > 0")


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_every_page_kind_is_laid_out_cleanly(bundled: tuple[str, Path], width: int) -> None:
    base, _ = bundled
    SCREENSHOTS.mkdir(exist_ok=True)
    found: dict[str, list[str]] = {}
    with browser_page(width, WIDTHS[width]) as (page, console):
        for kind, url in PAGE_KINDS.items():
            page.goto(base + url)
            page.wait_for_load_state("load")
            if kind == "visual-timeline":
                wait_for_timelinejs(page)
            problems = layout_problems(page)
            if problems:
                found[kind] = problems
            if kind in README_SHOTS:
                page.evaluate("window.scrollTo(0, 0)")
                if width >= 1220:
                    page.wait_for_function("!document.querySelector('.md-tabs[hidden]')")
                page.screenshot(
                    path=str(SCREENSHOTS / f"bundled-{kind}-{width}.png"),
                    full_page=kind not in ("guide", "methodology"),
                    animations="disabled",
                )
    assert found == {}
    assert console.errors == []
    assert console.outside == []


def test_the_layout_check_sees_what_it_looks_for(bundled: tuple[str, Path]) -> None:
    """The checks above fail on a page that has each fault."""
    base, _ = bundled
    with browser_page(390, 844) as (page, _console):
        page.goto(base + "claims/")
        page.wait_for_load_state("load")
        assert layout_problems(page) == []
        page.evaluate(
            """() => {
              const article = document.querySelector('.md-content article');
              const wide = document.createElement('div');
              wide.style.cssText = 'overflow-x: auto'; wide.className = 'probe-scroll';
              wide.innerHTML = '<div style="width: 900px">wide</div>';
              article.prepend(wide);
              const cell = document.querySelector('.md-content td');
              // On a phone the cells are inline (tables as cards): a box, so it can cut off.
              cell.style.cssText =
                'display: inline-block; max-width: 10px; height: 10px; overflow: hidden;';
              const a = document.createElement('p'); a.textContent = 'one'; a.className = 'probe-a';
              const b = document.createElement('p'); b.textContent = 'two'; b.className = 'probe-b';
              b.style.cssText = 'margin-top: -2em';
              article.append(a, b);
            }"""
        )
        problems = "\n".join(layout_problems(page))
    assert "scrolls sideways" in problems and "probe-scroll" in problems
    assert "cut off in a table cell" in problems
    assert "overlap" in problems and "probe-a" in problems


# --------------------------------------------------------------------------------------------
# The slide-by-slide timeline
# --------------------------------------------------------------------------------------------


def _headline(slide: dict[str, Any]) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", slide["text"]["headline"]))


def _slide_in_view(page: Any) -> str:
    """The headline of the slide TimelineJS shows now (slides sit side by side off-screen)."""
    text: str = page.evaluate(
        """() => {
          const frame = document.querySelector('#fd-timelinejs').getBoundingClientRect();
          for (const slide of document.querySelectorAll('#fd-timelinejs .tl-slide')) {
            const box = slide.getBoundingClientRect();
            if (Math.abs(box.left - frame.left) < 2 && box.width > 0) {
              const headline = slide.querySelector('.tl-headline');
              return headline ? headline.innerText.trim() : '';
            }
          }
          return '';
        }"""
    )
    return " ".join(text.split())


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_visual_timeline_draws_the_exported_json_offline(
    bundled: tuple[str, Path], width: int
) -> None:
    base, html_root = bundled
    data = json.loads((html_root / "data" / "timeline.json").read_text(encoding="utf-8"))
    events = data["events"]
    requested: list[str] = []
    with browser_page(width, WIDTHS[width]) as (page, console):
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "timeline/visual/")
        wait_for_timelinejs(page)
        # One slide per entry of the data file, and the title slide.
        assert page.locator("#fd-timelinejs .tl-slide").count() == len(events) + 1
        assert page.locator("#fd-timelinejs .tl-timemarker").count() == len(events)
        title = " ".join(data["title"]["text"]["headline"].split())
        page.wait_for_function(
            "document.querySelector('#fd-timelinejs .tl-slide .tl-headline') !== null"
        )
        assert _slide_in_view(page) == html.unescape(title)
        # The arrow moves to the first entry, then the next; the band jumps to any entry.
        page.locator("#fd-timelinejs .tl-slidenav-next").first.click()
        page.wait_for_function(
            "([h]) => [...document.querySelectorAll('#fd-timelinejs .tl-headline')]"
            ".some(e => e.innerText.trim() === h)",
            arg=[_headline(events[0])],
        )
        page.wait_for_timeout(1200)  # the slide animation
        assert _slide_in_view(page) == " ".join(_headline(events[0]).split())
        page.locator("#fd-timelinejs .tl-slidenav-next").first.click()
        page.wait_for_timeout(1200)
        assert _slide_in_view(page) == " ".join(_headline(events[1]).split())
        page.locator("#fd-timelinejs .tl-timemarker").last.click()
        page.wait_for_timeout(1200)
        assert _slide_in_view(page) == " ".join(_headline(events[-1]).split())
        # The slide's own links lead to the desk's pages.
        active = page.locator("#fd-timelinejs .tl-slide-text-only a, #fd-timelinejs .tl-slide a")
        assert active.count() > 0
    assert console.errors == []
    assert console.outside == []
    # Everything came from the site itself: TimelineJS's script, styles, icons and the data.
    assert requested and all(url.startswith(base) for url in requested), requested
    assert any(url.endswith("/assets/timelinejs3/js/timeline.js") for url in requested)
    assert any(url.endswith("/data/timeline.json") for url in requested)


# --------------------------------------------------------------------------------------------
# Filters in the address
# --------------------------------------------------------------------------------------------


def test_a_tag_link_opens_the_timeline_narrowed_and_the_reset_shows_everything(
    bundled: tuple[str, Path],
) -> None:
    base, _ = bundled
    with browser_page(1280, 900) as (page, console):
        page.goto(base + "claims/mod-planes-do-not-strike-populated-areas/")
        tag = page.locator(".md-content a.fd-tag").first
        name = tag.inner_text().strip()
        tag.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/timeline/?tag={quote(name, safe='')}")
        select = page.locator("select[data-filter='tags']")
        assert select.input_value() == name
        entries = page.locator(".fd-entry")
        total = entries.count()
        shown = page.locator(".fd-entry:visible").count()
        assert 0 < shown < total
        count = page.locator(".fd-filter-count").inner_text()
        assert count == (
            f"{shown} of {total} entries shown; {total - shown} hidden by tag “{name}”."
        )
        reset = page.locator(".fd-filter-reset")
        assert reset.is_visible()
        # A second filter is written into the address beside the first.
        entity = page.locator("select[data-filter='entities'] option").nth(1)
        entity_id = entity.get_attribute("value") or ""
        page.select_option("select[data-filter='entities']", entity_id)
        assert f"entity={quote(entity_id, safe='')}" in page.url
        assert f"tag={quote(name, safe='')}" in page.url.replace("+", "%20")
        reset.click()
        assert page.locator(".fd-entry:visible").count() == total
        assert page.locator(".fd-filter-count").inner_text() == f"{total} entries"
        assert reset.is_hidden()
        assert "?" not in page.url
    assert console.errors == []


def test_a_filter_that_matches_nothing_says_so_and_offers_the_reset(
    bundled: tuple[str, Path],
) -> None:
    base, _ = bundled
    with browser_page(390, 844) as (page, console):
        page.goto(base + "timeline/")
        tags = page.locator("select[data-filter='tags'] option")
        entities = page.locator("select[data-filter='entities'] option")
        # Find a tag and an entity that share no entry.
        pairs = page.evaluate(
            """() => {
              const entries = [...document.querySelectorAll('.fd-entry')].map(e => [
                JSON.parse(e.dataset.tags), JSON.parse(e.dataset.entities)]);
              const tags = [...document.querySelectorAll("select[data-filter='tags'] option")]
                .map(o => o.value).filter(Boolean);
              const people = [...document.querySelectorAll(
                "select[data-filter='entities'] option")].map(o => o.value).filter(Boolean);
              for (const t of tags) for (const p of people)
                if (!entries.some(([ts, ps]) => ts.includes(t) && ps.includes(p))) return [t, p];
              return null;
            }"""
        )
        assert pairs is not None and tags.count() > 1 and entities.count() > 1
        page.goto(f"{base}timeline/?tag={quote(pairs[0], safe='')}&entity={pairs[1]}")
        assert page.locator(".fd-entry:visible").count() == 0
        count = page.locator(".fd-filter-count").inner_text()
        assert count.startswith("0 of ") and "Nothing matches" in count
        page.locator(".fd-filter-reset").click()
        assert page.locator(".fd-entry:visible").count() == page.locator(".fd-entry").count()
    assert console.errors == []


# --------------------------------------------------------------------------------------------
# Contradictions as camps, from two sides to six
# --------------------------------------------------------------------------------------------

SIDE_COUNTS = (2, 3, 4, 5, 6)


@pytest.fixture(scope="module")
def camps_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal fixture with a contradiction of each size: the ministry's claim against one
    to five reports of the strike, all in one camp but for the last size, where every side is a
    camp of its own."""
    site = tmp_path_factory.mktemp("camps") / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    content = site / "content"
    for number in range(1, max(SIDE_COUNTS)):
        (content / "events" / f"report-{number}.yml").write_text(
            "date: on Wednesday morning\n"
            f"title: Report {number} of the strike that killed two civilians\n"
            "sources:\n  - article: monitor-report\n"
            "    quote: a strike on Wednesday morning killed two civilians\n",
            encoding="utf-8",
        )
    for count in SIDE_COUNTS:
        own = count == max(SIDE_COUNTS)
        sides = (
            "  - claim: no-strikes-on-towns\n"
            "    label: The ministry says it does not strike populated areas\n"
        )
        for number in range(1, count):
            sides += (
                f"  - event: report-{number}\n"
                f"    label: Report {number} says the strike killed two civilians\n"
                + ("" if own else "    camp: The strike killed civilians in a town\n")
            )
        (content / "contradictions" / f"sides-{count}.yml").write_text(
            f"title: {count} sides\nsides:\n{sides}note: They conflict.\nstatus: open\n",
            encoding="utf-8",
        )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    with serve_folder(site / "site") as url:
        yield url


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_camps_hold_two_to_six_sides_at_both_widths(camps_site: str, width: int) -> None:
    with browser_page(width, WIDTHS[width]) as (page, console):
        for count in SIDE_COUNTS:
            page.goto(f"{camps_site}contradictions/sides-{count}/")
            camps = page.locator(".fd-camp")
            cards = page.locator(".fd-camp .fd-sides > ul > li")
            assert cards.count() == count
            expected_camps = count if count == max(SIDE_COUNTS) else 2
            assert camps.count() == expected_camps
            assert layout_problems(page) == [], count
            boxes = [camps.nth(i).bounding_box() for i in range(camps.count())]
            assert all(box is not None for box in boxes)
            tops = sorted({round(box["y"]) for box in boxes if box is not None})
            if width >= 1280:
                # Camps stand side by side in rows: never one camp per row on a wide screen.
                assert len(tops) < len(boxes)
            else:
                assert len(tops) == len(boxes)  # stacked on a phone
        # The supported camp is marked once, on one line.
        page.goto(f"{camps_site}contradictions/towns/")
        mark = page.locator(".fd-supported")
        assert mark.count() == 1
        assert page.evaluate("document.querySelector('.fd-supported').getClientRects().length") == 1
        assert layout_problems(page) == []
    assert console.errors == []
