"""Benchmark the service: import, cold and warm answers, answers under writes, per-id
requests, memory, and how each grows with the graph.

    python -m bench.run                                  # scales 1, 10, 100, 300 (make bench)
    python -m bench.run --scales 1,10 --out /tmp/bench   # less
    python -m bench.run --quick                          # scale 1, few repeats: a smoke run

For each scale the graph is loaded twice, by a raw-driver baseline and by the service's
importer (the database cleared before each). Then an API with its answer cache off answers
every analysis question cold from whole reads, beside the same answer computed in memory
from the document, and each per-id request beside its Cypher on the bare driver; then an
API with its cache on answers every question right after an edit made through it, serves
concurrent clients on warm answers beside ``/health``, and a polling dashboard while an
editor writes. The tables go to ``<out>/latest.md`` and ``<out>/latest.json`` (and are
printed), the growth plot to ``<out>/growth.png``. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import httpx
from neo4j import Driver

from app.connection import free_port
from bench import report
from bench.baseline import baseline_import
from bench.callers import Callers, bench_callers
from bench.cold import measure_after_edit, measure_cold, measure_per_id
from bench.database import BenchNeo4j, clear_graph, provide_neo4j, server_version
from bench.importing import measure_import
from bench.memory import memory_of
from bench.plot import plot_growth
from bench.progress import log
from bench.server import ApiServer
from bench.warm import measure_warm
from bench.workload import describe_picks, load_graph
from bench.writes import measure_under_writes
from graph.database import Database, create_driver
from graph.local_server import neo4j_version
from graph.schema import apply_schema

Row = dict[str, Any]

HTTP_TIMEOUT = 600.0


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,10,100,300", help="comma-separated graph scales (default 1,10,100,300)")
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
        "--concurrent-requests", type=int, default=10000, help="requests per path under load, at most (default 10000)"
    )
    parser.add_argument(
        "--concurrent-seconds", type=float, default=30.0, help="seconds per path under load, at most (default 30)"
    )
    parser.add_argument(
        "--writes-seconds",
        type=float,
        default=30.0,
        help="how long the dashboard polls while the editor writes (default 30)",
    )
    parser.add_argument("--heap", default="4g", help="heap of the private Neo4j (default 4g)")
    parser.add_argument("--pagecache", default="3g", help="page cache of the private Neo4j (default 3g)")
    parser.add_argument(
        "--out", type=Path, default=Path("bench/results"), help="directory for latest.md, latest.json, growth.png"
    )
    parser.add_argument("--no-plot", action="store_true", help="skip growth.png (matplotlib not needed then)")
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
            writes_seconds=10.0,
            heap="1g",
            pagecache="512m",
        )
    opts = parser.parse_args(argv)
    opts.scales = [int(s) for s in str(opts.scales).split(",") if s.strip()]
    if opts.repeat < 1 or opts.import_repeat < 1 or opts.concurrency < 1 or not opts.scales:
        parser.error("--repeat, --import-repeat, --concurrency and --scales must be positive")
    if opts.writes_seconds <= 0:
        parser.error("--writes-seconds must be positive")
    return opts


def run(opts: argparse.Namespace) -> str:
    rows: list[Row] = []
    notes: list[str] = []
    graphs: list[dict[str, Any]] = []
    meta: dict[str, Any] = report.machine()
    with provide_neo4j(opts.heap, opts.pagecache) as neo4j, bench_callers() as callers:
        driver = create_driver(neo4j.info, retry_seconds=10.0, stall_seconds=600.0)
        try:
            db = Database(driver, neo4j.info.database, timeout=opts.import_timeout)
            apply_schema(db)
            meta |= {
                "neo4j": neo4j.how,
                "neo4j_version": server_version(driver, neo4j.info.database),
                "neo4j_pinned": neo4j_version(),
            }
            for scale in opts.scales:
                rows += _one_scale(neo4j, driver, db, callers, scale, opts, graphs, notes)
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
        "writes_seconds": opts.writes_seconds,
        "quick": opts.quick,
        "graphs": graphs,
        "notes": notes,
    }
    plotted = plot_growth(rows, graphs, opts.out / "growth.png") if not opts.no_plot else None
    meta["plot"] = plotted.name if plotted else None
    return report.write(opts.out, meta, rows)


def _one_scale(
    neo4j: BenchNeo4j,
    driver: Driver,
    db: Database,
    callers: Callers,
    scale: int,
    opts: argparse.Namespace,
    graphs: list[dict[str, Any]],
    notes: list[str],
) -> list[Row]:
    log(f"scale {scale}: building the graph")
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
        # The answers still need the graph: load it the baseline's way and say so.
        notes.append(f"scale {scale}: the importer failed; the answers ran on the graph the baseline wrote")
        clear_graph(driver, db.database)
        baseline_import(driver, db.database, document)
    database = neo4j.info.database
    with (
        ApiServer(neo4j.info, free_port(), key_file=callers.key_file, answer_cache=False) as api,
        httpx.Client(base_url=api.base_url, timeout=HTTP_TIMEOUT) as http,
    ):
        cold = measure_cold(http, callers, scale, source, opts)
        rows += cold
        rows += measure_per_id(http, driver, database, callers, scale, source, opts)
        cold_memory = memory_of(api.pid)
    with (
        ApiServer(neo4j.info, free_port(), key_file=callers.key_file) as api,
        httpx.Client(base_url=api.base_url, timeout=HTTP_TIMEOUT) as http,
    ):
        references = {r["name"]: r["reference_p50_s"] for r in cold}
        rows += measure_after_edit(http, callers, scale, source, opts, references)
        rows += measure_warm(http, api.port, callers, scale, source, opts)
        rows += measure_under_writes(api.base_url, callers, scale, source, opts)
        warm_memory = memory_of(api.pid)
    rows.append(
        {
            "section": "memory",
            "scale": scale,
            "name": "memory",
            "api_cold_peak_mib": cold_memory.peak_mib,
            "api_warm_peak_mib": warm_memory.peak_mib,
            "neo4j_rss_mib": memory_of(neo4j.pid()).rss_mib,
        }
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = _options(argv)
    markdown = run(opts)
    print(markdown)
    log(f"wrote {opts.out / 'latest.md'} and {opts.out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
