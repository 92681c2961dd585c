"""Ranking measures for what a question asks: rows of equal words, told apart by what the question says."""
from __future__ import annotations

from extract.registry import load_registry
from kg.search.ask import Context, rerank
from kg.search.index import Hit
from kg.search.question import read_question

from ..conftest_paths import ONTOLOGY


def _row(i: str, text: str, **more) -> dict:
    return {"id": i, "doc": "d.txt", "ordinal": int(i), "text": text, "lead": [], "support": [], "deadlines": [],
            "targets": [], **more}


def _order(q: str, rows: list[dict], ctx: Context) -> list[str]:
    question = read_question(q, load_registry(ONTOLOGY / "agencies.toml"))
    return [h.row["id"] for _, h in rerank(question, [Hit(1.0, r) for r in rows], ctx)]


def test_a_measure_naming_a_place_asked_about_comes_first():
    # 贵港's plan sets a figure for each county; the question names 平南, of which no document is
    rows = [_row("1", "桂平市的环境空气质量优良天数比率不低于93.5%"), _row("2", "平南县的环境空气质量优良天数比率不低于94%")]
    assert _order("平南优良天数比率要求", rows, Context(places=("平南",))) == ["2", "1"]
    assert _order("平南优良天数比率要求", rows, Context()) == ["1", "2"]  # by document order, nothing told apart


def test_a_place_named_in_a_measures_agencies_counts_as_said():
    rows = [_row("1", "推动长江保护修复，加强通江河道治理", support=["市水务局"]),
            _row("2", "实施好长江十年禁渔", support=["市交通局", "张家港市政府"])]
    assert _order("张家港长江禁渔谁配合", rows, Context(places=("张家港",))) == ["2", "1"]
    assert _order("张家港长江禁渔谁配合", rows, Context()) == ["1", "2"]


def test_the_place_named_speaks_for_itself_before_the_places_within_it():
    rows = [_row("1", "开展入河排污口排查整治专项行动", jurisdiction="永州市"),
            _row("2", "持续开展利剑行动，排查风险隐患", jurisdiction="湖南省")]
    assert _order("湖南利剑行动进展怎么样", rows, Context(own="湖南省")) == ["2", "1"]
    assert _order("湖南利剑行动进展怎么样", rows, Context()) == ["1", "2"]
