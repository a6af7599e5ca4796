"""Roles, each including the one before (DOMAIN.md, Security), and the caller."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.actor import Actor
from graph.domain import Classification

__all__ = ["Caller", "Role"]


class Role(StrEnum):
    viewer = "viewer"  # read and analysis
    analyst = "analyst"  # + exports and the read-only Cypher console
    editor = "editor"  # + create, update, delete, import
    admin = "admin"  # + credentials and the audit trail

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank


@dataclass(frozen=True, kw_only=True)
class Caller:
    subject: str
    role: Role | None  # None: authenticated, but holds no role of this service
    clearance: Classification
    via: str  # "token" or "api_key"
    request_id: str | None = None

    def actor(self) -> Actor:
        return Actor(subject=self.subject, clearance=self.clearance, request_id=self.request_id)
