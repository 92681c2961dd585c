import pytest
from rdflib import Literal, URIRef

from kg.build.graph import BuildContext, document_graph
from kg.build.validate import Validator
from kg.vocab import PKG

from ..conftest_paths import ONTOLOGY
from ..fixtures import suzhou_plan, zhouzhuang_annual

BASE = "https://example.org/kb/"
M = BASE + "doc/sz_plan.txt/m/1"


@pytest.fixture(scope="module")
def validator():
    return Validator(ONTOLOGY)


@pytest.fixture
def triples():
    return list(document_graph(suzhou_plan(), BuildContext.from_dir(ONTOLOGY, BASE)).triples)


def test_a_built_graph_conforms(validator, triples):
    report = validator.validate(triples)
    assert report.conforms and report.findings == ()


@pytest.mark.parametrize("signature", ["昆山市周庄镇人民政府", "周庄镇人民政府"], ids=["county-known", "name-alone"])
def test_a_township_document_conforms(validator, signature):
    """pkg:Township is a document level the shapes accept, and a township's place (no division code) a place."""
    report = validator.validate(document_graph(zhouzhuang_annual(signature=signature),
                                               BuildContext.from_dir(ONTOLOGY, BASE)).triples)
    assert report.conforms and report.findings == ()


def test_a_level_outside_the_scheme_is_refused(validator, triples):
    report = validator.validate(replace(triples, BASE + "doc/sz_plan.txt", PKG.level, PKG.Place))
    assert not report.conforms and [v.path for v in report.violations] == ["pkg:level"]


def replace(triples, s, p, o):
    return [t for t in triples if not (str(t[0]) == s and t[1] == p)] + ([(URIRef(s), p, o)] if o is not None else [])


@pytest.mark.parametrize("node,pred,value,rule,path", [
    (M + "/target/1", PKG.comparator, Literal("≈"), "target.concentration", "pkg:comparator"),
    (M + "/deadline/1", PKG.start, Literal(99), "deadline.by-year", "pkg:start"),  # starts after it ends
    (M + "/lead/1", PKG.rule, None, "item", "pkg:rule"),  # no rule: the measure's rule is named
    (M, PKG.text, None, "item", "pkg:text"),
])
def test_a_violation_names_the_measure_and_the_rule(validator, triples, node, pred, value, rule, path):
    report = validator.validate(replace(triples, node, pred, value))
    assert not report.conforms
    v = report.violations[0]
    assert (v.measure_id, v.doc, v.rule, v.path) == ("sz-001", "sz_plan.txt", rule, path)
    assert "measure sz-001 in sz_plan.txt" in v.line()


def test_extraction_gaps_are_warnings(validator, triples):
    report = validator.validate(replace(replace(triples, M + "/deadline/1", URIRef(
        "http://www.w3.org/2006/time#inXSDDate"), None), BASE + "doc/sz_plan.txt", PKG.level, None))
    assert report.conforms
    assert sorted(w.shape for w in report.warnings) == ["DeadlineDueShape", "DocumentShape"]
