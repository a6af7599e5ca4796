"""The results as one document: the machine and run, then one row per measurement.

``latest.json`` holds every row with all its fields; ``latest.md`` renders the same rows as
one Markdown table per kind of measurement, plus a pivot of API p50 by scale (derived from
the latency rows, so it adds no measurement of its own).
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = ["machine", "render_markdown", "write"]

Row = dict[str, Any]


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """What the numbers depend on besides the code."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "memory": _mem_total(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": {p: _version(p) for p in ("neo4j", "neo4j-rust-ext", "fastapi", "uvicorn", "httpx")},
    }


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _table(headers: Sequence[str], rows: list[Row], cells: Callable[[Row], Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in rows]
    return lines


def render_markdown(meta: dict[str, Any], rows: list[Row]) -> str:
    def of(section: str) -> list[Row]:
        return [r for r in rows if r["section"] == section]

    out = [
        "# Benchmark" + (" (quick smoke run: not for comparison)" if meta.get("quick") else ""),
        "",
        f"- date: {meta['date']}",
        f"- machine: {meta['cpu_count']} cores, {meta['memory']} memory, {meta['platform']}, Python {meta['python']}",
        f"- Neo4j: {meta['neo4j_version']} ({meta['neo4j']}); pinned {meta['neo4j_pinned']}",
        f"- scales: {', '.join(map(str, meta['scales']))}; repeat {meta['repeat']} (import {meta['import_repeat']}), "
        f"warm-up {meta['warmup']}, budget {meta['budget_seconds']:.0f} s per measurement; seed {meta['seed']}",
        "- graphs: "
        + "; ".join(
            f"scale {g['scale']}: {g['source']}, {g['nodes']} nodes, {g['relationships']} relationships"
            for g in meta["graphs"]
        ),
        f"- concurrency: {meta['concurrency']} clients, at most {meta['concurrent_requests']} requests "
        f"or {meta['concurrent_seconds']:.0f} s per path",
        "- packages: " + ", ".join(f"{k} {v}" for k, v in meta["packages"].items()),
    ]
    if meta.get("notes"):
        out += [f"- note: {n}" for n in meta["notes"]]

    out += ["", "## Import (medians; throughput = (nodes + relationships) / seconds)", ""]
    out += _table(
        ["scale", "measurement", "records", "n", "p50 s", "records/s", "importer/baseline", "errors"],
        of("import"),
        lambda r: [
            str(r["scale"]),
            r["name"],
            f"{r['records']:,}",
            str(r["n"]),
            _num(r["p50_s"], 3),
            _num(r["rate"], 0),
            _num(r.get("ratio")),
            str(r["errors"]),
        ],
    )

    out += ["", "## Endpoints: API (HTTP) beside the same Cypher with the raw driver", ""]
    out += _table(
        [
            "scale",
            "endpoint",
            "n",
            "API p50 ms",
            "API p95 ms",
            "raw p50 ms",
            "raw p95 ms",
            "API/raw p50",
            "items",
            "bytes",
            "errors",
        ],
        of("latency"),
        lambda r: [
            str(r["scale"]),
            r["name"],
            str(r["n"]),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            _ms(r["raw_p50_s"]),
            _ms(r["raw_p95_s"]),
            _num(r.get("ratio")),
            _num(r.get("items"), 0),
            _num(r.get("bytes"), 0),
            f"{r['errors']}+{r['raw_errors']}",
        ],
    )

    out += ["", "## Feedback loops by bound (API, interfaces-without-feedback)", ""]
    out += _table(
        ["scale", "max_hops", "n", "p50 ms", "p95 ms", "without feedback", "errors"],
        of("feedback_hops"),
        lambda r: [
            str(r["scale"]),
            str(r["max_hops"]),
            str(r["n"]),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            _num(r.get("items"), 0),
            str(r["errors"]),
        ],
    )

    latency = of("latency")
    scales = sorted({r["scale"] for r in latency})
    if len(scales) > 1:
        names = list(dict.fromkeys(r["name"] for r in latency))
        by = {(r["name"], r["scale"]): r for r in latency}
        out += ["", "## Growth with the graph (API p50 ms, from the rows above)", ""]
        out += _table(
            ["endpoint", *(f"scale {s}" for s in scales)],
            [{"name": n} for n in names],
            lambda r: [r["name"], *(_ms(by[(r["name"], s)]["p50_s"]) if (r["name"], s) in by else "-" for s in scales)],
        )

    out += ["", f"## Read throughput, {meta['concurrency']} concurrent clients (same server)", ""]
    out += _table(
        ["scale", "path", "requests", "errors", "seconds", "req/s", "p50 ms", "p95 ms", "req/s vs /health"],
        of("concurrency"),
        lambda r: [
            str(r["scale"]),
            r["name"],
            str(r["n"]),
            str(r["errors"]),
            _num(r["elapsed_s"], 1),
            _num(r["rate"], 1),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            _num(r.get("ratio"), 3),
        ],
    )
    failures = [r for r in rows if r.get("last_error")]
    if failures:
        out += ["", "## Errors (last one per row)", ""]
        out += [f"- scale {r['scale']} {r['section']} {r['name']}: {r['last_error']}" for r in failures]
    return "\n".join(out) + "\n"


def write(out_dir: Path, meta: dict[str, Any], rows: list[Row]) -> str:
    """Write latest.md and latest.json; return the Markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(meta, rows)
    (out_dir / "latest.md").write_text(markdown, encoding="utf-8")
    (out_dir / "latest.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return markdown
