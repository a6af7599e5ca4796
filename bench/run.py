"""Benchmark the service: import throughput, endpoint latency, read throughput under load.

    python -m bench.run --scales 1,10,100 --repeat 20 --out bench/results
    python -m bench.run --quick          # scale 1, few repeats: a smoke run

For each scale the graph is loaded twice, by a raw-driver baseline and by the service's
importer (the database cleared before each), then every analysis endpoint is timed through
HTTP against a real uvicorn beside the same Cypher with the bare driver, the feedback-loop
query at each bound, and the read throughput of concurrent clients. The table goes to
``<out>/latest.md`` and ``<out>/latest.json`` and is printed. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from neo4j import Driver, RoutingControl

from app.interchange import parse_document
from bench import report
from bench.baseline import baseline_import
from bench.database import clear_graph, free_port, provide_neo4j, server_version
from bench.measure import Samples, check_status, load_test, percentile, time_pair, time_repeated
from bench.server import ApiServer
from bench.workload import Endpoint, describe_picks, endpoints, feedback_hops, load_graph
from graph.cypher_catalog import query
from graph.database import ConnectionInfo, Database, create_driver
from graph.local_server import neo4j_version
from graph.schema import apply_schema
from graph.transfer import import_document

Row = dict[str, Any]

# The service's own transactions time out after Settings.query_timeout (30 s); a large
# import in one transaction takes longer than that. The bench measures throughput, so the
# importer gets an hour here (the API server keeps the service's default).
IMPORT_TIMEOUT = 3600.0
HTTP_TIMEOUT = 600.0


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _counts(driver: Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(query("graph_counts"), database_=database)
    return int(records[0]["nodes"]), int(records[0]["relationships"])


# -- import ------------------------------------------------------------------------------
def measure_import(driver: Driver, db: Database, scale: int, document: dict[str, Any], rounds: int) -> tuple[list[Row], bool]:
    """Alternate baseline and importer rounds, clearing before each; the importer goes last
    so its graph is the one the queries run on. Return the rows and whether it loaded."""
    nodes, rels = len(document["nodes"]), len(document["relationships"])
    records = nodes + rels
    baseline, parse, write, total = Samples(), Samples(), Samples(), Samples()
    loaded = False
    for i in range(rounds):
        _log(f"scale {scale}: import round {i + 1}/{rounds}")
        clear_graph(driver, db.database)
        baseline.record(lambda: baseline_import(driver, db.database, document))
        if baseline.n and _counts(driver, db.database) != (nodes, rels):
            raise RuntimeError(f"the baseline wrote {_counts(driver, db.database)}, expected {(nodes, rels)}")
        clear_graph(driver, db.database)
        loaded = False
        holder: dict[str, Any] = {}
        start = time.perf_counter()
        parse.record(lambda: holder.update(doc=parse_document(document)))
        if "doc" not in holder:
            total.errors, total.last_error = total.errors + 1, parse.last_error
            continue
        write.record(lambda: import_document(db, holder["doc"]))
        if write.errors + write.n > len(total.seconds) + total.errors and write.n > len(total.seconds):
            total.seconds.append(time.perf_counter() - start)
            if _counts(driver, db.database) != (nodes, rels):
                raise RuntimeError(f"the importer wrote {_counts(driver, db.database)}, expected {(nodes, rels)}")
            loaded = True
        else:
            total.errors, total.last_error = total.errors + 1, write.last_error

    def row(name: str, s: Samples, ratio: float | None = None) -> Row:
        return {
            "section": "import", "scale": scale, "name": name, "records": records, "nodes": nodes,
            "relationships": rels, "n": s.n, "p50_s": s.p50, "p95_s": s.p95,
            "rate": records / s.p50 if s.p50 else None, "ratio": ratio, "errors": s.errors, "last_error": s.last_error,
        }

    base_rate = records / baseline.p50 if baseline.p50 else None
    total_rate = records / total.p50 if total.p50 else None
    ratio = total_rate / base_rate if total_rate and base_rate else None
    return [
        row("baseline: UNWIND + CREATE, raw driver", baseline),
        row("importer: parse_document", parse),
        row("importer: import_document", write),
        row("importer: total", total, ratio),
    ], loaded


# -- endpoints ---------------------------------------------------------------------------
class _Last:
    """The last successful API answer of a measurement, for its size and item count."""

    response: httpx.Response | None = None

    def items(self) -> int | None:
        if self.response is None:
            return None
        body = self.response.json()
        return body.get("total") if isinstance(body, dict) else None

    def size(self) -> int | None:
        return None if self.response is None else len(self.response.content)


def _api_call(http: httpx.Client, endpoint: Endpoint, last: _Last) -> Callable[[], None]:
    def call() -> None:
        last.response = check_status(http.get(endpoint.path, params=endpoint.params))

    return call


def _raw_call(driver: Driver, database: str, endpoint: Endpoint) -> Callable[[], None]:
    def call() -> None:
        for name, params in endpoint.raw:
            driver.execute_query(query(name), params, routing_=RoutingControl.READ, database_=database)

    return call


def measure_endpoints(http: httpx.Client, driver: Driver, database: str, scale: int, document: dict[str, Any], opts: argparse.Namespace) -> list[Row]:
    rows = []
    for endpoint in endpoints(document):
        _log(f"scale {scale}: {endpoint.name}")
        last = _Last()
        api, raw = time_pair(
            _api_call(http, endpoint, last), _raw_call(driver, database, endpoint),
            repeat=opts.repeat, warmup=opts.warmup, budget=opts.budget,
        )
        rows.append(
            {
                "section": "latency", "scale": scale, "name": endpoint.name, "path": endpoint.path,
                "params": endpoint.params, "statements": [name for name, _ in endpoint.raw], "n": api.n,
                "p50_s": api.p50, "p95_s": api.p95, "raw_n": raw.n, "raw_p50_s": raw.p50, "raw_p95_s": raw.p95,
                "ratio": api.p50 / raw.p50 if api.p50 and raw.p50 else None, "items": last.items(), "bytes": last.size(),
                "errors": api.errors, "raw_errors": raw.errors, "last_error": api.last_error or raw.last_error,
            }
        )
    for endpoint in feedback_hops():
        _log(f"scale {scale}: {endpoint.name}")
        last = _Last()
        api = time_repeated(_api_call(http, endpoint, last), repeat=opts.repeat, warmup=opts.warmup, budget=opts.budget)
        rows.append(
            {
                "section": "feedback_hops", "scale": scale, "name": endpoint.name, "max_hops": endpoint.params["max_hops"],
                "n": api.n, "p50_s": api.p50, "p95_s": api.p95, "items": last.items(), "bytes": last.size(),
                "errors": api.errors, "last_error": api.last_error,
            }
        )
    return rows


# -- concurrency -------------------------------------------------------------------------
def measure_concurrency(base_url: str, scale: int, opts: argparse.Namespace) -> list[Row]:
    paths = [
        ("/health (no database)", "/health"),
        ("/api/v1/stats", "/api/v1/stats"),
        ("interfaces-without-feedback", "/api/v1/analysis/interfaces-without-feedback"),
        ("recommendations-without-follow-up", "/api/v1/analysis/recommendations-without-follow-up"),
    ]
    rows: list[Row] = []
    health_rate: float | None = None
    for name, path in paths:
        _log(f"scale {scale}: {opts.concurrency} clients on {path}")
        result = load_test(
            base_url, path, concurrency=opts.concurrency, max_requests=opts.concurrent_requests,
            max_seconds=opts.concurrent_seconds, timeout=HTTP_TIMEOUT,
        )
        if path == "/health":
            health_rate = result.throughput
        rows.append(
            {
                "section": "concurrency", "scale": scale, "name": name, "path": path, "clients": opts.concurrency,
                "n": result.completed, "errors": result.errors, "elapsed_s": result.elapsed, "rate": result.throughput,
                "p50_s": percentile(result.latencies, 50), "p95_s": percentile(result.latencies, 95),
                "ratio": result.throughput / health_rate if health_rate else None, "last_error": result.last_error,
            }
        )
    return rows


# -- the run -----------------------------------------------------------------------------
def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated graph scales (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (default 20)")
    parser.add_argument("--import-repeat", type=int, default=3, help="import rounds (baseline + importer) per scale (default 3)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before each timed query (default 2)")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds after which a query stops repeating, once it has 3 samples (default 120)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic graph (default 0)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--concurrent-requests", type=int, default=2000, help="requests per path under load, at most (default 2000)")
    parser.add_argument("--concurrent-seconds", type=float, default=30.0, help="seconds per path under load, at most (default 30)")
    parser.add_argument("--out", type=Path, default=Path("bench/results"), help="directory for latest.md and latest.json")
    parser.add_argument("--quick", action="store_true", help="smoke run: scale 1, 5 repeats, 2 import rounds, short load")
    opts = parser.parse_args(argv)
    opts.scales = [int(s) for s in str(opts.scales).split(",") if s.strip()]
    if opts.quick:
        opts.scales, opts.repeat, opts.import_repeat, opts.warmup = [1], 5, 2, 1
        opts.concurrent_requests, opts.concurrent_seconds, opts.budget = 300, 10.0, 20.0
    if opts.repeat < 1 or opts.import_repeat < 1 or opts.concurrency < 1 or not opts.scales:
        parser.error("--repeat, --import-repeat, --concurrency and --scales must be positive")
    return opts


def run(opts: argparse.Namespace) -> str:
    rows: list[Row] = []
    notes: list[str] = []
    graphs: list[dict[str, Any]] = []
    meta: dict[str, Any] = report.machine()
    with provide_neo4j() as (info, how):
        driver = create_driver(info, retry_seconds=10.0, connect_timeout=10.0)
        try:
            db = Database(driver, info.database, timeout=IMPORT_TIMEOUT)
            apply_schema(db)
            meta |= {"neo4j": how, "neo4j_version": server_version(driver, info.database), "neo4j_pinned": neo4j_version()}
            with ApiServer(info, free_port()) as api, httpx.Client(base_url=api.base_url, timeout=HTTP_TIMEOUT) as http:
                for scale in opts.scales:
                    rows += _one_scale(driver, db, http, api.base_url, scale, opts, graphs, notes)
        finally:
            driver.close()
    meta |= {
        "scales": opts.scales, "repeat": opts.repeat, "import_repeat": opts.import_repeat, "warmup": opts.warmup,
        "budget_seconds": opts.budget, "seed": opts.seed, "concurrency": opts.concurrency,
        "concurrent_requests": opts.concurrent_requests, "concurrent_seconds": opts.concurrent_seconds,
        "quick": opts.quick, "graphs": graphs, "notes": notes,
    }
    return report.write(opts.out, meta, rows)


def _one_scale(
    driver: Driver, db: Database, http: httpx.Client, base_url: str, scale: int, opts: argparse.Namespace,
    graphs: list[dict[str, Any]], notes: list[str],
) -> list[Row]:
    _log(f"scale {scale}: building the graph")
    start = time.perf_counter()
    source = load_graph(scale, opts.seed)
    document = source.document
    graphs.append(
        {
            "scale": scale, "source": source.description, "nodes": len(document["nodes"]),
            "relationships": len(document["relationships"]), "build_seconds": round(time.perf_counter() - start, 2),
            "ids": describe_picks(document),
        }
    )
    rows, loaded = measure_import(driver, db, scale, document, opts.import_repeat)
    if not loaded:
        # The queries still need the graph: load it the baseline's way and say so.
        notes.append(f"scale {scale}: the importer failed; the queries ran on the graph the baseline wrote")
        clear_graph(driver, db.database)
        baseline_import(driver, db.database, document)
    rows += measure_endpoints(http, driver, db.database, scale, document, opts)
    rows += measure_concurrency(base_url, scale, opts)
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = _options(argv)
    markdown = run(opts)
    print(markdown)
    _log(f"wrote {opts.out / 'latest.md'} and {opts.out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
