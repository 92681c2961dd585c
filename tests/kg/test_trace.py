import json

import pytest

from kg.ids import ids_for
from kg.store import open_store
from kg.trace import NO_GOAL, MeasureNotFound, trace

PINGHU = "002_67f8289a9b82292a.txt"  # 平湖 (嘉兴, 浙江): under 苏州's work points because the manifest says so
WORK_POINTS, PLAN, AIR = "000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt", "004_5388e15178bf8d90.txt"


@pytest.fixture(scope="module")
def store(corpus_kb):
    settings, _ = corpus_kb
    with open_store(settings.kb_dir) as s:
        yield s, ids_for(s, settings)


def _nulls(value) -> list:
    if value is None:
        return [None]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _nulls(v)]
    if isinstance(value, list):
        return [n for v in value for n in _nulls(v)]
    return []


def test_trace_has_the_contract_shape_up_every_level(store):
    s, ids = store
    body = trace(s, ids, PINGHU, "持续开展入河排污口整治")
    assert list(body)[0] == "measure"  # the traced measure first
    m = body["measure"]
    assert m["doc"] == PINGHU and "入河排污口整治" in m["text"] and m["measure_id"]
    docs = [p["doc"] for p in body["parents"]]
    # the county plan's parent (the city's annual plan) first, then the city's plans above it
    order = [WORK_POINTS, PLAN, AIR]
    assert docs == sorted(docs, key=order.index) and docs[0] == WORK_POINTS
    for doc in set(docs):
        rows = [p for p in body["parents"] if p["doc"] == doc]
        assert [p["rank"] for p in rows] == sorted(p["rank"] for p in rows)
        assert all(a["score"] >= b["score"] for a, b in zip(rows, rows[1:]))
        assert all(set(p) >= {"measure_id", "doc", "text", "level", "score", "share", "evidence"} for p in rows)
        assert all(p["supported"] and p["share"] >= 0.4 for p in rows)
    assert body["parents"][0]["level"] == "city"
    assert "排污口" in body["parents"][0]["text"] and "入河排污口" in body["parents"][0]["evidence"]
    assert [(a["doc"], a["distance"], a["via"]) for a in body["ancestors"]] == [
        (WORK_POINTS, 1, "manifest"), (PLAN, 2, "closure"), (AIR, 2, "closure")]


@pytest.mark.parametrize("doc,text,shown,notes,notice", [
    # a sea-beach task of 平湖: no goal of 苏州's matches, and the trail says so instead of listing noise
    (PINGHU, "加强海洋岸滩垃圾清理", [], [WORK_POINTS, PLAN, AIR], NO_GOAL),
    # the work points' 强化秸秆禁烧: the plan's nearest measure shares only 垃圾 and is folded away; the air
    # plan's breakdown holds the goal
    (WORK_POINTS, "强化秸秆禁烧", [(AIR, "004_5388e15178bf8d90-026")], [PLAN], None),
])
def test_what_no_goal_carries_out_is_said(store, doc, text, shown, notes, notice):
    s, ids = store
    body = trace(s, ids, doc, text)
    assert [(p["doc"], p["measure_id"]) for p in body["parents"]] == shown
    assert [a["doc"] for a in body["ancestors"] if a.get("note") == NO_GOAL] == notes
    assert body.get("notice") == notice
    assert all(f["why"] in ("thin", "weak") for f in body["folded"])
    assert all(a["folded"] == sum(1 for f in body["folded"] if f["doc"] == a["doc"]) for a in body["ancestors"])
    assert _nulls(body) == [] and "null" not in json.dumps(body, ensure_ascii=False)


def test_the_weak_link_is_folded_as_thin(store):
    s, ids = store
    body = trace(s, ids, WORK_POINTS, "强化秸秆禁烧")
    thin = [f for f in body["folded"] if f["doc"] == PLAN]
    assert thin and all(f["why"] == "thin" and not f["supported"] for f in thin)
    assert thin[0]["evidence"] == "垃圾"  # 完善建筑垃圾长效管理机制…: one ordinary word in common


def test_a_parent_in_another_province_is_flagged_as_unusual(store):
    s, ids = store
    body = trace(s, ids, PINGHU, "持续开展入河排污口整治")
    assert {a["doc"]: a.get("unusual") for a in body["ancestors"]} == {
        doc: "上级文件属苏州市（江苏省），本文件属平湖市（浙江省嘉兴市）：上级文件所在地不包含本文件所在地，请核对清单或引用"
        for doc in (WORK_POINTS, PLAN, AIR)}
    body = trace(s, ids, WORK_POINTS, "强化秸秆禁烧")  # 苏州 under 苏州: nothing unusual
    assert [a.get("unusual") for a in body["ancestors"]] == [None, None]


def test_whitespace_and_script_are_ignored(store):
    s, ids = store
    a = trace(s, ids, PINGHU, "持续开展 入河排污口\n整治")
    b = trace(s, ids, PINGHU, "持續開展入河排污口整治")  # traditional script
    assert a["measure"]["measure_id"] == b["measure"]["measure_id"]


@pytest.mark.parametrize("doc,text", [(PINGHU, "没有这句话"), ("nope.txt", "整治")])
def test_not_found(store, doc, text):
    s, ids = store
    with pytest.raises(MeasureNotFound):
        trace(s, ids, doc, text)


def test_a_document_without_parents(store):
    s, ids = store
    body = trace(s, ids, PLAN, "生物多样性保护")
    assert body["parents"] == [] and body["ancestors"] == [] and body["notice"] == "知识库中没有这份文件的上级文件"


def test_a_township_measure_up_to_its_county_and_city_goals(township_kb):
    settings, _ = township_kb
    with open_store(settings.kb_dir) as s:
        body = trace(s, ids_for(s, settings), "zz_2025.txt", "餐饮油烟")
    assert body["measure"]["measure_id"] == "zz-001"
    assert [(p["doc"], p["measure_id"], p["level"], p["distance"]) for p in body["parents"]] == [
        ("ks_2025.txt", "ks-001", "county", 1), ("sz_plan.txt", "sz-001", "city", 2)]
