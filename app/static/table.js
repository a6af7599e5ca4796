// The table view: the same interfaces the map draws, for keyboard and screen-reader users.
// A real <table> with a caption and header cells; each interface and organisation is a
// button (reachable with Tab, activated with Enter or Space) that opens its details.

import { h, words } from "./dom.js";
import { orgLabel, summaryLine, tableOrder } from "./network.js";

export function interfaceTable({ page, go, selected }) {
  const rows = tableOrder(page.items).map((item) => {
    const verdict = item.has_feedback
      ? `yes, ${item.return_chain ? item.return_chain.length : "?"} back`
      : item.shortest_return_hops
        ? `no (shortest way back: ${item.shortest_return_hops})`
        : "no way back";
    const isSelected = selected === `if:${item.id}`;
    return h(
      "tr",
      { class: item.has_feedback ? "" : "nofb", "aria-current": isSelected ? "true" : null, dataset: { interface: item.id } },
      h(
        "th",
        { scope: "row" },
        h("button", { type: "button", class: "link", onclick: () => go(`if:${item.id}`) }, item.name || item.id),
      ),
      h("td", {}, h("button", { type: "button", class: "link", onclick: () => go(`org:${item.from.id}`), title: item.from.name || "" }, orgLabel(item.from))),
      h("td", {}, h("button", { type: "button", class: "link", onclick: () => go(`org:${item.to.id}`), title: item.to.name || "" }, orgLabel(item.to))),
      h("td", {}, words(item.kind)),
      h("td", {}, item.formalised ? "yes" : "no"),
      h("td", {}, words(item.basis)),
      h("td", { class: "verdict-cell" }, verdict),
    );
  });
  return h(
    "table",
    { class: "data", id: "interface-table" },
    h("caption", {}, `${summaryLine(page)}. Interfaces without a feedback loop are listed first.`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Interface", "From", "To", "Kind", "Formalised", "Basis", `Feedback loop within ${page.max_hops}`].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h("tbody", {}, rows),
  );
}
