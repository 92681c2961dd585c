"""An agency's tasks as an Excel workbook (openpyxl): one row per task, opens in Excel and WPS; every text cell is a
string cell (openpyxl would write one that begins with ``=`` as a formula).

The header row is frozen and carries an autofilter; a status column says where each task stands on the
day the workbook was made (its earliest deadline: 逾期, 今年到期, 未到期, or 无期限 when none is written).
"""
from __future__ import annotations

import io
from datetime import date

from kg.vocab import ROLE_LABELS

HEADERS = ["角色 Role", "状态 Status", "任务 Task", "截止 Due", "期限原文 Deadline as written", "周期 Recurrence",
           "目标 Targets", "牵头单位 Lead", "配合单位 Support", "文件 Document", "章节 Section", "位置 Characters"]
WIDTHS = [8, 10, 60, 12, 18, 10, 30, 24, 30, 30, 30, 14]
OVERDUE, THIS_YEAR, LATER, NO_DEADLINE = "逾期", "今年到期", "未到期", "无期限"


def status(due: date | None, today: date) -> str:
    """Where a task stands on ``today`` by its earliest deadline."""
    if due is None:
        return NO_DEADLINE
    if due < today:
        return OVERDUE
    return THIS_YEAR if due.year == today.year else LATER


def tasks_workbook(tasks: dict, today: date | None = None) -> bytes:
    """``tasks``: the body of ``KnowledgeBase.agency_tasks``; ``today``: the day statuses are read on."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    today = today or (date.fromisoformat(tasks["today"]) if tasks.get("today") else date.today())
    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append([f"{tasks.get('place') or ''}{tasks['agency']} 任务清单（{today.isoformat()}）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    fills = {OVERDUE: PatternFill("solid", fgColor="FDE7E4"), THIS_YEAR: PatternFill("solid", fgColor="FFF1CC")}
    for role in ("lead", "support"):
        for t in tasks.get(role, []):
            dues = [d for d in t.get("deadlines", []) if d.get("due")]
            due = date.fromisoformat(min(d["due"] for d in dues)) if dues else None
            state = status(due, today)
            ws.append([
                ROLE_LABELS[role], state, t["text"], due,
                "；".join(d["text"] for d in t.get("deadlines", [])),
                "；".join(sorted({d["recurring"] for d in t.get("deadlines", []) if d.get("recurring")})),
                "；".join(_target(x) for x in t.get("targets", [])),
                "、".join(t.get("lead", [])), "、".join(t.get("support", [])),
                t.get("doc_title") or t["doc"], " › ".join(t.get("section") or []),
                f"{t.get('start')}–{t.get('end')}",
            ])
            if due is not None:
                ws.cell(ws.max_row, 4).number_format = "yyyy-mm-dd"
            if state in fills:
                ws.cell(ws.max_row, 2).fill = fills[state]
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row in ws.iter_rows(min_row=3):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"  # the title and the header stay in view
    ws.auto_filter.ref = f"A2:{get_column_letter(len(HEADERS))}{max(ws.max_row, 2)}"
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):  # text, never a formula, whatever it begins with (kg/cells.py)
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _target(t: dict) -> str:
    cmp = {">=": "≥", "<=": "≤", "~": "约", "=": "="}.get(t.get("comparator") or "=", "=")
    year = f"（{t['year']}年）" if t.get("year") else ""
    return f"{t.get('indicator') or ''}{cmp}{t.get('value')}{t.get('unit') or ''}{year}"
