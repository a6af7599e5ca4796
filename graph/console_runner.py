"""The one place where Cypher from outside the catalog reaches Neo4j: the analyst's own
query in the read-only console. ``graph/console.py`` decides whether a query may run;
this module only plans it (``explain``) and runs it (``run_read``).

Both open a session of their own on the service's database in READ access mode, so the
server refuses any graph or schema write whatever the checks let through (defence in
depth: it does not stop LOAD CSV, SHOW or TERMINATE, which the plan walk refuses). Both
are bounded by ``timeout`` on the server and run without the driver's retries: a query
that ran out of time or memory would only run again (the retry budget is per session).
Errors that are the query's own become ``QueryRefused`` with a reason; the rest (the
database is gone, busy, or frozen) are translated as for every other call.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, ManagedTransaction, Query, Session, unit_of_work
from neo4j.exceptions import AuthError, ClientError, Neo4jError

from graph.console_checks import Parameters
from graph.console_values import json_safe
from graph.database import Database
from graph.errors import QueryRefused

__all__ = ["Plan", "Rows", "explain", "run_read"]

# Neo4j's own message names what is wrong with the analyst's text; its first line, bounded.
_MESSAGE_CHARS = 300


@dataclass(frozen=True)
class Plan:
    query_type: str | None
    plan: dict[str, Any] | None


@dataclass(frozen=True)
class Rows:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _first_line(error: Neo4jError) -> str:
    text = (error.message or "").strip().splitlines()
    return text[0][:_MESSAGE_CHARS] if text else "no message"


def _refusal(error: Neo4jError, *, planning: bool, timeout: float) -> QueryRefused | None:
    """The refusal a server error stands for, or None when it is not the query's doing."""
    code = error.code or ""
    if code == "Neo.ClientError.Statement.AccessMode" or code.endswith("ForbiddenOnReadOnlyDatabase"):
        return QueryRefused("write", "the query writes; the console only reads")
    if code.startswith("Neo.ClientError.Transaction.TransactionTimedOut"):
        return QueryRefused("timeout", f"the query ran longer than the console allows ({timeout:g} s)")
    if "MemoryPoolOutOfMemoryError" in code or "TransactionMemoryLimit" in code:
        return QueryRefused("memory", "the query needs more memory than a transaction may use")
    if not isinstance(error, ClientError) or isinstance(error, AuthError):
        return None
    why = _first_line(error)
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return QueryRefused("database", f"the query names another database: {why}")
    if code == "Neo.ClientError.Statement.ParameterMissing":
        return QueryRefused("parameters", f"a parameter the query uses is missing: {why}")
    if code.startswith("Neo.ClientError.Statement.SyntaxError") and "exactly one statement" in why:
        return QueryRefused("statements", "the console runs one statement at a time")
    if planning and code.startswith("Neo.ClientError.Procedure."):
        return QueryRefused("procedure", f"Neo4j could not plan the query: {why}")
    if planning and code.startswith(("Neo.ClientError.Statement.", "Neo.ClientError.Schema.")):
        return QueryRefused("syntax", f"Neo4j could not plan the query: {why}")
    if not planning and code.startswith(("Neo.ClientError.Statement.", "Neo.ClientError.Procedure.")):
        return QueryRefused("failed", f"the query failed: {why}")
    return None  # the session, the transaction or the cluster: not the query's doing


@contextmanager
def _refusals(*, planning: bool, timeout: float) -> Iterator[None]:
    try:
        yield
    except Neo4jError as e:
        refusal = _refusal(e, planning=planning, timeout=timeout)
        if refusal is None:
            raise
        raise refusal from e


def _session(db: Database, **config: Any) -> Session:
    return db.driver.session(
        database=db.database,
        default_access_mode=READ_ACCESS,
        max_transaction_retry_time=0,
        disable_auto_commit_retries=True,
        **config,
    )


def _statement(text: str) -> LiteralString:
    # The exception to "every statement comes from the catalog", by nature: the analyst's
    # text, checked by graph/console.py before it runs, and only ever in READ mode here.
    # (mypy treats LiteralString as str; the cast tells the driver's type hints and the reader.)
    return cast(LiteralString, text)  # type: ignore[redundant-cast]


def explain(db: Database, text: str, parameters: Parameters, *, timeout: float) -> Plan:
    """Neo4j's plan for ``text`` and its query type, without running it."""
    query = Query(_statement("EXPLAIN " + text), timeout=timeout)
    with db.guard(), _refusals(planning=True, timeout=timeout), _session(db) as session:
        summary = session.run(query, dict(parameters)).consume()
    return Plan(summary.query_type, summary.plan)


def run_read(db: Database, text: str, parameters: Parameters, *, timeout: float, max_rows: int) -> Rows:
    """Run ``text`` in a READ transaction; at most ``max_rows`` rows, ``truncated`` when
    there were more (the rest is discarded by the server, not computed, unless the query
    is eager, which the timeout and the server's memory cap bound)."""
    statement = _statement(text)

    @unit_of_work(timeout=timeout)
    def work(tx: ManagedTransaction) -> Rows:
        result = tx.run(statement, dict(parameters))
        columns = list(result.keys())
        rows: list[list[Any]] = []
        for record in result:
            if len(rows) == max_rows:
                return Rows(columns, rows, truncated=True)
            rows.append([json_safe(value) for value in record.values()])
        return Rows(columns, rows, truncated=False)

    with db.guard(), _refusals(planning=False, timeout=timeout), _session(db, fetch_size=max_rows + 1) as session:
        return session.execute_read(work)
