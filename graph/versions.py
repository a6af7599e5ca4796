"""The graph version, known without a round trip per request.

Every data write raises the graph version in its own transaction. A request that only
needs to know whether a cached answer is still right should not have to ask Neo4j each
time: this process's writes report the version they committed at once, and a background
poll (every ``interval`` seconds, while requests come in) picks up writes made elsewhere
(``kg import``, another replica). So an answer is never older than this process's own last
write, and at most ``interval`` older than anyone else's. When the poll fails, the version is
unknown and callers fall back to asking the database, which answers with the real error.

It also keeps a log of what this process's writes touched (labels and relationship
types), so that an answer can be kept across writes that cannot change it: ``since(deps,
version)`` is the earliest version from which nothing ``deps`` names has changed, as far as
the log can tell (a write from elsewhere, or one beyond the log, counts as touching all).
An edit of an interface on the map does not make the LL stages cold.

The log also names the nodes each write changed (``(label, id)``: a node written, created or
deleted, and both ends of a relationship made or removed), so that what was read whole
before can be read again for those nodes only: ``changed_nodes(after, upto)``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graph.errors import GraphError

__all__ = ["EVERYTHING", "GraphVersions", "NodeKeys", "Touched"]

log = logging.getLogger(__name__)


# What a write touched: labels and relationship types, or EVERYTHING when it cannot say.
Touched = frozenset[str] | None
EVERYTHING: Touched = None
# The nodes a write changed, as (label, id); None when it cannot say (an import, a clear).
NodeKeys = frozenset[tuple[str, str]] | None
_LOG_SIZE = 10_000


class GraphVersions:
    def __init__(self, read: Callable[[], int], *, interval: float = 0.05, idle_after: float = 10.0) -> None:
        self._read = read
        self.interval = interval
        self._idle_after = idle_after
        self._version: int | None = None
        self._log: dict[int, Touched] = {}
        self._nodes: dict[int, NodeKeys] = {}
        self._known_at = 0.0
        self._wanted_at = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def current(self) -> int | None:
        """The version, if it was confirmed within the last few intervals; else None."""
        now = time.monotonic()
        self._wanted_at = now
        with self._lock:
            fresh = now - self._known_at <= 4 * self.interval + 0.1
            return self._version if fresh else None

    def refresh(self) -> int:
        """Ask the database now (raises the database's error when it cannot answer)."""
        return self.observe(self._read())

    def observe(self, version: int) -> int:
        """A version seen committed (by a read: what changed up to it is not known here)."""
        with self._lock:
            if self._version is None or version >= self._version:
                self._version = version
            self._known_at = time.monotonic()
            return self._version

    def committed(self, version: int, touched: Touched, nodes: NodeKeys = None) -> None:
        """This process committed ``version``, a write that touched only ``touched`` and
        changed only the nodes ``nodes`` (None: it cannot say which)."""
        with self._lock:
            self._log[version] = touched
            self._nodes[version] = nodes
            if len(self._log) > _LOG_SIZE:
                for old in sorted(self._log)[: len(self._log) - _LOG_SIZE]:
                    del self._log[old]
                    self._nodes.pop(old, None)
        self.observe(version)

    def changed_nodes(self, after: int, upto: int, *, limit: int) -> NodeKeys:
        """Every node changed by the writes after version ``after`` up to ``upto``; None when
        one of them was made elsewhere or cannot say, or when more than ``limit`` changed
        (reading everything again is then as cheap)."""
        if upto - after > _LOG_SIZE:
            return None
        changed: set[tuple[str, str]] = set()
        with self._lock:
            for v in range(after + 1, upto + 1):
                nodes = self._nodes.get(v)
                if nodes is None:
                    return None
                changed |= nodes
                if len(changed) > limit:
                    return None
        return frozenset(changed)

    def since(self, deps: frozenset[str], version: int) -> int:
        """The earliest version v <= ``version`` such that no write after v touched ``deps``:
        an answer computed at v or later, from only what ``deps`` names, is still right."""
        with self._lock:
            v = version
            while v > 0:
                touched = self._log.get(v)  # a version not in the log: a write from elsewhere
                if touched is None or touched & deps:
                    return v
                v -= 1
            return 0

    def forget(self) -> None:
        with self._lock:
            self._version = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._poll, name="graph-version-poll", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            if time.monotonic() - self._wanted_at > self._idle_after:
                continue  # nobody asks: no load on the database
            try:
                self.refresh()
            except GraphError as e:
                log.debug("graph version poll failed: %s", e.message)
                self.forget()
