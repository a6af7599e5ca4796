"""The read-only Cypher console on a real Neo4j: a rejection corpus (writes in every form,
every refused operator, also inside UNION branches and subqueries, several statements,
comment tricks, another database, reads outside the domain graph such as the audit trail
and the API keys, subqueries hidden in expressions, parameters of bad kinds), what it
accepts and how it answers, clearance and role, the READ transaction as a backstop, the
audit trail and the quota."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.console_checks import MAX_CYPHER_LENGTH, MAX_LIST_ITEMS, MAX_STRING_LENGTH
from graph.console_runner import run_read
from graph.database import Database
from graph.errors import QueryRefused
from tests.graphs import GraphBuilder
from tests.tokens import bearer

API = "/api/v1"
ROWS = 50  # the row cap of the console under test


@pytest.fixture(scope="module")
def console(settings: Settings, session_db: Database) -> Iterator[TestClient]:
    """The app with a small row cap and a quota that the corpus does not reach, as an
    administrator cleared for everything."""
    tuned = settings.model_copy(update={"console_max_rows": ROWS, "console_per_minute": 100_000})
    with TestClient(create_app(tuned), raise_server_exceptions=False, headers=bearer(settings)) as client:
        yield client


def _ask(client: TestClient, cypher: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    # JSON escapes (ensure_ascii) carry lone surrogates too, which a client may well send.
    body = json.dumps({"cypher": cypher, "parameters": parameters or {}})
    headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
    return client.post(f"{API}/query", content=body, headers=headers, **kwargs)


# -- the rejection corpus -----------------------------------------------------------------------
# Each query and the reasons it may be refused for (Neo4j decides some of them at planning,
# as a syntax error, rather than in the plan); none may run.
WRITES = {
    "CREATE (n:Probe) RETURN n": {"query_type"},
    "MERGE (n:Probe {id: 1})": {"query_type"},
    "MATCH (n) SET n.probe = 1": {"query_type"},
    "MATCH (n) SET n:Probe": {"query_type"},
    "MATCH (n) DELETE n": {"query_type"},
    "MATCH (n) DETACH DELETE n": {"query_type"},
    "MATCH (n) REMOVE n.id": {"query_type"},
    "MATCH (n) REMOVE n:Node": {"query_type"},
    "MATCH ()-[r]->() DELETE r": {"query_type"},
    "FOREACH (x IN [1, 2] | CREATE (:Probe))": {"query_type"},
    "MATCH (n) CALL (n) { SET n.probe = 1 } IN TRANSACTIONS": {"query_type", "syntax"},
    "UNWIND range(1, 3) AS x CALL (x) { CREATE (:Probe {x: x}) } IN TRANSACTIONS OF 1 ROW": {"query_type", "syntax"},
    "CALL { CREATE (:Probe) } RETURN 1 AS one": {"query_type"},
    "MATCH (n) CALL (n) { CREATE (:Probe) RETURN 1 AS one } RETURN one": {"query_type"},
    "CREATE INDEX probe FOR (n:Probe) ON (n.a)": {"query_type"},
    "CREATE CONSTRAINT probe FOR (n:Probe) REQUIRE n.id IS UNIQUE": {"query_type"},
    "DROP INDEX node_id": {"query_type"},
    "DROP CONSTRAINT organisation_id": {"query_type"},
    "CALL db.createLabel('Probe')": {"query_type"},
    "CREATE USER eve SET PASSWORD 'secretsecret'": {"database"},  # planned on the system database
    "EXPLAIN CREATE (:Probe)": {"query_type", "syntax"},
}
OPERATORS = {
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line": {"operator"},
    "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:1/x.csv' AS row RETURN row": {"operator"},
    "LOAD CSV FROM 'https://example.invalid/x.csv' AS line RETURN count(*)": {"operator"},
    "SHOW TRANSACTIONS": {"operator"},
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN transactionId, currentQuery": {"operator"},
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": {"operator"},
    "SHOW USERS": {"database"},  # AdministrationCommand@system
    "SHOW CURRENT USER": {"database"},
    "SHOW DATABASES": {"database"},
    "SHOW PROCEDURES": {"operator"},
    "SHOW FUNCTIONS": {"operator"},
    "SHOW SETTINGS": {"operator"},
    "SHOW INDEXES": {"operator"},
    "SHOW CONSTRAINTS": {"operator"},
    "SHOW PRIVILEGES": {"syntax"},
    "CALL dbms.listConfig()": {"query_type"},
    "CALL dbms.listConfig() YIELD name, value RETURN name, value": {"query_type"},
    "CALL dbms.components()": {"query_type"},
    "CALL dbms.listConnections()": {"query_type"},
    "CALL dbms.showCurrentUser()": {"query_type"},
    "CALL db.clearQueryCaches()": {"query_type"},
    "CALL tx.setMetaData({probe: 1})": {"query_type"},
    "CALL db.ping()": {"procedure"},
    "CALL db.info()": {"procedure"},
    "CALL db.stats.retrieve('GRAPH COUNTS')": {"procedure"},
    "CALL db.awaitIndexes(5)": {"procedure"},
    "CALL db.index.fulltext.queryNodes('node_text', 'veiligheid')": {"procedure"},
    "CALL dbms.upgradeStatus()": {"procedure"},
    "CALL apoc.help('text')": {"procedure"},
    "CALL apoc.load.json('file:///etc/passwd')": {"procedure"},
    "RETURN apoc.version()": {"syntax"},
}
NESTED = {
    # UNION branches
    "MATCH (n) RETURN n.id AS x UNION CALL dbms.listConfig() YIELD name RETURN name AS x": {"query_type"},
    "MATCH (n) RETURN n.id AS x UNION ALL CALL db.info() YIELD name RETURN name AS x": {"procedure"},
    "RETURN 1 AS x UNION LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l[0] AS x": {"operator"},
    "MATCH (n) RETURN n.id AS x UNION CREATE (m:Probe) RETURN m.id AS x": {"query_type"},
    "CALL db.labels() YIELD label RETURN label AS x UNION CALL db.ping() YIELD success RETURN toString(success) AS x": {
        "procedure"
    },
    # subqueries
    "CALL { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l": {"operator"},
    "CALL { CALL dbms.listConfig() YIELD name RETURN name } RETURN name": {"query_type"},
    "MATCH (n) CALL (n) { CALL db.info() YIELD name RETURN name } RETURN name": {"procedure"},
    "RETURN COUNT { CALL db.info() YIELD name RETURN name } AS c": {"procedure"},
    "RETURN COLLECT { CALL db.stats.retrieve('GRAPH COUNTS') YIELD section RETURN section } AS c": {"procedure"},
    "MATCH (n) WHERE EXISTS { CALL db.info() YIELD name RETURN name } RETURN n": {"procedure"},
    "OPTIONAL CALL db.info() YIELD name RETURN name": {"procedure"},
    "CALL { SHOW TRANSACTIONS } RETURN 1": {"syntax"},
    "CALL () { LOAD CSV FROM 'http://127.0.0.1:1/x' AS l RETURN l } RETURN l": {"operator"},
}
TRICKS = {
    # several statements
    "RETURN 1; RETURN 2": {"statements"},
    "MATCH (n) RETURN n; CREATE (:Probe)": {"statements"},
    "MATCH (n) RETURN n /* */ ; MATCH (n) DETACH DELETE n": {"statements"},
    # comments that hide nothing from Neo4j
    "// only a comment\nCREATE (:Probe)": {"query_type"},
    "/* RETURN 1 */ CREATE (:Probe)": {"query_type"},
    "MATCH (n) /* just reading */ DETACH DELETE n": {"query_type"},
    "MATCH (n) RETURN n // ; \n; CREATE (:Probe)": {"statements"},
    # another database
    "USE system CALL dbms.components()": {"database"},
    "USE system CALL db.labels()": {"database"},
    "USE system SHOW TRANSACTIONS": {"database", "query_type"},
    "USE system SHOW USERS": {"syntax"},
    "USE system MATCH (n) RETURN n": {"syntax"},
    "USE nosuchdb MATCH (n) RETURN n": {"database"},
    # other execution modes and versions
    "PROFILE MATCH (n) RETURN n": {"syntax"},
    "CYPHER 25 MATCH (n) RETURN n": {"syntax"},
    "CYPHER planner=dp CREATE (n:Probe)": {"query_type"},
    # not Cypher at all
    "MATC (n) RETURN n": {"syntax"},
    "": {"syntax"},
    ";": {"syntax"},
    "// nothing": {"syntax"},
    "RETURN '\ud800'": {"encoding"},
    "RETURN 1" + " " * MAX_CYPHER_LENGTH: {"length"},
}
OUTSIDE = "outside_domain_graph"
# Reads of nodes that are not the domain graph's (AuditRecord, ApiKey, SchemaVersion,
# GraphVersion) or of every node or relationship, in every form found on Neo4j 5.26.
OUTSIDE_THE_DOMAIN = {
    # every node, every relationship
    "MATCH (n) RETURN n": {OUTSIDE},
    "MATCH (n) RETURN count(n) AS n": {OUTSIDE},  # the count store, unlabelled
    "MATCH (n) WHERE n.hash IS NOT NULL RETURN n.hash": {OUTSIDE},
    "MATCH (n:!Node) RETURN n": {OUTSIDE},
    "MATCH ()-[r]->() RETURN r": {OUTSIDE},
    "MATCH ()-[r]-() RETURN count(r) AS n": {OUTSIDE},
    "MATCH (a)-[r]->(b) RETURN a, r, b": {OUTSIDE},
    "MATCH (o:Organisation), (n) RETURN count(*)": {OUTSIDE},
    "MATCH (n:Organisation) WITH n MATCH (m) WHERE m.id = n.id RETURN m": {OUTSIDE},
    "MATCH p = shortestPath((a:Organisation {id: 'ivd'})-[*]-(b)) RETURN p": {OUTSIDE},
    "CALL db.labels() YIELD label MATCH (n) WHERE label IN labels(n) RETURN label, count(n)": {OUTSIDE},
    # the labels the service keeps for itself
    "MATCH (k:ApiKey) RETURN k.hash": {OUTSIDE},
    "MATCH (k:ApiKey) RETURN count(k) AS keys": {OUTSIDE},
    "MATCH (k:ApiKey {id: 'x'}) RETURN k.hash": {OUTSIDE},  # a unique index seek
    "OPTIONAL MATCH (k:ApiKey) RETURN k.hash": {OUTSIDE},
    "MATCH (:ApiKey)-[r]->() RETURN count(r)": {OUTSIDE},
    "MATCH (o:Organisation), (k:ApiKey) RETURN count(*)": {OUTSIDE},
    "MATCH (k:ApiKey) WITH k.hash AS h MATCH (n:Node) RETURN h, n.id": {OUTSIDE},
    "MATCH (a:AuditRecord) RETURN a": {OUTSIDE},
    "MATCH (a:AuditRecord) WHERE a.at > '2000' RETURN a.after": {OUTSIDE},  # a range seek
    "MATCH (a:AuditRecord) WHERE a.subject = 'cli:root' RETURN a.after": {OUTSIDE},
    "MATCH (s:SchemaVersion) RETURN s": {OUTSIDE},
    "MATCH (v:GraphVersion) RETURN v.version": {OUTSIDE},
    # by id
    "MATCH (n) WHERE elementId(n) = '4:00000000-0000-0000-0000-000000000000:0' RETURN n": {OUTSIDE},
    "MATCH (n) WHERE elementId(n) IN $ids RETURN n": {OUTSIDE},
    "MATCH (n) WHERE id(n) = 0 RETURN n": {OUTSIDE},
    "MATCH ()-[r]->() WHERE elementId(r) = 'x' RETURN r": {OUTSIDE},
    # label expressions
    "MATCH (n:Node|ApiKey) RETURN n": {OUTSIDE},
    "MATCH (n:Organisation|AuditRecord) RETURN n": {OUTSIDE},
    "MATCH (n) WHERE n:Organisation OR n:AuditRecord RETURN n": {OUTSIDE},
    "MATCH (n:(Node|ApiKey)&!AuditRecord) RETURN n": {OUTSIDE},
    "MATCH (n:Organisation&ApiKey) RETURN n": {OUTSIDE},
    "MATCH (n:$('ApiKey')) RETURN n": {OUTSIDE},  # a dynamic label plans as a scan of every node
    "MATCH (n:$($label)) RETURN n": {OUTSIDE},
    "MATCH (`a:Organisation`:ApiKey) RETURN `a:Organisation`.hash": {OUTSIDE},  # a variable named like a label
    "MATCH (`x`:`ApiKey`) RETURN x.hash": {OUTSIDE},
    # UNION branches and subqueries
    "MATCH (o:Organisation) RETURN o.id AS x UNION MATCH (k:ApiKey) RETURN k.hash AS x": {OUTSIDE},
    "MATCH (o:Organisation) RETURN o.id AS x UNION ALL MATCH (a:AuditRecord) RETURN a.subject AS x": {OUTSIDE},
    "CALL () { MATCH (a:AuditRecord) RETURN a } RETURN a": {OUTSIDE},
    "MATCH (n:Organisation) CALL (n) { MATCH (k:ApiKey) RETURN k } RETURN k.hash": {OUTSIDE},
    "MATCH (n:Organisation) OPTIONAL CALL (n) { MATCH (k:ApiKey) WHERE k.name = n.id RETURN k } RETURN k.hash": {
        OUTSIDE
    },
    "MATCH (n:Organisation) WHERE EXISTS { MATCH (k:ApiKey) WHERE k.name = n.id } RETURN n": {OUTSIDE},
    "MATCH (n:Organisation) WHERE n.id = 'x' OR EXISTS { MATCH (k:ApiKey) WHERE k.hash STARTS WITH 'a' } RETURN n": {
        OUTSIDE
    },
    "RETURN EXISTS { MATCH (a:AuditRecord) } AS any": {OUTSIDE},
    "RETURN COUNT { (n) } AS everything": {OUTSIDE},
    "RETURN COUNT { (k:ApiKey) } AS keys": {OUTSIDE},
    "RETURN COLLECT { MATCH (k:ApiKey) RETURN k.hash } AS hashes": {OUTSIDE},
}
# A subquery inside another expression has no operators of its own in the plan: Neo4j
# shows it only as text, so the console cannot see what it reads or calls.
HIDDEN = {
    "RETURN [x IN [1] | COLLECT { MATCH (k:ApiKey) RETURN k.hash }] AS hashes": {"nested_subquery"},
    "RETURN CASE WHEN rand() < 2 THEN COLLECT { MATCH (a:AuditRecord) RETURN a.after } END AS after": {
        "nested_subquery"
    },
    "RETURN reduce(s = [], x IN [1] | s + COLLECT { MATCH (k:ApiKey) RETURN k.hash }) AS hashes": {"nested_subquery"},
    "UNWIND [x IN [1] | COUNT { MATCH (k:ApiKey) }] AS n RETURN n": {"nested_subquery"},
    "MATCH (n:Organisation) RETURN n.id, [x IN [1] WHERE EXISTS { MATCH (a:AuditRecord) }] AS c": {"nested_subquery"},
    "MATCH (n:Node {id: toString([x IN [1] | COUNT { MATCH (k:ApiKey) }][0])}) RETURN n": {"nested_subquery"},
    "RETURN [x IN [1] | COLLECT { MATCH (n) RETURN n.hash }] AS c": {"nested_subquery"},
    # the same hiding place held procedures and LOAD CSV from the checks before
    "RETURN [x IN [1] | COLLECT { CALL db.info() YIELD name RETURN name }] AS c": {"nested_subquery"},
    "RETURN [x IN [1] | COLLECT { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l }] AS c": {"nested_subquery"},
}
CORPUS = {**WRITES, **OPERATORS, **NESTED, **TRICKS, **OUTSIDE_THE_DOMAIN, **HIDDEN}

BAD_PARAMETERS: list[dict[str, Any]] = [
    {"x": {"nested": 1}},
    {"x": [[1, 2]]},
    {"x": [{"a": 1}]},
    {"not a name": 1},
    {"1st": 1},
    {"x": 2**64},
    {"x": [0] * (MAX_LIST_ITEMS + 1)},
    {"x": "a" * (MAX_STRING_LENGTH + 1)},
    {f"p{i}": "a" * 9_000 for i in range(12)},  # over 100,000 characters together
    {f"p{i}": i for i in range(101)},
    {"x": "\udc00"},
]


def _refused(response: Any, reasons: set[str]) -> str:
    assert response.status_code == 422, (response.status_code, response.text)
    error = response.json()["error"]
    assert error["code"] == "query_refused", error
    reason = next((r for r in reasons if f"({r})" in error["message"]), None)
    assert reason is not None, (reasons, error["message"])
    return reason


@pytest.mark.parametrize(("cypher", "reasons"), CORPUS.items(), ids=range(len(CORPUS)))
def test_the_rejection_corpus(console: TestClient, session_db: Database, cypher: str, reasons: set[str]) -> None:
    before = session_db.read("graph_counts")
    _refused(_ask(console, cypher), reasons)
    assert session_db.read("graph_counts") == before


@pytest.mark.parametrize("parameters", BAD_PARAMETERS, ids=range(len(BAD_PARAMETERS)))
def test_parameters_of_bad_kinds_are_refused(console: TestClient, parameters: dict[str, Any]) -> None:
    _refused(_ask(console, "RETURN 1 AS one", parameters), {"parameters"})


def test_bodies_that_are_not_console_requests_are_422(console: TestClient) -> None:
    for body in ({}, {"cypher": 1}, {"cypher": "RETURN 1", "parameters": []}, {"cypher": "RETURN 1", "x": 1}):
        response = console.post(f"{API}/query", json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["error"]["code"] == "invalid_input"


def test_runtime_failures_are_the_querys_own(console: TestClient) -> None:
    _refused(_ask(console, "UNWIND [1, 0] AS x RETURN 1 / x AS y"), {"failed"})
    _refused(_ask(console, "RETURN $missing AS m"), {"parameters"})


# -- what it accepts ------------------------------------------------------------------------------
@pytest.fixture
def graph(console: TestClient, db: Database) -> GraphBuilder:
    g = GraphBuilder()
    g.org("ivd")
    g.org("nld-jfc")
    g.org("tno", ll_body=False)
    g.interface("if-ivd-jfc", "ivd", "nld-jfc")
    g.interface("if-jfc-ivd", "nld-jfc", "ivd", kind="feedback")
    g.action("a1", "planned", owner="nld-jfc", due="2026-03")
    assert console.post(f"{API}/import", json=g.document()).status_code == 200
    return g


def _answer(client: TestClient, cypher: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    response = _ask(client, cypher, parameters)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"columns", "rows", "row_count", "truncated", "elapsed_ms"}
    assert body["row_count"] == len(body["rows"])
    return body


def test_a_match_with_parameters_answers_nodes_without_internal_ids(console: TestClient, graph: GraphBuilder) -> None:
    body = _answer(console, "MATCH (o:Organisation {id: $id}) RETURN o, o.name AS name", {"id": "ivd"})
    assert body["columns"] == ["o", "name"]
    assert body["truncated"] is False
    [[node, name]] = body["rows"]
    assert set(node) == {"labels", "properties"}
    assert node["labels"] == ["Node", "Organisation"]
    assert node["properties"]["id"] == "ivd"
    assert name == "Org ivd"
    assert "element" not in str(body).lower()


def test_parameters_of_every_simple_kind(console: TestClient, graph: GraphBuilder) -> None:
    parameters = {"s": "ivd", "i": 2, "f": 0.5, "b": True, "n": None, "ids": ["ivd", "tno"], "mixed": [1, "a", None]}
    body = _answer(
        console,
        "MATCH (o:Organisation) WHERE o.id IN $ids RETURN o.id AS id, $s AS s, $i * $f AS x, $b AS b, $n AS n, "
        "$mixed AS mixed ORDER BY id",
        parameters,
    )
    assert body["rows"] == [
        ["ivd", "ivd", 1.0, True, None, [1, "a", None]],
        ["tno", "ivd", 1.0, True, None, [1, "a", None]],
    ]


def test_aggregation(console: TestClient, graph: GraphBuilder) -> None:
    body = _answer(console, "MATCH (o:Organisation) RETURN o.ll_body AS ll_body, count(*) AS n ORDER BY n DESC")
    assert body["rows"] == [[True, 2], [False, 1]]


def test_paths_and_relationships(console: TestClient, graph: GraphBuilder) -> None:
    body = _answer(
        console,
        "MATCH p = (a:Organisation {id: 'ivd'})<-[:FROM]-(:Interface)-[r:TO]->(:Organisation) RETURN p, r",
    )
    [[path, rel]] = body["rows"]
    assert [n["properties"]["id"] for n in path["nodes"]] == ["ivd", "if-ivd-jfc", "nld-jfc"]
    assert [r["type"] for r in path["relationships"]] == ["FROM", "TO"]
    assert rel == {"type": "TO", "properties": {}}


def test_values_json_cannot_hold_become_text(console: TestClient) -> None:
    body = _answer(
        console,
        "RETURN date('2026-03-25') AS d, datetime('2026-03-25T10:15:00Z') AS t, duration('P1DT2H') AS du, "
        "localtime('10:15') AS lt, 0.0 / 0.0 AS nan, 1.0 / 0.0 AS inf, point({x: 1, y: 2}) AS p, {a: [1, 2]} AS m",
    )
    [[d, t, du, lt, nan, inf, p, m]] = body["rows"]
    assert (d, t, du, lt) == ("2026-03-25", "2026-03-25T10:15:00.000000000+00:00", "P1DT2H", "10:15:00.000000000")
    assert (nan, inf) == ("NaN", "Infinity")
    assert p == {"srid": 7203, "coordinates": [1.0, 2.0]}
    assert m == {"a": [1, 2]}


@pytest.mark.parametrize(
    "cypher",
    [
        "CALL db.labels()",
        "CALL db.labels() YIELD label RETURN label ORDER BY label",
        "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
        "CALL db.propertyKeys()",
        "CALL db.schema.visualization()",
        "CALL db.labels() YIELD label RETURN label AS x UNION CALL db.propertyKeys() YIELD propertyKey RETURN "
        "propertyKey AS x",
        "MATCH (n:Organisation) CALL (n) { CALL db.labels() YIELD label RETURN label } RETURN n.id, label",
    ],
)
def test_the_allowlisted_procedures(console: TestClient, graph: GraphBuilder, cypher: str) -> None:
    assert _answer(console, cypher)["row_count"] > 0


def test_what_neo4j_tools_accept_too(console: TestClient, graph: GraphBuilder) -> None:
    for cypher in (
        "MATCH (n:Organisation) RETURN count(n) AS n;",
        "MATCH (n:Organisation) RETURN count(n) AS n // a trailing comment",
        "/* the organisations */ MATCH (n:Organisation) RETURN count(n) AS n",
        "USE neo4j MATCH (n:Organisation) RETURN count(n) AS n",
        "CYPHER runtime=slotted MATCH (n:Organisation) RETURN count(n) AS n",
    ):
        assert _answer(console, cypher)["rows"] == [[3]], cypher


def test_the_row_cap_truncates(console: TestClient) -> None:
    exact = _answer(console, f"UNWIND range(1, {ROWS}) AS x RETURN x")
    assert (exact["row_count"], exact["truncated"]) == (ROWS, False)
    start = time.monotonic()
    cut = _answer(console, "UNWIND range(1, 1000000000) AS x RETURN x")
    assert (cut["row_count"], cut["truncated"]) == (ROWS, True)
    assert cut["rows"][-1] == [ROWS]
    assert time.monotonic() - start < 10, "the rows past the cap are discarded, not computed"


def test_a_query_that_runs_too_long_is_stopped(settings: Settings, session_db: Database) -> None:
    quick = settings.model_copy(update={"console_timeout": 1.0})
    with TestClient(create_app(quick), raise_server_exceptions=False, headers=bearer(settings)) as client:
        start = time.monotonic()
        response = _ask(client, "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n")
        assert _refused(response, {"timeout"}) == "timeout"
        assert time.monotonic() - start < 8


# -- who may ask --------------------------------------------------------------------------------
def test_only_callers_cleared_for_everything_present(console: TestClient, db: Database, settings: Settings) -> None:
    g = GraphBuilder()
    g.node("Theme", "open", name="Open")
    g.node("Theme", "confidential", name="Vertrouwelijk", classification="STG_CONFIDENTIEEL")
    assert console.post(f"{API}/import", json=g.document()).status_code == 200
    low = bearer(settings, "analyst", "DEPARTEMENTAAL_VERTROUWELIJK", subject="low-analyst")
    refused = _ask(console, "MATCH (t:Theme) RETURN t.name", headers=low)
    assert refused.status_code == 403
    message = refused.json()["error"]["message"]
    assert "clearance" in message
    assert "STG_CONFIDENTIEEL" not in message, "only that something is above the clearance, not what"
    cleared = bearer(settings, "analyst", "STG_CONFIDENTIEEL", subject="cleared-analyst")
    answered = _ask(console, "MATCH (t:Theme) RETURN t.name AS name ORDER BY name", headers=cleared)
    assert answered.status_code == 200, answered.text
    assert answered.json()["rows"] == [["Open"], ["Vertrouwelijk"]]
    trail = console.get(f"{API}/audit", params={"subject": "low-analyst"}).json()["items"]
    assert [r["after"]["reason"] for r in trail] == ["clearance"]

    # Once the secret node is gone, the audit records about it (as secret as it was) and the
    # cleared analyst's own do not keep the console closed: the console cannot read them.
    assert console.delete(f"{API}/themes/confidential").status_code == 204
    secret = db.driver.execute_query(
        "MATCH (a:AuditRecord {classification: 'STG_CONFIDENTIEEL'}) RETURN count(a) AS n", database_=db.database
    )
    assert secret.records[0]["n"] > 0
    reopened = _ask(console, "MATCH (t:Theme) RETURN t.name AS name", headers=low)
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["rows"] == [["Open"]]


def test_viewers_may_not_ask(console: TestClient, settings: Settings) -> None:
    response = _ask(console, "RETURN 1", headers=bearer(settings, "viewer", "STG_GEHEIM"))
    assert response.status_code == 403
    assert "analyst" in response.json()["error"]["message"]


# -- defence in depth -----------------------------------------------------------------------------
def test_a_write_that_slipped_past_the_checks_fails_in_the_read_transaction(
    console: TestClient, graph: GraphBuilder, session_db: Database
) -> None:
    before = session_db.read("graph_counts")
    for write in ("CREATE (:Probe) RETURN 1", "MATCH (n) DETACH DELETE n", "MERGE (n:Organisation {id: 'x'})"):
        with pytest.raises(QueryRefused) as refused:
            run_read(session_db, write, {}, timeout=5, max_rows=10)
        assert refused.value.reason == "write"
        assert getattr(refused.value.__cause__, "code", None) == "Neo.ClientError.Statement.AccessMode"
    assert session_db.read("graph_counts") == before
    probes = session_db.driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=session_db.database)
    assert probes.records[0]["n"] == 0


# -- audit and quota ------------------------------------------------------------------------------
def test_every_query_is_audited_answered_or_refused(console: TestClient, settings: Settings) -> None:
    who = bearer(settings, "admin", "STG_GEHEIM", subject="console-auditee")
    assert _ask(console, "UNWIND range(1, $n) AS x RETURN x", {"n": 3}, headers=who).status_code == 200
    assert _ask(console, "CREATE (:Probe)", headers=who).status_code == 422
    assert _ask(console, "RETURN 1", {"x": {"no": "maps"}}, headers=who).status_code == 422
    records = console.get(f"{API}/audit", params={"subject": "console-auditee"}).json()["items"]
    assert [r["operation"] for r in records] == ["console"] * 3
    assert {r["target_label"] for r in records} == {"Console"}
    bad, refused, answered = records  # newest first
    assert answered["after"] == {
        "query": "UNWIND range(1, $n) AS x RETURN x",
        "parameters": {"n": 3},
        "outcome": "answered",
        "rows": 3,
        "truncated": False,
    }
    assert refused["after"]["outcome"] == "refused"
    assert refused["after"]["reason"] == "query_type"
    assert bad["after"]["reason"] == "parameters"
    assert bad["after"]["parameter_names"] == ["x"]
    assert "parameters" not in bad["after"], "parameters that failed the checks are not stored"
    assert answered["request_id"]


def test_the_quota_answers_429_with_retry_after(settings: Settings, session_db: Database) -> None:
    strict = settings.model_copy(update={"console_per_minute": 2})
    with TestClient(create_app(strict), raise_server_exceptions=False, headers=bearer(settings)) as client:
        assert _ask(client, "RETURN 1").status_code == 200
        assert _ask(client, "CREATE (:Probe)").status_code == 422, "a refused query counts too"
        spent = _ask(client, "RETURN 1")
        assert spent.status_code == 429
        assert spent.json()["error"]["code"] == "too_many_requests"
        assert 1 <= int(spent.headers["Retry-After"]) <= 60
        other = bearer(settings, "analyst", "STG_GEHEIM", subject="another-analyst")
        assert _ask(client, "RETURN 1", headers=other).status_code == 200, "the quota is per caller"
