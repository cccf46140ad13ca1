"""Memory the process has freed, handed back to the system between a one-off build's data files.

glibc's malloc keeps what is freed for later allocations, and once a block of tens of MB has
been freed it raises the size from which it maps blocks of their own, so the pieces of the
next data file come from the heap and stay there: about 150 MiB at 50k claims in
`factdesk build --out`, on top of the linked site. `malloc_trim` returns the heap's free pages.
Where there is no such function (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable
from typing import Any


@functools.cache
def _trim() -> Callable[[int], Any] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        loaded = ctypes.CDLL(None)  # the C library this interpreter already uses
    except OSError:
        return None
    return getattr(loaded, "malloc_trim", None)


def give_back() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
