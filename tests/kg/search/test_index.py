"""The search index (kg/search/index.py): rows in, rows back by document or id, changed only where they changed,
reopened only with the tokenizer it was made with, and the agencies list from the counts kept with the rows."""
from __future__ import annotations

import json

import pytest

from kg.search.index import IndexError_, MeasureIndex, agency_counts, payload
from kg.search.tokenizer import tokenizer

from ..conftest_paths import ONTOLOGY

TOK = tokenizer(str(ONTOLOGY))


def _row(doc: str, n: int, text: str, place: str = "苏州市", **more) -> dict:
    return {"id": f"{doc}#{n}", "doc": doc, "ordinal": n, "text": text, "jurisdiction": place, "places": [place],
            "lead": [], "support": [], "deadlines": [], "targets": [], **more}


A = [_row("a.txt", 1, "推进挥发性有机物综合治理", lead=["市生态环境局"], lead_agents=["urn:eco"]),
     _row("a.txt", 2, "加快淘汰国三及以下排放标准柴油货车", lead=["市交通局"], support=["市公安局", "市生态环境局"],
          support_agents=["urn:police", "urn:eco"])]
B = [_row("b.txt", 1, "开展入河排污口排查整治", place="无锡市", lead=["市水利局"])]


@pytest.fixture
def index(tmp_path):
    ix = MeasureIndex.create(tmp_path / "search", TOK)
    assert ix.sync({"a.txt": A, "b.txt": B}) == (2, 0)
    return ix


def test_rows_come_back_by_document_and_by_id(index):
    assert index.count() == 3
    assert sorted(r["id"] for r in index.rows("doc", "a.txt")) == ["a.txt#1", "a.txt#2"]
    assert index.rows("id", "b.txt#1") == [{k: v for k, v in B[0].items()}]
    assert index.rows("id", "nothing") == [] and len(index.rows()) == 3
    assert len(index.rows(limit=2)) == 2


def test_only_what_changed_is_written_again(index):
    assert index.sync({"a.txt": A, "b.txt": B}) == (0, 0)
    changed = [dict(B[0], text="开展入河排污口排查整治专项行动")]
    assert index.sync({"a.txt": A, "b.txt": changed}) == (1, 0)
    assert index.rows("doc", "b.txt")[0]["text"] == "开展入河排污口排查整治专项行动"
    assert index.sync({"a.txt": A}) == (0, 1)
    assert set(index.documents()) == {"a.txt"} and index.count() == 2


def test_a_new_build_empties_the_index_first(index):
    index.apply({"a.txt": A}, [], {"a.txt": "k"}, build="first")
    index.apply({"c.txt": [_row("c.txt", 1, "建设城市绿道")]}, [], {"c.txt": "k"}, build="second")
    assert set(index.documents()) == {"c.txt"} and index.count() == 1


def test_it_reopens_with_its_own_tokenizer_and_refuses_another(index, tmp_path):
    again = MeasureIndex.open(index.path, TOK)
    assert again.count() == 3 and again.documents() == index.documents()
    saved = json.loads((index.path / "index.json").read_text(encoding="utf-8"))
    saved["tokenizer"] = {**saved["tokenizer"], "version": -1}
    (index.path / "index.json").write_text(json.dumps(saved), encoding="utf-8")
    with pytest.raises(IndexError_, match="another tokenizer"):
        MeasureIndex.open(index.path, TOK)
    with pytest.raises(IndexError_, match="no search index"):
        MeasureIndex.open(tmp_path / "elsewhere", TOK)


def test_the_agencies_list_sums_the_counts_kept_with_the_rows(index):
    listed = {(a["name"], a["place"]): (a["lead"], a["support"], a["documents"]) for a in index.agencies()}
    assert listed == {("市生态环境局", "苏州市"): (1, 1, ["a.txt"]), ("市交通局", "苏州市"): (1, 0, ["a.txt"]),
                      ("市公安局", "苏州市"): (0, 1, ["a.txt"]), ("市水利局", "无锡市"): (1, 0, ["b.txt"])}
    assert index.agencies()[0]["name"] == "市生态环境局"  # most measures first
    assert {a["name"] for a in index.agencies("无锡市")} == {"市水利局"}
    index.sync({"a.txt": A})
    assert {a["place"] for a in index.agencies()} == {"苏州市"}  # the kept list went with the change
    assert index.known_places() == frozenset({"苏州市"})


AGENCY_COUNTS = [
    # (rows, [key, place, lead, support, names written])
    ([_row("d", 1, "x", lead=["市环保局", "市生态环境局"], lead_agents=["urn:eco", "urn:eco"])],
     [["urn:eco", "苏州市", 1, 0, {"市环保局": 1, "市生态环境局": 1}]]),  # two names of one body count it once
    ([_row("d", 1, "x", lead=["市水利局"]), _row("d", 2, "y", support=["市水利局"])],
     [["市水利局|苏州市", "苏州市", 1, 1, {"市水利局": 2}]]),  # unresolved: the name and its document's place
    ([_row("d", 1, "x", place=None, lead=["县林业局"])], [["县林业局|", None, 1, 0, {"县林业局": 1}]]),
]


@pytest.mark.parametrize("rows, counted", AGENCY_COUNTS)
def test_agency_counts(rows, counted):
    assert agency_counts(rows) == counted


def test_a_hit_carries_the_row_less_what_only_the_index_needs():
    row = _row("a.txt", 1, "推进治理", context="本节其他句子")
    assert json.loads(payload(row)) == {k: v for k, v in row.items() if k != "context"}
