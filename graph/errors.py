"""The one exception tree of the graph layer; the API maps it to HTTP in one place.

    GraphError
    ├── DatabaseUnavailable   Neo4j cannot serve the request now (HTTP 503)
    │   └── DatabaseUnreachable   the connection failed or the server stopped answering
    ├── Unauthenticated       no credential, or one that is not valid (HTTP 401)
    ├── Forbidden             the caller's role or clearance does not allow it (HTTP 403)
    ├── NotFound              a node or relationship does not exist (HTTP 404)
    ├── Conflict              an id or a cardinality is already taken (HTTP 409)
    ├── PreconditionFailed    the node moved on from the version the caller read (HTTP 412)
    ├── NotAcceptable         no representation the client accepts (HTTP 406)
    ├── InvalidInput          a value, label, type or reference is not acceptable (HTTP 422)
    │   └── QueryRefused          the read-only console refuses a query, for a named reason
    ├── TooManyRequests       the caller asked more often than allowed (HTTP 429, Retry-After)
    └── LocalServerError      the local Neo4j server could not be started or stopped

Driver exceptions are re-raised as one of these ``from`` the original, so callers never
handle ``neo4j`` exceptions themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_PROBLEMS",
    "Conflict",
    "DatabaseUnavailable",
    "DatabaseUnreachable",
    "Forbidden",
    "GraphError",
    "InvalidInput",
    "LocalServerError",
    "NotAcceptable",
    "NotFound",
    "PreconditionFailed",
    "Problem",
    "Problems",
    "QueryRefused",
    "TooManyRequests",
    "Unauthenticated",
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


MAX_PROBLEMS = 100


class Problems:
    """Problems as they are found: every one counted, the first ``limit`` kept, so that a
    huge bad document costs neither memory nor a huge answer."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.items: list[Problem] = []
        self.total = 0

    def append(self, problem: Problem) -> None:
        self.total += 1
        if len(self.items) < self.limit:
            self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __len__(self) -> int:
        return self.total

    def summary(self, what: str) -> str:
        """``"3 record(s) are invalid"``, saying when only the first ones are listed."""
        shown = f" (the first {len(self.items)} are listed)" if self.total > len(self.items) else ""
        return f"{self.total} {what}{shown}"


class GraphError(Exception):
    """Root of every error the graph layer raises."""

    code = "graph_error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []


class DatabaseUnavailable(GraphError):
    code = "database_unavailable"


class DatabaseUnreachable(DatabaseUnavailable):
    code = "database_unavailable"


class Unauthenticated(GraphError):
    code = "unauthenticated"


class Forbidden(GraphError):
    code = "forbidden"


class NotFound(GraphError):
    code = "not_found"


class Conflict(GraphError):
    code = "conflict"


class PreconditionFailed(GraphError):
    code = "precondition_failed"


class NotAcceptable(GraphError):
    code = "not_acceptable"


class InvalidInput(GraphError):
    code = "invalid_input"


class QueryRefused(InvalidInput):
    """A console query refused before, or stopped while, it ran; ``reason`` is one word from
    ``graph.console_checks.REASONS`` (for the audit trail and the metrics), and the message
    starts ``query refused (<reason>):``."""

    code = "query_refused"

    def __init__(self, reason: str, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(f"query refused ({reason}): {message}", problems)
        self.reason = reason


class TooManyRequests(GraphError):
    """The caller's quota is spent; ``retry_after`` is the whole seconds until it is not."""

    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LocalServerError(GraphError):
    code = "local_server_error"
