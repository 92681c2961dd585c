"""The graph view's subgraph: which node a key names, what lies within reach, each document's tier."""
import pytest

from kg.export.graph_index import GraphIndex
from kg.neighbourhood import AmbiguousNode, NodeNotFound, neighbourhood, resolve, tiers
from kg.store import open_store

B = "https://example.org/kb/"


@pytest.fixture(scope="module")
def store(small_kb):
    settings, _ = small_kb
    with open_store(settings.kb_dir) as s:
        yield s


@pytest.fixture(scope="module")
def graph(store, tmp_path_factory):
    """The graph index of the two-document knowledge base."""
    index = GraphIndex(tmp_path_factory.mktemp("graph") / "graph.sqlite")
    index.refresh(store)
    yield index
    index.close()


@pytest.mark.parametrize("key,place,iri", [
    (B + "doc/sz_plan.txt/m/1", None, B + "doc/sz_plan.txt/m/1"),          # an IRI
    ("sz-001", None, B + "doc/sz_plan.txt/m/1"),                            # a measure id
    ("ks_2025.txt", None, B + "doc/ks_2025.txt"),                           # a file name
    ("市生态环境局", "苏州市", B + "agency/320500/ecology-environment"),     # a name as documents write it
    ("市生态环境局", "昆山市", B + "agency/320583/ecology-environment"),
    ("市发改委", None, B + "agency/320500/development-reform"),             # one place only: no place needed
    ("昆山市生态环境局", None, B + "agency/320583/ecology-environment"),     # a label
    ("大气", None, "https://w3id.org/policykg/topic/air"),
])
def test_resolve(store, graph, key, place, iri):
    assert resolve(graph, key, place) == iri


def test_a_name_two_places_share_needs_a_place(store, graph):
    with pytest.raises(AmbiguousNode, match="昆山市、苏州市"):
        resolve(graph, "市生态环境局")


def test_an_unknown_key_is_not_found(store, graph):
    with pytest.raises(NodeNotFound):
        resolve(graph, "市不存在局")


def test_measure_neighbourhood(store, graph):
    center, sub = neighbourhood(graph, "sz-001", 1)
    assert center == B + "doc/sz_plan.txt/m/1"
    assert {(a["type"], a["label"][:8]) for _, a in sub.nodes(data=True)} == {
        ("Measure", "到2025年，全"), ("Measure", "持续推进细颗粒物"), ("Document", "苏州市空气质量改"),
        ("Agency", "苏州市生态环境局"), ("Agency", "苏州市发改委"), ("Deadline", "到2025年"),
        ("Target", "全市PM2.5平"), ("Topic", "大气")}
    assert sorted(a["relation"] for _, _, a in sub.edges(data=True)) == [
        "ABOUT", "ABOUT", "CARRIES_OUT", "HAS_DEADLINE", "HAS_TARGET", "LEAD", "PART_OF", "SUPPORT"]


def test_depth_two_reaches_further(store, graph):
    _, one = neighbourhood(graph, "ks_2025.txt", 1)
    _, two = neighbourhood(graph, "ks_2025.txt", 2)
    assert set(one) < set(two)
    assert B + "doc/sz_plan.txt/m/1" in two and B + "doc/sz_plan.txt/m/1" not in one


def test_tiers_follow_the_plan_hierarchy(graph):
    every = [n for (n,) in graph.query("SELECT id FROM nodes")]
    assert tiers(graph, every) == {B + "doc/sz_plan.txt": 0, B + "doc/sz_plan.txt/m/1": 0,
                            B + "doc/ks_2025.txt": 1, B + "doc/ks_2025.txt/m/1": 1, B + "doc/ks_2025.txt/m/2": 1}


def test_the_subgraph_carries_tiers(store, graph):
    _, sub = neighbourhood(graph, "sz-001", 1)
    assert sub.nodes[B + "doc/ks_2025.txt/m/1"]["tier"] == 1 and sub.nodes[B + "doc/sz_plan.txt"]["tier"] == 0


@pytest.mark.parametrize("depth", [0, 4])
def test_depth_is_bounded(store, graph, depth):
    with pytest.raises(ValueError):
        neighbourhood(graph, "sz-001", depth)
