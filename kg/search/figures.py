"""Figures for how-much questions: which of a measure's targets the question asks about, and how far the
progress reports say it has come.

苏州PM2.5目标是多少 asks for a plan's figure (到2027年细颗粒物平均浓度稳定达到28微克/立方米): the target whose
indicator names what the question names, by any label of the topic scheme (PM2.5 ↔ 细颗粒物). What a
progress report says was reached (1-6月份，我市PM2.5浓度为31.9微克/立方米) is progress toward that target,
shown beside it, never in its place.
"""
from __future__ import annotations

import re

from .search import Filters, Search

_CLAUSE_END = re.compile(r"[。；;\n]")
_FIGURE = r"(\d+(?:\.\d+)?)\s*(%|％|个百分点|微克/立方米|微克每立方米|μg/m3|ug/m3|毫克/升|mg/L|万吨|吨|万千瓦|千瓦|亿元|万元|元|" \
          r"平方公里|公顷|万亩|亩|公里|千米|米|个|项|家|座|台|辆|艘|户|人|所|处|条|天|小时|倍)?"
_UNITS = {"％": "%", "微克每立方米": "微克/立方米", "μg/m3": "微克/立方米", "ug/m3": "微克/立方米"}


def subject_words(question_text: str, search: Search) -> list[str]:
    """What a question asks a figure of: its content words and the topic scheme's other labels for them
    (PM2.5 → PM2.5, 细颗粒物), longest first."""
    from .search import clean_query

    text = clean_query(question_text)
    words = [w for w in search.index.tok.words_of(text) if len(w) >= 2 and not w.isdigit()]
    words += search.synonyms.expand(text)
    return sorted(dict.fromkeys(w.lower() for w in words), key=len, reverse=True)


def matching_target(row: dict, words: list[str], year: int | None = None) -> dict | None:
    """The target of a measure whose indicator (or phrase, or the words before it since the sentence or the
    target before it) names most of what the question names; of the year it asks about, if it asks one."""
    best, best_score = None, 0
    body = row.get("text_norm") or row.get("text") or ""
    ends = [body.find(t["text"]) + len(t["text"]) for t in row.get("targets", []) if t.get("text") and t["text"] in body]
    for t in row.get("targets", []):
        said = ((t.get("indicator") or "") + " " + (t.get("text") or "") + " " + _before(body, t.get("text"), ends)).lower()
        score = sum(len(w) for w in words if w in said)
        if score and year and t.get("year") == year:
            score += 100  # 2027年要降到多少: the 2027 figure, not the 2035 one
        if score > best_score:
            best, best_score = t, score
    return best


def _before(body: str, phrase: str | None, ends: list[int]) -> str:
    """The words before a target's phrase since its sentence began or the target before it ended
    (…PM2.5年均浓度为40微克/m3,力争控制在35微克/m3以内; not 到2027年细颗粒物…28微克/立方米 for 2035年…26)."""
    at = body.find(phrase) if phrase else -1
    if at < 0:
        return ""
    start = max([m.end() for m in _CLAUSE_END.finditer(body, 0, at)] + [e for e in ends if e <= at], default=0)
    return body[start:at]


def progress_toward(search: Search, row: dict, target: dict, words: list[str], k: int = 3) -> list[dict]:
    """What the progress reports of the measure's place say was reached on the target's indicator: the
    clause that names the indicator and a figure in the target's unit."""
    said = ((target.get("indicator") or "") + " " + (target.get("text") or "")).lower()
    keys = [w for w in words if w in said] or [w for w in words[:2]]
    keys = [w for w in keys if len(w) >= 3] or keys[:1]  # the indicator's own words, not 比例 or 浓度 alone
    syn = search.synonyms  # the report may write the indicator by another label (PM2.5 for 细颗粒物)
    concepts = [{w} | {x.lower() for i in syn.by_label.get(w, []) for x in syn.groups[i]} for w in keys]
    keys = list(dict.fromkeys(keys + [x for w in keys for i in syn.by_label.get(w, []) for x in syn.groups[i]]))
    unit = _UNITS.get(target.get("unit") or "", target.get("unit") or "")
    place = row.get("jurisdiction")
    if not keys or row.get("kind") == "progress-report" or not place:
        return []  # a report of an unknown place may be another place's: never its progress
    hits = search.hits(" ".join(keys), 20, Filters(kind="progress-report", place=place if place != "全国" else None))
    out = []
    for h in hits:
        # the clause as the report writes it, where its characters allow (else as normalised)
        found = (_figure_after(h.row["text"], keys, unit, concepts)
                 or _figure_after(h.row.get("text_norm") or "", keys, unit, concepts))
        if found:
            text, value = found
            out.append({"text": text, "value": value, "unit": unit, "doc": h.row["doc"],
                        "measure_id": h.row.get("measure_id"), "plan_year": h.row.get("plan_year"),
                        "source": f"《{h.row.get('doc_title') or h.row['doc']}》"})
        if len(out) >= k:
            break
    return out


def _figure_after(text: str, keys: list[str], unit: str, concepts: list[set[str]] = ()) -> tuple[str, float] | None:
    """The clause where one of the keys is followed, within the clause, by a figure in ``unit``, and that says
    each of the target's concepts by one of its labels: 推动4家垃圾焚烧企业…深度治理 is not reached by a
    report's 钢铁企业超低排放改造…累计4家, which says 深度治理 (超低排放改造) but not 垃圾焚烧."""
    low = text.lower()
    for key in keys:
        for m in re.finditer(re.escape(key), low):
            end = _CLAUSE_END.search(text, m.end())
            clause_end = end.start() if end else len(text)
            start = max((x.end() for x in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
            if not all(any(w in low[start:clause_end] for w in c) for c in concepts):
                continue
            for f in re.finditer(_FIGURE, text[m.end():clause_end]):
                if _UNITS.get(f.group(2) or "", f.group(2) or "") == unit and unit:
                    return text[start:m.end() + f.end()].strip("，, "), float(f.group(1))
    return None
