"""How long the map (issue #11) takes to draw a large network in headless Chromium.

    .venv/bin/python -m bench.ui                       # scale 10 (~2,250 interfaces), 5 runs
    .venv/bin/python -m bench.ui --scale 1 --repeat 3  # a smoke run

A private Neo4j (as ``bench.run`` starts one) gets the synthetic graph of ``--scale``; the
real API serves it under uvicorn in a child process (``bench.server``) with a signing key of
its own in a temporary folder; Debian's Chromium (headless, through Playwright) opens the
page at ``/``, signs in with an editor's token and waits until the map has drawn. Each run
is a fresh browser context (nothing cached in the page; the API's answers are cached after
the first run, as they are for a coordinator's second look).

Measured per run, in the page (``window.kgMap.timings()``, ``performance.now()``):

- ``fetch``: from the sign-in click until the answers are in (``/me``, every organisation,
  ``/analysis/interfaces`` for the default filters), parsed;
- ``build``: the Cytoscape elements added; ``layout``: fcose's two steps (spectral, then
  refinement; see ``LAYOUT`` in ``app/static/map.js``); ``render``: the two animation frames
  in which Cytoscape paints;
- ``draw + layout`` = build + layout + render: what the target of 3 s is about;
- ``sign-in to map``: the whole wait, measured outside the page.

Then, in one page, the layout alone under other fcose settings on the same elements (the
vendored Cytoscape and fcose, headless), to show what the map's setting was chosen over:
fcose's defaults in one run, its refinement alone from deterministic positions
(``randomize: false``), and the spectral step alone.

Prints a Markdown report and writes it to ``<out>/ui.md``. Not a test: numbers depend on
the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, ViewportSize, sync_playwright

from app.connection import free_port
from app.interchange import parse_document
from bench import report
from bench.callers import bench_callers
from bench.database import clear_graph, provide_neo4j, server_version
from bench.server import ApiServer
from bench.workload import load_graph
from graph.actor import SYSTEM
from graph.database import Database, create_driver
from graph.schema import apply_schema
from graph.transfer import import_document
from tests.browser import LAUNCH_ARGS, find_chromium

__all__ = ["main"]

VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
TARGET_SECONDS = 3.0

# The layout alone under other fcose settings, on the drawn elements, in the same page: a
# headless Cytoscape (no painting; the page runs measure that), the map's node sizes, every
# variant under the same seeded random numbers as the map (so each is reproducible), and
# for the randomize: false ones the nodes on a sunflower spiral, best-connected first.
_VARIANTS = """
async ({variants, nodes, edges, ll}) => {
  const big = new Set(ll);
  const spiral = (i) => {
    const a = i * 2.399963, r = 28 * Math.sqrt(i + 0.5);
    return {x: r * Math.cos(a), y: r * Math.sin(a)};
  };
  const seeded = (seed) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const results = [];
  for (const variant of variants) {
    const cy = cytoscape({headless: true, styleEnabled: true,
      style: [{selector: 'node', style: {width: 14, height: 14}},
              {selector: 'node.ll', style: {width: 24, height: 24}}],
      elements: [
        ...nodes.map((id, i) => ({group: 'nodes', data: {id}, classes: big.has(id) ? 'll' : '', position: spiral(i)})),
        ...edges.map(([id, source, target]) => ({group: 'edges', data: {id, source, target}})),
      ]});
    const random = Math.random;
    Math.random = seeded(20250101);
    const steps = [];
    try {
      for (const options of variant.steps) {
        const start = performance.now();
        cy.layout({name: 'fcose', animate: false, fit: false, ...options}).run();  // synchronous
        steps.push(Math.round(performance.now() - start));
      }
    } finally {
      Math.random = random;
    }
    results.push({name: variant.name, steps});
    cy.destroy();
  }
  return {results};
}
"""

# The map's setting for large graphs (LARGE_LAYOUT in app/static/map.js) and what it was
# chosen over.
_LARGE = {
    "nodeDimensionsIncludeLabels": False,
    "idealEdgeLength": 50,
    "nodeRepulsion": 4500,
    "nodeSeparation": 75,
    "tile": True,
}
LAYOUT_VARIANTS: list[dict[str, Any]] = [
    {
        "name": "fcose's defaults: spectral + refinement in one run (randomize: true)",
        "steps": [{"randomize": True, "quality": "default"}],
    },
    {
        "name": "refinement alone from the spiral (randomize: false, fcose's defaults)",
        "steps": [{"randomize": False, "quality": "default"}],
    },
    {
        "name": "**the map's**: spectral (draft), then a cool refinement (randomize: false, energy 0.05)",
        "steps": [
            {**_LARGE, "randomize": True, "quality": "draft"},
            {**_LARGE, "randomize": False, "quality": "default", "initialEnergyOnIncremental": 0.05},
        ],
    },
    {
        "name": "spectral alone (draft): organisations without interfaces piled up, no refinement",
        "steps": [{**_LARGE, "randomize": True, "quality": "draft"}],
    },
]


def _load() -> str:
    """The 1-minute load average: how busy the machine was around the measurement."""
    return f"{os.getloadavg()[0]:.1f}"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _one_run(browser: Browser, base_url: str, token: str) -> dict[str, Any]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base_url}/")
        page.get_by_label("Token", exact=True).fill(token)
        clicked = page.evaluate("() => performance.now()")
        started = time.perf_counter()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_function("() => window.kgMap && kgMap.ready() && kgMap.generation() > 0", timeout=120_000)
        waited = time.perf_counter() - started
        timings: dict[str, Any] = page.evaluate("() => kgMap.timings()")
        if errors:
            raise RuntimeError(f"the page logged errors: {errors}")
        fetch_ms = timings["fetched_at_ms"] - clicked
        draw_ms = timings["build_ms"] + timings["layout_ms"] + timings["render_ms"]
        return {
            "fetch_ms": fetch_ms,
            "build_ms": timings["build_ms"],
            "layout_ms": timings["layout_ms"],
            "steps": timings["layout_steps_ms"],
            "render_ms": timings["render_ms"],
            "draw_ms": draw_ms,
            "total_ms": waited * 1000,
            "nodes": timings["nodes"],
            "edges": timings["edges"],
            "summary": page.evaluate("() => kgMap.summary()"),
        }
    finally:
        context.close()


def _variants(browser: Browser, base_url: str, token: str, graph: dict[str, Any]) -> dict[str, Any]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/")
        page.get_by_label("Token", exact=True).fill(token)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_function("() => window.kgMap && kgMap.ready() && kgMap.generation() > 0", timeout=120_000)
        nodes = page.evaluate("() => kgMap.nodeIds()")
        degree: dict[str, int] = {}
        for item in graph["items"]:
            for end in (item["from"]["id"], item["to"]["id"]):
                degree[end] = degree.get(end, 0) + 1
        nodes.sort(key=lambda n: (-degree.get(n, 0), n))
        edges = [[e["id"], e["from"]["id"], e["to"]["id"]] for e in graph["items"]]
        ll = page.evaluate("() => kgMap.withClass('ll')")
        arg = {"variants": LAYOUT_VARIANTS, "nodes": nodes, "edges": edges, "ll": ll}
        answer: dict[str, Any] = page.evaluate(_VARIANTS, arg)
        return answer
    finally:
        context.close()


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def _render(meta: dict[str, Any], runs: list[dict[str, Any]], variants: dict[str, Any]) -> str:
    first, later = runs[0], runs[1:] or runs[:1]
    draw = _median(later, "draw_ms") / 1000
    lines = [
        "# The map at scale {scale}: draw and layout in headless Chromium".format(**meta),
        "",
        f"`python -m bench.ui --scale {meta['scale']} --repeat {meta['repeat']}` on {meta['date']}: "
        f"{meta['cpu_count']} cores, {meta['memory']}, {meta['chromium']}, {meta['neo4j_version']}; "
        f"graph {meta['graph']} ({meta['graph_nodes']:,} nodes, {meta['graph_relationships']:,} relationships); "
        f"viewport {VIEWPORT['width']}x{VIEWPORT['height']}; load average before/after "
        f"{meta['load_before']} / {meta['load_after']} (the machine is shared: other runs inflate every figure).",
        "",
        f"Drawn: {first['nodes']:,} organisations and {first['edges']:,} interfaces; summary line "
        f"“{first['summary']}”.",
        "",
        f"**Draw + layout: {draw:.2f} s** (median of {len(later)} runs after the first; "
        f"target < {TARGET_SECONDS:.0f} s: {'met' if draw < TARGET_SECONDS else 'NOT met'}).",
        "",
        "| run | fetch (API, parse) | build | layout (spectral + refinement) | render | draw + layout | sign-in |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, run in enumerate(runs, 1):
        label = f"{n} (cold API cache)" if n == 1 else str(n)
        lines.append(
            f"| {label} | {run['fetch_ms'] / 1000:.2f} s | {run['build_ms'] / 1000:.2f} s | "
            f"{run['layout_ms'] / 1000:.2f} s ({' + '.join(f'{ms / 1000:.2f}' for ms in run['steps'])}) | "
            f"{run['render_ms'] / 1000:.2f} s | "
            f"**{run['draw_ms'] / 1000:.2f} s** | {run['total_ms'] / 1000:.2f} s |"
        )
    lines += [
        "",
        "Layout alone under other fcose settings: the same elements in a headless Cytoscape in the same page:",
        "",
        "| fcose setting | layout | steps |",
        "|---|---|---|",
    ]
    lines += [
        f"| {v['name']} | {sum(v['steps']) / 1000:.2f} s | {' + '.join(f'{ms / 1000:.2f}' for ms in v['steps'])} |"
        for v in variants["results"]
    ]
    lines.append("")
    return "\n".join(lines)


def run(opts: argparse.Namespace) -> str:
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("No Chromium: `apt-get install -y chromium` as root, or set KG_CHROMIUM (see README).")
    meta: dict[str, Any] = report.machine() | {"scale": opts.scale, "repeat": opts.repeat}
    source = load_graph(opts.scale, opts.seed)
    meta |= {
        "graph": source.description,
        "graph_nodes": len(source.document["nodes"]),
        "graph_relationships": len(source.document["relationships"]),
    }
    with provide_neo4j("2g", "2g") as neo4j, bench_callers() as callers:
        info = neo4j.info
        driver = create_driver(info, retry_seconds=10.0, stall_seconds=10.0)
        try:
            token = callers.editor["Authorization"].removeprefix("Bearer ")  # an editor, cleared for all
            db = Database(driver, info.database, timeout=3600)
            apply_schema(db)
            meta |= {"neo4j": neo4j.how, "neo4j_version": server_version(driver, info.database)}
            clear_graph(driver, info.database)
            _log(f"importing {source.description} ...")
            import_document(db, parse_document(source.document), SYSTEM)
            with ApiServer(info, free_port(), key_file=callers.key_file) as api, sync_playwright() as playwright:
                meta["load_before"] = _load()
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
                meta["chromium"] = f"Chromium {browser.version}"
                runs = []
                for n in range(opts.repeat):
                    runs.append(_one_run(browser, api.base_url, token))
                    _log(f"run {n + 1}: draw + layout {runs[-1]['draw_ms'] / 1000:.2f} s")
                graph = httpx.get(
                    f"{api.base_url}/api/v1/analysis/interfaces",
                    params={"limit": 10000},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=120,
                ).json()
                variants = _variants(browser, api.base_url, token, graph)
                browser.close()
                meta["load_after"] = _load()
        finally:
            driver.close()
    markdown = _render(meta, runs, variants)
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "ui.md").write_text(markdown, encoding="utf-8")
    return markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10, help="synthetic graph scale (10: about 2,250 interfaces)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic graph")
    parser.add_argument("--repeat", type=int, default=5, help="page loads measured (the first with a cold API cache)")
    parser.add_argument("--out", type=Path, default=Path("bench/results"), help="where ui.md goes")
    print(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
