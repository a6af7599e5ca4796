"""CRUD for every label, one collection each: ``/api/v1/{collection}``.

The routes are made by one factory so that every collection behaves the same, while each
gets its own models in the OpenAPI document.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from app.deps import Nodes
from app.models.common import RelationshipSummary
from app.models.fields import NodeId
from app.models.nodes import REQUIRED, models_for, optional
from graph.domain import LABELS
from graph.errors import InvalidInput, Problem
from graph.nodes import Link
from graph.relationships import NodeRef

__all__ = ["routers"]

# The properties each collection can be filtered on (besides classification).
FILTERS: dict[str, tuple[str, ...]] = {
    "Organisation": ("kind", "ll_body", "abbreviation"),
    "Mission": ("led_by", "acronym", "article100", "area"),
    "Evaluation": ("kind", "published"),
    "Finding": (),
    "Recommendation": ("kind", "code"),
    "Response": ("stance", "date"),
    "Action": ("status", "due", "completed"),
    "Interface": ("kind", "formalised", "frequency"),
    "Document": ("kind", "reference", "date"),
    "Theme": ("scheme",),
}
_PAGING = {"q", "limit", "offset"}


def _filter_model(label: str) -> type[BaseModel]:
    fields = models_for(label).properties.model_fields
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"{label}Query",
        __config__=ConfigDict(extra="forbid", use_enum_values=True),
        q=(
            Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] | None,
            Field(None, description="full-text search (Dutch analyzer)"),
        ),
        limit=(int, Field(50, ge=1, le=1000)),
        offset=(int, Field(0, ge=0)),
        **{name: (optional(fields[name]), None) for name in ("classification", *FILTERS[label])},
    )


def _create_body(label: str) -> type[BaseModel]:
    create = models_for(label).create
    if label == "Interface":
        return create_model(  # type: ignore[call-overload,no-any-return]
            "InterfaceCreateBody",
            __base__=create,
            from_=(NodeId | None, Field(None, alias="from", description="id of the Organisation it runs from")),
            to=(NodeId | None, Field(None, description="id of the Organisation it runs to")),
        )
    if label == "Action":
        return create_model(  # type: ignore[call-overload,no-any-return]
            "ActionCreateBody",
            __base__=create,
            owner=(NodeId | None, Field(None, description="id of the owning Organisation (the action body)")),
            addresses=(list[NodeId], Field(default_factory=list, description="ids of Recommendations it addresses")),
        )
    return create


def _links(label: str, body: BaseModel) -> list[Link]:
    values = body.model_dump(by_alias=False)
    links = []
    if label == "Interface":
        for field, rel_type in (("from_", "FROM"), ("to", "TO")):
            if values.get(field):
                name = "from" if field == "from_" else field
                links.append(Link(rel_type, NodeRef("Organisation", values[field]), f"body.{name}"))
    if label == "Action":
        if values.get("owner"):
            links.append(Link("OWNED_BY", NodeRef("Organisation", values["owner"]), "body.owner"))
        for i, rec in enumerate(dict.fromkeys(values.get("addresses") or [])):  # each once
            links.append(Link("ADDRESSES", NodeRef("Recommendation", rec), f"body.addresses[{i}]"))
    return links


def _collection_router(label: str) -> APIRouter:
    spec = LABELS[label]
    models = models_for(label)
    Read = models.read
    Update = models.update
    CreateBody = _create_body(label)
    QueryModel = _filter_model(label)
    Page = create_model(  # type: ignore[call-overload]
        f"{label}Page", items=(list[Read], ...), total=(int, ...), limit=(int, ...), offset=(int, ...)
    )
    Detail = create_model(  # type: ignore[call-overload]
        f"{label}Detail", __base__=Read, relationships=(list[RelationshipSummary], ...)
    )
    prefix = f"/api/v1/{spec.collection}"
    router = APIRouter(prefix=prefix, tags=[spec.collection])
    link_fields = {"from_", "to", "owner", "addresses"} if label in {"Interface", "Action"} else set()

    @router.get("", response_model=Page, summary=f"List {spec.collection}")
    def list_nodes(nodes: Nodes, params: Annotated[QueryModel, Query()]) -> Any:  # type: ignore[valid-type]
        values = params.model_dump(exclude_none=True)  # type: ignore[attr-defined]
        filters = {k: v for k, v in values.items() if k not in _PAGING}
        page = nodes.list(label, filters, values.get("q"), values["offset"], values["limit"])
        return {"items": page.items, "total": page.total, "limit": values["limit"], "offset": values["offset"]}

    @router.get("/{node_id}", response_model=Detail, summary=f"One {label} with its relationships")
    def get_node(nodes: Nodes, node_id: str) -> Any:
        node, relationships = nodes.get(label, node_id)
        return {**node, "relationships": relationships}

    @router.post("", response_model=Read, status_code=status.HTTP_201_CREATED, summary=f"Create a {label}")
    def create_node(nodes: Nodes, body: CreateBody, response: Response) -> Any:  # type: ignore[valid-type]
        props = body.model_dump(mode="json", exclude_none=True, exclude={"id", *link_fields})  # type: ignore[attr-defined]
        created = nodes.create(label, body.id, props, _links(label, body))  # type: ignore[attr-defined]
        response.headers["Location"] = f"{prefix}/{body.id}"  # type: ignore[attr-defined]
        return created

    @router.patch("/{node_id}", response_model=Read, summary=f"Change some properties of a {label}")
    def update_node(
        nodes: Nodes,
        node_id: str,
        body: Update,  # type: ignore[valid-type]
        if_match: Annotated[int | None, Header(description="the version you read; 409 if it moved on")] = None,
    ) -> Any:
        changes = body.model_dump(mode="json", exclude_unset=True)  # type: ignore[attr-defined]
        removed_required = sorted(k for k, v in changes.items() if v is None and k in REQUIRED[label])
        if removed_required:
            raise InvalidInput(
                f"{', '.join(removed_required)} cannot be removed from a {label}",
                [Problem(f"body.{k}", "required; give a value instead of null") for k in removed_required],
            )
        if "classification" in changes and changes["classification"] is None:
            changes["classification"] = "ONGERUBRICEERD"
        return nodes.update(label, node_id, changes, if_match)

    @router.delete(
        "/{node_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete a {label} and its relationships"
    )
    def delete_node(nodes: Nodes, node_id: str) -> Response:
        nodes.delete(label, node_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return router


routers = [_collection_router(label) for label in LABELS]
