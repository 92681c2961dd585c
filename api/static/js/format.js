// Words and numbers as the page shows them: levels, kinds, roles, link methods, dates, distances in time.

export const LEVEL = { national: "国家级", province: "省级", city: "市级", county: "县级", township: "乡镇级" };
export const KIND = {
  plan: "规划 / 方案", "annual-plan": "年度计划", "task-breakdown": "任务分解", "progress-report": "进展报告",
};
export const ROLE = { lead: "牵头", support: "配合" };
export const HIERARCHY_METHOD = { manifest: "清单登记", citation: "文中引用", inferred: "推断" };
const LINK_EVIDENCE = { ngram: "文字相近", synonym: "同义词", target: "指标相同", place: "地点相同", topic: "主题相同" };
const RECURRING = { yearly: "每年", quarterly: "每季度", monthly: "每月" };

export function linkMethod(method) {
  return String(method || "").split("+").map((m) => LINK_EVIDENCE[m] || m).join(" + ");
}

export function recurring(value) {
  return RECURRING[value] || value || "";
}

export function todayISO() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function days(fromISO, toISO) {
  return Math.round((Date.parse(toISO + "T00:00:00Z") - Date.parse(fromISO + "T00:00:00Z")) / 86400000);
}

function span(n) {
  if (n < 60) return `${n} 天`;
  if (n < 730) return `约 ${Math.round(n / 30.4)} 个月`;
  return `约 ${(n / 365.25).toFixed(1).replace(/\.0$/, "")} 年`;
}

// How far away a deadline is: {text, state} where state is overdue | today | this-year | later.
export function dueStatus(due, today = todayISO()) {
  const n = days(today, due);
  if (n < 0) return { text: `已逾期 ${span(-n)}`, state: "overdue" };
  if (n === 0) return { text: "今天到期", state: "today" };
  const state = due.slice(0, 4) === today.slice(0, 4) ? "this-year" : "later";
  return { text: `还有 ${span(n)}`, state };
}

export const DUE_STATE = { overdue: "已逾期", today: "今天到期", "this-year": "今年到期", later: "" };

// The measure's text as the document shows it, without the line breaks a PDF put inside sentences.
export function readable(text) {
  return String(text || "")
    .replace(/(\S?)[ \t\u3000]*\n\s*/g, (_, before) => (/[。；！？：;!?:]/.test(before) ? before + "\n" : before))
    .trim();
}

// [start, end) of `phrase` in `text`, ignoring whitespace and full-width/half-width differences.
export function findLoose(text, phrase) {
  const canon = [];
  const at = [];
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    for (const c of text[i].normalize("NFKC")) {
      canon.push(c);
      at.push(i);
    }
  }
  const want = [...String(phrase || "").normalize("NFKC")].filter((c) => !/\s/.test(c)).join("");
  if (!want) return null;
  const k = canon.join("").indexOf(want);
  if (k < 0) return null;
  return [at[k], at[k + want.length - 1] + 1];
}

// Spans of `text` (at least two characters) that the question repeats: what the search matched.
export function sharedSpans(text, question) {
  const q = [...String(question || "").normalize("NFKC")].filter((c) => !/\s/.test(c)).join("");
  if (q.length < 2) return [];
  const out = [];
  let i = 0;
  while (i < text.length) {
    if (i > 0 && /\d/.test(text[i - 1]) && /\d/.test(text[i])) { i += 1; continue; } // never half a number
    let best = 0;
    for (let len = 2; i + len <= text.length; len++) {
      const piece = text.slice(i, i + len).normalize("NFKC");
      if (/\s/.test(piece) || !q.includes(piece)) break;
      best = len;
    }
    const piece = text.slice(i, i + best);
    if (best && ((piece.match(/[\u4e00-\u9fff]/g) || []).length >= 2 || best >= 4)) {
      out.push([i, i + best]);
      i += best;
    } else i += 1;
  }
  return out;
}

// A target as the document words it, with the year it is due and whether it is only striven for (力争).
export function targetText(t) {
  const notes = [];
  if (t.year) notes.push(`${t.year} 年`);
  if (t.baseline_year) notes.push(`较 ${t.baseline_year} 年`);
  if (t.aspirational) notes.push("力争");
  return `${readable(t.text || t.indicator || "")}${notes.length ? `（${notes.join("，")}）` : ""}`;
}

export function docTitle(d, name) {
  return (d && (d.doc_title || d.title)) || name;
}
