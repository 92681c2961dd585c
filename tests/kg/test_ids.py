import pytest
from rdflib import URIRef

from kg.ids import Ids, measure_of

IDS = Ids("https://example.org/kb")


@pytest.mark.parametrize("iri,expected", [
    (IDS.document("000_a96bc2db90b64911.txt"), "https://example.org/kb/doc/000_a96bc2db90b64911.txt"),
    (IDS.document("苏州 方案.pdf"), "https://example.org/kb/doc/%E8%8B%8F%E5%B7%9E%20%E6%96%B9%E6%A1%88.pdf"),
    (IDS.measure("a.txt", 7), "https://example.org/kb/doc/a.txt/m/7"),
    (IDS.association(IDS.measure("a.txt", 7), "lead", 1), "https://example.org/kb/doc/a.txt/m/7/lead/1"),
    (IDS.deadline(IDS.measure("a.txt", 7), 2), "https://example.org/kb/doc/a.txt/m/7/deadline/2"),
    (IDS.target(IDS.measure("a.txt", 7), 1), "https://example.org/kb/doc/a.txt/m/7/target/1"),
    (IDS.place("320500"), "https://example.org/kb/place/320500"),
    (IDS.place(None), "https://example.org/kb/place/cn"),
    (IDS.township("周庄镇", "320583"), "https://example.org/kb/place/320583/%E5%91%A8%E5%BA%84%E9%95%87"),
    (IDS.township("周庄镇"), "https://example.org/kb/place/%E5%91%A8%E5%BA%84%E9%95%87"),  # its county unknown
    (IDS.agency("320500", "ecology-environment"), "https://example.org/kb/agency/320500/ecology-environment"),
    (IDS.government("320500"), "https://example.org/kb/agency/320500/government"),
    (IDS.government(None), "https://example.org/kb/agency/national/state-council"),
    (IDS.national_agency("ndrc"), "https://example.org/kb/agency/national/ndrc"),
    (IDS.doc_graph("a.txt"), "https://example.org/kb/graph/doc/a.txt"),
    (IDS.link_graph("a.txt", "b.txt"), "https://example.org/kb/graph/link/a.txt/b.txt"),
])
def test_iris(iri, expected):
    assert iri == URIRef(expected)


def test_minting_is_stable_and_distinct():
    a1 = IDS.local_agency("320500", "苏州海关")
    assert a1 == Ids("https://example.org/kb/").local_agency("320500", "苏州海关")
    assert a1 != IDS.local_agency("410100", "苏州海关")
    assert IDS.document_agency("a.txt", "某单位") != IDS.document_agency("b.txt", "某单位")
    assert IDS.link(URIRef("x:1"), URIRef("x:2")) != IDS.link(URIRef("x:2"), URIRef("x:1"))


@pytest.mark.parametrize("name", ["000_a96bc2db90b64911.txt", "苏州 方案.pdf", "a/b.txt".replace("/", "_")])
def test_names_read_back(name):
    assert IDS.doc_name(IDS.document(name)) == name
    assert IDS.doc_name(IDS.doc_graph(name)) == name
    assert IDS.doc_name(IDS.measure(name, 3)) == name
    assert IDS.link_graph_names(IDS.link_graph(name, "p.txt")) == (name, "p.txt")


@pytest.mark.parametrize("iri,measure", [
    ("https://example.org/kb/doc/a.txt/m/7", "https://example.org/kb/doc/a.txt/m/7"),
    ("https://example.org/kb/doc/a.txt/m/7/lead/1", "https://example.org/kb/doc/a.txt/m/7"),
    ("https://example.org/kb/doc/a.txt/m/12/target/3", "https://example.org/kb/doc/a.txt/m/12"),
    ("https://example.org/kb/doc/a.txt", None),
    ("https://example.org/kb/agency/320500/government", None),
])
def test_measure_of(iri, measure):
    assert measure_of(iri) == measure
