"""Quantified targets: (value, unit, comparator, year, base year, 力争) from goal phrases."""
import pytest

from extract.deadlines import Context as DeadlineContext, find_deadlines
from extract.targets import Context, find_targets

CASES = [
    # text, plan year, progress report?, expected [(value, unit, comparator, year, baseline, aspirational)]
    ("到2027年细颗粒物平均浓度稳定达到28微克/立方米，2035年下降到26微克/立方米左右。", None, False,
     [(28, "微克/立方米", "<=", 2027, None, False), (26, "微克/立方米", "~", 2035, None, False)]),
    ("到2035年，生态保护红线区域面积不低于1950平方公里。", None, False, [(1950, "平方公里", ">=", 2035, None, False)]),
    ("到2025年，短流程炼钢产量占比力争达20%以上。", None, False, [(20, "%", ">=", 2025, None, True)]),
    ("到2025年，重点工业园区VOCs浓度比2021年下降20%。", None, False, [(20, "%", "=", 2025, 2021, False)]),
    ("到2025年，靠港船舶的岸电使用电量较2020年翻一番。", None, False, [(2, "倍", "=", 2025, 2020, False)]),
    ("全年新增生活、工业污水处理能力4万吨/日、9.8万吨/日。", 2025, False,
     [(4, "万吨/日", "=", 2025, None, False), (9.8, "万吨/日", "=", 2025, None, False)]),
    ("PM2.5平均浓度26微克/立方米以下13个市控以上断面Ⅲ类水比例100%", 2025, False,
     [(26, "微克/立方米", "<=", 2025, None, False), (100, "%", "=", 2025, None, False)]),
    ("推动不少于1000台非道路移动机械清洁化更新替代。", 2025, False, [(1000, "台", ">=", 2025, None, False)]),
    ("新增建设20个左右精品示范村，完成49个行政村环境整治。", 2025, False,
     [(20, "个", "~", 2025, None, False), (49, "个", "=", 2025, None, False)]),
    ("城镇登记失业率控制在3%以内。", 2021, False, [(3, "%", "<=", 2021, None, False)]),
    ("到2020年，全市万元国内生产总值用水量、万元工业增加值用水量比2015年分别下降24%、25%以上。", None, False,
     [(24, "%", ">=", 2020, 2015, False), (25, "%", ">=", 2020, 2015, False)]),
    ("到2025年，水路、铁路货运量分别达到800万和115万吨。", None, False,
     [(800, "万吨", ">=", 2025, None, False), (115, "万吨", ">=", 2025, None, False)]),
    ("每年至少开展一次储运销环节油气回收系统专项检查。", None, False, [(1, "次", ">=", None, None, False)]),
    ("开展商品煤煤质抽检，每年不少于两次。", 2022, False, [(2, "次", ">=", 2022, None, False)]),
    ("到2025年，市级具备7～10天污染过程预报能力。", None, False, [(7, "天", ">=", 2025, None, False)]),
    ("炼焦产能与长流程炼钢产能比控制在0.4左右。", None, False, [(0.4, "", "~", None, None, False)]),
    ("确保太湖连续18年实现高水平安全度夏。", 2025, False, [(18, "年", "=", 2025, None, False)]),
    ("可吸入颗粒物(PM10)年平均浓度控制在51μg/m3以内", 2022, False, [(51, "μg/m3", "<=", 2022, None, False)]),
    # numbers that are not targets
    ("进一步巩固10蒸吨及以下燃煤锅炉淘汰改造的成果。", 2018, False, []),
    ("鼓励新增或更新的3吨以下叉车基本实现新能源化。", None, False, []),
    ("禁止使用含硫量高于0.7%的煤炭。", 2018, False, []),
    ("实施危废经营单位“严管30条”。", 2025, False, []),
    ("推动4S店实施水性涂料替代，落实PM2.5和臭氧协同控制。", None, False, []),
    ("决定开展为期1年的专项治理。", None, False, []),
    ("根据三轮央督14项反馈问题整改方案，推进整改。", 2025, False, []),
    ("有序推进供热半径30公里范围内的落后燃煤小热电机组关停整合。", None, False, []),
    # progress reports: achieved figures are not targets, restated ones are
    ("推进450个优先监管地块实施风险管控任务，目前已完成324个，完成率72%。", 2024, True,
     [(450, "个", "=", 2024, None, False)]),
    ("截至10月10日，全省共上报重大风险隐患问题1229个。", 2024, True, []),
    ("开发公益性岗位540个 完成838个,完成率155.19%", 2023, True, [(540, "个", "=", 2023, None, False)]),
    ("*1.力争9个城市社区达到充分就业社区标准 完成9个,完成率100%", 2023, True, [(9, "个", "=", 2023, None, True)]),
    ("省定任务27项,其中要求9月30日前完成21项,已全部完成", 2019, True,
     [(27, "项", "=", 2019, None, False), (21, "项", "=", 2019, None, False)]),
    # a bare number after a comparator
    ("城乡居民收入比缩小至1.7以内。", 2023, False, [(1.7, "", "<=", 2023, None, False)]),
    ("大力推进“安心托幼”，全区托位数提高至560。", 2025, False, [(560, "", ">=", 2025, None, False)]),
    # a list's last unit is every value's; a bare magnitude is the unit written
    ("可吸入颗粒物(PM10)和细颗粒物(PM2.5)平均浓度分别不高于53和32微克/立方米；", 2021, False,
     [(53, "微克/立方米", "<=", 2021, None, False), (32, "微克/立方米", "<=", 2021, None, False)]),
    ("固定资产投资累计完成0.26、0.67、1.04、1.5亿元(7分)。", 2018, False,
     [(0.26, "亿元", "=", 2018, None, False), (0.67, "亿元", "=", 2018, None, False),
      (1.04, "亿元", "=", 2018, None, False), (1.5, "亿元", "=", 2018, None, False)]),
    ("年内完成投资2.93亿。", None, False, [(2.93, "亿", "=", None, None, False)]),
    ("全区半年、年度用水总量分别控制在0.24亿m³、0.47亿m³以内", 2018, False,
     [(0.24, "亿m³", "<=", 2018, None, False), (0.47, "亿m³", "<=", 2018, None, False)]),
    ("PM2.5年均浓度为40微克/m3,力争控制在35微克/m3以内", 2021, False,
     [(40, "微克/m3", "=", 2021, None, False), (35, "微克/m3", "<=", 2021, None, True)]),
    ("人均预期寿命达到82.4岁", 2023, False, [(82.4, "岁", ">=", 2023, None, False)]),
    # one figure for several indicators: a target each
    ("二氧化硫、氮氧化物、挥发性有机物(VOCs)排放总量均比2015年下降22%以上。", 2020, False,
     [(22, "%", ">=", 2020, 2015, False)] * 3),
    # comparators
    ("确保文化产业规上企业超120家。", None, False, [(120, "家", ">=", None, None, False)]),
    ("即全年污染天数不能超过27天", 2021, False, [(27, "天", "<=", 2021, None, False)]),
    # the parts of a figure, a count that qualifies the next, a rank: no targets
    ("加快退出5家11条6000万标砖/年以下的烧结砖生产线，涉及祥符区4家、通许县1家。", 2025, False,
     [(11, "条", "=", 2025, None, False)]),
    ("推进8个板块11个片区更新改造。", 2025, False, [(11, "个", "=", 2025, None, False)]),
    ("综合指数稳定退出全国168个重点城市后20名。", 2025, False, []),
]


@pytest.mark.parametrize("text, plan_year, progress, expected", CASES, ids=[c[0][:14] for c in CASES])
def test_targets(text, plan_year, progress, expected):
    deadlines = find_deadlines(text, 0, DeadlineContext(plan_year, progress))
    found = find_targets(text, 0, Context(plan_year, progress), deadlines)
    assert [(t.value, t.unit, t.comparator, t.year, t.baseline_year, t.aspirational) for t in found] == expected


def test_indicator_and_clause():
    text = "到2027年，全市地表水优良比例达到95%左右。"
    (t,) = find_targets(text, 0, Context(None), find_deadlines(text, 0, DeadlineContext(None)))
    assert t.indicator == "全市地表水优良比例"
    assert t.text == "全市地表水优良比例达到95%左右"


def test_one_figure_for_each_indicator_names_each():
    text = "二氧化硫、氮氧化物、挥发性有机物(VOCs)排放总量均比2015年下降22%以上。"
    found = find_targets(text, 0, Context(2020), find_deadlines(text, 0, DeadlineContext(2020)))
    assert [t.indicator for t in found] == ["二氧化硫排放总量", "氮氧化物排放总量", "挥发性有机物(VOCs)排放总量"]
