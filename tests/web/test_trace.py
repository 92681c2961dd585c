"""The trace view in a real browser: from a county task up to the city measure it carries out, and back down."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, open_view, shoot

pytestmark = pytest.mark.slow


def test_follow_a_county_task_up_to_the_city_measure_it_carries_out(page):
    open_view(page, "#/document?name=002_67f8289a9b82292a.txt")
    page.locator("article.item", has_text="秸秆禁烧").get_by_role("link", name="追溯", exact=True).click()
    me = page.locator("li.tier.self")
    expect(me).to_contain_text("开展面源综合治理,持续强化秸秆禁烧")
    expect(me.locator(".tag")).to_have_text("县级 · 年度计划")
    city = page.locator("li.tier.up", has_text="2025年全市生态环境工作要点")
    expect(city.locator("h2")).to_contain_text("上一级")
    first = city.locator("ol.links > li").first
    expect(first).to_contain_text(re.compile(r"相似度 0\.\d\d"))
    expect(first).to_contain_text("文字相近")
    # the plan above the annual plan: the chain goes on up
    expect(page.locator("li.tier.up", has_text="全面推进美丽苏州建设工作方案").locator("h2")).to_contain_text("上 2 级")
    shoot(page, "trace-county", full_page=True)

    first.get_by_role("link", name=re.compile("强化秸秆禁烧工作")).click()
    me = page.locator("li.tier.self")
    expect(me).to_contain_text("强化秸秆禁烧工作")
    expect(me.locator(".tag")).to_have_text("市级 · 年度计划")
    expect(page.locator("li.tier.down ol.links")).to_contain_text("开展面源综合治理,持续强化秸秆禁烧")
    # the city plan says nothing of straw burning: its nearest measure shares a few characters and is flagged so
    plan = page.locator("li.tier.up", has_text="全面推进美丽苏州建设工作方案").locator("ol.links > li").first
    expect(plan.locator(".weak")).to_have_text(" · 弱关联，仅供参考")
    shoot(page, "trace-city", full_page=True)


def test_a_goal_nothing_below_carries_out_is_shown_as_such(page):
    query = (ROOT / "api/static/sparql/goals-without-county-measure.rq").read_text(encoding="utf-8")
    rows = page.request.post("/sparql", form={"query": query},
                             headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    goal = next(r["goal"]["value"] for r in rows if r["file"]["value"] == "000_a96bc2db90b64911.txt")
    open_view(page, f"#/measure?id={goal}")
    expect(page.locator("li.tier.down .gap")).to_contain_text("没有任何措施落实这项目标")
    expect(page.locator("li.tier.down .gap")).to_contain_text("生态环境分局2025年工作思路")
