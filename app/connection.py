"""Where the service finds its Neo4j: ``NEO4J_URI`` if set, else the local server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.settings import Settings
from graph.database import ConnectionInfo, Database, create_driver
from graph.local_server import LocalNeo4j, ServerConfig

__all__ = ["connection_info", "local_server", "open_database"]


def local_server(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(
        ServerConfig(
            home=settings.neo4j_home,
            port=settings.neo4j_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
        )
    )


def connection_info(settings: Settings) -> ConnectionInfo:
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return ConnectionInfo(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database)
    server = local_server(settings)
    return ConnectionInfo(server.uri, "neo4j", server.password(), settings.neo4j_database)


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    """A database for a command-line run: its own driver, closed on exit."""
    info = connection_info(settings)
    driver = create_driver(info, retry_seconds=settings.db_retry_seconds, connect_timeout=settings.db_connect_timeout)
    try:
        yield Database(driver, info.database, timeout=settings.query_timeout)
    finally:
        driver.close()
