"""Feedback loops between bodies, and chains of interfaces from one body to another.

An interface I from A to B has a feedback loop when a chain of at most ``max_hops``
interfaces, not using I, leads from B back to A (optionally only through interfaces of
some kinds). The query finds the shortest return chain within ``MAX_HOPS``; the bound the
caller asked for is applied here, so one statement serves every ``max_hops``.
"""

from __future__ import annotations

from typing import Any

from graph.database import Database
from graph.errors import NotFound

__all__ = ["MAX_HOPS", "feedback_loops", "interface_feedback", "interface_path"]

MAX_HOPS = 6  # the literal bound in analysis_feedback_loops.cypher and analysis_interface_path.cypher


def feedback_loops(
    db: Database,
    *,
    max_hops: int = 3,
    return_kinds: list[str] | None = None,
    kind: str | None = None,
    formalised: bool | None = None,
    ll_body_only: bool = False,
    interface_id: str | None = None,
) -> list[dict[str, Any]]:
    """Every (matching) interface with ``has_feedback`` and its shortest return chain."""
    rows = db.read(
        "analysis_feedback_loops",
        interface_id=interface_id,
        kinds=return_kinds or None,
        kind=kind,
        formalised=formalised,
        ll_body_only=ll_body_only,
    )
    items = []
    for row in rows:
        chain = row.pop("chain")
        has_feedback = chain is not None and len(chain) <= max_hops
        items.append(
            {
                **row,
                "has_feedback": has_feedback,
                "return_chain": chain if has_feedback else None,
                # Evidence for a missing loop: the shortest chain back is longer than asked
                # (its length), or there is none within MAX_HOPS (null).
                "shortest_return_hops": len(chain) if chain is not None else None,
            }
        )
    return items


def interface_feedback(
    db: Database, interface_id: str, *, max_hops: int, return_kinds: list[str] | None
) -> dict[str, Any]:
    items = feedback_loops(db, max_hops=max_hops, return_kinds=return_kinds, interface_id=interface_id)
    if not items:
        raise NotFound(f"no Interface with id {interface_id!r} (or it lacks a FROM or TO organisation)")
    return items[0]


def interface_path(
    db: Database, from_id: str, to_id: str, *, max_hops: int, kinds: list[str] | None
) -> list[dict[str, Any]]:
    row = db.read("analysis_interface_path", from_id=from_id, to_id=to_id, kinds=kinds or None)[0]
    for found, org_id in ((row["found_from"], from_id), (row["found_to"], to_id)):
        if not found:
            raise NotFound(f"no Organisation with id {org_id!r}")
    chain = row["chain"]
    if chain is None or len(chain) > max_hops:
        raise NotFound(f"no chain of at most {max_hops} interfaces leads from {from_id!r} to {to_id!r}")
    return list(chain)
