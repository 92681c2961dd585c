// The page's router: "#/view?key=value" → one view module rendering into <main>.

import { h } from "./dom.js";
import { errorBox, setTitle } from "./page.js";
import * as agency from "./views/agency.js";
import * as document_ from "./views/document.js";
import * as graph from "./views/graph.js";
import * as search from "./views/search.js";
import * as sparql from "./views/sparql.js";
import * as trace from "./views/trace.js";
import * as upload from "./views/upload.js";

// view name → [module's render function, the navigation entry it belongs to]
const VIEWS = {
  "": [search.render, "search"],
  search: [search.render, "search"],
  agencies: [agency.renderList, "agencies"],
  agency: [agency.render, "agencies"],
  documents: [document_.renderList, "documents"],
  document: [document_.render, "documents"],
  measure: [trace.render, "search"],
  graph: [graph.render, "graph"],
  upload: [upload.render, "upload"],
  sparql: [sparql.render, "sparql"],
};

let first = true;

async function show() {
  const hash = location.hash || "#/";
  if (!hash.startsWith("#/")) return; // an anchor inside the page (the skip link)
  const [path, qs] = hash.slice(2).split("?");
  const params = Object.fromEntries(new URLSearchParams(qs || ""));
  const [render, nav] = VIEWS[path] || [notFound, null];
  for (const a of document.querySelectorAll("nav [data-nav]")) {
    if (a.dataset.nav === nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  // Each visit renders into a fresh element: a slower earlier visit finishing late writes into a detached one.
  const root = h("div", { class: "view" });
  const main = document.getElementById("main");
  main.replaceChildren(root);
  let done;
  try {
    done = render(root, params);
  } catch (err) {
    done = Promise.reject(err);
  }
  if (!first) {
    const heading = root.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
  first = false;
  try {
    await done;
  } catch (err) {
    console.error(err);
    root.append(errorBox(err));
  }
  root.dataset.ready = "true";
}

function notFound(root) {
  setTitle("找不到页面");
  root.append(h("h1", {}, "找不到这个页面"), h("p", {}, h("a", { href: "#/" }, "回到搜索")));
}

window.addEventListener("hashchange", show);
show();

// The skip link moves focus to <main> without leaving the current view's address.
document.querySelector(".skip")?.addEventListener("click", (e) => {
  e.preventDefault();
  document.getElementById("main").focus();
});
