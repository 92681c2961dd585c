// The trail of one measure: the measure first, then the goals it carries out at every level above it,
// nearest first (each with its score and what the two share; weak links folded away; a level with no
// goal says so; a parent in another province flagged), then the lower-level measures that carry it out.

import { documentsByName, get } from "../api.js";
import { h, link } from "../dom.js";
import { KIND, LEVEL, HIERARCHY_METHOD, readable } from "../format.js";
import { facts, measureText, sourceLine } from "../measure.js";
import { setTitle } from "../page.js";

export async function render(root, params) {
  const id = params.id || "";
  setTitle(`追溯 ${id}`);
  root.append(h("h1", {}, "任务追溯"));
  const [m, docs] = await Promise.all([get(`/api/measures/${encodeURIComponent(id)}`), documentsByName()]);
  const doc = docs.get(m.doc) || {};

  const chain = h("ol", { class: "chain" });
  // the measure itself, first
  chain.append(h("li", { class: "tier self" },
    h("h2", {}, h("span", { class: "tag" }, describeDoc(doc)), " 本措施：",
      link("document", { name: m.doc, m: m.measure_id }, `《${doc.doc_title || m.doc}》`)),
    h("div", { class: "card answer" }, measureText(m), facts(m), sourceLine(m, docs),
      h("p", { class: "actions" }, link("graph", { node: m.measure_id }, "在图谱中查看")))));

  // the documents above, nearest first
  const ancestors = m.ancestors || [];
  if (m.notice) {
    chain.append(h("li", { class: "tier up none" }, h("p", { class: "gap", role: "note" }, `${m.notice}。`)));
  }
  for (const a of ancestors) {
    const shown = m.trace.filter((p) => p.doc === a.doc);
    const folded = (m.folded || []).filter((p) => p.doc === a.doc);
    const d = docs.get(a.doc) || {};
    const tier = h("li", { class: "tier up", dataset: { level: a.level || "" } },
      h("h2", {}, h("span", { class: "tag" }, describeDoc({ level: a.level, kind: a.kind })), " ",
        a.distance === 1 ? "上一级" : `上 ${a.distance} 级`, "：",
        link("document", { name: a.doc }, `《${d.doc_title || a.title || a.doc}》`),
        h("span", { class: "muted small" }, `（${HIERARCHY_METHOD[a.via] || "经由上级文件"}）`)));
    if (a.unusual) tier.append(h("p", { class: "unusual", role: "note" }, "不合常规：", a.unusual));
    if (shown.length) {
      tier.append(h("p", { class: "muted small" }, "本措施落实的目标，按匹配程度排列："), linkList(shown));
    } else {
      tier.append(h("p", { class: "gap", role: "note" }, a.note || "上级文件中没有目标与这条措施相符"));
    }
    if (folded.length) {
      tier.append(h("details", { class: "folded" },
        h("summary", {}, `另有 ${folded.length} 条弱关联（已折叠）`),
        h("p", { class: "muted small" }, "只共有一两个常用词，或远不如本级最相近的目标，仅供参考："),
        linkList(folded)));
    }
    chain.append(tier);
  }
  if (!ancestors.length && !m.notice) {
    chain.append(h("li", { class: "tier up none" }, h("p", { class: "muted" }, "知识库中没有这份文件的上级文件。")));
  }

  // below: what carries it out
  const lower = (doc.children || []).map((n) => docs.get(n)).filter(Boolean);
  const below = h("li", { class: "tier down" }, h("h2", {}, "下级：落实（或汇报）本措施的措施"));
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
  root.append(chain);
}

function linkList(links, docs = null) {
  return h("ol", { class: "links" }, links.map((p) => h("li", {},
    h("div", { class: "score" },
      h("meter", { min: 0, max: 0.5, value: Math.min(0.5, p.score), "aria-label": `得分 ${p.score.toFixed(2)}` }),
      h("span", {}, `得分 ${p.score.toFixed(2)}`),
      p.evidence ? h("span", { class: "muted" }, ` · 共有：${p.evidence}`) : null,
      p.why === "thin" ? h("span", { class: "weak" }, " · 只共有常用词") : null,
      p.why === "weak" ? h("span", { class: "weak" }, " · 远不如最佳目标") : null),
    link("measure", { id: p.measure_id }, readable(p.text)),
    docs ? h("div", { class: "muted small" }, describeDoc(docs.get(p.doc) || {}), ` 《${(docs.get(p.doc) || {}).doc_title || p.doc}》`) : null)));
}

function describeDoc(d) {
  return [LEVEL[d.level], KIND[d.kind]].filter(Boolean).join(" · ");
}
