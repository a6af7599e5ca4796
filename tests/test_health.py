"""Liveness, readiness and the error shape, through the real app on the real database."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.schema import SCHEMA_VERSION


def test_health_says_the_process_is_alive(client: TestClient) -> None:  # without Neo4j: test_local_server
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_the_applied_schema(client: TestClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "schema_version": SCHEMA_VERSION}


def test_unknown_route_is_a_json_error(client: TestClient) -> None:
    response = client.get("/no/such/thing")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "not_found"
    assert set(body["error"]) == {"code", "message", "details"}


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/ready"} <= set(paths)
