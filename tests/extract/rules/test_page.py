"""extract/rules/page.toml: which rule names each line of page furniture (and which lines are none)."""
import pytest

from extract.formats.furniture import page_marker
from extract.normalize import normalize

CASES = [
    ("— 10 —", "page.dashes"),
    ("-8-", "page.dashes"),
    ("- 3 -", "page.dashes"),
    ("第 2 页 共 14 页", "page.nth_of"),
    ("第2页", "page.nth_of"),
    ("共14页 第2页", "page.nth_of"),
    ("2/14", "page.fraction"),
    ("Page 2 of 14", "page.english"),
    ("2024/10/29 上午10:22 关于印发方案的通知", "print.header"),
    ("10/29/24, 10:22 AM 关于印发方案的通知_市人民政府", "print.header"),
    ("https://www.suzhou.gov.cn/szsrmzf/a/1.shtml 1/5", "print.footer"),
    ("file:///C:/Users/a/Desktop/plan.html 3/5", "print.footer"),
    ("12", "page.bare"),          # a page number only at a page's edge
    ("（3）", "page.bare"),
    ("2024年10月26日", None),
    ("一、总体要求", None),
    ("到2025年，完成2/3的任务。", None),
    ("第二章 总则", None),
]


@pytest.mark.parametrize("line,rule", CASES)
def test_page_marker(line, rule):
    assert page_marker(line) == rule


def test_normalize_drops_whole_lines_of_page_furniture_but_not_bare_numbers():
    # the sentence the page number broke is one again (and full-width punctuation is ASCII)
    raw = "正文第一段，\n— 2 —\n继续。\n2024/10/29 10:22 标题\n12\n结尾。"
    assert normalize(raw).text == "正文第一段,继续。\n12\n结尾。"
