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
    "expected_without_feedback",
    "reference_latest_stance",
    "reference_network",
    "reference_overdue",
    "reference_path_hops",
    "reference_recurring",
    "reference_responsibilities",
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


def expected_without_feedback(
    ex: Indexed, *, max_hops: int, kinds: set[str] | None = None, stated_only: bool = False
) -> dict[str, int | None]:
    """The interfaces without a feedback loop (DOMAIN.md), with their shortest return hops:
    every interface with both ends that is examined (planned ones are not, and with
    ``stated_only`` only stated ones are)."""
    out = {}
    for interface in ex.ids("Interface"):
        basis = ex.basis(interface)
        if not ex.has_ends(interface) or basis == "planned" or (stated_only and basis != "stated"):
            continue
        hops = reference_shortest_return(ex, interface, kinds, stated_only=stated_only)
        if hops is None or hops > max_hops:
            out[interface] = hops
    return out


def reference_path_hops(ex: Indexed, source: str, target: str) -> int | None:
    """networkx: hops of the shortest chain of interfaces (planned ones carry nothing), within
    6; from an organisation to itself, the shortest cycle."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for interface in ex.ids("Interface"):
        if ex.has_ends(interface) and _carries(ex, interface, None, False):
            g.add_edge(ex.target("FROM", interface), ex.target("TO", interface), key=interface)
    if source not in g or target not in g:
        return None
    if source == target:
        cycles = [
            1 + int(nx.shortest_path_length(g, b, source)) for _, b in g.out_edges(source) if nx.has_path(g, b, source)
        ]
        hops: int | None = min(cycles) if cycles else None
    else:
        try:
            hops = int(nx.shortest_path_length(g, source, target))
        except nx.NetworkXNoPath:
            hops = None
    return hops if hops is not None and hops <= 6 else None


def reference_responsibilities(ex: Indexed, org: str) -> dict[tuple[str, str], list[str]]:
    """Work that counts for ``org``: owned actions and addressed recommendations, its own or
    a predecessor's, each with the shortest succession chain (breadth-first)."""
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
    return expected


def reference_recurring(ex: Indexed) -> list[tuple[str, str, tuple[str, ...]]]:
    """Recurring lessons as (kind, theme or "", members): theme groups and union-find
    components of SIMILAR_TO, of recommendations spanning two missions or more."""
    missions = {
        r: {m for e in ex.incoming("RECOMMENDS", r) for m in ex.targets("EVALUATES", e)}
        for r in ex.ids("Recommendation")
    }
    expected = []
    for theme in ex.ids("Theme"):
        members = sorted(r for r in ex.incoming("TAGGED", theme) if missions[r])
        if len(members) >= 2 and len(set().union(*(missions[r] for r in members))) >= 2:
            expected.append(("theme", theme, tuple(members)))
    parent = {r: r for r in ex.ids("Recommendation")}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked = set()
    for r in ex.by_type["SIMILAR_TO"]:
        linked |= {r["from"]["id"], r["to"]["id"]}
        parent[find(r["from"]["id"])] = find(r["to"]["id"])
    components: dict[str, list[str]] = defaultdict(list)
    for r in sorted(linked):
        components[find(r)].append(r)
    for component in components.values():
        members = sorted(r for r in component if missions[r])
        if len(members) >= 2 and len(set().union(*(missions[r] for r in members))) >= 2:
            expected.append(("similar_to", "", tuple(members)))
    return sorted(expected, key=str)


def reference_overdue(ex: Indexed, today: str) -> set[str]:
    """Actions due before ``today`` (a year or a month counts to its end), planned or in progress."""
    out = set()
    for action in ex.ids("Action"):
        props = ex.p("Action", action)
        due = props.get("due")
        if props["status"] not in {"planned", "in_progress"} or not due:
            continue
        end = {4: f"{due}-12-31", 7: f"{due}-31"}.get(len(due), due)
        if end < today:
            out.add(action)
    return out


def reference_network(ex: Indexed) -> tuple[dict[str, float], list[list[str]]]:
    """The LL network's betweenness (networkx, normalised, over the whole network at once)
    and its bridges as sorted pairs of organisations."""
    ll = {o for o in ex.ids("Organisation") if ex.p("Organisation", o).get("ll_body")}
    directed: nx.DiGraph[str] = nx.DiGraph()
    directed.add_nodes_from(ll)
    for interface in ex.ids("Interface"):
        if ex.has_ends(interface):
            start, end = ex.target("FROM", interface), ex.target("TO", interface)
            if start in ll and end in ll:
                directed.add_edge(start, end)
    undirected: nx.Graph[str] = nx.Graph(directed.to_undirected())
    undirected.remove_edges_from(list(nx.selfloop_edges(undirected)))
    betweenness = nx.betweenness_centrality(directed, normalized=True) if len(directed) else {}
    return betweenness, sorted(sorted(edge) for edge in nx.bridges(undirected))
