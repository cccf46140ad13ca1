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
from conftest import FIXTURES, copy_desk, mkdocs_build
from test_browser import (
    WIDTHS,
    build_fixture,
    chromium,
    needs_chromium,
    open_page,
    serve_folder,
)
from test_serve import START_LIMIT, mkdocs_serve, page_shows, wait_for

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
            "claims": "claims/",
            "claim": "claims/mod-planes-do-not-strike-populated-areas/",
            "contradictions": "contradictions/",
            "contradiction": "contradictions/civilians-killed-vs-no-strikes-on-populated-areas/",
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
    # The minimal site with a timeline long enough to be split into month pages.
    Desk("paged", {"timeline": "timeline/", "timeline-month": "timeline/2015-10/"}),
    # The page `mkdocs serve` shows while the content has an error.
    Desk("errors", {"errors": ""}),
)


def test_every_page_kind_is_checked() -> None:
    kinds = {path.name.removesuffix(".md.j2") for path in PAGE_TEMPLATES.glob("*.md.j2")}
    checked = {kind for desk in DESKS for kind in desk.pages}
    assert kinds - checked == set(), "page templates without a URL in the axe check"
    assert checked - kinds == {NOT_FOUND}


# --------------------------------------------------------------------------------------------
# Building and serving the desks
# --------------------------------------------------------------------------------------------

PAGED_EVENT = """date: 2015-{month:02d}-0{day}
title: Event {n}
sources:
  - article: monitor-report
    quote: a strike on Wednesday morning killed two civilians
claims: [no-strikes-on-towns]
"""


def _build_paged(root: Path) -> Path:
    """The minimal site with events in three months and the paging limit lowered, built with
    the plugin in this process (the limit is a module constant)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = root / "paged"
    shutil.copytree(FIXTURES / "minimal", site)
    for n, (month, day) in enumerate([(9, 1), (9, 2), (11, 3)]):
        event = site / "content" / "events" / f"event-{n}.yml"
        event.write_text(PAGED_EVENT.format(month=month, day=day, n=n), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "TIMELINE_PAGE_LIMIT", 2)
        build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=True))
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
            # Material chose the palette that the reader's colour scheme asks for.
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == SCHEMES[scheme], f"{url}: {shown}"
            where = f"{desk.name} {scheme} {width}px /{url} ({kind})"
            report.extend(axe_violations(page, axe_source, where))
    assert console.errors == []
    assert console.outside == []
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
