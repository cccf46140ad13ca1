"""Under `mkdocs serve`, the garbage collector's full passes wait until the editor pauses, and
walk only what the saves made.

A full pass walks every object the process holds. Under serve at 10,000 claims that is the
linked site, the kept pages and MkDocs' own site, and one pass took 0.77 s. Python starts one
by itself once enough objects have outlived the last, which under serve came every few saves,
in the middle of a rebuild: that save took 0.8 s longer. So under serve the automatic full
passes are off (the young generations are collected as before), and one pass runs a few
seconds after each build, unless another build has started by then.

At 50,000 claims such a pass still took 5-6 s after each save (9.5 s after the first build),
and a save made during one waited for it. So the first build's garbage is collected before the
server takes requests, and what survives is frozen (`frozen.hold`): the passes after a save
walk only what was made since. A full rebuild releases the hold first (`thaw`) and the pause
after it freezes again.
"""

from __future__ import annotations

import gc
import threading

from .. import frozen

# A full pass's threshold that is never reached: counted in passes of the middle generation.
_NEVER = 1 << 30


class IdleCollection:
    def __init__(self, delay: float = 3.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _NEVER)

    def settle(self) -> None:
        """The first build is over and the server not yet taking requests: collect and freeze."""
        with self._lock:
            frozen.hold()

    def thaw(self) -> None:
        """A full rebuild starts: what the last one made may become garbage, all of it."""
        with self._lock:
            frozen.release()

    def before_build(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def after_build(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def _collect(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # put off by a build that started as this timer fired
            self._timer = None
            if frozen.held():
                gc.collect()
            else:
                frozen.hold()
