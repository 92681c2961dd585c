"""Reading a question never fails: any question made of Chinese text, agency and place names, years, decimals,
percentages, units and punctuation gets an answer or an empty list from the library, never an error (hypothesis)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings

from extract.registry import load_registry
from kg.search.question import read_question

from ...questions import questions
from ..conftest_paths import ONTOLOGY

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def kb(corpus_kb):
    from kg.service import KnowledgeBase

    return KnowledgeBase(corpus_kb[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions)
@example("非道路移动机械淘汰要在什么时候达到83.3%以上？")  # int('83.3') was a 500
@example("2025.5年底前")
@example("是环保局还是交通局牵头？")
@example("")
def test_reading_never_fails(q):
    question = read_question(q, load_registry(ONTOLOGY / "agencies.toml"))
    assert question.intents and all(isinstance(n, str) for n in question.numbers)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(questions)
@example("非道路移动机械淘汰要在什么时候达到83.3%以上？")
@example("郑州市2025年PM2.5浓度要降到多少微克/立方米？")
@example("哪些任务已经逾期？")
@example("不存在局负责哪些任务")
def test_answering_never_fails(kb, q):
    body = kb.ask(q, today=TODAY)
    assert isinstance(body["answers"], list) and body["intent"] and body["today"] == "2026-01-15"
    json.dumps(body, ensure_ascii=False)  # the HTTP body as it will be sent
    hits = kb.search(q)["hits"]
    assert isinstance(hits, list)
