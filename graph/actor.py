"""Who a change or a read is for: the caller's subject and clearance, and the request it
came in. Every repository takes one, so that every answer is computed on the caller's
visible graph and every change is audited with who made it (DOMAIN.md, Security)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.domain import Classification

__all__ = ["SYSTEM", "Actor"]


@dataclass(frozen=True, kw_only=True)
class Actor:
    subject: str
    clearance: Classification
    request_id: str | None = None

    @property
    def visible(self) -> tuple[str, ...]:
        """The classifications this actor sees, for Cypher's ``IN $visible``."""
        return self.clearance.visible()

    def sees(self, classification: str | None) -> bool:
        return classification in self.visible


# The service itself (schema, seed at start): sees everything.
SYSTEM = Actor(subject="system", clearance=Classification.STG_GEHEIM)
