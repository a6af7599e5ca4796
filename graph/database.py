"""The one driver factory and the one place driver exceptions become ``GraphError``s.

``Database`` binds a driver to a database name and runs catalog statements through
managed transactions, so the driver retries transient errors and routes reads to readers
when the URI is a routing one (``neo4j://``, ``neo4j+s://``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, RoutingControl, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.exceptions import (
    DatabaseUnavailable as DriverDatabaseUnavailable,
)

from graph.cypher_catalog import query
from graph.errors import Conflict, DatabaseUnavailable, GraphError

__all__ = ["ConnectionInfo", "Database", "create_driver"]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class ConnectionInfo:
    uri: str
    user: str
    password: str = ""
    database: str = "neo4j"

    def redacted(self) -> str:
        return f"{self.uri} (user {self.user}, database {self.database})"


def create_driver(info: ConnectionInfo, *, retry_seconds: float = 3.0, connect_timeout: float = 3.0) -> Driver:
    """The driver for one process; create it once and close it on the way out."""
    return GraphDatabase.driver(
        info.uri,
        auth=(info.user, info.password),
        max_transaction_retry_time=retry_seconds,
        connection_timeout=connect_timeout,
        connection_acquisition_timeout=connect_timeout + retry_seconds,
        # A pooled connection to a restarted server is dead; check before use.
        liveness_check_timeout=30.0,
        user_agent="lessons-graph",
        # "already exists" notes from idempotent schema statements are not news.
        notifications_min_severity="WARNING",
    )


@contextmanager
def translate_errors() -> Iterator[None]:
    """Re-raise driver exceptions as the graph layer's own, chained to the cause."""
    try:
        yield
    except ConstraintError as e:
        raise Conflict("the change conflicts with existing data (an id is already taken)") from e
    except (ServiceUnavailable, SessionExpired, DriverDatabaseUnavailable, AuthError) as e:
        raise DatabaseUnavailable("the graph database is not reachable") from e
    except TransientError as e:
        raise DatabaseUnavailable("the graph database is busy; try again") from e
    except ClientError as e:
        code = e.code or ""
        # Not the statement's fault: too slow, terminated, or the configured database is gone.
        if code.startswith(
            ("Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.Terminated")
        ):
            raise DatabaseUnavailable("the database did not answer in time; try again") from e
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            raise DatabaseUnavailable("the configured Neo4j database does not exist") from e
        log.error("Cypher rejected by Neo4j: %s (%s)", e.message, code)
        raise GraphError("the database rejected a statement") from e
    except (DriverError, OSError) as e:
        raise DatabaseUnavailable("the graph database is not reachable") from e


class Database:
    """A driver bound to one database, running statements from the Cypher catalog."""

    def __init__(self, driver: Driver, database: str, *, timeout: float = 30.0) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout

    def with_timeout(self, seconds: float) -> Database:
        """The same database and driver with another transaction timeout (for imports)."""
        return Database(self.driver, self.database, timeout=seconds)

    def _query(self, name: str) -> Query:
        return Query(query(name), timeout=self.timeout)

    def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        with translate_errors():
            records, _, _ = self.driver.execute_query(
                self._query(name), params, routing_=RoutingControl.READ, database_=self.database
            )
        return [record.data() for record in records]

    def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """One catalog statement that changes the domain graph, counted in the graph version."""
        return self.write_unit(lambda tx: tx.run(name, **params))

    def write_statement(self, statement: LiteralString, /, **params: Any) -> list[dict[str, Any]]:
        """One auto-retried statement that leaves the domain graph as it is: schema and
        bookkeeping (see ``cypher_catalog.script``). Not counted in the graph version."""
        with translate_errors():
            records, _, _ = self.driver.execute_query(
                Query(statement, timeout=self.timeout),
                params,
                routing_=RoutingControl.WRITE,
                database_=self.database,
            )
        return [record.data() for record in records]

    def write_unit(self, work: Callable[[Transaction], T]) -> T:
        """Run several writes that must commit together (retried as a whole); the graph
        version goes up in the same transaction."""
        with translate_errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(self._unit(work))

    def _unit(self, work: Callable[[Transaction], T]) -> Callable[[ManagedTransaction], T]:
        @unit_of_work(timeout=self.timeout)
        def run(tx: ManagedTransaction) -> T:
            unit = Transaction(tx)
            result = work(unit)
            unit.run("graph_version_bump")
            return result

        return run

    def graph_version(self) -> int:
        """How many changes the domain graph has seen; equal versions mean an equal graph."""
        return int(self.read("graph_version")[0]["version"])

    def ping(self) -> None:
        with translate_errors():
            self.driver.verify_connectivity()


class Transaction:
    """A managed transaction that runs catalog statements by name."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def run(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        result = self._tx.run(query(name), params)
        return [record.data() for record in result]
