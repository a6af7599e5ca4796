"""Cached gap answers never outlive a change to the graph, whoever makes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient

from graph.analysis.cache import AnswerCache
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
    # Another process's write is seen within the poll interval (KG_VERSION_POLL_SECONDS).
    deadline = time.monotonic() + 5
    while _missing(client) != [] and time.monotonic() < deadline:
        time.sleep(0.02)
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


def test_concurrent_misses_compute_once() -> None:
    """Eight requests miss the same key at once: one computes, the others wait for it.

    The computation is held open until every other request has either started computing
    too (which the per-key lock must prevent) or had a bounded time to do so; without the
    lock the other seven reach ``compute`` and the count is eight."""
    cache = AnswerCache()
    threads = 8
    arrived = threading.Barrier(threads)
    entered = threading.Semaphore(0)
    release = threading.Event()
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        entered.release()
        assert release.wait(timeout=10), "the test never released the computation"
        return "answer"

    def request() -> str:
        arrived.wait(timeout=10)  # every request misses the empty cache together
        return cache.get("k", 1, compute)

    with ThreadPoolExecutor(threads) as pool:
        results = [pool.submit(request) for _ in range(threads)]
        assert entered.acquire(timeout=10), "nobody computed"
        # The others either compute too (no lock: they arrive at once) or wait on the lock.
        others, deadline = 0, time.monotonic() + 0.5
        while others < threads - 1 and entered.acquire(timeout=max(0.0, deadline - time.monotonic())):
            others += 1
        release.set()
        answers = [r.result(timeout=10) for r in results]
    assert others == 0, f"{others} more computations ran beside the first"
    assert answers == ["answer"] * threads
    assert len(calls) == 1
    assert cache.get("k", 1, compute) == "answer", "kept for the same graph version"
    assert len(calls) == 1
    assert cache.get("k", 2, compute) == "answer", "recomputed once the graph version moves on"
    assert len(calls) == 2
