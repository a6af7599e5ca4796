"""Analysis answers over HTTP: ETag, 304 without computing, CSV for lists, per clearance."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from app.settings import Settings
from tests.graphs import GraphBuilder
from tests.tokens import bearer

API = "/api/v1"


def _graph(client: TestClient) -> None:
    g = GraphBuilder()
    for org in ("a", "b", "c"):
        g.org(org)
    g.interface("ab", "a", "b")
    g.interface("bc", "b", "c", "feedback")
    g.node("Organisation", "hidden", name="Geheim", kind="unit", classification="STG_GEHEIM")
    g.interface("ah", "a", "hidden")
    assert client.post(f"{API}/import", json=g.document()).status_code == 200


def test_answers_carry_an_etag_and_a_matching_one_answers_304_without_computing(client: TestClient) -> None:
    _graph(client)
    url = f"{API}/analysis/interfaces-without-feedback"
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert first.headers["X-Answer-Cache"] == "miss"
    assert client.get(url).headers["X-Answer-Cache"] == "hit"

    seen: list[str] = []
    service = client.app.state.analysis  # type: ignore[attr-defined]  # TestClient types its app as ASGI
    service.observer = lambda name, hit, seconds: seen.append(name)
    try:
        again = client.get(url, headers={"If-None-Match": etag})
    finally:
        service.observer = None
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert seen == [], "a 304 computes nothing"

    client.post(f"{API}/interfaces", json={"id": "ca", "name": "c to a", "kind": "feedback", "from": "c", "to": "a"})
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200, "a write makes the tag stale"
    assert changed.headers["ETag"] != etag
    assert {i["id"] for i in changed.json()["items"]} == {"ah"}


def test_the_tag_differs_by_clearance_and_media_type(client: TestClient, settings: Settings) -> None:
    _graph(client)
    url = f"{API}/analysis/interfaces-without-feedback"
    full = client.get(url)
    low = client.get(url, headers=bearer(settings, "viewer", "ONGERUBRICEERD"))
    assert full.headers["ETag"] != low.headers["ETag"]
    assert {i["id"] for i in full.json()["items"]} == {"ab", "bc", "ah"}
    assert {i["id"] for i in low.json()["items"]} == {"ab", "bc"}
    refused = client.get(
        url, headers={**bearer(settings, "viewer", "ONGERUBRICEERD"), "If-None-Match": full.headers["ETag"]}
    )
    assert refused.status_code == 200, "another clearance's tag does not match"
    as_csv = client.get(url, headers={"Accept": "text/csv"})
    assert as_csv.headers["ETag"] != full.headers["ETag"]


def test_every_list_answer_is_also_csv(client: TestClient) -> None:
    _graph(client)
    for path in (
        "/analysis/interfaces",
        "/analysis/interfaces-without-feedback",
        "/analysis/ll-stages",
        "/analysis/recommendations-without-follow-up",
        "/analysis/recurring-lessons",
        "/analysis/overdue-actions",
        "/organisations/a/responsibilities",
    ):
        as_json = client.get(f"{API}{path}").json()
        response = client.get(f"{API}{path}", headers={"Accept": "text/csv"})
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/csv"), path
        rows = list(csv.reader(io.StringIO(response.text)))
        assert len(rows) == 1 + len(as_json["items"]), path
    table = list(
        csv.DictReader(io.StringIO(client.get(f"{API}/analysis/interfaces", headers={"Accept": "text/csv"}).text))
    )
    assert {row["id"] for row in table} == {"ab", "bc", "ah"}
    assert {row["has_feedback"] for row in table} == {"false"}
    not_a_list = client.get(f"{API}/analysis/network", headers={"Accept": "text/csv"})
    assert not_a_list.status_code == 406
    assert not_a_list.json()["error"]["code"] == "not_acceptable"


def test_an_answer_outlives_writes_that_cannot_change_it(client: TestClient) -> None:
    _graph(client)
    client.post(f"{API}/recommendations", json={"id": "r", "text": "r", "kind": "lesson"})
    stages = f"{API}/analysis/ll-stages"
    first = client.get(stages)
    # An interface drawn on the map touches nothing the LL stages read.
    client.post(f"{API}/interfaces", json={"id": "ca", "name": "c to a", "kind": "feedback", "from": "c", "to": "a"})
    kept = client.get(stages, headers={"If-None-Match": first.headers["ETag"]})
    assert kept.status_code == 304
    assert client.get(stages).headers["X-Answer-Cache"] == "hit"
    feedback = client.get(f"{API}/analysis/interfaces-without-feedback")
    assert {i["id"] for i in feedback.json()["items"]} == {"ah"}, "the interfaces' answer did change"
    # An action addressing the recommendation changes its stage: the answer is computed again.
    client.post(f"{API}/actions", json={"id": "act", "title": "t", "status": "implemented", "addresses": ["r"]})
    changed = client.get(stages, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["X-Answer-Cache"] == "miss"
    assert changed.json()["items"][0]["stage"] == "implemented"


def test_a_csv_answer_never_hands_a_spreadsheet_a_formula() -> None:
    from app.answers import as_csv

    rows = list(csv.reader(io.StringIO(as_csv([{"text": '=HYPERLINK("x")', "n": -1, "ok": True}]).decode())))
    assert rows == [["text", "n", "ok"], ['\'=HYPERLINK("x")', "-1", "true"]]
