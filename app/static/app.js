// The page's controller: sign-in, the three views, the details panel, and the URL.
//
// Everything shown comes from the public API with the caller's credential (api.js), so a
// viewer sees their visible graph and nothing else. The credential is kept in
// sessionStorage (this tab, until sign-out or close), never in the URL; the URL holds the
// view (state.js). Rendering is in map.js, table.js, lessons.js and panels.js; the
// interface form in editor.js.

import { Api, ApiError } from "./api.js";
import { byId, fill, h, plural, svg } from "./dom.js";
import { WRITERS, createInterface, deleteInterface, interfaceForm, updateInterface } from "./editor.js";
import { lessonsView, scopePicker } from "./lessons.js";
import { KIND_COLOURS, NO_FEEDBACK, NetworkMap } from "./map.js";
import { buildModel, summaryLine } from "./network.js";
import { COLLECTIONS, interfacePanel, nodePanel, organisationPanel } from "./panels.js";
import { KINDS, feedbackParams, interfaceParams, readState, toSearch, writeState } from "./state.js";
import { interfaceTable } from "./table.js";

const TOKEN_KEY = "kg.credential";
const enc = encodeURIComponent;

class App {
  constructor() {
    this.state = readState();
    this.api = null;
    this.me = null;
    this.map = null;
    this.organisations = [];
    this.page = null; // /analysis/interfaces for the current filters
    this.drawn = new Set();
    this.scopes = null; // missions and evaluations, for the lessons view
    this.pending = 0; // loads under way: the page is not settled until this is 0
    this.refreshSeq = 0;
    this.selectSeq = 0;
    this.drawing = Promise.resolve();
  }

  async start() {
    this.buildControls();
    this.bindEvents();
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) await this.signIn(token);
    else this.showSignIn("");
  }

  get canWrite() {
    return Boolean(this.me && WRITERS.has(this.me.role));
  }

  // ---- sign-in ----------------------------------------------------------------------

  showSignIn(message) {
    byId("workspace").hidden = true;
    byId("views").hidden = true;
    byId("who").hidden = true;
    byId("signin").hidden = false;
    byId("signin-error").textContent = message;
    byId("token").focus();
  }

  async signIn(token) {
    const api = new Api(token);
    let me;
    try {
      me = await api.get("/me");
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.showSignIn(refusal(e));
      return;
    }
    if (!me.role) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.showSignIn("This credential has no role in this service: ask an administrator for access.");
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    this.api = api;
    this.me = me;
    byId("token").value = "";
    byId("signin").hidden = true;
    byId("workspace").hidden = false;
    byId("views").hidden = false;
    byId("who").hidden = false;
    byId("who-subject").textContent = me.subject;
    byId("who-role").textContent = me.role;
    byId("who-clearance").textContent = me.clearance.replaceAll("_", " ");
    fill(
      byId("edit-controls"),
      this.canWrite ? h("button", { type: "button", id: "add-interface", class: "primary", onclick: () => this.go("new") }, "Add interface") : null,
    );
    if (!this.map) {
      this.map = new NetworkMap(byId("cy"), {
        onInterface: (id) => this.go(`if:${id}`),
        onOrganisation: (id) => this.go(`org:${id}`),
        onBackground: () => this.go(""),
      });
      this.exposeHooks();
    }
    this.syncControls();
    this.showView();
    await this.track(this.loadAll());
  }

  /** Forget the credential and everything fetched with it. */
  signOut(message = "") {
    sessionStorage.removeItem(TOKEN_KEY);
    this.api = null;
    this.me = null;
    this.organisations = [];
    this.page = null;
    this.scopes = null;
    this.refreshSeq += 1;
    this.selectSeq += 1;
    if (this.map) this.map.draw({ nodes: [], edges: [] });
    for (const id of ["view-table", "view-lessons", "edit-controls", "summary", "summary-more", "status"]) fill(byId(id));
    this.showHello();
    this.showSignIn(message);
  }

  // ---- loading ----------------------------------------------------------------------

  /** Run a load; the page counts as busy until it settles. Errors go to the status line. */
  async track(promise) {
    this.pending += 1;
    try {
      await promise;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.signOut(refusal(e));
      else byId("status").textContent = e instanceof ApiError ? e.describe() : `Something went wrong: ${e.message}`;
    } finally {
      this.pending -= 1;
    }
  }

  async loadAll() {
    byId("status").textContent = "";
    this.organisations = (await this.api.getAll("/organisations")).items;
    await this.refresh();
    if (this.state.view === "lessons") await this.loadLessons();
  }

  /** Fetch what the filters select and redraw map and table; then re-apply the selection. */
  async refresh() {
    const seq = ++this.refreshSeq;
    const state = this.state;
    const [page, network] = await Promise.all([
      this.api.getAll("/analysis/interfaces", interfaceParams(state)),
      state.marks ? this.api.get("/analysis/network") : Promise.resolve(null),
    ]);
    if (seq !== this.refreshSeq) return; // a newer refresh has taken over
    byId("status").textContent = "";
    this.page = page;
    this.drawn = new Set(page.items.map((item) => item.id));
    const model = buildModel(this.organisations, page.items, state);
    this.fetchedAt = performance.now();
    this.drawing = this.drawing.then(() => this.map.draw(model));
    await this.drawing;
    if (seq !== this.refreshSeq) return;
    this.map.mark(network);
    byId("summary").textContent = summaryLine(page);
    byId("summary-more").textContent = describeDrawing(model, state, network);
    this.renderTable();
    await this.applySelection();
  }

  renderTable() {
    if (this.page) fill(byId("view-table"), interfaceTable({ page: this.page, go: (sel) => this.go(sel), selected: this.state.sel }));
  }

  async loadLessons() {
    const api = this.api;
    if (!this.scopes) {
      const [missions, evaluations] = await Promise.all([api.getAll("/missions"), api.getAll("/evaluations")]);
      this.scopes = { missions: missions.items, evaluations: evaluations.items };
    }
    const [kind, id] = this.state.lessons.split(":");
    const filter = kind === "mission" || kind === "evaluation" ? { [kind]: id } : {};
    const [stages, followUp, overdue] = await Promise.all([
      api.get("/analysis/ll-stages", { ...filter, limit: 500 }),
      api.getAll("/analysis/recommendations-without-follow-up"),
      api.getAll("/analysis/overdue-actions"),
    ]);
    const chosen = kind === "mission" ? this.scopes.missions.find((m) => m.id === id) : this.scopes.evaluations.find((e) => e.id === id);
    const scopeName = chosen ? `“${chosen.acronym || chosen.name || chosen.title || id}”` : "every visible evaluation";
    const scope = scopePicker({
      missions: this.scopes.missions,
      evaluations: this.scopes.evaluations,
      value: this.state.lessons,
      change: (value) => {
        this.state.lessons = value;
        writeState(this.state);
        this.track(this.loadLessons());
      },
    });
    fill(byId("view-lessons"), lessonsView({ scope, stages, followUp, overdue, go: (sel) => this.go(sel), scopeName }));
  }

  // ---- selection and the details panel ---------------------------------------------

  /** Select something (or nothing: ""); a step the browser's Back undoes. */
  go(selection) {
    this.state.sel = selection;
    writeState(this.state, { push: true });
    this.renderTable();
    return this.track(this.applySelection());
  }

  showHello() {
    fill(byId("details"), h("p", { class: "muted hello" }, "Click an interface or an organisation on the map, or a row of the table, to see its details."));
  }

  async applySelection() {
    const seq = ++this.selectSeq;
    const current = () => seq === this.selectSeq;
    const sel = this.state.sel;
    const go = (s) => this.go(s);
    const panel = byId("details");
    if (!sel) {
      this.map.highlight({});
      this.showHello();
      return;
    }
    if (sel === "new") {
      this.map.highlight({});
      if (!this.canWrite) return this.showHello();
      fill(panel, this.editorFor(null));
      byId("if-name").focus();
      return;
    }
    const [what, ...rest] = sel.split(":");
    try {
      if (what === "if") {
        const id = rest.join(":");
        const [verdict, node] = await Promise.all([
          this.api.get(`/analysis/interfaces/${enc(id)}/feedback`, feedbackParams(this.state)),
          this.api.request("GET", `/interfaces/${enc(id)}`),
        ]);
        if (!current()) return;
        const chain = verdict.has_feedback ? verdict.return_chain.map((hop) => hop.id) : [];
        this.map.highlight({ interfaceId: id, chain });
        const existing = { ...node.data, etag: node.etag };
        const actions = this.canWrite ? this.editActions(existing) : null;
        fill(panel, interfacePanel({ go, node: node.data, verdict, maxHops: this.state.maxHops, drawn: this.drawn, actions }));
      } else if (what === "org") {
        const id = rest.join(":");
        const [node, responsibilities] = await Promise.all([
          this.api.get(`/organisations/${enc(id)}`),
          this.api.get(`/organisations/${enc(id)}/responsibilities`),
        ]);
        if (!current()) return;
        this.map.highlight({ organisationId: id });
        fill(panel, organisationPanel({ go, node, responsibilities, interfaces: this.page ? this.page.items : [] }));
      } else if (what === "node" && COLLECTIONS[rest[0]]) {
        const [label, ...idParts] = rest;
        const node = await this.api.get(`/${COLLECTIONS[label]}/${enc(idParts.join(":"))}`);
        if (!current()) return;
        this.map.highlight({});
        fill(panel, nodePanel({ go, label, node }));
      } else {
        this.showHello();
      }
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401 || !current()) throw e;
      this.map.highlight({});
      const message = e.status === 404 ? "It does not exist, or it is not visible to you." : e.describe();
      fill(panel, h("p", { class: "error", role: "alert" }, message));
    }
  }

  // ---- editing (editors and admins only) -------------------------------------------

  editorFor(existing) {
    return interfaceForm({
      organisations: this.organisations,
      me: this.me,
      existing,
      cancel: () => this.go(existing ? `if:${existing.id}` : ""),
      submit: async (values) => {
        const id = existing ? await updateInterface(this.api, existing, values) : await createInterface(this.api, values);
        // The API's new answer decides what is dashed and what is highlighted.
        this.state.sel = `if:${id}`;
        writeState(this.state, { push: true });
        await this.track(this.refresh());
      },
    });
  }

  editActions(existing) {
    const box = h("div", { class: "buttons edit-actions" });
    const normal = () =>
      fill(
        box,
        h("button", { type: "button", id: "edit-interface", onclick: () => fill(byId("details"), this.editorFor(existing)) }, "Edit"),
        h("button", { type: "button", id: "delete-interface", class: "danger", onclick: confirm }, "Delete"),
      );
    const confirm = () =>
      fill(
        box,
        h("p", { role: "alert" }, "Delete this interface? Its evidence links go with it."),
        h("button", { type: "button", id: "confirm-delete", class: "danger", onclick: remove }, "Delete"),
        h("button", { type: "button", onclick: normal }, "Keep it"),
      );
    const remove = async () => {
      try {
        await deleteInterface(this.api, existing.id);
      } catch (e) {
        fill(box, h("p", { class: "error", role: "alert" }, e instanceof ApiError ? e.describe() : String(e)));
        return;
      }
      this.state.sel = "";
      writeState(this.state, { push: true });
      await this.track(this.refresh());
    };
    normal();
    return box;
  }

  // ---- controls, views, URL ---------------------------------------------------------

  buildControls() {
    const kind = byId("kind");
    for (const k of KINDS) kind.append(h("option", { value: k }, k));
    fill(
      byId("return-kinds"),
      KINDS.map((k) => h("div", { class: "check" }, h("input", { type: "checkbox", id: `rk-${k}`, value: k }), h("label", { for: `rk-${k}` }, k))),
    );
    const line = (colour, dash) =>
      svg(
        "svg",
        { width: 34, height: 12, "aria-hidden": "true", class: "swatch" },
        svg("line", { x1: 1, y1: 6, x2: 26, y2: 6, stroke: colour, "stroke-width": 2.5, "stroke-dasharray": dash }),
        svg("path", { d: "M26 2 L33 6 L26 10 Z", fill: colour }),
      );
    const dot = (r, fillColour, stroke, extra = {}) =>
      svg("svg", { width: 34, height: 26, "aria-hidden": "true", class: "swatch" }, svg("circle", { cx: 17, cy: 13, r, fill: fillColour, stroke, "stroke-width": 2, ...extra }));
    fill(
      byId("legend"),
      Object.entries(KIND_COLOURS).map(([k, colour]) => h("li", {}, line(colour, null), `${k}`)),
      h("li", {}, line(NO_FEEDBACK, "5 3"), h("span", { id: "legend-nofb" }, "no feedback loop within max_hops")),
      h("li", {}, line("#7f7f7f", "1.5 3"), "planned (when included)"),
      h("li", {}, dot(9, "#1d4e89", "#0c2748"), "LL body"),
      h("li", {}, dot(5, "#c3ccd6", "#8593a3"), "other organisation"),
      h("li", {}, line("#1b2430", null), "the selected interface's way back"),
      h("li", { class: "marks-only" }, dot(8, "#1d4e89", "#e69f00", { "stroke-width": 4 }), "articulation point (weak point)"),
      h("li", { class: "marks-only" }, dot(8, "#1d4e89", NO_FEEDBACK, { "stroke-dasharray": "3 2" }), "isolated LL body"),
      h("li", { class: "marks-only" }, line("#e69f00", null), "bridge: the only link between two parts"),
    );
  }

  syncControls() {
    const s = this.state;
    byId("max-hops").value = String(s.maxHops);
    for (const k of KINDS) byId(`rk-${k}`).checked = s.returnKinds.includes(k);
    byId("kind").value = s.kind;
    byId("formalised").value = s.formalised;
    byId("ll-only").checked = s.llOnly;
    byId("stated-only").checked = s.statedOnly;
    byId("include-planned").checked = s.includePlanned;
    byId("all-orgs").checked = s.allOrgs;
    byId("marks").checked = s.marks;
    byId("legend").classList.toggle("with-marks", s.marks);
    byId("legend-nofb").textContent = `no feedback loop within ${s.maxHops} (max_hops)`;
  }

  readControls() {
    const s = this.state;
    s.maxHops = Number(byId("max-hops").value);
    s.returnKinds = KINDS.filter((k) => byId(`rk-${k}`).checked);
    s.kind = byId("kind").value;
    s.formalised = byId("formalised").value;
    s.llOnly = byId("ll-only").checked;
    s.statedOnly = byId("stated-only").checked;
    s.includePlanned = byId("include-planned").checked;
    s.allOrgs = byId("all-orgs").checked;
    s.marks = byId("marks").checked;
  }

  showView() {
    const view = this.state.view;
    for (const link of byId("views").querySelectorAll("a")) {
      if (link.dataset.view === view) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    byId("view-map").hidden = view !== "map";
    byId("view-table").hidden = view !== "table";
    byId("view-lessons").hidden = view !== "lessons";
    byId("controls").hidden = view === "lessons";
    byId("workspace").classList.toggle("no-controls", view === "lessons");
    byId("export-png").hidden = view !== "map";
    byId("stage").classList.toggle("lessons-mode", view === "lessons");
    if (view === "map" && this.map) {
      // A map laid out while hidden had no size: measure again and fit.
      this.map.resize();
      this.map.fit();
    }
  }

  setView(view) {
    if (view === this.state.view) return;
    this.state.view = view;
    writeState(this.state, { push: true });
    this.showView();
    if (view === "lessons" && this.api) this.track(this.loadLessons());
  }

  bindEvents() {
    byId("signin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = byId("token").value.trim();
      if (token) this.signIn(token);
    });
    byId("sign-out").addEventListener("click", () => this.signOut(""));
    byId("filters").addEventListener("change", () => {
      this.readControls();
      this.syncControls();
      writeState(this.state);
      this.track(this.refresh());
    });
    byId("filters").addEventListener("submit", (event) => event.preventDefault());
    byId("views").addEventListener("click", (event) => {
      const link = event.target.closest("a[data-view]");
      if (!link) return;
      event.preventDefault();
      this.setView(link.dataset.view);
    });
    byId("export-png").addEventListener("click", () => this.exportPng());
    window.addEventListener("popstate", () => {
      const before = this.state;
      this.state = readState();
      if (!this.api) return;
      this.syncControls();
      this.showView();
      const filtersChanged = JSON.stringify({ ...before, sel: "", view: "", lessons: "" }) !== JSON.stringify({ ...this.state, sel: "", view: "", lessons: "" });
      if (filtersChanged) this.track(this.refresh());
      else {
        this.renderTable();
        this.track(this.applySelection());
      }
      if (this.state.view === "lessons") this.track(this.loadLessons());
    });
    window.addEventListener("resize", () => this.map && this.map.resize());
  }

  exportPng() {
    const blob = this.map.png();
    const link = h("a", { href: URL.createObjectURL(blob), download: `ll-network-max_hops-${this.state.maxHops}.png`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  /** window.kgMap: read-only views of what is drawn, for the browser tests and bench/ui.py. */
  exposeHooks() {
    const map = this.map.hooks();
    const app = this;
    window.kgMap = Object.freeze({
      ...map,
      ready: () => app.pending === 0 && map.ready(),
      summary: () => byId("summary").textContent,
      search: () => toSearch(app.state),
      timings: () => ({ ...map.timings(), fetched_at_ms: Math.round(app.fetchedAt || 0) }),
    });
  }
}

/** What a refused credential means, for people. */
function refusal(e) {
  if (!(e instanceof ApiError)) return `Could not sign in: ${e.message}`;
  if (e.status === 401) return "The service does not accept this credential: it may have expired, been revoked or been copied incompletely.";
  if (e.status === 403) return "This credential does not give access to this service.";
  return `Could not sign in: ${e.describe()}`;
}

/** The second summary line: how many organisations, and the filters in words. */
function describeDrawing(model, state, network) {
  const parts = [`${plural(model.nodes.length, "organisation")} drawn`];
  if (state.llOnly) parts.push("between LL bodies only");
  if (state.kind) parts.push(`${state.kind} interfaces only`);
  if (state.formalised) parts.push(state.formalised === "true" ? "formalised only" : "not formalised only");
  parts.push(state.returnKinds.length ? `a way back may use ${state.returnKinds.join(", ")}` : "a way back may use any kind");
  if (state.statedOnly) parts.push("stated by the sources only");
  if (state.includePlanned) parts.push("planned interfaces included");
  if (network) {
    parts.push(
      `LL network: ${plural(network.articulation_points.length, "articulation point")}, ${plural(network.bridges.length, "bridge")}, ${plural(network.isolated.length, "isolated body", "isolated bodies")}`,
    );
  }
  return `${parts.join("; ")}.`;
}

const app = new App();
app.start();
