"""Derived answers kept until the graph changes.

Gap queries read the whole graph, while the graph changes rarely (an evaluation, a
response, an action at a time) and dashboards ask often. Every data write raises the
graph version in its own transaction (``Database.write_unit``), so an answer computed at
version v stays right for as long as the version is v. The caller reads the version once,
before computing, so a write that lands during the computation makes the stored answer
look older than it is, never newer: the next request recomputes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

__all__ = ["AnswerCache"]

T = TypeVar("T")


class AnswerCache:
    """At most ``max_entries`` answers, the least recently used going first."""

    def __init__(self, *, max_entries: int = 64, enabled: bool = True) -> None:
        self.enabled = enabled
        self._max = max_entries
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        # One computation per key at a time: after a write, a burst of dashboard requests
        # waits for the first one instead of running the same heavy query side by side.
        self._computing: dict[Hashable, threading.Lock] = {}

    def _hit(self, key: Hashable, version: int) -> tuple[bool, Any]:
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] >= version:
                self._entries.move_to_end(key)
                return True, hit[1]
            return False, None

    def get(self, key: Hashable, version: int, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at graph ``version``: kept, or computed once and kept."""
        if not self.enabled:
            return compute()
        found, value = self._hit(key, version)
        if found:
            return cast(T, value)
        with self._lock:
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            found, value = self._hit(key, version)
            if found:
                return cast(T, value)
            computed = compute()
            with self._lock:
                self._entries[key] = (version, computed)
                self._entries.move_to_end(key)
                while len(self._entries) > self._max:
                    evicted, _ = self._entries.popitem(last=False)
                    self._computing.pop(evicted, None)
        return computed
