"""What a reader downloads from a built site: the largest page, and the bytes of a first search.

`make bench` calls `measure(html_root, site_root)` on each size it builds as HTML. Page sizes
are read from disk. Search bytes are measured in Debian's Chromium (through Playwright, as the
browser tests drive it): for each of a few queries, a fresh browser opens the home page, opens
factdesk's search, types the query and waits for the results; the figure is what it fetched
under `search/` (Resource Timing's encoded body size: the static server sends files as they
are, so uncompressed) plus `assets/factdesk.js`, which carries the search code. Nothing here
is timed.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
PAGE_BYTES_BUDGET = 300 * 1024
SEARCH_BYTES_BUDGET = 500 * 1024
STEP_MS = 60_000


def largest_pages(html_root: Path, count: int = 3) -> list[tuple[str, int]]:
    """The `count` largest HTML pages, (path from the site root, bytes), largest first."""
    sizes = [
        (path.relative_to(html_root).as_posix(), path.stat().st_size)
        for path in html_root.rglob("*.html")
    ]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))[:count]


def search_index_size(html_root: Path) -> dict[str, int]:
    files = [p for p in (html_root / "search").rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def queries(site_root: Path) -> list[str]:
    """Queries a reader of the synthetic desk would type: a claim as written, a few words of a
    quote, a place, a word on every other page, and a word still being typed."""
    from generator import pipeline

    site = pipeline.check(site_root).site
    if site is None:
        raise ValueError(f"{site_root} does not check clean")
    claim = site.claims[site.claims_by_date[len(site.claims_by_date) // 2]]
    quote = claim.first_appearance.quote.split()
    location = next((e.record.location for e in site.events.values() if e.record.location), "")
    return [
        claim.record.claim,
        " ".join(quote[:4]),
        location or "strike",
        "civilians",
        "drone str",
    ]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


_DOWNLOADED = """() => performance.getEntriesByType('resource')
  .filter(e => { const path = new URL(e.name).pathname;
                 return path.startsWith('/search/') || path.endsWith('/assets/factdesk.js'); })
  .map(e => [new URL(e.name).pathname, e.encodedBodySize])"""


def first_search_bytes(html_root: Path, asked: list[str]) -> list[dict[str, Any]]:
    """For each query, in a browser that has fetched nothing yet: the files and their bytes."""
    from playwright.sync_api import sync_playwright

    results = []
    with _served(html_root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for query in asked:
                context = browser.new_context()
                page = context.new_page()
                page.set_default_timeout(STEP_MS)
                page.goto(base)
                page.locator(".fd-search-open").click()
                page.locator("input.fd-search-input").fill(query)
                page.wait_for_function(
                    "() => { const s = document.querySelector('.fd-search-status');"
                    " return s && s.textContent && s.textContent !== 'Searching…'; }"
                )
                page.locator(".fd-search-result").first.wait_for(state="visible")
                files = page.evaluate(_DOWNLOADED)
                results.append(
                    {
                        "query": query,
                        "results": page.locator(".fd-search-status").inner_text(),
                        "files": len(files),
                        "bytes": sum(size for _, size in files),
                    }
                )
                context.close()
        finally:
            browser.close()
    return results


def measure(html_root: Path, site_root: Path) -> dict[str, Any]:
    pages = largest_pages(html_root)
    figures: dict[str, Any] = {
        "largest_page": pages[0][0],
        "largest_page_bytes": pages[0][1],
        "next_largest": pages[1:],
        "search_index": search_index_size(html_root),
    }
    if not CHROMIUM.exists():
        figures["search"] = None
        figures["search_note"] = f"{CHROMIUM} is missing (make chromium installs it)"
        return figures
    searches = first_search_bytes(html_root, queries(site_root))
    sizes = [s["bytes"] for s in searches]
    figures["search"] = searches
    figures["search_max_bytes"] = max(sizes)
    figures["search_median_bytes"] = statistics.median(sizes)
    return figures
