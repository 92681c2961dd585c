import pytest

from kg.build.links import Linker, MeasureView, TargetView, bigrams, places_named
from kg.schemes import load_terms

from ..conftest_paths import ONTOLOGY


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


def test_a_goal_that_covers_the_measure_ranks_above_a_sentence_sharing_a_word(linker):
    parents = [mv("p#1", "（五）持续深入打好蓝天保卫战。强化点源、交通源、城市面源污染综合治理，以细颗粒物控制为主线，"
                      "大力推进挥发性有机物和氮氧化物协同减排，推进重点行业深度治理。"),
               mv("p#2", "严格合理控制煤炭消费总量。", topics=("energy",)),
               mv("p#3", "推进生活垃圾分类工作，提升资源化利用水平。", topics=("solid-waste",))]
    child = mv("c#1", "深化工业污染综合治理，推进重点行业绩效提级，强化VOCs治理。")
    links = Linker(linker.terms, top_k=3, min_score=0.01).link([child], parents)
    assert links[0].parent == "p#1" and links[0].share == 1.0 and links[0].supported
    assert all(0 < l.share <= 1 for l in links) and [l.share for l in links] == sorted((l.share for l in links), reverse=True)


@pytest.mark.parametrize("child,parent,supported,evidence", [
    # a term of the topic scheme, in each measure's own words (PM2.5 is 细颗粒物)
    ("以降低PM2.5浓度为主线，推进减排。", "以细颗粒物控制为主线，推进多污染物协同减排。", True, "细颗粒物、为主线、减排"),
    # a broader term (光伏 lies below 非化石能源) is evidence too
    ("加快推进光伏规模化开发。", "到2025年，非化石能源消费比重达20%左右。", True, "非化石能源"),
    # three content bigrams (秸秆禁烧)
    ("持续强化秸秆禁烧。", "强化秸秆禁烧工作，运用铁塔天眼等手段。", True, "秸秆禁烧"),
    # one ordinary word is not (垃圾), nor the words every plan writes (机制, 常态化)
    ("加强海洋岸滩垃圾清理，形成常态化清理机制。", "完善建筑垃圾长效管理机制，提升建筑垃圾治理和资源化利用能力。", False, "垃圾"),
])
def test_support_and_evidence(linker, child, parent, supported, evidence):
    lk = Linker(linker.terms, top_k=3, min_score=0.0)
    links = lk.link([mv("c#1", child, topics=())], [mv("p#1", parent, topics=())])
    assert [(l.supported, l.evidence) for l in links] == [(supported, evidence)]


def test_a_preamble_is_never_linked(linker):
    parents = [mv("p#1", "各县级市（区）人民政府，苏州工业园区、苏州高新区管委会：", topics=()),
               mv("p#2", "以习近平新时代中国特色社会主义思想为指导，推进美丽苏州建设，深入打好污染防治攻坚战。", topics=()),
               mv("p#3", "深入打好污染防治攻坚战，推进美丽苏州建设。", topics=())]
    links = Linker(linker.terms, top_k=3, min_score=0.0).link([mv("c#1", "深入打好污染防治攻坚战。", topics=())], parents)
    assert [l.parent for l in links] == ["p#3"]
