"""Liveness and readiness answers."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["Health", "Ready"]


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    schema_version: int
