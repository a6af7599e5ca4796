"""CRUD for every label, one collection each: ``/api/v1/{collection}``.

The routes are made by one factory so that every collection behaves the same; their
shapes come from ``app.models.collections``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response, status
from pydantic import BaseModel

from app.auth.roles import Role
from app.conditional import IF_MATCH_PATTERN, expected_versions, node_etag
from app.deps import Nodes, require
from app.models.collections import PAGING, collection_models, links
from app.models.nodes import REQUIRED
from app.routes.signature import with_annotations
from graph.domain import LABELS
from graph.errors import InvalidInput, Problem

__all__ = ["routers"]


def _collection_router(label: str) -> APIRouter:
    models = collection_models(label)
    prefix = f"/api/v1/{LABELS[label].collection}"
    router = APIRouter(prefix=prefix, tags=[LABELS[label].collection])
    reads, writes = [Depends(require(Role.viewer))], [Depends(require(Role.editor))]

    def list_nodes(nodes: Nodes, params: BaseModel) -> Any:
        values = params.model_dump(exclude_none=True)
        filters = {k: v for k, v in values.items() if k not in PAGING}
        page = nodes.list(label, filters=filters, q=values.get("q"), skip=values["offset"], limit=values["limit"])
        return {"items": page.items, "total": page.total, "limit": values["limit"], "offset": values["offset"]}

    @router.get(
        "/{node_id}", response_model=models.detail, summary=f"One {label} with its relationships", dependencies=reads
    )
    def get_node(nodes: Nodes, node_id: str, response: Response) -> Any:
        node, relationships = nodes.get(label, node_id)
        response.headers["ETag"] = node_etag(node.get("version"))
        return {**node, "relationships": relationships}

    def create_node(nodes: Nodes, body: BaseModel, response: Response) -> Any:
        node_id = body.model_dump()["id"]
        props = body.model_dump(mode="json", exclude_none=True, exclude={"id", *models.link_fields})
        created = nodes.create(label, node_id, props, links=links(label, body))
        response.headers["Location"] = f"{prefix}/{node_id}"
        response.headers["ETag"] = node_etag(created.get("version"))
        return created

    def update_node(
        nodes: Nodes,
        node_id: str,
        body: BaseModel,
        response: Response,
        declassify: Annotated[
            bool, Query(description="lower the classification: an explicit act, audited as such")
        ] = False,
        # A plain string (absent: ""), not a nullable one: a header has no null.
        if_match: Annotated[
            str,
            Header(
                max_length=200,
                pattern=IF_MATCH_PATTERN,
                description='the ETag you read, e.g. "3" (or *); 412 if the node moved on since',
            ),
        ] = "",
    ) -> Any:
        changes = body.model_dump(mode="json", exclude_unset=True)
        kept = sorted(k for k, v in changes.items() if v is None and k in REQUIRED[label])
        if kept:  # the model refuses null for these; this guards the rule where it matters
            raise InvalidInput(
                f"{', '.join(kept)} cannot be removed from a {label}",
                [Problem(f"body.{k}", "required; give a value instead of null") for k in kept],
            )
        updated = nodes.update(
            label, node_id, changes, expected_versions=expected_versions(if_match or None), declassify=declassify
        )
        response.headers["ETag"] = node_etag(updated.get("version"))
        return updated

    @router.delete(
        "/{node_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        summary=f"Delete a {label} and its relationships",
        dependencies=writes,
    )
    def delete_node(nodes: Nodes, node_id: str) -> Response:
        nodes.delete(label, node_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    # Registered after their annotations are set: FastAPI reads a signature when it registers.
    router.get("", response_model=models.page, summary=f"List {LABELS[label].collection}", dependencies=reads)(
        with_annotations(list_nodes, params=Annotated[models.query, Query()])
    )
    router.post(
        "",
        response_model=models.read,
        status_code=status.HTTP_201_CREATED,
        summary=f"Create a {label}",
        dependencies=writes,
    )(with_annotations(create_node, body=models.create))
    router.patch(
        "/{node_id}", response_model=models.read, summary=f"Change some properties of a {label}", dependencies=writes
    )(with_annotations(update_node, body=models.update))
    return router


routers = [_collection_router(label) for label in LABELS]
