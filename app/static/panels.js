// The details panel: what the API says about the selected interface, organisation or
// piece of evidence. Each renderer takes the API's answers and returns DOM; links inside
// call `go(selection)` so that every step is a URL the coordinator can send.

import { h, plural, words } from "./dom.js";
import { orgLabel } from "./network.js";

export const COLLECTIONS = Object.freeze({
  Organisation: "organisations",
  Mission: "missions",
  Evaluation: "evaluations",
  Finding: "findings",
  Recommendation: "recommendations",
  Response: "responses",
  Action: "actions",
  Interface: "interfaces",
  Document: "documents",
  Theme: "themes",
});

/** The selection string for a node of any label. */
export function selectionFor(label, id) {
  if (label === "Organisation") return `org:${id}`;
  if (label === "Interface") return `if:${id}`;
  return `node:${label}:${id}`;
}

/** A link-styled button that selects something (a button: it acts in the page). */
export function linkTo(go, selection, text, extra = {}) {
  return h("button", { type: "button", class: "link", onclick: () => go(selection), ...extra }, text);
}

function facts(rows) {
  return h(
    "dl",
    { class: "facts" },
    rows.filter(([, value]) => value !== null && value !== undefined && value !== "").map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
}

const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const yesNo = (value) => (value === true ? "yes" : value === false ? "no" : "—");

/** The relationships of a node, grouped by type, each end a link; sources first. */
function relationships(go, rels) {
  if (!rels || rels.length === 0) return h("p", { class: "muted" }, "No relationships visible to you.");
  const groups = new Map();
  for (const rel of rels) {
    const key = `${rel.direction === "in" ? "←" : "→"} ${words(rel.type).toLowerCase()}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(rel);
  }
  const isSource = (key) => key === "→ sourced from";
  const order = [...groups.keys()].sort((a, b) => Number(!isSource(a)) - Number(!isSource(b)) || a.slice(2).localeCompare(b.slice(2)));
  return h(
    "dl",
    { class: "relations" },
    order.map((key) => [
      h("dt", {}, isSource(key) ? "Sources" : key),
      h(
        "dd",
        {},
        h(
          "ul",
          {},
          groups.get(key).map((rel) =>
            h("li", {}, linkTo(go, selectionFor(rel.label, rel.id), rel.name || rel.id), h("span", { class: "muted" }, ` ${rel.label}`)),
          ),
        ),
      ),
    ]),
  );
}

/**
 * An interface: its facts, its verdict for the current max_hops with the way back, its
 * sources. `verdict` is /analysis/interfaces/{id}/feedback; `node` is /interfaces/{id}.
 */
export function interfacePanel({ go, node, verdict, maxHops, drawn, actions }) {
  const ends = h(
    "p",
    { class: "ends" },
    linkTo(go, `org:${verdict.from.id}`, orgLabel(verdict.from)),
    h("span", { class: "arrow", "aria-label": "to" }, " → "),
    linkTo(go, `org:${verdict.to.id}`, orgLabel(verdict.to)),
  );
  let loop;
  if (verdict.has_feedback) {
    const chain = verdict.return_chain || [];
    loop = h(
      "section",
      { class: "verdict ok", "aria-label": "Feedback loop" },
      h("h3", {}, "Feedback loop"),
      h("p", {}, `A way back within max_hops ${maxHops}; the shortest takes ${plural(chain.length, "interface")}:`),
      h(
        "ol",
        { class: "chain" },
        chain.map((hop) =>
          h(
            "li",
            { dataset: { interface: hop.id } },
            linkTo(go, `if:${hop.id}`, hop.name || hop.id),
            h("span", { class: "muted" }, ` ${words(hop.kind)}`),
            drawn.has(hop.id) ? null : h("span", { class: "muted" }, " (not drawn with these filters)"),
          ),
        ),
      ),
    );
  } else {
    const longer = verdict.shortest_return_hops;
    loop = h(
      "section",
      { class: "verdict none", "aria-label": "Feedback loop" },
      h("h3", {}, "No feedback loop"),
      h("p", { class: "no-way-back" }, `No way back within ${maxHops}.`),
      h(
        "p",
        { class: "muted" },
        longer ? `The shortest way back takes ${plural(longer, "interface")}.` : "No way back within 6 interfaces either.",
      ),
    );
  }
  return h(
    "article",
    { class: "panel-body", "aria-labelledby": "panel-title" },
    h("p", { class: "eyebrow" }, "Interface"),
    h("h2", { id: "panel-title" }, node.name || node.id),
    ends,
    loop,
    facts([
      ["Kind", words(node.kind)],
      ["Formalised", yesNo(node.formalised)],
      ["Basis", words(node.basis)],
      ["Frequency", node.frequency],
      ["Classification", words(node.classification)],
      ["Description", node.description],
      ["Note", node.note],
      ["Id", h("code", {}, node.id)],
    ]),
    h("h3", {}, "Evidence"),
    relationships(go, (node.relationships || []).filter((r) => r.type !== "FROM" && r.type !== "TO")),
    actions,
  );
}

/** An organisation and what it answers for (/organisations/{id}/responsibilities), open first. */
export function organisationPanel({ go, node, responsibilities, interfaces }) {
  const open = responsibilities.items.filter((item) => item.open);
  const closed = responsibilities.items.filter((item) => !item.open);
  const item = (r) =>
    h(
      "li",
      {},
      h("span", { class: `badge ${r.kind}` }, r.kind),
      " ",
      linkTo(go, selectionFor(r.kind === "action" ? "Action" : "Recommendation", r.id), r.title || r.id),
      h("span", { class: "muted" }, ` ${words(r.kind === "action" ? r.status : r.stage)}`),
      r.direct ? null : h("span", { class: "via" }, ` via ${r.via.join(" → ")}`),
    );
  const outgoing = interfaces.filter((i) => i.from.id === node.id);
  const incoming = interfaces.filter((i) => i.to.id === node.id);
  const flows = (list, direction) =>
    list.length === 0
      ? h("p", { class: "muted" }, `None ${direction} with these filters.`)
      : h(
          "ul",
          {},
          list.map((i) =>
            h("li", { class: i.has_feedback ? "" : "nofb" }, linkTo(go, `if:${i.id}`, i.name || i.id), i.has_feedback ? null : h("span", { class: "flag" }, " no way back")),
          ),
        );
  return h(
    "article",
    { class: "panel-body", "aria-labelledby": "panel-title" },
    h("p", { class: "eyebrow" }, node.ll_body ? "LL body" : "Organisation"),
    h("h2", { id: "panel-title" }, node.name || node.id, node.abbreviation ? h("span", { class: "muted" }, ` (${node.abbreviation})`) : null),
    facts([
      ["Kind", words(node.kind)],
      ["LL body", yesNo(node.ll_body)],
      ["Active", node.active_from || node.active_until ? `${node.active_from || "…"} – ${node.active_until || "…"}` : null],
      ["Classification", words(node.classification)],
      ["Id", h("code", {}, node.id)],
    ]),
    h("h3", {}, `Responsibilities (${responsibilities.total})`),
    h("p", { class: "muted" }, "Actions it owns and recommendations addressed to it, including those of predecessors it succeeded."),
    h("h4", {}, `Open (${open.length})`),
    open.length ? h("ul", { class: "responsibilities" }, open.map(item)) : h("p", { class: "muted" }, "Nothing open."),
    h("h4", {}, `Closed (${closed.length})`),
    closed.length ? h("ul", { class: "responsibilities" }, closed.map(item)) : h("p", { class: "muted" }, "Nothing closed."),
    h("h3", {}, `Interfaces out (${outgoing.length})`),
    flows(outgoing, "out"),
    h("h3", {}, `Interfaces in (${incoming.length})`),
    flows(incoming, "in"),
  );
}

const SKIP = new Set(["id", "relationships", "created_at", "updated_at", "version"]);

/** Any other node (a recommendation, action, document, ...): the evidence behind an answer. */
export function nodePanel({ go, label, node }) {
  const title = node.title || node.name || (node.code ? `${label} ${node.code}` : node.id);
  const rows = Object.entries(node)
    .filter(([key, value]) => !SKIP.has(key) && value !== null && value !== "" && key !== "title" && key !== "name")
    .map(([key, value]) => [capitalise(words(key)), typeof value === "boolean" ? yesNo(value) : String(value)]);
  return h(
    "article",
    { class: "panel-body", "aria-labelledby": "panel-title" },
    h("p", { class: "eyebrow" }, label),
    h("h2", { id: "panel-title" }, title),
    facts([...rows, ["Id", h("code", {}, node.id)]]),
    h("h3", {}, "Related"),
    relationships(go, node.relationships),
  );
}
