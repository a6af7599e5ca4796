"""Verifying a signed token (JWT) against a JWK set: the OpenID Connect provider's, from
its JWKS URL (Keycloak: ``<issuer>/protocol/openid-connect/certs``), or the service's own.
One code path for both; PyJWT does the cryptography and the claim checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jwt

from graph.errors import DatabaseUnavailable, Problem, Unauthenticated

__all__ = ["TokenVerifier"]

KeyLookup = Callable[[str], jwt.PyJWK]


def _from_memory(jwks: dict[str, Any]) -> KeyLookup:
    # Only signing keys, as PyJWKClient keeps them, so both sources behave alike.
    signing = {"keys": [k for k in jwks.get("keys", []) if k.get("use", "sig") == "sig" and k.get("kid")]}
    keys = jwt.PyJWKSet.from_dict(signing)

    def lookup(kid: str) -> jwt.PyJWK:
        try:
            return keys[kid]
        except KeyError:
            raise jwt.InvalidTokenError("the token's key is not known") from None

    return lookup


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: Sequence[str],
        leeway_seconds: float,
        jwks: dict[str, Any] | None = None,
        jwks_url: str | None = None,
    ) -> None:
        if (jwks is None) == (jwks_url is None):
            raise ValueError("give a JWK set or a JWKS URL, one of them")
        self.issuer = issuer
        self.audience = audience
        self.algorithms = list(algorithms)
        self.leeway = leeway_seconds
        if jwks_url is not None:
            client = jwt.PyJWKClient(jwks_url, cache_jwk_set=True, lifespan=300, timeout=3)
            self._lookup: KeyLookup = client.get_signing_key
        else:
            self._lookup = _from_memory(jwks or {})

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims; ``Unauthenticated`` if the token is not valid here."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") not in self.algorithms:
                raise jwt.InvalidAlgorithmError("the token is not signed with an accepted algorithm")
            kid = header.get("kid")
            if not isinstance(kid, str):
                raise jwt.InvalidTokenError("the token names no key")
            key = self._lookup(kid)
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=self.algorithms,
                issuer=self.issuer,
                audience=self.audience,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWKClientConnectionError as e:
            raise DatabaseUnavailable("the identity provider's keys cannot be fetched; try again") from e
        except jwt.PyJWTError as e:
            raise Unauthenticated(
                f"the token is not valid: {e}", [Problem("header.authorization", "a valid bearer token")]
            ) from e
        return claims
