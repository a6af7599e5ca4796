"""Responsibility after reorganisation: work owned by or addressed to an organisation that
was succeeded (transitively) counts for its successor, with the chain it came through.
Read on the visible graph (``visible``: the classifications the caller sees)."""

from __future__ import annotations

from typing import Any

from graph.analysis.stages import stage_of
from graph.database import Database
from graph.errors import NotFound

__all__ = ["responsibilities"]

_OPEN_ACTION = frozenset({"planned", "in_progress"})
_OPEN_STAGE = frozenset({"identified", "actioned"})


def _is_open(item: dict[str, Any]) -> bool:
    if item["kind"] == "action":
        return item["status"] in _OPEN_ACTION
    return item["stage"] in _OPEN_STAGE


def responsibilities(db: Database, organisation_id: str, *, visible: tuple[str, ...]) -> list[dict[str, Any]]:
    row = db.read("analysis_responsibilities", id=organisation_id, visible=list(visible))[0]
    if not row["found"]:
        raise NotFound(f"no Organisation with id {organisation_id!r}")
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for item in row["items"]:
        key = (item["kind"], item["id"])
        # Several succession paths may lead to the same work: keep the shortest chain.
        if key not in best or len(item["via"]) < len(best[key]["via"]):
            statuses = item.pop("statuses", None)
            if statuses is not None:
                item["stage"] = stage_of(statuses)
            best[key] = {**item, "open": _is_open(item), "direct": len(item["via"]) == 1}
    return sorted(best.values(), key=lambda i: (not i["open"], i["kind"], i["id"]))
