"""Settings fail closed: a server the service is pointed at needs a real password."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.settings import Environment, Settings


@pytest.mark.parametrize("environment", [Environment.local, Environment.production])
@pytest.mark.parametrize("password", [None, "", "  ", "neo4j", "Password", "changeme"])
def test_a_placeholder_password_is_refused_for_a_named_server(environment: Environment, password: str | None) -> None:
    with pytest.raises(ValidationError, match="NEO4J_PASSWORD is empty or a placeholder"):
        Settings.model_validate(
            {"environment": environment, "neo4j_uri": "bolt://db.example:7687", "neo4j_password": password}
        )


def test_the_local_server_and_the_test_suite_bring_their_own_passwords() -> None:
    assert Settings.model_validate({"environment": "production"}).neo4j_uri is None
    named = {"neo4j_uri": "bolt://127.0.0.1:7687", "neo4j_password": "neo4j"}
    assert Settings.model_validate({"environment": "test", **named}).environment is Environment.test
    real = Settings.model_validate({"environment": "production", **named, "neo4j_password": "a long real secret"})
    assert real.neo4j_password is not None


def test_the_environment_is_one_of_three() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings.model_validate({"environment": "staging"})
    assert "local" in str(refused.value)
