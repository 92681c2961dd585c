// The graph view: the neighbourhood of a measure, an agency or a document (GET /api/graph), drawn with
// Cytoscape.js (served by policykg, loaded only here) so that a person can read it: every node by its
// name, labels at 12 px at least (the drawing is never shrunk to fit: it grows instead), the measures of
// one section (or, around an agency, of one role in one document) in one labelled box, the plan hierarchy
// top-down, a filter by node type. On a phone the same nodes are a list instead of a drawing.

import { documentsByName, get, url } from "../api.js";
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
const FONT = 12; // px on screen: the drawing stays at zoom 1
const CELL_W = 156;
const CELL_H = 66;
const HEADER = 30; // a group box's title
const GAP = 22;
const GROUP_COLS = 4;
const PHONE = "(max-width: 700px)";
const ROLE = { LEAD: "牵头", SUPPORT: "配合" };

const EXAMPLES = [
  ["苏州市交通局", { node: "市交通局", place: "苏州市" }],
  ["《苏州市空气质量持续改善行动重点工作任务分解表》", { node: "004_5388e15178bf8d90.txt" }],
  ["《生态环境分局2025年工作思路》（平湖市）", { node: "002_67f8289a9b82292a.txt" }],
];

export async function render(root, params) {
  const node = params.node || "";
  const place = params.place || "";
  const depth = params.depth === "2" ? "2" : "1";
  setTitle(node ? "关系图谱" : "图谱");
  root.append(h("h1", {}, "关系图谱"), form(node, place, depth));
  if (!node) {
    root.append(h("p", {}, "输入措施编号、文件名或部门名称，查看它周围的关系；任一措施下的“在图谱中查看”也会来到这里。例如："),
      h("ul", {}, EXAMPLES.map(([text, p]) => h("li", {}, link("graph", p, text)))));
    return;
  }
  const query = { node, place, depth };
  const phone = window.matchMedia(PHONE).matches;
  const [data, docs, cytoscape] = await Promise.all([
    get("/api/graph", query),
    documentsByName().catch(() => new Map()),
    phone ? Promise.resolve(null) : import("../../vendor/cytoscape/cytoscape.esm.min.mjs").then((m) => m.default),
  ]);
  const nodes = data.elements.nodes.map((n) => ({ ...n, data: { ...n.data, label: nameOf(n.data) } }));
  const centerData = (nodes.find((n) => n.data.id === data.center) || {}).data || {};
  const groups = grouping(nodes, data.elements.edges, data.center, docs);
  setTitle(`图谱：${centerData.label || node}`);
  root.append(
    h("p", { class: "graph-center" }, `以${TYPES[centerData.type]?.name || "节点"}“`, h("strong", {}, centerData.label || node),
      `”为中心${depth === "2" ? "，两步之内" : "，直接相连"}`),
    h("p", { class: "buttons" },
      h("span", {}, `${nodes.length} 个节点，${data.elements.edges.length} 条关系` +
        (data.truncated ? "（范围内节点太多，只显示离中心最近的部分）" : "")),
      h("a", { class: "button secondary", href: url("/api/graph", { ...query, format: "gexf" }), download: "" }, "下载 GEXF"),
      h("a", { class: "button secondary", href: url("/api/graph", { ...query, format: "graphml" }), download: "" }, "下载 GraphML")));

  const present = ORDER.filter((t) => nodes.some((n) => n.data.type === t));
  const list = nodeList(nodes, data.center, groups, phone);
  if (phone) {
    root.append(filter(present, (t, on) => showType(null, list, t, on)),
      h("p", { class: "hint" }, "手机屏幕上以列表显示关系；在电脑上可查看关系图。"), list);
    return;
  }
  // audit links a trail folds away (unsupported, or far below the best), and what only they tie to the center
  const folded = (e) => ["CARRIES_OUT", "REPORTS_ON"].includes(e.relation) &&
    (e.supported === false || (e.share ?? 1) < (data.min_share ?? 0));
  const ties = new Map();
  for (const { data: e } of data.elements.edges) {
    const other = e.source === data.center ? e.target : e.target === data.center ? e.source : null;
    if (other !== null) ties.set(other, [...(ties.get(other) || []), folded(e)]);
  }
  const weakNodes = new Set([...ties].filter(([n, f]) => !groups.of.has(n) && f.every(Boolean)).map(([n]) => n));
  const { positions, height, fullHeight, parents } = layout(nodes, data.center, groups, root.clientWidth || 1100, weakNodes);
  const box = h("div", { id: "cy", class: "graph", role: "img", style: `height:${height}px`,
    "aria-label": `以“${centerData.label || node}”为中心的关系图，共 ${nodes.length} 个节点；节点列表见图下方。` });
  const info = h("p", { class: "graph-info muted", "aria-live": "polite" }, "点击节点打开它的页面；鼠标停在节点上可看全文。");
  let cy = null;
  root.append(filter(present, (t, on) => showType(cy, list, t, on)), box, info, list);

  const edgeClass = (e) => hiddenEdge(e, data.center, groups) ? "implied"
    : folded(e) ? "folded" : groups.of.has(e.source) && groups.of.has(e.target) ? "quiet" : "";
  const elements = {
    nodes: [...parents, ...nodes.map((n) => ({ ...n, data: { ...n.data, parent: groups.of.get(n.data.id) } }))],
    edges: data.elements.edges.map((e) => ({ ...e, classes: edgeClass(e.data) })),
  };
  cy = cytoscape({
    container: box,
    elements,
    style: style(),
    layout: { name: "preset", positions, fit: false, padding: 0 },
    zoom: 1,
    pan: { x: 0, y: 0 },
    minZoom: 0.5,
    maxZoom: 2.5,
    userZoomingEnabled: false, // the page scrolls; the drawing keeps its 12 px labels
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  cy.getElementById(data.center).addClass("center");
  cy.nodes().filter((n) => weakNodes.has(n.id())).addClass("folded"); // drawn in a last row when shown
  const weak = cy.edges(".folded").length;
  if (weak) {
    box.before(h("p", { class: "hint" }, h("label", {},
      h("input", { type: "checkbox", name: "weak", onchange: (e) => {
        cy.elements(".folded").toggleClass("reveal", e.target.checked);
        box.style.height = `${e.target.checked ? fullHeight : height}px`;
        cy.resize();
      } }), ` 显示 ${weak} 条弱关联（只共有常用词，或远不如最相近的目标；追溯页已折叠）`)));
  }
  window.policykgGraph = cy; // for the browser tests and for a curious reader's console
  cy.on("mouseover", "node[type]", (e) => {
    info.textContent = `${TYPES[e.target.data("type")].name}：${e.target.data("text") || e.target.data("label")}`;
    e.target.connectedEdges().addClass("hot");
  });
  cy.on("mouseout", "node[type]", (e) => e.target.connectedEdges().removeClass("hot"));
  cy.on("tap", "node[type]", (e) => open(e.target));
}

// ---------------------------------------------------------------- names

// A node's name as a person reads it: a document by its title, a measure by its own words, never an IRI.
function nameOf(d) {
  const raw = String(d.label || d.text || d.file || d.measure_id || "").replace(/\s+/g, "");
  if (!raw || /^https?:/.test(raw)) return TYPES[d.type]?.name || "节点";
  return raw;
}

function short(label, n = 18) {
  const s = String(label || "");
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

// ---------------------------------------------------------------- groups

// Measures in boxes: by section of their document; around an agency, by its role in each document.
// Returns { list: [{ id, label, tier, doc, order, members }], of: Map(measure id → box id) }.
function grouping(nodes, edges, center, docs) {
  const byId = new Map(nodes.map((n) => [n.data.id, n.data]));
  const docTitle = new Map([...docs.values()].map((d) => [d.doc, d.doc_title || d.doc]));
  for (const n of nodes) if (n.data.type === "Document") docTitle.set(n.data.file, n.data.label);
  const role = new Map();
  for (const e of edges) {
    const { source, target, relation } = e.data;
    if (ROLE[relation] && target === center) role.set(source, ROLE[relation]);
  }
  const measures = nodes.filter((n) => n.data.type === "Measure" && n.data.id !== center).map((n) => n.data);
  const out = { list: [], of: new Map() };
  const centerType = byId.get(center)?.type;
  // boxes around what many measures share (a document, an agency); a few measures, or a measure's own
  // neighbourhood (its goals above, what carries it out below), read as rows by tier
  if (measures.length < 6 || !["Document", "Agency"].includes(centerType)) return out;
  const boxes = new Map();
  for (const m of measures) {
    const title = docTitle.get(m.doc) || "";
    const section = String(m.heading || "").replace(/\s+/g, "");
    let key;
    let label;
    if (centerType === "Agency") {
      key = `${role.get(m.id) || ""}|${m.doc}`;
      label = `${role.get(m.id) || "相关"} · 《${short(title, 22)}》`;
    } else {
      key = `${m.doc}|${section}`;
      label = section || `《${short(title, 22)}》`;
    }
    if (!boxes.has(key)) boxes.set(key, { id: `group:${key}`, label, tier: m.tier ?? 99, doc: m.doc, order: m.order ?? 0, members: [] });
    const b = boxes.get(key);
    b.members.push(m);
    b.order = Math.min(b.order, m.order ?? 0);
    out.of.set(m.id, b.id);
  }
  out.list = [...boxes.values()].sort((a, b) => a.tier - b.tier || (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0) || a.order - b.order);
  for (const b of out.list) b.members.sort((x, y) => (x.order ?? 0) - (y.order ?? 0));
  return out;
}

// Edges the boxes already say: a grouped measure's link to the center document (PART_OF) or agency (LEAD).
function hiddenEdge(e, center, groups) {
  const other = e.source === center ? e.target : e.target === center ? e.source : null;
  return other !== null && groups.of.has(other);
}

// ---------------------------------------------------------------- layout

// Preset positions at zoom 1, top-down: documents by tier, then the boxes of measures by tier (a new line
// where the tier changes), then the other nodes a row per type. Nothing is shrunk: the height grows.
function layout(nodes, center, groups, width, weak = new Set()) {
  const W = Math.max(CELL_W * 2, width - 40);
  const pos = {};
  let y = 20;
  const row = (items, h = CELL_H) => {
    const perLine = Math.max(1, Math.floor(W / CELL_W));
    for (let i = 0; i < items.length; i += perLine) {
      const line = items.slice(i, i + perLine);
      line.forEach((d, j) => { pos[d.id] = { x: 20 + W / 2 + (j - (line.length - 1) / 2) * CELL_W, y }; });
      y += h;
    }
  };
  const all = nodes.map((n) => n.data);
  const data = all.filter((d) => !weak.has(d.id));
  const docs = data.filter((d) => d.type === "Document").sort((a, b) => (a.tier ?? 99) - (b.tier ?? 99) || (a.label < b.label ? -1 : 1));
  const tiersOfDocs = [...new Set(docs.map((d) => d.tier ?? 99))];
  for (const t of tiersOfDocs) row(docs.filter((d) => (d.tier ?? 99) === t));
  const centerNode = data.find((d) => d.id === center);
  if (centerNode && !["Document", "Measure"].includes(centerNode.type)) row([centerNode]);
  // around a document or an agency, what else touches it (its place, its issuer, other agencies) sits
  // close to it, above the boxes of measures
  const others = (t) => data.filter((d) => d.type === t && !(d.id in pos));
  if (groups.list.length) for (const t of ORDER.filter((t) => !["Document", "Measure"].includes(t))) row(others(t));
  if (groups.list.length) y += GAP;

  // the boxes, flowed left to right, a new line for each tier
  const parents = [];
  let x = 20;
  let lineH = 0;
  let lastTier = null;
  const newLine = () => { if (x > 20) { y += lineH + GAP; x = 20; lineH = 0; } };
  for (const g of groups.list) {
    if (lastTier !== null && g.tier !== lastTier) newLine();
    lastTier = g.tier;
    const cols = Math.min(GROUP_COLS, g.members.length, Math.max(1, Math.floor(W / CELL_W)));
    const rows = Math.ceil(g.members.length / cols);
    const titleW = Math.min(W, [...g.label].length * 14 + 24); // the box is as wide as its title at least
    const bw = Math.max(cols * CELL_W, titleW);
    const bh = HEADER + rows * CELL_H;
    if (x + bw > W + 20) newLine();
    const inset = (bw - cols * CELL_W) / 2;
    g.members.forEach((m, i) => {
      pos[m.id] = { x: x + inset + (i % cols) * CELL_W + CELL_W / 2, y: y + HEADER + Math.floor(i / cols) * CELL_H + 10 };
    });
    parents.push({ data: { id: g.id, label: g.label, group: true } });
    x += bw + GAP;
    lineH = Math.max(lineH, bh);
  }
  newLine();
  if (groups.list.length) y += GAP;

  // measures without a box (a measure's own neighbourhood): a row per tier of the hierarchy, the goals
  // above the measure, what carries it out below; the center alone in its own row, amid them; then the
  // other nodes, a row per type
  const rest = data.filter((d) => !(d.id in pos));
  const loose = rest.filter((d) => d.type === "Measure" && d.id !== center);
  const byDoc = (a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0) || (a.order ?? 0) - (b.order ?? 0);
  const centerTier = centerNode?.type === "Measure" ? (centerNode.tier ?? 99) : null;
  const tiers = [...new Set(loose.map((d) => d.tier ?? 99))].sort((a, b) => a - b);
  for (const t of tiers.filter((t) => centerTier === null || t < centerTier)) row(loose.filter((d) => (d.tier ?? 99) === t).sort(byDoc));
  if (centerTier !== null) {
    row([centerNode]);
    for (const t of tiers.filter((t) => t >= centerTier)) row(loose.filter((d) => (d.tier ?? 99) === t).sort(byDoc));
  }
  for (const t of ORDER.filter((t) => t !== "Measure")) row(rest.filter((d) => d.type === t && !(d.id in pos)));
  const end = y;
  y += GAP;
  row(all.filter((d) => weak.has(d.id))); // what only weak links tie to the center, out of the way
  return { positions: pos, height: Math.max(360, end + 30), fullHeight: Math.max(360, y + 30), parents };
}

function style() {
  return [
    { selector: "node[type]", style: {
      "background-color": (n) => TYPES[n.data("type")]?.color || "#999",
      shape: (n) => TYPES[n.data("type")]?.shape || "ellipse",
      width: 16, height: 16,
      label: (n) => short(n.data("label"), n.data("type") === "Document" ? 24 : 18),
      "font-family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
      "font-size": FONT, color: "#1d2329", "text-valign": "bottom", "text-margin-y": 3,
      "text-wrap": "wrap", "text-max-width": CELL_W - 14, "text-overflow-wrap": "anywhere",
      "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1,
    } },
    { selector: "node[?group]", style: {
      "background-color": "#f4f6f8", "background-opacity": 1, "border-width": 1, "border-color": "#c9d0d8",
      shape: "round-rectangle", label: "data(label)", "text-valign": "top", "text-halign": "center",
      "text-margin-y": -2, "font-size": 13, "font-weight": "bold", color: "#2f3b46", padding: 8,
      "text-max-width": 600, "text-wrap": "ellipsis",
      "font-family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    } },
    { selector: "node.center", style: {
      width: 28, height: 28, "border-width": 4, "border-color": "#111", "font-weight": "bold", "font-size": 14,
    } },
    { selector: "edge", style: {
      width: 1, "line-color": "#b9c0c8", "target-arrow-color": "#b9c0c8", "target-arrow-shape": "triangle",
      "arrow-scale": 0.7, "curve-style": "bezier", opacity: 0.8,
    } },
    { selector: "edge.implied", style: { display: "none" } },
    { selector: "edge.quiet", style: { opacity: 0.25 } },
    { selector: ".folded", style: { display: "none" } },
    { selector: ".folded.reveal", style: { display: "element" } },
    { selector: "edge.folded", style: { "line-style": "dashed", opacity: 0.5 } },
    { selector: 'edge[relation = "CARRIES_OUT"], edge[relation = "APPLIES"], edge[relation = "REPORTS_ON"]', style: {
      width: 2, "line-color": "#2f7d4f", "target-arrow-color": "#2f7d4f",
    } },
    { selector: 'edge[relation = "LEAD"]', style: { "line-color": "#b35400", "target-arrow-color": "#b35400" } },
    { selector: "edge.hot", style: { opacity: 1, width: 3, "z-index": 10 } },
    { selector: ".off", style: { display: "none" } }, // the filter by type wins over everything
  ];
}

// ---------------------------------------------------------------- filter, list

function filter(types, onChange) {
  return h("fieldset", { class: "legend filter" },
    h("legend", { class: "visually-hidden" }, "按节点类型显示"),
    types.map((t) => h("label", {},
      h("input", { type: "checkbox", name: "type", value: t, checked: true,
        onchange: (e) => onChange(t, e.target.checked) }),
      h("span", { class: "swatch", style: `background:${TYPES[t].color}` }), TYPES[t].name)));
}

function showType(cy, list, type, on) {
  if (cy) {
    cy.nodes(`[type = "${type}"]`).toggleClass("off", !on);
    if (type === "Measure") cy.nodes("[?group]").toggleClass("off", !on);
  }
  const section = list.querySelector(`section[data-type="${type}"]`);
  if (section) section.hidden = !on;
}

// The same nodes as a list of links: what a phone shows, and what a keyboard or a screen reader uses.
function nodeList(nodes, center, groups, open) {
  const byType = new Map();
  for (const n of nodes) {
    if (!byType.has(n.data.type)) byType.set(n.data.type, []);
    byType.get(n.data.type).push(n.data);
  }
  const item = (d) => h("li", { class: d.id === center ? "center" : null }, nodeLink(d));
  const sections = ORDER.filter((t) => byType.has(t)).map((t) => {
    const all = byType.get(t);
    let body;
    if (t === "Measure" && groups.list.length) {
      const loose = all.filter((d) => !groups.of.has(d.id));
      body = [loose.length ? h("ul", {}, loose.map(item)) : null,
        groups.list.map((g) => h("div", { class: "group" }, h("h3", {}, g.label), h("ul", {}, g.members.map(item))))];
    } else {
      body = h("ul", {}, all.map(item));
    }
    return h("section", { dataset: { type: t } }, h("h2", {}, `${TYPES[t].name}（${all.length}）`), body);
  });
  return h("details", { class: "node-list", open: open || null }, h("summary", {}, "节点列表"), sections);
}

function nodeLink(d) {
  if (d.type === "Measure") return link("measure", { id: d.measure_id }, d.label);
  if (d.type === "Document") return link("document", { name: d.file }, d.label);
  if (d.type === "Place") return link("search", { place: d.label }, d.label);
  if (d.type === "Topic") return link("search", { topic: d.notation }, d.label);
  if (d.type === "Agency") return link("graph", { node: d.id }, d.label);
  return d.label;
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

// ---------------------------------------------------------------- clicks

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
