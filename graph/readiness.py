"""Whether the graph can serve requests: Neo4j reachable and the schema applied.

The schema is applied at start if Neo4j answers, and otherwise on the first request
that finds it reachable again, so the service recovers by itself after an outage.
"""

from __future__ import annotations

import threading

from graph.analysis.cache import AnswerCache
from graph.database import Database
from graph.schema import apply_schema

__all__ = ["GraphState"]


class GraphState:
    def __init__(self, db: Database, answers: AnswerCache | None = None) -> None:
        self.db = db
        self.answers = answers or AnswerCache()
        self.schema_version: int | None = None
        self._lock = threading.Lock()

    def ensure_ready(self) -> Database:
        """The database, once the schema is in place; raises ``DatabaseUnavailable`` if not."""
        if self.schema_version is None:
            with self._lock:
                if self.schema_version is None:
                    self.schema_version = apply_schema(self.db)
        return self.db

    def check(self) -> int:
        """Ping the server (even when the schema is known to be applied)."""
        self.ensure_ready()
        self.db.ping()
        assert self.schema_version is not None
        return self.schema_version
