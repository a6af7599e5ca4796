"""Relationships by key: create, replace a single-target one, delete."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from app.auth.roles import Role
from app.deps import Relationships, require
from app.models.relationships import (
    AnyRelationship,
    RelationshipBody,
    RelationshipWritten,
    SingleTargetRelationship,
)
from app.routes.signature import with_annotations

router = APIRouter(prefix="/api/v1/relationships", tags=["relationships"], dependencies=[Depends(require(Role.editor))])


def create_relationship(relationships: Relationships, body: RelationshipBody) -> RelationshipWritten:
    relationships.create(body.to_graph())
    return RelationshipWritten(type=body.type, replaced=False)


def replace_relationship(relationships: Relationships, body: RelationshipBody) -> RelationshipWritten:
    return RelationshipWritten(type=body.type, replaced=relationships.create(body.to_graph(), replace=True))


def delete_relationship(relationships: Relationships, body: RelationshipBody) -> Response:
    relationships.delete(body.to_graph())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# The bodies are one model per relationship type (app/models/relationships.py).
router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=RelationshipWritten, summary="Create a relationship"
)(with_annotations(create_relationship, body=AnyRelationship))
router.put(
    "",
    response_model=RelationshipWritten,
    summary="Set the one relationship of a single-target type (an Action's owner, an Interface's ends)",
)(with_annotations(replace_relationship, body=SingleTargetRelationship))
router.delete("", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a relationship")(
    with_annotations(delete_relationship, body=AnyRelationship)
)
