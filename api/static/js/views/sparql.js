// SPARQL: an editor, example queries (api/static/sparql/*.rq, listed in index.json), a results table.

import { sparql, url } from "../api.js";
import { h } from "../dom.js";
import { errorBox, setTitle } from "../page.js";

const EXAMPLES = "/static/sparql/";
const PREFIXES = {
  "https://w3id.org/policykg/ns#": "pkg:", "http://data.europa.eu/eli/ontology#": "eli:",
  "http://www.w3.org/ns/prov#": "prov:", "http://www.w3.org/2004/02/skos/core#": "skos:",
  "http://purl.org/dc/terms/": "dcterms:", "http://www.w3.org/2006/time#": "time:",
  "https://w3id.org/policykg/id/": "id:", "https://w3id.org/policykg/topic/": "topic:",
};

export async function render(root) {
  setTitle("SPARQL 查询");
  const editor = h("textarea", { id: "sparql-query", name: "query", rows: 12, spellcheck: "false",
    autocapitalize: "off", "aria-describedby": "sparql-hint" });
  const results = h("div", { class: "sparql-results", "aria-live": "polite" });
  const csv = h("a", { class: "button secondary", href: "#", download: "results.csv", hidden: true }, "下载 CSV");
  const run = async () => {
    results.replaceChildren(h("p", { class: "loading", role: "status" }, "正在查询…"));
    csv.hidden = true;
    try {
      const body = await sparql(editor.value);
      results.replaceChildren(table(body));
      csv.href = url("/sparql", { query: editor.value, format: "csv" });
      csv.hidden = !body.results;
    } catch (err) {
      results.replaceChildren(errorBox(err, "查询失败："));
    }
  };
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  const examples = h("ul", { class: "examples buttons" });
  root.append(
    h("h1", {}, "SPARQL 查询"),
    h("p", {}, "直接查询知识图谱（只读）。词汇见 ",
      h("code", {}, "ontology/policy.ttl"), "；每个文件是一个命名图，查询的默认图是全部命名图的并集。"),
    h("h2", {}, "示例查询"), examples,
    h("form", { class: "sparql", onsubmit: (e) => { e.preventDefault(); run(); } },
      h("label", { for: "sparql-query" }, "查询语句"), editor,
      h("p", { id: "sparql-hint", class: "hint" }, "Ctrl + Enter 运行；结果最多 10000 行，运行超过 10 秒会被停止。"),
      h("p", { class: "buttons" }, h("button", { type: "submit" }, "运行查询"), csv)),
    results);

  const names = await (await fetch(EXAMPLES + "index.json")).json();
  const queries = await Promise.all(names.map(async (n) => (await fetch(EXAMPLES + n)).text()));
  queries.forEach((q, i) => {
    const title = (q.match(/^#\s*(.+)$/m) || [null, names[i]])[1];
    examples.append(h("li", {}, h("button", { type: "button", class: "secondary", dataset: { example: names[i] },
      onclick: () => { editor.value = q; run(); } }, title)));
  });
  if (!editor.value) editor.value = queries[0] || "";
}

function table(body) {
  if (body.boolean !== undefined) return h("p", { class: "big" }, body.boolean ? "是（true）" : "否（false）");
  const vars = body.head.vars;
  const rows = body.results.bindings;
  return h("div", {},
    h("p", { class: "muted" }, `${rows.length} 行结果`),
    h("div", { class: "scroll" }, h("table", { class: "table sparql-table" },
      h("thead", {}, h("tr", {}, vars.map((v) => h("th", { scope: "col" }, v)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, vars.map((v) => h("td", {}, cell(r[v])))))))));
}

function cell(term) {
  if (!term) return "";
  if (term.type === "uri") {
    for (const [iri, prefix] of Object.entries(PREFIXES)) {
      if (term.value.startsWith(iri)) return h("span", { title: term.value }, prefix + term.value.slice(iri.length));
    }
    return term.value;
  }
  return term.value;
}
