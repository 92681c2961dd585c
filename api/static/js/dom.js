// Building the page: elements from data, never from HTML strings (text is always text).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "style") el.style.cssText = value; // through the CSSOM: the CSP refuses style attributes
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A link inside the page: "#/view?key=value" with the values encoded.
export function route(view, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const qs = query.toString();
  return `#/${view}${qs ? "?" + qs : ""}`;
}

export function link(view, params, ...children) {
  return h("a", { href: route(view, params) }, ...children);
}

// Text with the spans [start, end) wrapped in <mark>; spans may overlap or be unsorted.
export function marked(text, spans, cls = "") {
  const merged = [];
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (e <= s) continue;
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const out = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push(text.slice(at, s));
    out.push(h("mark", { class: cls || null }, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

export function loading(label = "正在加载…") {
  return h("p", { class: "loading", role: "status" }, label);
}

// A table that becomes a stack of labelled cards on a phone: head is a list of column labels,
// rows a list of {cells: [node, …], attrs}; cell number rowHeader of each row is its header cell.
export function stackTable(head, rows, attrs = {}, rowHeader = 0) {
  return h("table", { ...attrs, class: `table stack ${attrs.class || ""}`.trim() },
    h("thead", {}, h("tr", {}, head.map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, rows.map(({ cells, attrs: rowAttrs }) => h("tr", rowAttrs || {},
      cells.map((cell, i) => (i === rowHeader ? h("th", { scope: "row" }, cell)
        : h("td", { dataset: { label: head[i] } }, cell)))))));
}
