"""The answer to an import."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["ImportResult"]


class ImportResult(BaseModel):
    nodes_created: int
    nodes_updated: int
    relationships_created: int
    relationships_updated: int
    nodes_total: int
    relationships_total: int
