"""The analysis answers over HTTP: encoded once, revalidated cheaply, in JSON or CSV.

Dashboards ask the same questions every few seconds while the graph rarely changes. So an
answer is encoded once per (graph version, clearance, request, media type) and kept as
bytes: a warm request validates and serialises nothing, and runs on the event loop without
a database round trip (the graph version comes from ``graph.versions``). Every answer
carries an ``ETag`` made of the graph version, the caller's clearance and the media type
(and the day, for answers that depend on today), with ``Cache-Control: private, no-cache``;
``If-None-Match`` with that tag answers 304 without computing anything. A list answer is
also CSV for ``Accept: text/csv`` (one row per item, nested values as JSON).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, cast

from fastapi import Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from app.auth.roles import Caller
from graph.analysis.service import AnalysisService, Answers
from graph.errors import NotAcceptable, Problem
from graph.formats import csv_table
from graph.readiness import GraphState
from graph.versions import GraphVersions

__all__ = ["CSV", "JSON", "AnswerResponses", "as_csv"]

JSON = "application/json"
CSV = "text/csv"
_CACHE_CONTROL = "private, no-cache"


def _media(request: Request, *, csv_allowed: bool) -> str:
    """JSON unless the client asks for CSV first (``Accept: text/csv``)."""
    accept = request.headers.get("accept", "").lower()
    first = accept.split(",")[0].split(";")[0].strip()
    if first == CSV:
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


class _Encoded:
    """Encoded answers, the least recently used going first."""

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
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
        version = self.versions.current() if self.cache_enabled else None
        if version is None:
            version = await run_in_threadpool(self._version_now)
        since = self.versions.since(reads, version)
        rank = caller.clearance.rank
        etag = f'"{since}-{rank}-{"csv" if media == CSV else "json"}{f"-{day}" if day else ""}"'
        headers = {"ETag": etag, "Cache-Control": _CACHE_CONTROL, "Vary": "Accept, Authorization"}
        if _matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        query = tuple(sorted(request.query_params.multi_items()))
        key = (since, rank, media, request.url.path, query, day)
        body = self._encoded.get(key) if self.cache_enabled else None
        if body is None:
            body = await run_in_threadpool(self._encode, caller, version, model, compute, media)
            if self.cache_enabled:
                self._encoded.put(key, body)
            headers["X-Answer-Cache"] = "miss"
        else:
            headers["X-Answer-Cache"] = "hit"
            if self.service.observer is not None:
                self.service.observer(answer, True, 0.0)
        media_type = "text/csv; charset=utf-8" if media == CSV else JSON
        return Response(body, media_type=media_type, headers=headers)

    def _encode(
        self, caller: Caller, version: int, model: type[BaseModel] | None, compute: Callable[[Answers], Any], media: str
    ) -> bytes:
        answer = compute(self.service.for_caller(caller.actor(), version=version))
        if media == CSV:
            return as_csv(cast(dict[str, Any], answer)["items"])
        if model is None:
            return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return model.model_validate(answer).model_dump_json(by_alias=True).encode("utf-8")


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags
