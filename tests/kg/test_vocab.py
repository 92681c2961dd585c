from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.jurisdiction import LEVEL_RANK
from kg.search.search import LEVELS as SEARCH_LEVELS
from kg.vocab import ELI, LEVELS, PKG, PKG_IRI, SCHEMA, TIME

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


def test_the_levels_are_the_level_scheme_of_policy_ttl(policy):
    """Every level the code takes (search filters, API, hierarchy ranks) is one of the scheme, and every one of the
    scheme is taken: national, province, city, county, township."""
    scheme = {str(policy.value(c, SKOS.notation)): c for c in policy.subjects(SKOS.inScheme, PKG.LevelScheme)}
    assert {k: URIRef(v) for k, v in LEVELS.items()} == scheme
    assert all((c, RDF.type, PKG.AdministrativeLevel) in policy for c in scheme.values())
    assert list(LEVEL_RANK) == list(LEVELS) == list(SEARCH_LEVELS)  # ranked top-down, filtered by the same names
    assert {(x.language, str(x)) for x in policy.objects(PKG.Township, SKOS.prefLabel)} == {("zh", "乡镇级"),
                                                                                            ("en", "township")}
