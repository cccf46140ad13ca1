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
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
from watchdog.observers.polling import PollingObserver

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


def watch_folders(server: Any, folders: Iterable[Path]) -> bool:
    """Watch `folders` for the `server` (MkDocs' LiveReloadServer); True when with file
    events, False when handed to the server's own polling."""
    paths = [str(folder) for folder in folders if folder.is_dir()]
    observer = _observer(server, paths)
    if observer is None:
        for path in paths:
            server.watch(path)
        return False
    log.info(f"watching {', '.join(paths)} for changes with the system's file events")
    return True


def _observer(server: Any, folders: list[str]) -> Any | None:
    if watchdog.observers.Observer is PollingObserver:
        return None
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None

    def rebuild(event: watchdog.events.FileSystemEvent) -> None:
        # What MkDocs' own callback does (mkdocs/livereload/__init__.py, LiveReloadServer.watch),
        # for changes only: inotify also reports a file opened or closed after reading, and the
        # rebuild reads the file that was saved, which would start another rebuild.
        if event.is_directory or event.event_type not in _CHANGES:
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
