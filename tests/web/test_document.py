"""A document's page in a real browser: metadata, the plan hierarchy as links both ways, the structure, and
for a progress report the tasks each row reports on."""
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import COUNTY, open_view, shoot, straw_burning

pytestmark = pytest.mark.slow

REPORT = "005_progress_2025.txt"
REPORT_TEXT = """苏州市2025年生态环境工作要点上半年进展情况

一、深入打好蓝天保卫战
1.强化秸秆禁烧工作。上半年运用“铁塔天眼”发现秸秆焚烧火点12处，均在1小时内处置完毕。（市生态环境局）
2.推动不少于1000台非道路移动机械清洁化、绿色化更新替代。截至6月底已完成更新替代620台。（市生态环境局、市交通局）
"""


def test_metadata_and_the_hierarchy_both_ways(page):
    open_view(page, f"#/document?name={COUNTY}")
    measures = len(page.request.get(f"/api/documents/{COUNTY}").json()["measures"])
    expect(page.locator("h1")).to_have_text("生态环境分局2025年工作思路")
    meta = page.locator("dl.meta")
    for text in ("2025-05-08", "平湖市生态环境局", "县级", "年度计划", f"{measures} 条"):
        expect(meta).to_contain_text(text)
    tiers = page.locator("ol.tiers > li")
    expect(tiers).to_have_count(3)  # the city plan, the city's annual plan, this county plan
    expect(tiers.nth(0)).to_contain_text("全面推进美丽苏州建设工作方案")
    expect(tiers.nth(2)).to_contain_text("本文件")
    # 平湖 (嘉兴, 浙江) under 苏州's work points, as the manifest says: kept, and flagged
    expect(tiers.nth(1).locator(".unusual")).to_contain_text("本文件属平湖市（浙江省嘉兴市）")
    tiers.nth(1).get_by_role("link", name="2025年全市生态环境工作要点").click()
    expect(page.locator("h1")).to_have_text("2025年全市生态环境工作要点")
    expect(page.locator("ol.tiers > li").last).to_contain_text("生态环境分局2025年工作思路")
    shoot(page, "document-annual-plan")


def test_structure_headings_then_measures_and_a_measure_in_focus(page):
    county, _ = straw_burning(page)
    open_view(page, f"#/document?name={COUNTY}&m={county}")
    measures = len(page.request.get(f"/api/documents/{COUNTY}").json()["measures"])
    structure = page.locator("section[aria-labelledby=h-structure]")
    expect(structure.locator("article.item")).to_have_count(measures)
    expect(structure.locator(".section-heading", has_text="打好治气攻坚战")).to_be_visible()
    focus = structure.locator("article.item.focus")
    expect(focus).to_contain_text("持续强化秸秆禁烧")
    expect(focus).to_be_in_viewport()


def test_a_progress_report_shows_the_tasks_each_row_reports_on(page, server):
    r = page.request.post("/api/documents", headers={"X-API-Key": server["key"]},
                          multipart={"file": {"name": REPORT, "mimeType": "text/plain",
                                              "buffer": REPORT_TEXT.encode("utf-8")}})
    assert r.status == 201, r.text()
    try:
        open_view(page, f"#/document?name={REPORT}")
        expect(page.locator("dl.meta")).to_contain_text("进展报告")
        rows = page.locator("section[aria-labelledby=h-reports] tbody tr")
        row = rows.filter(has_text="1.强化秸秆禁烧工作")
        expect(row.locator("td")).to_contain_text("强化秸秆禁烧工作，运用“铁塔天眼”")
        expect(row.locator("td")).to_contain_text("相似度")
        row.locator("td").get_by_role("link", name="强化秸秆禁烧工作，运用").first.click()
        expect(page.locator("li.tier.down ol.links")).to_contain_text("强化秸秆禁烧工作")
        open_view(page, f"#/document?name={REPORT}")
        shoot(page, "document-progress-report-linked", full_page=True)
    finally:
        page.request.delete(f"/api/documents/{quote(REPORT)}", headers={"X-API-Key": server["key"]})
