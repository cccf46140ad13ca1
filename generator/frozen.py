"""Objects the cyclic garbage collector no longer visits (`gc.freeze`), and who froze them.

Under `mkdocs serve` at 50,000 claims a full collection walks every object the process holds
and took 5-6 s after each save, holding the interpreter: a save made meanwhile waited for it.
Almost all of those objects are the site the first build made, which the next saves keep. So
once the first build's garbage is collected, serve freezes what is left (`hold`), and later
passes walk only what was made since. A frozen object that becomes cyclic garbage is freed only
when the hold is released, which a full rebuild does first (`release`): it replaces the site.

`gc.unfreeze` thaws every frozen object at once, so a brief freeze (`briefly`: before forking,
or to age a build's objects) would end the hold: under a hold it freezes nothing. What a brief
freeze is for is done by the hold already.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_held = False


def held() -> bool:
    return _held


def hold() -> None:
    """Collect everything, then freeze what survived."""
    global _held
    gc.collect()
    gc.freeze()
    _held = True


def release() -> None:
    """Let the collector visit every frozen object again (they move to the oldest generation)."""
    global _held
    gc.unfreeze()
    _held = False


def age() -> None:
    """Every object moved to the oldest generation without walking any (a freeze that is
    undone at once), unless a hold is in force: it would end the hold."""
    if not _held:
        gc.freeze()
        gc.unfreeze()


@contextmanager
def briefly() -> Iterator[None]:
    """Objects frozen for the length of the block, unless a hold keeps them frozen already."""
    if _held:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
