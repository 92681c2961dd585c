// A measure as every view shows it: its text, who leads and supports it, by when, to what target, from where.

import { h, link, marked } from "./dom.js";
import { dueStatus, findLoose, readable, recurring, sharedSpans, targetText } from "./format.js";

// The agency page of an agency named as documents name it, in the place of the measure's document.
export function agencyLink(name, place) {
  return link("agency", { name, place }, name);
}

export function agencyList(names, place) {
  if (!names || !names.length) return h("span", { class: "muted" }, "未写明");
  return h("ul", { class: "chips" }, names.map((n) => h("li", {}, agencyLink(n, place))));
}

export function dueBadge(due, today) {
  const s = dueStatus(due, today);
  return h("span", { class: `due due-${s.state}` }, s.text);
}

export function deadlineList(deadlines, today, implied = null) {
  if ((!deadlines || !deadlines.length) && implied) {
    return h("span", {}, h("strong", {}, implied.due), " ", h("span", { class: "muted" }, `（推定：${implied.text}）`), " ",
      dueBadge(implied.due, today));
  }
  if (!deadlines || !deadlines.length) return h("span", { class: "muted" }, "未写明");
  return h("ul", { class: "plain" }, deadlines.map((d) => h("li", {},
    h("strong", {}, d.due || d.text), " ",
    d.due ? h("span", { class: "muted" }, `（${d.text}）`) : null, " ",
    d.recurring ? h("span", { class: "muted" }, recurring(d.recurring)) : null, " ",
    d.due ? dueBadge(d.due, today) : null)));
}

export function targetList(targets) {
  if (!targets || !targets.length) return h("span", { class: "muted" }, "未写明");
  return h("ul", { class: "plain" }, targets.map((t) => h("li", {}, targetText(t))));
}

// The measure's text with its deadline and target phrases, and what the question repeats, marked.
export function measureText(m, question = "") {
  const text = readable(m.text);
  const spans = [];
  for (const p of [...(m.deadlines || []), ...(m.targets || [])]) {
    const at = findLoose(text, p.text);
    if (at) spans.push(at);
  }
  const shared = question ? sharedSpans(text, question) : [];
  return h("p", { class: "measure-text" }, shared.length ? marked(text, shared, "hit") : marked(text, spans, "fact"));
}

export function facts(m, today) {
  const place = m.jurisdiction;
  return h("dl", { class: "facts" },
    h("dt", {}, "牵头单位"), h("dd", { class: "lead" }, agencyList(m.lead, place)),
    h("dt", {}, "配合单位"), h("dd", { class: "support" }, agencyList(m.support, place)),
    h("dt", {}, "截止时间"), h("dd", { class: "deadlines" }, deadlineList(m.deadlines, today, m.implied_deadline)),
    h("dt", {}, "目标"), h("dd", { class: "targets" }, targetList(m.targets)));
}

export function sourceLine(m, docs, more = "") {
  const d = docs && docs.get(m.doc);
  const title = (d && d.doc_title) || m.doc_title || m.doc;
  const section = (m.section && m.section.length ? m.section : (m.heading ? [m.heading] : []))
    .map((s) => readable(s)).join(" › ");
  return h("p", { class: "source" },
    "来源：", link("document", { name: m.doc, m: m.measure_id }, `《${title}》`),
    section ? h("span", { class: "muted" }, ` ${section}`) : null,
    more ? h("span", { class: "muted small" }, ` · ${more}`) : null);
}

export function actions(m) {
  return h("p", { class: "actions" },
    link("measure", { id: m.measure_id }, "追溯上下级"), " · ",
    link("graph", { node: m.measure_id }, "在图谱中查看"));
}

// A compact row for lists: text, then who and by when on one line, then where from.
export function measureRow(m, { docs, today, question } = {}) {
  const place = m.jurisdiction;
  const dated = (m.deadlines || []).filter((d) => d.due);
  return h("article", { class: "measure" },
    measureText(m, question),
    h("div", { class: "row-facts" },
      h("span", {}, h("span", { class: "muted" }, "牵头 "), agencyList(m.lead, place)),
      m.support && m.support.length ? h("span", {}, h("span", { class: "muted" }, "配合 "), agencyList(m.support, place)) : null,
      dated.length ? h("span", {}, h("span", { class: "muted" }, "截止 "),
        dated.map((d) => [h("strong", {}, d.due), " ", dueBadge(d.due, today), " "])) : null),
    h("div", { class: "row-source" }, sourceLine(m, docs), actions(m)));
}
