"""The analysis endpoints on the seed graph: what the README shows a coordinator."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.cli import SEED_FILE
from app.interchange import load_file

API = "/api/v1"


@pytest.fixture
def seeded(client: TestClient) -> TestClient:
    assert client.post(f"{API}/import", json=load_file(SEED_FILE)).status_code == 200
    return client


def test_rsm_lessons_with_their_stances(seeded: TestClient) -> None:
    body = seeded.get(f"{API}/analysis/ll-stages", params={"evaluation": "iob-rsm-2023"}).json()
    assert body["total"] == 9
    partial = sorted(i["code"] for i in body["items"] if i["latest_stance"] == "partially_endorsed")
    assert partial == ["2", "4c", "5a"]
    assert sum(body["funnel"].values()) == 9


def test_mission_lineage_nested_and_as_graph(seeded: TestClient) -> None:
    nested = seeded.get(f"{API}/missions/rsm/lineage").json()
    evaluations = {e["id"]: e for e in nested["evaluations"]}
    assert "iob-rsm-2023" in evaluations
    recs = evaluations["iob-rsm-2023"]["recommendations"]
    assert len(recs) == 9
    assert all(r["responses"] for r in recs), "every RSM lesson has the cabinet's response"
    owners = {a["owner"]["id"] for r in recs for a in r["actions"] if a.get("owner")}
    assert owners, "actions name their owners"

    graph = seeded.get(f"{API}/missions/rsm/lineage", params={"format": "graph"}).json()
    assert graph["format"] == "lessons-graph/1"
    labels = {n["label"] for n in graph["nodes"]}
    assert {"Mission", "Evaluation", "Recommendation", "Response", "Action", "Organisation"} <= labels
    # The graph view is a valid interchange document: importing it changes nothing.
    again = seeded.post(f"{API}/import", json=graph).json()
    assert (
        again["nodes_created"],
        again["nodes_updated"],
        again["relationships_created"],
        again["relationships_updated"],
    ) == (0, 0, 0, 0)
    assert seeded.get(f"{API}/missions/nowhere/lineage").status_code == 404


def test_stats_agree_with_the_collections(seeded: TestClient) -> None:
    stats: dict[str, Any] = seeded.get(f"{API}/stats").json()
    for label, collection in (
        ("Recommendation", "recommendations"),
        ("Action", "actions"),
        ("Interface", "interfaces"),
    ):
        assert stats["nodes"][label] == seeded.get(f"{API}/{collection}").json()["total"]
    assert sum(stats["recommendations_by_stage"].values()) == stats["nodes"]["Recommendation"]
    assert sum(stats["actions_by_status"].values()) == stats["nodes"]["Action"]
    lacking = seeded.get(f"{API}/analysis/interfaces-without-feedback").json()["total"]
    assert sum(k["without_feedback"] for k in stats["interfaces_by_kind"].values()) == lacking


def test_nld_jfc_responsibilities_include_the_ivd_recommendations(seeded: TestClient) -> None:
    items = seeded.get(f"{API}/organisations/nld-jfc/responsibilities").json()["items"]
    recommendations = {i["id"] for i in items if i["kind"] == "recommendation"}
    assert {"ivd-clas-2026-1", "ivd-clas-2026-2", "ivd-clas-2026-3"} <= recommendations
    assert all(i["via"][-1] == "nld-jfc" for i in items)
    opens = [i["open"] for i in items]
    assert opens == sorted(opens, reverse=True)
