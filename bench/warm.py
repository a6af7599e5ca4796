"""Warm answers: concurrent clients on cached analysis answers, beside ``/health`` on the
same server, and the ``If-None-Match`` revalidation a polling dashboard makes (304).

``/health`` touches neither the database nor a credential: its throughput is what HTTP,
uvicorn and FastAPI allow on this machine, so ``ratio`` says how close a cached answer
(credential check, cache lookup, the stored bytes) comes to that floor.
"""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.callers import Callers
from bench.measure import check_status, load_test, percentile
from bench.progress import log
from bench.workload import Endpoint, GraphSource, answers

__all__ = ["measure_warm"]

Row = dict[str, Any]


def _target(endpoint: Endpoint) -> str:
    query = urlencode(endpoint.params)
    return f"{endpoint.path}?{query}" if query else endpoint.path


def measure_warm(
    http: httpx.Client, port: int, callers: Callers, scale: int, source: GraphSource, opts: argparse.Namespace
) -> list[Row]:
    cases: list[tuple[str, str, dict[str, str], int]] = [("/health (no database, no credential)", "/health", {}, 200)]
    # A dashboard is a browser: it accepts gzip, and the kept answer is sent compressed.
    dashboard = {**callers.analyst, "Accept-Encoding": "gzip"}
    for endpoint in answers(source.document, source.today):
        cases.append((endpoint.name, _target(endpoint), dashboard, 200))
    # The dashboard's revalidation: the ETag of the first answer, sent back.
    first = answers(source.document, source.today)[0]
    tag = check_status(http.get(first.path, params=first.params, headers=dashboard)).headers["ETag"]
    cases.append((f"{first.name}, If-None-Match (304)", _target(first), {**dashboard, "If-None-Match": tag}, 304))

    rows: list[Row] = []
    health_rate: float | None = None
    for name, target, headers, expect in cases:
        log(f"scale {scale}: {opts.concurrency} clients on {name}")
        result = load_test(
            "127.0.0.1",
            port,
            target,
            concurrency=opts.concurrency,
            max_requests=opts.concurrent_requests,
            max_seconds=opts.concurrent_seconds,
            headers=headers,
            expect=expect,
        )
        if health_rate is None:
            health_rate = result.throughput
        rows.append(
            {
                "section": "warm",
                "scale": scale,
                "name": name,
                "path": target,
                "status": expect,
                "clients": opts.concurrency,
                "n": result.completed,
                "errors": result.errors,
                "elapsed_s": result.elapsed,
                "rate": result.throughput,
                "p50_s": percentile(result.latencies, 50),
                "p95_s": percentile(result.latencies, 95),
                "ratio": result.throughput / health_rate if health_rate else None,
                "last_error": result.last_error,
            }
        )
    return rows
