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
  root.append(h("h1", {}, name, place ? h("span", { class: "place" }, place) : null));
  const [body, docs] = await Promise.all([get(agencyPath(name, "measures"), { place }), documentsByName()]);
  const today = body.today;
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

// overdue / today / this-year for each dated deadline of a measure.
function states(m, today) {
  return (m.deadlines || []).filter((d) => d.due).map((d) => dueStatus(d.due, today).state);
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
