// Search: a question or keywords; the answer card on top, the ranked measures below, with filters.

import { documentPath, documents, documentsByName, get, sparql } from "../api.js";
import { append, h, link, loading, marked, route } from "../dom.js";
import { KIND, LEVEL, ROLE, readable, sharedSpans, todayISO } from "../format.js";
import { actions, facts, measureRow, measureText, sourceLine } from "../measure.js";
import { errorBox, setTitle } from "../page.js";

// The filters the page offers, each a query parameter of /api/search and /api/measures.
const FILTERS = ["place", "agency", "role", "doc", "level", "kind", "topic", "due_after", "due_before"];

const EXAMPLES = [
  "化肥使用总量较2020年削减3%这项任务归哪个部门牵头？",
  "国一及以下非道路移动机械淘汰60%以上，截止时间",
  "市交通局负责哪些任务",
  "谁牵头VOCs综合治理？什么时候完成？",
  "秸秆禁烧",
];

export async function render(root, params) {
  const q = (params.q || "").trim();
  const filters = Object.fromEntries(FILTERS.filter((f) => params[f]).map((f) => [f, params[f]]));
  if (filters.role && !filters.agency) delete filters.role; // a role means nothing without an agency
  setTitle(q ? `搜索：${q}` : "搜索");
  root.append(h("h1", {}, "政策任务搜索"));
  const form = searchForm(q, filters);
  root.append(form);
  fillChoices(form, filters);

  const answerSlot = h("div", { class: "answer-slot" });
  const listSlot = h("section", { class: "results", "aria-labelledby": "results-h" });
  root.append(answerSlot, listSlot);
  if (!q && !Object.keys(filters).length) {
    listSlot.removeAttribute("aria-labelledby");
    listSlot.append(await intro());
    return;
  }
  const docs = await documentsByName();
  await Promise.all([
    q ? answer(answerSlot, q, docs) : null,
    ranked(listSlot, q, filters, docs),
  ]);
}

// ------------------------------------------------------------------ the form

function searchForm(q, filters) {
  const select = (name, label, options, value) => h("div", { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h("select", { id: `f-${name}`, name }, h("option", { value: "" }, "全部"),
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
  const date = (name, label) => h("div", { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h("input", { id: `f-${name}`, name, type: "date", value: filters[name] || "" }));
  const windowChoice = h("select", { id: "f-window", onchange: (e) => setWindow(form, e.target.value) },
    h("option", { value: "" }, "自选日期"), h("option", { value: "overdue" }, "已逾期"),
    h("option", { value: "year" }, "今年内到期"), h("option", { value: "90" }, "未来 90 天"),
    h("option", { value: "clear" }, "不限"));
  const open = Object.keys(filters).length > 0;
  const form = h("form", { class: "search", role: "search", onsubmit: (e) => submit(e, form) },
    h("div", { class: "searchbar" },
      h("label", { for: "q", class: "visually-hidden" }, "问题或关键词"),
      h("input", { id: "q", name: "q", type: "search", value: q, autocomplete: "off",
        placeholder: "输入问题或关键词，例如：谁牵头VOCs综合治理？" }),
      h("button", { type: "submit" }, "搜索")),
    h("details", { class: "filters", open },
      h("summary", {}, "筛选条件", open ? `（已选 ${Object.keys(filters).length} 项）` : ""),
      h("div", { class: "filter-grid" },
        select("place", "地区", [], filters.place),
        select("agency", "部门", [], filters.agency),
        select("role", "角色", Object.entries(ROLE), filters.role),
        select("doc", "文件", [], filters.doc),
        select("level", "层级", Object.entries(LEVEL), filters.level),
        select("kind", "文件类型", Object.entries(KIND), filters.kind),
        select("topic", "主题", [], filters.topic),
        h("div", { class: "field" }, h("label", { for: "f-window" }, "到期时间"), windowChoice),
        date("due_after", "最早截止"),
        date("due_before", "最晚截止")),
      h("p", { class: "hint" }, "“角色”需同时选择部门；不填问题时按文件顺序列出符合条件的全部任务。"),
      h("p", {}, h("button", { type: "submit" }, "应用筛选"), " ",
        h("a", { href: route("search", q ? { q } : {}) }, "清除筛选"))));
  return form;
}

function submit(event, form) {
  event.preventDefault();
  const data = new FormData(form);
  const params = {};
  for (const [key, value] of data.entries()) if (String(value).trim()) params[key] = String(value).trim();
  location.hash = route("search", params);
}

function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function setWindow(form, choice) {
  const today = todayISO();
  const span = {
    overdue: ["", addDays(today, -1)], year: [today, `${today.slice(0, 4)}-12-31`],
    90: [today, addDays(today, 90)], clear: ["", ""],
  }[choice];
  if (!span) return;
  form.elements.due_after.value = span[0];
  form.elements.due_before.value = span[1];
}

// The choices of the place, agency, document and topic filters come from the knowledge base.
async function fillChoices(form, filters) {
  const put = (name, options) => {
    const sel = form.elements[name];
    for (const [v, text] of options) sel.append(h("option", { value: v, selected: v === filters[name] }, text));
  };
  try {
    const [docs, agencies, topics] = await Promise.all([
      documents(), get("/api/agencies"),
      sparql(`PREFIX pkg: <https://w3id.org/policykg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?n ?l WHERE { ?t a pkg:Topic ; skos:notation ?n ; skos:prefLabel ?l . FILTER(LANG(?l) = "zh") } ORDER BY ?n`)
        .catch(() => null),
    ]);
    const places = [...new Set(docs.flatMap((d) => d.places || []))];
    put("place", places.map((p) => [p, p]));
    put("agency", [...new Set(agencies.agencies.map((a) => a.name))].sort().map((n) => [n, n]));
    put("doc", docs.map((d) => [d.doc, d.doc_title || d.doc]));
    if (topics) put("topic", topics.results.bindings.map((b) => [b.n.value, b.l.value]));
  } catch (err) {
    form.append(errorBox(err, "筛选选项加载失败："));
  }
}

// ------------------------------------------------------------------ the answer card

async function answer(slot, q, docs) {
  slot.append(loading("正在回答…"));
  let body;
  try {
    body = await get("/api/ask", { q });
  } catch (err) {
    slot.replaceChildren(errorBox(err));
    return;
  }
  const notice = body.notice ? h("p", { class: "notice", role: "note" }, body.notice) : null;
  if (body.intent && body.intent.includes("tasks")) {
    slot.replaceChildren(tasksCard(body, notice));
    return;
  }
  const best = body.answers && body.answers[0];
  if (!best) {
    slot.replaceChildren(h("section", { class: "answer card", "aria-labelledby": "answer-h" },
      h("h2", { id: "answer-h" }, "答案"), notice, h("p", { class: "empty" }, "没有找到能回答这个问题的措施。")));
    return;
  }
  const card = h("section", { class: "answer card", "aria-labelledby": "answer-h" },
    h("h2", { id: "answer-h" }, "答案"),
    notice,
    body.summary ? h("p", { class: "direct" }, h("strong", {}, body.summary.text),
      h("span", { class: "muted small" }, ` 来源：${body.summary.source}`)) : null,
    measureText(best),
    facts(best, body.today),
    progressList(best.progress),
    sourceLine(best, docs, `原文第 ${best.start}–${best.end} 字`),
    actions(best));
  slot.replaceChildren(card);
  card.append(await context(best, q));
}

// What the progress reports say was reached toward the target the answer states: progress, not the target.
function progressList(progress) {
  if (!progress || !progress.length) return null;
  return h("div", { class: "progress" }, h("h3", {}, "进展（来自进展报告，不是目标）"),
    h("ul", { class: "plain" }, progress.map((p) => h("li", {}, readable(p.text), " ",
      h("span", { class: "muted" }, p.source), " ", link("measure", { id: p.measure_id }, "原文")))));
}

// The measure among its neighbours in its document, itself highlighted.
async function context(m, q) {
  let doc;
  try {
    doc = await get(documentPath(m.doc));
  } catch (err) {
    return errorBox(err, "原文上下文加载失败：");
  }
  const i = doc.measures.findIndex((x) => x.measure_id === m.measure_id);
  if (i < 0) return h("p", { class: "muted" }, "原文中找不到这条措施。");
  const rows = doc.measures.slice(Math.max(0, i - 1), i + 2);
  const section = (m.section && m.section.length) ? m.section.map(readable).join(" › ") : "";
  return h("figure", { class: "context" },
    h("figcaption", {}, "原文上下文", section ? `：${section}` : ""),
    rows.map((r) => {
      const text = readable(r.text);
      const own = r.measure_id === m.measure_id;
      return h("p", { class: own ? "current" : "neighbour" },
        own ? h("mark", { class: "context-hit" }, marked(text, sharedSpans(text, q), "hit")) : text);
    }),
    h("p", {}, link("document", { name: m.doc, m: m.measure_id }, "在文件中查看全文结构")));
}

// A list of tasks: an agency's (by role), a place's, those due in a window — with the day time is reckoned from.
function tasksCard(body, notice) {
  const agencies = body.agencies || [];
  const who = agencies.map((a) => (a.place ? `${a.name}（${a.place}）` : a.name)).join("、") || body.agency || "";
  const place = body.place || (agencies[0] && agencies[0].place) || "";
  const whose = who || place || "全部文件";
  const windowText = body.window ? body.window.text : `以 ${body.today} 计`;
  const groups = body.groups || { all: body.answers };
  const counts = body.groups ? `牵头 ${groups.lead.length} 项任务，配合 ${groups.support.length} 项任务。`
    : `共 ${body.answers.length} 项任务。`;
  const item = (m) => {
    const dated = (m.deadlines || []).filter((d) => d.due).map((d) => d.due).sort();
    const due = dated[0] || (m.implied_deadline ? `${m.implied_deadline.due}（推定）` : "未定期限");
    return h("li", {}, h("span", { class: "muted" }, due), " ",
      link("measure", { id: m.measure_id }, readable(m.text).slice(0, 60) + (m.text.length > 60 ? "…" : "")));
  };
  const card = h("section", { class: "answer card tasks-card", "aria-labelledby": "answer-h" },
    h("h2", { id: "answer-h" }, "答案"),
    notice,
    h("p", { class: "big direct" }, `${whose}：${counts}`),
    h("p", { class: "muted small" }, windowText));
  if (body.suggestions && body.suggestions.length) {
    card.append(h("p", {}, "您是不是要找：",
      body.suggestions.map((a, i) => [i ? "、" : "", link("agency", { name: a.name, place: a.place }, a.name)])));
  }
  for (const [role, list] of Object.entries(groups)) {
    if (!list.length) continue;
    append(card, [role === "all" ? null : h("h3", {}, role === "lead" ? "牵头" : "配合"),
      h("ul", { class: "plain" }, list.slice(0, 8).map(item)),
      list.length > 8 ? h("p", { class: "muted small" }, `另有 ${list.length - 8} 项`) : null]);
  }
  if (body.window && !agencies.length) {  // every task of the window, in the ranked list's filters
    card.append(h("p", {}, link("search", { due_after: body.window.from || "", due_before: body.window.to || "",
      place: body.place || "" }, "按截止日期筛选全部措施 →"),
    h("span", { class: "muted small" }, "（筛选只按原文写明的期限）")));
  }
  if (agencies.length) {
    card.append(h("p", {}, link("agency", { name: body.agency, place: agencies[0].place || "" },
      `查看${agencies[0].name}的全部任务 →`)));
  }
  for (const other of body.others || []) {
    card.append(h("p", { class: "muted small" }, "另有同名部门：",
      link("agency", { name: body.agency, place: other.place }, `${other.name}（${other.place}）`)));
  }
  return card;
}

// ------------------------------------------------------------------ the ranked list

async function ranked(slot, q, filters, docs) {
  const title = h("h2", { id: "results-h" }, q ? "相关措施" : "符合条件的措施");
  slot.append(title, loading());
  let items;
  let note = "";
  try {
    if (q) {
      items = (await get("/api/search", { q, k: 20, ...filters })).hits;
      note = `按相关程度排列，前 ${items.length} 条`;
    } else {
      const body = await get("/api/measures", { limit: 100, ...filters });
      items = body.measures;
      note = `共 ${body.total} 条，按文件顺序${body.total > items.length ? `，显示前 ${items.length} 条` : ""}`;
    }
  } catch (err) {
    slot.replaceChildren(title, errorBox(err));
    return;
  }
  if (!items.length) {
    slot.replaceChildren(title, h("p", { class: "empty" }, "没有符合条件的措施。试试更少的关键词或放宽筛选条件。"));
    return;
  }
  slot.replaceChildren(title, h("p", { class: "muted" }, note),
    h("ol", { class: "ranked" }, items.map((m) => h("li", {}, measureRow(m, { docs, question: q })))));
}

// ------------------------------------------------------------------ no query yet

async function intro() {
  const health = await get("/healthz").catch(() => null);
  return h("div", { class: "intro" },
    health ? h("p", {}, `知识库收录 ${health.documents} 份文件、${health.measures} 条措施。` +
      "可以直接提问（谁牵头、什么时候完成、目标是多少），也可以输入关键词。") : null,
    h("h2", {}, "试试这些问题"),
    h("ul", { class: "examples" }, EXAMPLES.map((e) => h("li", {}, link("search", { q: e }, e)))));
}
