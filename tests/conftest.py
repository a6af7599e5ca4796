"""Fixtures: one real Neo4j per session, a clean graph per test, the app on top of it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi.testclient import TestClient

from app.connection import free_port
from app.main import create_app
from app.settings import Settings
from graph.database import ConnectionInfo, Database, create_driver
from graph.schema import apply_schema
from tests.neo4j_provider import provide_neo4j, settings_for
from tests.tokens import bearer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test is ``neo4j`` (it needs a database or Java) or ``unit`` (it needs neither),
    decided by what it uses, so that ``pytest -m unit`` runs in seconds anywhere."""
    for item in items:
        needs_neo4j = "neo4j_info" in getattr(item, "fixturenames", ()) or item.get_closest_marker("lifecycle")
        item.add_marker(pytest.mark.neo4j if needs_neo4j else pytest.mark.unit)


@pytest.fixture(scope="session")
def neo4j_info(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionInfo]:
    with provide_neo4j(tmp_path_factory.mktemp("session")) as (info, how):
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"Neo4j for this session: {info.redacted()} via {how}")
        yield info


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
    """The app, as an administrator cleared for everything (tests of access set their own)."""
    with TestClient(create_app(settings), raise_server_exceptions=False, headers=bearer(settings)) as client:
        yield client


@pytest.fixture(scope="session")
def live_url(settings: Settings, session_db: Database) -> Iterator[str]:
    """The service over real HTTP: uvicorn in a thread on a free loopback port, for clients
    that are not in this process's ASGI (a browser, schemathesis)."""
    port = free_port()
    live = settings.model_copy(update={"allowed_hosts": ["127.0.0.1", "localhost"]})
    server = uvicorn.Server(uvicorn.Config(create_app(live), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def client(app_client: TestClient, db: Database) -> TestClient:
    """The API on a clean graph (the app is told at once that the graph changed under it)."""
    app_client.app.state.versions.refresh()  # type: ignore[attr-defined]  # TestClient types its app as ASGI
    return app_client
