"""Exports stay linear when documents repeat what other documents declare (issue 18, item 1).

Every document's graph declares the agencies and places it names, so an agency named by k documents
is declared k times in the union of the named graphs. Reading the property graph from that union
multiplied each node query's rows by k once per pattern (the corpus under three sets of names: a
GraphML export of 51 s and 2.4 GB). Here one set of documents is copied under k names: the export
holds each distinct node and edge once, and what it reads from the store grows as the quads do.
"""
from __future__ import annotations

import dataclasses
from collections import Counter

import networkx as nx
import pytest

from kg.export import export, property_graph
from kg.store import open_store

from ..conftest import kb_settings
from ..fixtures import kunshan_annual, suzhou_plan

SHARED_TYPES = {"Agency", "Place", "Topic"}  # declared again by every document that names them
SHARED_RELATIONS = {"SUB_ORGANIZATION_OF", "JURISDICTION", "WITHIN"}  # edges of those nodes


def renamed(doc, prefix: str):
    """The same document under another file name (its measures' ids follow)."""
    measures = tuple(dataclasses.replace(m, id=f"{prefix}{m.id}") for m in doc.measures)
    return dataclasses.replace(doc, name=f"{prefix}{doc.name}", measures=measures)


def copies(k: int):
    """k sets of the two fixture documents, each annual plan under its own set's plan."""
    docs, parents = [], {}
    for i in range(k):
        plan = renamed(suzhou_plan(), f"c{i}_")
        annual = renamed(kunshan_annual([("持续推进细颗粒物浓度下降，到2025年PM2.5浓度降至28微克/立方米。", "市生态环境局"),
                                         ("推进VOCs综合治理。", "市发改委")]), f"c{i}_")
        docs += [plan, annual]
        parents[plan.name], parents[annual.name] = (), (plan.name,)
    return docs, parents


@pytest.fixture(scope="module")
def kbs(tmp_path_factory):
    """k → the settings of a knowledge base holding k copies."""
    from kg.build.ops import build_documents

    out = {}
    for k in (1, 4):
        settings = kb_settings(tmp_path_factory.mktemp(f"copies{k}") / "kb", validate=False)
        docs, parents = copies(k)
        build_documents(docs, settings, parents=parents)
        out[k] = settings
    return out


class Counting:
    """A store that counts what it hands out: SELECT rows and the quads of whole graphs."""

    def __init__(self, store):
        self._store = store
        self.rows = 0

    def query(self, sparql):
        result = self._store.query(sparql)
        if hasattr(result, "__len__"):
            self.rows += len(result)
        return result

    def graph_nquads(self, graph):
        data = self._store.graph_nquads(graph)
        self.rows += data.count(b"\n")
        return data

    def __getattr__(self, name):
        return getattr(self._store, name)


def counts(g) -> tuple[Counter, Counter]:
    return (Counter(a["type"] for _, a in g.nodes(data=True)),
            Counter(a["relation"] for _, _, a in g.edges(data=True)))


def test_each_node_and_edge_once_however_many_documents_declare_it(kbs):
    with open_store(kbs[1].kb_dir) as one_store, open_store(kbs[4].kb_dir) as four_store:
        one, four = counts(property_graph(one_store)), counts(property_graph(four_store))
    nodes_1, edges_1 = one
    nodes_4, edges_4 = four
    assert nodes_1 == {"Document": 2, "Measure": 3, "Agency": 8, "Place": 4, "Topic": 1, "Deadline": 1, "Target": 1}
    for t, n in nodes_1.items():
        assert nodes_4[t] == (n if t in SHARED_TYPES else 4 * n), t
    for r, n in edges_1.items():
        assert edges_4[r] == (n if r in SHARED_RELATIONS else 4 * n), r


def test_what_is_read_grows_as_the_quads(kbs):
    read = {}
    for k, settings in kbs.items():
        with open_store(settings.kb_dir) as store:
            counting = Counting(store)
            property_graph(counting)
            read[k] = (counting.rows, store.count())
    (rows_1, quads_1), (rows_4, quads_4) = read[1], read[4]
    assert quads_4 < 4 * quads_1  # the vocabulary is held once
    # every quad read once, and the few rows of small lookups; not k⁴ rows of repeated declarations
    assert rows_4 <= quads_4 + 100 and rows_4 / quads_4 <= 1.05 * rows_1 / quads_1


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_hold_the_distinct_nodes_and_edges(kbs, tmp_path, fmt, read):
    with open_store(kbs[4].kb_dir) as store:
        want = property_graph(store)
        g = read(export(store, fmt, tmp_path / f"kb.{fmt}"))
    assert (g.number_of_nodes(), g.number_of_edges()) == (want.number_of_nodes(), want.number_of_edges())
    assert counts(g) == counts(want)


def test_cytoscape_and_neo4j_hold_the_distinct_nodes_and_edges(kbs, tmp_path):
    import csv
    import json

    with open_store(kbs[4].kb_dir) as store:
        want = property_graph(store)
        body = json.loads(export(store, "cytoscape"))
        folder = export(store, "neo4j-csv", tmp_path / "neo4j")
    assert len(body["elements"]["nodes"]) == want.number_of_nodes()
    assert len(body["elements"]["edges"]) == want.number_of_edges()
    rows = {}
    for f in sorted(folder.glob("*.csv")):
        with open(f, encoding="utf-8") as fh:
            rows[f.name] = len(list(csv.reader(fh))) - 1
    assert sum(n for f, n in rows.items() if f.startswith("nodes_")) == want.number_of_nodes()
    assert sum(n for f, n in rows.items() if f.startswith("relationships_")) == want.number_of_edges()


def held(obj, seen: set[int]) -> int:
    """The Python objects ``obj`` holds, counted through builtin containers and this project's objects (a
    count, not bytes: the size CPython gives an object's own attribute dict varies between instances)."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    if isinstance(obj, dict):
        inside = [*obj.keys(), *obj.values()]
    elif isinstance(obj, (list, tuple, set, frozenset)):
        inside = list(obj)
    elif type(obj).__module__.startswith("kg.") and hasattr(obj, "__dict__"):
        inside = [vars(obj)]
    else:
        inside = []
    return 1 + sum(held(x, seen) for x in inside)


def test_the_reader_keeps_nothing_per_node_between_nodes_and_edges(kbs):
    """The ids of the nodes given out, what the edges are checked against, are kept in a file: at 1,000
    documents a set of them held 15 MB (97 k nodes), the one part of an export's memory that grew."""
    from kg.export.graph import read

    after = {}
    for k, settings in kbs.items():
        with open_store(settings.kb_dir) as store, read(store) as pg:
            n = sum(1 for _ in pg.nodes())
            after[k] = (n, held({k: v for k, v in vars(pg).items() if k not in ("store", "timebox")}, set()))
            assert sum(1 for _ in pg.edges()) > n
    (nodes_1, held_1), (nodes_4, held_4) = after[1], after[4]
    assert nodes_4 > 2 * nodes_1
    assert held_4 == held_1
