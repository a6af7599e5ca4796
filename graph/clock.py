"""The service's notion of now, in one place (ISO 8601, UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["now_iso"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
