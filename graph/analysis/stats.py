"""Counts for dashboards."""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.analysis.stages import funnel
from graph.database import Database
from graph.domain import LABELS

__all__ = ["stats"]


def stats(
    db: Database, *, stages: list[dict[str, Any]], interfaces: list[dict[str, Any]], max_hops: int
) -> dict[str, Any]:
    """Counts, from the rows of ``ll_stages`` and ``feedback_loops`` (which the caller may
    already hold) and one counting query."""
    counts = db.read("stats_counts")[0]
    labels = dict.fromkeys(LABELS, 0) | {label: c for label, c in counts["labels"] if label in LABELS}
    per_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({i["kind"] for i in interfaces}):
        of_kind = [i for i in interfaces if i["kind"] == kind]
        lacking = sum(not i["has_feedback"] for i in of_kind)
        per_kind[kind] = {
            "count": len(of_kind),
            "without_feedback": lacking,
            "share_without_feedback": round(lacking / len(of_kind), 4),
        }
    return {
        "nodes": labels,
        "recommendations_by_stage": funnel(stages),
        "recommendations_by_stance": dict(sorted(Counter(s["latest_stance"] or "none" for s in stages).items())),
        "actions_by_status": {status: c for status, c in counts["actions_by_status"]},
        "actions_by_owner": counts["actions_by_owner"],
        "interfaces_by_kind": per_kind,
        "feedback_max_hops": max_hops,
    }
