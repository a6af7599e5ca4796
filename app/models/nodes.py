"""The properties of each label: one model per label, the one place where API fields and
graph properties meet.

Conventions, the same for every label: the model's fields are the node's properties,
stored under the same names; ``id`` is the key (not a field here); ``classification``
defaults to ``ONGERUBRICEERD``; ``created_at``, ``updated_at`` and ``version`` are the
service's to set and never a field. Unknown fields are refused, so a typo never becomes
a property. The shapes each collection takes (create, update, read, query) are made from
these in ``app.models.collections``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo

from app.models.fields import Flag, IsoDate, ShortText, Text
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

__all__ = ["REQUIRED", "exact", "optional", "properties_of", "removable"]


class _Props(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)
    classification: Classification = Classification.ONGERUBRICEERD


class Organisation(_Props):
    name: Text
    abbreviation: ShortText | None = None
    kind: OrganisationKind
    ll_body: Flag = False
    active_from: IsoDate | None = None
    active_until: IsoDate | None = None


class Mission(_Props):
    name: Text
    acronym: ShortText | None = None
    led_by: LedBy | None = None
    area: Text | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    article100: Flag | None = None


class Evaluation(_Props):
    title: Text
    kind: EvaluationKind
    published: IsoDate | None = None


class Finding(_Props):
    text: Text


class Recommendation(_Props):
    code: ShortText | None = None
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
    formalised: Flag = False
    basis: InterfaceBasis = InterfaceBasis.stated
    frequency: ShortText | None = None
    description: Text | None = None
    note: Text | None = None


class Document(_Props):
    title: Text
    kind: DocumentKind
    reference: ShortText | None = None
    date: IsoDate | None = None
    source_file: Text | None = None


class Theme(_Props):
    name: Text
    scheme: ShortText | None = None


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


def exact(field: FieldInfo) -> Any:
    """The field's type, constraints included."""
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def optional(field: FieldInfo) -> Any:
    """The field's type, constraints included, made optional (for filters)."""
    annotation: Any = exact(field)
    return annotation | None


def removable(field: FieldInfo) -> bool:
    """Whether PATCH may remove the property with null: only one that has no value by
    default (a required property, or one with a default such as classification, stays)."""
    return not field.is_required() and field.default is None


def properties_of(label: str) -> type[_Props]:
    """The properties model of one label."""
    return _PROPERTIES[label]
