"""One model per label, in three shapes: ``Create`` (POST), ``Update`` (PATCH) and ``Read``.

Conventions, the same for every label: the model's fields are the node's properties,
stored under the same names; ``id`` is the key; ``classification`` defaults to
``ONGERUBRICEERD``; ``created_at``, ``updated_at`` and ``version`` are the service's to
set and appear only in ``Read``. ``Update`` makes every field optional; ``null`` removes an
optional property. Unknown fields are refused, so a typo never becomes a property.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, create_model
from pydantic.fields import FieldInfo

from app.models.fields import IsoDate, NodeId, Text
from graph.domain import (
    ActionStatus,
    Classification,
    DocumentKind,
    EvaluationKind,
    InterfaceBasis,
    InterfaceKind,
    LedBy,
    OrganisationKind,
    RecommendationKind,
    Stance,
)

__all__ = ["REQUIRED", "NodeModels", "models_for", "optional"]


class _Props(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)
    classification: Classification = Classification.ONGERUBRICEERD


class Organisation(_Props):
    name: Text
    abbreviation: Text | None = None
    kind: OrganisationKind
    ll_body: bool = False
    active_from: IsoDate | None = None
    active_until: IsoDate | None = None


class Mission(_Props):
    name: Text
    acronym: Text | None = None
    led_by: LedBy | None = None
    area: Text | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    article100: bool | None = None


class Evaluation(_Props):
    title: Text
    kind: EvaluationKind
    published: IsoDate | None = None


class Finding(_Props):
    text: Text


class Recommendation(_Props):
    code: Text | None = None
    text: Text
    kind: RecommendationKind


class Response(_Props):
    stance: Stance
    summary: Text | None = None
    date: IsoDate | None = None


class Action(_Props):
    title: Text
    description: Text | None = None
    status: ActionStatus
    due: IsoDate | None = None
    completed: IsoDate | None = None


class Interface(_Props):
    name: Text
    kind: InterfaceKind
    formalised: bool = False
    basis: InterfaceBasis = InterfaceBasis.stated
    frequency: Text | None = None
    description: Text | None = None
    note: Text | None = None


class Document(_Props):
    title: Text
    kind: DocumentKind
    reference: Text | None = None
    date: IsoDate | None = None
    source_file: Text | None = None


class Theme(_Props):
    name: Text
    scheme: Text | None = None


_PROPERTIES: dict[str, type[_Props]] = {
    cls.__name__: cls
    for cls in (
        Organisation,
        Mission,
        Evaluation,
        Finding,
        Recommendation,
        Response,
        Action,
        Interface,
        Document,
        Theme,
    )
}

# The properties a node of each label cannot be without (PATCH may not remove them).
REQUIRED: dict[str, frozenset[str]] = {
    label: frozenset(name for name, field in cls.model_fields.items() if field.is_required())
    for label, cls in _PROPERTIES.items()
}


def optional(field: FieldInfo) -> Any:
    """The field's type, constraints included, made optional (for PATCH bodies and filters)."""
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return annotation | None


class NodeModels:
    """The three shapes of one label's model."""

    def __init__(self, label: str) -> None:
        props = _PROPERTIES[label]
        self.label = label
        self.properties = props
        self.create: type[BaseModel] = create_model(  # type: ignore[call-overload]
            f"{label}Create", __base__=props, id=(NodeId, ...)
        )
        self.update: type[BaseModel] = create_model(  # type: ignore[call-overload]
            f"{label}Update",
            __config__=ConfigDict(extra="forbid", use_enum_values=True),
            **{name: (optional(field), None) for name, field in props.model_fields.items()},
        )
        self.read: type[BaseModel] = create_model(  # type: ignore[call-overload]
            f"{label}Read",
            __base__=props,
            __config__=None,
            id=(str, ...),
            created_at=(str | None, None),
            updated_at=(str | None, None),
            version=(int | None, None),
        )


_MODELS = {label: NodeModels(label) for label in _PROPERTIES}


def models_for(label: str) -> NodeModels:
    return _MODELS[label]
