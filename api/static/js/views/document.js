// Documents: the list, and one document's page — metadata, place in the plan hierarchy, structure.

import { apiKey, documentPath, documents, forgetDocuments, get, removeDocument } from "../api.js";
import { h, link, route, stackTable } from "../dom.js";
import { HIERARCHY_METHOD, KIND, LEVEL, linkMethod, readable } from "../format.js";
import { agencyList, dueBadge } from "../measure.js";
import { errorBox, setTitle } from "../page.js";

export async function renderList(root) {
  setTitle("文件");
  root.append(h("h1", {}, "文件"));
  const docs = await documents();
  root.append(stackTable(["文件", "地区", "层级", "类型", "年度", "措施", "上级文件"], docs.map((d) => ({
    cells: [
      [link("document", { name: d.doc }, d.doc_title || d.doc), h("div", { class: "muted small" }, d.doc)],
      d.jurisdiction || "", LEVEL[d.level] || d.level || "", KIND[d.kind] || d.kind || "", d.plan_year || "",
      String(d.measures),
      d.parents.map((p) => h("div", {}, link("document", { name: p }, title(docs, p)),
        (d.parents_unusual || {})[p] ? h("p", { class: "unusual small", role: "note" }, "不合常规：",
          d.parents_unusual[p]) : null)),
    ],
  }))));
}

function title(docs, name) {
  const d = docs.find((x) => x.doc === name);
  return (d && d.doc_title) || name;
}

export async function render(root, params) {
  const name = params.name || "";
  setTitle(name);
  const heading = h("h1", {}, name);
  root.append(heading);
  const [doc, docs] = await Promise.all([get(documentPath(name)), documents()]);
  heading.textContent = doc.doc_title || doc.meta.title || name;
  setTitle(heading.textContent);
  root.append(
    h("p", { class: "muted" }, name),
    metadata(doc),
    h("p", { class: "buttons" },
      h("a", { class: "button secondary", href: route("graph", { node: name }) }, "在图谱中查看"),
      h("a", { class: "button secondary", href: route("search", { doc: name }) }, "列出全部措施")),
    hierarchy(doc, docs));
  if (doc.kind === "progress-report") root.append(await reports(doc));
  root.append(structure(doc, params.m));
  root.append(removal(name));
  const wanted = params.m && root.querySelector(`[id="m-${CSS.escape(params.m)}"]`);
  if (wanted) wanted.scrollIntoView({ block: "center" });
}

function metadata(doc) {
  const m = doc.meta || {};
  const rows = [
    ["文号", m.number], ["发文日期", m.date], ["发文单位", m.issuer], ["责任单位", m.owner],
    ["地区", doc.jurisdiction], ["层级", LEVEL[doc.level] || doc.level], ["类型", KIND[doc.kind] || doc.kind],
    ["年度", doc.plan_year], ["措施", `${doc.measures.length} 条`],
  ].filter(([, v]) => v !== null && v !== undefined && v !== "");
  return h("dl", { class: "meta card" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))]));
}

// Ancestors and descendants, level by level, from the list of documents with their parents and children.
function hierarchy(doc, docs) {
  const byName = new Map(docs.map((d) => [d.doc, d]));
  const walk = (start, key) => {
    const levels = [];
    let frontier = [start];
    const seen = new Set([start]);
    while (frontier.length) {
      const next = [];
      for (const n of frontier) for (const m of (byName.get(n) || {})[key] || []) {
        if (!seen.has(m)) { seen.add(m); next.push(m); }
      }
      if (next.length) levels.push(next);
      frontier = next;
    }
    return levels;
  };
  const method = new Map([...doc.parents.map((p) => [p.parent, p]), ...doc.children.map((c) => [c.child, c])]);
  const item = (n) => {
    const d = byName.get(n) || {};
    const via = method.get(n);
    return h("li", {},
      h("span", { class: "tag" }, [LEVEL[d.level], KIND[d.kind]].filter(Boolean).join(" · ")), " ",
      link("document", { name: n }, d.doc_title || n),
      via ? h("span", { class: "muted small" }, `（${HIERARCHY_METHOD[via.method] || via.method}）`) : null,
      via && via.unusual ? h("p", { class: "unusual", role: "note" }, "不合常规：", via.unusual) : null);
  };
  const up = walk(doc.doc, "parents").reverse();
  const down = walk(doc.doc, "children");
  const self = byName.get(doc.doc) || doc;
  return h("section", { class: "card", "aria-labelledby": "h-hierarchy" },
    h("h2", { id: "h-hierarchy" }, "在规划体系中的位置"),
    h("ol", { class: "tiers" },
      up.map((names) => h("li", {}, h("ul", { class: "plain" }, names.map(item)))),
      h("li", { class: "self" }, h("span", { class: "tag" }, [LEVEL[self.level], KIND[self.kind]].filter(Boolean).join(" · ")),
        " ", h("strong", {}, "本文件")),
      down.map((names) => h("li", {}, h("ul", { class: "plain" }, names.map(item))))),
    !up.length ? h("p", { class: "muted" }, "没有上级文件。") : null,
    !down.length ? h("p", { class: "muted" }, "没有下级文件。") : null);
}

// For a progress report: the higher-level tasks each row reports on.
async function reports(doc) {
  const rows = await Promise.all(doc.measures.map((m) => get(`/api/measures/${encodeURIComponent(m.measure_id)}`)
    .catch(() => ({ ...m, trace: [] }))));
  return h("section", { class: "card", "aria-labelledby": "h-reports" },
    h("h2", { id: "h-reports" }, "各项进展对应的任务"),
    stackTable(["进展", "汇报的任务（上级措施）"], rows.map((r) => ({
      cells: [
        link("measure", { id: r.measure_id }, readable(r.text).slice(0, 80) + (r.text.length > 80 ? "…" : "")),
        r.trace.length ? h("ul", { class: "plain" }, r.trace.slice(0, 3).map((p) => h("li", {},
          link("measure", { id: p.measure_id }, readable(p.text).slice(0, 60) + "…"),
          h("span", { class: "muted small" }, ` 相似度 ${p.score.toFixed(2)} · ${linkMethod(p.method)}`))))
          : h("span", { class: "muted" }, doc.parents.length ? "没有找到对应的任务"
            : "没有找到对应的任务（这份报告在知识库中没有上级文件）"),
      ],
    }))));
}

// Headings → measures, in document order.
function structure(doc, focus) {
  const section = h("section", { class: "card", "aria-labelledby": "h-structure" },
    h("h2", { id: "h-structure" }, "文件结构"));
  let path = [];
  for (const { section: raw, measure: m } of doc.structure) {
    const here = (raw || []).map(readable);
    let same = 0;
    while (same < path.length && same < here.length && path[same] === here[same]) same++;
    for (let i = same; i < here.length; i++) {
      section.append(h(`h${Math.min(3 + i, 6)}`, { class: "section-heading" }, here[i]));
    }
    path = here;
    const dated = (m.deadlines || []).filter((d) => d.due);
    section.append(h("article", { id: `m-${m.measure_id}`, class: m.measure_id === focus ? "item focus" : "item" },
      h("p", {}, readable(m.text)),
      h("div", { class: "item-facts" },
        m.lead.length ? [h("span", { class: "muted" }, "牵头 "), agencyList(m.lead, m.jurisdiction)] : null,
        m.support.length ? [h("span", { class: "muted" }, "配合 "), agencyList(m.support, m.jurisdiction)] : null,
        dated.map((d) => h("span", {}, d.due, " ", dueBadge(d.due))),
        link("measure", { id: m.measure_id }, "追溯"))));
  }
  return section;
}

function removal(name) {
  const key = h("input", { id: "del-key", type: "password", autocomplete: "off", value: apiKey.get() });
  const out = h("div", { "aria-live": "polite" });
  const go = async () => {
    if (!window.confirm(`确定从知识库中删除《${name}》？它的全部措施和审计链接都会删除。`)) return;
    apiKey.set(key.value);
    try {
      await removeDocument(name, key.value);
      forgetDocuments();
      out.replaceChildren(h("p", { class: "ok" }, "已删除。"), h("p", {}, h("a", { href: "#/documents" }, "返回文件列表")));
    } catch (err) {
      out.replaceChildren(errorBox(err, "没有删除："));
    }
  };
  return h("details", { class: "danger" },
    h("summary", {}, "删除这个文件"),
    h("div", { class: "field" }, h("label", { for: "del-key" }, "API 密钥"), key),
    h("p", {}, h("button", { type: "button", class: "danger", onclick: go }, "删除")), out);
}
