"""Nodes of one label: create, read with relationships, list and search, update, delete,
each on the actor's visible graph and each change audited in its own transaction.

Labels arrive here already checked against ``graph.domain.LABELS``; this module checks
again (cheaply) so that no caller can pass request text through to Cypher. Clearance
rules (DOMAIN.md, Security): a hidden node answers as an unknown one (404); nobody
creates a node above their clearance, raises one above it or links to a node they cannot
see; lowering a classification must be asked for (``declassify``) and is audited so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph import audit
from graph.actor import Actor
from graph.clock import now_iso
from graph.database import Database, Transaction
from graph.domain import LABELS, PATTERNS, Classification, classification_rank
from graph.errors import Conflict, Forbidden, GraphError, InvalidInput, NotFound, PreconditionFailed, Problem
from graph.relationships import NodeRef, Relationship, relationship_problems

__all__ = ["NodePage", "NodeRepository", "lucene_escape"]

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


def lucene_escape(text: str) -> str:
    """Search text as literal terms: Lucene's special characters are escaped, and the text
    is lower-cased so that AND, OR and NOT are words, not operators (the analyzer
    lower-cases anyway)."""
    return _LUCENE_SPECIAL.sub(r"\\\1", text.strip().lower())


@dataclass(frozen=True)
class NodePage:
    items: list[dict[str, Any]]
    total: int


class NodeRepository:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @staticmethod
    def _checked(label: str) -> str:
        if label not in LABELS:
            raise GraphError(f"label {label!r} is not in the allowlist")
        return label

    def _within_clearance(self, classification: str, location: str) -> None:
        if classification_rank(classification) > self.actor.clearance.rank:
            raise Forbidden(
                f"{classification} is above your clearance ({self.actor.clearance.value})",
                [Problem(location, "at most your clearance", list(self.actor.visible))],
            )

    def create(
        self, label: str, node_id: str, props: dict[str, Any], *, links: Mapping[str, Relationship] | None = None
    ) -> dict[str, Any]:
        """Create a node and, in the same transaction, its outgoing relationships ``links``
        (keyed by the input field that asked for each, for error messages)."""
        self._checked(label)
        classification = props.setdefault("classification", Classification.ONGERUBRICEERD.value)
        self._within_clearance(classification, "body.classification")
        links = links or {}
        problems = [p for location, rel in links.items() for p in relationship_problems(rel, location)]
        if problems:
            raise InvalidInput("the node's relationships are not acceptable", problems)
        visible = list(self.actor.visible)

        def work(tx: Transaction) -> dict[str, Any]:
            node = dict(tx.run("node_create", label=label, id=node_id, props=props, now=now_iso())[0]["node"])
            audit.record(
                tx,
                self.actor,
                "create",
                target_label=label,
                target_id=node_id,
                classification=classification,
                after=node,
            )
            for location, rel in links.items():
                found = tx.run("relationship_find", visible=visible, **rel.params())[0]
                if not found["to_found"]:  # missing or hidden: the same answer
                    raise NotFound(
                        "the node refers to a node that does not exist",
                        [Problem(location, f"no {rel.end.label} with id {rel.end.id!r}")],
                    )
                tx.run("relationship_create", props={}, **rel.params())
                audit.record(
                    tx,
                    self.actor,
                    "relate",
                    target_label=rel.type,
                    target_id=rel.describe(),
                    classification=audit.target_classification(classification, found["to_classification"]),
                    after={"type": rel.type, "properties": {}},
                )
            return node

        touches = frozenset({label, *(rel.type for rel in links.values())})
        nodes = frozenset({(label, node_id), *((rel.end.label, rel.end.id) for rel in links.values())})
        try:
            return self.db.write_unit(work, touches=touches, nodes=nodes)
        except Conflict as e:
            raise Conflict(f"a {label} with id {node_id!r} already exists") from e

    def get(self, label: str, node_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rows = self.db.read("node_get", label=self._checked(label), id=node_id, visible=list(self.actor.visible))
        if not rows:
            raise NotFound(f"no {label} with id {node_id!r}")
        return dict(rows[0]["node"]), list(rows[0]["relationships"])

    def list(self, label: str, *, filters: dict[str, Any], q: str | None, skip: int, limit: int) -> NodePage:
        params = {
            "label": self._checked(label),
            "filters": filters,
            "skip": skip,
            "limit": limit,
            "visible": list(self.actor.visible),
        }
        rows = self.db.read("node_search", q=lucene_escape(q), **params) if q else self.db.read("node_list", **params)
        return NodePage(items=[dict(item) for item in rows[0]["items"]], total=int(rows[0]["total"]))

    def _lock(self, tx: Transaction, label: str, node_id: str) -> dict[str, Any]:
        """Lock the node and return it as it is now; NotFound if it is gone or hidden."""
        if not tx.run("node_lock", label=label, id=node_id, visible=list(self.actor.visible))[0]["locked"]:
            raise NotFound(f"no {label} with id {node_id!r}")
        rows = tx.run("node_properties", label=label, id=node_id, visible=list(self.actor.visible))
        return dict(rows[0]["node"])

    def update(
        self,
        label: str,
        node_id: str,
        props: dict[str, Any],
        *,
        expected_versions: Sequence[int] | None = None,
        declassify: bool = False,
    ) -> dict[str, Any]:
        """Change ``props``; with ``expected_versions``, only if the node is at one of them.
        The node is locked before its version is read, so of concurrent writers that read
        the same version exactly one wins."""
        self._checked(label)
        if "classification" in props:
            self._within_clearance(props["classification"], "body.classification")

        def work(tx: Transaction) -> dict[str, Any]:
            before = self._lock(tx, label, node_id)
            lowered = "classification" in props and classification_rank(props["classification"]) < classification_rank(
                before.get("classification")
            )
            if lowered and not declassify:
                raise InvalidInput(
                    f"lowering the classification of {label} {node_id!r} must be asked for: add declassify=true",
                    [Problem("query.declassify", "true, to lower a classification")],
                )
            expected = list(expected_versions) if expected_versions is not None else None
            row = tx.run("node_update", label=label, id=node_id, props=props, now=now_iso(), expected=expected)[0]
            if row["node"] is None:
                raise PreconditionFailed(
                    f"{label} {node_id!r} is at version {row['current_version']}, not the one given in If-Match; "
                    "read it again and retry"
                )
            after = dict(row["node"])
            audit.record(
                tx,
                self.actor,
                "declassify" if lowered else "update",
                target_label=label,
                target_id=node_id,
                classification=audit.target_classification(before.get("classification"), after.get("classification")),
                before=before,
                after=after,
            )
            return after

        return self.db.write_unit(work, touches=frozenset({label}), nodes=frozenset({(label, node_id)}))

    def delete(self, label: str, node_id: str) -> None:
        self._checked(label)

        def work(tx: Transaction) -> None:
            # Locked first: of concurrent deletes of one node, one deletes and the others find it gone.
            before = self._lock(tx, label, node_id)
            tx.run("node_delete", label=label, id=node_id)
            audit.record(
                tx,
                self.actor,
                "delete",
                target_label=label,
                target_id=node_id,
                classification=audit.target_classification(before.get("classification")),
                before=before,
            )

        # Its relationships go with it, of whatever type; its neighbours are not changed
        # themselves (what was read of them names the node, and is read again through it).
        self.db.write_unit(work, touches=frozenset({label, *PATTERNS}), nodes=frozenset({(label, node_id)}))

    def require(self, refs: Sequence[NodeRef]) -> None:
        """Raise ``NotFound`` naming the first of ``refs`` that is not on the visible graph."""
        if not refs:
            return
        keys = [{"label": r.label, "id": r.id} for r in refs]
        rows = self.db.read("nodes_existing", keys=keys, visible=list(self.actor.visible))
        found = {NodeRef(row["label"], row["id"]) for row in rows}
        for ref in refs:
            if ref not in found:
                raise NotFound(f"no {ref.label} with id {ref.id!r}")
