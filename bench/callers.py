"""Who calls the API in the benchmark: tokens signed with a key of the run's own.

The API under test verifies them through its one code path (``app.auth``), exactly as it
verifies a token from ``kg token issue``; the bench makes its own key in a temporary folder
so that it never reads or writes the project's ``.neo4j/auth`` key.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.auth.roles import Role
from app.auth.signing import issue_token, local_key
from app.settings import Settings
from graph.domain import Classification

__all__ = ["Callers", "bench_callers"]

# Long enough for a scale-300 run; the key is thrown away with the run.
_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Callers:
    """The key file the API verifies with, and the headers of each kind of caller."""

    key_file: Path
    analyst: dict[str, str]  # cleared for everything: the answers over the whole graph
    public: dict[str, str]  # ONGERUBRICEERD only: the answers over the smallest visible graph
    editor: dict[str, str]  # writes, cleared for everything


def _header(key_file: Path, role: Role, clearance: Classification) -> dict[str, str]:
    defaults = Settings.model_fields
    token = issue_token(
        local_key(key_file),
        issuer=defaults["auth_issuer"].default,
        audience=defaults["auth_audience"].default,
        subject=f"bench-{role.value}-{clearance.value}".lower(),
        role=role,
        clearance=clearance,
        ttl_seconds=_TTL_SECONDS,
        role_claim=defaults["auth_role_claim"].default,
        clearance_claim=defaults["auth_clearance_claim"].default,
    )
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def bench_callers() -> Iterator[Callers]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-auth-") as folder:
        key_file = Path(folder) / "signing-key.pem"
        yield Callers(
            key_file=key_file,
            analyst=_header(key_file, Role.analyst, Classification.STG_GEHEIM),
            public=_header(key_file, Role.analyst, Classification.ONGERUBRICEERD),
            editor=_header(key_file, Role.editor, Classification.STG_GEHEIM),
        )
