"""Where each recommendation stands on the way from identified to learned, and the gap.

- LL stage: ``learned`` if some action addressing it is validated; else ``implemented``
  if some action is implemented; else ``actioned`` if some non-cancelled action exists;
  else ``identified``.
- Without follow-up: the latest response endorses it fully or partly, and no
  non-cancelled action addresses it.

Computed on the visible graph: a recommendation, action, response, evaluation, mission,
theme or addressee above the clearance is not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.analysis.inputs import RecommendationInput, RecommendationLinks, RecommendationSet, ResponseRef

__all__ = ["STAGES", "StageFilters", "funnel", "latest_response", "ll_stages", "stage_of", "without_follow_up"]

STAGES = ("identified", "actioned", "implemented", "learned")
_ENDORSING = frozenset({"endorsed", "partially_endorsed"})


@dataclass(frozen=True, kw_only=True)
class StageFilters:
    """Ids that a recommendation must be linked to (None: no filter)."""

    evaluation: str | None = None
    mission: str | None = None
    addressee: str | None = None
    theme: str | None = None

    @property
    def needs_links(self) -> bool:
        return self.addressee is not None or self.theme is not None

    def accept(self, rec: RecommendationInput, rank: int, links: RecommendationLinks | None) -> bool:
        evaluations = [e for e in rec.evaluations if e.rank <= rank]
        if self.evaluation is not None and all(e.id != self.evaluation for e in evaluations):
            return False
        if self.mission is not None and not any(
            m.id == self.mission and m.rank <= rank for e in evaluations for m in e.missions
        ):
            return False
        if not self.needs_links:
            return True
        if links is None:
            raise ValueError("the addressee and theme filters need the recommendations' links")
        addressed = links.addressed.get(rec.id, ())
        if self.addressee is not None and not any(o.id == self.addressee and o.rank <= rank for o in addressed):
            return False
        themes = links.themes.get(rec.id, ())
        return self.theme is None or any(t.id == self.theme and t.rank <= rank for t in themes)


def stage_of(statuses: Iterable[str | None]) -> str:
    """The LL stage of a recommendation from the statuses of the actions addressing it."""
    present = set(statuses)
    if "validated" in present:
        return "learned"
    if "implemented" in present:
        return "implemented"
    return "actioned" if present - {"cancelled"} else "identified"


def latest_response(responses: Iterable[ResponseRef]) -> ResponseRef | None:
    """The latest response: by date (an undated one counts as oldest), then by id."""
    return max(responses, key=lambda s: (s.date is not None, s.date or "", s.id), default=None)


def _item(rec: RecommendationInput, rank: int) -> dict[str, Any]:
    actions = [a for a in rec.actions if a.rank <= rank]
    latest = latest_response(s for s in rec.responses if s.rank <= rank)
    return {
        "id": rec.id,
        "code": rec.code,
        "text": rec.text,
        "kind": rec.kind,
        "stage": stage_of(a.status for a in actions),
        "latest_stance": latest.stance if latest else None,
        "latest_response": {"id": latest.id, "stance": latest.stance, "date": latest.date} if latest else None,
        "actions": [{"id": a.id, "title": a.title, "status": a.status} for a in actions],
        "evaluations": [e.id for e in rec.evaluations if e.rank <= rank],
    }


def ll_stages(
    recs: RecommendationSet, rank: int, filters: StageFilters, links: RecommendationLinks | None = None
) -> list[dict[str, Any]]:
    """Every visible recommendation that passes the filters, with its stage, by id."""
    return [_item(rec, rank) for rec in recs.recommendations if rec.rank <= rank and filters.accept(rec, rank, links)]


def funnel(items: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(STAGES, 0)
    for item in items:
        counts[item["stage"]] += 1
    return counts


def without_follow_up(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``ll_stages`` items that lack follow-up."""
    return [
        item
        for item in items
        if item["latest_stance"] in _ENDORSING and all(a["status"] == "cancelled" for a in item["actions"])
    ]
