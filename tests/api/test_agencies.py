"""What a department takes away: its tasks as a workbook (.xlsx) and its deadlines as a calendar (.ics),
read back with the libraries that made them (openpyxl, icalendar)."""
from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote

import pytest

from kg.export.calendar import written_period


def test_agencies_with_counts_by_role(client, corpus_roles):
    agencies = client.get("/api/agencies").json()["agencies"]
    by = {(a["name"], a["place"]): a for a in agencies}
    traffic = by[("市交通局", "苏州市")]
    lead, support = corpus_roles("市交通局", "苏州市")
    assert lead >= 15 and support >= 8  # 市交通局 leads and supports tasks in three of the corpus's documents
    assert (traffic["lead"], traffic["support"], traffic["total"]) == (lead, support, lead + support)
    assert traffic["documents"] == ["001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"]
    assert by[("嘉兴市生态环境局平湖分局", "平湖市")]["lead"] == 80
    totals = [a["total"] for a in agencies]
    assert totals == sorted(totals, reverse=True)
    pinghu = client.get("/api/agencies", params={"place": "嘉兴市"}).json()["agencies"]
    assert [(a["name"], a["place"]) for a in pinghu] == [("嘉兴市生态环境局平湖分局", "平湖市")]


@pytest.fixture(scope="module")
def traffic(client):
    return client.get("/api/agencies/市交通局/measures").json()


@pytest.fixture(scope="module")
def workbook(client):
    from openpyxl import load_workbook

    r = client.get("/api/agencies/市交通局/tasks.xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r.headers["content-disposition"] == ("attachment; filename=\"download\"; filename*=UTF-8''"
                                                + quote("市交通局-tasks.xlsx"))
    return load_workbook(io.BytesIO(r.content))


def test_workbook_one_row_per_task(workbook, traffic, corpus_roles):
    ws = workbook.active
    assert ws.title == "任务清单"
    assert ws["A1"].value.startswith("市交通局 任务清单")
    assert [c.value for c in ws[2]] == ["角色 Role", "状态 Status", "任务 Task", "截止 Due", "期限原文 Deadline as written",
                                       "周期 Recurrence", "目标 Targets", "牵头单位 Lead", "配合单位 Support",
                                       "文件 Document", "章节 Section", "位置 Characters"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    tasks = [("牵头", t) for t in traffic["lead"]] + [("配合", t) for t in traffic["support"]]
    assert len(rows) == len(tasks) == sum(corpus_roles("市交通局", "苏州市"))
    today = date.fromisoformat(traffic["today"])
    for row, (role, t) in zip(rows, tasks):
        assert row[0] == role and row[2] == t["text"]
        dues = sorted(d["due"] for d in t["deadlines"] if d.get("due"))
        if dues:  # a date cell, not text
            due = date.fromisoformat(dues[0])
            assert row[3].date() == due
            assert row[1] == ("逾期" if due < today else "今年到期" if due.year == today.year else "未到期")
        else:
            assert row[3] is None and row[1] == "无期限"
        assert (row[7] or "") == "、".join(t["lead"]) and (row[8] or "") == "、".join(t["support"])
        assert row[9] == t["doc_title"] and row[11] == f"{t['start']}–{t['end']}"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:L{ws.max_row}"


def test_workbook_rows_by_hand(workbook):
    rows = {r[2][:20]: r for r in workbook.active.iter_rows(min_row=3, values_only=True)}
    shore = next(r for k, r in rows.items() if k.startswith("推动发展新能源和清洁能源船舶"))
    assert shore[0] == "牵头" and shore[3].date() == date(2025, 12, 31) and shore[4] == "到2025年"
    assert shore[6] == "主要港口和排放控制区内靠港船舶的岸电使用电量=2倍（2025年）"
    assert shore[9] == "苏州市空气质量持续改善行动重点工作任务分解表" and shore[10] == "强化非道路移动源综合治理"
    yearly = next(r for k, r in rows.items() if k.startswith("建立联合监管机制"))  # 每年至少开展一次…专项检查
    assert (yearly[0], yearly[1], yearly[3], yearly[4], yearly[5]) == ("牵头", "无期限", None, "每年", "yearly")


@pytest.fixture(scope="module")
def calendar(client):
    from icalendar import Calendar

    r = client.get("/api/agencies/市交通局/deadlines.ics")
    assert r.status_code == 200 and r.headers["content-type"] == "text/calendar; charset=utf-8"
    assert r.headers["content-disposition"].startswith("inline;")
    return Calendar.from_ical(r.content)


def test_calendar_one_event_per_dated_task(calendar, traffic):
    assert str(calendar["x-wr-calname"]) == "市交通局 任务期限"
    events = calendar.walk("VEVENT")
    want = []
    for role in ("lead", "support"):
        for t in traffic[role]:  # a dated milestone, or a period the text writes (每年; not 年均, 逐年, 定期)
            want += [(role, t["measure_id"], d) for d in t["deadlines"] if d.get("due") or written_period(d)]
    assert len(events) == len(want)
    dated = sorted(d["due"] for _, _, d in want if d.get("due"))
    assert sorted(e.decoded("dtstart").isoformat() for e in events if "RRULE" not in e) == dated
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids) and all(u.endswith("@policykg") for u in uids)
    for e in events:
        assert str(e["summary"]).startswith(("【牵头", "【配合"))
    by_task: dict[str, list[str]] = {}
    for e in events:  # two milestones of one task never read the same
        by_task.setdefault(str(e["description"]).split("\n")[0], []).append(str(e["summary"]))
    assert all(len(set(s)) == len(s) for s in by_task.values())


def test_recurring_deadlines_recur(calendar):
    recurring = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert recurring
    for e in recurring:
        assert dict(e["RRULE"]) == {"FREQ": ["YEARLY"]}
        assert e.decoded("dtstart").month == 12 and e.decoded("dtstart").day == 31
    assert any("期限：每年" in str(e["description"]) and "油气回收" in str(e["description"]) for e in recurring)


def test_calendar_is_stable(client):
    """Subscribed calendars refresh: the same tasks give the same bytes (stable UIDs and stamps)."""
    a = client.get("/api/agencies/市交通局/deadlines.ics").content
    assert a == client.get("/api/agencies/市交通局/deadlines.ics").content


def test_place_narrows_an_agency(client):
    assert client.get("/api/agencies/市交通局/measures", params={"place": "苏州市"}).json()["lead"]
    r = client.get("/api/agencies/市交通局/measures", params={"place": "嘉兴市"})
    # no 市交通局 of 嘉兴市: the nearest agencies of that name are said
    assert r.status_code == 404 and r.json()["error"]["message"] == ("no measures of 市交通局 in 嘉兴市; "
                                                                     "the nearest agencies: 苏州市交通局 (苏州市)")


def test_the_list_sums_the_counts_kept_with_the_rows(client, kb, monkeypatch):
    """The agencies list reads each document's counts, written when its rows were indexed, not the rows."""
    from kg.search.index import MeasureIndex

    want = client.get("/api/agencies", params={"place": "苏州市"}).json()
    monkeypatch.setattr(MeasureIndex, "run", lambda *a, **k: pytest.fail("the agencies list read every row"))
    assert kb.agencies("苏州市") == want


@pytest.mark.parametrize("rows,counts", [
    ([{"lead": ["市交通局"], "support": ["市公安局", "市交通局"], "jurisdiction": "苏州市"},
      {"lead": ["市交通局"], "support": [], "jurisdiction": "苏州市"}],
     [["市交通局|苏州市", "苏州市", 2, 1, {"市交通局": 3}], ["市公安局|苏州市", "苏州市", 0, 1, {"市公安局": 1}]]),
    ([{"lead": [], "support": [], "jurisdiction": None}], []),
    ([{"lead": ["区环保局"], "jurisdiction": None}], [["区环保局|", None, 1, 0, {"区环保局": 1}]]),
    # two names of one body in one measure count it once; the body's key is its IRI
    ([{"lead": ["市交通局", "苏州市交通运输局"], "lead_agents": ["pkg:a1", "pkg:a1"], "jurisdiction": "苏州市"}],
     [["pkg:a1", "苏州市", 1, 0, {"市交通局": 1, "苏州市交通运输局": 1}]]),
])
def test_a_documents_counts_by_body_and_role(rows, counts):
    from kg.search.index import agency_counts

    assert agency_counts(rows) == counts
