"""Settings, read once from the environment (prefix ``KG_``; the Neo4j connection keeps
the conventional ``NEO4J_*`` names).

With ``NEO4J_URI`` unset the service uses the local server that ``kg neo4j start`` runs
from ``KG_NEO4J_HOME`` on ``KG_NEO4J_PORT``, and reads its generated password from there.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Environment", "Settings", "get_settings"]

_PLACEHOLDERS = {"", "neo4j", "password", "changeme", "changethis", "secret"}


class Environment(StrEnum):
    local = "local"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore", populate_by_name=True)

    environment: Environment = Environment.local

    neo4j_uri: str | None = Field(None, validation_alias=AliasChoices("NEO4J_URI", "KG_NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME", "KG_NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(None, validation_alias=AliasChoices("NEO4J_PASSWORD", "KG_NEO4J_PASSWORD"))
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "KG_NEO4J_DATABASE"))

    # The local server (used only when NEO4J_URI is unset).
    neo4j_home: Path = Path(".neo4j")
    neo4j_port: int = Field(7687, ge=1, le=65535)
    neo4j_heap: str = "2g"
    neo4j_pagecache: str = "2g"

    # How long a request retries transient database errors before answering 503.
    db_retry_seconds: float = Field(1.0, ge=0)
    # How long a request waits on a database that does not answer (to connect, for a pooled
    # connection, for a read on the local server) before it gets a 503; see graph/database.py.
    db_stall_seconds: float = Field(4.0, gt=0, le=300)
    # After the database was found unreachable, answer 503 at once for this long.
    db_outage_pause_seconds: float = Field(1.0, ge=0)
    query_timeout: float = Field(30.0, gt=0)
    # An import is one transaction: a large document needs longer than a query.
    import_timeout: float = Field(3600.0, gt=0)
    # Larger documents commit batch by batch (transaction memory); see graph/transfer.py.
    import_single_transaction_max: int = Field(50_000, ge=1)
    retry_after_seconds: int = Field(5, ge=1)

    # Keep gap-query answers until the graph version changes (see graph/analysis/cache.py).
    answer_cache: bool = True
    # How often the graph version is read for writes made by others (this process's own
    # writes are seen at once); see graph/versions.py.
    version_poll_seconds: float = Field(0.05, gt=0, le=10)

    # The read-only Cypher console (graph/console.py): rows returned at most (more are cut
    # and the answer says truncated), seconds a query may run, queries per caller a minute.
    console_max_rows: int = Field(1000, ge=1, le=100_000)
    console_timeout: float = Field(10.0, gt=0, le=300)
    console_per_minute: int = Field(30, ge=1, le=100_000)

    # GET /metrics (app/metrics.py): on the API's port behind this bearer token, and/or on a
    # port of its own on the loopback; with neither set, metrics are not served.
    metrics_token: SecretStr | None = None
    metrics_port: int | None = Field(None, ge=1, le=65535)

    # Identity (see app/auth). With auth_jwks_url unset, tokens are signed and checked with
    # the service's own key (auth_key_file; by default beside the local Neo4j's data).
    auth_jwks_url: str | None = None
    auth_issuer: str = "lessons-graph"
    auth_audience: str = "lessons-graph"
    auth_algorithms: Annotated[list[str], NoDecode] = ["ES256", "RS256", "EdDSA"]
    auth_role_claim: str = "kg_role"
    auth_role_prefix: str = ""
    auth_clearance_claim: str = "kg_clearance"
    auth_subject_claim: str = "sub"
    auth_leeway_seconds: float = Field(30.0, ge=0, le=600)
    auth_key_file: Path | None = None
    # How long a verified API key is trusted before it is looked up again (revocation
    # elsewhere takes effect within this; in the same process at once).
    api_key_cache_seconds: float = Field(5.0, ge=0, le=300)
    # Browser dashboards on other origins: an explicit list, never "*".
    cors_origins: Annotated[list[str], NoDecode] = []

    max_body_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    # The Host header values the service answers (names, without the port); "*" for any.
    allowed_hosts: Annotated[list[str], NoDecode] = ["127.0.0.1", "localhost", "[::1]"]
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    @field_validator("allowed_hosts", "auth_algorithms", "cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _explicit_origins(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("KG_CORS_ORIGINS must list the origins; '*' is refused")
        return value

    @field_validator("metrics_token")
    @classmethod
    def _real_metrics_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            secret = value.get_secret_value()
            if len(secret) < 16 or secret.strip().lower() in _PLACEHOLDERS:
                raise ValueError("KG_METRICS_TOKEN must be a real secret of at least 16 characters")
        return value

    @property
    def signing_key_file(self) -> Path:
        """The service's own signing key: beside the local Neo4j's data unless set."""
        return self.auth_key_file or self.neo4j_home / "auth" / "signing-key.pem"

    @model_validator(mode="after")
    def _refuse_placeholder_password(self) -> Settings:
        # Fail closed: a server we are pointed at needs a real secret. The local server
        # generates its own (NEO4J_URI unset), and the test suite brings its own servers.
        if self.neo4j_uri and self.environment is not Environment.test:
            password = self.neo4j_password.get_secret_value() if self.neo4j_password else ""
            if password.strip().lower() in _PLACEHOLDERS:
                raise ValueError("NEO4J_PASSWORD is empty or a placeholder; set a real secret")
        return self


@cache
def get_settings() -> Settings:
    return Settings()
