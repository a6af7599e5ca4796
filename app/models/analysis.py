"""Answer shapes of the analysis endpoints: each item carries the ids it is about and the
evidence for it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "FeedbackItem",
    "FeedbackPage",
    "FollowUpPage",
    "Hop",
    "InterfacesPage",
    "LineageAnswer",
    "NetworkAnswer",
    "OrgRef",
    "OverdueItem",
    "OverduePage",
    "PathAnswer",
    "RecurringGroup",
    "RecurringPage",
    "ResponsibilityItem",
    "ResponsibilityPage",
    "StageItem",
    "StagePage",
    "StatsAnswer",
]


class OrgRef(BaseModel):
    id: str
    name: str | None = None
    abbreviation: str | None = None
    ll_body: bool | None = None


class Hop(BaseModel):
    """One interface of a chain."""

    id: str
    name: str | None = None
    kind: str | None = None
    from_: str = Field(alias="from")
    to: str


class FeedbackItem(BaseModel):
    id: str
    name: str | None = None
    kind: str | None = None
    formalised: bool
    basis: str = Field(description="stated, inferred or planned: what the sources say about this interface")
    from_: OrgRef = Field(alias="from")
    to: OrgRef
    has_feedback: bool
    return_chain: list[Hop] | None = Field(description="the shortest return chain within max_hops, if any")
    shortest_return_hops: int | None = Field(
        description="length of the shortest return chain within 6 hops (evidence when it exceeds max_hops); "
        "null if none"
    )


class FeedbackPage(BaseModel):
    items: list[FeedbackItem]
    total: int
    limit: int
    offset: int
    max_hops: int
    return_kinds: list[str] | None


class InterfacesPage(BaseModel):
    items: list[FeedbackItem]
    total: int
    without_feedback: int = Field(description="how many of all the selected interfaces lack a feedback loop")
    limit: int
    offset: int
    max_hops: int
    return_kinds: list[str] | None


class PathAnswer(BaseModel):
    from_: str = Field(alias="from")
    to: str
    hops: int
    chain: list[Hop]


class ActionRef(BaseModel):
    id: str
    title: str | None = None
    status: str | None = None


class ResponseRef(BaseModel):
    id: str
    stance: str | None = None
    date: str | None = None


class StageItem(BaseModel):
    id: str
    code: str | None = None
    text: str | None = None
    kind: str | None = None
    stage: str
    latest_stance: str | None
    latest_response: ResponseRef | None
    actions: list[ActionRef] = Field(description="every action addressing it: the evidence for the stage")
    evaluations: list[str]


class StagePage(BaseModel):
    items: list[StageItem]
    total: int
    limit: int
    offset: int
    funnel: dict[str, int]


class FollowUpPage(BaseModel):
    items: list[StageItem]
    total: int
    limit: int
    offset: int


class RecurringMember(BaseModel):
    id: str
    code: str | None = None
    text: str | None = None
    missions: list[str]
    evaluations: list[str]


class RecurringGroup(BaseModel):
    link: dict[str, Any] = Field(
        description='{"kind": "theme", "theme": id} or {"kind": "similar_to", "pairs": [[a, b], ...]}'
    )
    missions: list[str] = Field(description="the missions, at most `members` of them (by id)")
    recommendations: list[RecurringMember] = Field(description="the recommendations, at most `members` of them (by id)")
    mission_count: int
    recommendation_count: int


class RecurringPage(BaseModel):
    items: list[RecurringGroup]
    total: int
    limit: int
    offset: int


class OverdueItem(BaseModel):
    id: str
    title: str | None = None
    status: str
    due: str
    due_end: str = Field(description="the last day the due date allows (a year or month counts to its end)")
    owner: OrgRef | None
    addresses: list[str]


class OverduePage(BaseModel):
    items: list[OverdueItem]
    total: int
    limit: int
    offset: int
    today: str


class ResponsibilityItem(BaseModel):
    kind: str = Field(description="action or recommendation")
    id: str
    title: str | None = None
    status: str | None = None
    stage: str | None = None
    holder: str = Field(description="the organisation that owns it or is addressed")
    via: list[str] = Field(description="the SUCCEEDED_BY chain from the holder to this organisation")
    direct: bool
    open: bool


class ResponsibilityPage(BaseModel):
    items: list[ResponsibilityItem]
    total: int
    organisation: str


class LineageAnswer(BaseModel):
    mission: dict[str, Any]
    evaluations: list[dict[str, Any]]


class NetworkAnswer(BaseModel):
    ll_bodies: int
    interfaces: int
    betweenness: list[dict[str, Any]]
    articulation_points: list[str]
    bridges: list[dict[str, Any]]
    isolated: list[str]
    weakly_connected_components: list[list[str]]
    strongly_connected_components: list[list[str]]


class StatsAnswer(BaseModel):
    nodes: dict[str, int]
    recommendations_by_stage: dict[str, int]
    recommendations_by_stance: dict[str, int]
    actions_by_status: dict[str, int]
    actions_by_owner: list[dict[str, Any]] = Field(description="the owners with most actions, at most `owners` of them")
    actions_by_other_owners: int = Field(description="actions of the owners not listed")
    interfaces_by_kind: dict[str, dict[str, Any]]
    feedback_max_hops: int
