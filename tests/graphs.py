"""A tiny builder of interchange documents for tests: hand-made cases and generated graphs."""

from __future__ import annotations

import random
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


KINDS = ["lessons", "information", "reporting", "feedback"]
STATUSES = ["planned", "in_progress", "implemented", "validated", "cancelled"]
STANCES = ["endorsed", "partially_endorsed", "not_endorsed", "noted"]
LEVELS = ["ONGERUBRICEERD", "DEPARTEMENTAAL_VERTROUWELIJK", "STG_CONFIDENTIEEL", "STG_GEHEIM"]


def random_graph(seed: int) -> GraphBuilder:
    """A small random graph with every feature the analysis reads: self-interfaces, every
    basis, succession chains, evaluations of several missions, themes, similar lessons,
    responses with dates, actions due or not, and a random classification on a third of
    the nodes (for the clearance tests)."""
    rnd = random.Random(seed)
    g = GraphBuilder()
    orgs = [g.org(f"o{i}", ll_body=rnd.random() < 0.7) for i in range(rnd.randint(6, 12))]
    for i in range(rnd.randint(8, 30)):
        a, b = rnd.choice(orgs), rnd.choice(orgs)
        if rnd.random() < 0.05:
            b = a  # self-interfaces happen
        g.interface(f"i{i}", a, b, rnd.choice(KINDS))
        g.nodes[-1]["properties"]["basis"] = rnd.choices(["stated", "inferred", "planned"], [70, 15, 15])[0]
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
        due = rnd.choice([None, f"20{rnd.randint(20, 29)}", f"20{rnd.randint(20, 29)}-0{rnd.randint(1, 9)}-15"])
        g.action(
            f"a{i}",
            rnd.choice(STATUSES),
            owner=rnd.choice(orgs),
            addresses=tuple(rnd.sample(recs, rnd.randint(0, 2))),
            due=due,
        )
    for node in g.nodes:
        if rnd.random() < 0.35:
            node["properties"]["classification"] = rnd.choice(LEVELS[1:])
    return g
