"""Cached gap answers never outlive a change to the graph, whoever makes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from graph.database import ConnectionInfo, Database
from tests.graphs import GraphBuilder

API = "/api/v1"


def _one_way(client: TestClient) -> None:
    g = GraphBuilder()
    g.org("a")
    g.org("b")
    g.interface("ab", "a", "b")
    assert client.post(f"{API}/import", json=g.document()).status_code == 200


def _missing(client: TestClient) -> list[str]:
    return [i["id"] for i in client.get(f"{API}/analysis/interfaces-without-feedback").json()["items"]]


def test_writes_raise_the_graph_version_and_reads_do_not(client: TestClient, db: Database) -> None:
    before = db.graph_version()
    _one_way(client)
    after_import = db.graph_version()
    assert after_import > before
    _missing(client)
    client.get(f"{API}/organisations")
    assert db.graph_version() == after_import


def test_an_api_write_is_seen_at_once(client: TestClient) -> None:
    _one_way(client)
    assert _missing(client) == ["ab"]
    assert _missing(client) == ["ab"]  # served from the cache
    back = {"id": "ba", "name": "b to a", "kind": "feedback", "from": "b", "to": "a"}
    assert client.post(f"{API}/interfaces", json=back).status_code == 201
    assert _missing(client) == []
    assert client.delete(f"{API}/interfaces/ba").status_code == 204
    assert _missing(client) == ["ab"]


def test_a_write_from_another_process_is_seen(client: TestClient, neo4j_info: ConnectionInfo, tmp_path: Path) -> None:
    _one_way(client)
    assert _missing(client) == ["ab"]
    g = GraphBuilder()
    g.interface("ba", "b", "a", "feedback")
    doc = tmp_path / "back.json"
    doc.write_text(json.dumps(g.document()))
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_info.uri,
        "NEO4J_USER": neo4j_info.user,
        "NEO4J_PASSWORD": neo4j_info.password,
        "NEO4J_DATABASE": neo4j_info.database,
    }
    subprocess.run([sys.executable, "-m", "app.cli", "import", str(doc)], env=env, check=True, capture_output=True)
    assert _missing(client) == []


def test_list_answers_are_paged_with_a_full_total(client: TestClient) -> None:
    g = GraphBuilder()
    for i in range(5):
        g.org(f"s{i}")
        g.org(f"t{i}")
        g.interface(f"i{i}", f"s{i}", f"t{i}")
    client.post(f"{API}/import", json=g.document())
    page = client.get(f"{API}/analysis/interfaces-without-feedback", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)
    assert [i["id"] for i in page["items"]] == ["i1", "i2"]
    assert client.get(f"{API}/analysis/ll-stages", params={"limit": 0}).status_code == 422


def test_concurrent_misses_compute_once(db: Database) -> None:
    import threading
    import time as clock

    from graph.analysis.cache import AnswerCache

    cache = AnswerCache()
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        clock.sleep(0.2)  # long enough for the others to arrive while it runs
        return "answer"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get(db, "k", compute))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["answer"] * 8
    assert len(calls) == 1
    db.write("graph_clear")  # any write makes the answer stale
    assert cache.get(db, "k", compute) == "answer"
    assert len(calls) == 2
