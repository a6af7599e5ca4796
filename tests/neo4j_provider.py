"""A real Neo4j for the test session, found the way the issue prescribes:

1. ``NEO4J_URI`` (with ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``) if set;
2. else a testcontainers ``Neo4jContainer`` if a Docker engine answers;
3. else a local server from Maven Central on a free port, private to this session.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.database import ConnectionInfo
from graph.local_server import LocalNeo4j, ServerConfig

__all__ = ["free_port", "local_test_server", "provide_neo4j"]

_IMAGE = "neo4j:5.26-community"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def local_test_server(home: Path) -> LocalNeo4j:
    # Small enough to run two beside each other and the suite on a 2-core machine.
    return LocalNeo4j(ServerConfig(home=home, port=free_port(), heap="1g", pagecache="512m"))


def _docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:  # any failure means "no engine": fall through to the next way
        return False


@contextmanager
def provide_neo4j(scratch: Path) -> Iterator[tuple[ConnectionInfo, str]]:
    """Yield the connection and a word saying which of the three ways was taken."""
    if os.environ.get("NEO4J_URI"):
        yield (
            ConnectionInfo(
                os.environ["NEO4J_URI"],
                os.environ.get("NEO4J_USER", "neo4j"),
                os.environ.get("NEO4J_PASSWORD", ""),
                os.environ.get("NEO4J_DATABASE", "neo4j"),
            ),
            "NEO4J_URI",
        )
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        password = secrets.token_urlsafe(16)
        with Neo4jContainer(_IMAGE, password=password) as container:
            yield ConnectionInfo(container.get_connection_url(), "neo4j", password, "neo4j"), "testcontainers"
        return
    server = local_test_server(scratch / "neo4j")
    server.start()
    try:
        yield ConnectionInfo(server.uri, "neo4j", server.password(), "neo4j"), "local server"
    finally:
        server.stop()
