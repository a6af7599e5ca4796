"""Kept answers served before routing (app/answers.py, KeptAnswers): the same answer as the
full way, and only where the full way would give it: a valid credential, a role that may
read answers, the caller's clearance, the media type asked for, the same graph, the same day."""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Any

import pytest
from fastapi.testclient import TestClient

import app.answers
import app.routes.analysis
from app.answers import AnswerResponses
from app.auth.roles import Role
from app.auth.signing import issue_token, local_key
from app.settings import Settings
from graph.domain import Classification
from tests.graphs import GraphBuilder
from tests.tokens import bearer

API = "/api/v1"
URL = f"{API}/analysis/interfaces-without-feedback"


@pytest.fixture
def routed(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the answers that went the full way, through routing to the route."""
    paths: list[str] = []
    respond = AnswerResponses.respond

    async def counted(self: AnswerResponses, request: Any, *args: Any, **kwargs: Any) -> Any:
        paths.append(request.url.path)
        return await respond(self, request, *args, **kwargs)

    monkeypatch.setattr(AnswerResponses, "respond", counted)
    return paths


def _graph(client: TestClient) -> None:
    g = GraphBuilder()
    for org in ("a", "b"):
        g.org(org)
    g.interface("ab", "a", "b")
    g.node("Organisation", "hidden", name="Geheim", kind="unit", classification="STG_GEHEIM")
    g.interface("ah", "a", "hidden")
    g.action("late", "planned", owner="a", due="2020-01-01")
    assert client.post(f"{API}/import", json=g.document()).status_code == 200


def test_a_kept_answer_is_served_before_routing_as_the_full_way_gave_it(client: TestClient, routed: list[str]) -> None:
    _graph(client)
    first = client.get(URL, params={"limit": 5})
    again = client.get(URL, params={"limit": 5})
    assert routed == [URL], "the second went no further than the kept answers"
    assert (again.status_code, again.content) == (first.status_code, first.content)
    for header in ("ETag", "Content-Type", "Cache-Control", "Vary"):
        assert again.headers[header] == first.headers[header], header
    assert again.headers["X-Answer-Cache"] == "hit"
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"], "still inside the request id"
    revalidated = client.get(URL, params={"limit": 5}, headers={"If-None-Match": first.headers["ETag"]})
    assert (revalidated.status_code, revalidated.content) == (304, b"")
    client.get(URL, params={"limit": 6})
    assert routed == [URL, URL], "another query string is another answer"


def test_a_kept_answer_goes_to_no_caller_the_full_way_would_refuse(
    client: TestClient, settings: Settings, routed: list[str]
) -> None:
    _graph(client)
    assert client.get(URL).status_code == 200
    no_role = issue_token(
        local_key(settings.signing_key_file),
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject="nobody",
        role=Role.viewer,
        clearance=Classification.STG_GEHEIM,
        ttl_seconds=600,
        role_claim="not_the_role_claim",  # the role is where the service does not look: none
        clearance_claim=settings.auth_clearance_claim,
    )
    assert client.get(URL, headers={"Authorization": f"Bearer {no_role}"}).status_code == 403
    assert client.get(URL, headers={"Authorization": f"Bearer {no_role}"}).status_code == 403, "nor once known"
    assert client.get(URL, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert client.get(URL, headers={"Authorization": "Basic YTpi"}).status_code == 401

    admin = bearer(settings, "admin", "STG_GEHEIM")
    body = {"name": "wall", "role": "viewer", "clearance": "STG_GEHEIM"}
    issued = client.post(f"{API}/admin/keys", json=body, headers=admin).json()
    with_key = {"Authorization": f"Bearer {issued['key']}"}
    assert client.get(URL, headers=with_key).status_code == 200
    assert client.get(URL, headers=with_key).headers["X-Answer-Cache"] == "hit"
    assert client.delete(f"{API}/admin/keys/{issued['id']}", headers=admin).status_code == 204
    assert client.get(URL, headers=with_key).status_code == 401, "a revoked key gets no kept answer"


def test_a_kept_answer_is_the_callers_clearance_and_media_type(client: TestClient, settings: Settings) -> None:
    _graph(client)
    secret = bearer(settings, "viewer", "STG_GEHEIM")
    public = bearer(settings, "viewer", "ONGERUBRICEERD")
    for _ in range(2):  # the second of each is a kept answer
        assert {i["id"] for i in client.get(URL, headers=secret).json()["items"]} == {"ab", "ah"}
        assert {i["id"] for i in client.get(URL, headers=public).json()["items"]} == {"ab"}
        csv = client.get(URL, headers={**public, "Accept": "text/csv"})
        assert csv.headers["Content-Type"].startswith("text/csv")
        assert csv.text.splitlines()[0].startswith("id,")


def test_a_kept_answer_of_the_server_s_today_is_not_served_the_next_day(
    client: TestClient, routed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _graph(client)
    url = f"{API}/analysis/overdue-actions"
    assert client.get(url).headers["X-Answer-Cache"] == "miss"
    assert client.get(url).headers["X-Answer-Cache"] == "hit"
    assert routed == [url]

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = dt.date.today() + dt.timedelta(days=1)
            return cls(day.year, day.month, day.day)

    monkeypatch.setattr(app.answers, "date", Tomorrow)
    monkeypatch.setattr(app.routes.analysis, "date", Tomorrow)
    nextday = client.get(url)
    assert nextday.headers["X-Answer-Cache"] == "miss", "asked on another day, computed for it"
    assert nextday.json()["today"] == Tomorrow.today().isoformat()
    pinned = f"{url}?today=2026-01-01"
    client.get(pinned)
    assert client.get(pinned).headers["X-Answer-Cache"] == "hit"
    assert routed == [url] * 3, "a day given in the query is kept whatever the server's day"


def _raw(client: TestClient, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body as sent (httpx would otherwise decode a gzip body)."""
    with client.stream("GET", URL, headers=headers) as response:
        return response.status_code, dict(response.headers), b"".join(response.iter_raw())


@pytest.mark.parametrize("routing", ["full way", "kept"])
def test_a_client_that_accepts_gzip_gets_the_same_answer_compressed_under_a_tag_of_its_own(
    client: TestClient, routed: list[str], routing: str
) -> None:
    _graph(client)
    plain_status, plain_headers, plain = _raw(client, {"Accept-Encoding": "identity"})
    if routing == "kept":
        _raw(client, {"Accept-Encoding": "gzip"})  # the second gzip request is a kept answer
    status, headers, body = _raw(client, {"Accept-Encoding": "br, gzip;q=0.8"})
    assert (plain_status, status) == (200, 200)
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    assert int(headers["content-length"]) == len(body)
    assert "Accept-Encoding" in headers["vary"]
    assert headers["etag"] != plain_headers["etag"], "another representation, another tag"
    assert headers["x-answer-cache"] == ("hit" if routing == "kept" else "miss")
    assert len(routed) == 2, "one full way for each representation, the second gzip one kept"

    again, _, empty = _raw(client, {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
    assert (again, empty) == (304, b"")
    refused = _raw(client, {"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused[1], "q=0 is a refusal"
    assert refused[2] == plain
    other, _, _ = _raw(client, {"Accept-Encoding": "identity", "If-None-Match": headers["etag"]})
    assert other == 200, "the gzip tag does not stand for the plain body"
