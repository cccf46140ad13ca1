"""Under `mkdocs serve`, the garbage collector's full passes wait until the editor pauses.

A full pass walks every object the process holds. Under serve at 10,000 claims that is the
linked site, the kept pages and MkDocs' own site, and one pass took 0.77 s. Python starts one
by itself once enough objects have outlived the last, which under serve came every few saves,
in the middle of a rebuild: that save took 0.8 s longer. So under serve the automatic full
passes are off (the young generations are collected as before), and one pass runs a few
seconds after each build, unless another build has started by then.
"""

from __future__ import annotations

import gc
import threading

# A full pass's threshold that is never reached: counted in passes of the middle generation.
_NEVER = 1 << 30


class IdleCollection:
    def __init__(self, delay: float = 3.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _NEVER)

    def before_build(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def after_build(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, gc.collect)
            self._timer.daemon = True
            self._timer.start()
