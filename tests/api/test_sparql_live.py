"""The SPARQL limits on the live server: an expensive query (a cross product of all measures) is stopped at
the time limit, a large one cut at the row limit, and while they run the server answers everything else."""
from __future__ import annotations

import threading
import time

import httpx

from .conftest import SPARQL_ROWS, SPARQL_TIMEOUT

PREFIX = "PREFIX pkg: <https://w3id.org/policykg/ns#>\n"
EXPENSIVE = PREFIX + ("SELECT (COUNT(*) AS ?n) WHERE { ?a a pkg:Measure . ?b a pkg:Measure . ?c a pkg:Measure . "
                      "?d a pkg:Measure }")  # 350⁴ ≈ 1.5·10¹⁰ rows to count
WIDE = PREFIX + "SELECT ?a ?b WHERE { ?a a pkg:Measure . ?b a pkg:Measure }"  # 350² rows


def test_expensive_queries_stop_at_the_limit_while_the_server_answers_others(server):
    results: dict[str, httpx.Response] = {}

    def expensive(kind: str) -> None:
        if kind == "get":
            results[kind] = httpx.get(server.url + "/sparql", params={"query": EXPENSIVE}, timeout=60)
        else:  # the POST route reads its body on the event loop: the query itself must not run there
            results[kind] = httpx.post(server.url + "/sparql", content=EXPENSIVE.encode(), timeout=60,
                                       headers={"Content-Type": "application/sparql-query"})

    runners = [threading.Thread(target=expensive, args=(k,)) for k in ("get", "post")]
    started = time.monotonic()
    for t in runners:
        t.start()
    time.sleep(0.5)  # both are running now
    answered = []
    while time.monotonic() - started < SPARQL_TIMEOUT - 0.5:
        health = server.get("/healthz")
        search = server.get("/api/search", params={"q": "岸电"})
        small = server.get("/sparql", params={"query": PREFIX + "ASK { ?m a pkg:Measure }"})
        assert health.status_code == search.status_code == small.status_code == 200
        assert search.json()["hits"] and small.json()["boolean"] is True
        answered.append(all(t.is_alive() for t in runners))
    for t in runners:
        t.join(60)
    assert answered and all(answered)  # every other request came back while both expensive ones still ran
    for kind, r in results.items():
        assert r.status_code == 503, (kind, r.text)
        assert r.json() == {"error": {"status": 503, "code": "query-timeout", "message":
                                      f"the query took longer than the {SPARQL_TIMEOUT:g} s limit and was stopped"}}
    assert server.get("/healthz").status_code == 200


def test_a_wide_query_is_cut_at_the_row_limit(server):
    r = server.get("/sparql", params={"query": WIDE})
    assert r.status_code == 200 and r.headers["x-sparql-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == SPARQL_ROWS
