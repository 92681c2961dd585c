"""GET /api/ask and /api/trace: the CONTRACT.md bodies, and answers checked against the documents.

Each question below was put to the service on the corpus and its first answer
read against the document's text: the measure that says it, the agency the
text names first as lead, the deadline the sentence sets.
"""
from __future__ import annotations

import pytest

from .test_search import PINGHU, SUZHOU

PLACE_DOCS = {"平湖市": PINGHU, "嘉兴市": PINGHU, "苏州市": SUZHOU}

# question → (the first measure's document and a phrase of its text, lead named first, deadlines it must carry, a target (value, unit) or None, intent, place)
ASK = [
    ("靠港船舶岸电使用电量翻一番", ("004_5388e15178bf8d90.txt", "岸电"), "市交通局", {"2025-12-31"}, (2, "倍"), ["what"], None),
    ("岸电使用电量翻一番这项工作哪年前要完成", ("004_5388e15178bf8d90.txt", "岸电"), "市交通局", {"2025-12-31"}, None, ["when"], None),
    ("平湖今年治气攻坚要完成多少个治理项目", ("002_67f8289a9b82292a.txt", "治理项目"), "嘉兴市生态环境局平湖分局", set(), (90, "个"),
     ["howmuch"], "平湖市"),
    ("秸秆综合利用率95%以上要哪年实现？", ("004_5388e15178bf8d90.txt", "秸秆"), "市生态环境局", {"2025-12-31"}, (95, "%"), ["when"],
     None),
    ("公共领域新能源汽车推广什么时候完成", ("004_5388e15178bf8d90.txt", "新能源汽车"), "市工信局", {"2024-12-31"}, (80, "%"), ["when"], None),
    ("烟花爆竹禁放谁负责", ("004_5388e15178bf8d90.txt", "烟花爆竹"), "市公安局", {"2024-12-31"}, None, ["who"], None),
    ("非道路移动机械淘汰60%以上截止时间", ("004_5388e15178bf8d90.txt", "非道路移动机械"), "市生态环境局", {"2024-12-31"}, (60, "%"), ["when"],
     None),
    ("全市水泥企业超低排放改造要在什么时候之前基本完成？", ("004_5388e15178bf8d90.txt", "水泥"), "市生态环境局", {"2025-12-31"}, None,
     ["when"], None),
    ("长江十年禁渔由哪个部门牵头", ("003_d2b294729e46398b.txt", "禁渔"), "市发改委", set(), None, ["who"], None),
    ("餐饮油烟码上洗平台谁负责", ("000_a96bc2db90b64911.txt", "油烟"), "市生态环境局", set(), None, ["who"], None),
    ("平湖入河排污口整治谁牵头", ("002_67f8289a9b82292a.txt", "排污口"), "嘉兴市生态环境局平湖分局", set(), None, ["who"], "平湖市"),
    ("嘉兴的入河排污口整治谁牵头", ("002_67f8289a9b82292a.txt", "排污口"), "嘉兴市生态环境局平湖分局", set(), None, ["who"], "嘉兴市"),
    ("平湖的空气质量优良率要达到多少", ("002_67f8289a9b82292a.txt", "优良"), "嘉兴市生态环境局平湖分局", {"2025-12-31"}, (90, "%"),
     ["howmuch"], "平湖市"),
    ("2025年苏州要推动多少台非道路移动机械更新替代", ("000_a96bc2db90b64911.txt", "非道路移动机械"), "市生态环境局", set(), (1000, "台"),
     ["howmuch"], "苏州市"),
]


@pytest.mark.parametrize("q,measure,lead,dues,target,intent,place", ASK, ids=[a[0] for a in ASK])
def test_first_answer(client, q, measure, lead, dues, target, intent, place):
    body = client.get("/api/ask", params={"q": q}).json()
    assert body["question"] == q and body["intent"] == intent and body["place"] == place
    top = body["answers"][0]
    doc, phrase = measure  # by document and text, not by an id an extraction change can renumber
    assert top["doc"] == doc and phrase in top["text"]
    assert top["lead"][0] == lead
    assert dues <= {d["due"] for d in top["deadlines"]}
    if target:
        assert target in [(t["value"], t["unit"]) for t in top["targets"]]
    if place:  # a place the question names narrows to its documents
        assert {a["doc"] for a in body["answers"]} <= PLACE_DOCS[place]


def test_ask_body_has_the_contract_fields(client):
    body = client.get("/api/ask", params={"q": "谁牵头VOCs综合治理？什么时候完成？"}).json()
    assert body["intent"] == ["who", "when"]
    assert 1 <= len(body["answers"]) <= 10
    for a in body["answers"]:
        assert {"measure_id", "doc", "text", "lead", "support", "deadlines", "score"} <= set(a)
        assert all(isinstance(x, str) for x in a["lead"] + a["support"])
        assert all({"text", "due"} <= set(d) for d in a["deadlines"])
        assert {"section", "start", "end", "doc_title"} <= set(a)  # the source
    scores = [a["score"] for a in body["answers"]]
    assert scores == sorted(scores, reverse=True)
    # the VOCs measures, led by the bureau of ecology and environment
    assert body["answers"][0]["lead"][0] == "市生态环境局"
    # the measure that says the question's words word for word comes before those that share them scattered
    assert "强化VOCs综合治理" in body["answers"][0]["text"]


def test_source_span_points_into_the_document(client, corpus_dir):
    a = client.get("/api/ask", params={"q": "靠港船舶岸电使用电量翻一番"}).json()["answers"][0]
    text = (corpus_dir / a["doc"]).read_text(encoding="utf-8")
    assert text[a["start"]:a["end"]].strip() == a["text"]


def test_an_agencys_tasks_grouped_by_role_ordered_by_deadline(client, corpus_roles):
    body = client.get("/api/ask", params={"q": "市交通局负责哪些任务"}).json()
    assert body["intent"] == ["tasks"] and body["agency"] == "市交通局"
    lead, support = body["groups"]["lead"], body["groups"]["support"]
    assert all("市交通局" in a["lead"] for a in lead) and all("市交通局" in a["support"] for a in support)
    assert body["answers"] == lead + support

    def first_due(a):
        return min((d["due"] for d in a["deadlines"] if d.get("due")), default="9999-12-31")

    assert [first_due(a) for a in lead] == sorted(first_due(a) for a in lead)
    assert [a["measure_id"] for a in lead][:7] == [
        "004_5388e15178bf8d90-015", "004_5388e15178bf8d90-021", "004_5388e15178bf8d90-027",  # by the end of 2024
        "004_5388e15178bf8d90-013", "004_5388e15178bf8d90-016", "004_5388e15178bf8d90-022",  # by the end of 2025
        "004_5388e15178bf8d90-025"]
    # the same lists as the agency's own page
    page = client.get("/api/agencies/市交通局/measures").json()
    assert [a["measure_id"] for a in page["lead"]] == [a["measure_id"] for a in lead]
    assert [a["measure_id"] for a in page["support"]] == [a["measure_id"] for a in support]
    assert (len(lead), len(support)) == corpus_roles("市交通局", "苏州市")


def test_a_question_with_no_words_has_no_answers(client):
    assert client.get("/api/ask", params={"q": "？"}).json()["answers"] == []


# ---------------------------------------------------------------- trace

def test_trace_body_has_the_contract_fields(client):
    body = client.get("/api/trace", params={"doc": "002_67f8289a9b82292a.txt",
                                            "contains": "持续开展入河排污口整治"}).json()
    m = body["measure"]
    assert m["doc"] == "002_67f8289a9b82292a.txt" and "持续开展入河排污口整治" in m["text"] and m["measure_id"]
    assert body["parents"]
    for p in body["parents"]:
        assert {"measure_id", "doc", "text", "level", "score"} <= set(p)
        assert p["level"] == "city" and 0 < p["score"] <= 1
    # up the hierarchy: the 2025 work points, then the plan they carry out
    docs = [p["doc"] for p in body["parents"]]
    assert docs[0] == "000_a96bc2db90b64911.txt" and "001_a4dc09f2c6a77e08.txt" in docs
    assert docs == sorted(docs, key=lambda d: d != "000_a96bc2db90b64911.txt")  # nearest document first
    # best first within each document
    for doc in set(docs):
        scores = [p["score"] for p in body["parents"] if p["doc"] == doc]
        assert scores == sorted(scores, reverse=True)


def test_trace_ignores_whitespace_and_script(client):
    a = client.get("/api/trace", params={"doc": "002_67f8289a9b82292a.txt", "contains": "持续开展 入河排污口整治"}).json()
    b = client.get("/api/trace", params={"doc": "002_67f8289a9b82292a.txt", "contains": "持續開展入河排污口整治"}).json()
    assert a["measure"]["measure_id"] == b["measure"]["measure_id"] == "002_67f8289a9b82292a-033"
