"""What is measured: the graph for a scale, the answers asked of it, and what an editor changes.

The graph comes from ``graph.synth.synthesize(scale, seed)`` when that module exists, and
from the seed graph otherwise (then every scale is the seed graph, and the report says so).

The ids an endpoint needs are picked from the document, deterministically, as the ones
that make the endpoint do the most work (the busiest organisation, the mission with the
most evaluations, the farthest reachable organisation), so a row is not flattered by an
id that happens to have nothing behind it.

A per-id endpoint's ``raw`` lists the catalog statements, with the parameters, that its
code runs for the same request; running them with the bare driver gives the cost of the
database work alone. An analysis answer's ``reference`` names the in-memory computation of
the same answer (``bench/reference.py``).
"""

from __future__ import annotations

import importlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Endpoint", "GraphSource", "answers", "describe_picks", "edits", "load_graph", "per_id"]

_SEED = Path(__file__).resolve().parent.parent / "seed" / "lessons-graph.yaml"

_EVERY_LEVEL = ["ONGERUBRICEERD", "DEPARTEMENTAAL_VERTROUWELIJK", "STG_CONFIDENTIEEL", "STG_GEHEIM"]


@dataclass(frozen=True)
class GraphSource:
    document: dict[str, Any]
    description: str
    synthetic: bool
    today: str  # the date overdue-actions is asked about (the generator's "as of", for stable answers)


def load_graph(scale: int, seed: int) -> GraphSource:
    """The interchange document for ``scale``: synthetic if ``graph.synth`` exists."""
    try:
        synth = importlib.import_module("graph.synth")
    except ModuleNotFoundError as e:
        if e.name != "graph.synth":
            raise
        from app.interchange import load_file

        return GraphSource(
            load_file(_SEED), "seed graph (graph.synth not available; scale ignored)", False, date.today().isoformat()
        )
    today = str(getattr(synth, "AS_OF", date.today().isoformat()))
    return GraphSource(synth.synthesize(scale, seed=seed), f"graph.synth.synthesize({scale}, seed={seed})", True, today)


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    # Catalog statements (name, parameters) the endpoint's code runs for this request, for
    # the per-id rows: the same Cypher with the bare driver is the cost of the database alone.
    raw: tuple[tuple[str, dict[str, Any]], ...] = ()
    # The key in ``bench.reference.REFERENCES`` that answers the same question in memory.
    reference: str | None = None
    # Counted in the cold target ("every gap answer and /stats under 1 s").
    target: bool = True


@dataclass(frozen=True)
class _Picks:
    interface: str
    organisation: str
    mission: str
    path_from: str
    path_to: str


def _pick(document: dict[str, Any]) -> _Picks:
    """Ids every caller of the benchmark sees (unclassified, ends included), so that the
    public caller's per-id and path rows answer 200 as the cleared analyst's do."""
    public = {
        (n["label"], n["id"])
        for n in document["nodes"]
        if (n.get("properties") or {}).get("classification", "ONGERUBRICEERD") == "ONGERUBRICEERD"
    }
    rels = [
        rel
        for rel in document.get("relationships", [])
        if (rel["from"]["label"], rel["from"]["id"]) in public and (rel["to"]["label"], rel["to"]["id"]) in public
    ]
    ends: dict[str, dict[str, str]] = defaultdict(dict)  # interface -> {"FROM": org, "TO": org}
    burden: Counter[str] = Counter()  # organisation -> actions owned + recommendations addressed
    evaluations: Counter[str] = Counter()  # mission -> evaluations
    for rel in rels:
        t = rel["type"]
        if t in ("FROM", "TO"):
            ends[rel["from"]["id"]][t] = rel["to"]["id"]
        elif t in ("OWNED_BY", "ADDRESSED_TO"):
            burden[rel["to"]["id"]] += 1
        elif t == "EVALUATES" and rel["to"]["label"] == "Mission":
            evaluations[rel["to"]["id"]] += 1
    out: dict[str, set[str]] = defaultdict(set)
    for e in ends.values():
        if "FROM" in e and "TO" in e:
            out[e["FROM"]].add(e["TO"])
    organisations = sorted(node_id for label, node_id in public if label == "Organisation")
    missions = sorted(node_id for label, node_id in public if label == "Mission")
    complete = sorted(i for i, e in ends.items() if "FROM" in e and "TO" in e)
    if not complete or not organisations or not missions:
        raise ValueError("the graph needs at least one interface, organisation and mission to benchmark")

    def busiest(counter: Counter[str], ids: list[str]) -> str:
        return min(ids, key=lambda i: (-counter[i], i))

    # The interface whose target has the widest fan-out: the return search starts there.
    interface = min(complete, key=lambda i: (-len(out[ends[i]["TO"]]), i))
    # The path: from the organisation with the most outgoing interfaces to the farthest
    # organisation it reaches within 6 hops (the API's bound), so the answer is not a 404.
    source = min(organisations, key=lambda o: (-len(out[o]), o))
    hops = {source: 0}
    queue = deque([source])
    while queue:
        here = queue.popleft()
        if hops[here] == 6:
            continue
        for there in sorted(out[here]):
            if there not in hops:
                hops[there] = hops[here] + 1
                queue.append(there)
    target = min(hops, key=lambda o: (-hops[o], o))
    return _Picks(interface, busiest(burden, organisations), busiest(evaluations, missions), source, target)


def answers(document: dict[str, Any], today: str) -> list[Endpoint]:
    """Every analysis answer a dashboard or the map asks for, with the in-memory reference
    that answers the same question (``bench/reference.py``) where there is one."""
    p = _pick(document)
    analysis = "/api/v1/analysis"
    return [
        Endpoint(
            "interfaces-without-feedback", f"{analysis}/interfaces-without-feedback", reference="without_feedback"
        ),
        Endpoint("interfaces (the map)", f"{analysis}/interfaces", {"limit": 1000}, reference="without_feedback"),
        Endpoint("ll-stages", f"{analysis}/ll-stages", reference="ll_stages"),
        Endpoint(
            "recommendations-without-follow-up",
            f"{analysis}/recommendations-without-follow-up",
            reference="without_follow_up",
        ),
        Endpoint("recurring-lessons", f"{analysis}/recurring-lessons", reference="recurring"),
        Endpoint("overdue-actions", f"{analysis}/overdue-actions", {"today": today}, reference="overdue"),
        Endpoint("stats", "/api/v1/stats", reference="stats"),
        Endpoint("interfaces/{id}/feedback", f"{analysis}/interfaces/{p.interface}/feedback"),
        Endpoint("path", f"{analysis}/path", {"from": p.path_from, "to": p.path_to}),
        Endpoint("network", f"{analysis}/network", reference="network", target=False),
    ]


def per_id(document: dict[str, Any]) -> list[Endpoint]:
    """The requests about one node, each with the Cypher it runs (on the whole graph)."""
    p = _pick(document)
    return [
        Endpoint(
            "interfaces/{id}",
            f"/api/v1/interfaces/{p.interface}",
            raw=(("node_get", {"label": "Interface", "id": p.interface, "visible": _EVERY_LEVEL}),),
        ),
        Endpoint(
            "organisations/{id}/responsibilities",
            f"/api/v1/organisations/{p.organisation}/responsibilities",
            raw=(("analysis_responsibilities", {"id": p.organisation, "visible": _EVERY_LEVEL}),),
        ),
        Endpoint(
            "missions/{id}/lineage",
            f"/api/v1/missions/{p.mission}/lineage",
            raw=(("analysis_mission_lineage", {"id": p.mission, "visible": _EVERY_LEVEL}),),
        ),
    ]


def edits(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """What the editor of the under-writes measurement changes, in turn: (collection, id,
    property). One node of each label the gap answers read, so each answer goes cold in turn."""
    firsts: dict[str, str] = {}
    for node in document["nodes"]:
        firsts.setdefault(node["label"], node["id"])
    edited = [
        ("Action", "actions", "description"),
        ("Interface", "interfaces", "description"),
        ("Recommendation", "recommendations", "code"),
    ]
    return [(collection, firsts[label], prop) for label, collection, prop in edited if label in firsts]


def describe_picks(document: dict[str, Any]) -> dict[str, str]:
    """The ids chosen, for the report."""
    return dict(vars(_pick(document)))
