"""Bulk work without Python's cyclic garbage collector.

Parsing and importing a large document allocate millions of small, acyclic objects; every
700 allocations the collector walks the young ones, and the survivors again and again as
they age, which was 60% of parsing a scale-30 document (4.6 s, 1.8 s without it). The same
holds for reading the analysis inputs and computing an answer from them while the service
keeps a million objects of earlier inputs (a recurring-lessons answer at scale 100: 0.63 s,
0.26 s without it). Nothing such work allocates needs the collector (reference counting
frees it), so it is paused for the duration and the garbage others make meanwhile is
collected afterwards.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


class _Pauses:
    """How many pauses last now, and whether the collector ran before the first of them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.resume = False


_pauses = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector until this pause and every pause begun during it (nested, or in
    other threads) has ended; it then runs again if it ran before the first."""
    with _pauses.lock:
        if _pauses.count == 0:
            _pauses.resume = gc.isenabled()
            gc.disable()
        _pauses.count += 1
    try:
        yield
    finally:
        with _pauses.lock:
            _pauses.count -= 1
            if _pauses.count == 0 and _pauses.resume:
                gc.enable()
