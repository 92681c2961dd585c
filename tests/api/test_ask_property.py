"""A live /api/ask and /api/search answer any question made of Chinese text, agency and place names, years,
decimals, percentages, units and punctuation with an answer or an empty list: status 200, never an error."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from ..questions import questions


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(questions)
@example("非道路移动机械淘汰要在什么时候达到83.3%以上？")  # int('83.3') was a 500
@example("是不是环保局牵头？")
@example("郑州的氢能任务谁负责")
@example("2025年底前要完成哪些任务？")
def test_live_ask_and_search_never_fail(server, q):
    r = server.get("/api/ask", params={"q": q})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["answers"], list)
    r = server.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["hits"], list)
