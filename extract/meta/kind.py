"""What kind of document it is (plan, annual plan, task breakdown, progress report) and the year it is about.

By the words of the title first (``rules/meta.toml``), then of the body; an untitled text that speaks of
one year throughout is that year's plan, a table of tasks with their agencies or times a breakdown.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..rules import load_rules, pattern


def kind(title: str | None, text: str) -> str | None:
    r = load_rules("meta")["kind"]
    probe = title or ""
    for kind in ("progress-report", "task-breakdown", "annual-plan", "plan"):
        if re.search(r[kind]["title"], probe):
            if kind == "plan" and re.search(r[kind]["annual_title"], probe):
                return "annual-plan"
            return kind
    body = text[:6000]
    for kind in ("progress-report", "task-breakdown", "annual-plan"):
        if re.search(r[kind]["body"], body):
            return kind
    if _PROGRESS_HEADER.search(body):
        return "progress-report"  # a table with a column of what was done (1-9月份工作完成情况)
    if _AGENCY_HEADER.search(body) or _TIME_TASK_HEADER.search(body):
        return "task-breakdown"  # a table whose columns name who leads and takes part, or tasks and their times
    if title is None and _one_year(text) is not None:
        return "annual-plan"  # an untitled text that speaks of one year throughout (2018年全区…)
    if re.search(r["plan"]["body"], body):
        return "plan"
    return "plan" if re.search(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]）|\([一二三四五六七八九十]\)|^\d{1,2}[.、]",
                               text, re.M) else None


_TIME_TASK_HEADER = pattern("meta", "meta.kind.time_task_header")
_PROGRESS_HEADER = pattern("meta", "meta.kind.progress_header")
_AGENCY_HEADER = pattern("meta", "meta.kind.agency_header")
_YEAR = pattern("meta", "meta.kind.year")


def only_year(text: str) -> int | None:
    """The one year a text names, if it names one and no other (the year relative phrases such as
    第一季度 or 6月底前 fall in when no plan year or date says)."""
    years = set(_YEAR.findall(text[:20000]))
    return int(years.pop()) if len(years) == 1 else None


def _one_year(text: str) -> int | None:
    """The year a text speaks of throughout: at least three mentions, four in five of them."""
    years = Counter(int(y) for y in _YEAR.findall(text[:20000]))
    if not years:
        return None
    year, count = years.most_common(1)[0]
    return year if count >= 3 and count >= 0.8 * sum(years.values()) else None


def plan_year(title: str | None, text: str, kind: str | None, signed: date | None) -> int | None:
    if kind not in ("annual-plan", "progress-report", "task-breakdown"):
        return None
    if title:
        m = re.search(r"((?:19|20)\d{2})\s*年(?!\s*[-—至到]\s*\d)", title)
        if m:
            return int(m.group(1))
        if kind == "task-breakdown":
            return None
    elif kind == "task-breakdown":
        # an untitled breakdown table: the year only if one year rules the text
        pass
    years = Counter(int(y) for y in re.findall(r"(?<![\d〔\[])((?:19|20)\d{2})\s*年(?!\s*[-—至到]\s*\d)(?!度?[)）〕])",
                                                    text[:20000]))
    if not years:
        return signed.year if signed and kind in ("annual-plan", "progress-report") else None
    year, count = years.most_common(1)[0]
    if kind == "task-breakdown" and count < 2:
        return None
    return year
