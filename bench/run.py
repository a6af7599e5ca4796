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
from neo4j import Driver, Query, RoutingControl

from app.connection import free_port
from app.interchange import parse_document
from bench import report
from bench.baseline import baseline_import
from bench.database import clear_graph, provide_neo4j, server_version
from bench.measure import Samples, check_status, load_test, percentile, time_pair, time_repeated
from bench.server import ApiServer
from bench.workload import Endpoint, GraphSource, describe_picks, endpoints, feedback_hops, load_graph
from graph.actor import SYSTEM
from graph.cypher_catalog import query
from graph.database import Database, create_driver
from graph.local_server import neo4j_version
from graph.schema import apply_schema
from graph.transfer import import_document

Row = dict[str, Any]

# The service's own transactions time out after Settings.query_timeout (30 s); a large
# import in one transaction takes longer than that. The bench measures throughput, so the
# importer's transaction gets --import-timeout here (the API server keeps the service's
# default for the queries).
HTTP_TIMEOUT = 600.0


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _counts(driver: Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(query("graph_counts"), database_=database)
    return int(records[0]["nodes"]), int(records[0]["relationships"])


# -- import ------------------------------------------------------------------------------
def measure_import(
    driver: Driver, db: Database, scale: int, document: dict[str, Any], warm: dict[str, Any], opts: argparse.Namespace
) -> tuple[list[Row], bool]:
    """Alternate baseline and importer rounds, clearing before each; the importer goes last
    so its graph is the one the queries run on. Return the rows and whether it loaded.

    One untimed round on ``warm`` (a small graph of the same generator) goes first: the
    first run of a statement pays for planning and JIT, several seconds on a cold server,
    which would swamp a scale-1 import and flatter whichever side ran second.

    Rounds stop early once ``--budget`` seconds are spent (after one complete round), and
    after the first failed importer round: it would fail the same way, each time only
    after ``--import-timeout``.
    """
    _log(f"scale {scale}: import warm-up")
    clear_graph(driver, db.database)
    baseline_import(driver, db.database, warm)
    clear_graph(driver, db.database)
    import_document(db, parse_document(warm), SYSTEM)
    nodes, rels = len(document["nodes"]), len(document["relationships"])
    records = nodes + rels
    baseline, parse, write, total = Samples(), Samples(), Samples(), Samples()
    loaded = False
    rounds = opts.import_repeat
    deadline = time.perf_counter() + opts.budget
    for i in range(rounds):
        if i > 0 and time.perf_counter() > deadline:
            break
        _log(f"scale {scale}: import round {i + 1}/{rounds}")
        clear_graph(driver, db.database)
        baseline.record(lambda: baseline_import(driver, db.database, document))
        if baseline.n and _counts(driver, db.database) != (nodes, rels):
            raise RuntimeError(f"the baseline wrote {_counts(driver, db.database)}, expected {(nodes, rels)}")
        clear_graph(driver, db.database)
        start = time.perf_counter()
        try:
            parsed = parse_document(document)
            parsed_at = time.perf_counter()
            import_document(db, parsed, SYSTEM)
            done = time.perf_counter()
        except Exception as e:  # noqa: BLE001  # e.g. a transaction too large for the heap: a result, not a crash
            loaded = False
            total.errors += 1
            total.last_error = f"{type(e).__name__}: {e}"[:300]
            _log(f"scale {scale}: the importer failed: {total.last_error}")
            break
        parse.seconds.append(parsed_at - start)
        write.seconds.append(done - parsed_at)
        total.seconds.append(done - start)
        if _counts(driver, db.database) != (nodes, rels):
            raise RuntimeError(f"the importer wrote {_counts(driver, db.database)}, expected {(nodes, rels)}")
        loaded = True

    def row(name: str, s: Samples, ratio: float | None = None) -> Row:
        return {
            "section": "import",
            "scale": scale,
            "name": name,
            "records": records,
            "nodes": nodes,
            "relationships": rels,
            "n": s.n,
            "p50_s": s.p50,
            "p95_s": s.p95,
            "rate": records / s.p50 if s.p50 else None,
            "ratio": ratio,
            "errors": s.errors,
            "last_error": s.last_error,
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
    statements = [(Query(query(name), timeout=HTTP_TIMEOUT), params) for name, params in endpoint.raw]

    def call() -> None:
        for statement, params in statements:
            driver.execute_query(statement, params, routing_=RoutingControl.READ, database_=database)

    return call


def measure_endpoints(
    http: httpx.Client, driver: Driver, database: str, scale: int, source: GraphSource, opts: argparse.Namespace
) -> list[Row]:
    rows = []
    # /health first: no database, so its latency is the floor HTTP and FastAPI add.
    for endpoint in [Endpoint("/health (no database)", "/health"), *endpoints(source.document, source.today)]:
        _log(f"scale {scale}: {endpoint.name}")
        last = _Last()
        if endpoint.raw:
            api, raw = time_pair(
                _api_call(http, endpoint, last),
                _raw_call(driver, database, endpoint),
                repeat=opts.repeat,
                warmup=opts.warmup,
                budget=opts.budget,
            )
        else:
            api = time_repeated(
                _api_call(http, endpoint, last), repeat=opts.repeat, warmup=opts.warmup, budget=opts.budget
            )
            raw = Samples()
        rows.append(
            {
                "section": "latency",
                "scale": scale,
                "name": endpoint.name,
                "path": endpoint.path,
                "params": endpoint.params,
                "statements": [name for name, _ in endpoint.raw],
                "n": api.n,
                "p50_s": api.p50,
                "p95_s": api.p95,
                "raw_n": raw.n,
                "raw_p50_s": raw.p50,
                "raw_p95_s": raw.p95,
                "ratio": api.p50 / raw.p50 if api.p50 and raw.p50 else None,
                "items": last.items(),
                "bytes": last.size(),
                "errors": api.errors,
                "raw_errors": raw.errors,
                "last_error": api.last_error or raw.last_error,
            }
        )
    for endpoint in feedback_hops():
        _log(f"scale {scale}: {endpoint.name}")
        last = _Last()
        api = time_repeated(_api_call(http, endpoint, last), repeat=opts.repeat, warmup=opts.warmup, budget=opts.budget)
        rows.append(
            {
                "section": "feedback_hops",
                "scale": scale,
                "name": endpoint.name,
                "max_hops": endpoint.params["max_hops"],
                "n": api.n,
                "p50_s": api.p50,
                "p95_s": api.p95,
                "items": last.items(),
                "bytes": last.size(),
                "errors": api.errors,
                "last_error": api.last_error,
            }
        )
    return rows


# -- concurrency -------------------------------------------------------------------------
def measure_concurrency(port: int, scale: int, opts: argparse.Namespace) -> list[Row]:
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
            "127.0.0.1",
            port,
            path,
            concurrency=opts.concurrency,
            max_requests=opts.concurrent_requests,
            max_seconds=opts.concurrent_seconds,
            timeout=HTTP_TIMEOUT,
        )
        if path == "/health":
            health_rate = result.throughput
        rows.append(
            {
                "section": "concurrency",
                "scale": scale,
                "name": name,
                "path": path,
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


# -- the run -----------------------------------------------------------------------------
def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,10,100", help="comma-separated graph scales (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (default 20)")
    parser.add_argument(
        "--import-repeat", type=int, default=3, help="import rounds (baseline + importer) per scale (default 3)"
    )
    parser.add_argument(
        "--import-timeout",
        type=float,
        default=1800.0,
        help="transaction timeout of one importer run, seconds (default 1800)",
    )
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before each timed query (default 2)")
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="seconds after which a query stops repeating, once it has 3 samples (default 120)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic graph (default 0)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument(
        "--concurrent-requests", type=int, default=2000, help="requests per path under load, at most (default 2000)"
    )
    parser.add_argument(
        "--concurrent-seconds", type=float, default=30.0, help="seconds per path under load, at most (default 30)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("bench/results"), help="directory for latest.md and latest.json"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: scale 1, 5 repeats, 3 import rounds, short budget and load (explicit flags win)",
    )
    if parser.parse_known_args(argv)[0].quick:
        # --quick changes the defaults; flags given explicitly still win.
        parser.set_defaults(
            scales="1",
            repeat=5,
            import_repeat=3,
            warmup=1,
            budget=20.0,
            concurrent_requests=300,
            concurrent_seconds=10.0,
        )
    opts = parser.parse_args(argv)
    opts.scales = [int(s) for s in str(opts.scales).split(",") if s.strip()]
    if opts.repeat < 1 or opts.import_repeat < 1 or opts.concurrency < 1 or not opts.scales:
        parser.error("--repeat, --import-repeat, --concurrency and --scales must be positive")
    return opts


def run(opts: argparse.Namespace) -> str:
    rows: list[Row] = []
    notes: list[str] = []
    graphs: list[dict[str, Any]] = []
    meta: dict[str, Any] = report.machine()
    with provide_neo4j() as (info, how):
        driver = create_driver(info, retry_seconds=10.0, stall_seconds=10.0)
        try:
            db = Database(driver, info.database, timeout=opts.import_timeout)
            apply_schema(db)
            meta |= {
                "neo4j": how,
                "neo4j_version": server_version(driver, info.database),
                "neo4j_pinned": neo4j_version(),
            }
            with ApiServer(info, free_port()) as api, httpx.Client(base_url=api.base_url, timeout=HTTP_TIMEOUT) as http:
                for scale in opts.scales:
                    rows += _one_scale(driver, db, http, api.port, scale, opts, graphs, notes)
        finally:
            driver.close()
    meta |= {
        "scales": opts.scales,
        "repeat": opts.repeat,
        "import_repeat": opts.import_repeat,
        "warmup": opts.warmup,
        "budget_seconds": opts.budget,
        "import_timeout_seconds": opts.import_timeout,
        "seed": opts.seed,
        "concurrency": opts.concurrency,
        "concurrent_requests": opts.concurrent_requests,
        "concurrent_seconds": opts.concurrent_seconds,
        "quick": opts.quick,
        "graphs": graphs,
        "notes": notes,
    }
    return report.write(opts.out, meta, rows)


def _one_scale(
    driver: Driver,
    db: Database,
    http: httpx.Client,
    port: int,
    scale: int,
    opts: argparse.Namespace,
    graphs: list[dict[str, Any]],
    notes: list[str],
) -> list[Row]:
    _log(f"scale {scale}: building the graph")
    start = time.perf_counter()
    source = load_graph(scale, opts.seed)
    document = source.document
    graphs.append(
        {
            "scale": scale,
            "source": source.description,
            "nodes": len(document["nodes"]),
            "relationships": len(document["relationships"]),
            "build_seconds": round(time.perf_counter() - start, 2),
            "ids": describe_picks(document),
            "today": source.today,
        }
    )
    warm = document if scale <= 1 else load_graph(1, opts.seed).document
    rows, loaded = measure_import(driver, db, scale, document, warm, opts)
    if not loaded:
        # The queries still need the graph: load it the baseline's way and say so.
        notes.append(f"scale {scale}: the importer failed; the queries ran on the graph the baseline wrote")
        clear_graph(driver, db.database)
        baseline_import(driver, db.database, document)
    rows += measure_endpoints(http, driver, db.database, scale, source, opts)
    rows += measure_concurrency(port, scale, opts)
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = _options(argv)
    markdown = run(opts)
    print(markdown)
    _log(f"wrote {opts.out / 'latest.md'} and {opts.out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
