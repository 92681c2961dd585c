import pytest

from kg.ids import ids_for
from kg.store import open_store
from kg.trace import MeasureNotFound, trace


@pytest.fixture(scope="module")
def store(corpus_kb):
    settings, _ = corpus_kb
    with open_store(settings.kb_dir) as s:
        yield s, ids_for(s, settings)


def test_trace_has_the_contract_shape_up_every_level(store):
    s, ids = store
    body = trace(s, ids, "002_67f8289a9b82292a.txt", "持续开展入河排污口整治")
    m = body["measure"]
    assert m["doc"] == "002_67f8289a9b82292a.txt" and "入河排污口整治" in m["text"] and m["measure_id"]
    docs = [p["doc"] for p in body["parents"]]
    # the county plan's parent (the city's annual plan) first, then the city's plans above it
    order = ["000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt", "004_5388e15178bf8d90.txt"]
    assert docs == sorted(docs, key=order.index) and docs[0] == order[0]
    assert set(docs) <= set(order)
    for doc in set(docs):
        rows = [p for p in body["parents"] if p["doc"] == doc]
        assert [p["rank"] for p in rows] == list(range(1, len(rows) + 1))
        assert all(a["score"] >= b["score"] for a, b in zip(rows, rows[1:]))
        assert all(set(p) >= {"measure_id", "doc", "text", "level", "score"} for p in rows)
    assert body["parents"][0]["level"] == "city"
    assert "排污口" in body["parents"][0]["text"]


def test_whitespace_and_script_are_ignored(store):
    s, ids = store
    a = trace(s, ids, "002_67f8289a9b82292a.txt", "持续开展 入河排污口\n整治")
    b = trace(s, ids, "002_67f8289a9b82292a.txt", "持續開展入河排污口整治")  # traditional script
    assert a["measure"]["measure_id"] == b["measure"]["measure_id"]


@pytest.mark.parametrize("doc,text", [("002_67f8289a9b82292a.txt", "没有这句话"), ("nope.txt", "整治")])
def test_not_found(store, doc, text):
    s, ids = store
    with pytest.raises(MeasureNotFound):
        trace(s, ids, doc, text)


def test_a_township_measure_up_to_its_county_and_city_goals(township_kb):
    settings, _ = township_kb
    with open_store(settings.kb_dir) as s:
        body = trace(s, ids_for(s, settings), "zz_2025.txt", "餐饮油烟")
    assert body["measure"]["measure_id"] == "zz-001"
    assert [(p["doc"], p["measure_id"], p["level"], p["distance"]) for p in body["parents"]] == [
        ("ks_2025.txt", "ks-001", "county", 1), ("sz_plan.txt", "sz-001", "city", 2)]
