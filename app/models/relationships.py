"""Relationships at the boundary: one by its key (type and both ends), a node's
relationships as summaries, and the answer to a write."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.relationships import NodeRef
from graph.relationships import Relationship as GraphRelationship

__all__ = ["NodeKey", "Relationship", "RelationshipSummary", "RelationshipWritten"]


class NodeKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(examples=["Action"])
    id: str = Field(examples=["eufor-althea-art100-letter"])

    def ref(self) -> NodeRef:
        return NodeRef(self.label, self.id)


class Relationship(BaseModel):
    """A relationship by its key: type and both ends (DOMAIN.md's patterns only)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    type: str = Field(examples=["OWNED_BY"])
    from_: NodeKey = Field(alias="from")
    to: NodeKey
    properties: dict[str, Any] = Field(default_factory=dict)

    def to_graph(self) -> GraphRelationship:
        return GraphRelationship(self.type, self.from_.ref(), self.to.ref(), self.properties)


class RelationshipSummary(BaseModel):
    """One relationship seen from a node: its type, direction and the node at the other end."""

    type: str
    direction: str = Field(description="out: this node is the start; in: the end")
    label: str
    id: str
    name: str | None = None


class RelationshipWritten(BaseModel):
    type: str
    replaced: bool
