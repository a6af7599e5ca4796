"""GET /api/v1/export?format=graphml|csv on the seed graph through the real API: what
networkx, csv and zipfile read back is the visible graph the JSON export and the stats
describe; a low clearance sees no classified node; every export is audited."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.cli import SEED_FILE
from app.interchange import load_file, parse_document
from app.settings import Settings
from graph.actor import SYSTEM
from graph.database import Database
from graph.transfer import import_document
from tests.graphs import GraphBuilder
from tests.tokens import bearer

API = "/api/v1"


@pytest.fixture
def seeded(client: TestClient, db: Database) -> TestClient:
    import_document(db, parse_document(load_file(SEED_FILE)), SYSTEM)
    return client


def _csv_records(data: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str, str]]]:
    nodes, rels = [], []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            rows = csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline=""))
            kind, file = name.split("/")
            for row in rows:
                if kind == "nodes":
                    nodes.append((file.removesuffix(".csv"), row["id"]))
                else:
                    ends = (row["from_label"], row["from_id"], row["to_label"], row["to_id"])
                    rels.append((file.removesuffix(".csv"), *ends))
    return nodes, rels


def _json_records(document: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str, str]]]:
    nodes = [(n["label"], n["id"]) for n in document["nodes"]]
    rels = [
        (r["type"], r["from"]["label"], r["from"]["id"], r["to"]["label"], r["to"]["id"])
        for r in document["relationships"]
    ]
    return nodes, rels


def test_graphml_round_trips_with_the_counts_of_the_stats(seeded: TestClient) -> None:
    response = seeded.get(f"{API}/export", params={"format": "graphml"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/graphml+xml")
    assert 'filename="lessons-graph.graphml"' in response.headers["content-disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content))
    stats = seeded.get(f"{API}/stats").json()
    document = seeded.get(f"{API}/export").json()
    assert graph.number_of_nodes() == sum(stats["nodes"].values()) == len(document["nodes"])
    assert graph.number_of_edges() == len(document["relationships"])
    nld_jfc = graph.nodes["Organisation:nld-jfc"]
    assert nld_jfc["label"] == "Organisation"
    assert nld_jfc["ll_body"] is True
    json_nodes, json_rels = _json_records(document)
    assert {key.split(":", 1)[0] for key in graph.nodes} == {label for label, _ in json_nodes}
    edges = sorted((d["type"], u, v) for u, v, d in graph.edges(data=True))
    assert edges == sorted((t, f"{fl}:{fi}", f"{tl}:{ti}") for t, fl, fi, tl, ti in json_rels)


def test_the_csv_zip_holds_every_node_and_relationship_once(seeded: TestClient) -> None:
    response = seeded.get(f"{API}/export", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    nodes, rels = _csv_records(response.content)
    json_nodes, json_rels = _json_records(seeded.get(f"{API}/export").json())
    assert len(nodes) == len(set(nodes)), "each node once"
    assert len(rels) == len(set(rels)), "each relationship once"
    assert sorted(nodes) == sorted(json_nodes)
    assert sorted(rels) == sorted(json_rels)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        header = archive.read("nodes/Organisation.csv").decode("utf-8-sig").splitlines()[0]
    assert header == "id,classification,name,abbreviation,kind,ll_body,active_from,active_until"


def test_json_stays_the_default_and_byte_stable(seeded: TestClient) -> None:
    default = seeded.get(f"{API}/export")
    assert default.headers["content-type"].startswith("application/json")
    assert "content-disposition" not in default.headers
    assert seeded.get(f"{API}/export", params={"format": "json"}).content == default.content
    assert seeded.get(f"{API}/export", params={"format": "xlsx"}).status_code == 422


def test_a_low_clearance_exports_no_classified_node(client: TestClient, db: Database, settings: Settings) -> None:
    g = GraphBuilder()
    g.org("open")
    g.node("Organisation", "geheim", name="Geheime eenheid", kind="unit", classification="STG_GEHEIM")
    g.node("Theme", "vertrouwelijk", name="Vertrouwelijk thema", classification="DEPARTEMENTAAL_VERTROUWELIJK")
    g.interface("if-open-geheim", "open", "geheim")
    assert client.post(f"{API}/import", json=g.document()).status_code == 200
    low = bearer(settings, "analyst", "ONGERUBRICEERD")
    graph = nx.read_graphml(io.BytesIO(client.get(f"{API}/export", params={"format": "graphml"}, headers=low).content))
    assert sorted(graph.nodes) == ["Interface:if-open-geheim", "Organisation:open"]
    assert [d["type"] for _, _, d in graph.edges(data=True)] == ["FROM"], "no edge to a hidden node"
    zipped = client.get(f"{API}/export", params={"format": "csv"}, headers=low).content
    nodes, rels = _csv_records(zipped)
    assert sorted(nodes) == [("Interface", "if-open-geheim"), ("Organisation", "open")]
    assert [r[0] for r in rels] == ["FROM"]
    assert b"Geheime" not in zipped


def test_every_export_is_audited(client: TestClient, settings: Settings) -> None:
    who = bearer(settings, "analyst", "STG_GEHEIM", subject="export-auditee")
    for fmt in ("json", "graphml", "csv"):
        assert client.get(f"{API}/export", params={"format": fmt}, headers=who).status_code == 200
    records = client.get(f"{API}/audit", params={"subject": "export-auditee"}).json()["items"]
    assert sorted(r["target_id"] for r in records) == ["csv", "graphml", "json"]
    assert {r["operation"] for r in records} == {"export"}
    assert all(r["after"] == {"nodes": 0, "relationships": 0} for r in records)
