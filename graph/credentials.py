"""API keys for dashboards and scripts: issued once, stored only as a hash.

A key reads ``kg_<id>_<secret>``: the id finds the stored record, the secret (32 random
bytes) is compared with its SHA-256 in constant time. A slow password hash would add
nothing: the secret is random and as long as the hash. Keys live on ``ApiKey`` nodes,
outside the domain labels, so no export or count ever carries them; a revoked key is kept
for the audit trail. Issuing and revoking are audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from graph import audit
from graph.actor import Actor
from graph.clock import now_iso
from graph.database import Database, Transaction
from graph.domain import Classification
from graph.errors import Forbidden, NotFound

__all__ = ["KEY_PREFIX", "IssuedKey", "StoredKey", "issue_key", "list_keys", "lookup_key", "revoke_key"]

KEY_PREFIX = "kg_"
_DUMMY = hashlib.sha256(b"no such key").hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: str  # shown once
    record: dict[str, Any]


@dataclass(frozen=True)
class StoredKey:
    id: str
    name: str
    role: str
    clearance: str
    expires: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def split_key(key: str) -> tuple[str, str] | None:
    """``kg_<id>_<secret>`` as (id, secret); None when it is not shaped like a key."""
    if not key.startswith(KEY_PREFIX):
        return None
    rest = key[len(KEY_PREFIX) :]
    key_id, sep, secret = rest.partition("_")  # the secret may hold "_" itself
    if not sep or len(key_id) != 16 or not secret:
        return None
    return key_id, secret


def issue_key(
    db: Database, actor: Actor, *, name: str, role: str, clearance: Classification, expires: str | None
) -> IssuedKey:
    if clearance.rank > actor.clearance.rank:
        raise Forbidden(f"a key cannot be cleared above your own clearance ({actor.clearance.value})")
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)

    def work(tx: Transaction) -> dict[str, Any]:
        row = tx.run(
            "api_key_create",
            id=key_id,
            name=name,
            role=role,
            clearance=clearance.value,
            hash=_digest(secret),
            created_at=now_iso(),
            created_by=actor.subject,
            expires=expires,
        )[0]
        record = dict(row["key"])
        audit.record(
            tx,
            actor,
            "key_issued",
            target_label="ApiKey",
            target_id=key_id,
            classification=clearance.value,
            after=record,
        )
        return record

    record = db.write_unit(work, bump_version=False)
    return IssuedKey(f"{KEY_PREFIX}{key_id}_{secret}", record)


def lookup_key(db: Database, key: str, *, today: str) -> StoredKey | None:
    """The stored key this one is, if it is valid: known, matching, not revoked or expired."""
    parts = split_key(key)
    if parts is None:
        return None
    key_id, secret = parts
    rows = db.read("api_key_get", id=key_id)
    stored = rows[0] if rows else None
    # Compare even for an unknown id, so that timing does not tell which ids exist.
    matches = hmac.compare_digest(_digest(secret), stored["hash"] if stored else _DUMMY)
    if stored is None or not matches or stored["revoked_at"]:
        return None
    if stored["expires"] and stored["expires"] < today:
        return None
    return StoredKey(stored["id"], stored["name"], stored["role"], stored["clearance"], stored["expires"])


def list_keys(db: Database, actor: Actor) -> list[dict[str, Any]]:
    return list(db.read("api_key_list", visible=list(actor.visible))[0]["keys"])


def revoke_key(db: Database, actor: Actor, key_id: str) -> dict[str, Any]:
    def work(tx: Transaction) -> dict[str, Any]:
        row = tx.run("api_key_revoke", id=key_id, at=now_iso(), visible=list(actor.visible))[0]
        if row["key"] is None:
            raise NotFound(f"no API key with id {key_id!r}")
        record = dict(row["key"])
        if not row["was_revoked"]:
            audit.record(
                tx,
                actor,
                "key_revoked",
                target_label="ApiKey",
                target_id=key_id,
                classification=record["clearance"],
                after=record,
            )
        return record

    return db.write_unit(work, bump_version=False)
