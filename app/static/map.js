// The network view: Cytoscape.js draws organisations and interfaces; fcose lays them out.
//
// Decisions, and why:
// - One palette (KIND_COLOURS, NO_FEEDBACK) feeds both the graph style and the legend, so
//   the legend cannot drift from what is drawn.
// - Redraws are diffs: elements that stay keep their positions, so changing a filter or
//   saving an edit does not throw the picture around; the layout runs again only when
//   nodes were added.
// - The layout is reproducible: fcose's random numbers come from a seeded generator, so
//   the same graph gives the same picture on every load (see LAYOUT and withSeededRandom).
// - Interaction that needs the keyboard lives in the table view; the canvas is for eyes.

/* global cytoscape, cytoscapeFcose */

// Colour-blind-safe hues (after Okabe and Ito) for the kinds; red is kept for "no way back".
export const KIND_COLOURS = Object.freeze({
  lessons: "#0072b2",
  information: "#009e73",
  tasking: "#9467bd",
  reporting: "#56b4e9",
  feedback: "#e69f00",
  coordination: "#7f7f7f",
});
export const NO_FEEDBACK = "#d62728";
const HIGHLIGHT = "#ffd23f";
const NODE_SIZE = Object.freeze({ ll: 24, other: 14 }); // an LL body stands out
const INK = "#1b2430";

if (typeof cytoscape === "function" && !cytoscape("layout", "fcose")) {
  cytoscape.use(cytoscapeFcose); // the UMD build registers itself when it finds window.cytoscape
}

function graphStyle() {
  const kinds = Object.entries(KIND_COLOURS).map(([kind, colour]) => ({
    selector: `edge[kind = "${kind}"]`,
    style: { "line-color": colour, "target-arrow-color": colour },
  }));
  return [
    {
      selector: "node",
      style: {
        width: NODE_SIZE.other,
        height: NODE_SIZE.other,
        "background-color": "#c3ccd6",
        "border-width": 1,
        "border-color": "#8593a3",
        label: "data(label)",
        "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", // Cytoscape refuses quoted names
        "font-size": 10,
        color: "#3c4a5a",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-max-width": "110px",
        "text-wrap": "ellipsis",
        "text-outline-color": "#ffffff",
        "text-outline-width": 2,
        "min-zoomed-font-size": 7,
      },
    },
    {
      selector: "node.ll",
      style: {
        width: NODE_SIZE.ll,
        height: NODE_SIZE.ll,
        "background-color": "#1d4e89",
        "border-color": "#0c2748",
        "border-width": 2,
        color: INK,
        "font-size": 11,
        "font-weight": "bold",
      },
    },
    {
      selector: "edge",
      style: {
        width: 1.8,
        "curve-style": "bezier", // arrowheads and parallel A→B / B→A need a curve other than haystack
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.9,
        "line-color": "#7f7f7f",
        "target-arrow-color": "#7f7f7f",
        opacity: 0.9,
      },
    },
    ...kinds,
    { selector: "edge.planned", style: { "line-style": "dotted", opacity: 0.7 } },
    {
      selector: "edge.nofb",
      style: {
        "line-color": NO_FEEDBACK,
        "target-arrow-color": NO_FEEDBACK,
        "line-style": "dashed",
        "line-dash-pattern": [7, 4],
        width: 2.6,
      },
    },
    // Weak points of the LL network (on request).
    { selector: "node.articulation", style: { "border-width": 5, "border-color": "#e69f00", "border-style": "double" } },
    { selector: "node.isolated", style: { "border-width": 3, "border-color": NO_FEEDBACK, "border-style": "dashed" } },
    { selector: "edge.bridge", style: { "underlay-color": "#e69f00", "underlay-opacity": 0.45, "underlay-padding": 4 } },
    // Selection: the rest fades, the selected interface and its way back stand out.
    { selector: ".dim", style: { opacity: 0.12, "text-opacity": 0.25 } },
    {
      selector: "edge.chain",
      style: {
        width: 4,
        "line-style": "solid",
        "line-color": INK,
        "target-arrow-color": INK,
        "underlay-color": HIGHLIGHT,
        "underlay-opacity": 0.8,
        "underlay-padding": 4,
        "z-index": 20,
      },
    },
    {
      selector: "edge.picked",
      style: { width: 4.5, "underlay-color": HIGHLIGHT, "underlay-opacity": 0.8, "underlay-padding": 5, "z-index": 30 },
    },
    {
      selector: "node.picked",
      style: { "underlay-color": HIGHLIGHT, "underlay-opacity": 0.9, "underlay-padding": 6, "z-index": 30 },
    },
  ];
}

// fcose, in two steps on a first drawing, one on later ones:
// 1. its spectral step (randomize: true, quality "draft"): a global picture in a fraction
//    of a second even at thousands of nodes;
// 2. its force-directed refinement from there (randomize: false), which separates
//    components and tiles organisations without interfaces.
// Later drawings (a filter, an edit) only refine from the positions on screen, so the
// picture stays where the coordinator left it. Measured at scale 10 (1,285 organisations,
// 2,234 interfaces; bench/ui.py, headless): fcose's defaults in one run 2.3 to 4.3 s, its
// refinement alone from fixed positions 8 to 15 s, these two steps 0.9 to 2.3 s.
const LAYOUT = Object.freeze({
  name: "fcose",
  animate: false, // synchronous: the seeded random numbers below cover the whole run
  fit: false, // fitted once, after the last step
  nodeDimensionsIncludeLabels: true, // labels take room: keep them from overlapping
  idealEdgeLength: 110,
  nodeRepulsion: 15000,
  nodeSeparation: 90,
  edgeElasticity: 0.45,
  gravity: 0.25,
  tile: true, // organisations without interfaces in tidy rows rather than scattered
  tilingPaddingVertical: 24,
  tilingPaddingHorizontal: 24,
  initialEnergyOnIncremental: 0.3,
});
// Large graphs: fcose's own distances (cheaper forces) and a cooler refinement, which
// settles in a third of the time with no visible loss at this size.
const LARGE = 600;
const LARGE_LAYOUT = Object.freeze({
  ...LAYOUT,
  nodeDimensionsIncludeLabels: false,
  idealEdgeLength: 50,
  nodeRepulsion: 4500,
  nodeSeparation: 75,
  initialEnergyOnIncremental: 0.05,
});
const READABLE_ZOOM = 1.1; // fitting a small graph must not blow it up past this
const LAYOUT_SEED = 20250101;

/**
 * Run `fn` with Math.random replaced by a seeded generator (mulberry32), restored after.
 * fcose's spectral step and cose-base's placement of pruned tree nodes draw on
 * Math.random, even with randomize: false; seeded, the same graph gives the same picture
 * on every load. Safe because the layouts run synchronously (animate: false).
 */
function withSeededRandom(seed, fn) {
  const random = Math.random;
  let state = seed >>> 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    return fn();
  } finally {
    Math.random = random;
  }
}

/** A deterministic place for a node with no neighbour on screen: a sunflower spiral. */
function spiral(index) {
  const angle = index * 2.399963; // the golden angle in radians
  const radius = 28 * Math.sqrt(index + 0.5);
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

export class NetworkMap {
  /**
   * @param {HTMLElement} container
   * @param {{onInterface: (id: string) => void, onOrganisation: (id: string) => void, onBackground: () => void}} handlers
   */
  constructor(container, handlers) {
    this.cy = cytoscape({
      container,
      style: graphStyle(),
      autounselectify: true, // our own highlighting, not Cytoscape's selection colours
      boxSelectionEnabled: false,
      minZoom: 0.05,
      maxZoom: 4,
    });
    this.generation = 0;
    this.busy = false;
    this.lastTimings = {};
    this.cy.on("tap", "edge", (event) => handlers.onInterface(event.target.id()));
    this.cy.on("tap", "node", (event) => handlers.onOrganisation(event.target.id()));
    this.cy.on("tap", (event) => {
      if (event.target === this.cy) handlers.onBackground();
    });
  }

  /**
   * Make the drawing match `model` ({nodes: [{id, label, classes}], edges: [{id, source,
   * target, kind, classes}]}); lay out when nodes were added. Resolves once drawn.
   */
  async draw(model) {
    this.busy = true;
    const cy = this.cy;
    const start = performance.now();
    const nodes = new Map(model.nodes.map((n) => [n.id, n]));
    const edges = new Map(model.edges.map((e) => [e.id, e]));
    const firstDraw = cy.nodes().length === 0;
    let added = 0;
    cy.batch(() => {
      // Gone, or an edge whose ends changed (Cytoscape's ends are immutable): remove.
      const stale = cy.elements().filter((el) => {
        if (el.isNode()) return !nodes.has(el.id());
        const want = edges.get(el.id());
        return !want || want.source !== el.source().id() || want.target !== el.target().id();
      });
      cy.remove(stale);

      const degree = new Map();
      for (const e of model.edges) {
        degree.set(e.source, (degree.get(e.source) || 0) + 1);
        degree.set(e.target, (degree.get(e.target) || 0) + 1);
      }
      const newNodes = model.nodes
        .filter((n) => cy.getElementById(n.id).empty())
        .sort((a, b) => (degree.get(b.id) || 0) - (degree.get(a.id) || 0) || (a.id < b.id ? -1 : 1));
      const placed = cy.nodes().length;
      const additions = newNodes.map((n, i) => ({
        group: "nodes",
        data: { id: n.id, label: n.label },
        classes: n.classes,
        position: firstDraw ? spiral(i) : this.placeNear(n.id, model.edges, placed + i),
      }));
      for (const n of model.nodes) {
        const el = cy.getElementById(n.id);
        if (el.nonempty()) {
          el.data("label", n.label);
          el.classes(n.classes);
        }
      }
      for (const e of model.edges) {
        const el = cy.getElementById(e.id);
        if (el.nonempty()) {
          el.data("kind", e.kind);
          el.classes(e.classes);
        } else {
          additions.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, kind: e.kind }, classes: e.classes });
        }
      }
      cy.add(additions);
      added = newNodes.length;
    });
    const built = performance.now();
    const steps = added > 0 ? this.layout(firstDraw) : [];
    const laidOut = performance.now();
    await nextFrames(2); // the renderer draws on animation frames
    const drawn = performance.now();
    this.lastTimings = {
      build_ms: Math.round(built - start),
      layout_ms: Math.round(laidOut - built),
      render_ms: Math.round(drawn - laidOut),
      nodes: cy.nodes().length,
      edges: cy.edges().length,
      layout_steps_ms: steps, // [spectral, refinement] on a first drawing, [refinement] after
    };
    this.generation += 1;
    this.busy = false;
  }

  /** A new node next to a neighbour already drawn, or out on the spiral. */
  placeNear(id, edges, index) {
    for (const e of edges) {
      const other = e.source === id ? e.target : e.target === id ? e.source : null;
      const el = other && this.cy.getElementById(other);
      if (el && el.nonempty()) {
        const p = el.position();
        const a = index * 2.399963;
        return { x: p.x + 40 * Math.cos(a), y: p.y + 40 * Math.sin(a) };
      }
    }
    return spiral(index);
  }

  /**
   * Lay out (see LAYOUT): from scratch on the first drawing, from the screen after.
   *
   * fcose runs on a headless twin of the drawing (the same nodes at their sizes, with
   * their labels where LAYOUT says so, and the same edges), and the positions come back in
   * one batch: on the drawn instance, every position fcose sets also invalidates what the
   * renderer caches, which cost a third of the layout at scale 10 (bench/ui.py).
   */
  layout(fromScratch) {
    const cy = this.cy;
    const options = cy.nodes().length > LARGE ? LARGE_LAYOUT : LAYOUT;
    // Measuring labels costs ~0.2 s at a thousand nodes; without them the size is the style's.
    const size = options.nodeDimensionsIncludeLabels
      ? (n) => n.layoutDimensions({ nodeDimensionsIncludeLabels: true })
      : (n) => {
          const side = n.hasClass("ll") ? NODE_SIZE.ll : NODE_SIZE.other;
          return { w: side, h: side };
        };
    const twin = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: "node", style: { width: "data(w)", height: "data(h)" } }],
      elements: [
        ...cy.nodes().map((n) => ({ group: "nodes", data: { id: n.id(), ...size(n) }, position: { ...n.position() } })),
        ...cy.edges().map((e) => ({ group: "edges", data: { id: e.id(), source: e.source().id(), target: e.target().id() } })),
      ],
    });
    const twinOptions = { ...options, nodeDimensionsIncludeLabels: false }; // the sizes include them already
    const steps = fromScratch
      ? [{ ...twinOptions, randomize: true, quality: "draft" }, { ...twinOptions, randomize: false, quality: "default" }]
      : [{ ...twinOptions, randomize: false, quality: "default" }];
    const durations = withSeededRandom(LAYOUT_SEED, () =>
      steps.map((step) => {
        const start = performance.now();
        twin.layout(step).run();
        return Math.round(performance.now() - start);
      }),
    );
    const placed = new Map(twin.nodes().map((n) => [n.id(), n.position()]));
    twin.destroy();
    cy.nodes().positions((n) => placed.get(n.id()));
    this.fit();
    return durations;
  }

  /** Highlight one interface (and its return chain) or one organisation (and its interfaces). */
  highlight({ interfaceId = null, chain = [], organisationId = null } = {}) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass("dim chain picked");
      let keep = cy.collection();
      if (interfaceId) {
        const edge = cy.getElementById(interfaceId);
        const chainEdges = cy.collection(chain.map((id) => cy.getElementById(id)).filter((el) => el.nonempty()));
        edge.addClass("picked");
        chainEdges.addClass("chain");
        keep = edge.union(chainEdges).union(edge.connectedNodes()).union(chainEdges.connectedNodes());
      } else if (organisationId) {
        const node = cy.getElementById(organisationId);
        node.addClass("picked");
        keep = node.union(node.connectedEdges()).union(node.neighborhood("node"));
      }
      if (keep.nonempty()) cy.elements().difference(keep).addClass("dim");
    });
  }

  /** Mark (or, with null, unmark) the weak points /analysis/network found. */
  mark(network) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass("articulation isolated bridge");
      if (!network) return;
      for (const id of network.articulation_points) cy.getElementById(id).addClass("articulation");
      for (const id of network.isolated) cy.getElementById(id).addClass("isolated");
      for (const bridge of network.bridges) {
        for (const id of bridge.interfaces) cy.getElementById(id).addClass("bridge");
      }
    });
  }

  /** Bring an element into view (after a selection from the table or a link). */
  reveal(id) {
    const el = this.cy.getElementById(id);
    if (el.nonempty()) this.cy.animate({ center: { eles: el }, duration: 250 });
  }

  /** The whole drawing as a PNG Blob (white background, twice the screen resolution). */
  png() {
    return this.cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob", maxWidth: 8000, maxHeight: 8000 });
  }

  resize() {
    this.cy.resize();
  }

  /**
   * Everything in view, but a small graph not magnified beyond a readable size. From the
   * nodes' positions alone: Cytoscape's own fit (and even a node bounding box) first
   * brings every element's rendered style up to date, labels and edge curves included,
   * 0.3 to 0.5 s at scale 10 for work the first paint does anyway.
   */
  fit() {
    const cy = this.cy;
    if (cy.nodes().empty()) return;
    let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
    cy.nodes().forEach((n) => {
      const { x, y } = n.position();
      [x1, y1, x2, y2] = [Math.min(x1, x), Math.min(y1, y), Math.max(x2, x), Math.max(y2, y)];
    });
    const margin = 50; // room for a node and its label at the edge
    const fits = Math.min((cy.width() - 2 * margin) / Math.max(x2 - x1, 1), (cy.height() - 2 * margin) / Math.max(y2 - y1, 1));
    const zoom = Math.max(cy.minZoom(), Math.min(READABLE_ZOOM, fits));
    cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (x1 + x2)) / 2, y: (cy.height() - zoom * (y1 + y2)) / 2 } });
  }

  /**
   * Read-only views for the browser tests and the benchmark (window.kgMap): what is
   * drawn, never a handle on Cytoscape itself.
   */
  hooks() {
    const cy = this.cy;
    const ids = (collection) => collection.map((el) => el.id()).sort();
    const onPage = (p) => {
      const box = cy.container().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    };
    // Points on an edge's drawn curve, middle first (a quadratic Bézier through its one
    // control point, or the straight line): where another edge crosses the middle, a
    // click a little further along still finds this one.
    const along = (edge) => {
      const a = edge.renderedSourceEndpoint();
      const b = edge.renderedTargetEndpoint();
      const controls = edge.controlPoints() || [];
      const zoom = cy.zoom();
      const pan = cy.pan();
      const c = controls.length === 1 ? { x: controls[0].x * zoom + pan.x, y: controls[0].y * zoom + pan.y } : null;
      return [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8].map((t) =>
        c
          ? { x: (1 - t) ** 2 * a.x + 2 * (1 - t) * t * c.x + t * t * b.x, y: (1 - t) ** 2 * a.y + 2 * (1 - t) * t * c.y + t * t * b.y }
          : { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) },
      );
    };
    return Object.freeze({
      ready: () => !this.busy && this.generation > 0,
      generation: () => this.generation,
      nodeIds: () => ids(cy.nodes()),
      edgeIds: () => ids(cy.edges()),
      withClass: (cls) => ids(cy.elements(`.${cls}`)),
      classesOf: (id) => cy.getElementById(id).classes().slice().sort(),
      style: (id, property) => cy.getElementById(id).style(property),
      positions: () => Object.fromEntries(cy.nodes().map((n) => [n.id(), n.position()])),
      // Where on the page an element is drawn, to click it as a person would: a node's
      // centre, or points along an edge, best first.
      pagePoints: (id) => {
        const el = cy.getElementById(id);
        return (el.isEdge() ? along(el) : [el.renderedPosition()]).map(onPage);
      },
      timings: () => ({ ...this.lastTimings }),
    });
  }
}

function nextFrames(n) {
  return new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });
}
