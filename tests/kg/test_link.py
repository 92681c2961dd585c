import pytest

from kg.link import Linker, MeasureView, TargetView, bigrams, places_named
from kg.schemes import load_terms

from .conftest_paths import ONTOLOGY


def mv(i: str, text: str, heading=None, topics=("air",), targets=()) -> MeasureView:
    return MeasureView(i, i.split("#")[0], text, heading, tuple(topics), tuple(targets))


PARENTS = [
    mv("p#1", "以细颗粒物控制为主线，大力推进多污染物协同减排。"),
    mv("p#2", "加快推进港口码头岸电设施建设，提高靠港船舶岸电使用率。", topics=("transport",)),
    mv("p#3", "到2025年，非化石能源消费比重达20%左右。", topics=("energy",),
       targets=(TargetView("非化石能源消费比重", "%", 20, 2025),)),
    mv("p#4", "全面加强生态环境执法监管，严厉打击违法排污行为。", topics=("enforcement",)),
    mv("p#5", "推进生活垃圾分类工作，提升资源化利用水平。", topics=("solid-waste",)),
]


@pytest.fixture(scope="module")
def linker():
    return Linker(load_terms(ONTOLOGY / "topics.toml"), top_k=3, min_score=0.02)


@pytest.mark.parametrize("child,best,evidence", [
    ("以降低PM2.5浓度为主线，推进NOx和VOCs减排。", "p#1", "synonym"),  # PM2.5 is 细颗粒物
    ("大力提高岸电使用率。", "p#2", "ngram"),
    ("加快推进风电和集中式光伏规模化开发。", "p#3", "synonym"),  # 光伏 and 风电 are 非化石能源
    ("全市非化石能源消费占比提高到16%以上。", "p#3", "target"),
])
def test_best_parent_across_wording(linker, child, best, evidence):
    targets = (TargetView("全市非化石能源消费比重", "%", 16, 2025),) if "16%" in child else ()
    links = linker.link([mv("c#1", child, targets=targets)], PARENTS)
    assert links[0].parent == best
    assert evidence in links[0].method.split("+")
    assert [l.rank for l in links] == list(range(1, len(links) + 1))
    assert all(a.score >= b.score for a, b in zip(links, links[1:]))
    assert all(0 < l.score <= 1 for l in links)


def test_a_shared_topic_alone_is_no_link(linker):
    links = linker.link([mv("c#1", "开展专项行动。", topics=("enforcement",))], PARENTS)
    assert [l for l in links if l.parent == "p#4" and l.method == "topic"] == []


def test_links_of_a_pair_depend_on_that_pair_only(linker):
    child = [mv("c#1", "持续开展入河排污口排查整治。", topics=("water",))]
    parents = [mv("p#9", "巩固提升入河排污口排查整治工作质效。", topics=("water",))]
    assert linker.link(child, parents) == Linker(linker.terms, 3, 0.02).link(child, parents)


def test_bigrams_skip_punctuation_and_stock_verbs():
    assert bigrams("加快推进“无废城市”建设") == ["无废", "废城", "城市"]


def test_places_named_skip_county_short_names_that_are_words():
    assert places_named("加强与合作伙伴的资源共享，推进苏州、昆山市联动") == ["苏州", "昆山市"]
