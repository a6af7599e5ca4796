"""CRUD through the real API on the real database."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.database import Database
from tests.tokens import bearer


def _org(client: TestClient, org_id: str, **extra: object) -> None:
    body = {"id": org_id, "name": f"Organisation {org_id}", "kind": "command", **extra}
    assert client.post("/api/v1/organisations", json=body).status_code == 201


def test_create_read_update_delete(client: TestClient) -> None:
    body = {
        "id": "nld-jfc",
        "name": "Netherlands Joint Force Command",
        "abbreviation": "NLD JFC",
        "kind": "command",
        "ll_body": True,
    }
    created = client.post("/api/v1/organisations", json=body)
    assert created.status_code == 201
    assert created.headers["Location"] == "/api/v1/organisations/nld-jfc"
    node = created.json()
    assert node["classification"] == "ONGERUBRICEERD"
    assert node["version"] == 1
    assert node["created_at"]

    assert client.post("/api/v1/organisations", json=body).status_code == 409

    fetched = client.get("/api/v1/organisations/nld-jfc").json()
    assert fetched["abbreviation"] == "NLD JFC"
    assert fetched["relationships"] == []

    patched = client.patch("/api/v1/organisations/nld-jfc", json={"abbreviation": None, "ll_body": False})
    assert patched.status_code == 200
    assert patched.json()["version"] == 2
    assert patched.json()["abbreviation"] is None
    assert patched.json()["ll_body"] is False

    stale = client.patch("/api/v1/organisations/nld-jfc", json={"name": "x"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert client.get("/api/v1/organisations/nld-jfc").json()["name"] == "Netherlands Joint Force Command"

    assert client.patch("/api/v1/organisations/nld-jfc", json={"name": None}).status_code == 422
    assert client.delete("/api/v1/organisations/nld-jfc").status_code == 204
    assert client.get("/api/v1/organisations/nld-jfc").status_code == 404
    assert client.delete("/api/v1/organisations/nld-jfc").status_code == 404


def test_list_filters_search_and_pages(client: TestClient) -> None:
    for i in range(5):
        _org(client, f"org-{i}", ll_body=i % 2 == 0)
    _org(client, "ivd", name="Inspectie Veiligheid Defensie", kind="inspectorate")

    page = client.get("/api/v1/organisations", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 6
    assert page["limit"] == 2
    assert page["offset"] == 1
    assert [item["id"] for item in page["items"]] == ["org-0", "org-1"]

    ll = client.get("/api/v1/organisations", params={"ll_body": "true"}).json()
    assert sorted(item["id"] for item in ll["items"]) == ["org-0", "org-2", "org-4"]

    kind = client.get("/api/v1/organisations", params={"kind": "inspectorate"}).json()
    assert [item["id"] for item in kind["items"]] == ["ivd"]

    # The Dutch analyzer stems: "veiligheid" finds "Veiligheid".
    found = client.get("/api/v1/organisations", params={"q": "veiligheid"}).json()
    assert [item["id"] for item in found["items"]] == ["ivd"]
    # Lucene syntax in user text is searched as text, not parsed.
    assert client.get("/api/v1/organisations", params={"q": 'a:"(b'}).status_code == 200


def test_bad_filters_are_named(client: TestClient) -> None:
    bad = client.get("/api/v1/actions", params={"status": "done"})
    assert bad.status_code == 422
    detail = bad.json()["error"]["details"][0]
    assert detail["location"] == "query.status"
    assert "in_progress" in detail["accepted"]
    unknown = client.get("/api/v1/actions", params={"colour": "red"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["location"] == "query.colour"


def test_relationships_follow_the_domain_and_cardinalities(client: TestClient) -> None:
    _org(client, "dops")
    _org(client, "nld-jfc")
    action = {"id": "sop-mission-safety", "title": "Revised SOP", "status": "in_progress", "owner": "dops"}
    assert client.post("/api/v1/actions", json=action).status_code == 201

    rel = {
        "type": "OWNED_BY",
        "from": {"label": "Action", "id": "sop-mission-safety"},
        "to": {"label": "Organisation", "id": "nld-jfc"},
    }
    second = client.post("/api/v1/relationships", json=rel)
    assert second.status_code == 409
    assert "PUT" in second.json()["error"]["message"]
    replaced = client.put("/api/v1/relationships", json=rel)
    assert replaced.status_code == 200
    assert replaced.json()["replaced"] is True
    rels = client.get("/api/v1/actions/sop-mission-safety").json()["relationships"]
    assert [(r["type"], r["id"]) for r in rels] == [("OWNED_BY", "nld-jfc")]
    again = client.put("/api/v1/relationships", json=rel)
    assert again.status_code == 200
    assert again.json()["replaced"] is False, "PUT is idempotent"
    kept = client.request("DELETE", "/api/v1/relationships", json=rel)
    assert kept.status_code == 409, "an Action keeps its owner"
    assert "PUT" in kept.json()["error"]["message"]

    wrong = {**rel, "type": "OWNED_BY", "to": {"label": "Mission", "id": "rsm"}}
    refused = client.post("/api/v1/relationships", json=wrong)
    assert refused.status_code == 422
    detail = refused.json()["error"]["details"][0]
    assert detail["location"] == "body.to.label"
    assert detail["accepted"] == ["Organisation"], "(Action)-[:OWNED_BY]->(Organisation) is the only pattern"

    unknown = client.post("/api/v1/relationships", json={**rel, "type": "LIKES"})
    assert unknown.status_code == 422
    assert "OWNED_BY" in unknown.json()["error"]["details"][0]["accepted"]

    succession = {
        "type": "SUCCEEDED_BY",
        "from": {"label": "Organisation", "id": "dops"},
        "to": {"label": "Organisation", "id": "nld-jfc"},
        "properties": {"date": "2025"},
    }
    assert client.post("/api/v1/relationships", json=succession).status_code == 201
    assert client.post("/api/v1/relationships", json=succession).status_code == 409
    assert client.request("DELETE", "/api/v1/relationships", json=succession).status_code == 204
    assert client.request("DELETE", "/api/v1/relationships", json=succession).status_code == 404


def test_convenience_create_is_one_transaction(client: TestClient) -> None:
    _org(client, "ivd")
    bad = {"id": "if-ivd-jfc", "name": "IVD to NLD JFC", "kind": "lessons", "from": "ivd", "to": "nld-jfc"}
    refused = client.post("/api/v1/interfaces", json=bad)
    assert refused.status_code == 404, "it refers to a node that does not exist"
    assert refused.json()["error"]["details"][0]["location"] == "body.to"
    assert client.get("/api/v1/interfaces/if-ivd-jfc").status_code == 404, "nothing half-written"

    _org(client, "nld-jfc")
    assert client.post("/api/v1/interfaces", json=bad).status_code == 201
    rels = client.get("/api/v1/interfaces/if-ivd-jfc").json()["relationships"]
    assert sorted((r["type"], r["id"], r["direction"]) for r in rels) == [
        ("FROM", "ivd", "out"),
        ("TO", "nld-jfc", "out"),
    ]


def test_bad_input_names_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/actions", json={"id": "a1", "title": "t", "status": "done", "due": "2026-02-30"})
    assert response.status_code == 422
    locations = {d["location"] for d in response.json()["error"]["details"]}
    assert locations == {"body.status", "body.due"}
    missing = client.post("/api/v1/missions", json={"id": "rsm"})
    assert [d["location"] for d in missing.json()["error"]["details"]] == ["body.name"]
    bad_id = client.post("/api/v1/themes", json={"id": "Not A Slug", "name": "x"})
    assert bad_id.status_code == 422
    assert bad_id.json()["error"]["details"][0]["location"] == "body.id"


def test_hostile_text_is_stored_verbatim_and_changes_nothing_else(client: TestClient, db: Database) -> None:
    _org(client, "victim")
    _org(client, "bystander")
    rel = {
        "type": "PART_OF",
        "from": {"label": "Organisation", "id": "victim"},
        "to": {"label": "Organisation", "id": "bystander"},
    }
    assert client.post("/api/v1/relationships", json=rel).status_code == 201
    before = db.read("graph_counts")[0]
    hostile = "x'}) MATCH (n) DETACH DELETE n // `a` {b} \" \\ ;"
    created = client.post("/api/v1/findings", json={"id": "f1", "text": hostile})
    assert created.status_code == 201
    assert client.get("/api/v1/findings/f1").json()["text"] == hostile
    patched = client.patch("/api/v1/organisations/victim", json={"abbreviation": hostile})
    assert patched.status_code == 200
    assert patched.json()["abbreviation"] == hostile
    assert client.get("/api/v1/findings", params={"q": hostile}).status_code == 200
    assert client.get("/api/v1/organisations", params={"abbreviation": hostile}).json()["total"] == 1
    after = db.read("graph_counts")[0]
    assert after == {"nodes": before["nodes"] + 1, "relationships": before["relationships"]}


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    huge = {"id": "big", "text": "x" * (21 * 1024 * 1024)}
    response = client.post("/api/v1/findings", json=huge)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_concurrent_owners_cannot_both_win(client: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    for org in ("o1", "o2", "o3", "o4"):
        _org(client, org)
    assert client.post("/api/v1/actions", json={"id": "a", "title": "t", "status": "planned"}).status_code == 201

    def own(org: str) -> int:
        rel = {"type": "OWNED_BY", "from": {"label": "Action", "id": "a"}, "to": {"label": "Organisation", "id": org}}
        return int(client.post("/api/v1/relationships", json=rel).status_code)

    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(own, ["o1", "o2", "o3", "o4"]))
    assert codes == [201, 409, 409, 409]
    owners = [r for r in client.get("/api/v1/actions/a").json()["relationships"] if r["type"] == "OWNED_BY"]
    assert len(owners) == 1


def test_an_action_addresses_each_recommendation_once(client: TestClient) -> None:
    client.post("/api/v1/recommendations", json={"id": "r1", "text": "t", "kind": "lesson"})
    body = {"id": "a", "title": "t", "status": "planned", "addresses": ["r1", "r1"]}
    assert client.post("/api/v1/actions", json=body).status_code == 201
    rels = client.get("/api/v1/actions/a").json()["relationships"]
    assert [(r["type"], r["id"]) for r in rels] == [("ADDRESSES", "r1")]


def test_search_operators_and_blank_queries(client: TestClient) -> None:
    _org(client, "ivd", name="Inspectie Veiligheid Defensie", kind="inspectorate")
    for text in ("NOT", "foo AND", "OR OR", "veiligheid AND"):
        response = client.get("/api/v1/organisations", params={"q": text})
        assert response.status_code == 200, text
    assert client.get("/api/v1/organisations", params={"q": "veiligheid AND"}).json()["total"] == 1
    blank = client.get("/api/v1/organisations", params={"q": "   "})
    assert blank.status_code == 422
    assert blank.json()["error"]["details"][0]["location"] == "query.q"


def test_a_missing_database_is_a_503_that_says_so(settings: object) -> None:
    from app.main import create_app
    from app.settings import Settings

    assert isinstance(settings, Settings)
    wrong = settings.model_copy(update={"neo4j_database": "nosuchdb"})
    with TestClient(create_app(wrong), raise_server_exceptions=False, headers=bearer(wrong)) as client:
        response = client.get("/api/v1/missions")
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "database_unavailable"
    assert "does not exist" in error["message"]
    assert response.headers["Retry-After"]
