"""The local Neo4j from Maven Central: start, idempotent start, stop, and an outage under a
running app. These servers are private to the test (own home, own free port)."""

from __future__ import annotations

import http.server
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError

from app.main import create_app
from graph.console_runner import run_read
from graph.database import ConnectionInfo, Database
from graph.errors import LocalServerError, QueryRefused
from graph.local_server import LocalNeo4j
from tests.neo4j_provider import local_test_server, settings_for
from tests.tokens import bearer

pytestmark = pytest.mark.lifecycle


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    server = local_test_server(tmp_path_factory.mktemp("lifecycle") / "neo4j")
    yield server
    server.stop()


def test_start_is_idempotent_and_stop_is_clean(server: LocalNeo4j) -> None:
    assert not server.status().running
    first = server.start()
    assert first.running
    assert first.pid is not None
    second = server.start()
    assert second.pid == first.pid, "a second start must find the running server"
    assert server.stop() is True
    status = server.status()
    assert not status.running
    assert status.pid is None
    assert server.stop() is False


def test_the_server_is_private_and_quiet(server: LocalNeo4j) -> None:
    server.start()
    mode = stat.S_IMODE(server.password_file.stat().st_mode)
    assert mode == 0o600, "the generated password is readable only by its owner"
    conf = (server.home / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "dbms.security.auth_enabled=true" in conf
    for directory in (server.home, server.home / "data"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    readable = [
        str(path)
        for path in (server.home / "data").rglob("*")
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077
    ]
    assert readable == [], "the store and auth files are the owner's only"


def test_the_server_is_hardened_for_the_console(server: LocalNeo4j) -> None:
    """Each setting is accepted by the started server (an unknown one stops the start) and
    does what it is there for, even for a client that skips the console's checks."""
    server.start()
    (server.home / "import" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        def log_message(self, *args: object) -> None:
            pass

    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    info = ConnectionInfo(server.uri, "neo4j", server.password(), "neo4j")
    try:
        with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
            names = [
                "db.transaction.timeout",
                "db.memory.transaction.max",
                "dbms.security.allow_csv_import_from_file_urls",
            ]
            shown = driver.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=names
            )
            assert {r["name"]: r["value"] for r in shown.records} == {
                "db.transaction.timeout": "15m",
                "db.memory.transaction.max": "512.00MiB",
                "dbms.security.allow_csv_import_from_file_urls": "false",
            }
            with pytest.raises(Neo4jError, match="allow_csv_import_from_file_urls"):
                driver.execute_query("LOAD CSV FROM 'file:///data.csv' AS line RETURN line")
            url = f"http://127.0.0.1:{web.server_address[1]}/data.csv"
            with pytest.raises(Neo4jError, match="cypher_ip_blocklist"):
                driver.execute_query("LOAD CSV FROM $url AS line RETURN line", url=url)
            assert hits == [], "the server never reached the address"
            db = Database(driver, "neo4j")
            with pytest.raises(QueryRefused) as hungry:
                run_read(db, "UNWIND range(1, 200000000) AS x RETURN size(collect(x)) AS n", {}, timeout=60, max_rows=1)
            assert hungry.value.reason == "memory", "a transaction may use half the heap, no more"
    finally:
        web.shutdown()
        web.server_close()


def test_a_plugin_stops_the_start(tmp_path: Path) -> None:
    server = local_test_server(tmp_path / "with-plugin")
    (server.home / "plugins").mkdir(parents=True)
    (server.home / "plugins" / "apoc.jar").write_bytes(b"")
    with pytest.raises(LocalServerError, match="without plugins"):
        server.start()
    assert not server.status().running


def test_outage_gives_503_and_the_app_recovers(server: LocalNeo4j) -> None:
    server.start()
    info = ConnectionInfo(server.uri, "neo4j", server.password(), "neo4j")
    with TestClient(
        create_app(settings_for(info)), raise_server_exceptions=False, headers=bearer(settings_for(info))
    ) as client:
        assert client.get("/ready").status_code == 200

        server.stop()
        for path in ("/ready", "/api/v1/organisations", "/api/v1/analysis/ll-stages", "/api/v1/export"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == "2"
            error = response.json()["error"]
            assert error["code"] == "database_unavailable"
            assert "Traceback" not in response.text
            assert "MATCH" not in response.text
        assert client.get("/health").status_code == 200, "liveness does not depend on Neo4j"

        refused = client.post("/api/v1/themes", json={"id": "t", "name": "kept out"})
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "2"

        server.start()
        # Within the outage pause (1 s) after the last failure the service still answers 503
        # without asking Neo4j; it recovers by itself once the pause is over.
        deadline = time.monotonic() + 10
        response = client.get("/ready")
        while response.status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
            response = client.get("/ready")
        assert response.status_code == 200, response.text
        assert client.post("/api/v1/themes", json={"id": "t", "name": "after"}).status_code == 201
        assert client.get("/api/v1/themes/t").json()["name"] == "after"


def test_an_app_started_before_neo4j_waits_and_recovers(server: LocalNeo4j) -> None:
    server.start()
    info = ConnectionInfo(server.uri, "neo4j", server.password(), "neo4j")
    server.stop()
    with TestClient(
        create_app(settings_for(info)), raise_server_exceptions=False, headers=bearer(settings_for(info))
    ) as client:
        assert client.get("/health").status_code == 200
        response = client.get("/api/v1/missions")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "database_unavailable"
        server.start()
        assert client.get("/ready").status_code == 200
        assert client.get("/api/v1/missions").status_code == 200


def test_missing_password_file_is_explained(tmp_path: Path) -> None:
    server = local_test_server(tmp_path / "never-started")
    with pytest.raises(LocalServerError, match="kg neo4j start"):
        server.password()


def test_missing_java_or_maven_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither java nor mvn on it
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no cached classpath either
    server = local_test_server(tmp_path / "no-java")
    with pytest.raises(LocalServerError, match="apt-get install openjdk-17-jdk-headless maven"):
        server.start()
    assert not server.status().running


def test_concurrent_starts_make_one_server(server: LocalNeo4j) -> None:
    from concurrent.futures import ThreadPoolExecutor

    server.stop()
    with ThreadPoolExecutor(2) as pool:
        pids = {status.pid for status in pool.map(lambda _: server.start(), range(2))}
    assert len(pids) == 1
    running = [cmd for cmd in _command_lines() if "CommunityEntryPoint" in cmd and str(server.home) in cmd]
    assert len(running) == 1
    server.stop()


def _command_lines() -> list[str]:
    lines = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with suppress(OSError):  # the process ended while we looked
                lines.append((proc / "cmdline").read_bytes().decode(errors="replace"))
    return lines
