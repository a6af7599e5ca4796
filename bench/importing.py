"""The import rows: the service's importer beside a raw batched UNWIND of the same document."""

from __future__ import annotations

import argparse
import time
from typing import Any

from neo4j import Driver

from app.interchange import parse_document
from bench.baseline import baseline_import
from bench.database import clear_graph
from bench.measure import Samples
from bench.progress import log
from graph.actor import SYSTEM
from graph.cypher_catalog import query
from graph.database import Database
from graph.transfer import import_document

__all__ = ["measure_import"]

Row = dict[str, Any]


def _counts(driver: Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(query("graph_counts"), database_=database)
    return int(records[0]["nodes"]), int(records[0]["relationships"])


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
    log(f"scale {scale}: import warm-up")
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
        log(f"scale {scale}: import round {i + 1}/{rounds}")
        clear_graph(driver, db.database)
        timed = baseline.n
        baseline.record(lambda: baseline_import(driver, db.database, document))
        if baseline.n > timed and _counts(driver, db.database) != (nodes, rels):
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
            log(f"scale {scale}: the importer failed: {total.last_error}")
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
