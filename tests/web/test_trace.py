"""The trace view in a real browser: from a county task up to the city measure it carries out, and back down."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, ROOT, open_view, shoot

pytestmark = pytest.mark.slow


def test_follow_a_county_task_up_to_the_city_measure_it_carries_out(page):
    open_view(page, "#/document?name=002_67f8289a9b82292a.txt")
    page.locator("article.item", has_text="秸秆禁烧").get_by_role("link", name="追溯", exact=True).click()
    # the traced measure first, then the documents above it, nearest first
    me = page.locator("ol.chain > li").first
    expect(me).to_have_class(re.compile(r"\bself\b"))
    expect(me).to_contain_text("开展面源综合治理,持续强化秸秆禁烧")
    expect(me.locator(".tag")).to_have_text("县级 · 年度计划")
    city = page.locator("li.tier.up", has_text="2025年全市生态环境工作要点")
    expect(city.locator("h2")).to_contain_text("上一级")
    first = city.locator("ol.links > li").first
    expect(first).to_contain_text(re.compile(r"得分 0\.\d\d"))
    expect(first).to_contain_text("共有：秸秆禁烧")
    # 平湖 lies in 嘉兴, 浙江: a parent in 苏州 is kept as the manifest says, and flagged
    expect(city.locator(".unusual")).to_contain_text("本文件属平湖市（浙江省嘉兴市）")
    # the plans above the annual plan: the chain goes on up
    expect(page.locator("li.tier.up", has_text="全面推进美丽苏州建设工作方案").locator("h2")).to_contain_text("上 2 级")
    shoot(page, "trace-county", full_page=True)

    first.get_by_role("link", name=re.compile("强化秸秆禁烧工作")).click()
    me = page.locator("li.tier.self")
    expect(me).to_contain_text("强化秸秆禁烧工作")
    expect(me.locator(".tag")).to_have_text("市级 · 年度计划")
    expect(page.locator("li.tier.down ol.links")).to_contain_text("开展面源综合治理,持续强化秸秆禁烧")
    # the city plan says nothing of straw burning: its nearest measures share only 垃圾 and are folded away
    plan = page.locator("li.tier.up", has_text="全面推进美丽苏州建设工作方案")
    expect(plan.locator(".gap")).to_have_text("上级文件中没有目标与这条措施相符")
    expect(plan.locator("ol.links")).to_be_hidden()
    folded = plan.locator("details.folded")
    expect(folded.locator("summary")).to_have_text("另有 5 条弱关联（已折叠）")
    folded.locator("summary").click()
    expect(folded.locator("ol.links > li").first).to_contain_text("只共有常用词")
    # the air plan's breakdown holds the goal
    air = page.locator("li.tier.up", has_text="苏州市空气质量持续改善行动重点工作任务分解表")
    expect(air.locator("ol.links > li").first).to_contain_text("提高秸秆焚烧火点监测及巡查精准度")
    shoot(page, "trace-city", full_page=True)


def test_a_task_no_goal_above_carries_out_says_so(page):
    body = page.request.get("/api/trace", params={"doc": "002_67f8289a9b82292a.txt", "contains": "海洋岸滩垃圾"}).json()
    open_view(page, f"#/measure?id={body['measure']['measure_id']}")
    expect(page.locator("ol.chain > li").first).to_contain_text("加强海洋岸滩垃圾清理")
    expect(page.locator("li.tier.up.none .gap")).to_have_text("上级文件中没有目标与这条措施相符。")
    expect(page.locator("li.tier.up ol.links:visible")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("null")
    shoot(page, "trace-no-goal", full_page=True)
    page.set_viewport_size(PHONE)
    shoot(page, "trace-no-goal-phone", full_page=True)


def test_a_goal_nothing_below_carries_out_is_shown_as_such(page):
    query = (ROOT / "api/static/sparql/goals-without-county-measure.rq").read_text(encoding="utf-8")
    rows = page.request.post("/sparql", form={"query": query},
                             headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    goal = next(r["goal"]["value"] for r in rows if r["file"]["value"] == "000_a96bc2db90b64911.txt")
    open_view(page, f"#/measure?id={goal}")
    expect(page.locator("li.tier.down .gap")).to_contain_text("没有任何措施落实这项目标")
    expect(page.locator("li.tier.down .gap")).to_contain_text("生态环境分局2025年工作思路")
