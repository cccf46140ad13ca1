"""The built minimal site in headless Chromium (Debian's, driven by Playwright): the pages a
reader opens first, at desktop and phone width, with the search, the timeline filters and a clean
console. Saves the screenshots the README shows into screenshots/."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURES, ROOT, mkdocs_build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "screenshots"
WIDTHS = {1280: 900, 390: 844}
# Playwright's own wait limit for one step; a step normally takes well under a second.
STEP_MS = 15_000

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing: `make chromium` installs Debian's chromium",
)

pytestmark = needs_chromium


# --------------------------------------------------------------------------------------------
# Serving a built site and driving the browser (also used by test_hostile.py)
# --------------------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A static server for `folder` on a free loopback port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Console:
    """What a page said on its console and which script errors it raised."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, started once for as many pages as the caller opens."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(
    browser: Any, width: int, height: int, color_scheme: str = "light"
) -> Iterator[tuple[Any, Console]]:
    """A page of its own (fresh cookies and storage) of the given viewport that may reach
    127.0.0.1 only, for a reader who prefers the `color_scheme` ("light" or "dark")."""
    console = Console()
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=color_scheme
    )
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_MS)

        def local_only(route: Any) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                console.outside.append(route.request.url)
                route.abort()

        def dialog(opened: Any) -> None:
            console.dialogs.append(f"{opened.type}: {opened.message}")
            opened.dismiss()

        page.route("**/*", local_only)

        def logged(message: Any) -> None:
            if message.type == "error":
                where = message.location.get("url", "")
                console.errors.append(f"console: {message.text} ({where})")

        page.on("console", logged)
        page.on("pageerror", lambda error: console.errors.append(f"page error: {error}"))
        page.on("dialog", dialog)
        yield page, console
    finally:
        context.close()


@contextmanager
def browser_page(
    width: int, height: int, color_scheme: str = "light"
) -> Iterator[tuple[Any, Console]]:
    """A fresh Chromium with one page: see `open_page`."""
    with chromium() as browser, open_page(browser, width, height, color_scheme) as opened:
        yield opened


def build_fixture(root: Path, name: str) -> Path:
    """Copy a fixture site under `root`, build it with --strict; returns the HTML folder."""
    site = root / name
    shutil.copytree(FIXTURES / name, site)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


# --------------------------------------------------------------------------------------------
# The minimal site
# --------------------------------------------------------------------------------------------

CLAIM = "claims/no-strikes-on-towns/"
PAGES = {
    "home": "",
    "timeline": "timeline/",
    "claim": CLAIM,
    "contradictions": "contradictions/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    html = build_fixture(tmp_path_factory.mktemp("browser"), "minimal")
    with serve_folder(html) as url:
        yield url


def no_horizontal_scroll(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_pages_show_their_content_at_desktop_and_phone_width(base_url: str, width: int) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    with browser_page(width, WIDTHS[width]) as (page, console):
        for name, url in PAGES.items():
            page.goto(base_url + url)
            page.wait_for_load_state("load")
            if name == "claim":
                box = page.locator(".fd-verdict")
                assert box.is_visible()
                assert "Verdict: False" in box.inner_text()
                inside = box.bounding_box()
                assert inside is not None and inside["x"] >= 0
                assert inside["x"] + inside["width"] <= width
            if name == "timeline":
                entries = page.locator(".fd-entry")
                assert entries.count() == 2
                for index in range(entries.count()):
                    assert entries.nth(index).is_visible()
                # factdesk.js ran: the filters are shown and count the entries.
                assert page.locator(".fd-filters").is_visible()
                assert page.locator(".fd-filter-count").inner_text() == "2 entries"
            if name == "contradictions":
                cards = page.locator(".fd-camp")
                assert cards.count() == 2
                first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
                assert first is not None and second is not None
                if width >= 1280:
                    # Side by side on a wide screen, stacked on a phone.
                    assert abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"]
                else:
                    assert second["y"] > first["y"]
            no_horizontal_scroll(page)
            # Material hides the tabs once the page has scrolled; shoot the page as it opens.
            # (Below 1220px it shows no tabs at all, and marks them hidden for good.)
            page.evaluate("window.scrollTo(0, 0)")
            if width >= 1220:
                page.wait_for_function("!document.querySelector('.md-tabs[hidden]')")
            page.screenshot(
                path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True, animations="disabled"
            )
    assert console.errors == []
    assert console.dialogs == []
    assert console.outside == []
    for name in PAGES:
        image = SCREENSHOTS / f"{name}-{width}.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_search_finds_a_claim_by_a_word_of_its_quote(base_url: str) -> None:
    with browser_page(1280, 900) as (page, console):
        page.goto(base_url)
        # factdesk's search button sits in Material's header; "planes" occurs only in the
        # claim's quote, not in its title or the claim text.
        page.locator(".md-header .fd-search-open").click()
        page.locator("input.fd-search-input").press_sequentially("planes")
        results = page.locator(".fd-search-result a")
        results.first.wait_for(state="visible")
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        assert urlsplit(hrefs[0]).path.endswith("/" + CLAIM), hrefs
        assert page.locator(".fd-search-result mark").first.inner_text() == "planes"
        # Escape closes it, as Material's own search did.
        page.keyboard.press("Escape")
        assert page.locator("dialog.fd-search").is_hidden()
    assert console.errors == []
    assert console.outside == []


def test_timeline_filters_hide_entries_that_do_not_match(base_url: str) -> None:
    with browser_page(1280, 900) as (page, console):
        page.goto(base_url + "timeline/")
        claim, event = page.locator("#claim-no-strikes-on-towns"), page.locator("#event-strike")
        page.select_option("select[data-filter='tags']", "civilian casualties")
        assert claim.is_visible() and event.is_hidden()
        assert page.locator(".fd-filter-count").inner_text() == (
            "1 of 2 entries shown; 1 hidden by tag “civilian casualties”."
        )
        page.select_option("select[data-filter='tags']", "")
        page.select_option("select[data-filter='entities']", "example-monitor")
        assert event.is_visible() and claim.is_hidden()
        # A day with nothing left to show disappears with its heading.
        assert page.locator("[id='6-october-2015']").is_hidden()
        page.select_option("select[data-filter='entities']", "")
        assert claim.is_visible() and event.is_visible()
    assert console.errors == []
