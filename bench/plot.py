"""How cost grows with the graph, as one PNG of four panels over the node count:
cold answers (beside their in-memory reference), warm answers under concurrent clients,
import throughput (beside the raw baseline), and memory of the API and of Neo4j.

Drawn from the rows of one run only (``latest.json``), so the plot never mixes machines.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

__all__ = ["plot_growth"]

Row = dict[str, Any]


def plot_growth(rows: list[Row], graphs: list[dict[str, Any]], path: Path) -> Path | None:
    """Write the plot to ``path``; None (and nothing written) with fewer than two scales."""
    nodes = {g["scale"]: g["nodes"] for g in graphs}
    if len(nodes) < 2:  # one point is not a curve; nor is the plot of an earlier run
        path.unlink(missing_ok=True)
        return None
    import matplotlib  # the `bench` extra; imported here so the rest of the bench runs without it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def series(section: str, value: str, name: str | None = None) -> dict[str, list[tuple[int, float]]]:
        out: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for r in rows:
            if r["section"] == section and r.get(value) is not None and (name is None or r["name"] == name):
                out[r["name"]].append((nodes[r["scale"]], r[value]))
        return {k: sorted(v) for k, v in out.items()}

    fig, axes = plt.subplots(2, 2, figsize=(13, 9.5))
    cold, warm, imports, memory = axes[0][0], axes[0][1], axes[1][0], axes[1][1]

    colours = plt.get_cmap("tab10")
    answered = series("cold", "p95_s")
    colour = {name: colours(i % 10) for i, name in enumerate(answered)}  # a reference in its answer's colour
    for name, points in answered.items():
        xs, ys = zip(*points, strict=True)
        cold.plot(xs, ys, marker="o", color=colour[name], label=name)
    for name, points in series("edited", "p95_s").items():
        xs, ys = zip(*points, strict=True)
        cold.plot(xs, ys, linestyle="--", marker=".", color=colour.get(name, "black"))
    for name, points in series("cold", "reference_p50_s").items():
        if name == "interfaces (the map)":
            continue  # the same reference as interfaces-without-feedback
        xs, ys = zip(*points, strict=True)
        cold.plot(xs, ys, linestyle=":", color=colour.get(name, "black"))
    cold.axhline(1.0, color="grey", linewidth=0.8)
    cold.set(
        title="Cold answers, API p95: whole read (solid), after an edit (dashed); in-memory reference p50 (dotted)",
        ylabel="seconds",
    )
    cold.title.set_fontsize(9)

    for i, (name, points) in enumerate(series("warm", "p95_s").items()):
        xs, ys = zip(*points, strict=True)
        warm.plot(xs, [y * 1000 for y in ys], marker="o", color=colours(i % 10), label=name)
    warm.axhline(20, color="grey", linewidth=0.8)
    warm.set(title="Warm answers under concurrent clients: p95", ylabel="milliseconds")

    for name, style in (("importer: total", "o-"), ("baseline: UNWIND + CREATE, raw driver", "s--")):
        for label, points in series("import", "rate", name).items():
            xs, ys = zip(*points, strict=True)
            imports.plot(xs, ys, style, label=label)
    imports.set(title="Import throughput", ylabel="records (nodes + relationships) per second")

    for key, label, style in (
        ("api_cold_peak_mib", "API peak, cache off (cold answers)", "o-"),
        ("api_warm_peak_mib", "API peak, cache on (warm, under writes)", "s-"),
        ("neo4j_rss_mib", "Neo4j resident", "^--"),
    ):
        points = sorted((nodes[r["scale"]], r[key]) for r in rows if r["section"] == "memory" and r.get(key))
        if points:
            xs, ys = zip(*points, strict=True)
            memory.plot(xs, ys, style, label=label)
    memory.set(title="Memory", ylabel="MiB")

    for ax in (cold, warm, imports, memory):
        ax.set_xscale("log")
        ax.set_xlabel("nodes in the graph")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    cold.set_yscale("log")
    fig.suptitle("How cost grows with the graph (one run, one machine; see latest.md)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
