from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.schemes import generate, load_terms
from kg.vocab import function_iri, term_iri, topic_iri

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


def test_generated_files_are_up_to_date():
    """topics.ttl and agencies.ttl are what `python -m kg.schemes ontology/` makes of the TOML files."""
    for path, text in generate(ONTOLOGY).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python -m kg.schemes ontology/"


def test_synonyms_are_labels_of_one_concept():
    g = Graph().parse(ONTOLOGY / "topics.ttl")
    pm25 = term_iri("pm25")
    assert (pm25, SKOS.prefLabel, Literal("细颗粒物", lang="zh")) in g
    assert (pm25, SKOS.altLabel, Literal("PM2.5", lang="zh")) in g
    assert (pm25, SKOS.broader, topic_iri("air")) in g
    assert (term_iri("photovoltaic"), SKOS.broader, term_iri("non-fossil")) in g


def test_agency_aliases_are_alt_labels():
    g = Graph().parse(ONTOLOGY / "agencies.ttl")
    dr = function_iri("development-reform")
    assert (dr, SKOS.prefLabel, Literal("发改委", lang="zh")) in g
    assert (dr, SKOS.altLabel, Literal("发展和改革委员会", lang="zh")) in g
    assert (dr, SKOS.prefLabel, Literal("Development and Reform Commission", lang="en")) in g
    # what people say and documents rarely write: hidden labels, read in questions, never by the extractors
    assert (function_iri("public-security"), SKOS.hiddenLabel, Literal("交警", lang="zh")) in g
    assert (function_iri("urban-management"), SKOS.hiddenLabel, Literal("城管", lang="zh")) in g


def test_spoken_names_are_read_in_questions_only():
    from extract.registry import load_registry

    r = load_registry(ONTOLOGY / "agencies.toml")
    spoken = r.spoken_by_name
    assert (spoken["交警"].id, spoken["城管"].id, spoken["交通部门"].id, spoken["住建部门"].id) == (
        "public-security", "urban-management", "transport", "housing-construction")  # X部门 for X局
    assert "交通部门" not in r.function_by_name and r.function_at_end("苏州市交警") is None  # the extractors' forms
    assert not set(spoken) & set(r.function_by_name)


@pytest.fixture(scope="module")
def terms():
    return load_terms(ONTOLOGY / "topics.toml")


@pytest.mark.parametrize("text,expected", [
    ("以降低PM2.5浓度为主线", ("pm25",)),
    ("细颗粒物平均浓度", ("pm25",)),
    ("强化vocs综合治理", ("vocs",)),
    ("推广新能源中重型车辆", ("new-energy-vehicle",)),  # a modifier inside the label
    ("淘汰柴油重型货车", ("diesel-truck",)),
    ("加快推进风电和集中式光伏", ("wind-power", "photovoltaic")),
    ("推动“绿水青山就是金山银山”实践创新基地建设", ("two-mountains",)),
    ("加强部门联动", ()),
])
def test_terms_found_by_any_label(terms, text, expected):
    assert terms.find(text) == expected


def test_broader_terms(terms):
    assert terms.expand(["photovoltaic"]) == {"photovoltaic", "non-fossil"}
    assert terms.expand(["pm25"]) == {"pm25"}
