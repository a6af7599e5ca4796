"""The same answers computed in memory from the exported graph, with plain Python and
networkx: what an analyst with the export and a notebook would run. The bench times each
beside the service's cold answer (the target: within 2x).

Each function takes the parsed interchange document (already in memory: the JSON parse is
not timed) and returns a small summary of its answer; the time includes building the
indexes it needs, since the service's cold answer includes reading and indexing too.
Written apart from ``graph/analysis`` on purpose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import networkx as nx

__all__ = ["REFERENCES"]

Doc = dict[str, Any]


def _props(doc: Doc, label: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n["properties"] for n in doc["nodes"] if n["label"] == label}


def _pairs(doc: Doc, rel_type: str) -> list[tuple[str, str]]:
    return [(r["from"]["id"], r["to"]["id"]) for r in doc["relationships"] if r["type"] == rel_type]


def without_feedback(doc: Doc, max_hops: int = 3) -> int:
    """Interfaces (not planned) whose target has no chain of at most ``max_hops`` back."""
    interfaces = _props(doc, "Interface")
    start = dict(_pairs(doc, "FROM"))
    end = dict(_pairs(doc, "TO"))
    out: dict[str, list[str]] = defaultdict(list)
    for i, props in interfaces.items():
        if i in start and i in end and props.get("basis", "stated") != "planned":
            out[start[i]].append(end[i])
    lacking = 0
    for i, props in interfaces.items():
        if i not in start or i not in end or props.get("basis", "stated") == "planned":
            continue
        a, b = start[i], end[i]
        if a == b:
            continue
        seen, frontier, found = {b}, [b], False
        for _ in range(max_hops):
            nxt = []
            for org in frontier:
                for there in out[org]:
                    if there == a:
                        found = True
                        break
                    if there not in seen:
                        seen.add(there)
                        nxt.append(there)
                if found:
                    break
            if found or not nxt:
                break
            frontier = nxt
        lacking += not found
    return lacking


def _stages(doc: Doc) -> dict[str, tuple[str, str | None]]:
    """Every recommendation's stage and latest stance."""
    actions = _props(doc, "Action")
    responses = _props(doc, "Response")
    statuses: dict[str, set[str]] = defaultdict(set)
    for a, r in _pairs(doc, "ADDRESSES"):
        statuses[r].add(actions[a]["status"])
    latest: dict[str, tuple[bool, str, str]] = {}
    stance: dict[str, str] = {}
    for s, r in _pairs(doc, "RESPONDS_TO"):
        date = responses[s].get("date")
        key = (date is not None, date or "", s)
        if r not in latest or key > latest[r]:
            latest[r], stance[r] = key, responses[s]["stance"]
    out = {}
    for r in _props(doc, "Recommendation"):
        present = statuses.get(r, set())
        if "validated" in present:
            stage = "learned"
        elif "implemented" in present:
            stage = "implemented"
        else:
            stage = "actioned" if present - {"cancelled"} else "identified"
        out[r] = (stage, stance.get(r))
    return out


def ll_stages(doc: Doc) -> int:
    return len(Counter(stage for stage, _ in _stages(doc).values()))


def without_follow_up(doc: Doc) -> int:
    return sum(
        stance in {"endorsed", "partially_endorsed"} and stage == "identified"
        for stage, stance in _stages(doc).values()
    )


def recurring(doc: Doc) -> int:
    missions: dict[str, set[str]] = defaultdict(set)
    evaluates: dict[str, set[str]] = defaultdict(set)
    for e, m in _pairs(doc, "EVALUATES"):
        evaluates[e].add(m)
    for e, r in _pairs(doc, "RECOMMENDS"):
        missions[r] |= evaluates.get(e, set())
    by_theme: dict[str, list[str]] = defaultdict(list)
    for r, t in _pairs(doc, "TAGGED"):
        if missions[r]:
            by_theme[t].append(r)
    groups = sum(len(m) >= 2 and len(set().union(*(missions[r] for r in m))) >= 2 for m in by_theme.values())
    similar = nx.Graph(_pairs(doc, "SIMILAR_TO"))
    for component in nx.connected_components(similar):
        members = [r for r in component if missions[r]]
        groups += len(members) >= 2 and len(set().union(*(missions[r] for r in members))) >= 2
    return groups


def overdue(doc: Doc, today: str) -> int:
    count = 0
    for props in _props(doc, "Action").values():
        due = props.get("due")
        if props["status"] in {"planned", "in_progress"} and due:
            end = {4: f"{due}-12-31", 7: f"{due}-31"}.get(len(due), due)
            count += end < today
    return count


def stats(doc: Doc) -> int:
    counts = Counter(n["label"] for n in doc["nodes"])
    stages = Counter(stage for stage, _ in _stages(doc).values())
    by_status = Counter(p["status"] for p in _props(doc, "Action").values())
    by_owner = Counter(o for _, o in _pairs(doc, "OWNED_BY"))
    return len(counts) + len(stages) + len(by_status) + len(by_owner) + without_feedback(doc)


def network(doc: Doc) -> int:
    orgs = _props(doc, "Organisation")
    bodies = {o for o, p in orgs.items() if p.get("ll_body")}
    start, end = dict(_pairs(doc, "FROM")), dict(_pairs(doc, "TO"))
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_nodes_from(bodies)
    g.add_edges_from((start[i], end[i]) for i in start if i in end and start[i] in bodies and end[i] in bodies)
    undirected = nx.Graph(g.to_undirected())
    nx.betweenness_centrality(g)
    return len(list(nx.articulation_points(undirected))) + len(list(nx.bridges(undirected)))


# Each reference by the name ``bench.workload`` gives it, called as (document, today).
REFERENCES: dict[str, Callable[[Doc, str], int]] = {
    "without_feedback": lambda doc, _: without_feedback(doc),
    "ll_stages": lambda doc, _: ll_stages(doc),
    "without_follow_up": lambda doc, _: without_follow_up(doc),
    "recurring": lambda doc, _: recurring(doc),
    "overdue": overdue,
    "stats": lambda doc, _: stats(doc),
    "network": lambda doc, _: network(doc),
}
