"""Shapes shared by several routes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["NodeKey", "RelationshipBody", "RelationshipSummary"]


class NodeKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(examples=["Action"])
    id: str = Field(examples=["eufor-althea-art100-letter"])


class RelationshipBody(BaseModel):
    """A relationship by its key: type and both ends (DOMAIN.md's patterns only)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    type: str = Field(examples=["OWNED_BY"])
    from_: NodeKey = Field(alias="from")
    to: NodeKey
    properties: dict[str, Any] = Field(default_factory=dict)


class RelationshipSummary(BaseModel):
    type: str
    direction: str = Field(description="out: this node is the start; in: the end")
    label: str
    id: str
    name: str | None = None
