"""Search in a real browser: a question typed, the answer card's lead agency and deadline, the filters."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import open_view, shoot

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question,lead,due,shot", [
    ("化肥使用总量较2020年削减3%这项任务归哪个部门牵头？", "市农业农村局", "2025-12-31", "search-answer-who"),
    # eight agencies share the lead (按职责分工负责); the card names them in the text's order
    ("国一及以下非道路移动机械淘汰60%以上，截止时间", "市生态环境局", "2024-12-31", "search-answer-when"),
])
def test_a_typed_question_gets_the_lead_agency_and_the_deadline(page, question, lead, due, shot):
    open_view(page, "#/")
    page.get_by_label("问题或关键词").fill(question)
    page.keyboard.press("Enter")
    card = page.locator("section.answer")
    expect(card.locator("dd.lead li").first).to_have_text(lead)
    expect(card.locator("dd.deadlines")).to_contain_text(due)
    expect(card.locator("dd.deadlines .due").first).to_have_text(re.compile(r"^(已逾期|还有) .+|^今天到期$"))
    # the matched measure highlighted among its neighbours in the document
    expect(card.locator(".context mark.context-hit")).to_be_visible()
    expect(card.locator(".context p.neighbour").first).to_be_visible()
    expect(page.locator("ol.ranked > li").first).to_be_visible()
    shoot(page, shot)


def test_filters_map_to_the_api(page):
    q = "淘汰"
    open_view(page, f"#/search?q={q}")
    page.get_by_text("筛选条件").click()
    page.get_by_label("部门", exact=True).select_option("市交通局")
    page.get_by_label("角色").select_option("lead")
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"agency=.*role=lead"))
    want = page.request.get("/api/search", params={"q": q, "k": "20", "agency": "市交通局", "role": "lead"}).json()
    rows = page.locator("ol.ranked > li")
    expect(rows).to_have_count(len(want["hits"]))
    assert len(want["hits"]) >= 3
    for i in range(len(want["hits"])):
        expect(rows.nth(i).locator(".row-facts")).to_contain_text("市交通局")
    shoot(page, "search-filtered")


def test_filters_without_a_question_list_measures_in_document_order(page):
    open_view(page, "#/search?doc=004_5388e15178bf8d90.txt&due_before=2024-12-31")
    want = page.request.get("/api/measures", params={"doc": "004_5388e15178bf8d90.txt", "due_before": "2024-12-31",
                                                     "limit": "100"}).json()
    expect(page.locator("ol.ranked > li")).to_have_count(want["total"])
    expect(page.locator(".results")).to_contain_text(f"共 {want['total']} 条")
