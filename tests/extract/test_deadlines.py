"""Deadline phrases → the last day they allow (rules/deadlines.toml)."""
from datetime import date

import pytest

from extract.deadlines import Context, column_deadlines, find_deadlines

CASES = [
    # text, year in force, progress report?, expected [(phrase, due, recurring)]
    ("到2025年，非化石能源消费比重达13%左右", None, False, [("到2025年", date(2025, 12, 31), None)]),
    ("2024年底前，力争淘汰60%以上", None, False, [("2024年底前", date(2024, 12, 31), None)]),
    ("2020年年底前，制订并落实污染整治方案", None, False, [("2020年年底前", date(2020, 12, 31), None)]),
    ("到2017年底，全部淘汰", None, False, [("到2017年底", date(2017, 12, 31), None)]),
    ("2017年6月底前，收集和汇总企业名录", None, False, [("2017年6月底前", date(2017, 6, 30), None)]),
    ("6月底前完成方案编制", 2025, False, [("6月底前", date(2025, 6, 30), None)]),
    ("上半年，市区两级完成演练", 2025, False, [("上半年", date(2025, 6, 30), None)]),
    ("到年底力争累计完成6个创建任务", 2025, False, [("年底", date(2025, 12, 31), None)]),
    ("第一季度完成排查", 2024, False, [("第一季度", date(2024, 3, 31), None)]),
    ("确保“十四五”圆满收官", None, False, [("“十四五”圆满收官", date(2025, 12, 31), None)]),
    ("“十五五”期间持续推进", None, False, [("“十五五”期间", date(2030, 12, 31), None)]),
    ("各区要在6月25日前成立工作小组", 2015, False, [("6月25日前", date(2015, 6, 25), None)]),
    ("9月投入使用", 2016, False, [("9月", date(2016, 9, 30), None)]),
    # a project's planned start and completion months, with their years; in a report the same words are a status
    ("预计2022年12月开工建设,2023年5月竣工", 2023, False,
     [("2022年12月", date(2022, 12, 31), None), ("2023年5月", date(2023, 5, 31), None)]),
    ("2023年5月竣工", 2023, True, []),
    # the half year and the year, each with its own figure (半年、年度…分别…): a deadline each
    ("全区半年、年度用水总量分别控制在0.24亿m³、0.47亿m³以内", 2018, False,
     [("半年", date(2018, 6, 30), None), ("年度", date(2018, 12, 31), None)]),
    ("完成年度目标", 2018, False, []),
    ("计划在2022对机构设置进行优化", None, False, [("在2022", date(2022, 12, 31), None)]),
    ("明确近期(2027)和中长期(2032)目标", None, False,
     [("近期(2027)", date(2027, 12, 31), None), ("中长期(2032)", date(2032, 12, 31), None)]),
    ("2024年，推广应用新能源汽车16万辆以上", None, False, [("2024年", date(2024, 12, 31), None)]),
    ("每年建设绿色工厂10家", None, False, [("每年", None, "yearly")]),
    ("定期开展第三方检测机构考核", 2025, False, [("定期", None, "yearly")]),
    ("每季度通报进展", None, False, [("每季度", None, "quarterly")]),
    ("铁路集装箱多式联运量年均增长8%以上", None, False, [("年均", None, "yearly")]),
    # not deadlines
    ("较2020年翻一番", None, False, []),
    ("编制2025年度大气污染防治计划", None, False, []),
    ("落实《苏州市2023年大气污染防治计划》", None, False, []),
    ("收集2013年至今的企业名录", None, False, []),
    ("细颗粒物(PM2.5)年均浓度控制在30μg/m3以内", 2022, False, []),
    ("5月22日，市政府印发通知", 2024, False, []),
    ("全面优化“十五五”监测网络布局", 2025, False, []),
    ("1997年5月27日上海市第十届人民代表大会常务委员会第三十六次会议通过", None, False, []),
    ("2024年6月30日前完成排查", None, False, [("2024年6月30日前", date(2024, 6, 30), None)]),
    ("于2025年3月31日完成验收", None, False, [("2025年3月31日", date(2025, 3, 31), None)]),
    # progress reports: status dates are never deadlines; restated due dates are
    ("截至6月底，共完成项目2474项", 2023, True, []),
    ("1-6月份，我市优良天数比例为79.6%", 2023, True, []),
    ("上半年省考断面水质优Ⅲ类比例为95%", 2023, True, []),
    ("其中要求9月30日前完成21项", 2019, True, [("9月30日前", date(2019, 9, 30), None)]),
    ("要求12月30日完成6项", 2019, True, [("12月30日", date(2019, 12, 30), None)]),
    ("2021年水环境质量年度目标：地表水国家考核断面水质比例达到75%", 2021, True, [("2021年", date(2021, 12, 31), None)]),
    ("一是每年制定印发大气污染防治实施计划", 2022, True, [("每年", None, "yearly")]),
    ("定期发布空气质量改善红黑榜", 2023, True, []),  # how it was done, in a report
    # a start is no due date; a term's end is
    ("三、从2023年第一季度开始，各责任单位要在每季度最后一个月的30日前报送", 2023, False, [("每季度", None, "quarterly")]),
    ("2021年5月1日起按照省级统筹有关规定执行", None, False, []),
    ("实施阶段性降低缴费费率政策，实施期限至2021年12月31日", None, False,
     [("至2021年12月31日", date(2021, 12, 31), None)]),
    ("失业保险浮动费率政策实施期限延长至2022年4月30日", None, False, [("至2022年4月30日", date(2022, 4, 30), None)]),
    # a period's end is when what runs in it is due; a report's period is what it reports on
    ("5月1日至5月31日开展专项检查", 2024, False, [("至5月31日", date(2024, 5, 31), None)]),
    ("即日起至2024年6月30日开展整治", None, False, [("至2024年6月30日", date(2024, 6, 30), None)]),
    ("2023年1月1日至6月30日，全市新增就业1.2万人", 2023, True, []),
    # a plan's name, not a time: “十四五”综合交通运输规划
    ("启动“十四五”综合交通运输规划编制", 2020, False, []),
    # 于 of 高于 is no cue
    ("继续按不高于2017年征收标准征收残疾人就业保障金", None, False, []),
]


COLUMN_CASES = [
    # a table's time cell or time header, year in force, expected [(phrase, due)]
    ("1月份", 2017, [("1月份", date(2017, 1, 31))]),
    ("第一季度", 2015, [("第一季度", date(2015, 3, 31))]),
    ("2022年度任务目标", None, [("2022年度", date(2022, 12, 31))]),
    ("全年", 2015, [("全年", date(2015, 12, 31))]),
    ("12月底前", 2016, [("12月底前", date(2016, 12, 31))]),
    ("市生态环境局", 2016, []),
]


@pytest.mark.parametrize("text, year, expected", COLUMN_CASES, ids=[c[0] for c in COLUMN_CASES])
def test_column_deadlines(text, year, expected):
    assert [(d.text, d.due) for d in column_deadlines(text, 0, Context(year))] == expected


@pytest.mark.parametrize("text, year, progress, expected", CASES, ids=[c[0][:14] for c in CASES])
def test_deadlines(text, year, progress, expected):
    found = find_deadlines(text, 0, Context(year, progress))
    assert [(d.text, d.due, d.recurring) for d in found] == expected


def test_offsets_point_into_the_text():
    text = "加快建设。到2027年，全市地表水优良比例达到95%左右。"
    (d,) = find_deadlines(text, 100, Context(None))
    assert text[d.start - 100:d.end - 100] == "到2027年"
    assert d.rule == "deadline.year"
