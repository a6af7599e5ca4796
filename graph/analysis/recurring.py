"""Recurring lessons: recommendations from evaluations of two or more different missions
that share a theme or are linked by SIMILAR_TO.

Groups are of two kinds. A *theme* group holds the recommendations tagged with one theme.
A *similar* group holds a connected set of SIMILAR_TO links (direction ignored). Only
recommendations whose evaluations evaluate a mission take part, and a group is listed
when it has two or more members and they span two or more missions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from graph.database import Database

__all__ = ["recurring_lessons"]


def _group(link: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any] | None:
    missions = sorted({m for r in members for m in r["missions"]})
    # A lesson recurs when it is drawn again: two recommendations at least, and missions
    # apart (one recommendation whose evaluation covers two missions is not a recurrence).
    if len(members) < 2 or len(missions) < 2:
        return None
    return {
        "link": link,
        "missions": missions,
        "recommendations": [
            {
                "id": r["id"],
                "code": r["code"],
                "text": r["text"],
                "missions": sorted(r["missions"]),
                "evaluations": r["evaluations"],
            }
            for r in sorted(members, key=lambda r: r["id"])
        ],
    }


def recurring_lessons(db: Database) -> list[dict[str, Any]]:
    rows = db.read("analysis_recurring_inputs")
    by_id = {row["id"]: row for row in rows}
    with_mission = {row["id"] for row in rows if row["missions"]}
    groups = []

    by_theme: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["id"] in with_mission:
            for theme in row["themes"]:
                by_theme[theme].append(row)
    for theme in sorted(by_theme):
        group = _group({"kind": "theme", "theme": theme}, by_theme[theme])
        if group:
            groups.append(group)

    similar = nx.Graph()
    for row in rows:
        for other in row["similar_to"]:
            similar.add_edge(row["id"], other)
    for component in sorted(nx.connected_components(similar), key=min):
        members = [by_id[i] for i in component if i in with_mission]
        pairs = sorted(
            [row_id, other] for row_id in component for other in by_id[row_id]["similar_to"] if other in component
        )
        group = _group({"kind": "similar_to", "pairs": pairs}, members)
        if group:
            groups.append(group)
    return groups
