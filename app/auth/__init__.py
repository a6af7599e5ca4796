"""Who is calling: identity (signed tokens and API keys), roles, clearance.

- ``roles.py``: the roles of DOMAIN.md and the caller a request is made by;
- ``claims.py``: reading role and clearance from a token's claims (configurable paths);
- ``signing.py``: the service's own signing key and ``kg token issue``;
- ``tokens.py``: verifying a token against a JWKS (an OpenID Connect provider's, or the
  service's own), one code path for both;
- ``authenticator.py``: a bearer credential in, a caller out (tokens and API keys).
"""
