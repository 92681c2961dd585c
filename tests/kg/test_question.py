"""Reading a question: what is asked (who, when, how much, an agency's tasks) and where."""
from __future__ import annotations

import pytest

from extract.registry import load_registry
from kg.question import read_question

from .conftest_paths import ONTOLOGY

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
