"""Relationships by key: create, replace a single-target one, delete."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.deps import Relationships
from app.models.relationships import Relationship, RelationshipWritten

router = APIRouter(prefix="/api/v1/relationships", tags=["relationships"])


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=RelationshipWritten, summary="Create a relationship"
)
def create_relationship(relationships: Relationships, body: Relationship) -> RelationshipWritten:
    relationships.create(body.to_graph())
    return RelationshipWritten(type=body.type, replaced=False)


@router.put(
    "",
    response_model=RelationshipWritten,
    summary="Set the one relationship of a single-target type (an Action's owner, an Interface's ends)",
)
def replace_relationship(relationships: Relationships, body: Relationship) -> RelationshipWritten:
    return RelationshipWritten(type=body.type, replaced=relationships.create(body.to_graph(), replace=True))


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a relationship")
def delete_relationship(relationships: Relationships, body: Relationship) -> Response:
    relationships.delete(body.to_graph())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
