"""The operator's command line: what it prints where, and emptying the graph."""

from __future__ import annotations

import os
import subprocess
import sys

from fastapi.testclient import TestClient

from graph.database import ConnectionInfo, Database
from tests.graphs import GraphBuilder


def _kg(info: ConnectionInfo, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEO4J_URI": info.uri,
        "NEO4J_USER": info.user,
        "NEO4J_PASSWORD": info.password,
        "NEO4J_DATABASE": info.database,
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, input=stdin, capture_output=True, text=True, check=False
    )


def test_kg_graph_clear_asks_and_empties_the_graph(
    client: TestClient, db: Database, neo4j_info: ConnectionInfo
) -> None:
    g = GraphBuilder()
    g.org("a")
    g.org("b")
    g.interface("ab", "a", "b")
    assert client.post("/api/v1/import", json=g.document()).status_code == 200
    assert client.get("/api/v1/analysis/interfaces-without-feedback").json()["total"] == 1  # now cached

    unconfirmed = _kg(neo4j_info, "graph", "clear", stdin="")
    assert unconfirmed.returncode == 2
    assert "--yes" in unconfirmed.stderr
    assert int(db.read("graph_counts")[0]["nodes"]) == 3, "nothing is deleted without a confirmation"

    cleared = _kg(neo4j_info, "graph", "clear", "--yes")
    assert cleared.returncode == 0, cleared.stderr
    assert "deleted 3 nodes" in cleared.stderr
    assert cleared.stdout == ""
    assert db.read("graph_counts")[0] == {"nodes": 0, "relationships": 0}
    assert client.get("/api/v1/analysis/interfaces-without-feedback").json()["total"] == 0, "no stale answer"
