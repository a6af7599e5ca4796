"""The shapes of one collection (``/api/v1/{collection}``), made from the label's
properties model so that every collection behaves the same while each gets its own
models in the OpenAPI document:

- ``create``: the properties and ``id``; an Interface may also name its ``from``/``to``
  organisations and an Action its ``owner`` and the recommendations it ``addresses``,
  created in the same transaction (``links`` turns them into relationships);
- ``update``: every property optional, ``null`` removes an optional one;
- ``read``: the properties with ``id``, ``created_at``, ``updated_at``, ``version``;
- ``query``: the filters of the list (``FILTERABLE``), ``q``, ``limit``, ``offset``;
- ``page`` and ``detail``: a list answer and one node with its relationships.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model
from pydantic.fields import FieldInfo

from app.models.fields import NodeId
from app.models.nodes import exact, optional, properties_of, removable
from app.models.relationships import RelationshipSummary
from graph.domain import LABELS
from graph.relationships import NodeRef, Relationship

__all__ = ["FILTERABLE", "MAX_LIMIT", "MAX_OFFSET", "PAGING", "CollectionModels", "collection_models", "links"]

# The properties each collection can be filtered on (besides classification).
FILTERABLE: dict[str, tuple[str, ...]] = {
    "Organisation": ("kind", "ll_body", "abbreviation"),
    "Mission": ("led_by", "acronym", "article100", "area"),
    "Evaluation": ("kind", "published"),
    "Finding": (),
    "Recommendation": ("kind", "code"),
    "Response": ("stance", "date"),
    "Action": ("status", "due", "completed"),
    "Interface": ("kind", "formalised", "basis", "frequency"),
    "Document": ("kind", "reference", "date"),
    "Theme": ("scheme",),
}
PAGING = frozenset({"q", "limit", "offset"})
# Neo4j slices lists with 32-bit indexes: offset + limit must stay below 2**31.
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000

# Fields of a create body that become relationships rather than properties.
_LINK_FIELDS = {"Interface": frozenset({"from_", "to"}), "Action": frozenset({"owner", "addresses"})}


@dataclass(frozen=True)
class CollectionModels:
    label: str
    create: type[BaseModel]
    update: type[BaseModel]
    read: type[BaseModel]
    query: type[BaseModel]
    page: type[BaseModel]
    detail: type[BaseModel]
    link_fields: frozenset[str]


def _create(label: str) -> type[BaseModel]:
    base = create_model(f"{label}Create", __base__=properties_of(label), id=(NodeId, ...))
    if label == "Interface":
        return create_model(
            "InterfaceCreateBody",
            __base__=base,
            from_=(NodeId | None, Field(None, alias="from", description="id of the Organisation it runs from")),
            to=(NodeId | None, Field(None, description="id of the Organisation it runs to")),
        )
    if label == "Action":
        return create_model(
            "ActionCreateBody",
            __base__=base,
            owner=(NodeId | None, Field(None, description="id of the owning Organisation (the action body)")),
            addresses=(list[NodeId], Field(default_factory=list, description="ids of Recommendations it addresses")),
        )
    return base


# Search text: not blank (the pattern says "some non-space character").
_SEARCH: Any = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500, pattern=r"\S")] | None


def _filter(field: FieldInfo) -> Any:
    """A property's type as a query parameter: optional, and a flag as query text (true/false)."""
    kinds = [field.annotation, *get_args(field.annotation)]
    flag = any(k is bool or (get_origin(k) is Annotated and get_args(k)[0] is bool) for k in kinds)
    return bool | None if flag else optional(field)


def _query(label: str) -> type[BaseModel]:
    fields = properties_of(label).model_fields
    filters: dict[str, Any] = {name: (_filter(fields[name]), None) for name in ("classification", *FILTERABLE[label])}
    return create_model(
        f"{label}Query",
        __config__=ConfigDict(extra="forbid", use_enum_values=True),
        q=(_SEARCH, Field(None, description="full-text search (Dutch analyzer)")),
        limit=(int, Field(50, ge=1, le=MAX_LIMIT)),
        offset=(int, Field(0, ge=0, le=MAX_OFFSET)),
        **filters,
    )


def _models(label: str) -> CollectionModels:
    props = properties_of(label)
    # PATCH: every field may be left out; null removes only a property that can be absent.
    update_fields: dict[str, Any] = {
        name: (optional(field) if removable(field) else exact(field), None)
        for name, field in props.model_fields.items()
    }
    read = create_model(
        f"{label}Read",
        __base__=props,
        id=(str, ...),
        created_at=(str | None, None),
        updated_at=(str | None, None),
        version=(int | None, None),
    )
    return CollectionModels(
        label=label,
        create=_create(label),
        update=create_model(
            f"{label}Update", __config__=ConfigDict(extra="forbid", use_enum_values=True), **update_fields
        ),
        read=read,
        query=_query(label),
        page=create_model(
            f"{label}Page", items=(list[read], ...), total=(int, ...), limit=(int, ...), offset=(int, ...)
        ),
        detail=create_model(f"{label}Detail", __base__=read, relationships=(list[RelationshipSummary], ...)),
        link_fields=_LINK_FIELDS.get(label, frozenset()),
    )


_MODELS = {label: _models(label) for label in LABELS}


def collection_models(label: str) -> CollectionModels:
    return _MODELS[label]


def links(label: str, body: BaseModel) -> dict[str, Relationship]:
    """The relationships a create body asks for, keyed by the input field that names each."""
    values = body.model_dump(by_alias=False)
    start = NodeRef(label, values["id"])
    out: dict[str, Relationship] = {}
    if label == "Interface":
        for field, name, rel_type in (("from_", "from", "FROM"), ("to", "to", "TO")):
            if values.get(field):
                out[f"body.{name}"] = Relationship(rel_type, start, NodeRef("Organisation", values[field]))
    if label == "Action":
        if values.get("owner"):
            out["body.owner"] = Relationship("OWNED_BY", start, NodeRef("Organisation", values["owner"]))
        for i, rec in enumerate(dict.fromkeys(values.get("addresses") or [])):  # each once
            out[f"body.addresses[{i}]"] = Relationship("ADDRESSES", start, NodeRef("Recommendation", rec))
    return out
