"""Where each recommendation stands on the way from identified to learned, and the gaps.

- LL stage: ``learned`` if some action addressing it is validated; else ``implemented``
  if some action is implemented; else ``actioned`` if some non-cancelled action exists;
  else ``identified``.
- Without follow-up: the latest response endorses it fully or partly, and no
  non-cancelled action addresses it.
- Overdue action: due before today (a year or month counts to its end), still planned or
  in progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.database import Database

__all__ = ["STAGES", "funnel", "ll_stages", "overdue_actions", "stage_of", "without_follow_up"]

STAGES = ("identified", "actioned", "implemented", "learned")
_ENDORSING = frozenset({"endorsed", "partially_endorsed"})


def ll_stages(
    db: Database,
    *,
    evaluation: str | None = None,
    mission: str | None = None,
    addressee: str | None = None,
    theme: str | None = None,
) -> list[dict[str, Any]]:
    rows = db.read("analysis_ll_stages", evaluation=evaluation, mission=mission, addressee=addressee, theme=theme)
    for row in rows:
        latest = row["latest_response"]
        row["latest_stance"] = latest["stance"] if latest else None
        row["stage"] = stage_of(action["status"] for action in row["actions"])
    return rows


def stage_of(statuses: Iterable[str]) -> str:
    """The LL stage of a recommendation from the statuses of the actions addressing it."""
    present = set(statuses)
    if "validated" in present:
        return "learned"
    if "implemented" in present:
        return "implemented"
    return "actioned" if present - {"cancelled"} else "identified"


def funnel(items: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(STAGES, 0)
    for item in items:
        counts[item["stage"]] += 1
    return counts


def without_follow_up(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recommendations of ``ll_stages`` rows that lack follow-up."""
    return [
        row
        for row in rows
        if row["latest_stance"] in _ENDORSING and all(a["status"] == "cancelled" for a in row["actions"])
    ]


def overdue_actions(db: Database, today: str) -> list[dict[str, Any]]:
    return db.read("analysis_overdue_actions", today=today)
