"""An answer as the API shows it: the measure's fields, the deadline an annual plan implies, and the one line
that answers the question directly (谁牵头、何时、多少) with its source.

The direct line reads only what the answer's measure holds: its first lead (and, asked for, its support),
its deadlines as written (or the implied one, said to be implied), the target whose indicator the question
names (a plan's figure; a progress report's figure is progress toward it, ``progress``), and the document,
section and year it comes from.
"""
from __future__ import annotations

import re

from .due import implied_deadline


def answer_json(h, score: float) -> dict:
    r = h.row
    out = {"measure_id": r.get("measure_id") or r["id"], "iri": r["id"], "doc": r["doc"], "doc_title": r.get("doc_title"),
           "text": r["text"], "heading": r.get("heading"), "section": r.get("headings", []), "lead": r.get("lead", []),
           "support": r.get("support", []), "deadlines": r.get("deadlines", []), "targets": r.get("targets", []),
           "jurisdiction": r.get("jurisdiction"), "level": r.get("level"), "kind": r.get("kind"),
           "plan_year": r.get("plan_year"), "start": r.get("start"), "end": r.get("end"), "score": round(score, 4)}
    implied = implied_deadline(r)
    if implied:
        out["implied_deadline"] = implied
    return out


def direct(answer: dict, intents: list[str], target: dict | None = None, progress: list[dict] | None = None,
           whether: tuple[list[str], list[str], bool] | None = None) -> dict:
    """The one-line answer to what is asked, and its source: ``{"text", "source"}``.

    ``whether``: (the agencies the question names, those of them that lead, whether it offers them as
    alternatives), for 是不是X牵头 (yes or no) and 是X还是Y (which)."""
    parts = []
    asks = set(intents)
    everything = not asks & {"who", "support", "when", "howmuch"}
    lead, support = answer.get("lead") or [], answer.get("support") or []
    if whether is not None:
        asked, leading, alternatives = whether
        others = [n for n in asked if n not in leading]
        # the leads the question asks about first (市公安局, 市城管局 … for 公安局还是城管局)
        lead = sorted(lead, key=lambda x: not any(x.endswith(n) or n.endswith(x[1:]) for n in leading))
        if not lead:
            parts.append("原文未写明牵头单位")
        elif alternatives and leading:
            parts.append(f"{'、'.join(lead[:3])}{'等' if len(lead) > 3 else ''}牵头" + (f"，不是{'、'.join(others)}" if others else ""))
        elif leading:
            parts.append(f"是，{'、'.join(lead[:3])}牵头")
        else:
            parts.append(f"不是，牵头单位是{'、'.join(lead[:3])}")
    elif "who" in asks or everything:
        parts.append(f"{'、'.join(lead[:3])}{'等' if len(lead) > 3 else ''}牵头" if lead else "原文未写明牵头单位")
    if "support" in asks or ("who" in asks and support) or (everything and support):
        parts.append(f"配合单位：{'、'.join(support)}" if support else "原文未写明配合单位")
    if "when" in asks or everything:
        parts.append(_when(answer))
    if "howmuch" in asks or (everything and answer.get("targets")):
        parts.append(_howmuch(answer, target, progress))
    text = "；".join(p for p in parts if p) + "。"
    return {"text": text, "source": source_of(answer)}


def _when(answer: dict) -> str:
    dated = sorted((d for d in answer.get("deadlines", []) if d.get("due")), key=lambda d: d["due"])
    if dated:
        return "，".join(f"{d['due']}前完成（原文：{d['text']}）" for d in dated[:3])
    recurring = [d for d in answer.get("deadlines", []) if d.get("recurring")]
    if recurring:
        return f"{recurring[0]['text']}（周期性任务）"
    implied = answer.get("implied_deadline")
    if implied:
        return f"原文未写明期限；作为{answer.get('plan_year')}年度计划的任务，按{implied['due']}前完成计（推定）"
    return "原文未写明期限"


def _howmuch(answer: dict, target: dict | None, progress: list[dict] | None) -> str:
    target = target or (answer.get("targets") or [None])[0]
    if target is None:
        figures = re.findall(r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|个|项|台|辆|家|座|公里|平方公里|亩|吨|天|微克/立方米)", answer["text"])
        return f"原文未写明量化目标{'（文中数字：' + '、'.join(figures[:3]) + '）' if figures else ''}"
    line = f"目标：{target['text']}"
    for p in (progress or [])[:1]:
        line += f"；进展：{p['text']}（{p['source']}）"
    return line


def source_of(answer: dict) -> str:
    title = answer.get("doc_title") or answer["doc"]
    section = " › ".join(answer.get("section") or ([answer["heading"]] if answer.get("heading") else []))
    return f"《{title}》" + (f" {section}" if section else "")
