"""extract/formats/linebreak.py and rules/layout.toml: what begins a line, and whether a break was the layout's."""
import pytest

from extract.formats.linebreak import broken, first_token, starts_item


@pytest.mark.parametrize("line,item", [
    ("一、总体要求", True),
    ("（二）强化区域协同治理。", True),
    ("(3)完善监测网络", True),
    ("3.推进重点行业深度治理", True),
    ("2 一般公共预算收入增长5%左右。", True),   # a row of a table set with spaces
    ("①建立台账", True),
    ("第三章 保障措施", True),
    ("【工作目标】", True),
    ("附件：", True),
    ("• 发布时间", True),
    ("3.5万吨", False),                          # a number going on, not an item
    ("2025年，全市PM2.5浓度", False),
    ("一批高排放柴油货车淘汰", False),
])
def test_starts_item(line, item):
    assert starts_item(line) is item


@pytest.mark.parametrize("text,token", [
    ("推进", "推"),
    ("，完成", "，"),             # (a comma can only start a line if it had to)
    ("完，成", "完，"),            # closing punctuation goes down with its character
    ("造“不破”", "造“不"),         # a quotation mark binds both neighbours
    ("贷”和“EOD”等", "贷”和“EOD”等"),
    ("（市发改委牵头）", "（市"),   # an opening bracket goes with what follows
    ("VOCs综合治理", "VOCs"),     # a Latin word is one piece
    ("造。33个", "造。33"),        # LibreOffice keeps a number after closing punctuation
    ("克/立方米", "克/"),
])
def test_first_token(text, token):
    assert first_token(text) == token


@pytest.mark.parametrize("end,following,hanging,expected", [
    (496.0, "为加快", False, False),   # 为 (16) fits before 512
    (497.0, "为加快", False, True),
    (496.0, "完，成", False, True),    # 完， needs two ems
    (496.0, "完，成", True, False),    # the comma may hang: 完 alone fits
])
def test_broken(end, following, hanging, expected):
    assert broken(end, "推进", following, 16.0, 512.0, hanging) is expected
