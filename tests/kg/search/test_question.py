"""Reading a question: what is asked (who, when, how much, an agency's tasks) and where."""
from __future__ import annotations

import pytest

from extract.registry import load_registry
from kg.search.question import read_question

from ..conftest_paths import ONTOLOGY

# question → (intents, places, agency, figures, year, levels, place words)
CASES = [
    ("谁牵头VOCs综合治理？什么时候完成？", ["who", "when"], [], None, [], None, [], []),
    ("岸电使用电量翻一番这项工作哪年前要完成", ["when"], [], None, [], None, [], []),
    ("市交通局负责哪些任务", ["tasks"], [], "市交通局", [], None, [], []),
    ("省生态环境厅牵头哪些工作", ["tasks"], [], "省生态环境厅", [], None, [], []),
    ("生态环境部有哪些任务", ["tasks"], [], "生态环境部", [], None, [], []),
    ("郑州的氢能任务谁负责", ["who"], ["郑州市"], None, [], None, [], ["郑州"]),
    ("平湖今年治气攻坚要完成多少个治理项目", ["howmuch"], ["平湖市"], None, [], None, [], ["平湖"]),
    ("全县2025年PM2.5浓度要降到多少", ["howmuch"], [], None, [], 2025, ["county"], []),  # PM2.5's digits: no figure
    ("全镇2025年PM2.5浓度要降到多少", ["howmuch"], [], None, [], 2025, ["township"], []),
    ("本街道今年有什么任务", ["tasks"], [], None, [], None, ["township"], []),  # a list of tasks
    ("全镇江市PM2.5浓度要降到多少", ["howmuch"], ["镇江市"], None, [], None, [], ["镇江市", "镇江"]),  # a city
    ("昆山市有什么任务", ["tasks"], ["昆山市"], None, [], None, [], ["昆山市", "昆山"]),
    ("到2027年完成90个项目", ["what"], [], None, ["90"], 2027, [], []),
    ("靠港船舶岸电使用电量翻一番", ["what"], [], None, [], None, [], []),
    # a place of a one-character stem (城区, 和县) inside running text is a word; after its city, a place
    ("贵港中心城区优良天数比率不低于多少", ["howmuch"], ["贵港市"], None, [], None, [], ["贵港"]),
    ("主城区扬尘治理谁负责", ["who"], [], None, [], None, [], []),
    ("阳泉市城区有什么任务", ["tasks"], ["阳泉市", "城区"], None, [], None, [], ["阳泉市", "城区", "阳泉"]),
    # a figure asked by naming the indicator and its goal or requirement
    ("昆山PM2.5浓度目标", ["howmuch"], ["昆山市"], None, [], None, [], ["昆山"]),
    ("桂平优良天数比率要求", ["howmuch"], ["桂平市"], None, [], None, [], ["桂平"]),
    ("城镇新增就业目标是什么？", ["howmuch"], [], None, [], None, [], []),
]


@pytest.mark.parametrize("q,intents,places,agency,numbers,year,levels,words", CASES, ids=[c[0] for c in CASES])
def test_read_question(q, intents, places, agency, numbers, year, levels, words):
    got = read_question(q, load_registry(ONTOLOGY / "agencies.toml"))
    assert (got.intents, [p.name for p in got.places], got.agency, got.numbers, got.year, got.levels,
            got.place_words) == (intents, places, agency, numbers, year, levels, words)


@pytest.mark.parametrize("q,phrases", [
    ("谁牵头VOCs综合治理？什么时候完成？", ["VOCs综合治理"]),
    ("岸电使用电量翻一番这项工作哪年前要完成", ["岸电使用电量翻一番"]),
    ("郑州的氢能任务谁负责", ["氢能任务"]),  # the place and its 的 are not the task
    ("市交通局负责哪些任务", []),
    ("平湖的空气质量优良率要达到多少", ["空气质量优良率"]),
])
def test_the_task_in_the_question_own_words(q, phrases):
    assert read_question(q, load_registry(ONTOLOGY / "agencies.toml")).phrases == phrases


# question → (intents, agencies named, places surely named, window kind and words, a list asked for, whether asked)
FORMS = [
    ("是不是环保局牵头？", ["who"], ["环保局"], [], None, False, True),
    ("牵头的是环保局吗", ["who"], ["环保局"], [], None, False, True),
    ("是交通局还是环保局牵头岸电", ["who"], ["交通局", "环保局"], [], None, False, True),
    ("烟花爆竹禁放是公安局还是城管局牵头", ["who"], ["公安局", "城管局"], [], None, False, True),  # 公安 is no 公安县 here
    ("配合单位有哪些", ["support"], [], [], None, False, False),
    ("岸电谁牵头、谁配合", ["who", "support"], [], [], None, False, False),
    ("提前几天报送", ["howmuch"], [], [], None, False, False),
    ("靠港船舶岸电要翻一番，啥时候完成", ["when"], [], [], None, False, False),
    ("哪些任务已经逾期？", ["tasks"], [], [], ("overdue", "逾期"), True, False),
    ("今年到期的任务", ["tasks"], [], [], ("year", "今年到期"), True, False),
    ("下个月到期的有哪些", ["tasks"], [], [], ("month", "下个月到期"), True, False),
    ("本月到期的任务", ["tasks"], [], [], ("month", "本月到期"), True, False),
    ("三个月内到期的任务有哪些", ["tasks"], [], [], ("within", "三个月内到期"), True, False),
    ("2025年底前要完成哪些任务？", ["tasks"], [], [], ("year", "2025年底前要完成"), True, False),
    ("市交通局有哪些逾期任务", ["tasks"], ["市交通局"], [], ("overdue", "逾期"), True, False),
    ("生态环境局今年要完成什么", ["tasks"], ["生态环境局"], [], ("year", "今年要完成"), True, False),
    ("苏州市交通运输局负责哪些任务", ["tasks"], ["苏州市交通运输局"], ["苏州市"], None, True, False),
    ("平湖环保局负责哪些任务", ["tasks"], ["平湖环保局"], ["平湖市"], None, True, False),
    ("嘉兴市生态环境局平湖分局的任务", ["tasks"], ["嘉兴市生态环境局平湖分局"], ["嘉兴市"], None, True, False),
    ("交警负责哪些任务", ["tasks"], ["交警"], [], None, True, False),
    ("郑州市有哪些任务", ["tasks"], [], ["郑州市"], None, True, False),
    ("郑州的氢能任务谁负责", ["who"], [], ["郑州市"], None, False, False),
    ("平湖今年治气攻坚要完成多少个治理项目", ["howmuch"], [], ["平湖市"], None, False, False),  # how many: no list
    # a county's short name inside other words is no place: 太湖 (太湖县), 双湖 (双湖县), 新建 (新建区)
    ("太湖一级保护区退圩还湖8000亩，要求什么时候完成？", ["when"], [], [], None, False, False),
    ("双湖生态客厅建设由哪些部门负责", ["who"], [], [], None, False, False),
    ("延安禁止新建燃煤集中供热站，牵头单位有哪些？", ["who"], [], ["延安市"], None, False, False),
    # an agency's tasks asked by what they are called (民生实事), and roles written with 的
    ("住建局牵头的民生实事有哪些", ["tasks"], ["住建局"], [], None, True, False),
    ("市公安局配合的工作有哪些", ["tasks"], ["市公安局"], [], None, True, False),
    ("岸电任务配合的单位有哪些", ["support"], [], [], None, False, False),
    ("岸电任务牵头的部门是哪个", ["who"], [], [], None, False, False),
    ("市住建局今年有啥任务", ["tasks"], ["市住建局"], [], None, True, False),
    ("发改委牵头的事", ["tasks"], ["发改委"], [], None, True, False),
    ("生物质锅炉淘汰时间", ["when"], [], [], None, False, False),  # the time asked by its noun alone
]


@pytest.mark.parametrize("q,intents,agencies,named,window,listing,whether", FORMS, ids=[f[0] for f in FORMS])
def test_asking_forms(q, intents, agencies, named, window, listing, whether):
    got = read_question(q, load_registry(ONTOLOGY / "agencies.toml"))
    assert (got.intents, got.agencies, [p.name for p in got.named],
            (got.window.kind, got.window.phrase) if got.window else None, got.listing, got.whether) == (
        intents, agencies, named, window, listing, whether)


@pytest.mark.parametrize("q,numbers,year", [
    ("要在什么时候达到83.3%以上？", ["83.3"], None),  # a decimal of four characters is no year (was int('83.3'), a 500)
    ("2025年PM2.5浓度要降到28微克/立方米", ["28"], 2025),  # PM2.5's digits are the term's, not a figure
    ("2025.5年底前", ["2025.5"], None),
    ("到2027年完成90个项目", ["90"], 2027),
])
def test_figures_and_years(q, numbers, year):
    got = read_question(q, load_registry(ONTOLOGY / "agencies.toml"))
    assert (got.numbers, got.year) == (numbers, year)


@pytest.mark.parametrize("q,phrases,numbers", [
    ("pm25目标多少", ["PM2.5"], []),  # PM2.5 as typed without its point: the term, not the figure 25
    ("PM 2.5浓度要降到多少", ["PM2.5浓度"], []),
    ("PM10浓度目标", ["PM10浓度"], []),
])
def test_a_term_as_typed_is_read_as_written(q, phrases, numbers):
    got = read_question(q, load_registry(ONTOLOGY / "agencies.toml"))
    assert (got.phrases, got.numbers) == (phrases, numbers)


def test_the_task_in_its_own_words_keeps_a_decimal_point():
    assert read_question("PM2.5平均浓度要降到多少", load_registry(ONTOLOGY / "agencies.toml")).phrases == ["PM2.5平均浓度"]


@pytest.mark.parametrize("q,agencies", [
    ("人行天桥是住建局还是交通局负责？", ["住建局", "交通局"]),  # 人行 (the central bank's branch) inside 人行天桥
    ("人行道改造谁负责", []),
    ("人行负责哪些任务", ["人行"]),
    ("交警配合哪些任务", ["交警"]),
    ("苏州交警负责哪些任务", ["苏州交警"]),
])
def test_a_short_form_inside_a_longer_word_is_no_agency(q, agencies):
    from kg.search.tokenizer import tokenizer

    words = tokenizer(ONTOLOGY).words_of
    assert read_question(q, load_registry(ONTOLOGY / "agencies.toml"), words=words).agencies == agencies
