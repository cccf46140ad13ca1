"""Accessibility: every kind of page meets WCAG 2.1 A and AA, checked by axe-core in Debian's
Chromium in the light and the dark colour scheme at 1280 and 390 px, and the interactive parts
work from the keyboard alone with a visible focus.

axe-core comes from its npm package, pinned with its integrity hash in tests/package-lock.json
and installed by `make test` (`npm ci` in tests/); no test reaches the network.

A new kind of page is checked by adding its URL to one of the `pages` tables below;
`test_every_page_kind_is_checked` fails until every template in site_templates/pages/ has one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, copy_desk, mkdocs_build, set_page_size
from test_browser import (
    WIDTHS,
    build_fixture,
    chromium,
    needs_chromium,
    open_page,
    serve_folder,
)
from test_serve import START_LIMIT, mkdocs_serve, page_shows, wait_for
from test_timeline_paging import add_events_in_three_months

from generator.content.validate import LABEL_CONTRAST, contrast_with_white, darker_for_white
from generator.site import render

pytestmark = needs_chromium

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (heading order, landmarks, names
# of dialogs and regions), which the site meets as well.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}
PAGE_TEMPLATES = render.TEMPLATES / "pages"
# Material's own page for an address that does not exist.
NOT_FOUND = "404"


@dataclass(frozen=True)
class Desk:
    """A site to check: how to get it served, and one URL (below its root) per page kind."""

    name: str
    pages: Mapping[str, str]


DESKS = (
    Desk(
        "bundled",
        {
            "home": "",
            "timeline": "timeline/",
            "visual-timeline": "timeline/visual/",
            "claims": "claims/",
            "claim": "claims/mod-planes-do-not-strike-populated-areas/",
            "contradictions": "contradictions/",
            "contradiction": "contradictions/civilians-killed-vs-no-strikes-on-populated-areas/",
            # Camps of several sides (issue 15).
            "contradiction-camps": "contradictions/islamic-state-or-other-rebels/",
            "articles": "articles/",
            "article": "articles/wire-roundup-october-2015/",
            "entities": "entities/",
            "entity": "entities/russian-mod/",
            "methodology": "methodology/",
            "how-to-add-a-claim": "how-to-add-a-claim/",
            NOT_FOUND: "404.html",
        },
    ),
    Desk(
        "minimal",
        {
            "home": "",
            "timeline": "timeline/",
            "visual-timeline": "timeline/visual/",
            "claims": "claims/",
            "claim": "claims/no-strikes-on-towns/",
            "contradictions": "contradictions/",
            "contradiction": "contradictions/towns/",
            "articles": "articles/",
            "article": "articles/monitor-report/",
            "entities": "entities/",
            "entity": "entities/example-spokesman/",
            "methodology": "methodology/",
            "how-to-add-a-claim": "how-to-add-a-claim/",
        },
    ),
    Desk(
        "hostile",
        {
            "home": "",
            "timeline": "timeline/",
            "claims": "claims/",
            "claim": "claims/hostile-claim/",
            "contradictions": "contradictions/",
            "contradiction": "contradictions/hostile-note/",
            "articles": "articles/",
            "article": "articles/hostile-report/",
            "entities": "entities/",
            "entity": "entities/hostile-spokesman/",
        },
    ),
    # The minimal site with one entry a page: every index and the timeline are paged.
    Desk(
        "paged",
        {
            "timeline": "timeline/",
            "timeline-month": "timeline/2015-10/2/",
            "claims": "claims/verdict/false/2/",
            "articles": "articles/page/2/",
            "entities": "entities/page/2/",
            "contradictions": "contradictions/",
        },
    ),
    # The page `mkdocs serve` shows while the content has an error.
    Desk("errors", {"errors": ""}),
    # A page of the last good build, under the problems a later save brought.
    Desk("last-good", {"last-good": "claims/no-strikes-on-towns/"}),
)


def test_rating_colours_are_measured_as_wcag_measures_them() -> None:
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 just fails.
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast_with_white("#777777") < LABEL_CONTRAST
    assert contrast_with_white("#000000") == pytest.approx(21)
    # The suggestion is the same hue, only as much darker as it must be.
    assert darker_for_white("#43a047") == "#368039"
    assert contrast_with_white(darker_for_white("#ffeb3b")) >= LABEL_CONTRAST
    assert darker_for_white("#8e0000") == "#8e0000"


def test_every_page_kind_is_checked() -> None:
    kinds = {path.name.removesuffix(".md.j2") for path in PAGE_TEMPLATES.glob("*.md.j2")}
    checked = {kind for desk in DESKS for kind in desk.pages}
    assert kinds - checked == set(), "page templates without a URL in the axe check"
    # Besides the templates: the 404 page, and a contradiction whose sides form camps.
    assert checked - kinds == {NOT_FOUND, "contradiction-camps"}


# --------------------------------------------------------------------------------------------
# Building and serving the desks
# --------------------------------------------------------------------------------------------


def _build_paged(root: Path) -> Path:
    """The minimal site with events in three months, a second claim and one entry a page, so
    that every index is paged (the claims also by verdict) and October is cut into parts."""
    site = root / "paged"
    shutil.copytree(FIXTURES / "minimal", site)
    add_events_in_three_months(site)
    claims = site / "content" / "claims"
    claim = (claims / "no-strikes-on-towns.yml").read_text(encoding="utf-8")
    again = claim.replace("claim: The Example", "claim: Again, the Example")
    assert again != claim
    (claims / "no-strikes-again.yml").write_text(again, encoding="utf-8")
    set_page_size(site, 1)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


@pytest.fixture(scope="module")
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Desk, str]]:
    """The desk given as the test's parameter, built and served, with its base URL."""
    desk: Desk = request.param
    name = desk.name
    root = tmp_path_factory.mktemp(f"a11y-{name}")
    if name == "errors":
        site = root / "broken"
        shutil.copytree(FIXTURES / "broken-misquote", site)
        with mkdocs_serve(site) as server:
            shows_error = page_shows(server, "", "The site cannot be built")
            wait_for(shows_error, START_LIMIT, "the error page", server)
            yield desk, server.base
        return
    if name == "last-good":
        site = root / "minimal"
        shutil.copytree(FIXTURES / "minimal", site)
        claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
        good = claim.read_text(encoding="utf-8")
        with mkdocs_serve(site) as server:
            page = "claims/no-strikes-on-towns/"
            wait_for(page_shows(server, page, "populated areas"), START_LIMIT, "the claim", server)
            claim.write_text(
                good.replace("claimant: example-spokesman", "claimant: nobody"), "utf-8"
            )
            banner = "this is the last good version of the page"
            wait_for(page_shows(server, page, banner), START_LIMIT, "the last good page", server)
            yield desk, server.base
        return
    if name == "bundled":
        site = copy_desk("bundled", root / name)
        result = mkdocs_build(site)
        assert result.returncode == 0, result.stderr
        html = site / "site"
    elif name == "paged":
        html = _build_paged(root)
    else:
        html = build_fixture(root, name)
    with serve_folder(html) as url:
        yield desk, url


# --------------------------------------------------------------------------------------------
# axe-core
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci in tests/)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as started:
        yield started


# Returns what the report needs: each violation's rule, impact and help, and for each element
# its selector and axe's summary of what fails; and how many rules passed (a run that checked
# nothing must not count as clean).
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return {
    passes: result.passes.length,
    violations: result.violations.map((rule) => ({
      rule: rule.id,
      impact: rule.impact,
      help: rule.help,
      nodes: rule.nodes.map((node) => ({
        target: node.target.join(" "),
        summary: node.failureSummary,
      })),
    })),
  };
}"""


def axe_violations(page: Any, axe_source: str, where: str) -> list[str]:
    """Run axe-core on the page as it stands; one line per element that fails a rule."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    assert result["passes"] > 10, f"{where}: axe checked almost nothing ({result['passes']} rules)"
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(
                f"{where}: {violation['rule']} ({violation['impact']}): {violation['help']}\n"
                f"    element: {node['target']}\n    {summary}"
            )
    return lines


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("served", DESKS, indirect=True, ids=lambda desk: desk.name)
def test_every_page_kind_has_no_axe_violations(
    served: tuple[Desk, str], scheme: str, width: int, axe_source: str, browser: Any
) -> None:
    desk, base = served
    report: list[str] = []
    with open_page(browser, width, WIDTHS[width], scheme) as (page, console):
        # Loaded into every page before the page's own scripts: one compile, cached by V8.
        page.add_init_script(axe_source)
        for kind, url in desk.pages.items():
            response = page.goto(base + url)
            assert response is not None
            assert response.status == 200, url
            page.wait_for_load_state("load")
            if kind == "visual-timeline":
                # TimelineJS draws after the page's load, from the JSON it fetches then; its
                # placeholder arrows ("Next", "Date") are not what a reader meets.
                page.wait_for_selector("#fd-timelinejs[data-drawn]", state="attached")
            # Material chose the palette that the reader's colour scheme asks for.
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == SCHEMES[scheme], f"{url}: {shown}"
            where = f"{desk.name} {scheme} {width}px /{url} ({kind})"
            report.extend(axe_violations(page, axe_source, where))
    assert console.errors == []
    assert console.outside == []
    assert not report, f"{len(report)} accessibility violations:\n" + "\n".join(report)


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_search_dialog_has_no_axe_violations(
    minimal_site: str, scheme: str, width: int, axe_source: str, browser: Any
) -> None:
    """factdesk's search (assets/factdesk.js) open, with results, in both schemes."""
    with open_page(browser, width, WIDTHS[width], scheme) as (page, console):
        page.goto(minimal_site)
        page.wait_for_load_state("load")
        page.locator(".fd-search-open").click()
        page.locator("input.fd-search-input").fill("planes")
        page.locator(".fd-search-result").first.wait_for(state="visible")
        report = axe_violations(page, axe_source, f"search {scheme} {width}px")
        # The dialog holds the focus while it is open, and gives it back when it closes.
        assert page.evaluate("document.activeElement.classList.contains('fd-search-input')")
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.classList.contains('fd-search-open')")
    assert console.errors == []
    assert not report, f"{len(report)} accessibility violations:\n" + "\n".join(report)


def test_a_violation_is_reported_with_its_page_rule_and_element(
    tmp_path: Path, axe_source: str, browser: Any
) -> None:
    """The check above can fail: grey text on white, added to a real page, is reported."""
    html = build_fixture(tmp_path, "minimal")
    with serve_folder(html) as url, open_page(browser, 1280, 900) as (page, _console):
        page.goto(url + "timeline/")
        page.evaluate(
            """() => {
              const faint = document.createElement("p");
              faint.id = "faint";
              faint.style.color = "#bbbbbb";
              faint.textContent = "Too faint to read";
              document.querySelector("article").append(faint);
            }"""
        )
        report = axe_violations(page, axe_source, "minimal /timeline/")
    assert len(report) == 1, report
    assert report[0].startswith("minimal /timeline/: color-contrast (serious): ")
    assert "element: #faint" in report[0]
    assert "insufficient color contrast of 1.9" in report[0]


# --------------------------------------------------------------------------------------------
# The keyboard alone
# --------------------------------------------------------------------------------------------

# What has focus now: a description for messages, its box in the viewport, and whether it lies
# inside the page's content (where factdesk's own interactive parts are).
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // A hidden checkbox or radio button is seen through its labels: the box holds them all.
  const parts = [element, ...(element.labels || [])].filter((part) => {
    const rect = part.getBoundingClientRect();
    const shown = part.checkVisibility({visibilityProperty: true, opacityProperty: true});
    return shown && rect.width > 1 && rect.height > 1;
  });
  const rects = (parts.length ? parts : [element]).map((part) => part.getBoundingClientRect());
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const box = {
    x: left,
    y: top,
    width: Math.max(...rects.map((r) => r.right)) - left,
    height: Math.max(...rects.map((r) => r.bottom)) - top,
  };
  const name = (element.getAttribute("aria-label") || element.textContent || "").trim();
  const classes = String(element.className || "").split(" ").filter(Boolean);
  return {
    what: [element.tagName.toLowerCase(), ...classes].join(".") + ` "${name.slice(0, 40)}"`,
    box,
    content: Boolean(element.closest(".md-content")),
    key: element.dataset.fdKey || (element.dataset.fdKey = String(Math.random())),
  };
}"""

# Everything in the page's content that a reader could reach with the Tab key.
REACHABLE = """() => Array.from(document.querySelectorAll(
  ".md-content a[href], .md-content button, .md-content select, .md-content input, "
  + ".md-content [tabindex]:not([tabindex='-1'])"
)).filter((element) => element.getClientRects().length > 0
  && getComputedStyle(element).visibility === "visible"
  && !element.closest("[hidden]")
).map((element) => (element.dataset.fdKey || (element.dataset.fdKey = String(Math.random()))))"""


NEXT_FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
SEARCH_OPEN = "Boolean(document.querySelector('[data-md-toggle=search]')?.checked)"


def focus_shows(page: Any, box: Mapping[str, float]) -> bool:
    """Whether the focused element looks different from the same element without focus."""
    margin = 6
    viewport = page.viewport_size
    left, top = max(box["x"] - margin, 0), max(box["y"] - margin, 0)
    clip = {
        "x": left,
        "y": top,
        "width": min(box["width"] + 2 * margin, viewport["width"] - left),
        "height": min(box["height"] + 2 * margin, viewport["height"] - top),
    }
    if clip["width"] <= 0 or clip["height"] <= 0:
        return False
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("window.fdFocused = document.activeElement; document.activeElement.blur()")
    unfocused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("window.fdFocused.focus()")
    return focused != unfocused


def tab_through(page: Any, limit: int = 300) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves the page or comes round again;
    every stop, with whether its focus could be seen."""
    stops: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _ in range(limit):
        was_open = page.evaluate(SEARCH_OPEN)
        page.keyboard.press("Tab")
        # Let the page's own focus handlers run and draw (Material opens its search on focus).
        page.evaluate(NEXT_FRAMES)
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["key"] in seen:
            return stops
        seen.add(focused["key"])
        # Focus on Material's search field opens the search panel, which stays open when the
        # field loses focus again: the change to compare with is the panel opening.
        opened = not was_open and page.evaluate(SEARCH_OPEN)
        focused["visible"] = opened or focus_shows(page, focused["box"])
        stops.append(focused)
    raise AssertionError(f"focus did not come round after {limit} Tab presses: a trap?")


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_folder(build_fixture(tmp_path_factory.mktemp("keyboard"), "minimal")) as url:
        yield url


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
@pytest.mark.parametrize("url", ["timeline/", "contradictions/", "claims/no-strikes-on-towns/"])
def test_tab_reaches_every_control_with_a_visible_focus(
    minimal_site: str, browser: Any, url: str, width: int
) -> None:
    with open_page(browser, width, WIDTHS[width]) as (page, console):
        page.goto(minimal_site + url)
        page.wait_for_load_state("load")
        reachable = page.evaluate(REACHABLE)
        stops = tab_through(page)
    reached = {stop["key"] for stop in stops}
    assert [key for key in reachable if key not in reached] == [], "not reachable by Tab"
    hidden = [stop["what"] for stop in stops if not stop["visible"]]
    assert hidden == [], f"focus cannot be seen on {url}"
    assert sum(stop["content"] for stop in stops) >= 5
    assert console.errors == []


def test_timeline_filters_work_from_the_keyboard(minimal_site: str, browser: Any) -> None:
    with open_page(browser, 1280, 900) as (page, console):
        page.goto(minimal_site + "timeline/")
        page.wait_for_load_state("load")
        count = page.locator(".fd-filter-count")
        claim, event = page.locator("#claim-no-strikes-on-towns"), page.locator("#event-strike")
        for _ in range(100):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.dataset.filter === 'tags'"):
                break
        else:
            raise AssertionError("Tab never reached the tag filter")
        # Arrow keys choose an option of a closed list; the timeline follows at once.
        page.keyboard.press("ArrowDown")
        assert page.locator("select[data-filter='tags']").input_value() == "civilian casualties"
        assert count.inner_text() == (
            "1 of 2 entries shown; 1 hidden by tag “civilian casualties”."
        )
        assert claim.is_visible() and event.is_hidden()
        page.keyboard.press("ArrowUp")
        assert count.inner_text() == "2 entries"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.filter") == "entities"
        page.keyboard.press("ArrowDown")
        chosen = page.locator("select[data-filter='entities']").input_value()
        assert chosen in {"example-monitor", "example-spokesman"}
        assert count.inner_text().startswith("1 of 2 entries shown; 1 hidden by person")
        # The next Tab reaches the reset, shown once a filter is chosen; the one after leaves
        # the filters for the timeline below them.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('fd-filter-reset')")
        page.keyboard.press("Tab")
        assert page.evaluate("Boolean(document.activeElement.closest('.fd-month'))")
    assert console.errors == []


def test_the_navigation_drawer_opens_from_the_keyboard(minimal_site: str, browser: Any) -> None:
    """At phone width the navigation is a drawer: its menu button takes the focus, Enter opens
    it, and only then are its links in the Tab order."""
    drawer_links = ".md-sidebar--primary a.md-nav__link"
    menu = ".md-header button.fd-drawer-button"
    with open_page(browser, 390, WIDTHS[390]) as (page, console):
        page.goto(minimal_site + "timeline/")
        page.wait_for_load_state("load")
        stops = tab_through(page)
        focused_links = page.evaluate(
            f'Array.from(document.querySelectorAll("{drawer_links}"))'
            ".filter((link) => link.dataset.fdKey).length"
        )
        assert focused_links == 0, "the closed drawer's links are in the Tab order"
        button = next(stop for stop in stops if "fd-drawer-button" in stop["what"])
        assert button["visible"] and '"Navigation"' in button["what"]
        page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate(f'document.activeElement.matches("{menu}")'):
                break
        assert page.locator(menu).get_attribute("aria-expanded") == "false"
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('[data-md-toggle=drawer]').checked")
        assert page.locator(menu).get_attribute("aria-expanded") == "true"
        page.locator(drawer_links).first.wait_for(state="visible")
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate(f'document.activeElement.matches("{drawer_links}")'):
                break
        else:
            raise AssertionError("Tab never reached the open drawer's links")
    assert console.errors == []
