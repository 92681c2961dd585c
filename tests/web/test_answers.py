"""Answers a civil servant can trust, in a real browser: the direct answer and its source first, a notice for a
place the knowledge base holds no document of, a target with its progress apart, lists of tasks by agency and
by time, agencies by the names people write, a parent document in another province flagged."""
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import COUNTY, open_view, shoot

pytestmark = pytest.mark.slow


def ask(page, q):
    open_view(page, f"#/search?q={quote(q)}")
    return page.locator("section.answer")


def test_the_card_opens_with_the_direct_answer_and_its_source(page):
    card = ask(page, "岸电那个事谁牵头，什么时候完成？")
    direct = card.locator("p.direct")
    expect(direct).to_contain_text("市交通局牵头")
    expect(direct).to_contain_text("2025-12-31前完成")
    expect(direct).to_contain_text("来源：《苏州市空气质量持续改善行动重点工作任务分解表》")
    shoot(page, "answer-direct")


def test_a_place_with_no_document_is_said_plainly(page):
    card = ask(page, "郑州的氢能任务谁负责")
    expect(card.locator(".notice")).to_have_text(
        "知识库中没有郑州市的文件，无法回答关于郑州市的问题；其他地区的措施不能当作郑州市的措施。")
    expect(card.locator("dd.lead")).to_have_count(0)  # no 苏州 measure as if it were 郑州's
    shoot(page, "answer-notice")


def test_a_target_is_the_plans_figure_and_progress_stays_progress(page):
    card = ask(page, "苏州PM2.5目标是多少？")
    expect(card.locator("p.direct")).to_contain_text("目标：到2027年细颗粒物平均浓度稳定达到28微克/立方米")
    expect(card.locator(".progress")).to_contain_text("进展（来自进展报告，不是目标）")
    expect(card.locator(".progress li").first).to_contain_text("31.9微克/立方米")
    expect(card.locator("dd.targets")).to_contain_text("28微克/立方米")
    shoot(page, "answer-target-progress")


def test_an_agencys_tasks_by_the_name_people_write(page):
    card = ask(page, "环保局负责哪些任务")
    body = page.request.get("/api/ask", params={"q": "环保局负责哪些任务"}).json()
    expect(card.locator("p.direct")).to_have_text(
        f"苏州市生态环境局（苏州市）：牵头 {len(body['groups']['lead'])} 项任务，配合 {len(body['groups']['support'])} 项任务。")
    expect(card).to_contain_text("另有同名部门：")
    card.get_by_role("link", name="查看苏州市生态环境局的全部任务 →").click()
    expect(page.locator("table.tasks[data-role=lead] tbody tr")).to_have_count(len(body["groups"]["lead"]))


def test_overdue_tasks_say_the_day_they_are_reckoned_from(page):
    card = ask(page, "哪些任务已经逾期？")
    body = page.request.get("/api/ask", params={"q": "哪些任务已经逾期？"}).json()
    expect(card.locator("p.direct")).to_have_text(f"全部文件：共 {len(body['answers'])} 项任务。")
    expect(card).to_contain_text(f"已逾期：截止日期在{body['today']}之前")
    expect(card).not_to_contain_text("null")
    expect(card.locator("li").first).to_contain_text("2024-12-31")  # the earliest first
    shoot(page, "answer-overdue")


def test_the_agency_page_reads_a_typed_name(page):
    open_view(page, f"#/agency?name={quote('苏州市交通运输局')}")
    expect(page.locator("main")).to_contain_text("“苏州市交通运输局”即 苏州市交通局（苏州市）")
    body = page.request.get(f"/api/agencies/{quote('市交通局')}/measures").json()
    expect(page.locator("table.tasks[data-role=lead] tbody tr")).to_have_count(len(body["lead"]))


def test_an_unknown_agency_gets_the_nearest(page):
    open_view(page, f"#/agency?name={quote('郑州市生态环境局')}")
    main = page.locator("main")
    expect(main).to_contain_text("知识库中没有“郑州市生态环境局”这个部门的任务。")
    expect(main.get_by_role("link", name="苏州市生态环境局（苏州市）")).to_be_visible()
    shoot(page, "agency-nearest")

