"""Work done in a forked copy of this process, its results read back as they come.

A full build spends most of its time on pages that do not depend on one another, on one core.
A forked copy starts with everything the build has made so far (nothing is pickled on the way
in) and writes its (key, result) pairs to a temporary file, not to memory: while the build makes
a large data file, a copy may finish most of the site's pages (at 50k claims, 600 MB of them).
Through a pipe it sends only where each result lies, as soon as it is written; a thread of the
build reads those and the build reads each result from the file when it takes it. The results
do not go through the pipe because that thread needs the interpreter lock for every read, and a
busy build lets it have the lock only every few milliseconds: a copy sending whole pages waited
for the build most of the time and ended later than it would have alone. The pipe holds the
places of hundreds of results, so a copy seldom waits for the build's thread; and they are not
sent in batches, because a build that is waiting for a result would wait for its batch too.
A copy that fails or dies ends its stream early: whatever it did not send, the build does
itself, and so reports any error itself, as a build in one process would.

Forking is only safe where no other thread may hold a lock the copy needs. In a one-off build
factdesk's only other threads are earlier copies' readers, which wait on their pipe and share
nothing with a copy (another plugin's threads: see below). Under `mkdocs serve` the server's
threads (HTTP, file events, the idle collection) hold locks of their own, which a copy never
takes: it converts Markdown, renders the theme's templates (which those threads never use), logs
through handlers of its own (logging renews its locks in a forked process) and writes to its
pipe and spill file; it ends without flushing the standard streams. A copy that hangs all the
same is stopped after a time the caller sets (`take`'s `timeout`), and the build does its work.

Another plugin configured beside factdesk may run threads in a one-off build: records are read
and pages generated in copies whatever the other plugins (MkDocs' page work is shared only when
factdesk is alone). A lock such a thread held at the fork (in a C extension, which CPython does
not renew in the child) could hang a copy. So a copy that sends nothing for `SILENCE` seconds
while the build waits for it is killed, whatever the caller set: its stream ends and the build
does the rest of its share, as for a copy that died. The build is slower, its output the same.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any, cast

from . import frozen

# What a copy sends last: the build knows the stream is whole.
_END = b"end"

# Where one result lies in the spill file: its key, offset and length.
_Place = tuple[str, int, int]

# Far longer than a copy takes for any one result (a page, or 250 record files: under a second
# at 50,000 claims), so that only a copy that has stopped working is given up.
SILENCE = 120.0


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    # Only on Linux: macOS offers fork, but a forked copy of a process that has loaded its
    # system frameworks may crash there.
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def shares(keys: Sequence[str], processes: int, build_share: float) -> list[list[str]]:
    """`keys` dealt out to the build (share 0) and its copies, spread over the whole list so
    that each gets of every kind, the build `build_share` as many as a copy."""
    weights = [build_share] + [1.0] * (processes - 1)
    dealt: list[list[str]] = [[] for _ in range(processes)]
    for key in keys:
        taker = min(range(processes), key=lambda n: (len(dealt[n]) + 1) / weights[n])
        dealt[taker].append(key)
    return dealt


class Copy:
    """A forked copy of this process running `work`, and what it has sent so far."""

    def __init__(self, work: Callable[[], Iterator[tuple[str, Any]]]) -> None:
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        # The copy writes its results here and the build reads them: open for the copy's
        # life; `close` closes it.
        self._spill = tempfile.TemporaryFile(prefix="factdesk-copy-")  # noqa: SIM115
        self._process = context.Process(
            target=_run, args=(work, receiving, sending, self._spill.fileno()), daemon=True
        )
        # Objects the collector never visits stay shared with the copy instead of being copied
        # page by page as it marks them.
        with frozen.briefly():
            self._process.start()
        sending.close()
        self._connection = receiving
        # key -> (offset, length) of its pickled result in the spill file
        self._ready: dict[str, tuple[int, int]] = {}
        self._done = False
        self.complete = False
        # When the copy last sent anything (or was started).
        self._heard = time.monotonic()
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # The copy wrote a result before it sent where it lies, and never writes those bytes
        # again: the build reads only results it was told of.
        try:
            while True:
                message = self._connection.recv_bytes()
                with self._changed:
                    self._heard = time.monotonic()
                if message == _END:
                    with self._changed:
                        self.complete = True
                        self._changed.notify_all()
                    continue
                key, offset, length = cast(_Place, pickle.loads(message))
                with self._changed:
                    self._ready[key] = (offset, length)
                    self._changed.notify_all()
        except (EOFError, OSError):
            pass
        finally:
            with self._changed:
                self._done = True
                self._changed.notify_all()

    def take(self, key: str, timeout: float | None = None) -> Any:
        """The copy's result for `key` once it has sent it; None if it never will, or has not
        within `timeout` seconds (then `ended` is still false)."""
        with self._changed:
            self._wait(lambda: key in self._ready, timeout)
            where = self._ready.pop(key, None)
        return None if where is None else self._load(where)

    def _wait(self, arrived: Callable[[], bool], timeout: float | None = None) -> None:
        # Holding `_changed`: until `arrived()`, the copy's end or `timeout`. A copy silent for
        # `SILENCE` seconds is killed; its pipe closes and the reader ends the stream.
        deadline = None if timeout is None else time.monotonic() + timeout
        while not (arrived() or self._done):
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                return
            if now - self._heard >= SILENCE:
                self._process.kill()
                self._heard = now
            until = self._heard + SILENCE
            if deadline is not None:
                until = min(until, deadline)
            self._changed.wait(until - now)

    @property
    def ended(self) -> bool:
        """The copy has sent everything it will send."""
        with self._changed:
            return self._done

    def _load(self, where: tuple[int, int]) -> Any:
        offset, length = where
        return pickle.loads(os.pread(self._spill.fileno(), length, offset))

    def ready(self) -> Iterator[tuple[str, Any]]:
        """Every result sent and not yet taken, without waiting, read back one at a time."""
        with self._changed:
            taken = list(self._ready.items())
            self._ready.clear()
        return ((key, self._load(where)) for key, where in taken)

    def rest(self) -> Iterator[tuple[str, Any]] | None:
        """Once the copy has ended, what it sent and was not taken; None if it did not finish
        its work (the build then does that work itself)."""
        with self._changed:
            self._wait(lambda: False)
        if not self.complete:
            self.close()
            return None
        return self._rest()

    def _rest(self) -> Iterator[tuple[str, Any]]:
        yield from self.ready()
        self.close()

    def close(self) -> None:
        self._reader.join()
        self._connection.close()
        self._process.join()
        with self._changed:
            # Whatever was sent and not taken can no longer be read: `take` gives None.
            self._ready.clear()
        self._spill.close()

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self.close()


def _run(
    work: Callable[[], Iterator[tuple[str, Any]]],
    receiving: Connection,
    sending: Connection,
    spill: int,
) -> None:
    receiving.close()
    end = 0
    try:
        for key, result in work():
            payload = ForkingPickler.dumps(result)
            _write(spill, payload, end)
            sending.send_bytes(pickle.dumps((key, end, len(payload))))
            end += len(payload)
        sending.send_bytes(_END)
    except Exception:
        pass  # the stream ends unfinished: the build does the rest and reports the error
    finally:
        sending.close()
        # Not through multiprocessing's ending, which flushes the standard streams: their
        # buffers hold the build's unwritten output, and under serve another thread may have
        # held their lock when the copy was forked, which would never be let go in the copy.
        os._exit(0)


def _write(spill: int, payload: bytes | memoryview, offset: int) -> None:
    view = memoryview(payload)
    while view:
        written = os.pwrite(spill, view, offset)
        view = view[written:]
        offset += written
