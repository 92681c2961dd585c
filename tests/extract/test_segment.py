"""Structure: headings by level, label lines, and the table forms documents come in."""
import pytest

from extract.segment import segment

HEADINGS = [
    ("一、总体要求", 1, "总体要求"),
    ("(一)优化国土空间开发保护格局。发挥作用。", 2, "优化国土空间开发保护格局"),
    ("1.推动和美乡村建设。大力实施工程。", 3, "推动和美乡村建设"),
    ("2、加快乡镇生活污水管网建设", 3, "加快乡镇生活污水管网建设"),
    ("(1)加强监测", 4, "加强监测"),
    ("①开展排查", 5, "开展排查"),
    ("【重点任务】", 1, None),
    ("第三条 县级以上人民政府负责", 6, "县级以上人民政府负责"),
    ("第一章 总则", 0, "总则"),
]


@pytest.mark.parametrize("line, level, title", HEADINGS, ids=[h[0][:8] for h in HEADINGS])
def test_heading_levels(line, level, title):
    (block,) = segment(line)
    assert (block.kind, block.level, block.title) == ("heading", level, title)


def test_label_lines_and_paragraphs():
    text = "1.努力实现地区生产总值增长6.2%左右。\n牵头单位:区发改局\n责任单位:立山经济开发区\n加强统筹。"
    assert [b.kind for b in segment(text)] == ["heading", "label", "label", "para"]


def cells(block, text):
    return [text[c.start:c.end] for c in block.cells]


def test_tab_table_one_cell_per_line_with_blank_task_cell():
    text = "\t序号\n\t重点工作任务\n\t责任分工\n\n\t1\n\t推进减排\n\t落实要求。\n\t市发改委牵头。\n\n\t2\n\t\n\t研究试点。\n\t市生态环境局牵头。\n"
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["header", "row", "row"]
    assert cells(blocks[1], text) == ["1", "推进减排", "落实要求。", "市发改委牵头。"]
    assert cells(blocks[2], text) == ["2", "", "研究试点。", "市生态环境局牵头。"]


def test_tab_table_cell_continued_on_plain_lines():
    text = "\t31\n\t打好攻坚战\n\t坚持问题导向。\n\t市生态环境局\n\t进展一。\n进展二。\n\n\t一、下一部分\n"
    blocks = segment(text)
    assert cells(blocks[0], text)[-1] == "进展一。\n进展二。"
    assert blocks[1].kind == "heading" and blocks[1].title == "下一部分"


def test_row_per_line_tab_table():
    text = "\t序号\t任务\t牵头单位\n\t1\t开展排查。\t县环保局\n"
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["header", "row"]
    assert cells(blocks[1], text) == ["1", "开展排查。", "县环保局"]


def test_pipe_table_with_merged_cells():
    text = ("序号 | 项目名称 | 项目内容 | 主办单位 |\n"
            "1 | 人居环境工程 | 推广新模式。 | 县工作专班 |\n"
            "新增绿化面积387亩。 | |||\n")
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["header", "row", "row"]
    assert cells(blocks[2], text) == ["新增绿化面积387亩。"]


def test_space_separated_table_with_continuation_lines():
    text = ("序号 重点工作任务 主要责任单位 协同配合单位\n"
            "1 地区生产总值增长6.5%左右。 区发改委 区政府各部门\n"
            "2 一般公共预算收入增长5%左右。 区财政局\n区税务局\n区政府有关部门,各乡镇人民政府\n")
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["header", "row", "row"]
    assert cells(blocks[2], text) == ["2", "一般公共预算收入增长5%左右。", "区财政局", "区税务局", "区政府有关部门,各乡镇人民政府"]


def test_two_agency_lists_run_together_are_two_cells():
    """A PDF that lost the space between two cells: 等 closes the first list, 各县… opens the next."""
    text = ("序号 主要任务 牵头单位 参与单位 责任单位\n"
            "1 严守用水效率控制红线。 市水利局 市发展改革委、住房和城乡建设局等各县(市、区)人民政府\n")
    blocks = segment(text)
    assert cells(blocks[1], text) == ["1", "严守用水效率控制红线。", "市水利局", "市发展改革委、住房和城乡建设局等",
                                      "各县(市、区)人民政府"]


def test_one_cell_per_plain_line_under_a_header():
    text = "序号\n民生实事\n责任单位\n完成时限\n1\n启动建设工程。\n县水务局\n12月底前\n2\n新建2座人行天桥。\n县住建局\n9月投入使用\n"
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["header", "row", "row"]
    assert cells(blocks[2], text) == ["2", "新建2座人行天桥。", "县住建局", "9月投入使用"]


def test_cells_run_together(resources):
    text = ("序号项目名称主要内容区政府分管领导牵头单位配合单位"
            "1增加教育资源供给新建学校12个。王小明教育局经开区各街道市国有公司"
            "2老城厢复兴发展完成纪念馆提升工程。王小明文体旅局晋陵公司推进核心区改造。李四住建局五星街道"
            "3优化养老服务为全区老年人提供上门服务。张三民政局各街道提升改造8家服务中心。对300户家庭进行改造。\n")
    blocks = segment(text, resources.registry.function_pattern)
    rows = [(b.indexed, cells(b, text)) for b in blocks]
    assert rows == [
        (True, ["1", "增加教育资源供给新建学校12个。", "王小明", "教育局", "经开区", "各街道", "市国有公司"]),
        (True, ["2", "老城厢复兴发展完成纪念馆提升工程。", "王小明", "文体旅局", "晋陵公司"]),
        (False, ["推进核心区改造。", "李四", "住建局", "五星街道"]),
        (True, ["3", "优化养老服务为全区老年人提供上门服务。", "张三", "民政局", "各街道"]),
        (False, ["提升改造8家服务中心。"]),
        (False, ["对300户家庭进行改造。"]),
    ]


def test_a_cell_per_line_table_with_sections_and_rows_left_out(resources):
    # a table a page left one cell per line: its sections between rows, its rows numbered as in the
    # whole table (an excerpt keeps 3, 68, 69, 73)
    from extract import extract_text
    text = ("索引号: 11341602003165628D/202506-00023 组配分类: 决策部署落实情况\n\n序号\n\n重点工作任务\n\n主要责任单位\n\n协同配合单位\n\n"
            "一、2025年经济社会发展的主要预期目标\n\n3\n\n固定资产投资增长7.5%左右。\n\n区发改委\n\n区工信局、区住建局。\n\n"
            "二、全力以赴惠民生、增福祉\n\n68\n\n加快建设黎明小学扩建教学楼项目。\n\n区教育局\n\n各乡镇人民政府。\n\n"
            "69\n\n深化与海亮集团合作。\n\n区教育局\n\n区投资促进中心。\n\n73\n\n大力推进“安心托幼”。\n\n区卫健委\n\n区妇联。\n")
    ms = [(m.text, [a.name for a in m.lead], [a.name for a in m.support]) for m in
          extract_text(text, "a.txt", resources).measures]
    assert ms == [("固定资产投资增长7.5%左右。", ["区发改委"], ["区工信局", "区住建局"]),
                  ("加快建设黎明小学扩建教学楼项目。", ["区教育局"], ["各乡镇人民政府"]),
                  ("深化与海亮集团合作。", ["区教育局"], ["区投资促进中心"]),
                  ("大力推进“安心托幼”。", ["区卫健委"], ["区妇联"])]


def test_a_cell_per_pipe_line_table_numbered_alone_with_short_header_labels():
    """序号 | … | 是否达序 | 说明 |: short labels past the header words are the header's; a number alone opens a row."""
    text = ("序号 |\n主要任务 |\n牵头单位 |\n责任主体与协同单位 |\n是否达序 |\n说明 |\n"
            "24 |\n优化提升50条背街后巷交通组织。 |\n城管局 |\n市政局、相关街道 |\n是 |\n||\n"
            "25 |\n新增达标小区210个。 |\n城管局 |\n环卫处、各街道 |\n否 |\n滞后2个月。 |\n")
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["header", "row", "row"]
    assert [c.text for c in blocks[0].cells] == ["序号", "主要任务", "牵头单位", "责任主体与协同单位", "是否达序", "说明"]
    assert [c.text for c in blocks[1].cells][:4] == ["24", "优化提升50条背街后巷交通组织。", "城管局", "市政局、相关街道"]


def test_a_header_naming_who_carries_out_and_who_takes_part_is_a_support_column_beside_a_lead_column():
    from extract.attribution.roles import label_role

    assert [label_role(h) for h in ("牵头 单位", "责任主体与协同单位", "责任单位", "配合单位")] == [
        "lead", "responsible", "responsible", "support"]
