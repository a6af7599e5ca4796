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


def _without(seeded: TestClient, **params: Any) -> set[str]:
    body = seeded.get(f"{API}/analysis/interfaces-without-feedback", params={"limit": 1000, **params}).json()
    return {item["id"] for item in body["items"]}


def test_the_one_way_interfaces_of_the_seed(seeded: TestClient) -> None:
    # What the sources support: three one-way flows; planned ones counted only on request;
    # with only what the sources state, the IVD's flows and the NLD JFC/Staf CLAS pair lack a loop.
    assert _without(seeded) == {"if-ivd-defensie", "if-missiebijdrage-rsm-defensie", "if-pmr-briefings-navo-raad"}
    assert _without(seeded, include_planned="true") == _without(seeded) | {
        "if-nld-jfc-wg-li-ll",
        "if-staf-clas-wg-li-ll",
        "if-wg-li-ll-nld-jfc",
    }
    assert _without(seeded, stated_only="true") == {
        "if-iob-kabinet",
        "if-ivd-brigade",
        "if-ivd-defensie",
        "if-ivd-dops",
        "if-ivd-nld-jfc",
        "if-ivd-staf-clas",
        "if-nld-jfc-brigade",
        "if-nld-jfc-staf-clas",
        "if-pmr-briefings-navo-raad",
    }


def test_no_planned_interface_carries_a_return_chain(seeded: TestClient) -> None:
    interfaces = seeded.get(f"{API}/interfaces", params={"limit": 1000}).json()["items"]
    basis = {i["id"]: i["basis"] for i in interfaces}
    assert "planned" in basis.values()
    chains = 0
    for interface in basis:
        for stated_only in ("false", "true"):
            one = seeded.get(
                f"{API}/analysis/interfaces/{interface}/feedback", params={"max_hops": 6, "stated_only": stated_only}
            )
            assert one.status_code == 200, one.text
            for hop in one.json()["return_chain"] or []:
                chains += 1
                assert basis[hop["id"]] != "planned", (interface, hop)
                if stated_only == "true":
                    assert basis[hop["id"]] == "stated", (interface, hop)
    assert chains > 0


def test_the_one_deadline_in_the_sources_is_overdue(seeded: TestClient) -> None:
    body = seeded.get(f"{API}/analysis/overdue-actions", params={"today": "2026-11-23"}).json()
    assert [item["id"] for item in body["items"]] == ["kamerbrief-terugkoppeling-wg"]
    assert body["items"][0]["due_end"] == "2025-12-31"
