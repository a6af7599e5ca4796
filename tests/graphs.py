"""A tiny builder of interchange documents for tests: hand-made cases and generated graphs."""

from __future__ import annotations

from typing import Any


class GraphBuilder:
    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.relationships: list[dict[str, Any]] = []

    def node(self, label: str, node_id: str, **props: Any) -> str:
        self.nodes.append({"label": label, "id": node_id, "properties": props})
        return node_id

    def rel(self, rel_type: str, from_label: str, from_id: str, to_label: str, to_id: str, **props: Any) -> None:
        self.relationships.append(
            {
                "type": rel_type,
                "from": {"label": from_label, "id": from_id},
                "to": {"label": to_label, "id": to_id},
                "properties": props,
            }
        )

    def org(self, org_id: str, *, ll_body: bool = True) -> str:
        return self.node("Organisation", org_id, name=f"Org {org_id}", kind="unit", ll_body=ll_body)

    def interface(self, if_id: str, source: str, target: str, kind: str = "lessons") -> str:
        self.node("Interface", if_id, name=f"{source} to {target}", kind=kind)
        self.rel("FROM", "Interface", if_id, "Organisation", source)
        self.rel("TO", "Interface", if_id, "Organisation", target)
        return if_id

    def mission(self, mission_id: str) -> str:
        return self.node("Mission", mission_id, name=f"Mission {mission_id}")

    def evaluation(self, eval_id: str, *missions: str) -> str:
        self.node("Evaluation", eval_id, title=f"Evaluation {eval_id}", kind="final_evaluation")
        for mission in missions:
            self.rel("EVALUATES", "Evaluation", eval_id, "Mission", mission)
        return eval_id

    def recommendation(self, rec_id: str, evaluation: str | None = None) -> str:
        self.node("Recommendation", rec_id, text=f"Recommendation {rec_id}", kind="lesson", code=rec_id)
        if evaluation:
            self.rel("RECOMMENDS", "Evaluation", evaluation, "Recommendation", rec_id)
        return rec_id

    def response(self, resp_id: str, rec: str, stance: str, date: str | None = None) -> str:
        props = {"stance": stance} | ({"date": date} if date else {})
        self.node("Response", resp_id, **props)
        self.rel("RESPONDS_TO", "Response", resp_id, "Recommendation", rec)
        return resp_id

    def action(
        self,
        action_id: str,
        status: str,
        *,
        owner: str | None = None,
        addresses: tuple[str, ...] = (),
        due: str | None = None,
    ) -> str:
        props = {"title": f"Action {action_id}", "status": status} | ({"due": due} if due else {})
        self.node("Action", action_id, **props)
        if owner:
            self.rel("OWNED_BY", "Action", action_id, "Organisation", owner)
        for rec in addresses:
            self.rel("ADDRESSES", "Action", action_id, "Recommendation", rec)
        return action_id

    def theme(self, theme_id: str) -> str:
        return self.node("Theme", theme_id, name=theme_id, scheme="lessons")

    def document(self) -> dict[str, Any]:
        return {"format": "lessons-graph/1", "nodes": self.nodes, "relationships": self.relationships}
