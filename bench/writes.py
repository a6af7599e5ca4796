"""Under writes: a dashboard polls every analysis answer while an editor writes once a second.

The dashboard is one client that asks for each answer in turn, as fast as it is answered,
sending back the ``ETag`` it last saw (``If-None-Match``), as a browser dashboard does. The
editor changes one property of an Action, an Interface and a Recommendation in turn
through ``PATCH``, so that each answer that reads one of those goes cold in turn. Each
answer the dashboard gets is one of: ``304`` (nothing it reads changed), a cached ``200``
(``X-Answer-Cache: hit``: computed by an earlier request at a version it is still valid
for) or a cold ``200`` (``miss``: computed for this request).
"""

from __future__ import annotations

import argparse
import threading
import time
from functools import partial
from typing import Any

import httpx

from bench.callers import Callers
from bench.measure import Samples, check_status, percentile
from bench.progress import log
from bench.workload import GraphSource, answers, edits

__all__ = ["measure_under_writes"]

Row = dict[str, Any]


class _Editor(threading.Thread):
    """PATCHes once a second until stopped; counts what it wrote."""

    def __init__(self, base_url: str, headers: dict[str, str], targets: list[tuple[str, str, str]]) -> None:
        super().__init__(name="bench-editor", daemon=True)
        self.base_url, self.headers, self.targets = base_url, headers, targets
        self.stop = threading.Event()
        self.writes = Samples()

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=60.0) as http:
            n = 0
            while not self.stop.wait(1.0):
                collection, node_id, prop = self.targets[n % len(self.targets)]
                n += 1
                patch = partial(
                    http.patch, f"/api/v1/{collection}/{node_id}", json={prop: f"bench edit {n}"}, headers=self.headers
                )
                self.writes.record(lambda: check_status(patch()))  # noqa: B023  # called here, at once


def measure_under_writes(
    base_url: str, callers: Callers, scale: int, source: GraphSource, opts: argparse.Namespace
) -> list[Row]:
    log(f"scale {scale}: a dashboard polling every answer for {opts.writes_seconds:.0f} s, an edit each second")
    endpoints = answers(source.document, source.today)
    etags: dict[str, str] = {}
    latencies: list[float] = []
    outcomes = {"304": 0, "hit": 0, "miss": 0}
    cold: list[float] = []
    errors, last_error = 0, None
    editor = _Editor(base_url, callers.editor, edits(source.document))
    with httpx.Client(base_url=base_url, timeout=600.0) as http:
        for endpoint in endpoints:  # the dashboard's first load, untimed
            etags[endpoint.name] = check_status(
                http.get(endpoint.path, params=endpoint.params, headers=callers.analyst)
            ).headers["ETag"]
        editor.start()
        deadline = time.perf_counter() + opts.writes_seconds
        try:
            while time.perf_counter() < deadline:
                for endpoint in endpoints:
                    headers = {**callers.analyst, "If-None-Match": etags[endpoint.name]}
                    start = time.perf_counter()
                    try:
                        response = http.get(endpoint.path, params=endpoint.params, headers=headers)
                        if response.status_code not in (200, 304):
                            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
                    except Exception as e:  # noqa: BLE001  # counted, and the poll goes on
                        errors += 1
                        last_error = f"{type(e).__name__}: {e}"[:300]
                        continue
                    took = time.perf_counter() - start
                    latencies.append(took)
                    if response.status_code == 304:
                        outcomes["304"] += 1
                        continue
                    etags[endpoint.name] = response.headers["ETag"]
                    state = response.headers.get("X-Answer-Cache", "miss")
                    outcomes[state] += 1
                    if state == "miss":
                        cold.append(took)
        finally:
            editor.stop.set()
            editor.join()
    total = len(latencies)
    return [
        {
            "section": "writes",
            "scale": scale,
            "name": "dashboard polling every answer, an edit per second",
            "seconds": opts.writes_seconds,
            "n": total,
            "writes": editor.writes.n,
            "write_p50_s": editor.writes.p50,
            "p50_s": percentile(latencies, 50),
            "p95_s": percentile(latencies, 95),
            "not_modified": outcomes["304"],
            "hits": outcomes["hit"],
            "misses": outcomes["miss"],
            "cold_share": outcomes["miss"] / total if total else None,
            "cold_p50_s": percentile(cold, 50),
            "cold_p95_s": percentile(cold, 95),
            "errors": errors + editor.writes.errors,
            "last_error": last_error or editor.writes.last_error,
        }
    ]
