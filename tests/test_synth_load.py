"""A synthetic graph goes through the real importer, and the gap queries still agree with
the independent computation on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

from fastapi.testclient import TestClient

from graph.database import ConnectionInfo
from graph.domain import PATTERNS
from graph.synth import summarize, synthesize
from tests.oracles import Indexed, reference_shortest_return, reference_stage

API = "/api/v1"


def test_synth_scale_1_imports_and_the_feedback_query_agrees(client: TestClient) -> None:
    document = synthesize(1, seed=7)
    counts = summarize(document)
    result = client.post(f"{API}/import", json=document).json()
    assert result["nodes_created"] == counts["nodes"]
    assert result["relationships_created"] == counts["relationships"]

    stats = client.get(f"{API}/stats").json()
    assert stats["nodes"]["Interface"] == counts["Interface"]

    ex = Indexed(client.get(f"{API}/export").json())
    # Every relationship type goes through the importer's MERGE, which has one branch per type.
    sent = Counter(r["type"] for r in document["relationships"])
    assert set(sent) == set(PATTERNS)
    assert Counter(r["type"] for r in ex.document["relationships"]) == sent
    body = client.get(f"{API}/analysis/interfaces-without-feedback", params={"max_hops": 3, "limit": 10000}).json()
    expected = set()
    for interface in ex.ids("Interface"):
        hops = reference_shortest_return(ex, interface, None)
        if hops is None or hops > 3:
            expected.add(interface)
    assert {item["id"] for item in body["items"]} == expected
    assert 0.2 < len(expected) / counts["Interface"] < 0.7, "a realistic share of one-way flows"

    stages = client.get(f"{API}/analysis/ll-stages", params={"limit": 10000}).json()
    assert {i["id"]: i["stage"] for i in stages["items"]} == {
        r: reference_stage(ex, r) for r in ex.ids("Recommendation")
    }
    assert all(stages["funnel"][stage] > 0 for stage in ("identified", "actioned", "implemented", "learned"))


def test_kg_synth_loads_into_neo4j(neo4j_info: ConnectionInfo, db: object) -> None:
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_info.uri,
        "NEO4J_USER": neo4j_info.user,
        "NEO4J_PASSWORD": neo4j_info.password,
        "NEO4J_DATABASE": neo4j_info.database,
    }
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "synth", "--scale", "1", "--seed", "3", "--load"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    counts = summarize(synthesize(1, seed=3))
    assert f"nodes: {counts['nodes']} created" in run.stderr
