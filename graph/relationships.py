"""Relationships: only DOMAIN.md's patterns, at most one of a type between two nodes, and
one target for the single-target types (an Action's owner, an Interface's ends)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph import audit
from graph.actor import Actor
from graph.database import Database, Transaction
from graph.domain import LABELS, PATTERNS, RELATIONSHIP_PROPERTIES, SINGLE_TARGET, allowed_patterns, pattern_allowed
from graph.errors import Conflict, InvalidInput, NotFound, Problem

__all__ = ["MAX_PROPERTY_LENGTH", "NodeRef", "Relationship", "RelationshipRepository", "relationship_problems"]

MAX_PROPERTY_LENGTH = 20000


@dataclass(frozen=True)
class NodeRef:
    label: str
    id: str


@dataclass(frozen=True)
class Relationship:
    type: str
    start: NodeRef
    end: NodeRef
    properties: dict[str, Any] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "from_label": self.start.label,
            "from_id": self.start.id,
            "to_label": self.end.label,
            "to_id": self.end.id,
        }

    def describe(self) -> str:
        return f"({self.start.label} {self.start.id})-[:{self.type}]->({self.end.label} {self.end.id})"


def relationship_problems(rel: Relationship, location: str) -> list[Problem]:
    """Everything wrong with a relationship that can be told without the database."""
    problems = []
    if rel.type not in PATTERNS:
        return [Problem(f"{location}.type", f"unknown relationship type {rel.type!r}", sorted(PATTERNS))]
    for end, ref in (("from", rel.start), ("to", rel.end)):
        if ref.label not in LABELS:
            problems.append(Problem(f"{location}.{end}.label", f"unknown label {ref.label!r}", sorted(LABELS)))
    if not problems and not pattern_allowed(rel.start.label, rel.type, rel.end.label):
        problems.append(
            Problem(
                location,
                f"({rel.start.label})-[:{rel.type}]->({rel.end.label}) is not a pattern of the domain",
                allowed_patterns(rel.type),
            )
        )
    allowed = RELATIONSHIP_PROPERTIES[rel.type]
    for key, value in rel.properties.items():
        where = f"{location}.properties.{key}" if _printable(key) else f"{location}.properties"
        if key not in allowed:
            problems.append(Problem(where, f"{rel.type} has no property {key!r}", sorted(allowed)))
        elif not isinstance(value, str) or not value or len(value) > MAX_PROPERTY_LENGTH:
            problems.append(Problem(where, f"must be a non-empty string of at most {MAX_PROPERTY_LENGTH} characters"))
        elif not _printable(value):
            problems.append(Problem(where, "must be valid Unicode text (it holds a lone surrogate)"))
    return problems


def _printable(text: str) -> bool:
    """Whether the text can be sent to Neo4j (and into an error message): valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return len(text) <= MAX_PROPERTY_LENGTH


class RelationshipRepository:
    """Relationships on the actor's visible graph: both ends must be visible (a hidden end
    answers as a missing one), and every change is audited in its transaction."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def create(self, rel: Relationship, *, replace: bool = False) -> bool:
        """Create ``rel``; with ``replace``, first drop the single-target one it supersedes.

        Returns whether an existing relationship was replaced. The start node is locked
        first, so two concurrent calls cannot both find the single target free.
        """
        problems = relationship_problems(rel, "body")
        if problems:
            raise InvalidInput("the relationship is not acceptable", problems)
        single = (rel.start.label, rel.type) in SINGLE_TARGET
        if replace and not single:
            raise InvalidInput(
                f"only single-target relationships can be replaced, not {rel.type}",
                [Problem("body.type", "replaceable types", sorted(f"{lbl}.{t}" for lbl, t in SINGLE_TARGET))],
            )
        visible = list(self.actor.visible)

        changed = {(rel.start.label, rel.start.id), (rel.end.label, rel.end.id)}

        def work(tx: Transaction) -> bool:
            tx.run("node_lock", label=rel.start.label, id=rel.start.id, visible=visible)
            found = tx.run("relationship_find", visible=visible, **rel.params())[0]
            missing = [
                Problem(f"body.{end}", f"no {ref.label} with id {ref.id!r}")
                for end, ref, ok in (("from", rel.start, found["from_found"]), ("to", rel.end, found["to_found"]))
                if not ok
            ]
            if missing:
                raise NotFound("the relationship refers to a node that does not exist", missing)
            targets = [t for t in found["targets"] if t is not None]
            if any(NodeRef(t["label"], t["id"]) == rel.end for t in targets):
                if replace:
                    return False  # PUT is idempotent: it is already so
                raise Conflict(f"{rel.describe()} already exists")
            if single and targets and (not replace or not all(t["visible"] for t in targets)):
                raise Conflict(_taken(rel, targets[0], replace=replace))
            if replace:
                changed.update((t["label"], t["id"]) for t in targets)
                tx.run("relationship_delete_from", type=rel.type, from_label=rel.start.label, from_id=rel.start.id)
            tx.run("relationship_create", props=rel.properties, **rel.params())
            audit.record(
                tx,
                self.actor,
                "relate",
                target_label=rel.type,
                target_id=rel.describe(),
                classification=audit.target_classification(found["from_classification"], found["to_classification"]),
                before={"replaced": targets} if replace and targets else None,
                after={"type": rel.type, "properties": rel.properties},
            )
            return bool(replace and targets)

        # Asked after the commit: the targets a replacement removed are known only then.
        return self.db.write_unit(work, touches=frozenset({rel.type}), nodes=lambda: frozenset(changed))

    def delete(self, rel: Relationship) -> None:
        problems = relationship_problems(rel, "body")
        if problems:
            raise InvalidInput("the relationship is not acceptable", problems)
        if (rel.start.label, rel.type) in SINGLE_TARGET:
            raise Conflict(
                f"a {rel.start.label} keeps its one {rel.type}: replace it with PUT /api/v1/relationships, "
                f"or delete the {rel.start.label}"
            )

        def work(tx: Transaction) -> None:
            row = tx.run("relationship_delete", visible=list(self.actor.visible), **rel.params())[0]
            if not row["deleted"]:
                raise NotFound(f"{rel.describe()} does not exist")
            audit.record(
                tx,
                self.actor,
                "unrelate",
                target_label=rel.type,
                target_id=rel.describe(),
                classification=audit.target_classification(row["from_classification"], row["to_classification"]),
                before={"type": rel.type},
            )

        ends = frozenset({(rel.start.label, rel.start.id), (rel.end.label, rel.end.id)})
        self.db.write_unit(work, touches=frozenset({rel.type}), nodes=ends)


def _taken(rel: Relationship, current: dict[str, Any], *, replace: bool) -> str:
    """Why a single target is taken; a target the caller cannot see is never named."""
    where = f"{rel.start.label} {rel.start.id!r} already has {rel.type}"
    if not current["visible"]:
        return f"{where} to a node you cannot see; it cannot be {'replaced' if replace else 'added to'} by you"
    return f"{where} to {current['label']} {current['id']!r}; replace it with PUT /api/v1/relationships"
