"""docker-compose.yml cannot run here (no Docker engine), so its contract is checked by reading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    return cast(dict[str, Any], yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def test_services_ports_and_the_api_uri() -> None:
    services = _compose()["services"]
    assert set(services) == {"neo4j", "api"}
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert "127.0.0.1:7687:7687" in services["neo4j"]["ports"]
    assert "127.0.0.1:8000:8000" in services["api"]["ports"]
    assert services["api"]["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"


def test_api_waits_for_a_healthy_neo4j_and_both_have_health_checks() -> None:
    compose = _compose()
    services = compose["services"]
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["neo4j"]["healthcheck"]["test"]
    assert "/ready" in " ".join(services["api"]["healthcheck"]["test"])
    assert "neo4j-data:/data" in services["neo4j"]["volumes"]
    assert "neo4j-data" in compose["volumes"]


def test_no_default_password_anywhere() -> None:
    services = _compose()["services"]
    auth = services["neo4j"]["environment"]["NEO4J_AUTH"]
    password = services["api"]["environment"]["NEO4J_PASSWORD"]
    # ${VAR:?message} makes compose refuse to start without a password from the user.
    assert auth.startswith("neo4j/${NEO4J_PASSWORD:?")
    assert password.startswith("${NEO4J_PASSWORD:?")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ENV NEO4J" not in dockerfile
    assert "ARG NEO4J" not in dockerfile


def test_identity_reaches_the_api_from_the_environment_or_a_volume() -> None:
    compose = _compose()
    api = compose["services"]["api"]
    env = api["environment"]
    for name in ("KG_AUTH_JWKS_URL", "KG_AUTH_ISSUER", "KG_AUTH_AUDIENCE", "KG_AUTH_ROLE_CLAIM"):
        assert env[name].startswith(f"${{{name}"), name  # from the environment, not written here
    assert env["KG_AUTH_KEY_FILE"].startswith("/var/lib/kg/auth/")
    assert "kg-auth:/var/lib/kg/auth" in api["volumes"]
    assert "kg-auth" in compose["volumes"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ENV KG_AUTH" not in dockerfile
    assert ".pem" not in dockerfile
