"""GET /api/search and /api/measures: the CONTRACT.md body, rankings checked against the documents, filters.

Filters are checked two ways: the documents each filter keeps, written out by
hand from the manifest (苏州市 keeps its four documents; 平湖市's plan lies in
嘉兴市 and 浙江省), and every measure the filter returns, and how many, against
a plain Python predicate over all 353 measures.
"""
from __future__ import annotations

from datetime import date

import pytest

SUZHOU = {"000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt",
          "004_5388e15178bf8d90.txt"}
PINGHU = {"002_67f8289a9b82292a.txt"}
ALL_DOCS = SUZHOU | PINGHU


@pytest.fixture(scope="module")
def every_measure(client) -> list[dict]:
    body = client.get("/api/measures", params={"limit": 500}).json()
    assert body["total"] == len(body["measures"]) > 300
    return body["measures"]


def test_search_body_has_the_contract_fields(client):
    r = client.get("/api/search", params={"q": "岸电", "k": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "岸电" and body["filters"] == {}
    assert 1 <= len(body["hits"]) <= 5
    for hit in body["hits"]:
        assert {"measure_id", "doc", "text", "score"} <= set(hit)
        assert isinstance(hit["measure_id"], str) and hit["doc"] in ALL_DOCS
        assert isinstance(hit["text"], str) and hit["text"]
        assert isinstance(hit["score"], float) and hit["score"] > 0
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("k", [1, 3, 10, 200])
def test_k_is_how_many(client, k):
    hits = client.get("/api/search", params={"q": "推进", "k": k}).json()["hits"]
    assert len(hits) == k
    ids = [h["measure_id"] for h in hits]
    assert len(set(ids)) == len(ids)


# query → (document, words of the measure that must rank first): each checked against the document's text
TOP = [
    ("岸电", "004_5388e15178bf8d90.txt", "靠港船舶的岸电使用电量较2020年翻一番"),
    ("柴油货车", "004_5388e15178bf8d90.txt", "持续推进淘汰国三及以下排放标准柴油货车"),
    ("秸秆综合利用率", "004_5388e15178bf8d90.txt", "秸秆综合利用率稳定达到95%以上"),
    ("入河排污口", "002_67f8289a9b82292a.txt", "持续开展入河排污口整治"),
    ("新能源汽车", "004_5388e15178bf8d90.txt", "新能源汽车比例不低于80%"),
    ("烟花爆竹", "004_5388e15178bf8d90.txt", "加强重点时段、重大节假日烟花爆竹禁放"),
    ("餐饮油烟", "000_a96bc2db90b64911.txt", "持续推动餐饮油烟“码上洗”平台全覆盖"),
    ("超低排放改造", "004_5388e15178bf8d90.txt", "巩固钢铁行业和燃煤锅炉超低排放改造成效"),
    ("臭氧协同控制", "004_5388e15178bf8d90.txt", "持续开展PM2.5和臭氧协同控制科技攻关"),
    ("岸電使用電量", "004_5388e15178bf8d90.txt", "靠港船舶的岸电使用电量较2020年翻一番"),  # traditional script
]


@pytest.mark.parametrize("q,doc,words", TOP, ids=[t[0] for t in TOP])
def test_the_measure_that_says_it_ranks_first(client, q, doc, words):
    top = client.get("/api/search", params={"q": q, "k": 3}).json()["hits"][0]
    assert top["doc"] == doc and words in top["text"]


def test_synonyms_of_the_topic_scheme_find_what_the_query_does_not_say(client):
    """挥发性有机物 ↔ VOCs: the work points' VOCs measure answers a query that names it in full."""
    hits = client.get("/api/search", params={"q": "挥发性有机物综合治理", "k": 5}).json()["hits"]
    vocs = [h for h in hits if h["doc"] == "000_a96bc2db90b64911.txt" and "VOCs" in h["text"]]
    assert vocs and "挥发性有机物" not in vocs[0]["text"] and "强化VOCs综合治理" in vocs[0]["text"]


def test_no_words_no_filters_no_hits(client):
    assert client.get("/api/search", params={"q": "的 了 和"}).json()["hits"] == []
    assert client.get("/api/search").json()["hits"] == []


# ---------------------------------------------------------------- filters

def matches(m: dict, f: dict) -> bool:
    """The filters' meaning, in plain Python over a measure of /api/measures."""
    places = {"苏州市": SUZHOU, "江苏省": SUZHOU, "嘉兴市": PINGHU, "平湖市": PINGHU, "浙江省": PINGHU,
              "郑州市": set()}
    kinds = {"plan": {"001_a4dc09f2c6a77e08.txt"}, "annual-plan": {"000_a96bc2db90b64911.txt"} | PINGHU,
             "task-breakdown": {"004_5388e15178bf8d90.txt"}, "progress-report": {"003_d2b294729e46398b.txt"}}
    dues = [date.fromisoformat(d["due"]) for d in m["deadlines"] if d.get("due")]
    if "agency" in f:
        roles = [f["role"]] if "role" in f else ["lead", "support"]
        if not any(f["agency"] in m[r] for r in roles):
            return False
    return all([
        "doc" not in f or m["doc"] == f["doc"],
        "place" not in f or m["doc"] in places[f["place"]],
        "level" not in f or m["level"] == f["level"],
        "kind" not in f or m["doc"] in kinds[f["kind"]],
        "topic" not in f or f["topic"] in m["topics"],
        "due_before" not in f or any(d <= date.fromisoformat(f["due_before"]) for d in dues),
        "due_after" not in f or any(d >= date.fromisoformat(f["due_after"]) for d in dues),
    ])


# filters → the documents whose measures they keep
FILTERS = [
    ({"place": "苏州市"}, SUZHOU),
    ({"place": "江苏省"}, SUZHOU),
    ({"place": "嘉兴市"}, PINGHU),  # a county's documents are within its city
    ({"place": "浙江省"}, PINGHU),
    ({"place": "平湖市"}, PINGHU),
    ({"place": "郑州市"}, set()),
    ({"level": "county"}, PINGHU),
    ({"level": "city"}, SUZHOU),
    ({"level": "province"}, set()),
    ({"kind": "plan"}, {"001_a4dc09f2c6a77e08.txt"}),
    ({"kind": "annual-plan"}, {"000_a96bc2db90b64911.txt"} | PINGHU),
    ({"kind": "task-breakdown"}, {"004_5388e15178bf8d90.txt"}),
    ({"kind": "progress-report"}, {"003_d2b294729e46398b.txt"}),
    ({"doc": "003_d2b294729e46398b.txt"}, {"003_d2b294729e46398b.txt"}),
    ({"doc": "nope.txt"}, set()),
    ({"topic": "air"}, ALL_DOCS),
    ({"topic": "air", "place": "平湖市"}, PINGHU),
    ({"agency": "市交通局"}, {"001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"}),
    ({"agency": "市交通局", "role": "lead"}, {"003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"}),
    ({"agency": "市交通局", "role": "support"}, {"001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt",
                                                "004_5388e15178bf8d90.txt"}),
    ({"agency": "嘉兴市生态环境局平湖分局", "role": "lead"}, PINGHU),
    ({"agency": "市交通局", "place": "嘉兴市"}, set()),
    ({"due_before": "2024-12-31"}, {"004_5388e15178bf8d90.txt"}),
    ({"due_after": "2030-01-01"}, {"000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt"}),
    ({"due_after": "2025-01-01", "due_before": "2025-06-30"}, {"000_a96bc2db90b64911.txt",
                                                             "004_5388e15178bf8d90.txt"}),
    ({"agency": "市交通局", "due_before": "2024-12-31"}, {"004_5388e15178bf8d90.txt"}),
]


@pytest.mark.parametrize("f,docs", FILTERS, ids=["&".join(f"{k}={v}" for k, v in f.items()) for f, _ in FILTERS])
def test_measures_filters(client, every_measure, f, docs):
    body = client.get("/api/measures", params={**f, "limit": 500}).json()
    assert body["filters"] == f
    got = body["measures"]
    want = [m for m in every_measure if matches(m, f)]
    assert body["total"] == len(got) == len(want)
    assert [m["measure_id"] for m in got] == [m["measure_id"] for m in want]  # document order, both
    assert {m["doc"] for m in got} == docs


def test_due_filters_by_hand(client):
    """The three tasks of 市交通局 due by the end of 2024 (the task breakdown's 2024年 items)."""
    got = client.get("/api/measures", params={"agency": "市交通局", "due_before": "2024-12-31"}).json()["measures"]
    assert [m["measure_id"] for m in got] == ["004_5388e15178bf8d90-015", "004_5388e15178bf8d90-021",
                                              "004_5388e15178bf8d90-027"]
    assert "新能源汽车比例不低于80%" in got[0]["text"] and "烟花爆竹" in got[2]["text"]


@pytest.mark.parametrize("f,docs", [c for c in FILTERS if c[1]],
                         ids=["&".join(f"{k}={v}" for k, v in f.items()) for f, d in FILTERS if d])
def test_search_filters_keep_the_ranking_of_what_they_keep(client, f, docs):
    """A filtered search is the unfiltered ranking with the other measures taken out."""
    q = "监测"
    everything = client.get("/api/search", params={"q": q, "k": 200}).json()["hits"]
    assert 100 < len(everything) < 200  # all of them
    ids = {h["measure_id"] for h in client.get("/api/measures", params={**f, "limit": 500}).json()["measures"]}
    body = client.get("/api/search", params={"q": q, "k": 200, **f}).json()
    assert body["filters"] == f
    assert [h["measure_id"] for h in body["hits"]] == [h["measure_id"] for h in everything if h["measure_id"] in ids]
    assert {h["doc"] for h in body["hits"]} <= docs


def test_filters_without_words_list_what_they_keep(client):
    hits = client.get("/api/search", params={"doc": "003_d2b294729e46398b.txt", "k": 50}).json()["hits"]
    assert len(hits) == 10 and {h["doc"] for h in hits} == {"003_d2b294729e46398b.txt"}


def test_measures_pages(client, every_measure):
    pages = [client.get("/api/measures", params={"offset": o, "limit": 100}).json() for o in (0, 100, 200, 300)]
    assert [m["measure_id"] for p in pages for m in p["measures"]] == [m["measure_id"] for m in every_measure]
    assert all(p["total"] == len(every_measure) for p in pages)
    beyond = client.get("/api/measures", params={"offset": 1000, "limit": 10}).json()
    assert beyond["measures"] == [] and beyond["total"] == len(every_measure)


def test_measures_ranked_by_a_query(client):
    body = client.get("/api/measures", params={"q": "岸电", "limit": 2}).json()
    assert body["total"] is None and len(body["measures"]) == 2
    assert "岸电使用电量" in body["measures"][0]["text"]


def test_one_measure(client):
    body = client.get("/api/measures/004_5388e15178bf8d90-022").json()
    assert body["measure_id"] == "004_5388e15178bf8d90-022"
    assert body["lead"] == ["市交通局"] and [d["due"] for d in body["deadlines"]] == ["2025-12-31"]
    assert body["doc_title"] == "苏州市空气质量持续改善行动重点工作任务分解表"
    assert body["section"] == ["强化非道路移动源综合治理"]
    by_iri = client.get("/api/measures/" + body["iri"]).json()
    assert by_iri["measure_id"] == body["measure_id"]
    # what it carries out (001's plan) and what carries it out (the year's work points below the breakdown)
    assert body["trace"] and {p["doc"] for p in body["trace"]} == {"001_a4dc09f2c6a77e08.txt"}
    assert {c["doc"] for c in body["children"]} <= {"000_a96bc2db90b64911.txt", "002_67f8289a9b82292a.txt"}
    assert all(c["supported"] and c["share"] >= 0.4 for c in body["children"])  # what a trail shows, nothing folded
    # its trail: the document above, what was folded away there, no notice (a goal passes)
    assert [a["doc"] for a in body["ancestors"]] == ["001_a4dc09f2c6a77e08.txt"] and "notice" not in body
    assert all(f["why"] in ("thin", "weak") for f in body["folded"])


@pytest.mark.parametrize("path", ["/api/search", "/api/measures"])
def test_the_level_filter_takes_every_level(client, path):
    """The OpenAPI document lists the five levels of the scheme, township included, and says so."""
    spec = client.get("/openapi.json").json()
    level = next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "level")
    assert level["schema"]["anyOf"][0]["enum"] == ["national", "province", "city", "county", "township"]
    assert level["description"] == "national, province, city, county or township"
    assert client.get(path, params={"level": "township"}).status_code == 200  # the corpus has none: no hits
    assert client.get(path, params={"level": "town"}).json()["error"]["message"] == \
        "level must be one of national, province, city, county, township"
