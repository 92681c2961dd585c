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
