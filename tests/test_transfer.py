"""Import and export through the API: all or nothing, idempotent, byte-stable."""

from __future__ import annotations

import copy
from typing import Any

from fastapi.testclient import TestClient

from graph.database import Database

DOC: dict[str, Any] = {
    "format": "lessons-graph/1",
    "nodes": [
        {"label": "Organisation", "id": "dops", "properties": {"name": "Directie Operaties", "kind": "command"}},
        {
            "label": "Organisation",
            "id": "nld-jfc",
            "properties": {
                "name": "Netherlands Joint Force Command",
                "abbreviation": "NLD JFC",
                "kind": "command",
                "ll_body": True,
                "created_at": "ignored",
                "version": 99,
            },
        },
        {
            "label": "Mission",
            "id": "rsm",
            "properties": {
                "name": "Resolute Support",
                "acronym": "RSM",
                "led_by": "NATO",
                "start": "2015-01",
                "end": "2021-09",
                "article100": True,
            },
        },
        {
            "label": "Action",
            "id": "a1",
            "properties": {
                "title": "Revised SOP",
                "status": "in_progress",
                "classification": "DEPARTEMENTAAL_VERTROUWELIJK",
            },
        },
        {
            "label": "Document",
            "id": "doc-1",
            "properties": {
                "title": "Kamerbrief",
                "kind": "kamerbrief",
                "reference": "Kamerstuk 33 763, nr. 175",
                "date": "2026-03-25",
            },
        },
    ],
    "relationships": [
        {
            "type": "SUCCEEDED_BY",
            "from": {"label": "Organisation", "id": "dops"},
            "to": {"label": "Organisation", "id": "nld-jfc"},
            "properties": {"date": "2025"},
        },
        {
            "type": "OWNED_BY",
            "from": {"label": "Action", "id": "a1"},
            "to": {"label": "Organisation", "id": "nld-jfc"},
            "properties": {},
        },
        {
            "type": "SOURCED_FROM",
            "from": {"label": "Action", "id": "a1"},
            "to": {"label": "Document", "id": "doc-1"},
            "properties": {"quote": "Het Commando's `x` {y} // z"},
        },
    ],
}


def test_import_then_again_changes_nothing(client: TestClient) -> None:
    first = client.post("/api/v1/import", json=DOC)
    assert first.status_code == 200, first.text
    assert first.json()["nodes_created"] == 5
    assert first.json()["relationships_created"] == 3
    export_one = client.get("/api/v1/export").content
    node = client.get("/api/v1/organisations/nld-jfc").json()

    second = client.post("/api/v1/import", json=DOC).json()
    assert (second["nodes_created"], second["nodes_updated"]) == (0, 0)
    assert (second["relationships_created"], second["relationships_updated"]) == (0, 0)
    assert client.get("/api/v1/export").content == export_one
    again = client.get("/api/v1/organisations/nld-jfc").json()
    assert (again["version"], again["updated_at"]) == (node["version"], node["updated_at"]) == (1, node["created_at"])


def test_import_updates_changed_properties(client: TestClient) -> None:
    client.post("/api/v1/import", json=DOC)
    changed = copy.deepcopy(DOC)
    changed["nodes"][3]["properties"]["status"] = "implemented"
    result = client.post("/api/v1/import", json=changed).json()
    assert (result["nodes_created"], result["nodes_updated"]) == (0, 1)
    action = client.get("/api/v1/actions/a1").json()
    assert action["status"] == "implemented"
    assert action["version"] == 2


def test_export_import_export_is_byte_identical(client: TestClient, db: Database) -> None:
    client.post("/api/v1/import", json=DOC)
    exported = client.get("/api/v1/export")
    assert exported.headers["content-type"].startswith("application/json")
    document = exported.json()
    assert "created_at" not in document["nodes"][0]["properties"]
    assert client.post("/api/v1/import", json=document).status_code == 200

    db.write("graph_clear")
    assert client.get("/api/v1/export").json()["nodes"] == []
    assert client.post("/api/v1/import", json=document).status_code == 200
    assert client.get("/api/v1/export").content == exported.content


def test_a_bad_document_writes_nothing_and_names_every_bad_record(client: TestClient) -> None:
    bad = copy.deepcopy(DOC)
    bad["nodes"][2]["properties"]["led_by"] = "OSCE"
    bad["nodes"].append({"label": "Ship", "id": "x", "properties": {}})
    bad["relationships"].append(
        {
            "type": "OWNED_BY",
            "from": {"label": "Action", "id": "a1"},
            "to": {"label": "Organisation", "id": "dops"},
            "properties": {},
        }
    )
    bad["relationships"].append(
        {
            "type": "PRECEDED_BY",
            "from": {"label": "Mission", "id": "rsm"},
            "to": {"label": "Organisation", "id": "dops"},
            "properties": {},
        }
    )
    response = client.post("/api/v1/import", json=bad)
    assert response.status_code == 422
    locations = {d["location"] for d in response.json()["error"]["details"]}
    assert locations == {"nodes[2].properties.led_by", "nodes[5].label", "relationships[3]", "relationships[4]"}
    assert client.get("/api/v1/export").json()["nodes"] == [], "nothing was written"


def test_dangling_ends_are_refused_unless_the_graph_has_them(client: TestClient) -> None:
    partial = {"format": "lessons-graph/1", "nodes": [], "relationships": [DOC["relationships"][0]]}
    refused = client.post("/api/v1/import", json=partial)
    assert refused.status_code == 422
    assert {d["location"] for d in refused.json()["error"]["details"]} == {
        "relationships[0].from",
        "relationships[0].to",
    }

    client.post("/api/v1/import", json={**DOC, "relationships": []})
    assert client.post("/api/v1/import", json=partial).json()["relationships_created"] == 1


def test_a_second_owner_from_the_graph_is_refused(client: TestClient) -> None:
    client.post("/api/v1/import", json=DOC)
    other_owner = {
        "format": "lessons-graph/1",
        "nodes": [],
        "relationships": [
            {"type": "OWNED_BY", "from": {"label": "Action", "id": "a1"}, "to": {"label": "Organisation", "id": "dops"}}
        ],
    }
    response = client.post("/api/v1/import", json=other_owner)
    assert response.status_code == 422
    assert "already has OWNED_BY" in response.json()["error"]["details"][0]["message"]


def test_not_a_document(client: TestClient) -> None:
    response = client.post("/api/v1/import", json={"format": "other", "nodes": {}})
    assert response.status_code == 422
    assert {d["location"] for d in response.json()["error"]["details"]} == {"format", "nodes"}


def test_a_large_document_commits_in_batches_with_the_same_result(db: object) -> None:
    from app.interchange import parse_document
    from graph.actor import SYSTEM
    from graph.database import Database
    from graph.synth import summarize, synthesize
    from graph.transfer import canonical_json, export_document, import_document

    assert isinstance(db, Database)
    document = synthesize(1, seed=11)
    counts = summarize(document)
    valid = parse_document(document)
    batched = import_document(db, valid, SYSTEM, single_transaction_max=10)
    assert (batched.nodes_created, batched.relationships_created) == (counts["nodes"], counts["relationships"])
    exported = canonical_json(export_document(db, SYSTEM))

    again = import_document(db, valid, SYSTEM, single_transaction_max=10)
    assert (again.nodes_created, again.nodes_updated, again.relationships_created, again.relationships_updated) == (
        0,
        0,
        0,
        0,
    )
    db.write("graph_clear")
    import_document(db, valid, SYSTEM)  # one transaction
    assert canonical_json(export_document(db, SYSTEM)) == exported


def test_a_partial_document_does_not_reset_what_it_omits(client: TestClient) -> None:
    secret = {
        "format": "lessons-graph/1",
        "relationships": [],
        "nodes": [
            {
                "label": "Interface",
                "id": "if-x",
                "properties": {"name": "x", "kind": "lessons", "formalised": True, "classification": "STG_GEHEIM"},
            }
        ],
    }
    client.post("/api/v1/import", json=secret)
    partial = {
        "format": "lessons-graph/1",
        "relationships": [],
        "nodes": [{"label": "Interface", "id": "if-x", "properties": {"name": "x renamed", "kind": "lessons"}}],
    }
    assert client.post("/api/v1/import", json=partial).json()["nodes_updated"] == 1
    node = client.get("/api/v1/interfaces/if-x").json()
    assert (node["name"], node["formalised"], node["classification"]) == ("x renamed", True, "STG_GEHEIM")
    fresh = {
        "format": "lessons-graph/1",
        "relationships": [],
        "nodes": [{"label": "Interface", "id": "if-y", "properties": {"name": "y", "kind": "lessons"}}],
    }
    client.post("/api/v1/import", json=fresh)
    created = client.get("/api/v1/interfaces/if-y").json()
    assert (created["formalised"], created["classification"]) == (False, "ONGERUBRICEERD"), "defaults on creation"


def test_patch_keeps_the_field_constraints(client: TestClient) -> None:
    client.post("/api/v1/organisations", json={"id": "o", "name": "O", "kind": "unit"})
    for bad in ({"name": ""}, {"name": "x" * 20001}, {"active_from": "2020-13"}):
        response = client.patch("/api/v1/organisations/o", json=bad)
        assert response.status_code == 422, bad
        assert response.json()["error"]["details"][0]["location"] == f"body.{next(iter(bad))}"
    assert client.get("/api/v1/organisations/o").status_code == 200
