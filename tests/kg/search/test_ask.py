"""Answering questions (kg/search/ask.py): ranking measures for what a question asks, one row of the table per
thing a measure can show. In every case the second row carries what the question asks for and the first does not;
their words score alike, so without that the first (document order) would come first."""
from __future__ import annotations

import pytest

from extract.registry import load_registry
from kg.search.ask import Context, rerank, same_agency
from kg.search.index import Hit
from kg.search.question import read_question

from ..conftest_paths import ONTOLOGY

REGISTRY = load_registry(ONTOLOGY / "agencies.toml")


def _row(i: str, text: str, **more) -> dict:
    return {"id": i, "doc": "d.txt", "ordinal": int(i), "text": text, "lead": [], "support": [], "deadlines": [],
            "targets": [], **more}


def _order(q: str, rows: list[dict], ctx: Context) -> list[str]:
    question = read_question(q, REGISTRY)
    return [h.row["id"] for _, h in rerank(question, [Hit(1.0, r) for r in rows], ctx)]


VOCS = "推进挥发性有机物综合治理"
PM = "细颗粒物平均浓度达到{}微克/立方米"
RERANK = [
    # (what the second row shows, question, first row, second row, context)
    ("a deadline, for when", "VOCs综合治理什么时候完成",
     _row("1", VOCS), _row("2", VOCS, deadlines=[{"text": "2025年底前", "due": "2025-12-31"}]), None),
    ("a lead, for who", "谁牵头VOCs综合治理",
     _row("1", VOCS), _row("2", VOCS, lead=["市生态环境局"]), None),
    ("a lead its own text names", "谁牵头VOCs综合治理",
     _row("1", VOCS, lead=["市生态环境局"]), _row("2", "市生态环境局" + VOCS, lead=["市生态环境局"]), None),
    ("the kind of body asked for (哪个局)", "哪个局牵头VOCs综合治理",
     _row("1", VOCS, lead=["市政府办公室"]), _row("2", VOCS, lead=["市生态环境局"]), None),
    ("supporting agencies, for who supports", "VOCs综合治理配合单位有哪些",
     _row("1", VOCS), _row("2", VOCS, support=["市交通局"]), None),
    ("the figure the question quotes, in its text", "细颗粒物浓度28微克",
     _row("1", PM.format(30)), _row("2", PM.format(28)), None),
    ("the figure the question quotes, as its target", "细颗粒物浓度要达到28吗",
     _row("1", PM.format(28)), _row("2", PM.format(28), targets=[{"value": 28, "unit": "微克/立方米"}]), None),
    ("a target, for how much", "细颗粒物浓度目标是多少",
     _row("1", PM.format("较低水平")), _row("2", PM.format("较低水平"), targets=[{"value": 30}]), None),
    ("a plan's target before a report's figure", "细颗粒物浓度目标是多少",
     _row("1", PM.format(30), targets=[{"value": 30}], kind="progress-report"),
     _row("2", PM.format(30), targets=[{"value": 30}], kind="plan"), None),
    ("the year asked about", "2025年VOCs综合治理谁牵头",
     _row("1", VOCS, plan_year=2024), _row("2", VOCS, plan_year=2025), None),
    ("the level asked about (全省)", "全省VOCs综合治理谁牵头",
     _row("1", VOCS, level="city"), _row("2", VOCS, level="province"), None),
    ("a place named that no document is of", "平南优良天数比率要求",
     _row("1", "桂平市的环境空气质量优良天数比率不低于93.5%"), _row("2", "平南县的环境空气质量优良天数比率不低于94%"),
     Context(places=("平南",))),
    ("a place named among its agencies", "张家港长江禁渔谁配合",
     _row("1", "推动长江保护修复，加强通江河道治理", support=["市水务局"]),
     _row("2", "实施好长江十年禁渔", support=["市交通局", "张家港市政府"]), Context(places=("张家港",))),
    ("the place named, before the places within it", "湖南利剑行动进展怎么样",
     _row("1", "开展入河排污口排查整治专项行动", jurisdiction="永州市"),
     _row("2", "持续开展利剑行动，排查风险隐患", jurisdiction="湖南省"), Context(own="湖南省")),
    ("the place the knowledge base speaks from, when none is asked", "VOCs综合治理谁牵头",
     _row("1", VOCS, jurisdiction="无锡市"), _row("2", VOCS, jurisdiction="苏州市"), Context(home="苏州市")),
    ("the agency the question names", "市交通局VOCs综合治理",
     _row("1", VOCS, lead_agents=["urn:a:1"]), _row("2", VOCS, lead_agents=["urn:a:2"]), Context(agents=["urn:a:2"])),
    ("the document the question names", "VOCs综合治理谁牵头",
     _row("1", VOCS), _row("2", VOCS, doc="e.txt"), Context(titles={"e.txt": 2.0})),
    ("a sentence, not an item's title", "VOCs综合治理谁牵头",
     _row("1", VOCS, title_only=True), _row("2", VOCS), None),
]


@pytest.mark.parametrize("shows, q, first, second, ctx", RERANK, ids=[c[0] for c in RERANK])
def test_a_measure_showing_what_is_asked_comes_first(shows, q, first, second, ctx):
    assert _order(q, [first, second], ctx or Context()) == ["2", "1"]
    if ctx is not None:  # the context alone decides: without it, document order
        assert _order(q, [first, second], Context()) == ["1", "2"]


SAME_AGENCY = [
    ("环保局", "区环保局", True),  # the one ends the other
    ("环保局", "区生态环境局", True),  # one function of the registry
    ("市交通局", "市生态环境局", False),
    ("交通局", "交通运输局", True),
]


@pytest.mark.parametrize("asked, written, same", SAME_AGENCY)
def test_same_agency_by_its_words(asked, written, same):
    assert same_agency(asked, written, REGISTRY) is same
