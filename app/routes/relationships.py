"""Relationships by key: create, replace a single-target one, delete."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from app.deps import Relationships
from app.models.common import RelationshipBody
from graph.relationships import NodeRef, Rel

router = APIRouter(prefix="/api/v1/relationships", tags=["relationships"])


class RelationshipWritten(BaseModel):
    type: str
    replaced: bool


def _rel(body: RelationshipBody) -> Rel:
    return Rel(
        body.type,
        NodeRef(body.from_.label, body.from_.id),
        NodeRef(body.to.label, body.to.id),
        body.properties,
    )


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=RelationshipWritten, summary="Create a relationship"
)
def create_relationship(relationships: Relationships, body: RelationshipBody) -> RelationshipWritten:
    relationships.create(_rel(body))
    return RelationshipWritten(type=body.type, replaced=False)


@router.put(
    "",
    response_model=RelationshipWritten,
    summary="Set the one relationship of a single-target type (an Action's owner, an Interface's ends)",
)
def replace_relationship(relationships: Relationships, body: RelationshipBody) -> RelationshipWritten:
    return RelationshipWritten(type=body.type, replaced=relationships.create(_rel(body), replace=True))


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a relationship")
def delete_relationship(relationships: Relationships, body: RelationshipBody) -> Response:
    relationships.delete(_rel(body))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
