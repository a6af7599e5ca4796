"""Differential tests: on generated graphs with random classifications, every analysis
answer, for a caller of each clearance, equals an independent computation (networkx and
plain Python, tests/oracles.py) on the export with every node above that clearance, and
every relationship touching one, removed (DOMAIN.md, Security: the visible graph)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from tests.graphs import LEVELS, random_graph
from tests.oracles import (
    Indexed,
    expected_without_feedback,
    reference_latest_stance,
    reference_network,
    reference_overdue,
    reference_path_hops,
    reference_recurring,
    reference_responsibilities,
    reference_shortest_return,
    reference_stage,
    visible_document,
)
from tests.tokens import bearer

API = "/api/v1"
TODAY = "2026-06-15"


class Caller:
    """The API as one caller of one clearance, and the reference on the graph they see."""

    def __init__(self, client: TestClient, settings: Settings, full: dict[str, Any], clearance: str) -> None:
        self.client = client
        self.headers = bearer(settings, "analyst", clearance)
        self.clearance = clearance
        self.ex = Indexed(visible_document(full, clearance))

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(f"{API}{path}", params=params, headers=self.headers)
        assert response.status_code == 200, (path, params, response.text)
        return response.json()


@pytest.fixture(params=[1, 2, 3, 5, 8, 13], ids=lambda s: f"seed{s}")
def callers(request: pytest.FixtureRequest, client: TestClient, settings: Settings) -> list[Caller]:
    response = client.post(f"{API}/import", json=random_graph(request.param).document())
    assert response.status_code == 200, response.text
    full = client.get(f"{API}/export").json()
    return [Caller(client, settings, full, level) for level in LEVELS]


def test_the_export_is_the_visible_graph(callers: list[Caller]) -> None:
    for caller in callers:
        export = caller.get("/export")
        assert export["nodes"] == caller.ex.document["nodes"], caller.clearance
        assert export["relationships"] == caller.ex.document["relationships"], caller.clearance


def test_feedback_loops_match_networkx(callers: list[Caller]) -> None:
    for caller in callers:
        ex = caller.ex
        for kinds in (None, {"feedback", "reporting"}):
            for stated_only in (False, True):
                for max_hops in (1, 2, 3, 6):
                    params: dict[str, Any] = {"max_hops": max_hops, "stated_only": stated_only, "limit": 1000}
                    if kinds:
                        params["return_kinds"] = ",".join(sorted(kinds))
                    body = caller.get("/analysis/interfaces-without-feedback", **params)
                    expected = expected_without_feedback(ex, max_hops=max_hops, kinds=kinds, stated_only=stated_only)
                    got = {item["id"]: item["shortest_return_hops"] for item in body["items"]}
                    assert got == expected, (caller.clearance, kinds, stated_only, max_hops)
                    everything = caller.get("/analysis/interfaces", **params)
                    lacking = {i["id"] for i in everything["items"] if not i["has_feedback"]}
                    assert lacking == set(expected)
                    assert everything["without_feedback"] == len(expected)
        for interface in [i for i in ex.ids("Interface") if ex.has_ends(i)][:6]:
            one = caller.get(f"/analysis/interfaces/{interface}/feedback", max_hops=6)
            hops = reference_shortest_return(ex, interface, None)
            assert one["has_feedback"] == (hops is not None), (caller.clearance, interface)
            if hops is not None:
                # The chain really leads from the target back to the source, hop by hop,
                # through interfaces the caller can see that are not planned.
                position = ex.target("TO", interface)
                for hop in one["return_chain"]:
                    assert hop["id"] != interface
                    assert hop["from"] == position
                    assert ex.basis(hop["id"]) != "planned"
                    position = hop["to"]
                assert position == ex.target("FROM", interface)
                assert len(one["return_chain"]) == hops


def test_paths_match_networkx(callers: list[Caller]) -> None:
    for caller in callers:
        orgs = caller.ex.ids("Organisation")
        for source in orgs[:4]:
            for target in orgs[-4:]:
                hops = reference_path_hops(caller.ex, source, target)
                response = caller.client.get(
                    f"{API}/analysis/path", params={"from": source, "to": target}, headers=caller.headers
                )
                if hops is None:
                    assert response.status_code == 404, (caller.clearance, source, target)
                else:
                    assert response.status_code == 200, (caller.clearance, source, target, response.text)
                    assert response.json()["hops"] == hops, (caller.clearance, source, target)


def test_ll_stages_and_follow_up_match_plain_python(callers: list[Caller]) -> None:
    for caller in callers:
        ex = caller.ex
        body = caller.get("/analysis/ll-stages", limit=1000)
        recs = ex.ids("Recommendation")
        assert {i["id"]: i["stage"] for i in body["items"]} == {r: reference_stage(ex, r) for r in recs}
        assert {i["id"]: i["latest_stance"] for i in body["items"]} == {r: reference_latest_stance(ex, r) for r in recs}
        expected = {
            r
            for r in recs
            if reference_latest_stance(ex, r) in {"endorsed", "partially_endorsed"}
            and all(ex.p("Action", a)["status"] == "cancelled" for a in ex.incoming("ADDRESSES", r))
        }
        gaps = caller.get("/analysis/recommendations-without-follow-up", limit=1000)
        assert {i["id"] for i in gaps["items"]} == expected, caller.clearance


def test_responsibilities_match_plain_python(callers: list[Caller]) -> None:
    for caller in callers:
        for org in caller.ex.ids("Organisation"):
            body = caller.get(f"/organisations/{org}/responsibilities")
            got = {(i["kind"], i["id"]): i["via"] for i in body["items"]}
            assert got == reference_responsibilities(caller.ex, org), (caller.clearance, org)
            opens = [i["open"] for i in body["items"]]
            assert opens == sorted(opens, reverse=True), "open items first"


def test_recurring_lessons_match_plain_python(callers: list[Caller]) -> None:
    for caller in callers:
        body = caller.get("/analysis/recurring-lessons", limit=1000, members=1000)
        got = [
            (g["link"]["kind"], g["link"].get("theme", ""), tuple(r["id"] for r in g["recommendations"]))
            for g in body["items"]
        ]
        assert sorted(got, key=str) == reference_recurring(caller.ex), caller.clearance


def test_overdue_actions_and_counts_match_plain_python(callers: list[Caller]) -> None:
    for caller in callers:
        overdue = caller.get("/analysis/overdue-actions", today=TODAY, limit=1000)
        assert {i["id"] for i in overdue["items"]} == reference_overdue(caller.ex, TODAY), caller.clearance
        stats = caller.get("/stats")
        counts = {label: len(caller.ex.ids(label)) for label in stats["nodes"]}
        assert stats["nodes"] == counts, caller.clearance
        network = caller.get("/analysis/network")
        ll_bodies = [o for o in caller.ex.ids("Organisation") if caller.ex.p("Organisation", o).get("ll_body")]
        assert network["ll_bodies"] == len(ll_bodies), caller.clearance


def test_network_figures_match_networkx_on_the_whole_network(callers: list[Caller]) -> None:
    for caller in callers:
        network = caller.get("/analysis/network")
        betweenness, bridges = reference_network(caller.ex)
        answered = {b["id"]: b["betweenness"] for b in network["betweenness"]}
        assert answered == pytest.approx(betweenness, abs=1e-6), caller.clearance
        assert [b["organisations"] for b in network["bridges"]] == bridges, caller.clearance
