"""A mission's lineage: evaluations, recommendations, responses, actions and owners."""

from __future__ import annotations

from typing import Any

from graph.database import Database
from graph.errors import NotFound
from graph.transfer import FORMAT, SERVICE_PROPERTIES

__all__ = ["lineage_as_graph", "mission_lineage"]


def mission_lineage(db: Database, mission_id: str, *, visible: tuple[str, ...]) -> dict[str, Any]:
    row = db.read("analysis_mission_lineage", id=mission_id, visible=list(visible))[0]
    if row["mission"] is None:
        raise NotFound(f"no Mission with id {mission_id!r}")
    return {"mission": row["mission"], "evaluations": row["evaluations"]}


def _clean(props: dict[str, Any], *nested: str) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in SERVICE_PROPERTIES and k != "id" and k not in nested}


def lineage_as_graph(lineage: dict[str, Any]) -> dict[str, Any]:
    """The same lineage as an interchange document, for a graph view."""
    nodes: dict[tuple[str, str], dict[str, Any]] = {}
    rels: set[tuple[str, str, str, str, str]] = set()

    def node(label: str, props: dict[str, Any], *nested: str) -> None:
        nodes[(label, props["id"])] = {"label": label, "id": props["id"], "properties": _clean(props, *nested)}

    mission = lineage["mission"]
    node("Mission", mission)
    for evaluation in lineage["evaluations"]:
        node("Evaluation", evaluation, "recommendations")
        rels.add(("EVALUATES", "Evaluation", evaluation["id"], "Mission", mission["id"]))
        for rec in evaluation["recommendations"]:
            node("Recommendation", rec, "responses", "actions")
            rels.add(("RECOMMENDS", "Evaluation", evaluation["id"], "Recommendation", rec["id"]))
            for response in rec["responses"]:
                node("Response", response, "given_by")
                rels.add(("RESPONDS_TO", "Response", response["id"], "Recommendation", rec["id"]))
            for action in rec["actions"]:
                node("Action", action, "owner")
                rels.add(("ADDRESSES", "Action", action["id"], "Recommendation", rec["id"]))
                if action.get("owner"):
                    node("Organisation", action["owner"])
                    rels.add(("OWNED_BY", "Action", action["id"], "Organisation", action["owner"]["id"]))
    return {
        "format": FORMAT,
        "nodes": [nodes[key] for key in sorted(nodes)],
        "relationships": [
            {"type": t, "from": {"label": fl, "id": fi}, "to": {"label": tl, "id": ti}, "properties": {}}
            for t, fl, fi, tl, ti in sorted(rels)
        ],
    }
