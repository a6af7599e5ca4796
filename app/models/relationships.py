"""Relationships at the boundary: one by its key (type and both ends), a node's
relationships as summaries, and the answer to a write.

A relationship body is one model per type of DOMAIN.md, chosen by ``type``: the labels its
ends may have and the properties it may carry are in the OpenAPI document, so a client
(or a fuzzer) knows exactly what is accepted.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from app.models.fields import NodeId, Text
from graph.domain import PATTERNS, RELATIONSHIP_PROPERTIES, SINGLE_TARGET
from graph.relationships import NodeRef
from graph.relationships import Relationship as GraphRelationship

__all__ = [
    "AnyRelationship",
    "NodeKey",
    "RelationshipBody",
    "RelationshipSummary",
    "RelationshipWritten",
    "SingleTargetRelationship",
]


class NodeKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(examples=["Action"])
    id: NodeId = Field(examples=["eufor-althea-art100-letter"])

    def ref(self) -> NodeRef:
        return NodeRef(self.label, self.id)


class RelationshipBody(BaseModel):
    """A relationship by its key: type and both ends."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    type: str
    from_: NodeKey = Field(alias="from")
    to: NodeKey
    properties: BaseModel

    def to_graph(self) -> GraphRelationship:
        props = self.properties.model_dump(exclude_none=True)
        return GraphRelationship(self.type, self.from_.ref(), self.to.ref(), props)


def _end(rel_type: str, side: str, labels: frozenset[str]) -> type[NodeKey]:
    choices: Any = Literal[tuple(sorted(labels))]
    return create_model(f"{rel_type.title().replace('_', '')}{side}", __base__=NodeKey, label=(choices, ...))


def _body(rel_type: str) -> type[RelationshipBody]:
    ((sources, targets),) = PATTERNS[rel_type]
    name = rel_type.title().replace("_", "")
    allowed: dict[str, Any] = dict.fromkeys(sorted(RELATIONSHIP_PROPERTIES[rel_type]), (Text | None, None))
    properties = create_model(f"{name}Properties", __config__=ConfigDict(extra="forbid"), **allowed)
    tag: Any = Literal[rel_type]
    return create_model(
        name,
        __base__=RelationshipBody,
        type=(tag, ...),
        from_=(_end(rel_type, "From", sources), Field(alias="from")),
        to=(_end(rel_type, "To", targets), ...),
        properties=(properties, Field(default_factory=properties)),
    )


_BODIES = {rel_type: _body(rel_type) for rel_type in PATTERNS}
_SINGLE = sorted({rel_type for _, rel_type in SINGLE_TARGET})

# The body of POST and DELETE (any type) and of PUT (the single-target types).
AnyRelationship: Any = Annotated[reduce(operator.or_, _BODIES.values()), Field(discriminator="type")]
SingleTargetRelationship: Any = Annotated[
    reduce(operator.or_, (_BODIES[t] for t in _SINGLE)), Field(discriminator="type")
]


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
