"""kg/store/sparql_workers.py through ``sparql.run``: a worker keeps the store open between queries, answers from
each new version as soon as it is written, and a worker stopped at the time limit is replaced."""
from __future__ import annotations

import json
from functools import partial

import pytest
from rdflib import Literal, URIRef

from kg.store import sparql
from kg.store import open_store

G = URIRef("http://example.org/g")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p1 ?o1 . ?b ?p2 ?o2 . ?c ?p3 ?o3 . ?d ?p4 ?o4 . ?e ?p5 ?o5 . "
        "?f ?p6 ?o6 }")  # 300⁶ rows


def write(kb, n: int) -> None:
    with open_store(kb).writer() as w:
        w.replace_graph(G, [(URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i))
                            for i in range(n)])


def count(kb, **kw) -> int:
    body = sparql.run(partial(open_store, str(kb), 5), COUNT, **kw).body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_each_new_version_is_answered_at_once(tmp_path):
    kb = tmp_path / "kb"
    write(kb, 3)
    assert [count(kb, processes=1) for _ in range(3)] == [3, 3, 3]  # one worker, its store kept open
    write(kb, 5)
    assert count(kb, processes=1) == 5
    write(kb, 2)
    assert count(kb, processes=1) == 2


def test_a_stopped_worker_is_replaced(tmp_path):
    kb = tmp_path / "kb"
    write(kb, 300)
    with pytest.raises(sparql.SparqlTimeout):
        sparql.run(partial(open_store, str(kb), 5), SLOW, timeout=0.5, processes=1)
    assert count(kb, processes=1) == 300  # the one worker there may be was killed; a new one answers
