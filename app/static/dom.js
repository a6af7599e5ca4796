// Building DOM from data without innerHTML: every text from the API goes in through
// textContent, so a name with "<script>" in it stays a name (and the CSP forbids inline
// script anyway).

/**
 * h("button", {class: "link", onclick: fn, "aria-label": "..."}, "text", childNode, [more])
 * Attributes: on* are listeners, `class`, `dataset` (object), booleans set or drop the
 * attribute, null/undefined/false skip it. Children: strings, numbers, nodes, arrays, null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value") {
      el.value = value;
    } else if (key === "checked" || key === "selected") {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** SVG elements need their namespace; attributes only (no style attributes: the CSP). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Replace everything inside `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const byId = (id) => document.getElementById(id);

/** "1 interface", "2 interfaces". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A readable form of enum values such as "partially_endorsed". */
export const words = (value) => (value === null || value === undefined ? "—" : String(value).replaceAll("_", " "));
