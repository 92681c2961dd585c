"""The example queries the web page offers (api/static/sparql/) run on the corpus and return what they say:
each compared with the same answer computed another way, from the export's property graph (networkx)."""
import json
from collections import Counter

import networkx as nx
import pytest

from kg.export import property_graph
from kg.store import open_store

from ..conftest_paths import ROOT

EXAMPLES = ROOT / "api" / "static" / "sparql"
NAMES = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store(corpus_kb):
    settings, _ = corpus_kb
    with open_store(settings.kb_dir) as s:
        yield s


@pytest.fixture(scope="module")
def graph(store):
    return property_graph(store)


def run(store, name):
    return store.query((EXAMPLES / name).read_text(encoding="utf-8")).dicts()


def edges(g, relation):
    return [(s, o) for s, o, a in g.edges(data=True) if a["relation"] == relation]


def test_every_example_is_listed_and_titled():
    assert sorted(NAMES) == sorted(p.name for p in EXAMPLES.glob("*.rq"))
    for name in NAMES:
        assert (EXAMPLES / name).read_text(encoding="utf-8").startswith("# ")


def test_an_agencys_measures_due_before_a_date(store, graph):
    rows = run(store, "agency-due-before.rq")
    got = sorted((str(r["due"]), " ".join(str(r["text"]).split())) for r in rows)
    agency = next(n for n, a in graph.nodes(data=True) if a["type"] == "Agency" and a["label"] == "苏州市交通局")
    deadline_of = edges(graph, "HAS_DEADLINE")
    want = sorted((graph.nodes[d]["due"], " ".join(graph.nodes[m]["text"].split()))
                  for m, a in edges(graph, "LEAD") if a == agency
                  for m2, d in deadline_of if m2 == m and graph.nodes[d].get("due", "9999") <= "2025-12-31")
    assert set(got) == set(want) and got
    assert [str(r["due"]) for r in rows] == sorted(str(r["due"]) for r in rows)


def test_counts_per_agency(store, graph):
    rows = run(store, "counts-per-agency.rq")
    got = {(str(r["agency"]), str(r["place"])): (int(r["lead"]), int(r["support"])) for r in rows}
    lead, support = Counter(o for _, o in edges(graph, "LEAD")), Counter(o for _, o in edges(graph, "SUPPORT"))
    want = {(a["label"], a["place"]): (lead[n], support[n]) for n, a in graph.nodes(data=True)
            if a["type"] == "Agency" and (lead[n] or support[n])}
    assert got == want
    assert [r["lead"] for r in rows] == sorted((r["lead"] for r in rows), reverse=True)
    assert (str(rows[0]["agency"]), str(rows[0]["place"])) == ("苏州市生态环境局", "苏州市")


def test_goals_no_county_measure_carries_out(store, graph):
    got = {str(r["goal"]) for r in run(store, "goals-without-county-measure.rq")}
    plans = nx.DiGraph(edges(graph, "APPLIES"))
    doc_of = dict(edges(graph, "PART_OF"))
    level = {n: a.get("level") for n, a in graph.nodes(data=True) if a["type"] == "Document"}
    above = {p for d, lv in level.items() if lv == "county" and d in plans
             for p in nx.descendants(plans, d) if level[p] == "city"}
    goals = {m for m, d in doc_of.items() if d in above}
    carried = {o for s, o in edges(graph, "CARRIES_OUT") if level.get(doc_of.get(s)) == "county"}
    want = {graph.nodes[m]["measure_id"] for m in goals - carried}
    assert got == want and got


def test_documents_in_the_hierarchy(store):
    rows = run(store, "documents-in-hierarchy.rq")
    parents = {str(r["file"]): (str(r["parentFile"]) if r["parentFile"] else None) for r in rows}
    assert parents["002_67f8289a9b82292a.txt"] == "000_a96bc2db90b64911.txt"  # as the manifest declares
    assert parents["001_a4dc09f2c6a77e08.txt"] is None
