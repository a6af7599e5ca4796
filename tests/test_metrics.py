"""GET /metrics: the Prometheus text format (parsed with the client library's own parser),
route templates as labels and never ids, answer-cache hits and misses, the graph version,
console rejections by reason; behind a token, on a loopback port of its own, or off."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from app.connection import free_port
from app.main import create_app
from app.settings import Settings
from graph.database import Database
from tests.graphs import GraphBuilder
from tests.tokens import bearer

API = "/api/v1"
TOKEN = "a-scraper-token-of-some-length"  # noqa: S105  # the tests' own
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


def _samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Every sample by its name (``http_requests_total``), with its labels and value."""
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append((dict(sample.labels), float(sample.value)))
    return out


def _value(samples: dict[str, list[tuple[dict[str, str], float]]], name: str, **labels: str) -> float:
    return sum(value for found, value in samples.get(name, []) if labels.items() <= found.items())


@pytest.fixture
def scraped(settings: Settings, db: Database) -> Iterator[TestClient]:
    """An app of its own (its own registry, counting from zero) with a metrics token."""
    with TestClient(
        create_app(settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})),
        raise_server_exceptions=False,
        headers=bearer(settings),
    ) as client:
        g = GraphBuilder()
        g.org("ivd")
        g.org("nld-jfc")
        g.interface("if-ivd-jfc", "ivd", "nld-jfc")
        assert client.post(f"{API}/import", json=g.document()).status_code == 200
        yield client


def _scrape(client: TestClient) -> Any:
    response = client.get("/metrics", headers=SCRAPER)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return _samples(response.text)


def test_requests_are_counted_by_route_template_never_by_id(scraped: TestClient) -> None:
    assert scraped.get(f"{API}/organisations/ivd").status_code == 200
    assert scraped.get(f"{API}/organisations/nld-jfc").status_code == 200
    assert scraped.get(f"{API}/organisations/no-such-org").status_code == 404
    assert scraped.get(f"{API}/no/such/path").status_code == 404
    samples = _scrape(scraped)
    template = f"{API}/organisations/{{node_id}}"
    assert _value(samples, "http_requests_total", handler=template, method="GET", status="200") == 2
    assert _value(samples, "http_requests_total", handler=template, method="GET", status="404") == 1
    assert _value(samples, "http_requests_total", handler="none", status="404") == 1
    assert _value(samples, "http_request_duration_seconds_count", handler=template, status="200") == 2
    label_values = {value for series in samples.values() for labels, _ in series for value in labels.values()}
    for node_id in ("ivd", "nld-jfc", "no-such-org", "/api/v1/no/such/path"):
        assert not any(node_id in value for value in label_values), node_id
    assert not any(labels.get("handler") == "/metrics" for labels, _ in samples["http_requests_total"])


def test_answer_cache_hits_misses_and_cold_seconds(scraped: TestClient) -> None:
    for _ in range(3):
        assert scraped.get(f"{API}/analysis/network").status_code == 200
    samples = _scrape(scraped)
    assert _value(samples, "kg_answer_cache_misses_total", answer="network") == 1
    assert _value(samples, "kg_answer_cache_hits_total", answer="network") == 2
    assert _value(samples, "kg_answer_compute_seconds_count", answer="network") == 1
    assert _value(samples, "kg_answer_compute_seconds_sum", answer="network") > 0


def test_graph_version_pool_and_console(scraped: TestClient, db: Database) -> None:
    assert scraped.post(f"{API}/query", json={"cypher": "CREATE (:Probe)"}).status_code == 422
    assert scraped.post(f"{API}/query", json={"cypher": "SHOW TRANSACTIONS"}).status_code == 422
    assert scraped.post(f"{API}/query", json={"cypher": "RETURN 1"}).status_code == 200
    samples = _scrape(scraped)
    assert _value(samples, "kg_graph_version") == db.graph_version()
    assert samples["kg_db_calls_in_progress"][0][1] >= 0
    assert _value(samples, "kg_console_rejections_total", reason="query_type") == 1
    assert _value(samples, "kg_console_rejections_total", reason="operator") == 1
    assert _value(samples, "kg_console_rejections_total", reason="rate_limit") == 0, "every reason, from zero"
    assert _value(samples, "kg_console_answered_total") == 1


def test_the_token_is_required(scraped: TestClient) -> None:
    scraped.headers.pop("Authorization")
    assert scraped.get("/metrics").status_code == 401
    assert scraped.get("/metrics", headers={"Authorization": "Bearer wrong-token-of-some-length"}).status_code == 401
    assert scraped.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert scraped.get("/metrics", headers=SCRAPER).status_code == 200
    assert "/metrics" not in scraped.get("/openapi.json").json()["paths"]


def test_off_without_a_setting_and_on_a_loopback_port(settings: Settings, session_db: Database) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/metrics", headers=SCRAPER).status_code == 404
    port = free_port()
    with TestClient(create_app(settings.model_copy(update={"metrics_port": port})), headers=bearer(settings)) as client:
        assert client.get(f"{API}/stats").status_code == 200
        assert client.get("/metrics", headers=SCRAPER).status_code == 404, "not on the API's port"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
            samples = _samples(answer.read().decode())
        assert _value(samples, "http_requests_total", handler=f"{API}/stats", status="200") == 1
    with pytest.raises(urllib.error.URLError), urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2):
        pass  # stopped with the app


def test_a_token_must_be_a_real_secret() -> None:
    with pytest.raises(ValueError, match="KG_METRICS_TOKEN"):
        Settings.model_validate({"metrics_token": "short"})
