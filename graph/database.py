"""The one driver factory and the one place driver exceptions become ``GraphError``s.

``Database`` binds a driver to a database name and runs catalog statements through
managed transactions, so the driver retries transient errors and routes reads to readers
when the URI is a routing one (``neo4j://``, ``neo4j+s://``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, Record, RoutingControl, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.exceptions import (
    DatabaseUnavailable as DriverDatabaseUnavailable,
)

from graph.cypher_catalog import query
from graph.errors import Conflict, DatabaseUnavailable, DatabaseUnreachable, GraphError, InvalidInput
from graph.versions import NodeKeys

__all__ = ["CallsInProgress", "ConnectionInfo", "Database", "OutageGuard", "create_driver"]

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


def create_driver(info: ConnectionInfo, *, retry_seconds: float = 1.0, stall_seconds: float = 4.0) -> Driver:
    """The driver for one process; create it once and close it on the way out.

    A request must not wait long on a server that stopped answering: a connection is
    checked before every use (liveness_check_timeout=0; a frozen server fails the check
    within ``stall_seconds``), connecting and waiting for a pooled connection take at most
    ``stall_seconds``, and transient errors are retried for ``retry_seconds``. A read on a
    connection whose server freezes meanwhile ends after the server's own keep-alive hint
    (the local server sends one of ``stall_seconds``; see graph/local_server.py).
    """
    return GraphDatabase.driver(
        info.uri,
        auth=(info.user, info.password),
        max_transaction_retry_time=retry_seconds,
        connection_timeout=stall_seconds,
        connection_acquisition_timeout=stall_seconds,
        liveness_check_timeout=0,
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
        raise Conflict("the change conflicts with data in the graph (a value that must be unique is taken)") from e
    except (ServiceUnavailable, SessionExpired) as e:
        raise DatabaseUnreachable("the graph database is not reachable") from e
    except (DriverDatabaseUnavailable, AuthError) as e:
        raise DatabaseUnavailable("the graph database is not available") from e
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
        if code == "Neo.ClientError.Statement.EntityNotFound":
            raise Conflict("the data changed while the request ran (a node it uses was deleted); try again") from e
        log.error("Cypher rejected by Neo4j: %s (%s)", e.message, code)
        raise GraphError("the database rejected a statement") from e
    except Neo4jError as e:  # Neo.DatabaseError.*: the server failed on this request
        log.error("Neo4j failed: %s (%s)", e.message, e.code)
        raise DatabaseUnavailable("the graph database failed on this request; try again") from e
    except UnicodeEncodeError as e:  # the driver cannot send text that is not UTF-8 (a lone surrogate)
        raise InvalidInput("the input holds text that is not valid Unicode (a lone surrogate)") from e
    except (DriverError, OSError) as e:
        raise DatabaseUnreachable("the graph database is not reachable") from e


def _plain(record: Record) -> dict[str, Any]:
    """A record as a dict, as it came: the catalog's statements return maps and lists, never
    graph objects, so ``Record.data()``'s walk through every value (a second per million
    values) is not needed."""
    return dict(zip(record.keys(), record.values(), strict=True))


class OutageGuard:
    """After the server was found unreachable, answer at once for ``pause`` seconds instead
    of letting every request wait out its own connection attempt: during an outage a
    client gets its 503 fast, and the first request after the pause tries again."""

    def __init__(self, pause: float = 1.0) -> None:
        self.pause = pause
        self._until = 0.0

    def check(self) -> None:
        if time.monotonic() < self._until:
            raise DatabaseUnreachable("the graph database was unreachable a moment ago; try again shortly")

    def record(self) -> None:
        self._until = time.monotonic() + self.pause


class CallsInProgress:
    """How many database calls are running now. Each holds one connection of the driver's
    pool while it runs, and the driver has no public API for its pool, so this is the
    service's own count of the connections it has in use (for the metrics)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        return self._count

    @contextmanager
    def one(self) -> Iterator[None]:
        with self._lock:
            self._count += 1
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1


class Database:
    """A driver bound to one database, running statements from the Cypher catalog."""

    def __init__(
        self,
        driver: Driver,
        database: str,
        *,
        timeout: float = 30.0,
        outage: OutageGuard | None = None,
        on_commit: Callable[[int, frozenset[str] | None, NodeKeys], object] | None = None,
        calls: CallsInProgress | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout
        self.outage = outage or OutageGuard()
        # Told the graph version each data write committed, what it touched (labels and
        # relationship types; None: anything) and which nodes it changed (None: unknown),
        # see graph/versions.py.
        self.on_commit = on_commit
        self.calls = calls or CallsInProgress()

    def with_timeout(self, seconds: float) -> Database:
        """The same database and driver with another transaction timeout (for imports)."""
        return Database(
            self.driver,
            self.database,
            timeout=seconds,
            outage=self.outage,
            on_commit=self.on_commit,
            calls=self.calls,
        )

    @contextmanager
    def _calling(self) -> Iterator[None]:
        self.outage.check()
        try:
            with self.calls.one(), translate_errors():
                yield
        except DatabaseUnreachable:
            self.outage.record()
            raise

    @contextmanager
    def guard(self) -> Iterator[None]:
        """What every call of this class runs under (the outage guard, the count of calls,
        driver errors translated), for the one module that runs text from outside the
        catalog: the read-only console (``graph/console_runner.py``)."""
        with self._calling():
            yield

    def _query(self, name: str) -> Query:
        return Query(query(name), timeout=self.timeout)

    def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        with self._calling():
            records, _, _ = self.driver.execute_query(
                self._query(name), params, routing_=RoutingControl.READ, database_=self.database
            )
        return [_plain(record) for record in records]

    def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """One catalog statement that changes the domain graph, counted in the graph version."""
        return self.write_unit(lambda tx: tx.run(name, **params))

    def write_statement(self, statement: LiteralString, /, **params: Any) -> list[dict[str, Any]]:
        """One auto-retried statement that leaves the domain graph as it is: schema and
        bookkeeping (see ``cypher_catalog.script``). Not counted in the graph version."""
        with self._calling():
            records, _, _ = self.driver.execute_query(
                Query(statement, timeout=self.timeout),
                params,
                routing_=RoutingControl.WRITE,
                database_=self.database,
            )
        return [_plain(record) for record in records]

    def autocommit(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """One catalog statement in an auto-commit transaction: for ``CALL ... IN
        TRANSACTIONS``, which commits batch by batch itself. Not retried, not counted in
        the graph version (the caller bumps it)."""
        with self._calling(), self.driver.session(database=self.database) as session:
            return [_plain(record) for record in session.run(self._query(name), params)]

    def write_unit(
        self,
        work: Callable[[Transaction], T],
        *,
        retry_conflicts: int = 0,
        bump_version: bool = True,
        touches: frozenset[str] | None = None,
        nodes: NodeKeys | Callable[[], NodeKeys] = None,
    ) -> T:
        """Run several writes that must commit together (retried as a whole on transient
        errors); the graph version goes up in the same transaction. ``retry_conflicts``
        runs idempotent work again when it lost a race to create a node that another
        transaction created first (a uniqueness conflict): run again, it merges. ``touches``
        names the labels and relationship types the work may change (None: any), so that
        answers that read none of them can be kept; ``nodes`` the nodes it may change, as
        (label, id) (None: unknown), so that what was read of the graph can be read again
        for those nodes only (a function when only the work finds out: asked after the commit)."""
        attempt = 0
        committed: list[int] = []
        while True:
            try:
                with self._calling(), self.driver.session(database=self.database) as session:
                    result = session.execute_write(self._unit(work, bump_version=bump_version, committed=committed))
                if committed and self.on_commit is not None:
                    self.on_commit(committed[-1], touches, nodes() if callable(nodes) else nodes)
                return result
            except Conflict as e:
                if attempt >= retry_conflicts or not isinstance(e.__cause__, ConstraintError):
                    raise
                attempt += 1
                log.info("a write unit lost a race to create a node; running it again")

    def _unit(
        self, work: Callable[[Transaction], T], *, bump_version: bool, committed: list[int]
    ) -> Callable[[ManagedTransaction], T]:
        @unit_of_work(timeout=self.timeout)
        def run(tx: ManagedTransaction) -> T:
            unit = Transaction(tx)
            result = work(unit)
            if bump_version:  # a change of the domain graph; credentials are not one
                committed.append(int(unit.run("graph_version_bump")[0]["version"]))
            return result

        return run

    def graph_version(self) -> int:
        """How many changes the domain graph has seen; equal versions mean an equal graph."""
        return int(self.read("graph_version")[0]["version"])

    def ping(self) -> None:
        with self._calling():
            self.driver.verify_connectivity()


class Transaction:
    """A managed transaction that runs catalog statements by name."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def run(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        result = self._tx.run(query(name), params)
        return [_plain(record) for record in result]
