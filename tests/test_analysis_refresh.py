"""After the service's own writes, the analysis answers come from inputs brought up to date
by reading again only what changed (graph/analysis/refresh.py). On random graphs, after
each of many random writes through the API (nodes created, edited, reclassified and
deleted, relationships made, replaced and removed), every answer equals the answer of a
service that reads the whole graph for every request, for a caller of each clearance;
and the whole graph is not read again."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.database import Database
from tests.graphs import KINDS, LEVELS, STANCES, STATUSES, random_graph
from tests.tokens import bearer

API = "/api/v1"
TODAY = "2026-06-15"
WHOLE_READS = {"analysis_interfaces", "analysis_recommendations", "analysis_recommendation_links", "analysis_actions"}
ANSWERS: list[tuple[str, dict[str, Any]]] = [
    ("/analysis/interfaces", {"limit": 10000}),
    ("/analysis/interfaces", {"limit": 10000, "max_hops": 6, "stated_only": True}),
    ("/analysis/ll-stages", {"limit": 10000}),
    ("/analysis/ll-stages", {"limit": 10000, "theme": "t0"}),
    ("/analysis/ll-stages", {"limit": 10000, "addressee": "o0"}),
    ("/analysis/recommendations-without-follow-up", {"limit": 10000}),
    ("/analysis/recurring-lessons", {"limit": 10000}),
    ("/analysis/overdue-actions", {"limit": 10000, "today": TODAY}),
    ("/stats", {}),
    ("/analysis/network", {}),
]
COLLECTIONS = {
    "Organisation": "organisations",
    "Interface": "interfaces",
    "Mission": "missions",
    "Evaluation": "evaluations",
    "Recommendation": "recommendations",
    "Response": "responses",
    "Action": "actions",
    "Theme": "themes",
}
LINKS = [
    ("TAGGED", "Recommendation", "Theme"),
    ("SIMILAR_TO", "Recommendation", "Recommendation"),
    ("ADDRESSED_TO", "Recommendation", "Organisation"),
    ("ADDRESSES", "Action", "Recommendation"),
    ("RECOMMENDS", "Evaluation", "Recommendation"),
    ("EVALUATES", "Evaluation", "Mission"),
    ("RESPONDS_TO", "Response", "Recommendation"),
]
REPLACEABLE = [
    ("OWNED_BY", "Action", "Organisation"),
    ("FROM", "Interface", "Organisation"),
    ("TO", "Interface", "Organisation"),
]


@pytest.fixture(scope="module")
def uncached(settings: Settings, session_db: Database) -> Iterator[TestClient]:
    """The same service reading the whole graph for every answer."""
    with TestClient(
        create_app(settings.model_copy(update={"answer_cache": False})),
        raise_server_exceptions=False,
        headers=bearer(settings),
    ) as client:
        yield client


@pytest.fixture
def whole_reads(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The statements the cached service's database runs, by name."""
    service_db = client.app.state.analysis.db  # type: ignore[attr-defined]  # TestClient types its app as ASGI
    counted: Counter[str] = Counter()
    read = Database.read

    def counting(self: Database, name: str, /, **params: Any) -> list[dict[str, Any]]:
        if self is service_db:
            counted[name] += 1
        return read(self, name, **params)

    monkeypatch.setattr(Database, "read", counting)
    return counted


class World:
    """What the random writer knows of the graph: ids by label, relationships by type."""

    def __init__(self, document: dict[str, Any], rnd: random.Random) -> None:
        self.rnd = rnd
        self.ids: dict[str, list[str]] = {label: [] for label in COLLECTIONS}
        for node in document["nodes"]:
            self.ids.setdefault(node["label"], []).append(node["id"])
        self.rels = [(r["type"], r["from"], r["to"]) for r in document["relationships"]]
        self.deleted: list[tuple[str, str]] = []
        self.made = 0

    def pick(self, label: str) -> str | None:
        return self.rnd.choice(self.ids[label]) if self.ids[label] else None

    def new_id(self, prefix: str) -> str:
        self.made += 1
        return f"{prefix}-new{self.made}"


def _write(client: TestClient, world: World) -> str:
    """One random write through the API; what it was, for the assertion message."""
    rnd = world.rnd
    kind = rnd.choice(["edit", "edit", "classify", "create", "delete", "relate", "relate", "unrelate", "replace"])
    label = rnd.choice(list(COLLECTIONS))
    node = world.pick(label)
    path = f"{API}/{COLLECTIONS[label]}/{node}"
    if kind == "edit" and node:
        changes: dict[str, dict[str, Any]] = {
            "Action": {"status": rnd.choice(STATUSES), "due": rnd.choice(["2025", "2027-01", "2026-06-14"])},
            "Interface": {"kind": rnd.choice(KINDS), "basis": rnd.choice(["stated", "inferred", "planned"])},
            "Organisation": {"ll_body": rnd.random() < 0.5, "name": f"renamed {node}"},
            "Response": {"stance": rnd.choice(STANCES), "date": rnd.choice(["2030-01", "2001"])},
            "Recommendation": {"text": f"edited {node}"},
        }
        body = changes.get(label, {"name": f"renamed {node}"} if label != "Evaluation" else {"title": "edited"})
        response = client.patch(path, json=body)
    elif kind == "classify" and node:
        response = client.patch(path, params={"declassify": "true"}, json={"classification": rnd.choice(LEVELS)})
    elif kind == "create":
        a, b = world.pick("Organisation"), world.pick("Organisation")
        again = [(lbl, i) for lbl, i in world.deleted if lbl in ("Organisation", "Theme")]
        if again and rnd.random() < 0.5:
            # A node deleted earlier comes back under its id, without the relationships it had.
            label, node = rnd.choice(again)
            body = {"id": node, "name": node, **({"kind": "unit"} if label == "Organisation" else {})}
            world.deleted.remove((label, node))
        elif rnd.random() < 0.5 and a and b:
            label, node = "Interface", world.new_id("i")
            body = {"id": node, "name": node, "kind": rnd.choice(KINDS), "from": a, "to": b}
        else:
            label, node = "Action", world.new_id("a")
            recs = rnd.sample(world.ids["Recommendation"], min(2, len(world.ids["Recommendation"])))
            body = {"id": node, "title": node, "status": rnd.choice(STATUSES), "due": "2026-01", "addresses": recs}
            if a:
                body["owner"] = a
        response = client.post(f"{API}/{COLLECTIONS[label]}", json=body)
        if response.status_code == 201:
            world.ids[label].append(node)
    elif kind == "delete" and node:
        response = client.delete(path)
        if response.status_code == 204:
            world.ids[label].remove(node)
            world.deleted.append((label, node))
    elif kind in ("relate", "unrelate", "replace"):
        rel_type, start, end = rnd.choice(REPLACEABLE if kind == "replace" else LINKS)
        a, b = world.pick(start), world.pick(end)
        if not a or not b:
            return f"{kind}: nothing to {kind}"
        body = {"type": rel_type, "from": {"label": start, "id": a}, "to": {"label": end, "id": b}}
        if kind == "unrelate" and world.rels and rnd.random() < 0.7:
            rel_type, a_key, b_key = rnd.choice(world.rels)
            body = {"type": rel_type, "from": a_key, "to": b_key}
        method = {"relate": "POST", "unrelate": "DELETE", "replace": "PUT"}[kind]
        response = client.request(method, f"{API}/relationships", json=body)
        return f"{kind} {body}: {response.status_code}"
    else:
        return f"{kind}: nothing to {kind}"
    assert response.status_code < 500, response.text
    return f"{kind} {label} {node}: {response.status_code}"


def _answers(
    client: TestClient, headers: dict[str, str], answers: list[tuple[str, dict[str, Any]]] = ANSWERS
) -> list[Any]:
    out = []
    for path, params in answers:
        response = client.get(f"{API}{path}", params=params, headers=headers)
        assert response.status_code in (200, 404), response.text  # 404: a filter's node is gone or hidden
        out.append((response.status_code, response.json()))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_answers_after_the_services_writes_equal_whole_reads(
    client: TestClient, uncached: TestClient, settings: Settings, whole_reads: Counter[str], seed: int
) -> None:
    graph = random_graph(seed).document()
    assert client.post(f"{API}/import", json=graph).status_code == 200
    readers = [bearer(settings, "analyst", level) for level in (LEVELS[0], LEVELS[-1])]
    for headers in readers:
        _answers(client, headers)  # every input read whole once: the import does not say what it changed
    whole_reads.clear()
    world = World(graph, random.Random(seed))
    done = []
    for _ in range(30):
        done.append(_write(client, world))
        for headers in readers:
            assert _answers(client, headers) == _answers(uncached, headers), done
    assert not WHOLE_READS & set(whole_reads), f"read whole again: {whole_reads}"
    assert sum(whole_reads[f"{name}_of"] for name in WHOLE_READS) > 0, "nothing was read again"


def _targets(graph: dict[str, Any], rel_type: str, label: str) -> list[str]:
    return sorted(
        {r["to"]["id"] for r in graph["relationships"] if r["type"] == rel_type and r["to"]["label"] == label}
    )


def _recreate(client: TestClient, label: str, node_id: str) -> None:
    assert client.delete(f"{API}/{COLLECTIONS[label]}/{node_id}").status_code == 204
    bodies = {"Organisation": {"name": node_id, "kind": "unit"}, "Recommendation": {"text": node_id, "kind": "lesson"}}
    body = {"id": node_id, **bodies.get(label, {"name": node_id})}
    assert client.post(f"{API}/{COLLECTIONS[label]}", json=body).status_code == 201


def _reclassify_missions(client: TestClient, graph: dict[str, Any]) -> None:
    for mission in _targets(graph, "EVALUATES", "Mission"):
        assert client.patch(f"{API}/missions/{mission}", json={"classification": LEVELS[-1]}).status_code == 200


def _themes_back_bare(client: TestClient, graph: dict[str, Any]) -> None:
    for theme in _targets(graph, "TAGGED", "Theme"):
        _recreate(client, "Theme", theme)


def _similar_back_bare(client: TestClient, graph: dict[str, Any]) -> None:
    """Made again without its similarity, then recommended by an evaluation of two missions."""
    evaluated = Counter(r["from"]["id"] for r in graph["relationships"] if r["type"] == "EVALUATES")
    evaluation = min(e for e, n in evaluated.items() if n == 2)
    for rec in _targets(graph, "SIMILAR_TO", "Recommendation"):
        _recreate(client, "Recommendation", rec)
        link = {
            "type": "RECOMMENDS",
            "from": {"label": "Evaluation", "id": evaluation},
            "to": {"label": "Recommendation", "id": rec},
        }
        assert client.post(f"{API}/relationships", json=link).status_code == 201


def _addressees_back_bare(client: TestClient, graph: dict[str, Any]) -> None:
    for org in _targets(graph, "ADDRESSED_TO", "Organisation"):
        _recreate(client, "Organisation", org)


def _interface_ends_back_bare(client: TestClient, graph: dict[str, Any]) -> None:
    for org in _targets(graph, "TO", "Organisation")[:3]:
        _recreate(client, "Organisation", org)


@pytest.mark.parametrize(
    "change",
    [_reclassify_missions, _themes_back_bare, _similar_back_bare, _addressees_back_bare, _interface_ends_back_bare],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_change_reaches_every_item_that_names_the_changed_node(
    client: TestClient, uncached: TestClient, settings: Settings, whole_reads: Counter[str], change: Any
) -> None:
    """A node changed or deleted (and made again, bare) under an item that names it: a
    recommendation's mission, theme, similar lesson or addressee, an interface's end."""
    graph = random_graph(9).document()  # recurring lessons by theme and by similarity, some public
    assert client.post(f"{API}/import", json=graph).status_code == 200
    readers = [bearer(settings, "analyst", level) for level in (LEVELS[0], LEVELS[-1])]
    addressee = _targets(graph, "ADDRESSED_TO", "Organisation")[0]
    theme = _targets(graph, "TAGGED", "Theme")[0]
    answers = [*ANSWERS, ("/analysis/ll-stages", {"addressee": addressee}), ("/analysis/ll-stages", {"theme": theme})]
    before = [_answers(client, headers, answers) for headers in readers]
    whole_reads.clear()
    change(client, graph)
    after = [_answers(client, headers, answers) for headers in readers]
    assert after == [_answers(uncached, headers, answers) for headers in readers]
    assert after != before, "the change changed no answer: the case tests nothing"
    assert not WHOLE_READS & set(whole_reads), f"read whole again: {whole_reads}"
