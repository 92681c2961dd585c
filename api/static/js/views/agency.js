// Agencies: the list (by place), and one agency's page — its tasks by role, by deadline, with downloads.

import { agencyPath, documentsByName, get, url } from "../api.js";
import { h, link, route, stackTable } from "../dom.js";
import { DUE_STATE, dueStatus, readable, targetText } from "../format.js";
import { dueBadge } from "../measure.js";
import { setTitle } from "../page.js";

export async function renderList(root) {
  setTitle("部门");
  root.append(h("h1", {}, "部门"),
    h("p", { class: "muted" }, "每个部门按地区分开：同名的部门在不同地区是不同的页面。"));
  const body = await get("/api/agencies");
  const byPlace = new Map();
  for (const a of body.agencies) {
    const key = a.place || "地区不明";
    if (!byPlace.has(key)) byPlace.set(key, []);
    byPlace.get(key).push(a);
  }
  for (const [place, list] of byPlace) {
    root.append(h("section", { class: "card" },
      h("h2", {}, place),
      h("table", { class: "table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "部门"), h("th", { scope: "col", class: "num" }, "牵头"),
          h("th", { scope: "col", class: "num" }, "配合"), h("th", { scope: "col", class: "num" }, "合计"))),
        h("tbody", {}, list.map((a) => h("tr", {},
          h("th", { scope: "row" }, link("agency", { name: a.name, place: a.place }, a.name)),
          h("td", { class: "num" }, a.lead), h("td", { class: "num" }, a.support),
          h("td", { class: "num" }, a.total)))))));
  }
}

export async function render(root, params) {
  const name = params.name || "";
  const place = params.place || "";
  setTitle(`${place}${name}`);
  const heading = h("h1", {}, name, place ? h("span", { class: "place" }, place) : null);
  root.append(heading);
  let body;
  let docs;
  try {
    [body, docs] = await Promise.all([get(agencyPath(name, "measures"), { place }), documentsByName()]);
  } catch (err) {
    if (err.status !== 404) throw err;
    root.append(await nearest(name, place));  // a name that names no agency here: the nearest ones
    return;
  }
  const today = body.today;
  const chosen = (body.agencies || [])[0];
  if (chosen && chosen.name !== name) {  // the name as typed, read: say which agency it is
    root.append(h("p", { class: "muted" }, `“${name}”即 ${chosen.name}${chosen.place ? `（${chosen.place}）` : ""}`));
  }
  for (const other of body.others || []) {
    root.append(h("p", { class: "muted small" }, "另有同名部门：",
      link("agency", { name, place: other.place }, `${other.name}（${other.place}）`)));
  }
  const all = [...body.lead, ...body.support];
  const count = (state) => all.filter((m) => states(m, today).includes(state)).length;
  const ics = url(agencyPath(name, "deadlines.ics"), { place });
  const icsAbsolute = new URL(ics, location.href).href;
  root.append(
    h("p", { class: "summary" },
      `牵头 ${body.lead.length} 项 · 配合 ${body.support.length} 项 · `,
      h("span", { class: "due due-overdue" }, `已逾期 ${count("overdue")} 项`), " ",
      h("span", { class: "due due-this-year" }, `今年到期 ${count("this-year")} 项`),
      h("span", { class: "muted" }, `（以 ${today} 计）`)),
    h("p", { class: "buttons" },
      h("a", { class: "button", href: url(agencyPath(name, "tasks.xlsx"), { place }), download: "" }, "下载任务清单（Excel）"),
      h("a", { class: "button secondary", href: ics }, "订阅截止日期（日历 .ics）"),
      h("button", { type: "button", class: "secondary", onclick: (e) => copy(e.target, icsAbsolute) }, "复制订阅地址"),
      h("a", { class: "button secondary", href: route("graph", { node: name, place }) }, "在图谱中查看")));
  for (const role of ["lead", "support"]) {
    const list = body[role];
    root.append(h("section", { class: "card", "aria-labelledby": `h-${role}` },
      h("h2", { id: `h-${role}` }, role === "lead" ? `牵头的任务（${list.length}）` : `配合的任务（${list.length}）`),
      list.length ? taskTable(list, docs, today, role) : h("p", { class: "muted" }, "没有。")));
  }
}

// overdue / today / this-year for each dated deadline of a measure (an annual plan's implied one where it
// writes none).
function states(m, today) {
  const dated = (m.deadlines || []).filter((d) => d.due);
  const dues = dated.length ? dated.map((d) => d.due) : (m.implied_deadline ? [m.implied_deadline.due] : []);
  return dues.map((due) => dueStatus(due, today).state);
}

async function nearest(name, place) {
  const found = await get(agencyPath(name, ""), { place }).catch(() => ({ suggestions: [] }));
  return h("section", { class: "card" },
    h("p", {}, `知识库中没有“${place}${name}”这个部门的任务。`),
    found.suggestions && found.suggestions.length
      ? h("p", {}, "相近的部门：", found.suggestions.map((a, i) => [i ? "、" : "",
        link("agency", { name: a.name, place: a.place }, a.place ? `${a.name}（${a.place}）` : a.name)]))
      : null);
}

function taskTable(list, docs, today, role) {
  return stackTable(["截止时间", "任务", "目标", "文件"], list.map((m) => {
    const dated = (m.deadlines || []).filter((d) => d.due).sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    const marks = states(m, today);
    const cls = marks.includes("overdue") ? "overdue" : (marks.includes("this-year") || marks.includes("today")) ? "this-year" : "";
    const d = docs.get(m.doc);
    return {
      attrs: { class: cls || null },
      cells: [
        dated.length ? dated.map((x) => h("div", { class: "nowrap" }, x.due, " ", dueBadge(x.due, today)))
          : m.implied_deadline ? h("div", { class: "nowrap" }, m.implied_deadline.due,
            h("span", { class: "muted small" }, "（推定）"), " ", dueBadge(m.implied_deadline.due, today))
            : h("span", { class: "muted" }, "未定期限"),
        [link("measure", { id: m.measure_id }, readable(m.text)),
          cls ? h("span", { class: "visually-hidden" }, `（${DUE_STATE[cls]}）`) : null],
        (m.targets || []).map((t) => h("div", {}, targetText(t))),
        link("document", { name: m.doc, m: m.measure_id }, (d && d.doc_title) || m.doc),
      ],
    };
  }), { class: "tasks", dataset: { role } }, 1);
}

async function copy(button, text) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "已复制";
  } catch {
    window.prompt("复制这个地址，在日历应用中选择“订阅日历”：", text);
  }
}
