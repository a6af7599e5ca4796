"""Independent computations the service's answers are tested against: an index over an
interchange document (an export, a synthetic graph), and the derived facts of DOMAIN.md
computed from it with networkx and plain Python, written apart from ``graph/analysis``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

__all__ = [
    "CLASSIFICATIONS",
    "Indexed",
    "reference_latest_stance",
    "reference_shortest_return",
    "reference_stage",
    "shortest_return",
    "visible_document",
]

CLASSIFICATIONS = ("ONGERUBRICEERD", "DEPARTEMENTAAL_VERTROUWELIJK", "STG_CONFIDENTIEEL", "STG_GEHEIM")


def visible_document(document: dict[str, Any], clearance: str) -> dict[str, Any]:
    """The document with every node above ``clearance`` and every relationship touching one removed."""
    allowed = set(CLASSIFICATIONS[: CLASSIFICATIONS.index(clearance) + 1])
    nodes = [n for n in document["nodes"] if n["properties"].get("classification", "ONGERUBRICEERD") in allowed]
    kept = {(n["label"], n["id"]) for n in nodes}
    relationships = [
        r
        for r in document["relationships"]
        if (r["from"]["label"], r["from"]["id"]) in kept and (r["to"]["label"], r["to"]["id"]) in kept
    ]
    return {**document, "nodes": nodes, "relationships": relationships}


class Indexed:
    """One interchange document, indexed for the reference computations."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.props: dict[tuple[str, str], dict[str, Any]] = {}
        self._ids: dict[str, list[str]] = defaultdict(list)
        for n in document["nodes"]:
            self.props[(n["label"], n["id"])] = n["properties"]
            self._ids[n["label"]].append(n["id"])
        self.out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)  # (type, from id) -> rels
        self.inc: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)  # (type, to id) -> rels
        self.by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in document["relationships"]:
            self.out[(r["type"], r["from"]["id"])].append(r)
            self.inc[(r["type"], r["to"]["id"])].append(r)
            self.by_type[r["type"]].append(r)

    def ids(self, label: str) -> list[str]:
        return sorted(self._ids[label])

    def p(self, label: str, node_id: str) -> dict[str, Any]:
        return self.props[(label, node_id)]

    def values(self, label: str, prop: str) -> list[Any]:
        return [self.p(label, i).get(prop) for i in self._ids[label]]

    def targets(self, rel_type: str, from_id: str, label: str | None = None) -> list[str]:
        return [r["to"]["id"] for r in self.out[(rel_type, from_id)] if label is None or r["to"]["label"] == label]

    def target(self, rel_type: str, from_id: str) -> str:
        return self.targets(rel_type, from_id)[0]

    def sources(self, rel_type: str, to_id: str) -> list[str]:
        return [r["from"]["id"] for r in self.inc[(rel_type, to_id)]]

    def incoming(self, rel_type: str, to_id: str) -> list[str]:
        return sorted(self.sources(rel_type, to_id))

    def basis(self, interface: str) -> str:
        return str(self.p("Interface", interface).get("basis", "stated"))

    def has_ends(self, interface: str) -> bool:
        return bool(self.targets("FROM", interface)) and bool(self.targets("TO", interface))


def _carries(ex: Indexed, interface: str, kinds: set[str] | None, stated_only: bool) -> bool:
    basis = ex.basis(interface)
    if basis == "planned" or (stated_only and basis != "stated"):
        return False
    return kinds is None or ex.p("Interface", interface)["kind"] in kinds


def reference_shortest_return(
    ex: Indexed, interface: str, kinds: set[str] | None, *, stated_only: bool = False
) -> int | None:
    """networkx: hops of the shortest chain of other interfaces, within 6, from the
    interface's TO back to its FROM (planned ones carry nothing); 0 for a self-interface."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for other in ex.ids("Interface"):
        if other != interface and ex.has_ends(other) and _carries(ex, other, kinds, stated_only):
            g.add_edge(ex.target("FROM", other), ex.target("TO", other), key=other)
    source, target = ex.target("FROM", interface), ex.target("TO", interface)
    if source == target:
        return 0
    try:
        hops = int(nx.shortest_path_length(g, target, source))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    return hops if hops <= 6 else None


def shortest_return(ex: Indexed, interface: str, max_hops: int = 3) -> int | None:
    """Plain Python, breadth-first: the same as ``reference_shortest_return`` with no kinds,
    cut at ``max_hops``."""
    start, goal = ex.target("TO", interface), ex.target("FROM", interface)
    frontier, seen = {start}, {start}
    for hops in range(1, max_hops + 1):
        nxt = set()
        for org in frontier:
            for other in ex.sources("FROM", org):
                if other == interface or not _carries(ex, other, None, False):
                    continue
                end = ex.target("TO", other)
                if end == goal:
                    return hops
                if end not in seen:
                    seen.add(end)
                    nxt.add(end)
        frontier = nxt
    return None


def reference_stage(ex: Indexed, rec: str) -> str:
    statuses = {ex.p("Action", a)["status"] for a in ex.incoming("ADDRESSES", rec)}
    if "validated" in statuses:
        return "learned"
    if "implemented" in statuses:
        return "implemented"
    return "actioned" if statuses - {"cancelled"} else "identified"


def reference_latest_stance(ex: Indexed, rec: str) -> str | None:
    responses = [ex.p("Response", s) | {"id": s} for s in ex.incoming("RESPONDS_TO", rec)]
    if not responses:
        return None
    latest = max(responses, key=lambda s: (s.get("date") is not None, s.get("date") or "", s["id"]))
    return str(latest["stance"])
