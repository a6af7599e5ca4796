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
from dataclasses import replace
from datetime import UTC, datetime
from typing import Generic, TypeVar, cast

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


V = TypeVar("V")


class _Recent(Generic[V]):
    """Credentials checked recently, by a digest of the whole credential, until a deadline
    (``time.monotonic``): a dashboard's every request need not check its token again."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> tuple[bool, V | None]:
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[0] < time.monotonic():
                return False, None
            return True, entry[1]

    def put(self, digest: str, value: V, until: float) -> None:
        with self._lock:
            self._entries[digest] = (until, value)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, keep: Callable[[V], bool]) -> None:
        with self._lock:
            for digest, (_, value) in list(self._entries.items()):
                if not keep(value):
                    del self._entries[digest]


def _digest(credential: str) -> str:
    return hashlib.sha256(credential.encode("utf-8", "replace")).hexdigest()


class Authenticator:
    def __init__(self, settings: Settings, verifier: TokenVerifier, database: Callable[[], Database]) -> None:
        self.settings = settings
        self.verifier = verifier
        self._database = database
        self._keys: _Recent[StoredKey | None] = _Recent()
        self._tokens: _Recent[Caller] = _Recent()

    def known(self, credential: str | None, *, request_id: str | None) -> Caller | None:
        """The caller of a credential checked recently, without I/O; None if it needs checking."""
        if not credential:
            raise Unauthenticated("this needs a credential: Authorization: Bearer <token or API key>")
        if credential.startswith(KEY_PREFIX):
            found, stored = self._keys.get(_digest(credential))
            return self._key_caller(stored, request_id) if found else None
        found, caller = self._tokens.get(_digest(credential))
        return replace(caller, request_id=request_id) if found and caller is not None else None

    def caller(self, credential: str | None, *, request_id: str | None) -> Caller:
        """The caller of a credential, checked now (may do I/O: run it off the event loop)."""
        known = self.known(credential, request_id=request_id)
        if known is not None or credential is None:
            return cast(Caller, known)
        if credential.startswith(KEY_PREFIX):
            stored = lookup_key(self._database(), credential, today=datetime.now(UTC).date().isoformat())
            self._keys.put(_digest(credential), stored, time.monotonic() + self.settings.api_key_cache_seconds)
            return self._key_caller(stored, request_id)
        claims = self.verifier.claims(credential)
        caller = Caller(
            subject=str(claim(claims, self.settings.auth_subject_claim)),
            role=role_from(claims, self.settings.auth_role_claim, self.settings.auth_role_prefix),
            clearance=clearance_from(claims, self.settings.auth_clearance_claim),
            via="token",
            request_id=request_id,
        )
        # Trusted until it expires (a token cannot be revoked), at most a minute at a time.
        left = float(claims["exp"]) - time.time()
        self._tokens.put(_digest(credential), caller, time.monotonic() + min(left, 60.0))
        return caller

    @staticmethod
    def _key_caller(stored: StoredKey | None, request_id: str | None) -> Caller:
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
        self._keys.forget(lambda stored: stored is None or stored.id != key_id)
