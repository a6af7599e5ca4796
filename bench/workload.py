"""What is measured: the graph for a scale, and each endpoint beside the Cypher it runs.

The graph comes from ``graph.synth.synthesize(scale, seed)`` when that module exists, and
from the seed graph otherwise (then every scale is the seed graph, and the report says so).

The ids an endpoint needs are picked from the document, deterministically, as the ones
that make the endpoint do the most work (the busiest organisation, the mission with the
most evaluations, the farthest reachable organisation), so a row is not flattered by an
id that happens to have nothing behind it.

``raw`` lists the catalog statements, with the parameters, that the endpoint's code in
``graph/analysis`` runs for the same request; running them with the bare driver gives the
cost of the database work alone.
"""

from __future__ import annotations

import importlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Endpoint", "GraphSource", "describe_picks", "endpoints", "feedback_hops", "load_graph"]

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
    raw: tuple[tuple[str, dict[str, Any]], ...] = ()


@dataclass(frozen=True)
class _Picks:
    interface: str
    organisation: str
    mission: str
    path_from: str
    path_to: str


def _pick(document: dict[str, Any]) -> _Picks:
    rels = document.get("relationships", [])
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
    organisations = sorted(n["id"] for n in document["nodes"] if n["label"] == "Organisation")
    missions = sorted(n["id"] for n in document["nodes"] if n["label"] == "Mission")
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


def endpoints(document: dict[str, Any], today: str) -> list[Endpoint]:
    """Every analysis endpoint with the ids picked for it and the Cypher reads it starts from
    (the answers are computed from these in Python; see graph/analysis/service.py)."""
    p = _pick(document)
    interfaces: tuple[tuple[str, dict[str, Any]], ...] = (("analysis_interfaces", {}),)
    recommendations: tuple[tuple[str, dict[str, Any]], ...] = (("analysis_recommendations", {}),)
    return [
        Endpoint("interfaces-without-feedback", "/api/v1/analysis/interfaces-without-feedback", {}, interfaces),
        Endpoint("interfaces/{id}/feedback", f"/api/v1/analysis/interfaces/{p.interface}/feedback", {}, interfaces),
        Endpoint("ll-stages", "/api/v1/analysis/ll-stages", {}, recommendations),
        Endpoint(
            "recommendations-without-follow-up",
            "/api/v1/analysis/recommendations-without-follow-up",
            {},
            recommendations,
        ),
        Endpoint("recurring-lessons", "/api/v1/analysis/recurring-lessons", {}, recommendations),
        Endpoint("overdue-actions", "/api/v1/analysis/overdue-actions", {"today": today}, (("analysis_actions", {}),)),
        Endpoint(
            "organisations/{id}/responsibilities",
            f"/api/v1/organisations/{p.organisation}/responsibilities",
            {},
            (("analysis_responsibilities", {"id": p.organisation, "visible": _EVERY_LEVEL}),),
        ),
        Endpoint(
            "missions/{id}/lineage",
            f"/api/v1/missions/{p.mission}/lineage",
            {},
            (("analysis_mission_lineage", {"id": p.mission, "visible": _EVERY_LEVEL}),),
        ),
        Endpoint("path", "/api/v1/analysis/path", {"from": p.path_from, "to": p.path_to}, interfaces),
        Endpoint("network", "/api/v1/analysis/network", {}, interfaces),
        Endpoint(
            "stats",
            "/api/v1/stats",
            {},
            (("stats_counts", {}), *recommendations, ("analysis_actions", {}), *interfaces),
        ),
    ]


def feedback_hops() -> list[Endpoint]:
    """interfaces-without-feedback at each bound the API accepts."""
    from graph.analysis.feedback import MAX_HOPS

    return [
        Endpoint(
            f"interfaces-without-feedback?max_hops={k}",
            "/api/v1/analysis/interfaces-without-feedback",
            {"max_hops": k},
        )
        for k in range(1, MAX_HOPS + 1)
    ]


def describe_picks(document: dict[str, Any]) -> dict[str, str]:
    """The ids chosen, for the report."""
    return dict(vars(_pick(document)))
