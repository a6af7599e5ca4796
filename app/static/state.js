// The view lives in the URL (never the credential): filters, the view shown and the
// selection, so that a coordinator can send a link and the recipient, once signed in with
// their own credential, sees the same view of their own visible graph.

export const KINDS = ["lessons", "information", "tasking", "reporting", "feedback", "coordination"];
export const VIEWS = ["map", "table", "lessons"];

const DEFAULTS = Object.freeze({
  view: "map",
  maxHops: 3,
  returnKinds: [], // empty: a return chain may use any kind
  kind: "", // empty: every kind
  formalised: "", // "", "true", "false"
  llOnly: false,
  statedOnly: false,
  includePlanned: false,
  allOrgs: false, // also organisations without a drawn interface
  marks: false, // articulation points, bridges, isolated LL bodies
  sel: "", // "if:<id>", "org:<id>", "node:<Label>:<id>", "new" (the add form)
  lessons: "", // "mission:<id>" or "evaluation:<id>"; empty: every recommendation
});

export function defaults() {
  return { ...DEFAULTS, returnKinds: [] };
}

const flag = (params, key) => params.get(key) === "1";

/** The state a URL describes; anything malformed falls back to the default. */
export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = defaults();
  if (VIEWS.includes(params.get("view"))) state.view = params.get("view");
  const hops = Number.parseInt(params.get("max_hops") || "", 10);
  if (hops >= 1 && hops <= 6) state.maxHops = hops;
  state.returnKinds = (params.get("return_kinds") || "").split(",").filter((k) => KINDS.includes(k));
  if (KINDS.includes(params.get("kind"))) state.kind = params.get("kind");
  if (["true", "false"].includes(params.get("formalised"))) state.formalised = params.get("formalised");
  state.llOnly = flag(params, "ll");
  state.statedOnly = flag(params, "stated");
  state.includePlanned = flag(params, "planned");
  state.allOrgs = flag(params, "all");
  state.marks = flag(params, "marks");
  state.sel = params.get("sel") || "";
  state.lessons = params.get("lessons") || "";
  return state;
}

/** The query string of a state: only what differs from the defaults, in a fixed order. */
export function toSearch(state) {
  const params = new URLSearchParams();
  if (state.view !== DEFAULTS.view) params.set("view", state.view);
  if (state.maxHops !== DEFAULTS.maxHops) params.set("max_hops", String(state.maxHops));
  if (state.returnKinds.length) params.set("return_kinds", state.returnKinds.join(","));
  if (state.kind) params.set("kind", state.kind);
  if (state.formalised) params.set("formalised", state.formalised);
  if (state.llOnly) params.set("ll", "1");
  if (state.statedOnly) params.set("stated", "1");
  if (state.includePlanned) params.set("planned", "1");
  if (state.allOrgs) params.set("all", "1");
  if (state.marks) params.set("marks", "1");
  if (state.sel) params.set("sel", state.sel);
  if (state.lessons) params.set("lessons", state.lessons);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Record a state in the address bar: push for steps a user may want to go back from
 * (view, selection), replace for filter tweaks. */
export function writeState(state, { push = false } = {}) {
  const url = `${window.location.pathname}${toSearch(state)}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** The API's parameters for the interfaces the map and table draw. */
export function interfaceParams(state) {
  return {
    max_hops: state.maxHops,
    return_kinds: state.returnKinds.length ? state.returnKinds.join(",") : null,
    kind: state.kind || null,
    formalised: state.formalised || null,
    ll_body_only: state.llOnly,
    stated_only: state.statedOnly,
    include_planned: state.includePlanned,
  };
}

/** The parameters of one interface's verdict, under the same rules as the list. */
export function feedbackParams(state) {
  return {
    max_hops: state.maxHops,
    return_kinds: state.returnKinds.length ? state.returnKinds.join(",") : null,
    stated_only: state.statedOnly,
  };
}
