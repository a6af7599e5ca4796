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

    def _hit(self, key: Hashable, version: int) -> tuple[bool, tuple[int, Any] | None]:
        """Whether the kept entry of ``key`` is right at ``version``, and the entry."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] >= version:
                self._entries.move_to_end(key)
                return True, entry
            return False, entry

    def get(
        self,
        key: Hashable,
        version: int,
        compute: Callable[[], T],
        *,
        at: int | None = None,
        refresh: Callable[[int, T], T | None] | None = None,
    ) -> T:
        """The answer for ``key`` at graph ``version``: kept, or computed once and kept (as
        of version ``at``, by default ``version``). ``refresh(kept_at, kept)`` may bring an
        older kept answer up to date for less than ``compute``; None when it cannot."""
        if not self.enabled:
            return compute()
        found, entry = self._hit(key, version)
        if found and entry is not None:
            return cast(T, entry[1])
        with self._lock:
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            found, entry = self._hit(key, version)
            if found and entry is not None:
                return cast(T, entry[1])
            computed = refresh(entry[0], entry[1]) if refresh is not None and entry is not None else None
            if computed is None:
                computed = compute()
            with self._lock:
                self._entries[key] = (version if at is None else at, computed)
                self._entries.move_to_end(key)
                while len(self._entries) > self._max:
                    evicted, _ = self._entries.popitem(last=False)
                    self._computing.pop(evicted, None)
        return computed
