"""What the read-only console accepts, decided without running the query: the text, the
parameters, and the plan Neo4j gives for ``EXPLAIN`` (DOMAIN.md, Security; issue 13).

A plan is accepted when its query type is ``r`` and every operator in it, ``UNION``
branches and subqueries included (they are children), runs on the service's database and
is neither a procedure call off the allowlist nor one of the operators that read or act
outside the graph. Measured on Neo4j 5.26 (see the README): ``LOAD CSV``, ``SHOW ...`` and
``TERMINATE TRANSACTIONS`` have query type ``r`` and succeed in a READ transaction, and
``USE system`` plans carry ``@system`` operators named after the procedure they call, so
none of the three rules is enough alone. Then no operator may hide a subquery in an
expression, and every place the plan enters the database must name domain labels or
types (``console_scope``): the console answers from the domain graph, not from the audit
trail or the API keys. Everything here is a pure function, tested without a database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from graph.console_scope import check_entry, check_nested
from graph.errors import Problem, QueryRefused

__all__ = [
    "ALLOWED_PROCEDURES",
    "MAX_CYPHER_LENGTH",
    "MAX_LIST_ITEMS",
    "MAX_PARAMETERS",
    "MAX_PARAMETERS_SIZE",
    "MAX_STRING_LENGTH",
    "PARAMETER_NAME",
    "REASONS",
    "Parameters",
    "Scalar",
    "check_parameters",
    "check_plan",
    "check_text",
]

MAX_CYPHER_LENGTH = 10_000
MAX_PARAMETERS = 100
MAX_LIST_ITEMS = 1_000
MAX_STRING_LENGTH = 10_000
# All parameters together, as JSON text: they are kept in the audit record of the query.
MAX_PARAMETERS_SIZE = 100_000
PARAMETER_NAME = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
_NAME = re.compile(PARAMETER_NAME)
_INT64 = (-(2**63), 2**63 - 1)

# The procedures an analyst may call: they describe the graph's schema, nothing else.
ALLOWED_PROCEDURES = frozenset({"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"})
# Operators refused wherever they appear, by the start of their name. Writes are also
# refused by the query type; the walk does not rely on that.
_REFUSED_OPERATORS = (
    "LoadCSV",  # reads files and URLs: outside the graph
    "Show",  # SHOW TRANSACTIONS, SETTINGS, PROCEDURES, INDEXES, ...: the server, not the graph
    "Terminate",  # TERMINATE TRANSACTIONS kills other clients' work, even from a READ transaction
    "AdministrationCommand",
    "Transaction",  # CALL { ... } IN TRANSACTIONS
    "Create",
    "Merge",
    "Delete",
    "DetachDelete",
    "Set",
    "Remove",
    "Foreach",
    "Drop",
)
# The name of the procedure a ProcedureCall operator calls, as the plan normalises it.
_PROCEDURE = re.compile(r"^([A-Za-z_][\w.]*)\(")

# Every reason a console query can be refused for: the audit trail and the metrics name
# one of these, never free text.
REASONS = (
    "rate_limit",  # the caller's quota per minute is spent (429)
    "clearance",  # the graph holds nodes above the caller's clearance (403)
    "length",  # the text is longer than MAX_CYPHER_LENGTH
    "encoding",  # the text is not valid Unicode
    "parameters",  # a parameter of another type, name or size than allowed
    "syntax",  # Neo4j could not plan the text (syntax, semantics, unknown procedure)
    "statements",  # more than one statement
    "query_type",  # the plan's query type is not r (read)
    "procedure",  # a procedure off the allowlist
    "operator",  # a refused operator (LOAD CSV, SHOW, TERMINATE, writes)
    "database",  # an operator on another database than the service's (USE system)
    "write",  # it tried to write while it ran (refused by the READ transaction)
    "timeout",  # it ran longer than the console's timeout
    "memory",  # it needed more memory than a transaction may use
    "failed",  # Neo4j stopped it with an error of the query's own (a type, a division by zero)
    "nested_subquery",  # a subquery inside another expression, which the plan does not show
    "outside_domain_graph",  # it reads nodes or relationships outside the domain graph (audit trail, keys)
)

Scalar = str | int | float | bool | None
Parameters = dict[str, Scalar | list[Scalar]]


def check_text(text: str) -> str:
    if len(text) > MAX_CYPHER_LENGTH:
        raise QueryRefused(
            "length", f"the query is {len(text)} characters long; the console takes at most {MAX_CYPHER_LENGTH}"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise QueryRefused("encoding", "the query is not valid Unicode text (it holds a lone surrogate)") from e
    return text


def _scalar_problem(value: object) -> str | None:
    if value is None or isinstance(value, bool | float):
        return None
    if isinstance(value, int):
        return None if _INT64[0] <= value <= _INT64[1] else "an integer outside the 64-bit range"
    if isinstance(value, str):
        if len(value) > MAX_STRING_LENGTH:
            return f"a string longer than {MAX_STRING_LENGTH} characters"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text that is not valid Unicode"
        return None
    return f"a {type(value).__name__}: only strings, numbers, booleans, null and lists of those are accepted"


def _value_problem(value: object) -> str | None:
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            return f"a list of more than {MAX_LIST_ITEMS} items"
        for i, item in enumerate(value):
            if isinstance(item, list):
                return f"item {i} is a list: lists may hold strings, numbers, booleans and null only"
            problem = _scalar_problem(item)
            if problem:
                return f"item {i} is {problem}"
        return None
    return _scalar_problem(value)


def check_parameters(parameters: Mapping[str, Any]) -> Parameters:
    """The parameters, when every name and value is of the simple kinds the console takes
    (strings, numbers, booleans, null and flat lists of those, bounded in size)."""
    problems: list[Problem] = []
    if len(parameters) > MAX_PARAMETERS:
        problems.append(Problem("parameters", f"{len(parameters)} parameters; at most {MAX_PARAMETERS}"))
    for name, value in parameters.items():
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(Problem("parameters", f"{name!r} is not a parameter name ({PARAMETER_NAME})"))
            continue
        problem = _value_problem(value)
        if problem:
            problems.append(Problem(f"parameters.{name}", problem))
    if not problems:
        size = len(json.dumps(parameters, ensure_ascii=False))
        if size > MAX_PARAMETERS_SIZE:
            problems.append(
                Problem("parameters", f"{size} characters as JSON; at most {MAX_PARAMETERS_SIZE} altogether")
            )
    if problems:
        raise QueryRefused("parameters", "parameters of a kind the console does not take", problems)
    return dict(parameters)


def check_plan(query_type: str | None, plan: Mapping[str, Any] | None, database: str) -> None:
    """Refuse the query unless its ``EXPLAIN`` plan only reads the domain graph of ``database``."""
    if plan is None:  # no plan, nothing known: refuse (fail closed)
        raise QueryRefused("operator", "Neo4j gave no plan for the query")
    operators = list(_operators(plan))
    for _, graph, _ in operators:
        if graph.lower() != database.lower():
            # `USE system CALL dbms.components()` plans as `dbms.components@system`.
            raise QueryRefused("database", f"the query reaches beyond the database {database!r}")
    if query_type != "r":
        raise QueryRefused("query_type", f"the console runs read queries only; this one has query type {query_type!r}")
    for name, _, operator in operators:
        if "." in name:  # a procedure planned as an operator of its own (seen with USE)
            raise QueryRefused("procedure", f"the procedure {name} is not one the console may call")
        if name.startswith(_REFUSED_OPERATORS):
            raise QueryRefused("operator", f"the console does not run {name} (it reaches outside the graph or writes)")
        if name == "ProcedureCall":
            match = _PROCEDURE.match(_details(operator))
            procedure = match.group(1) if match else "an unnamed procedure"
            if procedure not in ALLOWED_PROCEDURES:
                allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
                raise QueryRefused("procedure", f"the console may call {allowed}; not {procedure}")
    # Only once nothing above applies, so that a query is refused for what it does (writes,
    # LOAD CSV, a procedure) before where it reads.
    for name, _, operator in operators:
        check_nested(name, _details(operator))
    for name, _, operator in operators:
        check_entry(name.partition("(")[0], _details(operator), leaf=not operator.get("children"))


def _details(operator: Mapping[str, Any]) -> str:
    return str((operator.get("args") or {}).get("Details", ""))


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Every operator of the plan, children included: its name, its database, itself."""
    stack: list[Mapping[str, Any]] = [plan]
    while stack:
        operator = stack.pop()
        name, _, graph = str(operator.get("operatorType", "")).partition("@")
        yield name, graph, operator
        stack.extend(operator.get("children") or ())
