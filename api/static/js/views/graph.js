// The graph view: the neighbourhood of a measure, an agency or a document (GET /api/graph), drawn with
// Cytoscape.js (served by policykg, loaded only here), coloured by node type, the plan hierarchy top-down.

import { get, url } from "../api.js";
import { h, link, route } from "../dom.js";
import { setTitle } from "../page.js";

const TYPES = {
  Document: { name: "文件", color: "#1f5fa8", shape: "round-rectangle" },
  Measure: { name: "措施", color: "#2f7d4f", shape: "ellipse" },
  Agency: { name: "部门", color: "#b35400", shape: "diamond" },
  Place: { name: "地区", color: "#5f6368", shape: "hexagon" },
  Topic: { name: "主题", color: "#7b3fa0", shape: "tag" },
  Deadline: { name: "期限", color: "#b42318", shape: "triangle" },
  Target: { name: "目标", color: "#8a6d00", shape: "star" },
};
const ORDER = Object.keys(TYPES);
const PER_LINE = 10;
const DX = 180;
const DY = 72;

const EXAMPLES = [
  ["苏州市交通局", { node: "市交通局", place: "苏州市" }],
  ["《苏州市空气质量持续改善行动重点工作任务分解表》", { node: "004_5388e15178bf8d90.txt" }],
  ["《生态环境分局2025年工作思路》（平湖市）", { node: "002_67f8289a9b82292a.txt" }],
];

export async function render(root, params) {
  const node = params.node || "";
  const place = params.place || "";
  const depth = params.depth === "2" ? "2" : "1";
  setTitle(node ? `图谱：${node}` : "图谱");
  root.append(h("h1", {}, "关系图谱"), form(node, place, depth));
  if (!node) {
    root.append(h("p", {}, "输入措施编号、文件名或部门名称，查看它周围的关系；任一措施下的“在图谱中查看”也会来到这里。例如："),
      h("ul", {}, EXAMPLES.map(([text, p]) => h("li", {}, link("graph", p, text)))));
    return;
  }
  const query = { node, place, depth };
  const [data, { default: cytoscape }] = await Promise.all([
    get("/api/graph", query),
    import("../../vendor/cytoscape/cytoscape.esm.min.mjs"),
  ]);
  const nodes = data.elements.nodes;
  const centerData = (nodes.find((n) => n.data.id === data.center) || {}).data || {};
  const box = h("div", { id: "cy", class: "graph", role: "img",
    "aria-label": `以“${centerData.label || node}”为中心的关系图，共 ${nodes.length} 个节点；节点列表见图下方。` });
  const info = h("p", { class: "graph-info muted", "aria-live": "polite" }, "点击节点打开它的页面；鼠标停在节点上可看全称。");
  root.append(
    h("p", { class: "buttons" },
      h("span", {}, `${nodes.length} 个节点，${data.elements.edges.length} 条关系` +
        (data.truncated ? "（范围内节点太多，只显示离中心最近的部分）" : "")),
      h("a", { class: "button secondary", href: url("/api/graph", { ...query, format: "gexf" }), download: "" }, "下载 GEXF"),
      h("a", { class: "button secondary", href: url("/api/graph", { ...query, format: "graphml" }), download: "" }, "下载 GraphML")),
    legend(), box, info, nodeList(nodes, data.center));

  const cy = cytoscape({
    container: box,
    elements: data.elements,
    style: style(),
    layout: { name: "preset", positions: layout(data.elements, data.center), fit: true, padding: 30 },
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 3,
  });
  cy.getElementById(data.center).addClass("center");
  window.policykgGraph = cy; // for the browser tests and for a curious reader's console
  cy.on("mouseover", "node", (e) => { info.textContent = `${TYPES[e.target.data("type")].name}：${e.target.data("text") || e.target.data("label")}`; });
  cy.on("tap", "node", (e) => open(e.target));
}

function form(node, place, depth) {
  return h("form", { class: "inline", onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = route("graph", Object.fromEntries([...f.entries()].filter(([, v]) => String(v).trim())));
  } },
  h("div", { class: "field grow" }, h("label", { for: "g-node" }, "中心节点"),
    h("input", { id: "g-node", name: "node", value: node, placeholder: "措施编号、文件名或部门名称" })),
  h("div", { class: "field" }, h("label", { for: "g-place" }, "部门所在地区"),
    h("input", { id: "g-place", name: "place", value: place, placeholder: "如：苏州市" })),
  h("div", { class: "field" }, h("label", { for: "g-depth" }, "范围"),
    h("select", { id: "g-depth", name: "depth" },
      h("option", { value: "1", selected: depth === "1" }, "直接相连"),
      h("option", { value: "2", selected: depth === "2" }, "两步之内"))),
  h("div", { class: "field" }, h("span", { class: "label-spacer", "aria-hidden": "true" }, " "),
    h("button", { type: "submit" }, "绘制")));
}

function legend() {
  return h("ul", { class: "legend", "aria-label": "图例" }, ORDER.map((t) => h("li", {},
    h("span", { class: "swatch", style: `background:${TYPES[t].color}` }), TYPES[t].name)));
}

function style() {
  return [
    { selector: "node", style: {
      "background-color": (n) => TYPES[n.data("type")]?.color || "#999",
      shape: (n) => TYPES[n.data("type")]?.shape || "ellipse",
      width: 18, height: 18,
      label: (n) => short(n.data("label")),
      "font-family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
      "font-size": 10, color: "#222", "text-valign": "bottom", "text-margin-y": 3,
      "text-wrap": "wrap", "text-max-width": 110, "text-overflow-wrap": "anywhere",
      "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1,
    } },
    { selector: "node.center", style: {
      width: 34, height: 34, "border-width": 4, "border-color": "#111", "font-weight": "bold", "font-size": 12,
    } },
    { selector: "edge", style: {
      width: 1, "line-color": "#b9c0c8", "target-arrow-color": "#b9c0c8", "target-arrow-shape": "triangle",
      "arrow-scale": 0.7, "curve-style": "straight", opacity: 0.8,
    } },
    { selector: 'edge[relation = "CARRIES_OUT"], edge[relation = "APPLIES"], edge[relation = "REPORTS_ON"]', style: {
      width: 2, "line-color": "#2f7d4f", "target-arrow-color": "#2f7d4f",
    } },
    { selector: 'edge[relation = "LEAD"]', style: { "line-color": "#b35400", "target-arrow-color": "#b35400" } },
  ];
}

function short(label) {
  const s = String(label || "").replace(/\s+/g, "");
  return s.length > 16 ? s.slice(0, 15) + "…" : s;
}

// Preset positions: one band per tier of the plan hierarchy (documents, then their measures), top-down;
// a node without a tier (agency, deadline, target, topic, place) goes just below the lowest tier it touches.
function layout(elements, center) {
  const tier = new Map(elements.nodes.map((n) => [n.data.id, n.data.tier]));
  const near = new Map(elements.nodes.map((n) => [n.data.id, []]));
  for (const e of elements.edges) {
    near.get(e.data.source)?.push(e.data.target);
    near.get(e.data.target)?.push(e.data.source);
  }
  const tiers = [...tier.values()].filter((t) => t !== undefined);
  const last = tiers.length ? Math.max(...tiers) : 0;
  const rows = new Map();
  for (const n of elements.nodes) {
    const d = n.data;
    let row;
    if (d.tier !== undefined) row = d.tier * 3 + (d.type === "Document" ? 0 : 1);
    else {
      const touched = near.get(d.id).map((m) => tier.get(m)).filter((t) => t !== undefined);
      row = touched.length ? Math.max(...touched) * 3 + 2 : last * 3 + 3;
    }
    if (!rows.has(row)) rows.set(row, []);
    rows.get(row).push(d);
  }
  const key = (d) => [ORDER.indexOf(d.type), d.doc || "", d.order ?? 0, d.label || ""];
  const cmp = (a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  };
  const out = {};
  let y = 0;
  for (const row of [...rows.keys()].sort((a, b) => a - b)) {
    const list = rows.get(row).sort(cmp);
    // the center first in its row's middle line, so it is never lost at an edge
    const c = list.findIndex((d) => d.id === center);
    if (c > 0) list.splice(Math.floor(Math.min(list.length, PER_LINE) / 2), 0, ...list.splice(c, 1));
    for (let i = 0; i < list.length; i += PER_LINE) {
      const line = list.slice(i, i + PER_LINE);
      line.forEach((d, j) => { out[d.id] = { x: (j - (line.length - 1) / 2) * DX + (i / PER_LINE % 2) * DX / 2, y }; });
      y += DY;
    }
    y += DY * 0.4;
  }
  return out;
}

// Where a click on a node leads.
async function open(n) {
  const d = n.data();
  if (d.type === "Measure") location.hash = route("measure", { id: d.measure_id });
  else if (d.type === "Document") location.hash = route("document", { name: d.file });
  else if (d.type === "Place") location.hash = route("search", { place: d.label });
  else if (d.type === "Topic") location.hash = route("search", { topic: d.notation });
  else if (d.type === "Deadline" || d.type === "Target") {
    const m = n.incomers("node").filter((x) => x.data("type") === "Measure")[0];
    if (m) location.hash = route("measure", { id: m.data("measure_id") });
  } else if (d.type === "Agency") location.hash = await agencyRoute(d);
}

// An agency node's page: the agency as documents name it (市交通局 for 苏州市交通局) in its place;
// an agency with no tasks of its own (a government passing documents) is drawn at the center instead.
async function agencyRoute(d) {
  try {
    const body = await get("/api/agencies", { place: d.place });
    const stem = (d.place || "").replace(/[市县区省]$/, "");
    const hit = body.agencies.find((a) => a.place === d.place &&
      (a.name === d.label || stem + a.name === d.label || (d.place || "") + a.name === d.label));
    if (hit) return route("agency", { name: hit.name, place: hit.place });
  } catch { /* fall through */ }
  return route("graph", { node: d.id });
}

// The same nodes as a list of links: what a keyboard or a screen reader uses instead of the picture.
function nodeList(nodes, center) {
  const byType = new Map();
  for (const n of nodes) {
    if (!byType.has(n.data.type)) byType.set(n.data.type, []);
    byType.get(n.data.type).push(n.data);
  }
  return h("details", { class: "node-list" },
    h("summary", {}, "节点列表"),
    ORDER.filter((t) => byType.has(t)).map((t) => h("section", {},
      h("h2", {}, `${TYPES[t].name}（${byType.get(t).length}）`),
      h("ul", {}, byType.get(t).map((d) => h("li", { class: d.id === center ? "center" : null }, nodeLink(d)))))));
}

function nodeLink(d) {
  if (d.type === "Measure") return link("measure", { id: d.measure_id }, d.label);
  if (d.type === "Document") return link("document", { name: d.file }, d.label);
  if (d.type === "Place") return link("search", { place: d.label }, d.label);
  if (d.type === "Topic") return link("search", { topic: d.notation }, d.label);
  if (d.type === "Agency") return link("graph", { node: d.id }, d.label);
  return d.label;
}
