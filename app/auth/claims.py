"""Role, clearance and subject from a token's claims, at configurable paths.

A path is dotted (``realm_access.roles``, ``resource_access.kg-api.roles``); ``\\.`` is a
literal dot in a claim name (``https://example\\.org/roles``). A role claim may hold one
role or a list (Keycloak lists every realm role): the highest role of this service in it
counts, with an optional prefix (``kg-editor``). A missing or unknown clearance is the
lowest, so a token grants nothing it does not state.
"""

from __future__ import annotations

import re
from typing import Any

from app.auth.roles import Role
from graph.domain import Classification

__all__ = ["claim", "clearance_from", "role_from"]

_SPLIT = re.compile(r"(?<!\\)\.")


def claim(claims: dict[str, Any], path: str) -> Any:
    """The value at ``path`` in the claims, or None."""
    value: Any = claims
    for part in _SPLIT.split(path):
        if not isinstance(value, dict):
            return None
        value = value.get(part.replace("\\.", "."))
    return value


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value) if v]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def role_from(claims: dict[str, Any], path: str, prefix: str = "") -> Role | None:
    roles = [v[len(prefix) :] for v in _values(claim(claims, path)) if v.startswith(prefix)]
    known = [Role(v) for v in roles if v in Role.__members__]
    return max(known, key=lambda r: r.rank) if known else None


def clearance_from(claims: dict[str, Any], path: str) -> Classification:
    values = [v for v in _values(claim(claims, path)) if v in Classification.__members__]
    return max((Classification(v) for v in values), key=lambda c: c.rank, default=Classification.ONGERUBRICEERD)
