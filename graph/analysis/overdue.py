"""Overdue actions (DOMAIN.md): due before today and still planned or in progress. A due
date given as a year or a month is due at the end of that year or month."""

from __future__ import annotations

from typing import Any

from graph.analysis.inputs import ActionSet

__all__ = ["due_end", "overdue_actions"]

_OPEN = frozenset({"planned", "in_progress"})


def due_end(due: str) -> str:
    """The last day a due date allows, as an ISO string that compares with dates."""
    if len(due) == 4:  # a year
        return f"{due}-12-31"
    if len(due) == 7:  # a month: "-31" sorts after its last day and before the next month
        return f"{due}-31"
    return due


def overdue_actions(actions: ActionSet, rank: int, today: str) -> list[dict[str, Any]]:
    """The visible overdue actions, earliest due first."""
    items = []
    for action in actions.actions:
        if action.rank > rank or action.status not in _OPEN or not action.due:
            continue
        end = due_end(action.due)
        if end >= today:
            continue
        owner = next((o for o in action.owners if o.rank <= rank), None)
        items.append(
            {
                "id": action.id,
                "title": action.title,
                "status": action.status,
                "due": action.due,
                "due_end": end,
                "owner": (
                    {"id": owner.id, "name": owner.name, "abbreviation": owner.abbreviation, "ll_body": owner.ll_body}
                    if owner
                    else None
                ),
                "addresses": [r.id for r in action.addresses if r.rank <= rank],
            }
        )
    return sorted(items, key=lambda item: (item["due_end"], item["id"]))
