"""Access: identity (tokens and API keys), the authorisation matrix, clearance in every
answer and every write, the audit trail, CORS. Through the real API on the real Neo4j."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from app.auth.roles import Role
from app.connection import free_port
from app.main import create_app
from app.settings import Settings
from graph.database import ConnectionInfo
from tests.graphs import GraphBuilder
from tests.tokens import bearer, token_for

API = "/api/v1"
ROLES = list(Role)
LEVELS = ["ONGERUBRICEERD", "DEPARTEMENTAAL_VERTROUWELIJK", "STG_CONFIDENTIEEL", "STG_GEHEIM"]
COLLECTIONS = [
    "organisations",
    "missions",
    "evaluations",
    "findings",
    "recommendations",
    "responses",
    "actions",
    "interfaces",
    "documents",
    "themes",
]

# The authorisation matrix: every operation of the OpenAPI document and the least role it
# needs (None: open to anyone). An operation missing here fails the suite.
MATRIX: dict[tuple[str, str], Role | None] = {
    ("GET", "/health"): None,
    ("GET", "/ready"): None,
    ("GET", "/api/v1/me"): Role.viewer,
    ("GET", "/api/v1/admin/keys"): Role.admin,
    ("POST", "/api/v1/admin/keys"): Role.admin,
    ("DELETE", "/api/v1/admin/keys/{key_id}"): Role.admin,
    ("GET", "/api/v1/audit"): Role.admin,
    ("GET", "/api/v1/analysis/interfaces"): Role.viewer,
    ("GET", "/api/v1/analysis/interfaces-without-feedback"): Role.viewer,
    ("GET", "/api/v1/analysis/interfaces/{interface_id}/feedback"): Role.viewer,
    ("GET", "/api/v1/analysis/path"): Role.viewer,
    ("GET", "/api/v1/analysis/ll-stages"): Role.viewer,
    ("GET", "/api/v1/analysis/recommendations-without-follow-up"): Role.viewer,
    ("GET", "/api/v1/analysis/recurring-lessons"): Role.viewer,
    ("GET", "/api/v1/analysis/overdue-actions"): Role.viewer,
    ("GET", "/api/v1/organisations/{organisation_id}/responsibilities"): Role.viewer,
    ("GET", "/api/v1/missions/{mission_id}/lineage"): Role.viewer,
    ("GET", "/api/v1/analysis/network"): Role.viewer,
    ("GET", "/api/v1/stats"): Role.viewer,
    ("POST", "/api/v1/relationships"): Role.editor,
    ("PUT", "/api/v1/relationships"): Role.editor,
    ("DELETE", "/api/v1/relationships"): Role.editor,
    ("POST", "/api/v1/import"): Role.editor,
    ("GET", "/api/v1/export"): Role.analyst,
    ("POST", "/api/v1/query"): Role.analyst,
}
for _collection in COLLECTIONS:
    MATRIX[("GET", f"/api/v1/{_collection}")] = Role.viewer
    MATRIX[("GET", f"/api/v1/{_collection}/{{node_id}}")] = Role.viewer
    MATRIX[("POST", f"/api/v1/{_collection}")] = Role.editor
    MATRIX[("PATCH", f"/api/v1/{_collection}/{{node_id}}")] = Role.editor
    MATRIX[("DELETE", f"/api/v1/{_collection}/{{node_id}}")] = Role.editor

# What each request carries in the matrix run: path ids that exist, and bodies that may or
# may not be valid (a 404 or 422 shows the request got past authorisation).
_PATH_IDS = {"{node_id}": "x", "{key_id}": "0000000000000000", "{interface_id}": "x", "{organisation_id}": "x"}
_PATH_IDS["{mission_id}"] = "x"
_BODIES: dict[str, dict[str, Any]] = {"POST": {"id": "matrix-probe"}, "PUT": {}, "PATCH": {}, "DELETE": {}}


def _operations(client: TestClient) -> set[tuple[str, str]]:
    paths = client.get("/openapi.json").json()["paths"]
    return {(method.upper(), path) for path, ops in paths.items() for method in ops}


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> int:
    url = path
    for placeholder, value in _PATH_IDS.items():
        url = url.replace(placeholder, value)
    body: dict[str, Any] | None = _BODIES.get(method)
    if url.endswith("/relationships"):
        body = {"type": "TAGGED", "from": {"label": "Recommendation", "id": "r"}, "to": {"label": "Theme", "id": "t"}}
    return int(client.request(method, url, json=body, headers=headers).status_code)


@pytest.fixture
def anonymous(app_client: TestClient, client: TestClient, settings: Settings) -> Iterator[TestClient]:
    """The app, with no credential of its own: each request says who it is."""
    app_client.headers.pop("Authorization", None)
    yield app_client
    app_client.headers.update(bearer(settings))


def test_every_operation_is_in_the_matrix(client: TestClient) -> None:
    assert _operations(client) == set(MATRIX)


def test_the_authorisation_matrix(anonymous: TestClient, settings: Settings) -> None:
    headers = {role: bearer(settings, role, "STG_GEHEIM") for role in ROLES}
    for (method, path), least in sorted(MATRIX.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        anon = _call(anonymous, method, path, {})
        if least is None:
            assert anon not in {401, 403}, (method, path, anon)
            continue
        assert anon == 401, (method, path, anon)
        for role in ROLES:
            status = _call(anonymous, method, path, headers[role])
            if role.includes(least):
                assert status not in {401, 403}, (method, path, role, status)
            else:
                assert status == 403, (method, path, role, status)


def test_401_and_403_say_why_in_the_one_shape(anonymous: TestClient, settings: Settings) -> None:
    missing = anonymous.get(f"{API}/themes")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="lessons-graph"'
    assert set(missing.json()["error"]) == {"code", "message", "details"}
    assert missing.json()["error"]["code"] == "unauthenticated"
    assert missing.headers["X-Request-ID"]
    garbage = anonymous.get(f"{API}/themes", headers={"Authorization": "Bearer nonsense"})
    assert garbage.status_code == 401
    assert 'error="invalid_token"' in garbage.headers["WWW-Authenticate"]
    basic = anonymous.get(f"{API}/themes", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401
    viewer = anonymous.post(f"{API}/themes", json={"id": "t", "name": "t"}, headers=bearer(settings, "viewer"))
    assert viewer.status_code == 403
    assert viewer.json()["error"]["code"] == "forbidden"
    assert "editor" in viewer.json()["error"]["message"]


def test_tokens_must_be_valid_here(anonymous: TestClient, settings: Settings) -> None:
    now = int(time.time())
    good = jwt.decode(token_for(settings), options={"verify_signature": False})
    key = jwt.PyJWK.from_dict({**json.loads(RSAAlgorithm.to_jwk(rsa.generate_private_key(65537, 2048)))})
    cases = {
        "expired": {**good, "iat": now - 7200, "exp": now - 3600},
        "another issuer": {**good, "iss": "someone-else"},
        "another audience": {**good, "aud": "another-service"},
        "no expiry": {k: v for k, v in good.items() if k != "exp"},
    }
    from app.auth.signing import local_key

    own = local_key(settings.signing_key_file)
    for name, claims in cases.items():
        token = jwt.encode(claims, own.private, algorithm="ES256", headers={"kid": own.kid})
        response = anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
    forged = jwt.encode(good, key.key, algorithm="RS256", headers={"kid": own.kid})
    assert anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    none = jwt.encode(good, "", algorithm="none")
    assert anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {none}"}).status_code == 401
    no_role = jwt.encode({**good, "kg_role": "superuser"}, own.private, algorithm="ES256", headers={"kid": own.kid})
    assert anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {no_role}"}).status_code == 403
    me = anonymous.get(f"{API}/me", headers=bearer(settings, "analyst", "STG_CONFIDENTIEEL")).json()
    assert (me["role"], me["clearance"], me["via"]) == ("analyst", "STG_CONFIDENTIEEL", "token")


def test_kg_token_issue_prints_a_token_the_service_accepts(anonymous: TestClient, settings: Settings) -> None:
    env = {**os.environ, "KG_AUTH_KEY_FILE": str(settings.signing_key_file)}
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "token", "issue", "--role", "editor", "--clearance", "STG_CONFIDENTIEEL",
         "--sub", "alice", "--ttl", "1h"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    token = run.stdout.strip()
    assert run.stdout == token + "\n", "stdout holds the token and nothing else"
    me = anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {"subject": "alice", "role": "editor", "clearance": "STG_CONFIDENTIEEL", "via": "token"}


# -- API keys ---------------------------------------------------------------------------------
def test_api_keys_are_shown_once_stored_hashed_and_revoked_at_once(
    anonymous: TestClient, settings: Settings, neo4j_info: ConnectionInfo
) -> None:
    admin = bearer(settings, "admin", "STG_CONFIDENTIEEL")
    body = {"name": "dashboard", "role": "viewer", "clearance": "DEPARTEMENTAAL_VERTROUWELIJK"}
    issued = anonymous.post(f"{API}/admin/keys", json=body, headers=admin)
    assert issued.status_code == 201, issued.text
    key = issued.json()["key"]
    assert key.startswith("kg_")
    with_key = {"Authorization": f"Bearer {key}"}
    me = anonymous.get(f"{API}/me", headers=with_key).json()
    assert me == {"subject": "key:dashboard", "role": "viewer", "clearance": "DEPARTEMENTAAL_VERTROUWELIJK",
                  "via": "api_key"}  # fmt: skip
    assert anonymous.post(f"{API}/themes", json={"id": "t", "name": "t"}, headers=with_key).status_code == 403
    listed = anonymous.get(f"{API}/admin/keys", headers=admin).json()
    assert issued.json()["id"] in [k["id"] for k in listed]
    assert key not in json.dumps(listed)
    assert "hash" not in listed[0]
    assert anonymous.get(f"{API}/export", headers=admin).text.count("kg_") == 0, "keys are never exported"
    above = anonymous.post(f"{API}/admin/keys", json={**body, "clearance": "STG_GEHEIM"}, headers=admin)
    assert above.status_code == 403
    assert anonymous.delete(f"{API}/admin/keys/{issued.json()['id']}", headers=admin).status_code == 204
    assert anonymous.get(f"{API}/me", headers=with_key).status_code == 401
    tampered = key[:-2] + ("AA" if not key.endswith("AA") else "BB")
    assert anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {tampered}"}).status_code == 401
    expired = anonymous.post(f"{API}/admin/keys", json={**body, "expires": "2020-01-01"}, headers=admin).json()
    assert anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {expired['key']}"}).status_code == 401

    env = {**os.environ, "NEO4J_URI": neo4j_info.uri, "NEO4J_USER": neo4j_info.user,
           "NEO4J_PASSWORD": neo4j_info.password, "NEO4J_DATABASE": neo4j_info.database}  # fmt: skip
    kg = [sys.executable, "-m", "app.cli", "keys"]
    made = subprocess.run([*kg, "create", "--name", "script", "--role", "analyst", "--clearance", "ONGERUBRICEERD"],
                          env=env, capture_output=True, text=True, check=True)  # fmt: skip
    cli_key = made.stdout.strip()
    assert made.stdout == cli_key + "\n"
    assert anonymous.get(f"{API}/me", headers={"Authorization": f"Bearer {cli_key}"}).json()["role"] == "analyst"
    listing = subprocess.run([*kg, "list"], env=env, capture_output=True, text=True, check=True).stdout
    assert cli_key not in listing
    assert '"name": "script"' in listing


# -- the visible graph -----------------------------------------------------------------------
def _classified(client: TestClient) -> None:
    g = GraphBuilder()
    g.node("Organisation", "open", name="Open", kind="unit", ll_body=True)
    g.node("Organisation", "secret", name="Geheim", kind="unit", ll_body=True, classification="STG_GEHEIM")
    g.node("Finding", "f-secret", text="Geheime bevinding veiligheid", classification="STG_GEHEIM")
    g.node("Finding", "f-open", text="Open bevinding veiligheid")
    g.node("Action", "a", title="t", status="planned")
    g.rel("OWNED_BY", "Action", "a", "Organisation", "secret")
    g.interface("i", "open", "secret")
    assert client.post(f"{API}/import", json=g.document()).status_code == 200


def test_a_hidden_node_answers_exactly_as_an_unknown_one(client: TestClient, settings: Settings) -> None:
    _classified(client)
    low = bearer(settings, "viewer", "STG_CONFIDENTIEEL")
    hidden = client.get(f"{API}/findings/f-secret", headers=low)
    unknown = client.get(f"{API}/findings/f-nothing", headers=low)
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json()["error"]["message"].replace("f-secret", "?") == unknown.json()["error"]["message"].replace(
        "f-nothing", "?"
    )
    listed = client.get(f"{API}/findings", headers=low).json()
    assert [i["id"] for i in listed["items"]] == ["f-open"]
    assert listed["total"] == 1
    found = client.get(f"{API}/findings", params={"q": "veiligheid"}, headers=low).json()
    assert [i["id"] for i in found["items"]] == ["f-open"]
    assert found["total"] == 1
    action = client.get(f"{API}/actions/a", headers=low).json()
    assert action["relationships"] == [], "the relationship to a hidden owner is not there"
    export = client.get(f"{API}/export", headers=bearer(settings, "analyst", "STG_CONFIDENTIEEL")).text
    assert '"id": "secret"' not in export
    assert '"id": "f-secret"' not in export
    assert "Geheim" not in export
    stats = client.get(f"{API}/stats", headers=low).json()
    assert stats["nodes"]["Finding"] == 1
    assert stats["nodes"]["Organisation"] == 1
    feedback = client.get(f"{API}/analysis/interfaces-without-feedback", headers=low).json()
    assert feedback["total"] == 0, "an interface to a hidden organisation has no visible end"
    assert client.get(f"{API}/analysis/interfaces/i/feedback", headers=low).status_code == 404
    assert client.get(f"{API}/analysis/path", params={"from": "open", "to": "secret"}, headers=low).status_code == 404
    full = client.get(f"{API}/analysis/interfaces-without-feedback").json()
    assert full["total"] == 1


def test_nobody_writes_above_their_clearance_or_links_to_what_they_cannot_see(
    client: TestClient, settings: Settings
) -> None:
    _classified(client)
    editor = bearer(settings, "editor", "DEPARTEMENTAAL_VERTROUWELIJK")
    above = client.post(f"{API}/themes", json={"id": "t", "name": "t", "classification": "STG_GEHEIM"}, headers=editor)
    assert above.status_code == 403
    assert above.json()["error"]["details"][0]["location"] == "body.classification"
    assert client.post(f"{API}/themes", json={"id": "t", "name": "t"}, headers=editor).status_code == 201
    raise_ = client.patch(f"{API}/themes/t", json={"classification": "STG_CONFIDENTIEEL"}, headers=editor)
    assert raise_.status_code == 403
    assert client.patch(f"{API}/findings/f-secret", json={"text": "x"}, headers=editor).status_code == 404
    assert client.delete(f"{API}/findings/f-secret", headers=editor).status_code == 404
    link = {"type": "OWNED_BY", "from": {"label": "Action", "id": "a"}, "to": {"label": "Organisation", "id": "secret"}}
    hidden_end = client.put(f"{API}/relationships", json=link, headers=editor)
    missing_end = client.put(
        f"{API}/relationships", json={**link, "to": {"label": "Organisation", "id": "nothing"}}, headers=editor
    )
    assert hidden_end.status_code == missing_end.status_code == 404
    replace = client.put(
        f"{API}/relationships", json={**link, "to": {"label": "Organisation", "id": "open"}}, headers=editor
    )
    assert replace.status_code == 409, "a hidden owner is not replaced by someone who cannot see it"
    assert "secret" not in replace.text
    imported = client.post(
        f"{API}/import",
        json={"format": "lessons-graph/1", "nodes": [{"label": "Theme", "id": "g", "properties": {
            "name": "g", "classification": "STG_GEHEIM"}}]},
        headers=editor,
    )  # fmt: skip
    assert imported.status_code == 403
    over_hidden = client.post(
        f"{API}/import",
        json={
            "format": "lessons-graph/1",
            "nodes": [{"label": "Finding", "id": "f-secret", "properties": {"text": "x"}}],
        },
        headers=editor,
    )
    assert over_hidden.status_code == 422
    assert "Geheime" not in over_hidden.text
    assert client.get(f"{API}/findings/f-secret").json()["text"] == "Geheime bevinding veiligheid"


def test_lowering_a_classification_is_explicit_and_audited(client: TestClient, settings: Settings) -> None:
    body = {"id": "t-lowered", "name": "t", "classification": "STG_GEHEIM"}
    assert client.post(f"{API}/themes", json=body).status_code == 201
    implicit = client.patch(f"{API}/themes/t-lowered", json={"classification": "ONGERUBRICEERD"})
    assert implicit.status_code == 422
    assert implicit.json()["error"]["details"][0]["location"] == "query.declassify"
    lowered = {"classification": "ONGERUBRICEERD"}
    explicit = client.patch(f"{API}/themes/t-lowered", params={"declassify": "true"}, json=lowered)
    assert explicit.status_code == 200, explicit.text
    records = client.get(f"{API}/audit", params={"target": "t-lowered"}).json()["items"]
    assert [r["operation"] for r in records] == ["declassify", "create"]
    assert records[0]["before"]["classification"] == "STG_GEHEIM"
    assert records[0]["after"]["classification"] == "ONGERUBRICEERD"
    assert records[0]["classification"] == "STG_GEHEIM", "the record is as secret as the node was"
    low_admin = bearer(settings, "admin", "STG_CONFIDENTIEEL")
    assert client.get(f"{API}/audit", params={"target": "t-lowered"}, headers=low_admin).json()["total"] == 0


# -- the audit trail ---------------------------------------------------------------------------
def test_every_mutation_is_audited_with_who_when_what_and_the_request(client: TestClient, settings: Settings) -> None:
    editor = bearer(settings, "editor", "STG_GEHEIM", subject="auditor-under-test")
    sent = {**editor, "X-Request-ID": "req-42"}
    created = client.post(f"{API}/themes", json={"id": "t", "name": "before"}, headers=sent)
    assert created.headers["X-Request-ID"] == "req-42"
    client.patch(f"{API}/themes/t", json={"name": "after"}, headers=editor)
    client.post(f"{API}/recommendations", json={"id": "r", "text": "r", "kind": "lesson"}, headers=editor)
    rel = {"type": "TAGGED", "from": {"label": "Recommendation", "id": "r"}, "to": {"label": "Theme", "id": "t"}}
    client.post(f"{API}/relationships", json=rel, headers=editor)
    client.request("DELETE", f"{API}/relationships", json=rel, headers=editor)
    client.post(f"{API}/import", json=GraphBuilder().document(), headers=editor)
    client.delete(f"{API}/themes/t", headers=editor)
    records = client.get(f"{API}/audit", params={"subject": "auditor-under-test"}).json()["items"]
    operations = [r["operation"] for r in reversed(records)]
    assert operations == ["create", "update", "create", "relate", "unrelate", "import", "delete"]
    first = records[-1]
    assert first["request_id"] == "req-42"
    assert first["after"]["name"] == "before"
    update = records[-2]
    assert (update["before"]["name"], update["after"]["name"]) == ("before", "after")
    assert records[0]["before"]["name"] == "after"
    assert all(r["at"].endswith("+00:00") for r in records)
    since = client.get(f"{API}/audit", params={"since": first["at"], "subject": "auditor-under-test"}).json()
    assert since["total"] == 7
    later = client.get(f"{API}/audit", params={"since": records[0]["at"], "subject": "auditor-under-test"}).json()
    assert later["total"] == 1
    viewer = client.get(f"{API}/audit", headers=bearer(settings, "editor"))
    assert viewer.status_code == 403


def test_denied_requests_are_logged_with_subject_and_request(
    anonymous: TestClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="app.access"):
        anonymous.post(f"{API}/themes", json={"id": "t", "name": "t"}, headers={**bearer(settings, "viewer"),
                                                                               "X-Request-ID": "denied-1"})  # fmt: skip
    assert any("test-viewer" in r.getMessage() and "denied-1" in r.getMessage() for r in caplog.records)


# -- CORS ----------------------------------------------------------------------------------
def test_cors_answers_the_listed_origins_only(settings: Settings, session_db: Any) -> None:
    configured = settings.model_copy(update={"cors_origins": ["https://dashboard.example"]})
    with TestClient(create_app(configured), raise_server_exceptions=False) as cors:
        preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
        allowed = cors.options(f"{API}/stats", headers={"Origin": "https://dashboard.example", **preflight})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://dashboard.example"
        assert "access-control-allow-credentials" not in allowed.headers
        refused = cors.options(f"{API}/stats", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in refused.headers
    with pytest.raises(ValueError, match="refused"):
        Settings.model_validate({"cors_origins": "*"})


# -- an OpenID Connect provider --------------------------------------------------------------
@pytest.fixture
def provider() -> Iterator[tuple[str, Any]]:
    """A JWKS endpoint as Keycloak serves one, with an RSA signing key and an encryption key."""
    key = rsa.generate_private_key(65537, 2048)
    public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwks = {
        "keys": [{**public, "kid": "sig-1", "use": "sig", "alg": "RS256"}, {**public, "kid": "enc-1", "use": "enc"}]
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(jwks).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/realms/defensie/protocol/openid-connect/certs", key
    server.shutdown()


def test_tokens_of_an_openid_connect_provider(settings: Settings, session_db: Any, provider: tuple[str, Any]) -> None:
    url, key = provider
    oidc = settings.model_copy(
        update={
            "auth_jwks_url": url,
            "auth_issuer": "https://idp.example/realms/defensie",
            "auth_audience": "kg-api",
            "auth_role_claim": "realm_access.roles",
            "auth_role_prefix": "kg-",
            "auth_clearance_claim": "clearance",
        }
    )
    now = int(time.time())
    claims = {
        "iss": "https://idp.example/realms/defensie",
        "aud": ["kg-api", "account"],
        "sub": "f81d4fae-7dec",
        "iat": now,
        "exp": now + 300,
        "realm_access": {"roles": ["offline_access", "kg-viewer", "kg-analyst"]},
        "clearance": "STG_CONFIDENTIEEL",
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "sig-1"})
    with TestClient(create_app(oidc), raise_server_exceptions=False) as app:
        me = app.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json() == {"subject": "f81d4fae-7dec", "role": "analyst", "clearance": "STG_CONFIDENTIEEL",
                             "via": "token"}  # fmt: skip
        local = app.get(f"{API}/me", headers=bearer(settings))
        assert local.status_code == 401, "with a provider configured, the local key signs nothing"
        wrong_kid = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "enc-1"})
        assert app.get(f"{API}/me", headers={"Authorization": f"Bearer {wrong_kid}"}).status_code == 401
