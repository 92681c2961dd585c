"""Normalisation keeps an offset map back to the text as loaded."""
import pytest

from extract.normalize import normalize

CASES = [
    ("牽頭單位:市發展和改革委員會", "牵头单位:市发展和改革委员会"),
    ("淘(tao)汰燃煤小鍋鑪(lu)", "淘汰燃煤小锅炉"),
    ("關(guān)于", "关于"),
    ("市(shi)环保部门", "市环保部门"),
    ("航空港區管委會(huì ),省", "航空港区管委会,省"),
    ("專(zhu ān)列", "专列"),
    ("方案(试行)(2024 年)", "方案(试行)(2024年)"),
    ("全年ＰＭ２．５浓度３０％", "全年PM2.5浓度30%"),
    ("苏府〔2024〕59 号", "苏府〔2024〕59号"),
    ("2024 年 10 月 26 日", "2024年10月26日"),
    ("⼀是加强监管⻅效", "一是加强监管见效"),
    ("零\u200b宽\u200d字\ufeff符", "零宽字符"),
    ("第一行\n— 10 —\n第二行", "第一行\n第二行"),
    ("第 2 页 共 14 页\n正文", "正文"),
    ("完成国家确定的目标, -8- 完成任务", "完成国家确定的目标,完成任务"),
    ("1-9月,同比下降3.2%", "1-9月,同比下降3.2%"),
]


@pytest.mark.parametrize("raw, expected", CASES, ids=[c[0][:10] for c in CASES])
def test_normalize(raw, expected):
    assert normalize(raw).text == expected


def test_offsets_map_back_to_raw():
    raw = "淘(tao)汰燃煤小鍋鑪(lu)，牽頭單位"
    tt = normalize(raw)
    assert tt.text == "淘汰燃煤小锅炉,牵头单位"
    i = tt.text.index("锅炉")
    assert raw[tt.offsets[i]:tt.offsets[i + 1] + 1] == "鍋鑪"
    j = tt.text.index("牵头")
    assert raw[tt.offsets[j]] == "牽"


def test_wrapped_lines_join_but_items_stay():
    # a page-laid-out text: lines broken at the same width; a new item starts a new paragraph
    body = ("（一）优化国土空间开发保护格局。发挥国土空间规划的用\n\n"
            "途指引和刚性管控作用，形成总体格局。按照城镇、农业、生\n\n"
            "态三类空间，实施差别化的空间发展导向、管控要求与准入政策\n\n"
            "。统筹划定落实生态保护红线、永久基本农田、城镇开发边界三\n\n"
            "条控制线。（市资源规划局牵头，市发改委等参与）\n\n"
            "（二）积极稳妥推进碳达峰碳中和。构建落实碳达峰碳中和政策\n\n"
            "体系，实施碳达峰十大行动，推动能耗双控向碳排放双控全面转\n\n"
            "型。（市发改委牵头）\n")
    text = normalize(body).text
    paragraphs = [p for p in text.split("\n") if p.strip()]
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("(一)") and paragraphs[0].endswith("参与)")
    assert "发挥国土空间规划的用途指引" in paragraphs[0]


def test_running_text_keeps_its_lines():
    text = normalize("一、总体要求\n坚持问题导向。\n二、主要任务\n加强监管。").text
    assert text.split("\n") == ["一、总体要求", "坚持问题导向。", "二、主要任务", "加强监管。"]


def test_space_separated_table_keeps_its_cells():
    raw = "序号 重点工作任务 主要责任单位 协同配合单位\n1 地区生产总值增长6.5%左右。 区发改委 区政府各部门\n"
    assert normalize(raw).text.split("\n")[1] == "1 地区生产总值增长6.5%左右。 区发改委 区政府各部门"
