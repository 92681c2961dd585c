"""An agency's page in a real browser: tasks by role and deadline, overdue marked, the workbook read back."""
from datetime import date
from urllib.parse import quote

import openpyxl
import pytest
from playwright.sync_api import expect

from .conftest import open_view, shoot

pytestmark = pytest.mark.slow

NAME, PLACE = "市交通局", "苏州市"


def test_tasks_by_role_sorted_by_deadline_overdue_marked(page):
    open_view(page, f"#/agency?name={NAME}&place={PLACE}")
    body = page.request.get(f"/api/agencies/{quote(NAME)}/measures", params={"place": PLACE}).json()
    today = body["today"]
    for role in ("lead", "support"):
        rows = page.locator(f"table.tasks[data-role={role}] tbody tr")
        expect(rows).to_have_count(len(body[role]))
        overdue = [m for m in body[role] if any(d["due"] and d["due"] < today for d in m["deadlines"])]
        expect(page.locator(f"table.tasks[data-role={role}] tbody tr.overdue")).to_have_count(len(overdue))
        firsts = [min((d["due"] for d in m["deadlines"] if d["due"]), default="9999") for m in body[role]]
        assert firsts == sorted(firsts)
        shown = [rows.nth(i).locator("td").first.inner_text()[:10] for i in range(rows.count())]
        assert [s if s[:2] in ("19", "20") else "9999" for s in shown] == [f[:10] for f in firsts]
    shoot(page, "agency", full_page=False)


def test_the_xlsx_downloads_and_reads_back(page, tmp_path):
    open_view(page, f"#/agency?name={NAME}&place={PLACE}")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载任务清单（Excel）").click()
    path = tmp_path / "tasks.xlsx"
    info.value.save_as(path)
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    body = page.request.get(f"/api/agencies/{quote(NAME)}/measures", params={"place": PLACE}).json()
    assert [(r[0], r[2]) for r in rows] == [("牵头", m["text"]) for m in body["lead"]] + \
        [("配合", m["text"]) for m in body["support"]]
    assert ws["A1"].value.startswith(f"{PLACE}{NAME} 任务清单")
    assert all(isinstance(r[3], (date, type(None))) for r in rows)
    assert {r[1] for r in rows} <= {"逾期", "今年到期", "未到期", "无期限"}
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:L{ws.max_row}"


def test_the_calendar_link_serves_the_deadlines(page):
    open_view(page, f"#/agency?name={NAME}&place={PLACE}")
    href = page.get_by_role("link", name="订阅截止日期（日历 .ics）").get_attribute("href")
    ics = page.request.get(href).text()
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics


def test_agencies_of_different_places_are_different_pages(page):
    open_view(page, "#/agencies")
    page.get_by_role("link", name="嘉兴市生态环境局平湖分局").click()
    expect(page.locator("h1")).to_contain_text("平湖市")
    assert "place=%E5%B9%B3%E6%B9%96%E5%B8%82" in page.url  # 平湖市
    expect(page.locator("table.tasks[data-role=lead] tbody tr").first).to_be_visible()
