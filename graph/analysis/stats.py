"""Counts for dashboards, on the visible graph, from answers the service already holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from graph.analysis.feedback import Verdict
from graph.analysis.inputs import ActionSet, NodeCounts
from graph.analysis.stages import funnel
from graph.domain import LABELS

__all__ = ["stats"]


def _by_kind(verdicts: Sequence[Verdict], max_hops: int) -> dict[str, dict[str, Any]]:
    per_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({v.interface.kind or "" for v in verdicts}):
        of_kind = [v for v in verdicts if (v.interface.kind or "") == kind]
        lacking = sum(not v.has_feedback(max_hops) for v in of_kind)
        per_kind[kind] = {
            "count": len(of_kind),
            "without_feedback": lacking,
            "share_without_feedback": round(lacking / len(of_kind), 4),
        }
    return per_kind


def stats(
    *,
    counts: NodeCounts,
    actions: ActionSet,
    stages: Sequence[dict[str, Any]],
    verdicts: Sequence[Verdict],
    rank: int,
    max_hops: int,
) -> dict[str, Any]:
    visible_actions = [a for a in actions.actions if a.rank <= rank]
    owners: Counter[str] = Counter()
    for action in visible_actions:
        owner = next((o for o in action.owners if o.rank <= rank), None)
        if owner is not None:
            owners[owner.id] += 1
    return {
        "nodes": dict.fromkeys(LABELS, 0) | {k: v for k, v in counts.visible(rank).items() if k in LABELS},
        "recommendations_by_stage": funnel(stages),
        "recommendations_by_stance": dict(sorted(Counter(s["latest_stance"] or "none" for s in stages).items())),
        "actions_by_status": dict(sorted(Counter(a.status or "none" for a in visible_actions).items())),
        "actions_by_owner": [
            {"owner": owner, "count": c} for owner, c in sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "interfaces_by_kind": _by_kind(verdicts, max_hops),
        "feedback_max_hops": max_hops,
    }
