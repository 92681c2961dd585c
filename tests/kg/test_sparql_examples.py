"""The example queries the web page offers (api/static/sparql/) run on the corpus and return what they say."""
import json

import pytest

from kg.store import open_store

from .conftest_paths import ROOT

EXAMPLES = ROOT / "api" / "static" / "sparql"
NAMES = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store(corpus_kb):
    settings, _ = corpus_kb
    with open_store(settings.kb_dir) as s:
        yield s


def run(store, name):
    return store.query((EXAMPLES / name).read_text(encoding="utf-8")).dicts()


def test_every_example_is_listed_and_titled():
    assert sorted(NAMES) == sorted(p.name for p in EXAMPLES.glob("*.rq"))
    for name in NAMES:
        assert (EXAMPLES / name).read_text(encoding="utf-8").startswith("# ")


def test_an_agencys_measures_due_before_a_date(store):
    rows = run(store, "agency-due-before.rq")
    assert len(rows) == 8
    assert all(str(r["due"]) <= "2025-12-31" for r in rows)
    assert [str(r["due"]) for r in rows] == sorted(str(r["due"]) for r in rows)


def test_counts_per_agency(store):
    rows = run(store, "counts-per-agency.rq")
    top = [(str(r["agency"]), str(r["place"]), int(r["lead"]), int(r["support"])) for r in rows[:4]]
    assert top == [("苏州市生态环境局", "苏州市", 230, 9), ("嘉兴市生态环境局平湖分局", "平湖市", 80, 0),
                   ("苏州市发改委", "苏州市", 24, 7), ("苏州市交通局", "苏州市", 17, 8)]


def test_goals_no_county_measure_carries_out(store):
    rows = run(store, "goals-without-county-measure.rq")
    assert len(rows) == 32
    assert {str(r["file"]) for r in rows} == {"000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt"}
    county_links = store.query("""SELECT DISTINCT ?gid WHERE {
        ?c eli:is_part_of/pkg:level pkg:County ; prov:qualifiedDerivation/prov:entity ?g .
        ?g dcterms:identifier ?gid }""").dicts()
    assert not {str(r["goal"]) for r in rows} & {str(r["gid"]) for r in county_links}


def test_documents_in_the_hierarchy(store):
    rows = run(store, "documents-in-hierarchy.rq")
    parents = {str(r["file"]): (str(r["parentFile"]) if r["parentFile"] else None) for r in rows}
    assert parents["002_67f8289a9b82292a.txt"] == "000_a96bc2db90b64911.txt"
    assert parents["001_a4dc09f2c6a77e08.txt"] is None
