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
ORGANISATIONS = op("NodeByLabelScan", details="n:Organisation")


def test_plain_reads_and_the_allowlist_pass() -> None:
    assert reason("r", op("ProduceResults", op("Limit", ORGANISATIONS))) is None
    assert reason("r", op("ProduceResults", LABELS)) is None
    union = op("ProduceResults", op("Union", op("Projection", LABELS), op("Projection", ORGANISATIONS)))
    assert reason("r", union) is None
    for name in ("db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"):
        assert reason("r", op("ProduceResults", op("ProcedureCall", details=f"{name}() :: (x :: STRING)"))) is None
    assert reason("r", op("ProduceResults", ORGANISATIONS, db="NEO4J"), "neo4j") is None, "names ignore case"


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


# Leaves as Neo4j 5.26 Community prints them (measured with EXPLAIN; graph/console_scope.py).
DOMAIN_LEAVES = [
    ("NodeByLabelScan", "n:Organisation"),
    ("NodeByLabelScan", "anon_0:Node"),
    ("NodeByLabelScan", "`a``b`:Action"),
    ("UnionNodeByLabelsScan", "n:Organisation|Mission"),
    ("UnionNodeByLabelsScan", "n:Node|Organisation|Mission"),
    ("IntersectionNodeByLabelsScan", "n:Organisation&Node"),
    ("SubtractionNodeByLabelsScan", "n:Node&!Organisation&!Mission"),
    ("NodeIndexSeek", "RANGE INDEX n:Node(id) WHERE id = $x, cache[n.id]"),
    ("NodeIndexSeek", "TEXT INDEX n:Finding(text) WHERE text = $autostring_0, cache[n.text]"),
    ("NodeUniqueIndexSeek", "UNIQUE n:Organisation(id) WHERE id = $autostring_0"),
    ("NodeIndexSeekByRange", "RANGE INDEX a:Action(due) WHERE due < $autostring_0, cache[a.due]"),
    ("NodeUniqueIndexSeekByRange", "UNIQUE n:Organisation(id) WHERE id STARTS WITH $autostring_0, cache[n.id]"),
    ("NodeIndexScan", "RANGE INDEX n:Organisation(kind) WHERE kind IS NOT NULL"),
    ("NodeIndexContainsScan", "TEXT INDEX n:Finding(text) WHERE text CONTAINS $autostring_0"),
    ("NodeIndexEndsWithScan", "TEXT INDEX n:Finding(text) WHERE text ENDS WITH $autostring_0"),
    ("DirectedRelationshipTypeScan", "(anon_0)-[r:ADDRESSES]->(anon_1)"),
    ("UndirectedRelationshipTypeScan", "(anon_0)-[r:ADDRESSES]-(anon_1)"),
    ("DirectedUnionRelationshipTypesScan", "(anon_0)-[r:ADDRESSES|OWNED_BY]->(anon_1)"),
    ("DirectedRelationshipIndexScan", "RANGE INDEX (a)-[r:ADDRESSES(note)]->(b) WHERE note IS NOT NULL, cache[r.note]"),
    ("UndirectedRelationshipIndexSeekByRange", "RANGE INDEX (anon_0)-[r:ADDRESSES(note)]-(anon_1) WHERE note > $x"),
    (
        "DirectedRelationshipIndexContainsScan",
        "TEXT INDEX (anon_0)-[r:OWNED_BY(note)]->(anon_1) WHERE note CONTAINS $x",
    ),
    ("NodeCountFromCountStore", "count( (:Node) ) AS `count(n)`"),
    ("NodeCountFromCountStore", "count( (:Organisation), (:Mission) ) AS `count(*)`"),
    ("RelationshipCountFromCountStore", "count( ()-[:ADDRESSES|OWNED_BY]->() ) AS `count(r)`"),
    ("RelationshipCountFromCountStore", "count( (:Action)-[]->() ) AS c"),
    ("Argument", "n"),
    ("Argument", None),
    ("EmptyRow", None),
    ("Projection", "$autoint_0 AS `1`"),
    ("Unwind", "$autolist_0 AS x"),
    ("Limit", "0"),
    ("Skip", "1"),
    ("EagerAggregation", "count(*) AS c"),
]
OUTSIDE_LEAVES = [
    ("AllNodesScan", "n"),
    ("DirectedAllRelationshipsScan", "(anon_0)-[r]->(anon_1)"),
    ("UndirectedAllRelationshipsScan", "(anon_0)-[r]-(anon_1)"),
    ("NodeByIdSeek", "n WHERE id(n) = $autoint_0"),
    ("NodeByElementIdSeek", "n WHERE elementId(n) = $id"),
    ("DirectedRelationshipByElementIdSeek", "(anon_0)-[r]->(anon_1) WHERE elementId(r) = $id"),
    ("UndirectedRelationshipByIdSeek", "(anon_0)-[r]-(anon_1) WHERE id(r) = $autoint_0"),
    ("NodeByLabelScan", "k:ApiKey"),
    ("NodeByLabelScan", "a:AuditRecord"),
    ("NodeByLabelScan", "s:SchemaVersion"),
    ("NodeByLabelScan", "v:GraphVersion"),
    ("NodeByLabelScan", "x:`Api Key`"),
    ("NodeByLabelScan", "`a``:Organisation`:ApiKey"),  # a variable that looks like a label
    ("NodeByLabelScan", "`a:Organisation`:ApiKey"),
    ("NodeByLabelScan", "n:Organisation:ApiKey"),  # not how Neo4j prints: unreadable
    ("NodeByLabelScan", None),
    ("UnionNodeByLabelsScan", "n:Node|ApiKey"),
    ("UnionNodeByLabelsScan", "n:Organisation|AuditRecord"),
    ("IntersectionNodeByLabelsScan", "n:Organisation&ApiKey"),
    ("SubtractionNodeByLabelsScan", "n:ApiKey&!AuditRecord"),
    ("NodeUniqueIndexSeek", "UNIQUE a:AuditRecord(id) WHERE id = $autostring_0, cache[a.id]"),
    ("NodeIndexSeekByRange", "RANGE INDEX a:AuditRecord(at) WHERE at > $autostring_0, cache[a.at]"),
    ("NodeUniqueIndexSeek", "UNIQUE `a``:Organisation(id`:ApiKey(id) WHERE id = $autostring_0"),
    ("NodeIndexSeek", "n:Node(id) WHERE id = $x"),  # no index kind: unreadable
    ("DirectedRelationshipTypeScan", "(a)-[r:PROBE]->(b)"),
    ("DirectedUnionRelationshipTypesScan", "(a)-[r:ADDRESSES|PROBE]->(b)"),
    ("DirectedRelationshipIndexSeek", "RANGE INDEX (a)-[r:PROBE(x)]->(b) WHERE x = $x"),
    ("NodeCountFromCountStore", "count( () ) AS `count(n)`"),
    ("NodeCountFromCountStore", "count( (:ApiKey) ) AS c"),
    ("NodeCountFromCountStore", "count( (:Organisation), () ) AS c"),
    ("RelationshipCountFromCountStore", "count( ()-[]->() ) AS `count(r)`"),
    ("RelationshipCountFromCountStore", "count( (:ApiKey)-[]->() ) AS `count(r)`"),
    ("RelationshipCountFromCountStore", "count( ()-[:PROBE]->() ) AS `count(r)`"),
    ("MultiNodeIndexSeek", "UNIQUE a:Organisation(id) WHERE id = $a, UNIQUE b:ApiKey(id) WHERE id = $b"),
    ("PartitionedNodeByLabelScan", "n:Organisation"),  # a leaf the console does not know
    ("Input", "x"),
]


@pytest.mark.parametrize(("name", "details"), DOMAIN_LEAVES)
def test_leaves_in_the_domain_graph_pass(name: str, details: str | None) -> None:
    assert reason("r", op("ProduceResults", op(name, details=details))) is None
    nested = op(
        "ProduceResults", op("Apply", ORGANISATIONS, op("Union", op("Projection", LABELS), op(name, details=details)))
    )
    assert reason("r", nested) is None


@pytest.mark.parametrize(("name", "details"), OUTSIDE_LEAVES)
def test_leaves_outside_the_domain_graph_are_refused(name: str, details: str | None) -> None:
    assert reason("r", op("ProduceResults", op(name, details=details))) == "outside_domain_graph"
    deep = op(
        "ProduceResults",
        op("Union", op("Projection", ORGANISATIONS), op("Apply", op("Argument"), op(name, details=details))),
    )
    assert reason("r", deep) == "outside_domain_graph", "in a UNION branch or a subquery too"


def test_a_scan_is_judged_wherever_it_is_and_a_variant_by_its_name() -> None:
    inner = op("NodeByLabelScan", op("Argument"), details="k:ApiKey")
    assert reason("r", op("ProduceResults", inner)) == "outside_domain_graph"
    assert (
        reason(
            "r", op("ProduceResults", op("NodeUniqueIndexSeek(Locking)", details="UNIQUE k:ApiKey(id) WHERE id = $x"))
        )
        == "outside_domain_graph"
    )
    assert reason("r", op("ProduceResults", op("Expand(All)", ORGANISATIONS, details="(n)-[r]->(m)"))) is None


@pytest.mark.parametrize(
    "details",
    [
        "[x IN $autolist_0 | COLLECT { MATCH (a)   WHERE a:ApiKey RETURN a.hash AS `a.hash` }] AS c",
        "[x IN $autolist_0 | COUNT { MATCH (k)   WHERE k:ApiKey }] AS c",
        "[y IN range($autoint_1, x) WHERE EXISTS { MATCH (a)   WHERE a:AuditRecord }] AS c",
        "[x IN $autolist_0 | COLLECT { ResolvedCall(db.info() :: id :: STRING) RETURN name AS name }] AS c",
        '[x IN $autolist_0 | COLLECT { LOAD CSV FROM "file:///etc/passwd" AS l RETURN l AS l }] AS c',
    ],
)
def test_a_subquery_inside_an_expression_is_refused(details: str) -> None:
    assert reason("r", op("ProduceResults", op("Projection", details=details))) == "nested_subquery"
    assert reason("r", op("ProduceResults", op("Projection", ORGANISATIONS, details=details))) == "nested_subquery"


def test_a_degree_is_no_subquery() -> None:
    degree = op("Projection", ORGANISATIONS, details="getDegree((n)-->()) AS d")
    assert reason("r", op("ProduceResults", degree)) is None


def test_what_a_query_does_is_refused_before_where_it_reads() -> None:
    assert reason("r", op("ProduceResults", op("Apply", op("AllNodesScan"), op("LoadCSV")))) == "operator"
    plan = op("ProduceResults", op("Apply", op("AllNodesScan"), op("ProcedureCall", details="db.info() :: (x)")))
    assert reason("r", plan) == "procedure"
    assert reason("w", op("ProduceResults", op("Create", op("AllNodesScan")))) == "query_type"
    nested = op("Projection", op("AllNodesScan"), details="[x IN $l | COUNT { MATCH (k) }] AS c")
    assert reason("r", op("ProduceResults", nested)) == "nested_subquery"


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
