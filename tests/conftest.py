"""Fixtures: one real Neo4j per session, a clean graph per test, the app on top of it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.database import ConnectionInfo, Database, create_driver
from graph.schema import apply_schema
from tests.neo4j_provider import provide_neo4j


@pytest.fixture(scope="session")
def neo4j_info(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionInfo]:
    with provide_neo4j(tmp_path_factory.mktemp("session")) as (info, how):
        print(f"\nNeo4j for this session: {info.redacted()} via {how}")
        yield info


def settings_for(info: ConnectionInfo, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "neo4j_uri": info.uri,
        "neo4j_user": info.user,
        "neo4j_password": info.password,
        "neo4j_database": info.database,
        "db_retry_seconds": 1.0,
        "db_connect_timeout": 2.0,
        "retry_after_seconds": 2,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings(neo4j_info: ConnectionInfo) -> Settings:
    return settings_for(neo4j_info)


@pytest.fixture(scope="session")
def session_db(neo4j_info: ConnectionInfo) -> Iterator[Database]:
    driver = create_driver(neo4j_info)
    db = Database(driver, neo4j_info.database)
    apply_schema(db)
    yield db
    driver.close()


@pytest.fixture
def db(session_db: Database) -> Database:
    """The session's database, emptied of domain data before the test."""
    session_db.write("graph_clear")
    return session_db


@pytest.fixture(scope="session")
def app_client(settings: Settings, session_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def client(app_client: TestClient, db: Database) -> TestClient:
    """The API on a clean graph."""
    return app_client
