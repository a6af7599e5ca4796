"""Whether the graph can serve requests: Neo4j reachable and the schema applied.

The schema is applied at start if Neo4j answers, and otherwise on the first request
that finds it reachable again, so the service recovers by itself after an outage. While
one request tries, the others answer 503 at once rather than queueing behind it, and
after a failed try the next one waits ``retry_seconds``, so an outage cannot fill the
worker pool with requests each waiting out a connection timeout.
"""

from __future__ import annotations

import threading
import time

from graph.database import Database
from graph.errors import DatabaseUnavailable
from graph.schema import apply_schema

__all__ = ["GraphState"]


class GraphState:
    def __init__(self, db: Database, *, retry_seconds: float = 1.0) -> None:
        self.db = db
        self.schema_version: int | None = None
        self._retry_seconds = retry_seconds
        self._next_try = 0.0
        self._last_failure = "the graph database is not reachable yet"
        self._lock = threading.Lock()

    def known_ready(self) -> Database | None:
        """The database if the schema is known to be in place (no I/O); else None."""
        return self.db if self.schema_version is not None else None

    def ensure_ready(self) -> Database:
        """The database, once the schema is in place; raises ``DatabaseUnavailable`` if not."""
        if (db := self.known_ready()) is not None:
            return db
        if time.monotonic() < self._next_try or not self._lock.acquire(blocking=False):
            raise DatabaseUnavailable(self._last_failure)
        try:
            if self.schema_version is None:
                self.schema_version = apply_schema(self.db)
        except DatabaseUnavailable as e:
            self._next_try = time.monotonic() + self._retry_seconds
            self._last_failure = e.message
            raise
        finally:
            self._lock.release()
        return self.db

    def check(self) -> int:
        """Ping the server (even when the schema is known to be applied)."""
        db = self.ensure_ready()
        db.ping()
        return self.schema_version or 0
