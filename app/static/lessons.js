// The lessons view: how far recommendations got (the LL funnel of DOMAIN.md: identified →
// actioned → implemented → learned) per mission or evaluation, and the two lists that ask
// for attention: endorsed recommendations without follow-up and overdue actions. Every
// row links to its evidence (the node with its sources), in the details panel.

import { h, svg, words } from "./dom.js";
import { linkTo, selectionFor } from "./panels.js";

const STAGES = ["identified", "actioned", "implemented", "learned"];
const STAGE_COLOURS = ["#b9d0e8", "#7ea9d6", "#3f7cbf", "#1d4e89"];

/** The funnel as SVG: each bar counts the recommendations that reached at least that stage. */
export function funnelChart(funnel, caption) {
  const total = STAGES.reduce((sum, stage) => sum + (funnel[stage] || 0), 0);
  const reached = STAGES.map((_, i) => STAGES.slice(i).reduce((sum, stage) => sum + (funnel[stage] || 0), 0));
  const width = 560;
  const labelWidth = 130;
  const barMax = width - labelWidth - 150;
  const rowHeight = 38;
  const description = STAGES.map((stage, i) => `${reached[i]} reached ${stage}`).join(", ");
  const chart = svg(
    "svg",
    {
      viewBox: `0 0 ${width} ${rowHeight * STAGES.length + 8}`,
      width,
      role: "img",
      "aria-label": `LL funnel of ${total} recommendations: ${description}.`,
      class: "funnel",
    },
    STAGES.map((stage, i) => {
      const y = 4 + i * rowHeight;
      const w = total ? Math.max(2, (reached[i] / total) * barMax) : 2;
      return svg(
        "g",
        { "data-stage": stage },
        svg("text", { x: labelWidth - 10, y: y + 21, "text-anchor": "end", class: "stage" }, stage),
        svg("rect", { x: labelWidth, y: y + 4, width: w, height: rowHeight - 12, rx: 3, fill: STAGE_COLOURS[i] }),
        svg(
          "text",
          { x: labelWidth + w + 8, y: y + 21, class: "count" },
          `${reached[i]}`,
          svg("tspan", { class: "muted" }, ` (${funnel[stage] || 0} stopped here)`),
        ),
      );
    }),
  );
  return h("figure", { class: "chart" }, chart, h("figcaption", {}, caption));
}

function stageTable(page, go) {
  return h(
    "table",
    { class: "data" },
    h(
      "caption",
      {},
      `Recommendations (${page.total}) and the stage each reached`,
      page.items.length < page.total ? ` (the first ${page.items.length} shown)` : "",
    ),
    h("thead", {}, h("tr", {}, ["Code", "Recommendation", "Stage", "Latest stance", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      page.items.map((item) =>
        h(
          "tr",
          {},
          h("td", {}, item.code || "—"),
          h("th", { scope: "row" }, linkTo(go, selectionFor("Recommendation", item.id), truncate(item.text || item.id, 160))),
          h("td", {}, h("span", { class: `stage-tag ${item.stage}` }, item.stage)),
          h("td", {}, words(item.latest_stance)),
          h("td", {}, item.actions.length ? h("ul", { class: "plain" }, item.actions.map((a) => h("li", {}, linkTo(go, selectionFor("Action", a.id), a.title || a.id), h("span", { class: "muted" }, ` ${words(a.status)}`)))) : "none"),
        ),
      ),
    ),
  );
}

function followUpTable(page, go) {
  if (page.total === 0) return h("p", { class: "empty" }, "None: every endorsed recommendation you can see has a follow-up action.");
  return h(
    "table",
    { class: "data" },
    h("caption", {}, `Endorsed recommendations without follow-up (${page.total})`),
    h("thead", {}, h("tr", {}, ["Code", "Recommendation", "Latest stance", "Response", "Cancelled actions"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      page.items.map((item) =>
        h(
          "tr",
          {},
          h("td", {}, item.code || "—"),
          h("th", { scope: "row" }, linkTo(go, selectionFor("Recommendation", item.id), truncate(item.text || item.id, 160))),
          h("td", {}, words(item.latest_stance)),
          h("td", {}, item.latest_response ? linkTo(go, selectionFor("Response", item.latest_response.id), item.latest_response.date || item.latest_response.id) : "—"),
          h("td", {}, item.actions.length ? h("ul", { class: "plain" }, item.actions.map((a) => h("li", {}, linkTo(go, selectionFor("Action", a.id), a.title || a.id)))) : "none"),
        ),
      ),
    ),
  );
}

function overdueTable(page, go) {
  if (page.total === 0) return h("p", { class: "empty" }, `None overdue on ${page.today}.`);
  return h(
    "table",
    { class: "data" },
    h("caption", {}, `Overdue actions on ${page.today} (${page.total})`),
    h("thead", {}, h("tr", {}, ["Action", "Status", "Due", "Owner", "Addresses"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      page.items.map((item) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, linkTo(go, selectionFor("Action", item.id), item.title || item.id)),
          h("td", {}, words(item.status)),
          h("td", {}, item.due === item.due_end ? item.due : `${item.due} (by ${item.due_end})`),
          h("td", {}, item.owner ? linkTo(go, `org:${item.owner.id}`, item.owner.abbreviation || item.owner.name || item.owner.id) : "—"),
          h("td", {}, h("ul", { class: "plain" }, item.addresses.map((id) => h("li", {}, linkTo(go, selectionFor("Recommendation", id), id))))),
        ),
      ),
    ),
  );
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** The scope picker: every recommendation, or those of one mission or one evaluation. */
export function scopePicker({ missions, evaluations, value, change }) {
  const option = (v, text) => h("option", { value: v, selected: v === value }, text);
  const select = h(
    "select",
    { id: "lessons-scope", onchange: (e) => change(e.target.value) },
    option("", "All recommendations"),
    h("optgroup", { label: "Missions" }, missions.map((m) => option(`mission:${m.id}`, m.acronym ? `${m.acronym} — ${m.name}` : m.name || m.id))),
    h("optgroup", { label: "Evaluations" }, evaluations.map((e) => option(`evaluation:${e.id}`, e.title || e.id))),
  );
  return h("div", { class: "field inline" }, h("label", { for: "lessons-scope" }, "Recommendations of"), select);
}

export function lessonsView({ scope, stages, followUp, overdue, go, scopeName }) {
  return h(
    "div",
    { class: "lessons" },
    scope,
    h("h2", {}, "LL funnel"),
    funnelChart(stages.funnel, `How far the ${stages.total} recommendations of ${scopeName} got. A lesson is learned once an action was implemented and its effect validated.`),
    stageTable(stages, go),
    h("h2", {}, "Recommendations without follow-up"),
    h("p", { class: "muted" }, "Endorsed fully or in part, and no action (other than a cancelled one) addresses them. Over the whole visible graph."),
    followUpTable(followUp, go),
    h("h2", {}, "Overdue actions"),
    h("p", { class: "muted" }, "Due before today and still planned or in progress. Over the whole visible graph."),
    overdueTable(overdue, go),
  );
}
