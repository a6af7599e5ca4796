"""The analysis answers over HTTP: encoded once, revalidated cheaply, in JSON or CSV.

Dashboards ask the same questions every few seconds while the graph rarely changes. So an
answer is encoded once per (graph version, clearance, request, media type) and kept as
bytes: a warm request validates and serialises nothing, and runs on the event loop without
a database round trip (the graph version comes from ``graph.versions``). Every answer
carries an ``ETag`` made of the graph version, the caller's clearance and the media type
(and the day, for answers that depend on today), with ``Cache-Control: private, no-cache``;
``If-None-Match`` with that tag answers 304 without computing anything. A list answer is
also CSV for ``Accept: text/csv`` (one row per item, nested values as JSON). A client that
accepts gzip (every browser does) gets the answer compressed, once per kept answer and not
per request: the map's interfaces are 560 KB of JSON at scale 100 and about a tenth of that
compressed. The gzip body is a representation of its own, with its own tag and kept bytes.

A kept answer is served before routing, too (``KeptAnswers``): FastAPI's routing, parameter
validation and dependencies cost more than the answer itself, and a kept answer was made for
exactly this path and query string, already validated, for a caller of the same clearance.
What still must hold is checked there: a credential known to be valid, a role that may read
answers, the same media type, nothing it reads changed since, the same day. Anything else
goes the full way, which gives every error.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from fastapi import Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from app.auth.authenticator import Authenticator
from app.auth.roles import Caller, Role
from app.request_id import request_id_of
from graph.analysis.service import AnalysisService, Answers
from graph.errors import NotAcceptable, Problem
from graph.formats import csv_table
from graph.readiness import GraphState
from graph.versions import GraphVersions

__all__ = ["CSV", "JSON", "AnswerResponses", "KeptAnswers", "as_csv"]

JSON = "application/json"
CSV = "text/csv"
_CACHE_CONTROL = "private, no-cache"
_CONTENT_TYPES = {JSON: JSON, CSV: "text/csv; charset=utf-8"}
_VARY = "Accept, Accept-Encoding, Authorization"
GZIP = "gzip"
IDENTITY = "identity"
# zlib's default: 340 KB of interfaces JSON compressed in 2.2 ms to 7.7% (level 1: 0.7 ms,
# 10%; level 9: 4.9 ms, 7.0%), once per kept answer.
_GZIP_LEVEL = 6
# The role every answer needs (app/routes/analysis.py): a kept answer is served before routing
# only to callers who have it.
ANSWER_ROLE = Role.viewer


def _asked_media(accept: str) -> str:
    """JSON unless the client asks for CSV first (``Accept: text/csv``)."""
    first = accept.lower().split(",")[0].split(";")[0].strip()
    return CSV if first == CSV else JSON


def _asked_coding(accept_encoding: str) -> str:
    """gzip when the client accepts it (``Accept-Encoding: gzip``, not ``gzip;q=0``)."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.partition(";")
        if coding.strip() in (GZIP, "x-gzip"):
            q = params.strip().removeprefix("q=").strip()
            return IDENTITY if q and _is_zero(q) else GZIP
    return IDENTITY


def _is_zero(q: str) -> bool:
    try:
        return float(q) == 0
    except ValueError:
        return False


def _media(request: Request, *, csv_allowed: bool) -> str:
    if _asked_media(request.headers.get("accept", "")) == CSV:
        if not csv_allowed:
            raise NotAcceptable(
                "this answer is not a list: it is JSON only", [Problem("header.accept", "application/json", [JSON])]
            )
        return CSV
    return JSON


def as_csv(items: list[dict[str, Any]]) -> bytes:
    """One row per item, columns in the order of the first item's keys (then any others)."""
    columns: list[str] = []
    for item in items:
        columns += [key for key in item if key not in columns]
    return csv_table(columns, items, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class _Kept:
    """An encoded answer and what it is right for: the graph as of ``since`` for what it
    ``reads``, and the ``day`` it was asked on when it depends on today."""

    body: bytes
    etag: str
    since: int
    reads: frozenset[str]
    day: str | None
    answer: str

    def right_at(self, since: int, day: str | None) -> bool:
        return self.since == since and self.day == day


def _key(scope: Scope, rank: int, media: str, coding: str) -> Hashable:
    """What a kept answer is for: a clearance, a media type and coding, a path and its query."""
    return (rank, media, coding, scope["path"], tuple(sorted(QueryParams(scope["query_string"]).multi_items())))


def _headers(etag: str, coding: str) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": _CACHE_CONTROL, "Vary": _VARY}
    if coding == GZIP:
        headers["Content-Encoding"] = GZIP
    return headers


class _Encoded:
    """The latest encoded answer of each key, the least recently used going first."""

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._entries: OrderedDict[Hashable, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> _Kept | None:
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
            return kept

    def put(self, key: Hashable, kept: _Kept) -> None:
        with self._lock:
            older = self._entries.get(key)
            if older is not None and older.since > kept.since:
                return  # a slower computation at an earlier version: keep the later answer
            self._entries[key] = kept
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


class AnswerResponses:
    def __init__(
        self,
        service: AnalysisService,
        versions: GraphVersions,
        state: GraphState,
        *,
        cache_enabled: bool = True,
        max_entries: int = 512,
    ) -> None:
        self.service = service
        self.versions = versions
        self.state = state
        self.cache_enabled = cache_enabled
        self._encoded = _Encoded(max_entries)

    def _version_now(self) -> int:
        """The version from the database itself (off the event loop): 503 when it is down."""
        self.state.ensure_ready()
        return self.versions.refresh()

    async def respond(
        self,
        request: Request,
        caller: Caller,
        model: type[BaseModel] | None,
        compute: Callable[[Answers], Any],
        *,
        reads: frozenset[str],
        answer: str,
        list_answer: bool = True,
        day: str | None = None,
    ) -> Response:
        """The answer ``compute`` gives for ``caller`` at the current graph version: kept, or
        computed and encoded once (through ``model``, the answer's documented shape; None for
        a document passed on as it is); 304 when the client holds it already. ``reads`` names
        what the answer reads (``graph.analysis.service.Reads``): the tag and the kept answer
        outlive writes that touch none of it. ``answer`` names it for the service's observer
        (the metrics), which is told of a kept answer here: it never reaches the service."""
        media = _media(request, csv_allowed=list_answer)
        coding = _asked_coding(request.headers.get("accept-encoding", ""))
        # The polled version (confirmed within a few poll intervals, this process's writes at
        # once) also without the cache: the answer is computed from the database either way,
        # and a second round trip per request bought nothing but the wait.
        version = self.versions.current()
        if version is None:
            version = await run_in_threadpool(self._version_now)
        since = self.versions.since(reads, version)
        rank = caller.clearance.rank
        representation = f"{'csv' if media == CSV else 'json'}{'-gz' if coding == GZIP else ''}"
        etag = f'"{since}-{rank}-{representation}{f"-{day}" if day else ""}"'
        headers = _headers(etag, coding)
        if _matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        key = _key(request.scope, rank, media, coding)
        kept = self._encoded.get(key) if self.cache_enabled else None
        if kept is not None and kept.right_at(since, day):
            return self._kept(kept, headers, media)
        body = await run_in_threadpool(self._encode, caller, version, model, compute, media, coding)
        if self.cache_enabled:
            self._encoded.put(key, _Kept(body, etag, since, reads, day, answer))
        headers["X-Answer-Cache"] = "miss"
        return Response(body, media_type=_CONTENT_TYPES[media], headers=headers)

    def _kept(self, kept: _Kept, headers: dict[str, str], media: str) -> Response:
        headers["X-Answer-Cache"] = "hit"
        if self.service.observer is not None:
            self.service.observer(kept.answer, True, 0.0)
        return Response(kept.body, media_type=_CONTENT_TYPES[media], headers=headers)

    def kept_response(self, scope: Scope, auth: Authenticator) -> Response | None:
        """The kept answer of this request, when it is plainly right for it (see the module
        docstring); None otherwise."""
        if not self.cache_enabled:
            return None
        request_headers = Headers(scope=scope)
        scheme, _, credential = request_headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            return None
        try:
            caller = auth.known(credential.strip(), request_id=request_id_of(scope))
        except Exception:  # noqa: BLE001  # refused: the full way says why, and logs it
            return None
        if caller is None or caller.role is None or not caller.role.includes(ANSWER_ROLE):
            return None
        media = _asked_media(request_headers.get("accept", ""))
        coding = _asked_coding(request_headers.get("accept-encoding", ""))
        kept = self._encoded.get(_key(scope, caller.clearance.rank, media, coding))
        version = self.versions.current()
        if kept is None or version is None:
            return None
        day = date.today().isoformat() if kept.day is not None else None
        if not kept.right_at(self.versions.since(kept.reads, version), day):
            return None
        headers = _headers(kept.etag, coding)
        if _matches(request_headers.get("if-none-match"), kept.etag):
            return Response(status_code=304, headers=headers)
        return self._kept(kept, headers, media)

    def _encode(
        self,
        caller: Caller,
        version: int,
        model: type[BaseModel] | None,
        compute: Callable[[Answers], Any],
        media: str,
        coding: str,
    ) -> bytes:
        answer = compute(self.service.for_caller(caller.actor(), version=version))
        if media == CSV:
            body = as_csv(cast(dict[str, Any], answer)["items"])
        elif model is None:
            body = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        else:
            body = model.model_validate(answer).model_dump_json(by_alias=True).encode("utf-8")
        # mtime 0: the same answer compresses to the same bytes.
        return gzip.compress(body, compresslevel=_GZIP_LEVEL, mtime=0) if coding == GZIP else body


class KeptAnswers:
    """Serves a kept answer before routing (``AnswerResponses.kept_response``); every other
    request, and every answer not plainly right, goes on to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            state = scope["app"].state
            answers, auth = getattr(state, "answers", None), getattr(state, "auth", None)
            response = answers.kept_response(scope, auth) if answers is not None and auth is not None else None
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags
