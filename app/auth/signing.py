"""The service's own signing key, for a deployment without an OpenID Connect provider and
for local use: generated on first use, kept owner-only (0600) beside the local Neo4j's
data, published as a JWKS that the same verification path reads as it reads a provider's.
``kg token issue`` signs with it."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from app.auth.roles import Role
from graph.domain import Classification

__all__ = ["LocalKey", "issue_token", "local_key"]

ALGORITHM = "ES256"


@dataclass(frozen=True)
class LocalKey:
    private: ec.EllipticCurvePrivateKey
    kid: str

    def jwks(self) -> dict[str, Any]:
        """The public half as a JWK set (never the private part)."""
        jwk = ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}]}


def _thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638: the key's id is the hash of its public members."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def local_key(path: Path) -> LocalKey:
    """The key in ``path``, made there (mode 0600, in a 0700 folder) if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:  # O_EXCL: of two first starts at once, one writes the key and the other reads it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path} does not hold an EC private key")
    jwk = ECAlgorithm.to_jwk(loaded.public_key(), as_dict=True)
    return LocalKey(loaded, _thumbprint(jwk))


def issue_token(
    key: LocalKey,
    *,
    issuer: str,
    audience: str,
    subject: str,
    role: Role,
    clearance: Classification,
    ttl_seconds: int,
    role_claim: str = "kg_role",
    clearance_claim: str = "kg_clearance",
) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    # The claims go where the verifier reads them (top-level names for the local key).
    claims[role_claim] = role.value
    claims[clearance_claim] = clearance.value
    return jwt.encode(claims, key.private, algorithm=ALGORITHM, headers={"kid": key.kid})
