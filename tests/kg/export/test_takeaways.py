"""What staff take away: the .ics feed and the .xlsx workbook of an agency's tasks (kg/export/calendar.py, kg/export/workbook.py)."""
import io
from datetime import date, datetime, timezone

import pytest
from icalendar import Calendar

from kg.export.calendar import tasks_calendar, written_period
from kg.export.workbook import status, tasks_workbook

WRITTEN = datetime(2025, 3, 1, 8, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("text,recurring,period", [
    ("每年", "yearly", "yearly"),
    ("每年度", "yearly", "yearly"),
    ("每季度", "quarterly", "quarterly"),
    ("按季度", "quarterly", "quarterly"),
    ("每月", "monthly", "monthly"),
    ("按月", "monthly", "monthly"),
    # read as yearly by the extractor (SCHEMA.md), but no period is written: no calendar event
    ("年均", "yearly", None),
    ("逐年", "yearly", None),
    ("定期", "yearly", None),
    ("年度", "yearly", None),
    ("到2025年", None, None),
])
def test_a_deadline_recurs_only_where_its_period_is_written(text, recurring, period):
    assert written_period({"text": text, "recurring": recurring}) == period


def _tasks(*deadlines_per_task):
    return {"agency": "市生态环境局", "place": "苏州市", "today": "2025-06-01", "support": [],
            "lead": [{"measure_id": f"m-{i}", "text": f"任务{i}：推进大气污染防治，确保空气质量持续改善。", "doc": "a.txt",
                      "doc_title": "工作要点", "deadlines": list(ds)} for i, ds in enumerate(deadlines_per_task, 1)]}


def _events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_the_calendar_feed():
    tasks = _tasks([{"text": "2025年底前", "due": "2025-12-31", "recurring": None},
                    {"text": "到2027年", "due": "2027-12-31", "recurring": None}],   # two milestones of one task
                   [{"text": "每季度", "due": None, "recurring": "quarterly"}],      # a written period
                   [{"text": "年均", "due": None, "recurring": "yearly"}],           # 年均增长: no period, no event
                   [{"text": "定期", "due": None, "recurring": "yearly"}])
    events = _events(tasks_calendar(tasks, written=WRITTEN))
    assert [(str(e["summary"]), e["dtstart"].dt, e.get("rrule")) for e in events] == [
        ("【牵头·2025年底前】任务1：推进大气污染防治，确保空气质量持续改善。", date(2025, 12, 31), None),
        ("【牵头·到2027年】任务1：推进大气污染防治，确保空气质量持续改善。", date(2027, 12, 31), None),
        ("【牵头】任务2：推进大气污染防治，确保空气质量持续改善。", date(2025, 12, 31), {"FREQ": ["MONTHLY"], "INTERVAL": [3]}),
    ]
    assert {e["dtstamp"].dt for e in events} == {WRITTEN}  # when the knowledge base was written
    assert tasks_calendar(tasks, written=WRITTEN) == tasks_calendar(tasks, written=WRITTEN)  # same bytes


def test_the_corpus_calendar_has_no_recurrence_without_a_written_period(corpus_kb):
    from kg.service import KnowledgeBase

    settings, _ = corpus_kb
    kb = KnowledgeBase(settings)
    written, rules, unwritten = kb.written(), 0, 0
    assert written is not None and written.tzinfo is not None
    for a in kb.agencies()["agencies"]:
        tasks = kb.agency_tasks(a["name"], a["place"])
        phrases = {(t["measure_id"], d["text"]) for role in ("lead", "support") for t in tasks[role]
                   for d in t["deadlines"] if d.get("recurring") and not d.get("due")}
        unwritten += sum(1 for _, text in phrases if written_period({"text": text}) is None)
        for e in _events(tasks_calendar(tasks, written=written)):
            assert e["dtstamp"].dt == written
            if e.get("rrule"):
                rules += 1
                phrase = str(e["description"]).split("期限：")[1].split("\n")[0]
                assert written_period({"text": phrase}), phrase
    assert rules > 0 and unwritten > 0  # the corpus has both: 每年…, and 年均 / 逐年 / 定期, which make no event


@pytest.mark.parametrize("due,state", [
    (None, "无期限"), (date(2025, 5, 31), "逾期"), (date(2025, 6, 1), "今年到期"), (date(2025, 12, 31), "今年到期"),
    (date(2026, 1, 1), "未到期"),
])
def test_status(due, state):
    assert status(due, date(2025, 6, 1)) == state


def test_the_workbook():
    from openpyxl import load_workbook

    tasks = _tasks([{"text": "2025年5月底前", "due": "2025-05-31", "recurring": None}],
                   [{"text": "2025年底前", "due": "2025-12-31", "recurring": None}],
                   [{"text": "到2027年", "due": "2027-12-31", "recurring": None}],
                   [{"text": "每年", "due": None, "recurring": "yearly"}])
    ws = load_workbook(io.BytesIO(tasks_workbook(tasks))).active
    assert [c.value for c in ws[2]][:4] == ["角色 Role", "状态 Status", "任务 Task", "截止 Due"]
    assert [(r[1], r[3]) for r in ws.iter_rows(min_row=3, values_only=True)] == [
        ("逾期", datetime(2025, 5, 31)), ("今年到期", datetime(2025, 12, 31)), ("未到期", datetime(2027, 12, 31)),
        ("无期限", None)]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:L6"
