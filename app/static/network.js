// What the map and the table draw, from the API's answers: pure functions, no DOM.
//
// Nodes: every LL body (the network's members, drawn even when no interface touches them,
// so that isolated bodies show), every organisation at an end of a drawn interface, and,
// with "all organisations", every other visible organisation too. With "LL bodies only"
// the API returns only interfaces between LL bodies, so the nodes are the LL bodies.
// Edges: exactly the items of /analysis/interfaces for the current filters.

/** A short label: the abbreviation when there is one, else the name. */
export function orgLabel(org) {
  return org.abbreviation || org.name || org.id;
}

/**
 * @param {Array} organisations the visible organisations (/organisations)
 * @param {Array} interfaces the items of /analysis/interfaces
 * @param {{llOnly: boolean, allOrgs: boolean}} state
 */
export function buildModel(organisations, interfaces, state) {
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const wanted = new Map();
  const want = (org) => {
    if (!wanted.has(org.id)) wanted.set(org.id, byId.get(org.id) || org);
  };
  for (const org of organisations) {
    if (org.ll_body || (state.allOrgs && !state.llOnly)) want(org);
  }
  for (const item of interfaces) {
    // An end the list did not give us (the API answered it, so the caller may see it).
    want(item.from);
    want(item.to);
  }
  const nodes = [...wanted.values()].map((org) => ({
    id: org.id,
    label: orgLabel(org),
    classes: org.ll_body ? "ll" : "",
  }));
  const edges = interfaces.map((item) => ({
    id: item.id,
    source: item.from.id,
    target: item.to.id,
    kind: item.kind || "",
    classes: [item.has_feedback ? "" : "nofb", item.basis === "planned" ? "planned" : ""].filter(Boolean).join(" "),
  }));
  return { nodes, edges };
}

/** The summary line, in the form "31 interfaces, 8 without a feedback loop (max_hops 3)". */
export function summaryLine(page) {
  const n = page.total;
  return `${n} ${n === 1 ? "interface" : "interfaces"}, ${page.without_feedback} without a feedback loop (max_hops ${page.max_hops})`;
}

/** Interfaces for the table: those without a loop first, then by name. */
export function tableOrder(interfaces) {
  return [...interfaces].sort(
    (a, b) => Number(a.has_feedback) - Number(b.has_feedback) || (a.name || a.id).localeCompare(b.name || b.id),
  );
}
