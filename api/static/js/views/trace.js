// The trace of one measure: the goals it carries out at every level above it, top-down, and the
// lower-level measures that carry it out below it; each link with its score and method.

import { documentsByName, get } from "../api.js";
import { h, link } from "../dom.js";
import { KIND, LEVEL, linkMethod, readable } from "../format.js";
import { facts, measureText, sourceLine } from "../measure.js";
import { setTitle } from "../page.js";

export async function render(root, params) {
  const id = params.id || "";
  setTitle(`追溯 ${id}`);
  root.append(h("h1", {}, "任务追溯"));
  const [m, docs] = await Promise.all([get(`/api/measures/${encodeURIComponent(id)}`), documentsByName()]);
  const doc = docs.get(m.doc) || {};
  const describe = describeDoc;

  // ancestors: one group per ancestor document, the farthest (highest) first
  const groups = new Map();
  for (const p of m.trace) {
    if (!groups.has(p.doc)) groups.set(p.doc, { distance: p.distance ?? 99, links: [] });
    groups.get(p.doc).links.push(p);
  }
  const up = [...groups.entries()].sort((a, b) => b[1].distance - a[1].distance);

  const chain = h("ol", { class: "chain" });
  for (const [name, g] of up) {
    const d = docs.get(name) || {};
    chain.append(h("li", { class: "tier up", dataset: { level: d.level || "" } },
      h("h2", {}, h("span", { class: "tag" }, describe(d)), " ",
        g.distance === 1 ? "上一级" : g.distance < 99 ? `上 ${g.distance} 级` : "上级", "：",
        link("document", { name }, `《${d.doc_title || name}》`)),
      h("p", { class: "muted small" }, "本措施落实的目标，按匹配程度排列："),
      linkList(g.links)),
      h("li", { class: "connector", "aria-hidden": "true" }, "↑ 由下一级落实"));
  }
  chain.append(h("li", { class: "tier self" },
    h("h2", {}, h("span", { class: "tag" }, describe(doc)), " 本措施：",
      link("document", { name: m.doc, m: m.measure_id }, `《${doc.doc_title || m.doc}》`)),
    h("div", { class: "card answer" }, measureText(m), facts(m), sourceLine(m, docs),
      h("p", { class: "actions" }, link("graph", { node: m.measure_id }, "在图谱中查看")))),
    m.children.length ? h("li", { class: "connector", "aria-hidden": "true" }, "↑ 由下一级落实") : null);

  const lower = (doc.children || []).map((n) => docs.get(n)).filter(Boolean);
  const below = h("li", { class: "tier down" },
    h("h2", {}, "下级：落实（或汇报）本措施的措施"));
  if (m.children.length) {
    below.append(linkList(m.children, docs));
  } else if (lower.length) {
    below.append(h("p", { class: "gap", role: "note" },
      "下级文件（", lower.map((d, i) => [i ? "、" : "", link("document", { name: d.doc }, `《${d.doc_title || d.doc}》`)]),
      "）中没有任何措施落实这项目标。"));
  } else {
    below.append(h("p", { class: "muted" }, "知识库里没有这份文件的下级文件。"));
  }
  chain.append(below);
  if (!up.length) {
    chain.prepend(h("li", { class: "tier up" }, h("p", { class: "muted" },
      "这条措施没有上级目标：它所在的文件在知识库中没有上级文件，或没有足够相近的上级措施。")));
  }
  root.append(chain);
}

// below this score a link shares little more than a few characters with its goal: shown, but flagged
const WEAK_LINK = 0.1;

function linkList(links, docs = null) {
  return h("ol", { class: "links" }, links.map((p) => h("li", {},
    h("div", { class: "score" },
      h("meter", { min: 0, max: 0.5, value: Math.min(0.5, p.score), "aria-label": `相似度 ${p.score.toFixed(2)}` }),
      h("span", {}, `相似度 ${p.score.toFixed(2)}`),
      h("span", { class: "muted" }, ` · ${linkMethod(p.method)}`),
      p.rank ? h("span", { class: "muted" }, ` · 第 ${p.rank} 名`) : null,
      p.score < WEAK_LINK ? h("span", { class: "weak" }, " · 弱关联，仅供参考") : null),
    link("measure", { id: p.measure_id }, readable(p.text)),
    docs ? h("div", { class: "muted small" }, describeDoc(docs.get(p.doc) || {}), ` 《${(docs.get(p.doc) || {}).doc_title || p.doc}》`) : null)));
}

function describeDoc(d) {
  return [LEVEL[d.level], KIND[d.kind]].filter(Boolean).join(" · ");
}
