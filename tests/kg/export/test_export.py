import json
import shutil
import subprocess
import csv

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import FORMATS, ExportError, export, property_graph
from kg.store import open_store

NODE_TYPES = {"Document", "Measure", "Agency", "Place", "Topic", "Deadline", "Target"}


@pytest.fixture(scope="module")
def store(small_kb):
    settings, _ = small_kb
    with open_store(settings.kb_dir) as s:
        yield s


@pytest.fixture(scope="module")
def union(store):
    """The union of all named graphs, read from an N-Quads dump with rdflib."""
    ds = Dataset()
    ds.parse(data=export_nq(store), format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def export_nq(store) -> bytes:
    import io
    buf = io.BytesIO()
    store.export(buf, "nq")
    return buf.getvalue()


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_read_back_isomorphic(store, union, tmp_path, fmt, parser):
    path = export(store, fmt, tmp_path / f"kb.{fmt}")
    assert isomorphic(Graph().parse(path, format=parser), union)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_read_back_with_networkx(store, tmp_path, fmt):
    import networkx as nx

    path = export(store, fmt, tmp_path / f"kb.{fmt}")
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    want = property_graph(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (want.number_of_nodes(), want.number_of_edges())
    types = {a.get("type") for _, a in g.nodes(data=True)}
    assert types == NODE_TYPES
    agency = next(a for _, a in g.nodes(data=True) if a.get("label") == "苏州市生态环境局")
    assert agency["type"] == "Agency" and agency["function"] == "ecology-environment" and agency["place"] == "苏州市"
    measure = next(a for _, a in g.nodes(data=True) if a.get("type") == "Measure")
    assert isinstance(measure["start"], int) and isinstance(measure["text"], str)
    for _, _, a in g.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in a.values())
    relations = {a.get("relation") for _, _, a in g.edges(data=True)}
    assert {"PART_OF", "LEAD", "SUPPORT", "CARRIES_OUT", "APPLIES", "HAS_TARGET", "WITHIN"} <= relations
    scores = [a["score"] for _, _, a in g.edges(data=True) if a.get("relation") == "CARRIES_OUT"]
    assert scores and all(isinstance(s, float) and 0 < s <= 1 for s in scores)


def test_neo4j_csv_headers(store, tmp_path):
    folder = export(store, "neo4j-csv", tmp_path / "neo4j")
    with open(folder / "nodes_Measure.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["id:ID", "label"] and rows[0][-1] == ":LABEL" and "start:int" in rows[0]
    assert all(r[-1] == "Measure" for r in rows[1:])
    with open(folder / "relationships_CARRIES_OUT.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [":START_ID", ":END_ID", ":TYPE", "score:float", "method", "rank:int", "share:float", "supported:boolean"]
    ids = set()
    for f in folder.glob("nodes_*.csv"):
        with open(f, encoding="utf-8") as fh:
            ids |= {r[0] for r in list(csv.reader(fh))[1:]}
    for f in folder.glob("relationships_*.csv"):
        with open(f, encoding="utf-8") as fh:
            for r in list(csv.reader(fh))[1:]:
                assert r[0] in ids and r[1] in ids  # every relationship joins two exported nodes
    assert "neo4j-admin database import full" in (folder / "IMPORT.md").read_text()


def test_cytoscape_json_shape(store):
    body = json.loads(export(store, "cytoscape"))
    nodes, edges = body["elements"]["nodes"], body["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("node") is None or shutil.which("npm") is None, reason="node and npm are needed")
def test_cytoscape_js_loads_the_export(store, tmp_path_factory):
    """The Cytoscape.js package itself reads the export (installed in a temporary folder, never committed)."""
    work = tmp_path_factory.mktemp("cytoscape")
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "cytoscape@3"], cwd=work, check=True,
                   timeout=300)
    (work / "kb.json").write_bytes(export(store, "cytoscape"))
    script = """
const cytoscape = require('cytoscape');
const data = require('./kb.json');
const cy = cytoscape({ headless: true, elements: data.elements });
const agencies = cy.nodes('[type = "Agency"]');
console.log(JSON.stringify({ nodes: cy.nodes().length, edges: cy.edges().length, agencies: agencies.length,
  label: cy.nodes('[label = "苏州市生态环境局"]').length }));
"""
    out = subprocess.run(["node", "-e", script], cwd=work, check=True, capture_output=True, text=True, timeout=120)
    got = json.loads(out.stdout)
    body = json.loads(export(store, "cytoscape"))
    assert got["nodes"] == len(body["elements"]["nodes"]) and got["edges"] == len(body["elements"]["edges"])
    assert got["agencies"] > 0 and got["label"] == 1


@pytest.mark.slow
def test_corpus_exports_read_back_isomorphic(corpus_kb, tmp_path):
    settings, _ = corpus_kb
    with open_store(settings.kb_dir) as s:
        ds = Dataset()
        ds.parse(data=export_nq(s), format="nquads")
        union = Graph()
        for t in ds.quads((None, None, None, None)):
            union.add(t[:3])
        for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
            assert isomorphic(Graph().parse(export(s, fmt, tmp_path / f"kb.{fmt}"), format=parser), union), fmt


def test_unknown_format(store):
    with pytest.raises(ExportError):
        export(store, "xlsx")
    assert "neo4j-csv" in FORMATS
