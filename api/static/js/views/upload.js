// Upload: a document in, its extraction previewed (measures, agencies, deadlines, targets), then added.

import { apiKey, forgetDocuments, upload } from "../api.js";
import { h, link, stackTable } from "../dom.js";
import { KIND, LEVEL, readable, targetText } from "../format.js";
import { errorBox, setTitle } from "../page.js";

const ACCEPT = ".txt,.md,.markdown,.pdf,.html,.htm,.docx";

export function render(root) {
  setTitle("上传文件");
  const key = h("input", { id: "u-key", name: "key", type: "password", autocomplete: "off", value: apiKey.get(),
    "aria-describedby": "u-key-hint" });
  const file = h("input", { id: "u-file", name: "file", type: "file", accept: ACCEPT });
  const result = h("div", { class: "upload-result", "aria-live": "polite" });
  const drop = h("div", { class: "drop" },
    h("label", { for: "u-file" }, h("strong", {}, "把文件拖到这里"), "，或点击选择文件"),
    h("p", { class: "muted small" }, "支持 txt、md、pdf、html、docx"),
    file);
  let chosen = null;
  const choose = (f) => {
    chosen = f;
    if (f) preview(f, key.value, result, () => chosen);
  };
  file.addEventListener("change", () => {
    choose(file.files[0] || null);
    file.value = ""; // the same file chosen again (after fixing the key) is previewed again
  });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) choose(e.dataTransfer.files[0]);
  });
  key.addEventListener("change", () => apiKey.set(key.value));
  root.append(
    h("h1", {}, "上传文件"),
    h("p", {}, "先看系统从文件中提取出的措施、部门、期限和目标，确认无误后再加入知识库。已有同名文件时，会先问是否替换。"),
    h("div", { class: "field" }, h("label", { for: "u-key" }, "API 密钥"), key,
      h("p", { id: "u-key-hint", class: "hint" }, "写入知识库需要服务器配置的密钥，只保存在本标签页中。")),
    drop, result);
}

async function preview(file, key, out, current) {
  apiKey.set(key);
  out.replaceChildren(h("p", { class: "loading", role: "status" }, `正在读取 ${file.name} …`));
  let body;
  try {
    body = await upload(file, key, true);
  } catch (err) {
    out.replaceChildren(errorBox(err, `《${file.name}》没有添加：`));
    return;
  }
  if (current() !== file) return;
  const measures = body.measures || [];
  const agencies = new Set(measures.flatMap((m) => [...m.lead, ...m.support].map((a) => a.name)));
  const deadlines = measures.flatMap((m) => m.deadlines);
  const targets = measures.flatMap((m) => m.targets);
  const meta = body.meta || {};
  const add = h("button", { type: "button", disabled: !measures.length }, "确认加入知识库");
  const status = h("div", { "aria-live": "polite" });
  const put = async (replace) => {
    add.disabled = true;
    status.replaceChildren(h("p", { class: "loading", role: "status" }, "正在加入知识库…"));
    try {
      const outcome = await upload(file, apiKey.get(), false, replace);
      forgetDocuments();
      status.replaceChildren(h("p", { class: "ok" },
        `已加入知识库：${outcome.measures ?? measures.length} 条措施。`, " ",
        link("document", { name: body.doc }, "查看这份文件"), " · ",
        link("search", { doc: body.doc }, "列出它的措施")));
    } catch (err) {
      add.disabled = false;
      const again = err.code === "exists"
        ? h("p", { class: "buttons" }, h("button", { type: "button", onclick: () => put(true) }, "替换同名文件"))
        : null;
      status.replaceChildren(errorBox(err, "没有添加："), again || "");
    }
  };
  add.addEventListener("click", () => put(false));
  out.replaceChildren(h("section", { class: "card preview", "aria-labelledby": "h-preview" },
    h("h2", { id: "h-preview" }, "预览：", meta.title || body.doc),
    h("dl", { class: "meta" },
      [["文件", body.doc], ["文号", meta.doc_number], ["发文单位", meta.issuer], ["日期", meta.date],
        ["地区", meta.jurisdiction], ["层级", LEVEL[meta.level] || meta.level], ["类型", KIND[meta.kind] || meta.kind]]
        .filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    h("p", { class: "summary" },
      `${measures.length} 条措施 · ${agencies.size} 个部门 · ${deadlines.length} 个期限 · ${targets.length} 个目标`),
    measures.length ? null : h("p", { class: "error", role: "alert" },
      "这份文件里没有找到任何措施，不能加入知识库。"),
    h("p", { class: "buttons" }, add), status,
    measures.length ? stackTable(["措施", "牵头", "配合", "期限", "目标"], measures.map((m) => ({
      cells: [
        readable(m.text),
        m.lead.map((a) => h("div", {}, a.name)),
        m.support.map((a) => h("div", {}, a.name)),
        m.deadlines.map((d) => h("div", { class: "nowrap" }, d.due || d.text)),
        m.targets.map((t) => h("div", {}, targetText(t))),
      ],
    }))) : null));
}
