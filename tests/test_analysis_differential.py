"""Differential tests: on generated graphs, the service's answers equal an independent
computation (networkx and plain Python) over the same graph fetched through the export."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.graphs import GraphBuilder
from tests.oracles import Indexed, reference_latest_stance, reference_shortest_return, reference_stage

API = "/api/v1"
KINDS = ["lessons", "information", "reporting", "feedback"]
STATUSES = ["planned", "in_progress", "implemented", "validated", "cancelled"]
STANCES = ["endorsed", "partially_endorsed", "not_endorsed", "noted"]


def generate(seed: int) -> GraphBuilder:
    rnd = random.Random(seed)
    g = GraphBuilder()
    orgs = [g.org(f"o{i}", ll_body=rnd.random() < 0.7) for i in range(rnd.randint(6, 12))]
    for i in range(rnd.randint(8, 30)):
        a, b = rnd.choice(orgs), rnd.choice(orgs)
        if rnd.random() < 0.05:
            b = a  # self-interfaces happen
        g.interface(f"i{i}", a, b, rnd.choice(KINDS))
    # Succession only forward in the list, so it is acyclic, with chains of several steps.
    for i, org in enumerate(orgs[:-1]):
        if rnd.random() < 0.4:
            g.rel("SUCCEEDED_BY", "Organisation", org, "Organisation", rnd.choice(orgs[i + 1 :]))
    missions = [g.mission(f"m{i}") for i in range(4)]
    evaluations = [g.evaluation(f"e{i}", *rnd.sample(missions, rnd.randint(0, 2))) for i in range(5)]
    themes = [g.theme(f"t{i}") for i in range(4)]
    recs = []
    for i in range(rnd.randint(6, 18)):
        rec = g.recommendation(f"r{i}", rnd.choice([*evaluations, None]))
        recs.append(rec)
        for theme in rnd.sample(themes, rnd.randint(0, 2)):
            g.rel("TAGGED", "Recommendation", rec, "Theme", theme)
        if rnd.random() < 0.3:
            g.rel("ADDRESSED_TO", "Recommendation", rec, "Organisation", rnd.choice(orgs))
        for j in range(rnd.randint(0, 2)):
            g.response(f"{rec}-s{j}", rec, rnd.choice(STANCES), f"20{rnd.randint(10, 25)}-0{rnd.randint(1, 9)}")
    for i in range(len(recs)):
        if rnd.random() < 0.2:
            other = rnd.choice(recs)
            if other != recs[i]:
                g.rel("SIMILAR_TO", "Recommendation", recs[i], "Recommendation", other)
    for i in range(rnd.randint(5, 20)):
        g.action(
            f"a{i}", rnd.choice(STATUSES), owner=rnd.choice(orgs), addresses=tuple(rnd.sample(recs, rnd.randint(0, 2)))
        )
    return g


@pytest.fixture(params=[1, 2, 3, 5, 8, 13], ids=lambda s: f"seed{s}")
def generated(request: pytest.FixtureRequest, client: TestClient) -> tuple[TestClient, Indexed]:
    response = client.post(f"{API}/import", json=generate(request.param).document())
    assert response.status_code == 200, response.text
    return client, Indexed(client.get(f"{API}/export").json())


def test_feedback_loops_match_networkx(generated: tuple[TestClient, Indexed]) -> None:
    client, ex = generated
    for kinds in (None, {"feedback", "reporting"}):
        expected_hops = {i: reference_shortest_return(ex, i, kinds) for i in ex.ids("Interface")}
        for max_hops in (1, 2, 3, 6):
            params: dict[str, Any] = {"max_hops": max_hops}
            if kinds:
                params["return_kinds"] = ",".join(sorted(kinds))
            body = client.get(f"{API}/analysis/interfaces-without-feedback", params=params).json()
            expected = {i for i, hops in expected_hops.items() if hops is None or hops > max_hops}
            assert {item["id"] for item in body["items"]} == expected, (kinds, max_hops)
            for item in body["items"]:
                assert item["shortest_return_hops"] == expected_hops[item["id"]]
        for interface in ex.ids("Interface")[:5]:
            one = client.get(
                f"{API}/analysis/interfaces/{interface}/feedback",
                params={"max_hops": 6, **({"return_kinds": ",".join(kinds)} if kinds else {})},
            ).json()
            hops = expected_hops[interface]
            assert one["has_feedback"] == (hops is not None)
            if hops is not None:
                chain = one["return_chain"]
                assert len(chain) == hops
                # The chain really leads from the target back to the source, hop by hop.
                position = ex.target("TO", interface)
                for hop in chain:
                    assert hop["id"] != interface
                    assert hop["from"] == position
                    position = hop["to"]
                assert position == ex.target("FROM", interface) or hops == 0


def test_ll_stages_and_follow_up_match_plain_python(generated: tuple[TestClient, Indexed]) -> None:
    client, ex = generated
    body = client.get(f"{API}/analysis/ll-stages").json()
    assert {i["id"]: i["stage"] for i in body["items"]} == {r: reference_stage(ex, r) for r in ex.ids("Recommendation")}
    assert {i["id"]: i["latest_stance"] for i in body["items"]} == {
        r: reference_latest_stance(ex, r) for r in ex.ids("Recommendation")
    }
    expected = {
        r
        for r in ex.ids("Recommendation")
        if reference_latest_stance(ex, r) in {"endorsed", "partially_endorsed"}
        and all(ex.p("Action", a)["status"] == "cancelled" for a in ex.incoming("ADDRESSES", r))
    }
    gaps = client.get(f"{API}/analysis/recommendations-without-follow-up").json()
    assert {i["id"] for i in gaps["items"]} == expected


def test_responsibilities_match_plain_python(generated: tuple[TestClient, Indexed]) -> None:
    client, ex = generated
    for org in ex.ids("Organisation"):
        # Walk predecessors breadth-first; the first time a holder is reached is its shortest chain.
        chains = {org: [org]}
        frontier = [org]
        while frontier:
            nxt = []
            for current in frontier:
                for pred in ex.incoming("SUCCEEDED_BY", current):
                    if pred not in chains:
                        chains[pred] = [pred, *chains[current]]
                        nxt.append(pred)
            frontier = nxt
        expected = {}
        for holder, chain in chains.items():
            for action in ex.incoming("OWNED_BY", holder):
                expected[("action", action)] = chain
            for rec in ex.incoming("ADDRESSED_TO", holder):
                expected[("recommendation", rec)] = chain
        body = client.get(f"{API}/organisations/{org}/responsibilities").json()
        got = {(i["kind"], i["id"]): i["via"] for i in body["items"]}
        assert got == expected, org
        opens = [i["open"] for i in body["items"]]
        assert opens == sorted(opens, reverse=True), "open items first"


def test_recurring_lessons_match_plain_python(generated: tuple[TestClient, Indexed]) -> None:
    client, ex = generated
    missions = {
        r: {m for e in ex.incoming("RECOMMENDS", r) for m in ex.targets("EVALUATES", e)}
        for r in ex.ids("Recommendation")
    }
    expected = []
    for theme in ex.ids("Theme"):
        members = sorted(r for r in ex.incoming("TAGGED", theme) if missions[r])
        if len(members) >= 2 and len(set().union(*(missions[r] for r in members))) >= 2:
            expected.append(("theme", theme, tuple(members)))
    # Union-find over SIMILAR_TO, direction ignored.
    parent = {r: r for r in ex.ids("Recommendation")}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked = set()
    for r in ex.document["relationships"]:
        if r["type"] == "SIMILAR_TO":
            linked |= {r["from"]["id"], r["to"]["id"]}
            parent[find(r["from"]["id"])] = find(r["to"]["id"])
    components: dict[str, list[str]] = defaultdict(list)
    for r in sorted(linked):
        components[find(r)].append(r)
    for component in components.values():
        members = sorted(r for r in component if missions[r])
        if len(members) >= 2 and len(set().union(*(missions[r] for r in members))) >= 2:
            expected.append(("similar_to", "", tuple(members)))

    body = client.get(f"{API}/analysis/recurring-lessons").json()
    got = [
        (g["link"]["kind"], g["link"].get("theme", ""), tuple(r["id"] for r in g["recommendations"]))
        for g in body["items"]
    ]
    assert sorted(got, key=str) == sorted(expected, key=str)
    for group in body["items"]:
        assert group["missions"] == sorted(set().union(*(missions[r["id"]] for r in group["recommendations"])))
