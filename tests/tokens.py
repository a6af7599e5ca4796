"""Credentials for the tests: tokens signed with the test run's own key, as `kg token
issue` signs them, verified by the service through its one code path."""

from __future__ import annotations

from app.auth.roles import Role
from app.auth.signing import issue_token, local_key
from app.settings import Settings
from graph.domain import Classification

__all__ = ["bearer", "token_for"]


def token_for(
    settings: Settings,
    role: Role | str = Role.admin,
    clearance: Classification | str = Classification.STG_GEHEIM,
    subject: str | None = None,
) -> str:
    return issue_token(
        local_key(settings.signing_key_file),
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject=subject or f"test-{role}-{clearance}".lower(),
        role=Role(role),
        clearance=Classification(clearance),
        ttl_seconds=3600,
        role_claim=settings.auth_role_claim,
        clearance_claim=settings.auth_clearance_claim,
    )


def bearer(
    settings: Settings,
    role: Role | str = Role.admin,
    clearance: Classification | str = "STG_GEHEIM",
    subject: str | None = None,
) -> dict[str, str]:
    """The Authorization header of a caller with ``role`` and ``clearance``."""
    return {"Authorization": f"Bearer {token_for(settings, role, clearance, subject)}"}
