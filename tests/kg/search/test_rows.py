"""Rows from the store are the rows of the extracted records: the index follows the store and must answer the same."""
from __future__ import annotations

import pytest

from extract import extract_file
from kg.search.rows import Row, rows_from_store, rows_of
from kg.store import open_store

from ..conftest_paths import CORPUS

SAME = ("text", "text_norm", "heading", "headings", "lead", "support", "deadlines", "targets", "start", "end",
        "context", "title_only", "measure_id")


@pytest.fixture(scope="module")
def from_store(corpus_kb):
    settings, _ = corpus_kb
    with open_store(settings.kb_dir) as store:
        return rows_from_store(store)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_rows_from_the_store_are_the_extracted_rows(from_store, resources, path):
    extracted = rows_of(extract_file(path, resources))
    stored = from_store[path.name]
    declared = set(Row.__annotations__)
    assert all(set(r) <= declared for r in [*extracted, *stored]), "a row field Row does not declare"
    assert [r["measure_id"] for r in stored] == [r["measure_id"] for r in extracted]
    for a, b in zip(extracted, stored):
        assert {k: a[k] for k in SAME} == {k: b[k] for k in SAME}
        assert sorted(a["topics"]) == b["topics"]


def test_agencies_keep_the_order_the_text_names_them(from_store):
    """市工信局、市交通局、市公安局… 按职责分工负责: the first named stays first (it was sorted by name)."""
    row = next(r for r in from_store["004_5388e15178bf8d90.txt"] if r["measure_id"] == "004_5388e15178bf8d90-015")
    assert row["lead"] == ["市工信局", "市交通局", "市公安局", "市城管局", "市生态环境局", "市市场监管局", "市邮政管理局"]
    row = next(r for r in from_store["003_d2b294729e46398b.txt"] if "长江十年禁渔" in r["text"])
    assert row["lead"] == ["市发改委", "市生态环境局", "市农业农村局"]
    assert row["support"] == ["市交通局", "市水务局", "张家港市政府", "常熟市政府", "太仓市政府"]


def test_a_township_documents_rows_carry_its_level_and_places(township_kb):
    settings, _ = township_kb
    with open_store(settings.kb_dir) as store:
        rows = rows_from_store(store)
    assert [{k: r[k] for k in ("level", "jurisdiction", "places")} for r in rows["zz_2025.txt"]] == [
        {"level": "township", "jurisdiction": "周庄镇", "places": ["周庄镇", "昆山市", "苏州市", "江苏省", "全国"]}]
    assert [r["level"] for r in rows["ks_2025.txt"]] == ["county"]
