from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.vocab import ELI, PKG, PKG_IRI, SCHEMA, TIME

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


@pytest.fixture(scope="module")
def policy() -> Graph:
    return Graph().parse(ONTOLOGY / "policy.ttl")


def test_closed_namespace_matches_policy_ttl(policy):
    defined = {str(s) for s in policy.subjects() if str(s).startswith(PKG_IRI)}
    in_code = {str(PKG[name]) for name in PKG.__annotations__}
    assert in_code == defined


@pytest.mark.parametrize("ns,name", [(PKG, "Mesure"), (PKG, "lead_agency"), (ELI, "is_part"), (SCHEMA, "valu"),
                                     (TIME, "inDate")])
def test_misspelled_term_raises(ns, name):
    with pytest.raises(AttributeError):
        getattr(ns, name)


def test_every_term_has_chinese_and_english_label_and_comment(policy):
    for name in PKG.__annotations__:
        term = URIRef(PKG[name])
        labels = set(policy.objects(term, RDFS.label)) | set(policy.objects(term, SKOS.prefLabel))
        comments = set(policy.objects(term, RDFS.comment))
        for lang in ("zh", "en"):
            assert any(isinstance(x, Literal) and x.language == lang for x in labels), (name, lang, "label")
            if name not in ("TopicScheme", "AgencyFunctionScheme", "LevelScheme", "KindScheme"):
                assert any(isinstance(x, Literal) and x.language == lang for x in comments), (name, lang, "comment")
