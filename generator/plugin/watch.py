"""Noticing a save of a content file under `mkdocs serve` from the system's file events.

MkDocs watches with a polling observer: every half second it lists and stats every file under
each watched folder. At 10,000 claims `content/` and `seeds/` hold 19,500 files and a listing
took 0.14 s, so a third of a core (and of the interpreter lock the rebuild needs) went on
looking for changes, and a save waited up to half a second to be noticed. Where the system
reports file events (watchdog's default observer: inotify on Linux, FSEvents on macOS, the
change journal on Windows), the plugin watches its folders with them and asks the server for a
rebuild exactly as MkDocs' own watcher does. Where it cannot (watchdog falls back to polling on
the platform, the server lacks the attributes MkDocs 1.6 has, or the observer fails to start,
as when inotify's watch limit is reached), the folders go to `server.watch` as before.

On Linux the events also say which files changed (`Reported`), so a rebuild need not list the
87,500 files of a 50,000-claim desk (0.8 s) to find the one that was saved: it looks only at
the reported ones. Events that cannot say it, and the first build after watching starts, make
the rebuild list every file as before.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
from watchdog.observers.polling import PollingObserver

from ..content.load import ARTICLE_SUFFIXES

log = logging.getLogger("mkdocs.plugins.factdesk")

_CHANGES = frozenset(
    {
        watchdog.events.EVENT_TYPE_CREATED,
        watchdog.events.EVENT_TYPE_MODIFIED,
        watchdog.events.EVENT_TYPE_DELETED,
        watchdog.events.EVENT_TYPE_MOVED,
        watchdog.events.EVENT_TYPE_CLOSED,  # closed after writing
    }
)


# More events than this between two builds (a checkout, an unpacked archive) and every file is
# listed. inotify drops events once 16,384 wait unread (its default queue), and the thousands
# read before that are over this first.
MOST_EVENTS = 1000

# MkDocs starts a build once no change has been reported for its `build_delay` (0.1 s), so
# that the events of one save make one build; its own watcher polls, and reports together what
# changed between two polls. File events come as the save happens: an editor's save (a write
# in place, or a file written beside and renamed over the old one) reports all of its events
# within a few milliseconds, so this wait still makes one build of a save, and the page shows
# the save 70 ms sooner.
SETTLE = 0.03

# Where the files whose changes are reported live, relative to the desk.
_REPORTED_FOLDERS = ("content/", "seeds/")


class Reported:
    """The content files the system's file events reported changed since the last build took
    them (`take`), relative to the desk's folder `root`."""

    def __init__(self, root: Path) -> None:
        self._root = f"{os.path.abspath(root)}{os.sep}"
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._events = 0
        # Until the first build takes them, files may have changed before watching started.
        self._everything = True
        # Fed by an observer that names each file (`watch_folders`); until then, and on a
        # system whose events may name folders only, every take says: list everything.
        self._fed = False

    def start(self) -> None:
        """An observer that names each file feeds this from now on; what changed before is
        not known, so the next take still lists everything."""
        with self._lock:
            self._fed = self._everything = True

    def note(self, event: watchdog.events.FileSystemEvent) -> None:
        with self._lock:
            self._events += 1
            if event.is_directory:
                # A folder created, moved or deleted is all the files in it, which inotify
                # does not report one by one; its contents changing comes with file events.
                if event.event_type in _CHANGES - {watchdog.events.EVENT_TYPE_MODIFIED}:
                    self._everything = True
                return
            if event.event_type not in _CHANGES:
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                path = os.fsdecode(path)
                if path.startswith(self._root):
                    relative = path[len(self._root) :].replace(os.sep, "/")
                    if relative.startswith(_REPORTED_FOLDERS):
                        self._paths.add(relative)

    def take(self) -> set[str] | None:
        """The files reported since the last take, or None when every file must be listed."""
        with self._lock:
            paths, self._paths = self._paths, set()
            everything = not self._fed or self._everything or self._events > MOST_EVENTS
            self._everything, self._events = False, 0
        return None if everything else paths


def watch_folders(
    server: Any,
    folders: Iterable[Path],
    reported: Reported | None = None,
    *,
    content: Path | None = None,
) -> bool:
    """Watch `folders` for the `server` (MkDocs' LiveReloadServer); True when with file
    events, False when handed to the server's own polling. The events are told to
    `reported` where they name every file changed (Linux's inotify). In the `content` folder
    only a change to a file factdesk reads there starts a build (`ARTICLE_SUFFIXES`)."""
    paths = [str(folder) for folder in folders if folder.is_dir()]
    if not sys.platform.startswith("linux"):
        reported = None
    unread = None if content is None else _unread_in(content)
    observer = _observer(server, paths, reported, unread)
    if observer is None:
        for path in paths:
            server.watch(path)
        return False
    if reported is not None:
        reported.start()
    delay = getattr(server, "build_delay", None)
    if isinstance(delay, (int, float)):
        server.build_delay = min(delay, SETTLE)
    log.info(f"watching {', '.join(paths)} for changes with the system's file events")
    return True


# In content/ a change to a file that does not end as those factdesk reads there
# (`ARTICLE_SUFFIXES`; a text in seeds/ may have any name) starts no build: an editor's swap,
# backup or lock file (`.claim.yml.swp`, `claim.yml~`), or the file a "safe write" writes beside
# the old one before renaming it over it. That file's own events came a build early whenever the
# editor was slower than `SETTLE` to rename it, so one save made two builds, the first of nothing.
def _unread_in(content: Path) -> Callable[[str], bool]:
    """Whether a path is a file in `content` that factdesk does not read."""
    prefix = f"{os.path.abspath(content)}{os.sep}"

    def unread(path: str) -> bool:
        return path.startswith(prefix) and not path.endswith(ARTICLE_SUFFIXES)

    return unread


def _observer(
    server: Any,
    folders: list[str],
    reported: Reported | None,
    unread: Callable[[str], bool] | None = None,
) -> Any | None:
    if watchdog.observers.Observer is PollingObserver:
        return None
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None

    def rebuild(event: watchdog.events.FileSystemEvent) -> None:
        # What MkDocs' own callback does (mkdocs/livereload/__init__.py, LiveReloadServer.watch),
        # for changes only: inotify also reports a file opened or closed after reading, and the
        # rebuild reads the file that was saved, which would start another rebuild.
        if reported is not None:
            reported.note(event)
        if event.is_directory or event.event_type not in _CHANGES:
            return
        named = (event.src_path, getattr(event, "dest_path", ""))
        if unread is not None and all(unread(os.fsdecode(p)) for p in named if p):
            return
        log.debug(str(event))
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = rebuild  # type: ignore[method-assign]
    observer = watchdog.observers.Observer()
    observer.daemon = True
    try:
        observer.start()
        for folder in folders:
            observer.schedule(handler, folder, recursive=True)
    except OSError as exc:
        log.debug(f"file events unavailable ({exc}); MkDocs polls the content folders")
        observer.stop()
        return None
    return observer
