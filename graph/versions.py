"""The graph version, known without a round trip per request.

Every data write raises the graph version in its own transaction. A request that only
needs to know whether a cached answer is still right should not have to ask Neo4j each
time: this process's writes report the version they committed at once, and a background
poll (every ``interval`` seconds, while requests come in) picks up writes made elsewhere
(``kg import``, another replica). So an answer is never older than this process's own last
write, and at most ``interval`` older than anyone else's. When the poll fails, the version is
unknown and callers fall back to asking the database, which answers with the real error.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graph.errors import GraphError

__all__ = ["GraphVersions"]

log = logging.getLogger(__name__)


class GraphVersions:
    def __init__(self, read: Callable[[], int], *, interval: float = 0.05, idle_after: float = 10.0) -> None:
        self._read = read
        self.interval = interval
        self._idle_after = idle_after
        self._version: int | None = None
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
        """A version seen committed (by this process's write, or by a read)."""
        with self._lock:
            if self._version is None or version >= self._version:
                self._version = version
            self._known_at = time.monotonic()
            return self._version

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
