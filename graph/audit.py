"""The audit trail: who changed what, when, from what to what (DOMAIN.md, Security).

``record`` writes one record inside the transaction of the change, so a change and its
record commit together or not at all. Records are never changed or deleted through the
service; each is visible at the classification of its target (for a change of
classification, the higher of before and after).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from graph.actor import Actor
from graph.clock import now_iso
from graph.database import Database, Transaction
from graph.domain import Classification, classification_rank

__all__ = ["AuditQuery", "list_records", "record", "record_read", "target_classification"]


def target_classification(*values: Any) -> str:
    """The highest of the classifications given (missing ones count as unreadable: the
    highest level), for a record about a node or a relationship between two."""
    ranks = [min(classification_rank(v), len(Classification) - 1) for v in values] or [0]
    return list(Classification)[max(ranks)].value


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def record(
    tx: Transaction,
    actor: Actor,
    operation: str,
    *,
    target_label: str,
    target_id: str,
    classification: str,
    before: Any = None,
    after: Any = None,
) -> None:
    tx.run(
        "audit_write",
        id=uuid.uuid4().hex,
        at=now_iso(),
        subject=actor.subject,
        operation=operation,
        target_label=target_label,
        target_id=target_id,
        before=_json(before),
        after=_json(after),
        request_id=actor.request_id,
        classification=classification,
    )


@dataclass(frozen=True, kw_only=True)
class AuditQuery:
    target: str | None = None
    subject: str | None = None
    since: str | None = None
    until: str | None = None
    skip: int = 0
    limit: int = 100


def list_records(db: Database, actor: Actor, query: AuditQuery) -> tuple[list[dict[str, Any]], int]:
    """The records the actor may see that match, newest first, and how many match."""
    row = db.read(
        "audit_list",
        visible=list(actor.visible),
        target=query.target,
        subject=query.subject,
        since=query.since,
        until=query.until,
        skip=query.skip,
        limit=query.limit,
    )[0]
    items = []
    for stored in row["items"]:
        item = dict(stored)
        for key in ("before", "after"):
            item[key] = json.loads(item[key]) if item.get(key) else None
        items.append(item)
    return items, int(row["total"])


def record_read(
    db: Database, actor: Actor, operation: str, *, target_label: str, target_id: str, after: Any = None
) -> None:
    """Audit a read that is worth knowing about (an export, a console query) in a
    transaction of its own; it changes no domain data, so the graph version stays."""

    def work(tx: Transaction) -> None:
        record(
            tx,
            actor,
            operation,
            target_label=target_label,
            target_id=target_id,
            classification=actor.clearance.value,
            after=after,
        )

    db.write_unit(work, bump_version=False)
