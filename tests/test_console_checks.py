"""The console's checks and value conversion as pure functions, on plans shaped as Neo4j
5.26 gives them (``summary.plan``: operatorType with an ``@<database>`` suffix, args,
identifiers, children), and its per-caller quota. No database."""

from __future__ import annotations

import math
from typing import Any

import pytest
from neo4j.spatial import CartesianPoint
from neo4j.time import Date, DateTime, Duration

from app.rate_limit import RateLimiter
from graph.console_checks import MAX_CYPHER_LENGTH, check_parameters, check_plan, check_text
from graph.console_values import json_safe
from graph.errors import QueryRefused, TooManyRequests


def op(name: str, *children: dict[str, Any], details: str | None = None, db: str = "neo4j") -> dict[str, Any]:
    operator: dict[str, Any] = {"operatorType": f"{name}@{db}" if db else name, "args": {}, "identifiers": []}
    if details is not None:
        operator["args"]["Details"] = details
    if children:
        operator["children"] = list(children)
    return operator


def reason(query_type: str | None, plan: dict[str, Any] | None, database: str = "neo4j") -> str | None:
    try:
        check_plan(query_type, plan, database)
    except QueryRefused as e:
        return e.reason
    return None


LABELS = op("ProcedureCall", details="db.labels() :: (label :: STRING)")


def test_plain_reads_and_the_allowlist_pass() -> None:
    assert reason("r", op("ProduceResults", op("Limit", op("AllNodesScan")))) is None
    assert reason("r", op("ProduceResults", LABELS)) is None
    union = op("ProduceResults", op("Union", op("Projection", LABELS), op("Projection", op("NodeByLabelScan"))))
    assert reason("r", union) is None
    for name in ("db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"):
        assert reason("r", op("ProduceResults", op("ProcedureCall", details=f"{name}() :: (x :: STRING)"))) is None
    assert reason("r", op("ProduceResults", op("AllNodesScan"), db="NEO4J"), "neo4j") is None, "names ignore case"


@pytest.mark.parametrize("query_type", ["w", "rw", "s", None, ""])
def test_only_read_queries(query_type: str | None) -> None:
    assert reason(query_type, op("ProduceResults", op("AllNodesScan"))) == "query_type"


@pytest.mark.parametrize(
    "name",
    ["LoadCSV", "ShowTransactions", "ShowSettings", "ShowProcedures", "TerminateTransactions", "TransactionForeach",
     "Create", "SetProperty", "DetachDelete", "Merge", "Foreach", "RemoveLabels", "AdministrationCommand"],
)  # fmt: skip
def test_refused_operators_anywhere_in_the_plan(name: str) -> None:
    assert reason("r", op("ProduceResults", op(name))) == "operator"
    deep = op(
        "ProduceResults", op("Union", op("Projection", op("AllNodesScan")), op("Apply", op("Argument"), op(name)))
    )
    assert reason("r", deep) == "operator", "in a UNION branch or a subquery too"


@pytest.mark.parametrize(
    "details",
    ["db.ping() :: (success :: BOOLEAN)", "db.info() :: (id :: STRING)", "db.stats.retrieve($autostring_0) :: (x)",
     "apoc.help($x) :: (x)", "db.labelsX() :: (label :: STRING)", "", "labels"],
)  # fmt: skip
def test_procedures_off_the_allowlist(details: str) -> None:
    plan = op("ProduceResults", op("Apply", op("AllNodesScan"), op("ProcedureCall", details=details)))
    assert reason("r", plan) == "procedure"
    assert reason("r", op("ProduceResults", op("ProcedureCall"))) == "procedure", "no details: refused"


def test_another_database_is_refused_before_anything_else() -> None:
    assert reason("s", op("dbms.components", db="system")) == "database"
    assert reason("r", op("ProduceResults", op("AllNodesScan", db="other"))) == "database"
    assert reason("r", op("ProduceResults", op("AllNodesScan", db=""))) == "database", "no suffix: refused"
    assert reason("r", op("ProduceResults", op("AllNodesScan")), "lessons") == "database"
    assert reason("r", op("ProduceResults", op("dbms.components"))) == "procedure"


def test_no_plan_is_refused() -> None:
    assert reason("r", None) == "operator"


def test_the_text() -> None:
    assert check_text("MATCH (n) RETURN n") == "MATCH (n) RETURN n"
    assert check_text("x" * MAX_CYPHER_LENGTH)
    with pytest.raises(QueryRefused) as long:
        check_text("x" * (MAX_CYPHER_LENGTH + 1))
    assert long.value.reason == "length"
    assert long.value.message.startswith("query refused (length): ")
    with pytest.raises(QueryRefused) as surrogate:
        check_text("RETURN '\ud800'")
    assert surrogate.value.reason == "encoding"


def test_parameters_of_the_simple_kinds() -> None:
    good = {
        "s": "x",
        "i": -(2**63),
        "j": 2**63 - 1,
        "f": 1.5,
        "nan": math.nan,
        "b": False,
        "n": None,
        "l": [1, "a", None],
    }
    assert check_parameters(good) == good
    assert check_parameters({}) == {}


@pytest.mark.parametrize(
    ("parameters", "location"),
    [
        ({"x": {"a": 1}}, "parameters.x"),
        ({"x": [[1]]}, "parameters.x"),
        ({"x": [{"a": 1}]}, "parameters.x"),
        ({"x": 2**63}, "parameters.x"),
        ({"x": [2**63]}, "parameters.x"),
        ({"x": b"bytes"}, "parameters.x"),
        ({"x": "a" * 10_001}, "parameters.x"),
        ({"x": [1] * 1001}, "parameters.x"),
        ({"x": "\udc00"}, "parameters.x"),
        ({"bad name": 1}, "parameters"),
        ({"x-y": 1}, "parameters"),
        ({f"p{i}": "a" * 9000 for i in range(12)}, "parameters"),
        ({f"p{i}": 1 for i in range(101)}, "parameters"),
    ],
)
def test_parameters_of_other_kinds(parameters: dict[str, Any], location: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        check_parameters(parameters)
    assert refused.value.reason == "parameters"
    assert refused.value.problems[0].location == location


def test_values_become_json() -> None:
    assert json_safe([1, "a", None, True]) == [1, "a", None, True]
    assert json_safe(math.nan) == "NaN"
    assert json_safe(-math.inf) == "-Infinity"
    assert json_safe(Date(2026, 3, 25)) == "2026-03-25"
    assert json_safe(Duration(days=1, hours=2)) == "P1DT2H"
    assert json_safe(DateTime(2026, 3, 25, 10, 15)) == "2026-03-25T10:15:00.000000000"
    assert json_safe(CartesianPoint((1.0, 2.0))) == {"srid": 7203, "coordinates": [1.0, 2.0]}
    assert json_safe(b"\x00\xff") == "AP8="
    assert json_safe({"a": {"b": [math.inf]}}) == {"a": {"b": ["Infinity"]}}


def test_the_quota_is_a_sliding_minute_per_caller() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    limiter.take("a")
    now[0] += 10
    limiter.take("a")
    limiter.take("b")
    with pytest.raises(TooManyRequests) as spent:
        limiter.take("a")
    assert spent.value.retry_after == 50, "until the first call leaves the window"
    now[0] += 50
    limiter.take("a")
    with pytest.raises(TooManyRequests) as again:
        limiter.take("a")
    assert again.value.retry_after == 10
