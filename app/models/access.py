"""Shapes of identity and the audit trail: who am I, API keys, audit records."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.auth.roles import Role
from app.models.fields import IsoDate, ShortText
from graph.domain import Classification

__all__ = ["AuditPage", "AuditRecord", "CallerInfo", "KeyCreate", "KeyInfo", "KeyIssued"]


class CallerInfo(BaseModel):
    subject: str
    role: Role | None
    clearance: Classification
    via: str = Field(description="token or api_key")


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: ShortText = Field(examples=["dashboard-lessons"])
    role: Role
    clearance: Classification
    expires: IsoDate | None = Field(None, description="the last day the key works")


class KeyInfo(BaseModel):
    id: str
    name: str
    role: str
    clearance: str
    created_at: str
    created_by: str
    expires: str | None = None
    revoked_at: str | None = None


class KeyIssued(KeyInfo):
    key: str = Field(description="the key itself: shown this once, stored only as a hash")


class AuditRecord(BaseModel):
    id: str
    at: str = Field(description="UTC, ISO 8601")
    subject: str
    operation: str
    target_label: str
    target_id: str
    before: Any = None
    after: Any = None
    request_id: str | None = None
    classification: str


class AuditPage(BaseModel):
    items: list[AuditRecord]
    total: int
    limit: int
    offset: int
