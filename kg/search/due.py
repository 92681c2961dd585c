"""When a task is due, for the views that ask about time (已经逾期, 今年到期, X年底前要完成哪些, an agency's
overdue tasks): the deadlines the text wrote, and where it wrote none, the one an annual plan implies.

A year's plan (2025年全市生态环境工作要点; a year's task breakdown, 2023年重点工作任务分解, 2018年度目标责任书) is a
year's work: a task it sets without a deadline of its own is due by the end of its plan year. A task breakdown
of a plan of several years has no plan year and implies nothing. That date is marked implied (``implied_deadline``), never put among the
deadlines the text wrote (``deadlines``), and only these views count it.
"""
from __future__ import annotations

from datetime import date

IMPLIED_KINDS = ("annual-plan", "task-breakdown")  # with a plan year


def implied_deadline(row: dict) -> dict | None:
    """The end of a year's plan's year for a task that writes no deadline (none dated, none recurring)."""
    if row.get("kind") not in IMPLIED_KINDS or not row.get("plan_year"):
        return None
    if any(d.get("due") or d.get("recurring") for d in row.get("deadlines", [])):
        return None
    year = int(row["plan_year"])
    return {"due": f"{year}-12-31", "implied": True,
            "text": f"未写明期限：{year}年度计划的任务，按{year}年底计"}


def due_dates(row: dict) -> list[tuple[date, bool]]:
    """Every date a task is due by, each with whether it is implied, earliest first."""
    written = sorted({date.fromisoformat(d["due"]) for d in row.get("deadlines", []) if d.get("due")})
    if written:
        return [(d, False) for d in written]
    implied = implied_deadline(row)
    return [(date.fromisoformat(implied["due"]), True)] if implied else []


def due_within(row: dict, start: date | None, end: date | None) -> list[tuple[date, bool]]:
    """The dates a task is due by that fall in [start, end] (None: open on that side)."""
    return [(d, implied) for d, implied in due_dates(row)
            if (start is None or d >= start) and (end is None or d <= end)]


def status(row: dict, today: date) -> str:
    """逾期 (a date passed), 今年到期 (due later this year), 未到期, or 无期限 — by the earliest date not yet met."""
    dates = due_dates(row)
    if not dates:
        return "无期限"
    if any(d < today for d, _ in dates):
        return "逾期"
    if any(d.year == today.year for d, _ in dates):
        return "今年到期"
    return "未到期"
