"""The one exception tree of the graph layer; the API maps it to HTTP in one place.

    GraphError
    ├── DatabaseUnavailable   Neo4j cannot be reached (HTTP 503)
    ├── NotFound              a node or relationship does not exist (HTTP 404)
    ├── Conflict              an id or a cardinality is already taken (HTTP 409)
    ├── PreconditionFailed    the node moved on from the version the caller read (HTTP 412)
    ├── InvalidInput          a value, label, type or reference is not acceptable (HTTP 422)
    └── LocalServerError      the local Neo4j server could not be started or stopped

Driver exceptions are re-raised as one of these ``from`` the original, so callers never
handle ``neo4j`` exceptions themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Conflict",
    "DatabaseUnavailable",
    "GraphError",
    "InvalidInput",
    "LocalServerError",
    "NotFound",
    "PreconditionFailed",
    "Problem",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a JSON path or field name) and why."""

    location: str
    message: str
    accepted: list[Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"location": self.location, "message": self.message}
        if self.accepted is not None:
            out["accepted"] = self.accepted
        return out


class GraphError(Exception):
    """Root of every error the graph layer raises."""

    code = "graph_error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []


class DatabaseUnavailable(GraphError):
    code = "database_unavailable"


class NotFound(GraphError):
    code = "not_found"


class Conflict(GraphError):
    code = "conflict"


class PreconditionFailed(GraphError):
    code = "precondition_failed"


class InvalidInput(GraphError):
    code = "invalid_input"


class LocalServerError(GraphError):
    code = "local_server_error"
