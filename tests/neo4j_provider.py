"""A real Neo4j for the test session, found as the service finds one (``app.connection``):

1. ``NEO4J_URI`` (with ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``) if set;
2. else a testcontainers ``Neo4jContainer`` if a Docker engine answers;
3. else a private local server from Maven Central on a free port.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.connection import configured_server, free_port, private_server
from app.settings import Environment, Settings
from graph.database import ConnectionInfo
from graph.local_server import LocalNeo4j, ServerConfig

__all__ = [
    "TEST_HEAP",
    "TEST_KEY_FILE",
    "TEST_PAGECACHE",
    "TEST_STALL_SECONDS",
    "local_test_server",
    "provide_neo4j",
    "settings_for",
]

_IMAGE = "neo4j:5.26-community"
# Small enough to run two beside each other and the suite on a 2-core machine.
TEST_HEAP, TEST_PAGECACHE = "1g", "512m"
# The tests' bound on a database that stops answering (settings and the servers they start).
TEST_STALL_SECONDS = 2.0
# The service's own signing key for this test run (never the developer's .neo4j/auth).
TEST_KEY_FILE = Path(tempfile.mkdtemp(prefix="kg-test-auth-")) / "signing-key.pem"


def local_test_server(home: Path) -> LocalNeo4j:
    """A server the test starts and stops itself (the lifecycle tests)."""
    config = ServerConfig(
        home=home, port=free_port(), heap=TEST_HEAP, pagecache=TEST_PAGECACHE, stall_seconds=TEST_STALL_SECONDS
    )
    return LocalNeo4j(config)


def settings_for(info: ConnectionInfo, **overrides: object) -> Settings:
    """The service's settings for a test against ``info``: short retries, test environment."""
    values: dict[str, object] = {
        "environment": Environment.test,
        "neo4j_uri": info.uri,
        "neo4j_user": info.user,
        "neo4j_password": info.password,
        "neo4j_database": info.database,
        "db_retry_seconds": 1.0,
        "db_stall_seconds": TEST_STALL_SECONDS,
        "retry_after_seconds": 2,
        "allowed_hosts": ["testserver", "127.0.0.1", "localhost"],
        "auth_key_file": TEST_KEY_FILE,
    }
    values.update(overrides)
    return Settings.model_validate(values)


def _docker_answers() -> bool:
    try:
        import docker  # type: ignore[import-untyped]  # docker ships no type hints

        client = docker.from_env(timeout=3)
        client.ping()
    except Exception:  # noqa: BLE001  # any failure means "no engine": fall through to the next way
        return False
    return True


@contextmanager
def provide_neo4j(scratch: Path) -> Iterator[tuple[ConnectionInfo, str]]:
    """Yield the connection and a word saying which of the three ways was taken."""
    configured = configured_server(Settings(environment=Environment.test))
    if configured is not None:
        yield configured, "NEO4J_URI"
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        password = secrets.token_urlsafe(16)
        with Neo4jContainer(_IMAGE, password=password) as container:
            yield ConnectionInfo(container.get_connection_url(), "neo4j", password, "neo4j"), "testcontainers"
        return
    with private_server(
        scratch / "neo4j", heap=TEST_HEAP, pagecache=TEST_PAGECACHE, stall_seconds=TEST_STALL_SECONDS
    ) as info:
        yield info, "local server"
