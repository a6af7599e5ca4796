"""Hand-made cases for every analysis endpoint, edge cases included."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.graphs import GraphBuilder

API = "/api/v1"


def load(client: TestClient, graph: GraphBuilder) -> None:
    response = client.post(f"{API}/import", json=graph.document())
    assert response.status_code == 200, response.text


def without_feedback(client: TestClient, **params: Any) -> dict[str, dict[str, Any]]:
    response = client.get(f"{API}/analysis/interfaces-without-feedback", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return {item["id"]: item for item in body["items"]}


@pytest.fixture
def ring(client: TestClient) -> TestClient:
    """a -> b -> c -> d -> a (i0 forward, then a return chain of exactly 3)."""
    g = GraphBuilder()
    for org in "abcd":
        g.org(org)
    g.interface("i0", "a", "b")
    g.interface("i1", "b", "c", "feedback")
    g.interface("i2", "c", "d", "feedback")
    g.interface("i3", "d", "a", "reporting")
    load(client, g)
    return client


def test_a_return_chain_of_exactly_max_hops_counts_and_one_more_does_not(ring: TestClient) -> None:
    assert without_feedback(ring, max_hops=3) == {}
    missing = without_feedback(ring, max_hops=2)
    assert set(missing) == {"i0", "i1", "i2", "i3"}
    assert missing["i0"]["shortest_return_hops"] == 3, "evidence: the chain back is one hop too long"
    assert missing["i0"]["from"]["id"] == "a"
    assert missing["i0"]["to"]["id"] == "b"

    one = ring.get(f"{API}/analysis/interfaces/i0/feedback", params={"max_hops": 3}).json()
    assert one["has_feedback"] is True
    assert [(h["id"], h["from"], h["to"]) for h in one["return_chain"]] == [
        ("i1", "b", "c"),
        ("i2", "c", "d"),
        ("i3", "d", "a"),
    ]


def test_return_kinds_restrict_the_chain(ring: TestClient) -> None:
    assert set(without_feedback(ring, return_kinds="feedback")) == {"i0", "i1", "i2", "i3"}
    assert without_feedback(ring, return_kinds="feedback,reporting,lessons") == {}
    # i0 returns through feedback, feedback, reporting; the others need i0, a lessons interface.
    assert set(without_feedback(ring, return_kinds=["feedback", "reporting"])) == {"i1", "i2", "i3"}


def test_filters_on_the_interface_itself(ring: TestClient) -> None:
    assert set(without_feedback(ring, max_hops=2, kind="feedback")) == {"i1", "i2"}
    assert set(without_feedback(ring, max_hops=2, formalised=True)) == set()


def test_the_chain_may_not_use_the_interface_itself_and_parallels_do_not_help(client: TestClient) -> None:
    g = GraphBuilder()
    for org in "abxy":
        g.org(org)
    g.interface("only", "a", "b")  # nothing leads back: only `only` itself, backwards
    g.interface("p1", "x", "y")  # two parallel interfaces the same way
    g.interface("p2", "x", "y")
    g.interface("self", "a", "a")  # a self-interface is its own loop
    load(client, g)
    missing = without_feedback(client)
    assert set(missing) == {"only", "p1", "p2"}
    assert missing["only"]["shortest_return_hops"] is None
    own = client.get(f"{API}/analysis/interfaces/self/feedback").json()
    assert own["has_feedback"] is True
    assert own["return_chain"] == []


def test_ll_body_only_keeps_interfaces_between_ll_bodies(client: TestClient) -> None:
    g = GraphBuilder()
    g.org("a")
    g.org("b")
    g.org("outsider", ll_body=False)
    g.interface("ab", "a", "b")
    g.interface("ao", "a", "outsider")
    load(client, g)
    assert set(without_feedback(client)) == {"ab", "ao"}
    assert set(without_feedback(client, ll_body_only=True)) == {"ab"}


def test_bad_parameters_are_422_and_unknown_ids_404(ring: TestClient) -> None:
    for bad in (0, 7):
        response = ring.get(f"{API}/analysis/interfaces-without-feedback", params={"max_hops": bad})
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["location"] == "query.max_hops"
    kinds = ring.get(f"{API}/analysis/interfaces-without-feedback", params={"return_kinds": "gossip"})
    assert kinds.status_code == 422
    assert "feedback" in kinds.json()["error"]["details"][0]["accepted"]
    missing = ring.get(f"{API}/analysis/interfaces/nope/feedback")
    assert missing.status_code == 404
    assert "'nope'" in missing.json()["error"]["message"]


def test_path_between_organisations(ring: TestClient) -> None:
    path = ring.get(f"{API}/analysis/path", params={"from": "b", "to": "a"}).json()
    assert path["hops"] == 3
    assert [h["id"] for h in path["chain"]] == ["i1", "i2", "i3"]
    too_short = ring.get(f"{API}/analysis/path", params={"from": "b", "to": "a", "max_hops": 2})
    assert too_short.status_code == 404
    assert "at most 2" in too_short.json()["error"]["message"]
    unknown = ring.get(f"{API}/analysis/path", params={"from": "b", "to": "zz"})
    assert unknown.status_code == 404
    assert "'zz'" in unknown.json()["error"]["message"]


@pytest.fixture
def lessons(client: TestClient) -> TestClient:
    g = GraphBuilder()
    g.org("owner")
    g.mission("m1")
    g.mission("m2")
    g.evaluation("e1", "m1")
    g.evaluation("e2", "m2")
    for rec, status in (
        ("r-none", None),
        ("r-cancelled", "cancelled"),
        ("r-planned", "planned"),
        ("r-implemented", "implemented"),
        ("r-validated", "validated"),
    ):
        g.recommendation(rec, "e1")
        g.response(f"{rec}-resp", rec, "endorsed", "2023-05")
        if status:
            g.action(f"{rec}-act", status, owner="owner", addresses=(rec,))
    # Two responses: the latest counts.
    g.recommendation("r-turned", "e2")
    g.response("r-turned-old", "r-turned", "endorsed", "2020")
    g.response("r-turned-new", "r-turned", "not_endorsed", "2023-01-15")
    g.recommendation("r-won-over", "e2")
    g.response("r-won-over-old", "r-won-over", "not_endorsed", "2020")
    g.response("r-won-over-new", "r-won-over", "partially_endorsed", "2024")
    load(client, g)
    return client


def test_ll_stages_and_the_funnel(lessons: TestClient) -> None:
    body = lessons.get(f"{API}/analysis/ll-stages").json()
    stages = {item["id"]: item["stage"] for item in body["items"]}
    assert stages == {
        "r-none": "identified",
        "r-cancelled": "identified",
        "r-planned": "actioned",
        "r-implemented": "implemented",
        "r-validated": "learned",
        "r-turned": "identified",
        "r-won-over": "identified",
    }
    assert body["funnel"] == {"identified": 4, "actioned": 1, "implemented": 1, "learned": 1}
    latest = {item["id"]: item["latest_stance"] for item in body["items"]}
    assert latest["r-turned"] == "not_endorsed"
    assert latest["r-won-over"] == "partially_endorsed"
    only_e2 = lessons.get(f"{API}/analysis/ll-stages", params={"evaluation": "e2"}).json()
    assert {item["id"] for item in only_e2["items"]} == {"r-turned", "r-won-over"}
    by_mission = lessons.get(f"{API}/analysis/ll-stages", params={"mission": "m1"}).json()
    assert by_mission["total"] == 5


def test_recommendations_without_follow_up(lessons: TestClient) -> None:
    body = lessons.get(f"{API}/analysis/recommendations-without-follow-up").json()
    items = {item["id"]: item for item in body["items"]}
    assert set(items) == {"r-none", "r-cancelled", "r-won-over"}
    assert [a["status"] for a in items["r-cancelled"]["actions"]] == ["cancelled"], "evidence: the actions considered"
    assert items["r-won-over"]["latest_response"]["id"] == "r-won-over-new"


def test_overdue_actions_respect_partial_dates(client: TestClient) -> None:
    g = GraphBuilder()
    g.action("day", "planned", due="2026-01-15")
    g.action("month", "in_progress", due="2026-02")
    g.action("year", "planned", due="2025")
    g.action("done", "implemented", due="2020-01-01")
    g.action("today", "planned", due="2026-02-15")
    g.action("undated", "planned")
    load(client, g)

    def overdue(today: str) -> list[str]:
        response = client.get(f"{API}/analysis/overdue-actions", params={"today": today})
        assert response.status_code == 200
        assert response.json()["today"] == today
        return [item["id"] for item in response.json()["items"]]

    assert overdue("2026-02-15") == ["year", "day"]
    assert overdue("2026-03-01") == ["year", "day", "today", "month"]  # by the end of their due period
    assert client.get(f"{API}/analysis/overdue-actions", params={"today": "2026-02-30"}).status_code == 422


def test_responsibilities_follow_a_succession_chain_of_three(client: TestClient) -> None:
    g = GraphBuilder()
    for org in ("oldest", "middle", "newest", "other"):
        g.org(org)
    g.rel("SUCCEEDED_BY", "Organisation", "oldest", "Organisation", "middle")
    g.rel("SUCCEEDED_BY", "Organisation", "middle", "Organisation", "newest")
    g.recommendation("rec")
    g.rel("ADDRESSED_TO", "Recommendation", "rec", "Organisation", "middle")
    g.action("old-open", "planned", owner="oldest")
    g.action("old-done", "implemented", owner="oldest")
    g.action("own", "in_progress", owner="newest")
    g.action("not-ours", "planned", owner="other")
    load(client, g)

    body = client.get(f"{API}/organisations/newest/responsibilities").json()
    items = [(i["kind"], i["id"], i["via"], i["open"]) for i in body["items"]]
    assert items == [
        ("action", "old-open", ["oldest", "middle", "newest"], True),
        ("action", "own", ["newest"], True),
        ("recommendation", "rec", ["middle", "newest"], True),
        ("action", "old-done", ["oldest", "middle", "newest"], False),
    ]
    assert [i["id"] for i in client.get(f"{API}/organisations/oldest/responsibilities").json()["items"]] == [
        "old-open",
        "old-done",
    ]
    missing = client.get(f"{API}/organisations/ghost/responsibilities")
    assert missing.status_code == 404
    assert "'ghost'" in missing.json()["error"]["message"]


def test_recurring_lessons_need_two_missions(client: TestClient) -> None:
    g = GraphBuilder()
    for m in ("m1", "m2"):
        g.mission(m)
    g.evaluation("e1", "m1")
    g.evaluation("e1b", "m1")
    g.evaluation("e2", "m2")
    for theme in ("shared", "local"):
        g.theme(theme)
    g.recommendation("a", "e1")
    g.recommendation("b", "e2")
    g.recommendation("c", "e1")
    g.recommendation("d", "e1b")
    g.recommendation("s1", "e1")
    g.recommendation("s2", "e2")
    g.recommendation("motion")  # no evaluation, no mission: never part of a group
    g.evaluation("e-both", "m1", "m2")
    g.recommendation("alone", "e-both")  # two missions, but a lesson drawn once does not recur
    g.theme("solo")
    g.rel("TAGGED", "Recommendation", "a", "Theme", "shared")
    g.rel("TAGGED", "Recommendation", "b", "Theme", "shared")
    g.rel("TAGGED", "Recommendation", "motion", "Theme", "shared")
    g.rel("TAGGED", "Recommendation", "c", "Theme", "local")
    g.rel("TAGGED", "Recommendation", "d", "Theme", "local")
    g.rel("SIMILAR_TO", "Recommendation", "s1", "Recommendation", "s2")
    g.rel("TAGGED", "Recommendation", "alone", "Theme", "solo")
    load(client, g)
    body = client.get(f"{API}/analysis/recurring-lessons").json()
    groups = [(grp["link"], grp["missions"], [r["id"] for r in grp["recommendations"]]) for grp in body["items"]]
    assert groups == [
        ({"kind": "theme", "theme": "shared"}, ["m1", "m2"], ["a", "b"]),
        ({"kind": "similar_to", "pairs": [["s1", "s2"]]}, ["m1", "m2"], ["s1", "s2"]),
    ]


def test_network_finds_single_points_of_failure(client: TestClient) -> None:
    g = GraphBuilder()
    for org in ("a", "b", "c", "lonely"):
        g.org(org)
    g.org("outsider", ll_body=False)
    g.interface("ab", "a", "b")
    g.interface("bc", "b", "c")
    g.interface("cb", "c", "b")
    g.interface("to-outsider", "a", "outsider")
    load(client, g)
    net = client.get(f"{API}/analysis/network").json()
    assert net["ll_bodies"] == 4
    assert net["interfaces"] == 3
    assert net["articulation_points"] == ["b"]
    assert net["bridges"] == [
        {"organisations": ["a", "b"], "interfaces": ["ab"]},
        {"organisations": ["b", "c"], "interfaces": ["bc", "cb"]},
    ]
    assert net["isolated"] == ["lonely"]
    assert net["weakly_connected_components"] == [["a", "b", "c"], ["lonely"]]
    assert net["strongly_connected_components"] == [["b", "c"], ["a"], ["lonely"]]
    assert net["betweenness"][0]["id"] == "b"


def test_large_groups_and_owner_lists_are_trimmed_but_counted(client: TestClient) -> None:
    g = GraphBuilder()
    g.theme("shared")
    for m in range(4):
        g.mission(f"m{m}")
        g.evaluation(f"e{m}", f"m{m}")
        for r in range(3):
            rec = g.recommendation(f"r{m}-{r}", f"e{m}")
            g.rel("TAGGED", "Recommendation", rec, "Theme", "shared")
    for o in range(4):
        g.org(f"o{o}")
        for a in range(o + 1):
            g.action(f"a{o}-{a}", "planned", owner=f"o{o}")
    load(client, g)
    group = client.get(f"{API}/analysis/recurring-lessons", params={"members": 2}).json()["items"][0]
    assert (group["mission_count"], group["recommendation_count"]) == (4, 12)
    assert group["missions"] == ["m0", "m1"]
    assert [r["id"] for r in group["recommendations"]] == ["r0-0", "r0-1"]
    stats = client.get(f"{API}/stats", params={"owners": 2}).json()
    assert stats["actions_by_owner"] == [{"owner": "o3", "count": 4}, {"owner": "o2", "count": 3}]
    assert stats["actions_by_other_owners"] == 3


def test_unknown_filter_ids_are_404(lessons: TestClient) -> None:
    for param, value in (("evaluation", "e9"), ("mission", "m9"), ("addressee", "nobody"), ("theme", "t9")):
        response = lessons.get(f"{API}/analysis/ll-stages", params={param: value})
        assert response.status_code == 404, param
        assert f"'{value}'" in response.json()["error"]["message"]
