"""`mkdocs serve` as an editor runs it: a saved claim file shows on the served page within
seconds, a content error is reported (terminal and page) while the server keeps running, and a
save rewrites exactly the pages it changes while the search index stays complete."""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from conftest import FIXTURES, set_workers, write_large_desk
from mkdocs.config import load_config
from watchdog.events import (
    DirModifiedEvent,
    DirMovedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from generator import forked, frozen
from generator.plugin.idle import IdleCollection
from generator.plugin.watch import MOST_EVENTS, SETTLE, Reported, watch_folders
from generator.site import write

CLAIM_FILE = "content/claims/no-strikes-on-towns.yml"
CLAIM_PAGE = "claims/no-strikes-on-towns/"
OLD_TEXT = "The Example air force does not strike populated areas."
NEW_TEXT = "The Example air force never strikes any town."
NEWER_TEXT = "The Example air force never strikes any Qxjorvian town."
# How long the server may take to come up, and how long an edit may take to show (issue 4).
START_LIMIT = 60.0
EDIT_LIMIT = 10.0
POLL = 0.1
# Straight to the loopback server, whatever proxy the environment names.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[str]
    base: str
    log: list[str] = field(default_factory=list)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with OPENER.open(self.base + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def terminal(self) -> str:
        return "".join(self.log)


def _drain(stream: IO[str], into: list[str]) -> None:
    for line in stream:
        into.append(line)


@contextmanager
def mkdocs_serve(site: Path, *flags: str, temporary: Path | None = None) -> Iterator[Server]:
    """`mkdocs serve` in `site`; MkDocs builds into a new folder under `temporary` if given."""
    port = free_port()
    with open(site / "mkdocs.yml", encoding="utf-8") as handle:
        mount = urlsplit(yaml.safe_load(handle).get("site_url") or "/").path or "/"
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    if temporary is not None:
        environment["TMPDIR"] = str(temporary)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            *flags,
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=environment,
    )
    assert process.stdout is not None
    server = Server(process, f"http://127.0.0.1:{port}{mount.rstrip('/')}/")
    reader = threading.Thread(target=_drain, args=(process.stdout, server.log), daemon=True)
    reader.start()
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=10)
        process.stdout.close()


def wait_for(condition: Callable[[], bool], limit: float, what: str, server: Server) -> None:
    """Poll until `condition` holds; fail with the server's output after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if server.process.poll() is not None:
            raise AssertionError(
                f"mkdocs serve exited while waiting for {what}:\n{server.terminal()}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {limit} s:\n{server.terminal()}")
        time.sleep(POLL)


def page_shows(server: Server, path: str, text: str) -> Callable[[], bool]:
    def check() -> bool:
        status, body = server.get(path)
        return status == 200 and text in body

    return check


# `make serve` adds --dirty: only pages whose Markdown changed are rebuilt, so this also checks
# that every page showing the edit is rewritten (none is stale).
@pytest.mark.parametrize("flags", [(), ("--dirty",)], ids=["full", "dirty"])
def test_serve_shows_edits_and_reports_content_errors(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    site = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    claim_file = site / CLAIM_FILE
    original = claim_file.read_text(encoding="utf-8")

    with mkdocs_serve(site, *flags) as server:
        wait_for(page_shows(server, CLAIM_PAGE, OLD_TEXT), START_LIMIT, "claim page", server)
        # Live reload is on: MkDocs injects its reload script into served pages.
        assert "livereload" in server.get(CLAIM_PAGE)[1]
        # A save is noticed from inotify's events, not by MkDocs listing every file twice a
        # second (generator/plugin/watch.py).
        assert any(
            "for changes with the system's file events" in line and str(site / "content") in line
            for line in server.log
        ), "".join(server.log)

        claim_file.write_text(original.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
        wait_for(page_shows(server, CLAIM_PAGE, NEW_TEXT), EDIT_LIMIT, "edited claim", server)
        assert OLD_TEXT not in server.get(CLAIM_PAGE)[1]
        # Every other page that shows the claim is rebuilt too.
        for other in (
            "claims/",
            "timeline/",
            "entities/example-spokesman/",
            "contradictions/towns/",
        ):
            wait_for(page_shows(server, other, NEW_TEXT), EDIT_LIMIT, f"claim on {other}", server)

        before_error = len(server.log)
        broken = original.replace("claimant: example-spokesman", "claimant: nobody-we-know")
        claim_file.write_text(broken, encoding="utf-8")
        location = f"{CLAIM_FILE}:2:11"
        wait_for(page_shows(server, CLAIM_PAGE, location), EDIT_LIMIT, "error page", server)

        assert server.process.poll() is None, "the server stopped on a content error"
        terminal = "".join(server.log[before_error:])
        assert location in terminal and "nobody-we-know" in terminal
        status, page = server.get(CLAIM_PAGE)
        assert status == 200
        assert "this is the last good version of the page" in page and "nobody-we-know" in page
        # The line of the mistake, with a caret under its column, in the terminal and on the page.
        source = ["     2 | claimant: nobody-we-know", "       |           ^"]
        assert "\n".join(source) in terminal
        shown = lxml.html.fromstring(page).xpath("//pre[@class='fd-source']/code")
        assert [code.text_content().splitlines() for code in shown] == [source]
        # The last good pages stay served, under the error: the edited claim as it was.
        assert NEW_TEXT in page
        for other in ("", "timeline/", "contradictions/towns/"):
            status, shown_page = server.get(other)
            assert status == 200 and location in shown_page and NEW_TEXT in shown_page, other

        # Fixing the file brings the site back without a restart.
        claim_file.write_text(original, encoding="utf-8")
        wait_for(page_shows(server, CLAIM_PAGE, OLD_TEXT), EDIT_LIMIT, "fixed claim", server)
        assert location not in server.get(CLAIM_PAGE)[1]
        for other in ("", "timeline/", "contradictions/towns/"):
            wait_for(
                lambda other=other: location not in server.get(other)[1],
                EDIT_LIMIT,
                f"{other} without the error",
                server,
            )


def _served_files(site_dir: Path) -> dict[str, tuple[int, str]]:
    """Each file MkDocs wrote for the server: (mtime in ns, digest of its bytes)."""
    return {
        path.relative_to(site_dir).as_posix(): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
    }


def _search_index(site_dir: Path) -> dict[str, str]:
    """The site's search index: every file under search/ (generator/site/search.py)."""
    folder = site_dir / "search"
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _built_search_index(site: Path, out: Path) -> dict[str, str]:
    """The search index a one-off `mkdocs build` of the site writes."""
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)],
        cwd=site,
        check=True,
        timeout=300,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    return _search_index(out)


# A save rebuilds the pages that show what changed and nothing else (issue 17): every file
# the server rewrites has new content, every page that showed the old text shows the new, and
# the search index is the one a full build writes, with and without `make serve`'s --dirty.
@pytest.mark.parametrize("flags", [(), ("--dirty",)], ids=["full", "dirty"])
def test_a_save_rewrites_exactly_the_pages_it_changes(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    site = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    served = tmp_path / "served"
    served.mkdir()
    claim_file = site / CLAIM_FILE

    with mkdocs_serve(site, *flags, temporary=served) as server:
        wait_for(page_shows(server, CLAIM_PAGE, OLD_TEXT), START_LIMIT, "claim page", server)
        (site_dir,) = served.iterdir()
        before = _served_files(site_dir)
        # The guide's own examples use the same sentence; they are not the claim.
        showing = {
            path
            for path in before
            if path.endswith(".html")
            and not path.startswith("how-to-add-a-claim/")
            and OLD_TEXT in (site_dir / path).read_text("utf-8")
        }
        assert {"claims/no-strikes-on-towns/index.html", "claims/index.html"} <= showing
        index_before = _search_index(site_dir)

        claim_file.write_text(
            claim_file.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8"
        )
        for path in sorted(showing):
            served_path = path.removesuffix("index.html")
            wait_for(page_shows(server, served_path, NEW_TEXT), EDIT_LIMIT, path, server)
        wait_for(
            lambda: NEW_TEXT in json.dumps(_search_index(site_dir)), EDIT_LIMIT, "index", server
        )
        after = _served_files(site_dir)

        rewritten = {p for p in after if after[p][0] != before.get(p, (None,))[0]}
        changed = {p for p in after if after[p][1] != before.get(p, (None, None))[1]}
        assert rewritten == changed, f"rewritten without a change: {sorted(rewritten - changed)}"
        assert set(after) == set(before)
        assert showing <= changed
        assert any(path.startswith("search/") for path in changed)
        for path in showing:
            text = (site_dir / path).read_text(encoding="utf-8")
            assert NEW_TEXT in text and OLD_TEXT not in text, path
        # Nothing else: pages that do not show the claim keep their bytes and their time (the
        # articles show it: their annotations name the claims their sentences are evidence on).
        untouched = set(before) - changed
        assert "entities/example-monitor/index.html" in untouched
        assert _search_index(site_dir) != index_before
        assert _search_index(site_dir) == _built_search_index(site, tmp_path / "built")

        # A word no record had gets a search shard of its own: a data file more, still rebuilt
        # by the plugin (before, any new file sent every save at 10k claims to MkDocs' full
        # build, minutes long).
        said = len(server.terminal())
        claim_file.write_text(
            claim_file.read_text(encoding="utf-8").replace(NEW_TEXT, NEWER_TEXT), encoding="utf-8"
        )
        wait_for(page_shows(server, CLAIM_PAGE, NEWER_TEXT), EDIT_LIMIT, "claim page", server)
        wait_for(
            lambda: "qxjorvian" in json.dumps(_search_index(site_dir)), EDIT_LIMIT, "word", server
        )
        added = set(_served_files(site_dir)) - set(after)
        assert added and all(path.startswith("search/terms/") for path in added), added
        since = server.terminal()[said:]
        assert "rebuilt" in since and "Building documentation" not in since, since
        assert _search_index(site_dir) == _built_search_index(site, tmp_path / "built-newer")

        # The word gone again: its shard leaves the site, still without MkDocs' full build.
        said = len(server.terminal())
        claim_file.write_text(
            claim_file.read_text(encoding="utf-8").replace(NEWER_TEXT, NEW_TEXT), encoding="utf-8"
        )
        wait_for(
            lambda: (
                "rebuilt" in server.terminal()[said:]
                and not any((site_dir / path).exists() for path in added)
            ),
            EDIT_LIMIT,
            "shard removed",
            server,
        )
        since = server.terminal()[said:]
        assert "rebuilt" in since and "Building documentation" not in since, since
        assert _search_index(site_dir) == _built_search_index(site, tmp_path / "built-again-new")
        claim_file.write_text(
            claim_file.read_text(encoding="utf-8").replace(NEW_TEXT, NEWER_TEXT), encoding="utf-8"
        )
        wait_for(page_shows(server, CLAIM_PAGE, NEWER_TEXT), EDIT_LIMIT, "claim page", server)

        # A new claim adds a page: MkDocs' own build runs, and the index covers the new page.
        second = site / "content/claims/second-claim.yml"
        second.write_text(
            claim_file.read_text(encoding="utf-8").replace(NEWER_TEXT, "A second claim."),
            encoding="utf-8",
        )
        wait_for(
            page_shows(server, "claims/second-claim/", "A second claim."),
            EDIT_LIMIT,
            "new claim page",
            server,
        )
        wait_for(
            lambda: "A second claim." in json.dumps(_search_index(site_dir)),
            EDIT_LIMIT,
            "new claim in the index",
            server,
        )
        assert _search_index(site_dir) == _built_search_index(site, tmp_path / "built-again")


@pytest.mark.parametrize("flags", [(), ("--dirty",)], ids=["full", "dirty"])
def test_a_saves_data_files_are_linked_into_the_site_not_copied(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    # With factdesk the only plugin, a changed data file in the site is the plugin's own file
    # (at 10k claims a save rewrites 45 MB of them). The plugin replaces its files, never
    # writes into them, so what the site served before a save stays as it was.
    site = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - tags\n", ""), encoding="utf-8"
    )
    served = tmp_path / "served"
    served.mkdir()
    claim_file = site / CLAIM_FILE
    data = "data/claims.json"
    own = site / ".cache" / "factdesk" / "pages" / data

    def save(old: str, new: str) -> None:
        claim_file.write_text(
            claim_file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8"
        )

    def shows(text: str) -> Callable[[], bool]:
        def found() -> bool:
            try:  # MkDocs' full build empties the site first
                return text in (site_dir / data).read_text(encoding="utf-8")
            except FileNotFoundError:
                return False

        return found

    with mkdocs_serve(site, *flags, temporary=served) as server:
        wait_for(page_shows(server, CLAIM_PAGE, OLD_TEXT), START_LIMIT, "claim page", server)
        (site_dir,) = served.iterdir()
        said = len(server.terminal())
        save(OLD_TEXT, NEW_TEXT)
        wait_for(shows(NEW_TEXT), EDIT_LIMIT, "data file", server)
        assert (site_dir / data).samefile(own)
        with open(site_dir / data, "rb") as first:
            linked = first.read()
            save(NEW_TEXT, NEWER_TEXT)
            wait_for(shows(NEWER_TEXT), EDIT_LIMIT, "data file again", server)
            first.seek(0)
            assert first.read() == linked
        assert (site_dir / data).samefile(own)
        assert (site_dir / data).read_bytes() == own.read_bytes()
        assert "Building documentation" not in server.terminal()[said:]

        # A new claim is a new page: MkDocs' own build copies (or, unchanged under --dirty,
        # keeps) the data files, its copy and the link both taken as MkDocs takes them.
        second = site / "content/claims/second-claim.yml"
        second.write_text(
            claim_file.read_text(encoding="utf-8").replace(NEWER_TEXT, "A second claim."),
            encoding="utf-8",
        )
        wait_for(shows("A second claim."), START_LIMIT, "full build", server)
        assert (site_dir / data).read_bytes() == own.read_bytes()
        save(NEWER_TEXT, NEW_TEXT)
        wait_for(shows(NEW_TEXT), EDIT_LIMIT, "data file after the full build", server)
        assert (site_dir / data).samefile(own)


# A claim of the large test desk (conftest.write_large_desk): its article page, which shows it,
# is large enough that a save's pages are worth converting in a forked copy.
LARGE_CLAIM_FILE = "content/claims/141-farmers-were-detained-in-22.yml"
LARGE_CLAIM_PAGE = "claims/141-farmers-were-detained-in-22/"
LARGE_OLD_TEXT = "141 farmers were detained in Maarat Qurain."
LARGE_NEW_TEXT = "141 farmers were held in Maarat Qurain."


def large_claimant_name(site: Path) -> str:
    """The name in content/entities.yml of the claimant of the large desk's LARGE_CLAIM_FILE."""
    claim = (site / LARGE_CLAIM_FILE).read_text("utf-8")
    claimant = re.search(r"^claimant: (\S+)$", claim, flags=re.M)
    assert claimant
    name = re.search(
        rf"^- id: {claimant.group(1)}\n  name: \"?([^\"\n]+)\"?$",
        (site / "content" / "entities.yml").read_text("utf-8"),
        flags=re.M,
    )
    assert name
    return name.group(1)


def save_and_wait(server: Server, path: Path, old: str, new: str) -> str:
    """Replace `old` with `new` in `path` under a running server; what the server said from
    the save to the end of its rebuild."""
    said = len(server.terminal())
    text = path.read_text("utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")
    wait_for(
        lambda: "rebuilt" in server.terminal()[said:],
        EDIT_LIMIT * 3,
        f"rebuild after editing {path.name}",
        server,
    )
    return server.terminal()[said:]


def test_pages_a_save_converts_in_two_processes_equal_those_converted_in_one(
    tmp_path: Path,
) -> None:
    """Under serve, the pages a save changed are converted in a forked copy when their Markdown
    is large enough (plugin/parallel.py, `populate`). After the same save, a server converting
    in two processes has written the same site as one converting in one, byte for byte but
    for its own address, and the save was rebuilt by the plugin in both."""
    sites: dict[int, dict[str, bytes]] = {}
    logs: dict[int, str] = {}
    for workers in (1, 2):
        site = write_large_desk(tmp_path / f"desk-{workers}")
        set_workers(site, workers)
        served = tmp_path / f"served-{workers}"
        served.mkdir()
        claim_file = site / LARGE_CLAIM_FILE
        with mkdocs_serve(site, temporary=served) as server:
            wait_for(
                page_shows(server, LARGE_CLAIM_PAGE, LARGE_OLD_TEXT),
                START_LIMIT,
                "claim page",
                server,
            )
            said = len(server.terminal())
            claim_file.write_text(
                claim_file.read_text(encoding="utf-8").replace(LARGE_OLD_TEXT, LARGE_NEW_TEXT),
                encoding="utf-8",
            )
            wait_for(
                lambda said=said: "rebuilt" in server.terminal()[said:],  # type: ignore[misc]
                EDIT_LIMIT,
                "save",
                server,
            )
            logs[workers] = server.terminal()[said:]
            address = urlsplit(server.base).netloc.encode()
            (site_dir,) = served.iterdir()
            sites[workers] = {
                path.relative_to(site_dir).as_posix(): _unzipped(path).replace(address, b"HOST")
                for path in sorted(site_dir.rglob("*"))
                if path.is_file()
            }
    assert "converted in 2 processes" in logs[2], logs[2]
    assert "converted in" not in logs[1], logs[1]
    assert all("Building documentation" not in log for log in logs.values()), logs
    claim_page = sites[2][f"{LARGE_CLAIM_PAGE}index.html"].decode("utf-8")
    assert LARGE_NEW_TEXT in claim_page and LARGE_OLD_TEXT not in claim_page
    assert sites[1].keys() == sites[2].keys()
    differing = [path for path in sites[1] if sites[1][path] != sites[2][path]]
    assert not differing, differing


def _unzipped(path: Path) -> bytes:
    # MkDocs' sitemap.xml.gz: the address is inside, and gzip's header has the time it was made.
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_serve_starts_on_broken_content_and_recovers(tmp_path: Path) -> None:
    """With no good build yet there is no last good page to show: the error page stands in for
    every section until the content is fixed."""
    site = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    claim_file = site / CLAIM_FILE
    original = claim_file.read_text(encoding="utf-8")
    claim_file.write_text(
        original.replace("claimant: example-spokesman", "claimant: nobody-we-know"), "utf-8"
    )
    location = f"{CLAIM_FILE}:2:11"
    with mkdocs_serve(site) as server:
        wait_for(page_shows(server, "", location), START_LIMIT, "error page", server)
        status, page = server.get("claims/")
        assert status == 200 and "The site cannot be built" in page and location in page
        claim_file.write_text(original, encoding="utf-8")
        wait_for(page_shows(server, CLAIM_PAGE, OLD_TEXT), EDIT_LIMIT, "fixed claim", server)
        assert location not in server.get("")[1]


def _save_in_place(path: Path, text: str) -> None:
    # As most editors save: the file truncated, then written in more than one piece.
    half = len(text) // 2
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text[:half])
        handle.flush()
        handle.write(text[half:])


def _save_beside(path: Path, text: str) -> None:
    # As vim and "safe write" editors save: a new file beside the old, renamed over it.
    beside = path.with_name(f".{path.name}.tmp")
    beside.write_text(text, encoding="utf-8")
    os.replace(beside, path)


@pytest.mark.parametrize("save", [_save_in_place, _save_beside], ids=["in-place", "beside"])
def test_each_save_is_one_build(tmp_path: Path, save: Callable[[Path, str], None]) -> None:
    """The server waits for the events of one save to stop before it builds (`SETTLE`, shorter
    than MkDocs' own wait under file events): a save, however the editor writes it, is one
    build, never a build of a half-written file followed by another."""
    site = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", site)
    claim_file = site / CLAIM_FILE
    with mkdocs_serve(site) as server:
        wait_for(page_shows(server, CLAIM_PAGE, OLD_TEXT), START_LIMIT, "claim page", server)
        for old, new in ((OLD_TEXT, NEW_TEXT), (NEW_TEXT, OLD_TEXT), (OLD_TEXT, NEW_TEXT)):
            said = len(server.terminal())
            save(claim_file, claim_file.read_text(encoding="utf-8").replace(old, new))
            wait_for(page_shows(server, CLAIM_PAGE, new), EDIT_LIMIT, "saved claim", server)
            time.sleep(1.0)  # time for a second build, if the save had started one
            since = server.terminal()[said:]
            assert since.count("Detected file changes") == 1, since
            assert since.count("rebuilt") == 1 and "Building documentation" not in since, since
            assert "error" not in since.lower(), since


class _Server:
    """What watch_folders uses of MkDocs' LiveReloadServer: its watch() and, for file events,
    the condition its build loop waits on."""

    def __init__(self, *, events: bool) -> None:
        self.watched: list[str] = []
        self.build_delay = 0.1
        if events:
            self._rebuild_cond = threading.Condition()
            self._want_rebuild = False

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_a_save_is_noticed_from_file_events(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    server = _Server(events=True)
    assert watch_folders(server, [content, tmp_path / "missing"])
    assert server.watched == []  # nothing left to MkDocs' polling
    assert server.build_delay == SETTLE  # events come as a save happens: no need to wait long
    claim = content / "claims" / "old.yml"
    claim.write_text("claim: x\n", encoding="utf-8")
    time.sleep(0.3)
    server._want_rebuild = False
    # Reading a file is not a change: the rebuild reads what was saved.
    assert claim.read_text(encoding="utf-8") == "claim: x\n"
    time.sleep(0.5)
    assert not server._want_rebuild
    (content / "claims" / "new.yml").write_text("claim: x\n", encoding="utf-8")
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)


def test_files_factdesk_does_not_read_in_content_start_no_build(tmp_path: Path) -> None:
    """An editor's swap file, and the file a "safe write" writes beside the old one, start no
    build; the rename over the record does (one build a save, however slow the editor)."""
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    (tmp_path / "seeds").mkdir()
    server = _Server(events=True)
    assert watch_folders(server, [content, tmp_path / "seeds"], content=content)
    claim = content / "claims" / "a.yml"
    beside = content / "claims" / ".a.yml.tmp"
    beside.write_text("claim: x\n", encoding="utf-8")
    (content / "claims" / ".a.yml.swp").write_bytes(b"swap")
    (content / "notes.txt").write_text("a desk's note\n", encoding="utf-8")
    time.sleep(0.5)
    assert not server._want_rebuild
    os.replace(beside, claim)
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    # A text in seeds/ may have any name, and an article may be Markdown.
    for changed in (tmp_path / "seeds" / "report.tmp", content / "articles.md"):
        server._want_rebuild = False
        time.sleep(0.3)
        server._want_rebuild = False
        changed.write_text("text\n", encoding="utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    # A record renamed to a name factdesk does not read is gone from the desk: a build.
    server._want_rebuild = False
    time.sleep(0.3)
    server._want_rebuild = False
    os.replace(claim, content / "claims" / "a.yml~")
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)


def test_file_events_say_which_content_files_changed(tmp_path: Path) -> None:
    """What a rebuild looks at instead of listing every file (`Reported`, Linux only)."""
    reported = Reported(tmp_path)
    claim, seed = tmp_path / "content/claims/a.yml", tmp_path / "seeds/b.txt"
    # Not fed by an observer that names each file: every file is listed, whatever it was told.
    reported.note(FileModifiedEvent(str(claim)))
    assert reported.take() is None and reported.take() is None
    reported.start()
    # Files may have changed before watching started: the first build lists them all.
    reported.note(FileModifiedEvent(str(claim)))
    assert reported.take() is None
    reported.note(FileModifiedEvent(str(claim)))
    reported.note(FileMovedEvent(str(tmp_path / "content/claims/.a.yml.swp"), str(claim)))
    reported.note(FileDeletedEvent(str(seed)))
    reported.note(DirModifiedEvent(str(tmp_path / "content/claims")))  # comes with file events
    reported.note(FileOpenedEvent(str(tmp_path / "content/site.yml")))  # read, not changed
    reported.note(FileModifiedEvent(str(tmp_path / "overrides/main.html")))  # not content
    assert reported.take() == {"content/claims/a.yml", "content/claims/.a.yml.swp", "seeds/b.txt"}
    assert reported.take() == set()
    # A folder moved in is files no event names: everything is listed.
    reported.note(DirMovedEvent(str(tmp_path / "elsewhere"), str(tmp_path / "content/more")))
    assert reported.take() is None
    # So after more events than a save makes: inotify may have dropped some.
    for number in range(MOST_EVENTS + 1):
        reported.note(FileModifiedEvent(str(tmp_path / f"content/claims/{number}.yml")))
    assert reported.take() is None
    assert reported.take() == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify names each file")
def test_a_save_is_reported_by_the_observer(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    server, reported = _Server(events=True), Reported(tmp_path)
    assert watch_folders(server, [content], reported)
    assert reported.take() is None
    (content / "claims" / "new.yml").write_text("claim: x\n", encoding="utf-8")
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    assert reported.take() == {"content/claims/new.yml"}


def test_where_events_may_name_folders_only_every_file_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FSEvents and Windows' journal may report a folder for many files: the events wake the
    # server, but a build lists every file.
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    monkeypatch.setattr(sys, "platform", "darwin")
    server, reported = _Server(events=True), Reported(tmp_path)
    assert watch_folders(server, [content], reported)
    (content / "claims" / "new.yml").write_text("claim: x\n", encoding="utf-8")
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    assert reported.take() is None and reported.take() is None


def test_without_file_events_mkdocs_polls_the_folders(tmp_path: Path) -> None:
    # A server without the build loop's condition (another MkDocs) gets the folders to watch.
    (tmp_path / "content").mkdir()
    server = _Server(events=False)
    assert not watch_folders(server, [tmp_path / "content", tmp_path / "missing"])
    assert server.watched == [str(tmp_path / "content")]
    assert server.build_delay == 0.1  # MkDocs' polling reports a save at its own pace


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@contextmanager
def _serve_collector(delay: float) -> Iterator[IdleCollection]:
    before = gc.get_threshold()
    try:
        yield IdleCollection(delay=delay)
    finally:
        frozen.release()
        gc.set_threshold(*before)


@contextmanager
def _full_passes() -> Iterator[threading.Event]:
    """Set when a full collection ends."""
    passes = threading.Event()

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            passes.set()

    gc.callbacks.append(note)
    try:
        yield passes
    finally:
        gc.callbacks.remove(note)


def _idle_pass(idle: IdleCollection) -> None:
    with _full_passes() as passes:
        idle.after_build()
        assert passes.wait(timeout=10)


def test_full_collections_wait_until_a_build_is_over() -> None:
    # Under serve, Python's own full passes are off; one runs a pause after each build.
    before = gc.get_threshold()
    with _serve_collector(delay=0.05) as idle:
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] >= 1 << 30
        _idle_pass(idle)
    # A build that starts before the pause is over puts the pass off again.
    with _serve_collector(delay=0.5) as idle, _full_passes() as passes:
        idle.after_build()
        idle.before_build()
        assert not passes.wait(timeout=1.0)
        idle.after_build()
        assert passes.wait(timeout=10)


def test_the_passes_after_a_save_leave_the_first_builds_objects_alone() -> None:
    with _serve_collector(delay=0.05) as idle:
        site = [_Cycle() for _ in range(1000)]
        dropped = weakref.ref(_Cycle())  # the first build's garbage
        idle.settle()
        assert dropped() is None
        assert frozen.held() and gc.get_freeze_count() > len(site)
        kept = gc.get_freeze_count()
        # A save's garbage is collected in the pause after it, and the site stays frozen.
        made_by_a_save = weakref.ref(_Cycle())
        _idle_pass(idle)
        assert made_by_a_save() is None
        assert frozen.held() and gc.get_freeze_count() == kept
        # The price: a frozen object that becomes garbage waits for a full rebuild, which
        # thaws everything before it starts; the pause after it freezes what it left.
        replaced = weakref.ref(site.pop())
        _idle_pass(idle)
        assert replaced() is not None
        idle.thaw()
        assert not frozen.held() and gc.get_freeze_count() == 0
        _idle_pass(idle)
        assert replaced() is None
        assert frozen.held() and gc.get_freeze_count() > len(site)


def test_the_plugin_freezes_before_serving_and_thaws_for_a_full_rebuild(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site("minimal")
    monkeypatch.chdir(site)
    config = load_config("mkdocs.yml")
    with _serve_collector(delay=3600):
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            config = config.plugins.on_config(config)
            assert not frozen.held()
            server = _Server(events=False)
            config.plugins.on_serve(server, config=config, builder=lambda: None)
            assert frozen.held() and gc.get_freeze_count() > 0
            # Only a full rebuild runs on_config: it thaws the site it is about to replace.
            config.plugins.on_config(config)
            assert not frozen.held() and gc.get_freeze_count() == 0
        finally:
            config.plugins.on_shutdown()


def test_a_build_under_a_hold_does_not_thaw_it() -> None:
    # The generator ages its objects and forks copies with brief freezes, which would thaw all.
    with _serve_collector(delay=3600) as idle:
        idle.settle()
        kept = gc.get_freeze_count()
        frozen.age()
        with frozen.briefly():
            pass
        assert frozen.held() and gc.get_freeze_count() == kept
        if forked.can_fork():
            copy = forked.Copy(lambda: iter([("page", "converted")]))
            try:
                assert copy.take("page", timeout=60) == "converted"
            finally:
                copy.close()
            assert frozen.held() and gc.get_freeze_count() == kept
    # Without a hold a brief freeze ends with the block, as before.
    with frozen.briefly():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def _slow_writes(monkeypatch: pytest.MonkeyPatch, ended: list[Path] | None = None) -> list[str]:
    """Each write takes a while and notes the thread it ran in (and, in `ended`, its path once
    written)."""
    threads: list[str] = []
    real = write.replace_file

    def slow(path: Path, data: bytes) -> None:
        time.sleep(0.05)
        threads.append(threading.current_thread().name)
        real(path, data)
        if ended is not None:
            ended.append(path)

    monkeypatch.setattr(write, "replace_file", slow)
    return threads


def test_a_saves_files_are_all_on_disk_when_writing_them_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under serve the files are written beside the making of the next; MkDocs reads them next.
    threads = _slow_writes(monkeypatch)
    files = [(f"part/{n}.md", f"page {n}\n") for n in range(6)] + [("data/x.json", b"{}")]
    known: dict[str, str | bytes] = {}
    changed: set[str] = set()
    assert write.update_files(iter(files), tmp_path, changed, known) == {p for p, _ in files}
    for path, text in files:
        data = text if isinstance(text, bytes) else text.encode()
        assert (tmp_path / path).read_bytes() == data
    assert changed == {p for p, _ in files} and known == dict(files)
    assert len(threads) == len(files)
    assert threading.current_thread().name not in threads
    assert not [t for t in threading.enumerate() if t.name in threads]
    # A one-off build writes each file itself: it lets each go before making the next.
    threads.clear()
    write.update_files(iter([("part/0.md", "changed\n")]), tmp_path)
    assert threads == [threading.current_thread().name]


def test_the_page_folder_keeps_only_the_files_of_the_last_build_and_no_link(
    tmp_path: Path,
) -> None:
    """`remove_links` takes every link out of the page folder (to a file, to a folder, broken)
    without following one, and names the files left; `remove_others` removes the files the
    build did not make and the folders that leaves empty, and nothing else."""
    folder = tmp_path / "pages"
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "inner" / "kept.md").write_text("outside\n", encoding="utf-8")
    made = {"claims/a.md", "claims/b.md", "timeline/2015-10/1.md", "index.md", "old/x/y.md"}
    for path in made:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(path, encoding="utf-8")
    (folder / "claims" / "link.md").symlink_to(outside / "inner" / "kept.md")
    (folder / "old" / "folder").symlink_to(outside / "inner", target_is_directory=True)
    (folder / "broken.md").symlink_to(tmp_path / "nowhere.md")

    files = write.remove_links(folder)
    assert files == {
        "claims/a.md",
        "claims/b.md",
        "timeline/2015-10/1.md",
        "index.md",
        "old/x/y.md",
    }
    assert not [p for p in folder.rglob("*") if p.is_symlink()]
    assert (outside / "inner" / "kept.md").read_text(encoding="utf-8") == "outside\n"
    assert write.remove_links(tmp_path / "no such folder") == set()

    write.remove_others(folder, {"claims/a.md", "index.md"})
    left = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert left == ["claims", "claims/a.md", "index.md"]
    assert (outside / "inner" / "kept.md").is_file()


def test_a_save_waits_for_its_writes_once_enough_bytes_wait_to_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Serve's first build writes every file: the writer must not fall behind without bound.
    ended: list[Path] = []
    _slow_writes(monkeypatch, ended)
    monkeypatch.setattr(write, "_UNWRITTEN_BYTES", 20)
    written_when_asked: list[int] = []

    def files() -> Iterator[tuple[str, str]]:
        for n in range(6):
            written_when_asked.append(len(ended))
            yield f"part/{n}.md", f"page number {n}\n"  # 14 bytes: one waits at a time

    write.update_files(files(), tmp_path, set(), {})
    assert len(ended) == 6
    # Making file n+1 starts only once file n-1 is written (the writes take 0.05 s each).
    assert all(written_when_asked[n] >= n - 1 for n in range(1, 6)), written_when_asked


def test_a_write_that_fails_under_serve_is_reported_after_the_others_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _slow_writes(monkeypatch)
    (tmp_path / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    files = [("blocked/page.md", "x\n"), ("fine.md", "y\n")]
    with pytest.raises(OSError):
        write.update_files(iter(files), tmp_path, set(), {})
    assert (tmp_path / "fine.md").read_text(encoding="utf-8") == "y\n" and len(threads) == 2

    # What stopped the making of the files is what is reported, not a write it left failing.
    def broken() -> Iterator[tuple[str, str]]:
        yield "blocked/page.md", "x\n"
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError, match="a template failed"):
        write.update_files(broken(), tmp_path, set(), {})
