// What every view shares: the window title, an error said in plain Chinese.

import { reason } from "./api.js";
import { h } from "./dom.js";

export function setTitle(title) {
  document.title = title ? `${title} · 政策知识图谱` : "政策知识图谱";
}

export function errorBox(err, lead = "") {
  return h("div", { class: "error", role: "alert" }, lead, reason(err),
    err && err.message ? h("span", { class: "detail" }, `（${err.message}）`) : null);
}
