"""The interchange document (for the OpenAPI document; it is validated record by record in
``app/interchange.py``) and the answer to an import."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from app.models.fields import NodeId
from app.models.nodes import properties_of
from app.models.relationships import AnyRelationship
from graph.domain import LABELS

__all__ = ["ImportResult", "InterchangeDocument", "InterchangeNode"]


class ImportResult(BaseModel):
    nodes_created: int
    nodes_updated: int
    relationships_created: int
    relationships_updated: int
    nodes_total: int
    relationships_total: int


def _node(label: str) -> type[BaseModel]:
    tag: Any = Literal[label]
    return create_model(
        f"{label}Record",
        __config__=ConfigDict(extra="forbid"),
        label=(tag, ...),
        id=(NodeId, ...),
        properties=(properties_of(label), Field(default_factory=dict)),
    )


# For the OpenAPI document: the records each label and type allows. Import validates
# them record by record (app/interchange.py), to report every bad one by its JSON path.
InterchangeNode: Any = Annotated[reduce(operator.or_, (_node(label) for label in LABELS)), Field(discriminator="label")]


class InterchangeDocument(BaseModel):
    """A whole graph or a part of one (DOMAIN.md, Interchange format)."""

    format: Literal["lessons-graph/1"]
    nodes: list[InterchangeNode] = Field(default_factory=list)
    relationships: list[AnyRelationship] = Field(default_factory=list)
