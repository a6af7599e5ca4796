"""A bearer credential in, a caller out: a signed token (JWT) or an API key.

Deny by default: no credential, a malformed one, an invalid or expired token, an unknown,
revoked or expired key: 401. A caller without a role of this service gets 403 on every
operation (``require`` in app/deps.py).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime

from app.auth.claims import claim, clearance_from, role_from
from app.auth.roles import Caller, Role
from app.auth.signing import local_key
from app.auth.tokens import TokenVerifier
from app.settings import Settings
from graph.credentials import KEY_PREFIX, StoredKey, lookup_key
from graph.database import Database
from graph.domain import Classification
from graph.errors import Problem, Unauthenticated

__all__ = ["Authenticator", "verifier_for"]

_INVALID = [Problem("header.authorization", "Bearer <token or API key>")]


def verifier_for(settings: Settings) -> TokenVerifier:
    """Tokens from the configured OpenID Connect provider, or else from the service's own key."""
    jwks = None if settings.auth_jwks_url else local_key(settings.signing_key_file).jwks()
    return TokenVerifier(
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        algorithms=settings.auth_algorithms,
        leeway_seconds=settings.auth_leeway_seconds,
        jwks=jwks,
        jwks_url=settings.auth_jwks_url or None,
    )


class _KeyCache:
    """Verified (and refused) API keys, by a digest of the whole key, for a few seconds."""

    def __init__(self, seconds: float, size: int = 1024) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: OrderedDict[str, tuple[float, StoredKey | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> tuple[bool, StoredKey | None]:
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[0] < time.monotonic():
                return False, None
            return True, entry[1]

    def put(self, digest: str, key: StoredKey | None) -> None:
        with self._lock:
            self._entries[digest] = (time.monotonic() + self.seconds, key)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, key_id: str) -> None:
        with self._lock:
            for digest, (_, key) in list(self._entries.items()):
                if key is not None and key.id == key_id:
                    del self._entries[digest]


class Authenticator:
    def __init__(self, settings: Settings, verifier: TokenVerifier, database: Callable[[], Database]) -> None:
        self.settings = settings
        self.verifier = verifier
        self._database = database
        self._keys = _KeyCache(settings.api_key_cache_seconds)

    def caller(self, credential: str | None, *, request_id: str | None) -> Caller:
        if not credential:
            raise Unauthenticated("this needs a credential: Authorization: Bearer <token or API key>")
        if credential.startswith(KEY_PREFIX):
            return self._from_key(credential, request_id)
        claims = self.verifier.claims(credential)
        subject = claim(claims, self.settings.auth_subject_claim)
        return Caller(
            subject=str(subject),
            role=role_from(claims, self.settings.auth_role_claim, self.settings.auth_role_prefix),
            clearance=clearance_from(claims, self.settings.auth_clearance_claim),
            via="token",
            request_id=request_id,
        )

    def _from_key(self, key: str, request_id: str | None) -> Caller:
        digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()
        found, stored = self._keys.get(digest)
        if not found:
            stored = lookup_key(self._database(), key, today=datetime.now(UTC).date().isoformat())
            self._keys.put(digest, stored)
        if stored is None:
            raise Unauthenticated("the API key is not valid (unknown, revoked or expired)", _INVALID)
        role = Role(stored.role) if stored.role in Role.__members__ else None
        return Caller(
            subject=f"key:{stored.name}",
            role=role,
            clearance=Classification(stored.clearance),
            via="api_key",
            request_id=request_id,
        )

    def forget_key(self, key_id: str) -> None:
        """A revoked key stops working in this process at once."""
        self._keys.forget(key_id)
