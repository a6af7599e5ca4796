"""A per-caller quota: at most ``per_minute`` calls in any 60 seconds (a sliding window),
kept in this process's memory. Used for the read-only console, whose every query reaches
the database with text of the caller's own."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from graph.errors import TooManyRequests

__all__ = ["RateLimiter"]

_WINDOW = 60.0
# Callers whose calls have all left the window are forgotten once this many are kept.
_SWEEP_AT = 10_000


class RateLimiter:
    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """Count one call of ``key``; raise ``TooManyRequests`` (nothing counted) when its
        quota is spent, saying in how many seconds the oldest call leaves the window."""
        now = self._clock()
        with self._lock:
            calls = self._calls.setdefault(key, deque())
            while calls and calls[0] <= now - _WINDOW:
                calls.popleft()
            if len(calls) >= self.per_minute:
                retry_after = max(1, math.ceil(calls[0] + _WINDOW - now))
                raise TooManyRequests(
                    f"at most {self.per_minute} queries a minute; try again in {retry_after} s", retry_after
                )
            calls.append(now)
            if len(self._calls) > _SWEEP_AT:
                self._sweep(now)

    def _sweep(self, now: float) -> None:
        for key in [k for k, calls in self._calls.items() if not calls or calls[-1] <= now - _WINDOW]:
            del self._calls[key]
