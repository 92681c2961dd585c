import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS

from kg.build.graph import BuildContext, document_graph, link_graph
from kg.build.links import Link
from kg.vocab import ELI, PKG, PROV

from ..conftest_paths import DATA, ONTOLOGY
from ..fixtures import kunshan_annual, suzhou_plan, zhouzhuang_annual

BASE = "https://example.org/kb/"


def ctx() -> BuildContext:
    return BuildContext.from_dir(ONTOLOGY, BASE)


def graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_document_graph_is_the_expected_graph():
    got = graph(document_graph(suzhou_plan(), ctx()).triples)
    want = Graph().parse(DATA / "suzhou_plan.ttl")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError(f"only built:\n{only_got.serialize(format='nt')}\nonly expected:\n{only_want.serialize(format='nt')}")


def test_rebuilding_gives_the_same_iris_and_graph():
    a = document_graph(suzhou_plan(), ctx())
    b = document_graph(suzhou_plan(), ctx())
    assert a.triples == b.triples  # same IRIs, same order


def test_base_iri_is_a_setting():
    g = graph(document_graph(suzhou_plan(), BuildContext.from_dir(ONTOLOGY, "http://other.example/")).triples)
    assert (URIRef("http://other.example/doc/sz_plan.txt"), PKG.fileName, Literal("sz_plan.txt")) in g


def test_every_value_points_to_its_document_span_and_rule():
    doc = suzhou_plan()
    g = graph(document_graph(doc, ctx()).triples)
    m = URIRef(BASE + "doc/sz_plan.txt/m/1")
    assert g.value(m, ELI.is_part_of) == URIRef(BASE + "doc/sz_plan.txt")
    for node in [m, *g.objects(m, PROV.qualifiedAssociation), *g.objects(m, PKG.deadline), *g.objects(m, PKG.target)]:
        start, end = int(g.value(node, PKG.start)), int(g.value(node, PKG.end))
        assert g.value(node, PKG.rule) is not None
        surface = g.value(node, PKG.surface) or g.value(node, PKG.phrase) or g.value(node, PKG.text)
        assert doc.text[start:end] == str(surface)


def test_one_body_under_its_aliases_and_two_places_two_bodies():
    ks = kunshan_annual([("加强细颗粒物治理。", "苏州市生态环境局"), ("推进VOCs治理。", "市生态环境局")])
    g = graph(document_graph(ks, ctx()).triples)
    leads = {g.value(URIRef(BASE + f"doc/ks_2025.txt/m/{n}"), PKG.lead) for n in (1, 2)}
    # in 昆山 (a county-level city), 市生态环境局 is its own bureau; 苏州市生态环境局 is the city's
    assert leads == {URIRef(BASE + "agency/320500/ecology-environment"), URIRef(BASE + "agency/320583/ecology-environment")}


def test_link_graph():
    links = [Link(BASE + "doc/ks_2025.txt/m/1", BASE + "doc/sz_plan.txt/m/1", 0.8123, "ngram+synonym", 1, 1.0, True,
                  "细颗粒物、大气污染")]
    g = graph(link_graph(ctx().ids, "ks_2025.txt", "sz_plan.txt", 1, "inferred", 0.61, links))
    want = Graph().parse(data=f"""
        @prefix pkg: <https://w3id.org/policykg/ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix : <{BASE}> .
        <{BASE}doc/ks_2025.txt> eli:applies <{BASE}doc/sz_plan.txt> ;
            prov:qualifiedDerivation <{ctx().ids.link(URIRef(BASE + 'doc/ks_2025.txt'), URIRef(BASE + 'doc/sz_plan.txt'))}> .
        <{ctx().ids.link(URIRef(BASE + 'doc/ks_2025.txt'), URIRef(BASE + 'doc/sz_plan.txt'))}> a pkg:HierarchyLink ;
            prov:entity <{BASE}doc/sz_plan.txt> ; pkg:method "inferred" ; pkg:score 0.61 ; pkg:distance 1 .
        <{BASE}doc/ks_2025.txt/m/1> prov:wasDerivedFrom <{BASE}doc/sz_plan.txt/m/1> ;
            prov:qualifiedDerivation <{ctx().ids.link(URIRef(links[0].child), URIRef(links[0].parent))}> .
        <{ctx().ids.link(URIRef(links[0].child), URIRef(links[0].parent))}> a pkg:AuditLink ;
            prov:entity <{BASE}doc/sz_plan.txt/m/1> ; pkg:score 0.8123 ; pkg:method "ngram+synonym" ; pkg:rank 1 ;
            pkg:share 1.0 ; pkg:supported true ; pkg:evidence "细颗粒物、大气污染" ; pkg:linkKind pkg:carriesOut .
    """, format="turtle")
    assert isomorphic(g, want)


def test_progress_report_rows_report_on_tasks():
    links = [Link(BASE + "doc/r.txt/m/1", BASE + "doc/sz_plan.txt/m/1", 0.5, "ngram", 1)]
    g = graph(link_graph(ctx().ids, "r.txt", "sz_plan.txt", 1, "inferred", 0.7, links, relation="reportsOn"))
    child, parent = URIRef(links[0].child), URIRef(links[0].parent)
    assert (child, PKG.reportsOn, parent) in g
    assert (child, PROV.wasDerivedFrom, parent) not in g  # a report does not carry the task out
    link = g.value(child, PROV.qualifiedDerivation)
    assert g.value(link, PKG.linkKind) == PKG.reportsOn


ZHOUZHUANG = "%E5%91%A8%E5%BA%84%E9%95%87"  # 周庄镇 in an IRI


@pytest.mark.parametrize("jurisdiction,signature,place,within", [
    ("周庄镇", "昆山市周庄镇人民政府", f"place/320583/{ZHOUZHUANG}", "place/320583"),  # the text writes its county
    ("昆山市周庄镇", "", f"place/320583/{ZHOUZHUANG}", "place/320583"),  # the jurisdiction (a manifest's) does
    ("周庄镇", "周庄镇人民政府", f"place/{ZHOUZHUANG}", None),  # nothing does: the name alone
])
def test_a_township_document_and_its_place(jurisdiction, signature, place, within):
    g = graph(document_graph(zhouzhuang_annual(jurisdiction, signature), ctx()).triples)
    d, p = URIRef(BASE + "doc/zz_2025.txt"), URIRef(BASE + place)
    got = Graph()
    for t in [*g.triples((d, PKG.level, None)), *g.triples((d, DCTERMS.spatial, None)), *g.triples((p, None, None))]:
        got.add(t)
    want = Graph().parse(format="turtle", data=f"""
        @prefix pkg: <https://w3id.org/policykg/ns#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{d}> pkg:level pkg:Township ; dcterms:spatial <{p}> .
        <{p}> a pkg:Place ; skos:prefLabel "周庄镇"@zh ; pkg:level pkg:Township
            {f"; pkg:within <{BASE}{within}>" if within else ""} .""")
    assert isomorphic(got, want), got.serialize(format="turtle")
    if within:  # the county and what it lies in are places of the graph as for any document
        assert g.value(URIRef(BASE + within), PKG.adcode) == Literal("320583")
        assert g.value(URIRef(BASE + within), PKG.within) == URIRef(BASE + "place/320500")
