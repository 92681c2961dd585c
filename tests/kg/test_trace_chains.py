"""Trails down chains of another field with no manifest (tests/kg/data/chains, see its SOURCES.md).

The bundled environment corpus and two 政务公开 chains (national → province → city / county, 2016 and
2017) plus a 营商环境 document are built together; the hierarchy is inferred from the texts alone and
each trail of ``trace.jsonl`` must find its goal first, as ``../shared/eval/score.py trace`` counts it.
"""
import json
import re

import pytest

from kg.ids import ids_for
from kg.store import open_store
from kg.trace import NO_GOAL, trace

from .conftest import kb_settings
from .conftest_paths import CORPUS, DATA

CHAINS = DATA / "chains"


@pytest.fixture(scope="module")
def chains_kb(tmp_path_factory):
    from kg.build.ops import build, summary

    settings = kb_settings(tmp_path_factory.mktemp("chains") / "kb", validate=False)
    build([CORPUS, CHAINS / "docs"], settings)
    return settings, summary(settings)


def test_the_hierarchy_is_read_from_the_texts(chains_kb):
    _, body = chains_kb
    edges = {(e["child"], e["parent"], e["method"]) for e in body["hierarchy"] if not e["child"][0].isdigit()}
    assert edges == {
        # 2017: the province cites the national notice by title (not 2016's, not 黑龙江's); 潍坊 lies in 山东;
        # 定陶 cites 山东's number (its city's plan is not held); 四川 is another province under the same notice
        ("zw17_shandong_yaodian.txt", "zw17_guoban_yaodian.txt", "citation"),
        ("zw17_sichuan_yaodian.txt", "zw17_guoban_yaodian.txt", "citation"),
        ("zw17_weifang_fangan.txt", "zw17_shandong_yaodian.txt", "inferred"),
        ("zw17_dingtao_yaodian.txt", "zw17_shandong_yaodian.txt", "citation"),
        # 2016: the national repost opens with its number only; 顺义 is a district of 北京 (北京市顺义区)
        ("zw16_beijing_yaodian.txt", "zw16_guoban_yaodian.txt", "citation"),
        ("zw16_heilongjiang_yaodian.txt", "zw16_guoban_yaodian.txt", "citation"),
        ("zw16_shunyi_yaodian.txt", "zw16_beijing_yaodian.txt", "inferred"),
    }  # 西安's division of 陕西's work points has no parent here: neither 陕西's nor a national one is held


def _squash(text):
    return re.sub(r"\s+", "", text or "")


def _trails():
    return [json.loads(line) for line in (CHAINS / "trace.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("item", _trails(), ids=lambda item: item["id"])
def test_each_trail_finds_its_goal_first(chains_kb, item):
    settings, _ = chains_kb
    with open_store(settings.kb_dir) as s:
        body = trace(s, ids_for(s, settings), item["from"]["doc"], item["from"]["anchor"])
    first = {}
    for p in body["parents"]:
        first.setdefault(p["doc"], p)
    assert any(_squash(t["anchor"]) in _squash(first[t["doc"]]["text"]) for t in item["to_any"] if t["doc"] in first)


@pytest.mark.parametrize("doc,text", [
    ("zw16_shunyi_yaodian.txt", "做好承接北京市核心区产业"),  # 京津冀 relocation: 北京's and the nation's work points say nothing of it
    ("ys22_xian_fengong.txt", "全面准确依法编制市、区(县)行政许可事项清单"),  # no document above it is held
])
def test_what_no_goal_above_carries_out(chains_kb, doc, text):
    settings, _ = chains_kb
    with open_store(settings.kb_dir) as s:
        body = trace(s, ids_for(s, settings), doc, text)
    assert body["parents"] == [] and body["notice"] in (NO_GOAL, "知识库中没有这份文件的上级文件")


def test_no_preamble_is_a_goal(chains_kb):
    """The addressee lines, the notices that transmit the plans and their 总体要求 are never a parent."""
    settings, _ = chains_kb
    with open_store(settings.kb_dir) as s:
        ids = ids_for(s, settings)
        texts = [trace(s, ids, t["from"]["doc"], t["from"]["anchor"]) for t in _trails()]
    parents = {_squash(p["text"]) for body in texts for p in body["parents"]}
    assert not [t for t in parents if re.search(r"总体要求|總體要求|印发给你们|印發給你們|[:：]$", t)]
