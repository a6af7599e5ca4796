"""Bulk work without Python's cyclic garbage collector.

Parsing and importing a large document allocate millions of small, acyclic objects; every
700 allocations the collector walks the young ones, and the survivors again and again as
they age, which was 60% of parsing a scale-30 document (4.6 s, 1.8 s without it). The same
holds for reading the analysis inputs and computing an answer from them while the service
keeps a million objects of earlier inputs (a recurring-lessons answer at scale 100: 0.63 s,
0.26 s without it). Nothing such work allocates needs the collector (reference counting
frees it), so it is paused for the duration and the garbage others make meanwhile is
collected afterwards.

What such work leaves behind is mostly long-lived: the inputs and answers the service keeps
until a write replaces them. Left to the collector, those objects are walked again as they
age, at moments no one chooses: at scale 100, after each edit young collections of 20 to
60 ms and older ones up to 170 ms, and every few edits a full collection of about 400 ms in
whichever request came next, every warm request in flight waiting on it. So a pause that
leaves many objects behind (``FREEZE_AFTER``) moves every object then alive into the
collector's permanent generation (``gc.freeze``), which no collection walks; with it, the
same edits left young collections of 20 to 40 ms and no full one. Frozen objects are
still freed the usual way, by reference counting, when what holds them lets go: the inputs
and answers hold no reference cycles. What a freeze costs is the cyclic garbage of its
instant, which no collection sees either: so the young generations are collected as the
first pause begins (they are small then), and every ``COLLECT_EVERY`` freezes a full
collection runs first, in a request already waiting for a cold answer (about 400 ms at scale
100, where the collector left alone ran one every few edits). Without that, rounds of an edit
and every answer kept about 50 more objects each, for good
(``test_answers_after_edits_leave_no_more_cyclic_garbage_the_longer_they_are_asked``). No
freeze while another pause lasts, nor when the pause ends with an error (a traceback is a
cycle).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["COLLECT_EVERY", "FREEZE_AFTER", "collector_paused"]

# More objects than this left alive by the pauses that just ended (the collector's count of
# young objects, which grows while it is paused): long-lived data, frozen. An answer after an
# edit at scale 100 leaves 12,000 to 45,000; a first read of the inputs, 150,000 to 370,000.
FREEZE_AFTER = 10_000
# Every this many freezes, a full collection first (everything thawed, then frozen again):
# the cyclic garbage the freezes since the last one kept is collected, once, by a request that
# already waited for a cold answer, instead of staying for the life of the process. A freeze
# after an answer kept up to about 150 objects of it in the tests: a few MB at most between
# two full collections, and one full collection in a few hundred cold answers.
COLLECT_EVERY = 256


class _Pauses:
    """How many pauses last now, and whether the collector ran before the first of them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.resume = False
        self.freezes = 0


_pauses = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector until this pause and every pause begun during it (nested, or in
    other threads) has ended; it then runs again if it ran before the first."""
    with _pauses.lock:
        if _pauses.count == 0:
            _pauses.resume = gc.isenabled()
            if _pauses.resume:
                gc.collect(1)  # the young garbage first, so that no freeze below can keep it
            gc.disable()
        _pauses.count += 1
    completed = False
    try:
        yield
        completed = True
    finally:
        with _pauses.lock:
            _pauses.count -= 1
            if _pauses.count == 0 and _pauses.resume:
                if completed and gc.get_count()[0] > FREEZE_AFTER:
                    _pauses.freezes += 1
                    if _pauses.freezes % COLLECT_EVERY == 0:
                        gc.unfreeze()
                        gc.collect()
                    gc.freeze()
                gc.enable()
