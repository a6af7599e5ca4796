"""Recurring lessons: recommendations from evaluations of two or more different missions
that share a theme or are linked by SIMILAR_TO.

Groups are of two kinds. A *theme* group holds the recommendations tagged with one theme.
A *similar* group holds a connected set of SIMILAR_TO links (direction ignored). Only
recommendations whose evaluations evaluate a mission take part, and a group is listed
when it has two or more members and they span two or more missions. Computed on the
visible graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.inputs import RecommendationInput, RecommendationLinks, RecommendationSet

__all__ = ["recurring_lessons"]


@dataclass(frozen=True, slots=True)
class _Member:
    rec: RecommendationInput
    missions: tuple[str, ...]
    evaluations: tuple[str, ...]


def _member(rec: RecommendationInput, rank: int) -> _Member:
    evaluations = [e for e in rec.evaluations if e.rank <= rank]
    missions = sorted({m.id for e in evaluations for m in e.missions if m.rank <= rank})
    return _Member(rec, tuple(missions), tuple(e.id for e in evaluations))


def _group(link: dict[str, Any], members: list[_Member]) -> dict[str, Any] | None:
    missions = sorted({m for member in members for m in member.missions})
    # A lesson recurs when it is drawn again: two recommendations at least, and missions
    # apart (one recommendation whose evaluation covers two missions is not a recurrence).
    if len(members) < 2 or len(missions) < 2:
        return None
    return {
        "link": link,
        "missions": missions,
        "recommendations": [
            {
                "id": m.rec.id,
                "code": m.rec.code,
                "text": m.rec.text,
                "missions": list(m.missions),
                "evaluations": list(m.evaluations),
            }
            for m in sorted(members, key=lambda m: m.rec.id)
        ],
    }


def recurring_lessons(recs: RecommendationSet, links: RecommendationLinks, rank: int) -> list[dict[str, Any]]:
    members = {r.id: _member(r, rank) for r in recs.recommendations if r.rank <= rank}
    with_mission = {rec_id for rec_id, m in members.items() if m.missions}
    groups = []

    by_theme: dict[str, list[_Member]] = defaultdict(list)
    for rec_id in sorted(with_mission):
        for tag in links.themes.get(rec_id, ()):
            if tag.rank <= rank:
                by_theme[tag.id].append(members[rec_id])
    for theme in sorted(by_theme):
        group = _group({"kind": "theme", "theme": theme}, by_theme[theme])
        if group:
            groups.append(group)

    similar: nx.Graph[str] = nx.Graph()
    similar_to = {rec_id: sorted(set(links.similar.get(rec_id, ()))) for rec_id in members}
    for rec_id in members:
        for other in similar_to[rec_id]:
            if other in members:
                similar.add_edge(rec_id, other)
    for component in sorted(nx.connected_components(similar), key=min):
        pairs = sorted([rec_id, other] for rec_id in component for other in similar_to[rec_id] if other in component)
        group = _group({"kind": "similar_to", "pairs": pairs}, [members[i] for i in component if i in with_mission])
        if group:
            groups.append(group)
    return groups
