"""Bulk work without Python's cyclic garbage collector.

Parsing and importing a large document allocate millions of small, acyclic objects; every
700 allocations the collector walks the young ones, and the survivors again and again as
they age, which was 60% of parsing a scale-30 document (4.6 s, 1.8 s without it). Nothing
such work allocates needs the collector (reference counting frees it), so it is paused for
the duration and the garbage others make meanwhile is collected afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector; only the outermost of nested or concurrent pauses resumes it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
