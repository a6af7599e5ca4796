"""Cold answers: every analysis answer computed afresh, beside the same answer computed in
memory from the exported graph, and the per-id requests beside their raw Cypher.

Two kinds of cold. *Whole read* (``measure_cold``), on an API started with
``answer_cache=False``: every request reads all it needs from Neo4j and computes, which is
what the first request pays after a write made around the service (``kg import``, another
replica) and after a start. *After an edit* (``measure_after_edit``), on an API with its
caches on: before each timed request an editor changes an Action, an Interface and a
Recommendation through the API (untimed), so every answer is computed again, from inputs
brought up to date by reading again what the edits changed; the first request after any
edit made through the service pays this. Each answer is asked by two callers: one cleared
for everything and one for ``ONGERUBRICEERD`` only, so the cost of computing on a smaller
visible graph shows beside the full one.

The reference runs in this process on the parsed document (``bench/reference.py``): what
an analyst with the export and a notebook would compute, the JSON parse not counted.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
from neo4j import Driver, Query, RoutingControl

from bench.callers import Callers
from bench.measure import Samples, check_status, time_pair, time_repeated
from bench.progress import log
from bench.reference import REFERENCES
from bench.workload import Endpoint, GraphSource, answers, edits, per_id
from graph.cypher_catalog import query

__all__ = ["measure_after_edit", "measure_cold", "measure_per_id"]

Row = dict[str, Any]

# Far above the service's own timeout: the row should show the service's answer or error.
HTTP_TIMEOUT = 600.0


class _Last:
    """The last successful answer of a measurement, for its item count and size."""

    response: httpx.Response | None = None

    def items(self) -> int | None:
        if self.response is None:
            return None
        body = self.response.json()
        return body.get("total") if isinstance(body, dict) else None

    def size(self) -> int | None:
        return None if self.response is None else len(self.response.content)


def _get(http: httpx.Client, endpoint: Endpoint, headers: dict[str, str], last: _Last) -> Callable[[], None]:
    def call() -> None:
        last.response = check_status(http.get(endpoint.path, params=endpoint.params, headers=headers))

    return call


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def measure_cold(
    http: httpx.Client, callers: Callers, scale: int, source: GraphSource, opts: argparse.Namespace
) -> list[Row]:
    rows = []
    for endpoint in answers(source.document, source.today):
        log(f"scale {scale}: cold {endpoint.name}")
        last = _Last()
        full, public = time_pair(
            _get(http, endpoint, callers.analyst, last),
            _get(http, endpoint, callers.public, _Last()),
            repeat=opts.repeat,
            warmup=opts.warmup,
            budget=opts.budget,
        )
        reference = Samples()
        if endpoint.reference is not None:
            compute = partial(REFERENCES[endpoint.reference], source.document, source.today)
            reference = time_repeated(compute, repeat=opts.repeat, warmup=opts.warmup, budget=opts.budget)
        rows.append(
            {
                "section": "cold",
                "scale": scale,
                "name": endpoint.name,
                "path": endpoint.path,
                "params": endpoint.params,
                "target": endpoint.target,
                "n": full.n,
                "p50_s": full.p50,
                "p95_s": full.p95,
                "public_p50_s": public.p50,
                "public_p95_s": public.p95,
                "reference": endpoint.reference,
                "reference_p50_s": reference.p50,
                "reference_p95_s": reference.p95,
                "ratio": _ratio(full.p50, reference.p50),
                "items": last.items(),
                "bytes": last.size(),
                "errors": full.errors + public.errors + reference.errors,
                "last_error": full.last_error or public.last_error or reference.last_error,
            }
        )
    return rows


def _editor(http: httpx.Client, callers: Callers, source: GraphSource) -> Callable[[], None]:
    """One edit of each target of ``bench.workload.edits``, each with a new value."""
    targets = edits(source.document)
    count = [0]

    def edit() -> None:
        count[0] += 1
        for collection, node_id, prop in targets:
            body = {prop: f"bench cold edit {count[0]}"}
            check_status(http.patch(f"/api/v1/{collection}/{node_id}", json=body, headers=callers.editor))

    return edit


def measure_after_edit(
    http: httpx.Client,
    callers: Callers,
    scale: int,
    source: GraphSource,
    opts: argparse.Namespace,
    references: dict[str, float | None],
) -> list[Row]:
    """Each answer right after an edit through the API, beside the reference measured by
    ``measure_cold`` (``references``: its p50 by answer name)."""
    rows = []
    edit = _editor(http, callers, source)
    for endpoint in answers(source.document, source.today):
        log(f"scale {scale}: cold after an edit {endpoint.name}")
        full, public = time_pair(
            _get(http, endpoint, callers.analyst, _Last()),
            _get(http, endpoint, callers.public, _Last()),
            repeat=opts.repeat,
            warmup=opts.warmup,
            budget=opts.budget,
            before=edit,
        )
        reference = references.get(endpoint.name)
        rows.append(
            {
                "section": "edited",
                "scale": scale,
                "name": endpoint.name,
                "path": endpoint.path,
                "params": endpoint.params,
                "target": endpoint.target,
                "n": full.n,
                "p50_s": full.p50,
                "p95_s": full.p95,
                "public_p50_s": public.p50,
                "public_p95_s": public.p95,
                "reference_p50_s": reference,
                "ratio": _ratio(full.p50, reference),
                "errors": full.errors + public.errors,
                "last_error": full.last_error or public.last_error,
            }
        )
    return rows


def _raw(driver: Driver, database: str, endpoint: Endpoint) -> Callable[[], None]:
    statements = [(Query(query(name), timeout=HTTP_TIMEOUT), params) for name, params in endpoint.raw]

    def call() -> None:
        for statement, params in statements:
            driver.execute_query(statement, params, routing_=RoutingControl.READ, database_=database)

    return call


def measure_per_id(
    http: httpx.Client,
    driver: Driver,
    database: str,
    callers: Callers,
    scale: int,
    source: GraphSource,
    opts: argparse.Namespace,
) -> list[Row]:
    """Each per-id request through HTTP, alternating with its Cypher on the bare driver;
    the API's overhead is the difference of the medians."""
    rows = []
    for endpoint in per_id(source.document):
        log(f"scale {scale}: per id {endpoint.name}")
        last = _Last()
        api, raw = time_pair(
            _get(http, endpoint, callers.analyst, last),
            _raw(driver, database, endpoint),
            repeat=max(opts.repeat, 50),  # sub-millisecond differences need more samples
            warmup=opts.warmup,
            budget=opts.budget,
        )
        rows.append(
            {
                "section": "per_id",
                "scale": scale,
                "name": endpoint.name,
                "path": endpoint.path,
                "statements": [name for name, _ in endpoint.raw],
                "n": api.n,
                "p50_s": api.p50,
                "p95_s": api.p95,
                "raw_p50_s": raw.p50,
                "raw_p95_s": raw.p95,
                "overhead_s": api.p50 - raw.p50 if api.p50 is not None and raw.p50 is not None else None,
                "bytes": last.size(),
                "errors": api.errors + raw.errors,
                "last_error": api.last_error or raw.last_error,
            }
        )
    return rows
