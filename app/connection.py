"""Where Neo4j is found, in one place for the service, the tests and the benchmark.

1. ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``), read by
   ``Settings``: that server, as it is.
2. Otherwise the service uses the local server in ``KG_NEO4J_HOME`` (``kg neo4j start``),
   while the tests and the benchmark start a private one (``private_server``) on a free
   port in a home of their own, so they never touch a developer's server or data.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.settings import Settings
from graph.database import ConnectionInfo, Database, create_driver
from graph.local_server import LocalNeo4j, ServerConfig

__all__ = ["configured_server", "connection_info", "free_port", "local_server", "open_database", "private_server"]


def free_port() -> int:
    """A port free on the loopback right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def local_server(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(
        ServerConfig(
            home=settings.neo4j_home,
            port=settings.neo4j_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            stall_seconds=settings.db_stall_seconds,
        )
    )


def configured_server(settings: Settings) -> ConnectionInfo | None:
    """The server ``NEO4J_URI`` names, or None when it is unset."""
    if not settings.neo4j_uri:
        return None
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
    return ConnectionInfo(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database)


def connection_info(settings: Settings) -> ConnectionInfo:
    """The service's server: the configured one, else the local one."""
    configured = configured_server(settings)
    if configured is not None:
        return configured
    server = local_server(settings)
    return ConnectionInfo(server.uri, "neo4j", server.password(), settings.neo4j_database)


@contextmanager
def private_server(home: Path, *, heap: str, pagecache: str, stall_seconds: float = 4.0) -> Iterator[ConnectionInfo]:
    """A local server of its own in ``home`` on a free port, stopped on exit."""
    config = ServerConfig(home=home, port=free_port(), heap=heap, pagecache=pagecache, stall_seconds=stall_seconds)
    server = LocalNeo4j(config)
    server.start()
    try:
        yield ConnectionInfo(server.uri, "neo4j", server.password(), "neo4j")
    finally:
        server.stop()


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    """A database for a command-line run: its own driver, closed on exit."""
    info = connection_info(settings)
    driver = create_driver(info, retry_seconds=settings.db_retry_seconds, stall_seconds=settings.db_stall_seconds)
    try:
        yield Database(driver, info.database, timeout=settings.query_timeout)
    finally:
        driver.close()
