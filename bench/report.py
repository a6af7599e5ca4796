"""The results as one document: the machine and run, then one row per measurement.

``latest.json`` holds every row with all its fields; ``latest.md`` renders the same rows as
the issue's targets with the figure measured at each scale, a growth table, and one
Markdown table per kind of measurement (the targets and the growth table are derived from
the rows, so they add no measurement of their own).
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = ["TARGETS", "machine", "render_markdown", "render_targets", "write"]

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


def _pair(row: Row, first: str, second: str) -> str:
    return f"{_num(row.get(first), 0)} / {_num(row.get(second), 0)}"


def _worst(rows: list[Row], key: str, *, highest: bool) -> Row | None:
    scored = [r for r in rows if r.get(key) is not None]
    if not scored:
        return None
    return (max if highest else min)(scored, key=lambda r: r[key])


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


@dataclass(frozen=True)
class _Target:
    """One of the issue's targets, judged at one scale from that scale's rows."""

    text: str
    judge: Callable[[list[Row]], str]
    # The issue sets the cold targets for scale 100; below it the figure is shown, not judged.
    from_scale: int = 1

    def at(self, scale: int, rows: list[Row]) -> str:
        figure = self.judge(rows)
        if scale >= self.from_scale or figure[:1] not in ("✓", "✗"):
            return figure
        return figure[2:] + " (not judged)"


def _warm_ratio(rows: list[Row]) -> str:
    w = _worst(
        [r for r in rows if r["section"] == "warm" and r["status"] == 200 and r["path"] != "/health"],
        "ratio",
        highest=False,
    )
    return "-" if w is None else f"{_mark(w['ratio'] >= 0.5)} {w['ratio']:.2f}x ({w['name']})"


def _warm_p95(rows: list[Row]) -> str:
    w = _worst(
        [r for r in rows if r["section"] == "warm" and r["status"] == 200 and r["path"] != "/health"],
        "p95_s",
        highest=True,
    )
    return "-" if w is None else f"{_mark(w['p95_s'] < 0.020)} {_ms(w['p95_s'])} ms ({w['name']})"


def _not_modified(rows: list[Row]) -> str:
    warm = [r for r in rows if r["section"] == "warm"]
    revalidated = next((r for r in warm if r["status"] == 304), None)
    answered = next((r for r in warm if r["status"] == 200 and revalidated and r["path"] == revalidated["path"]), None)
    if not revalidated or not answered or not revalidated["rate"] or not answered["rate"]:
        return "-"
    gain = revalidated["rate"] / answered["rate"]
    return f"{_mark(gain > 1)} {gain:.2f}x the 200's req/s"


def _cold_p95(section: str) -> Callable[[list[Row]], str]:
    def judge(rows: list[Row]) -> str:
        w = _worst([r for r in rows if r["section"] == section and r["target"]], "p95_s", highest=True)
        return "-" if w is None else f"{_mark(w['p95_s'] < 1.0)} {_ms(w['p95_s'])} ms ({w['name']})"

    return judge


def _cold_ratio(section: str) -> Callable[[list[Row]], str]:
    def judge(rows: list[Row]) -> str:
        w = _worst([r for r in rows if r["section"] == section and r["target"]], "ratio", highest=True)
        return "-" if w is None else f"{_mark(w['ratio'] <= 2.0)} {w['ratio']:.2f}x ({w['name']})"

    return judge


def _overhead(rows: list[Row]) -> str:
    w = _worst([r for r in rows if r["section"] == "per_id"], "overhead_s", highest=True)
    return "-" if w is None else f"{_mark(w['overhead_s'] < 0.001)} {_ms(w['overhead_s'])} ms ({w['name']})"


def _import(rows: list[Row]) -> str:
    r = next((r for r in rows if r["section"] == "import" and r.get("ratio") is not None), None)
    return "-" if r is None else f"{_mark(r['ratio'] >= 0.8)} {r['ratio']:.2f}x"


def _writes(rows: list[Row]) -> str:
    r = next((r for r in rows if r["section"] == "writes"), None)
    if r is None or r["p50_s"] is None:
        return "-"
    return f"p50 {_ms(r['p50_s'])} ms, p95 {_ms(r['p95_s'])} ms, {100 * (r['cold_share'] or 0):.0f}% cold"


TARGETS = [
    _Target("Warm: 32 clients on cached answers ≥ 0.5x `/health` req/s (worst answer)", _warm_ratio),
    _Target("Warm: p95 < 20 ms (worst answer)", _warm_p95),
    _Target("Warm: a 304 cheaper than the 200", _not_modified),
    _Target(
        "Cold after an edit through the service, from scale 100: every answer but network p95 < 1 s (worst)",
        _cold_p95("edited"),
        100,
    ),
    _Target(
        "Cold after an edit through the service, from scale 100: within 2x of the in-memory reference, p50 (worst)",
        _cold_ratio("edited"),
        100,
    ),
    _Target(
        "Cold from a whole read (after a start, or a write made around the service), from scale 100: "
        "every answer but network p95 < 1 s (worst)",
        _cold_p95("cold"),
        100,
    ),
    _Target(
        "Cold from a whole read, from scale 100: within 2x of the in-memory reference, p50 (worst)",
        _cold_ratio("cold"),
        100,
    ),
    _Target("Under writes: the dashboard's answers (no target; reported)", _writes),
    _Target("Per id: API overhead < 1 ms p50 over the raw driver (worst)", _overhead),
    _Target("Import: ≥ 0.8x the raw batched UNWIND", _import),
]


def render_targets(rows: list[Row]) -> str:
    """The issue's targets, one row each, the figure measured at each scale beside it."""
    scales = sorted({r["scale"] for r in rows})
    by_scale = {s: [r for r in rows if r["scale"] == s] for s in scales}
    return "\n".join(
        _table(
            ["target", *(f"scale {s}" for s in scales)],
            [{"target": t} for t in TARGETS],
            lambda r: [r["target"].text, *(r["target"].at(s, by_scale[s]) for s in scales)],
        )
    )


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
            f"scale {g['scale']}: {g['source']}, {g['nodes']:,} nodes, {g['relationships']:,} relationships"
            for g in meta["graphs"]
        ),
        f"- warm: {meta['concurrency']} clients, at most {meta['concurrent_requests']} requests "
        f"or {meta['concurrent_seconds']:.0f} s per path; under writes: {meta['writes_seconds']:.0f} s",
        "- packages: " + ", ".join(f"{k} {v}" for k, v in meta["packages"].items()),
    ]
    if meta.get("notes"):
        out += [f"- note: {n}" for n in meta["notes"]]

    out += ["", "## Targets (issue 14), measured in this run", "", render_targets(rows)]
    if meta.get("plot"):
        out += ["", f"![How cost grows with the graph]({meta['plot']})"]

    memory = {r["scale"]: r for r in of("memory")}
    imports = {r["scale"]: r for r in of("import") if r["name"] == "importer: total"}
    nodes = {g["scale"]: g for g in meta["graphs"]}
    out += ["", "## How cost grows", ""]
    out += _table(
        [
            "scale",
            "nodes",
            "relationships",
            "import records/s",
            "cold p95 ms, worst answer (after an edit / whole read)",
            "warm p95 ms (worst answer)",
            "API peak MiB (cold / warm)",
            "Neo4j MiB",
        ],
        [{"scale": s} for s in sorted(nodes)],
        lambda r: [
            str(r["scale"]),
            f"{nodes[r['scale']]['nodes']:,}",
            f"{nodes[r['scale']]['relationships']:,}",
            _num(imports.get(r["scale"], {}).get("rate"), 0),
            " / ".join(
                _ms(
                    (
                        _worst([c for c in of(kind) if c["scale"] == r["scale"] and c["target"]], "p95_s", highest=True)
                        or {}
                    ).get("p95_s")
                )
                for kind in ("edited", "cold")
            ),
            _ms(
                (
                    _worst(
                        [
                            w
                            for w in of("warm")
                            if w["scale"] == r["scale"] and w["status"] == 200 and w["path"] != "/health"
                        ],
                        "p95_s",
                        highest=True,
                    )
                    or {}
                ).get("p95_s")
            ),
            _pair(memory.get(r["scale"], {}), "api_cold_peak_mib", "api_warm_peak_mib"),
            _num(memory.get(r["scale"], {}).get("neo4j_rss_mib"), 0),
        ],
    )

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

    out += [
        "",
        "## Cold answers from a whole read (answer cache off), beside the same answer computed in memory",
        "",
        "`full`: a caller cleared for everything; `public`: cleared for ONGERUBRICEERD only. "
        "`API/ref` = full p50 ÷ reference p50.",
        "",
    ]
    out += _table(
        [
            "scale",
            "answer",
            "n",
            "full p50 ms",
            "full p95 ms",
            "public p50 ms",
            "public p95 ms",
            "reference p50 ms",
            "API/ref",
            "items",
            "bytes",
            "errors",
        ],
        of("cold"),
        lambda r: [
            str(r["scale"]),
            r["name"] + ("" if r["target"] else " (no target)"),
            str(r["n"]),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            _ms(r["public_p50_s"]),
            _ms(r["public_p95_s"]),
            _ms(r["reference_p50_s"]),
            _num(r.get("ratio")),
            _num(r.get("items"), 0),
            _num(r.get("bytes"), 0),
            str(r["errors"]),
        ],
    )

    out += [
        "",
        "## Cold answers right after an edit through the service (caches on)",
        "",
        "Before each timed request the editor changes an Action, an Interface and a Recommendation "
        "(untimed): the answer is computed again from inputs brought up to date by reading again what "
        "the edits changed. Reference: the same as in the table above.",
        "",
    ]
    out += _table(
        ["scale", "answer", "n", "full p50 ms", "full p95 ms", "public p50 ms", "public p95 ms", "API/ref", "errors"],
        of("edited"),
        lambda r: [
            str(r["scale"]),
            r["name"] + ("" if r["target"] else " (no target)"),
            str(r["n"]),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            _ms(r["public_p50_s"]),
            _ms(r["public_p95_s"]),
            _num(r.get("ratio")),
            str(r["errors"]),
        ],
    )

    out += ["", "## Per-id requests: API (HTTP, cache off) beside the same Cypher on the bare driver", ""]
    out += _table(
        ["scale", "request", "n", "API p50 ms", "raw p50 ms", "overhead ms", "API p95 ms", "raw p95 ms", "errors"],
        of("per_id"),
        lambda r: [
            str(r["scale"]),
            r["name"],
            str(r["n"]),
            _ms(r["p50_s"]),
            _ms(r["raw_p50_s"]),
            _ms(r["overhead_s"]),
            _ms(r["p95_s"]),
            _ms(r["raw_p95_s"]),
            str(r["errors"]),
        ],
    )

    out += ["", f"## Warm answers: {meta['concurrency']} concurrent clients, cache on (same server as `/health`)", ""]
    out += _table(
        ["scale", "path", "status", "requests", "errors", "req/s", "p50 ms", "p95 ms", "req/s vs /health"],
        of("warm"),
        lambda r: [
            str(r["scale"]),
            r["name"],
            str(r["status"]),
            str(r["n"]),
            str(r["errors"]),
            _num(r["rate"], 1),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            _num(r.get("ratio"), 3),
        ],
    )

    out += [
        "",
        "## Under writes: one dashboard polling every answer (with If-None-Match), an edit each second",
        "",
    ]
    out += _table(
        [
            "scale",
            "answers",
            "edits",
            "p50 ms",
            "p95 ms",
            "304",
            "cached 200",
            "cold 200",
            "cold share",
            "cold p50 ms",
            "cold p95 ms",
            "errors",
        ],
        of("writes"),
        lambda r: [
            str(r["scale"]),
            str(r["n"]),
            str(r["writes"]),
            _ms(r["p50_s"]),
            _ms(r["p95_s"]),
            str(r["not_modified"]),
            str(r["hits"]),
            str(r["misses"]),
            "-" if r["cold_share"] is None else f"{100 * r['cold_share']:.0f}%",
            _ms(r["cold_p50_s"]),
            _ms(r["cold_p95_s"]),
            str(r["errors"]),
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
