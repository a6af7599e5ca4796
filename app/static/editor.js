// Drawing interfaces: the add / edit form and the calls behind it. Only built for callers
// whose role may write (editor, admin); for anyone else the controls do not exist in the
// page at all, and the API refuses such writes regardless.

import { ApiError } from "./api.js";
import { h } from "./dom.js";
import { orgLabel } from "./network.js";
import { KINDS } from "./state.js";

export const WRITERS = new Set(["editor", "admin"]);
const BASES = ["stated", "inferred", "planned"];
const CLASSIFICATIONS = ["ONGERUBRICEERD", "DEPARTEMENTAAL_VERTROUWELIJK", "STG_CONFIDENTIEEL", "STG_GEHEIM"];
const SLUG = "^[a-z0-9][a-z0-9._\\-]{0,127}$";

/** "Informatie IVD → NLD JFC" → "if-informatie-ivd-nld-jfc": a suggestion the user may change. */
function slugFor(name) {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
  return base ? `if-${base}` : "";
}

function field(label, control, hint) {
  const id = control.id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
}

function select(id, options, value, attrs = {}) {
  return h(
    "select",
    { id, name: id, ...attrs },
    options.map(([optionValue, text]) => h("option", { value: optionValue, selected: optionValue === value }, text)),
  );
}

/**
 * The form. `existing` is the interface (GET /interfaces/{id}) with its `etag`, or null to
 * add one. `submit(changes)` does the calls and resolves with the interface id.
 */
export function interfaceForm({ organisations, me, existing, submit, cancel }) {
  const editing = Boolean(existing);
  const ends = existing ? endsOf(existing) : { from: "", to: "" };
  const orgOptions = [
    ["", "Choose an organisation…"],
    ...[...organisations]
      .sort((a, b) => orgLabel(a).localeCompare(orgLabel(b)))
      .map((o) => [o.id, o.abbreviation && o.name ? `${o.abbreviation} — ${o.name}` : orgLabel(o)]),
  ];
  const allowed = CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(me.clearance) + 1);
  const current = existing ? existing.classification : "ONGERUBRICEERD";

  const name = h("input", { id: "if-name", name: "name", required: true, maxlength: 500, value: existing ? existing.name || "" : "" });
  const id = h("input", {
    id: "if-id",
    name: "id",
    required: true,
    pattern: SLUG,
    spellcheck: "false",
    autocomplete: "off",
    value: existing ? existing.id : "",
    readonly: editing,
    "aria-describedby": "if-id-hint",
  });
  let idTouched = editing;
  id.addEventListener("input", () => {
    idTouched = true;
  });
  name.addEventListener("input", () => {
    if (!idTouched) id.value = slugFor(name.value);
  });
  const from = select("if-from", orgOptions, ends.from, { required: true });
  const to = select("if-to", orgOptions, ends.to, { required: true });
  const kind = select("if-kind", KINDS.map((k) => [k, k]), existing ? existing.kind : "lessons");
  const formalised = h("input", { id: "if-formalised", name: "formalised", type: "checkbox", checked: existing ? existing.formalised : false });
  const basis = select("if-basis", BASES.map((b) => [b, b]), existing ? existing.basis || "stated" : "stated", { "aria-describedby": "if-basis-hint" });
  const classification = select("if-classification", allowed.map((c) => [c, c.replaceAll("_", " ")]), current);
  const description = h("textarea", { id: "if-description", name: "description", rows: 3 });
  description.value = existing ? existing.description || "" : "";
  const error = h("p", { class: "error", role: "alert", id: "if-error" });
  const save = h("button", { type: "submit", class: "primary" }, editing ? "Save changes" : "Add interface");

  const form = h(
    "form",
    { class: "editor", "aria-labelledby": "editor-title", novalidate: false },
    h("h2", { id: "editor-title" }, editing ? "Edit interface" : "Add an interface"),
    field("Name", name),
    field("Id", id, editing ? "The id of an interface does not change." : "Lower-case letters, digits, '.', '_' and '-'; suggested from the name."),
    field("From", from),
    field("To", to),
    field("Kind", kind),
    h("div", { class: "field check" }, formalised, h("label", { for: "if-formalised" }, "Formalised (laid down in TVB or an agreement)")),
    field("Basis", basis, "stated: a source says the flow exists; inferred: the graph's reading; planned: a source says it should be set up."),
    field("Classification", classification, editing ? "Lowering it is recorded as a declassification." : null),
    field("Description", description),
    error,
    h("div", { class: "buttons" }, save, h("button", { type: "button", onclick: cancel }, "Cancel")),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (from.value && from.value === to.value) {
      error.textContent = "An interface runs between two different organisations.";
      return;
    }
    save.disabled = true;
    try {
      await submit({
        id: id.value.trim(),
        name: name.value.trim(),
        from: from.value,
        to: to.value,
        kind: kind.value,
        formalised: formalised.checked,
        basis: basis.value,
        classification: classification.value,
        description: description.value.trim(),
      });
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
      if (e instanceof ApiError && e.status === 412) {
        error.textContent += " Someone changed it since this form was filled: cancel, and edit it again.";
      }
      save.disabled = false;
    }
  });
  return form;
}

/** The FROM and TO organisation ids in an interface's relationship summary. */
export function endsOf(node) {
  const rel = (type) => (node.relationships || []).find((r) => r.type === type && r.direction === "out");
  return { from: rel("FROM") ? rel("FROM").id : "", to: rel("TO") ? rel("TO").id : "" };
}

/** POST /interfaces: the node and both ends in one transaction. */
export async function createInterface(api, values) {
  const body = {
    id: values.id,
    name: values.name,
    kind: values.kind,
    formalised: values.formalised,
    basis: values.basis,
    classification: values.classification,
    from: values.from,
    to: values.to,
  };
  if (values.description) body.description = values.description;
  await api.request("POST", "/interfaces", { body });
  return values.id;
}

/**
 * PATCH what changed (If-Match: the version the form was filled from, so a concurrent
 * change is refused with 412 rather than overwritten), then move an end that changed.
 */
export async function updateInterface(api, existing, values) {
  const patch = {};
  for (const key of ["name", "kind", "formalised", "basis", "classification"]) {
    if (values[key] !== existing[key]) patch[key] = values[key];
  }
  const description = values.description || null;
  if (description !== (existing.description || null)) patch.description = description;
  const lowered = CLASSIFICATIONS.indexOf(values.classification) < CLASSIFICATIONS.indexOf(existing.classification);
  if (Object.keys(patch).length) {
    await api.request("PATCH", `/interfaces/${encodeURIComponent(existing.id)}`, {
      body: patch,
      headers: existing.etag ? { "If-Match": existing.etag } : {},
      params: { declassify: lowered ? "true" : null },
    });
  }
  const ends = endsOf(existing);
  for (const [type, key] of [["FROM", "from"], ["TO", "to"]]) {
    if (values[key] !== ends[key]) {
      await api.request("PUT", "/relationships", {
        body: { type, from: { label: "Interface", id: existing.id }, to: { label: "Organisation", id: values[key] } },
      });
    }
  }
  return existing.id;
}

export async function deleteInterface(api, id) {
  await api.request("DELETE", `/interfaces/${encodeURIComponent(id)}`);
}
