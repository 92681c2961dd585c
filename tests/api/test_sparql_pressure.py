"""SPARQL under pressure, on a live server: a query that needs more memory than a worker may have is refused in
the one error shape; sixty slow queries at once hold no thread that health, search or the page need; past
``sparql_queue`` waiting queries, one more is refused at once (503 busy)."""
from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from .conftest import copy_kb, start_server, stop_server

PREFIX = "PREFIX pkg: <https://w3id.org/policykg/ns#>\n"
# a cross product sorted: every row held at once (350⁴ of them), far past a worker's memory
SORTED = PREFIX + ("SELECT ?a ?b ?c ?d WHERE { ?a a pkg:Measure . ?b a pkg:Measure . ?c a pkg:Measure . "
                   "?d a pkg:Measure } ORDER BY ?d ?c ?b ?a LIMIT 1")
# a cross product counted: little memory, runs to the time limit
SLOW = PREFIX + ("SELECT (COUNT(*) AS ?n) WHERE { ?a a pkg:Measure . ?b a pkg:Measure . ?c a pkg:Measure . "
                 "?d a pkg:Measure }")
TIMEOUT = 5.0
WORKERS = 2
QUEUE = 20


@pytest.fixture(scope="module")
def pressed(built_kb_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pressure")
    srv = start_server(copy_kb(built_kb_dir, folder / "kb"), folder / "serve.log",
                       extra_env={"POLICYKG_SPARQL_TIMEOUT": str(TIMEOUT), "POLICYKG_SPARQL_WORKERS": str(WORKERS),
                                  "POLICYKG_SPARQL_QUEUE": str(QUEUE), "POLICYKG_SPARQL_MEMORY_MB": "384"})
    yield srv
    stop_server(srv.proc)


def test_a_query_past_the_memory_cap_is_refused(pressed):
    started = time.monotonic()
    r = httpx.get(pressed.url + "/sparql", params={"query": SORTED}, timeout=60)
    assert r.status_code == 503 and r.json() == {"error": {"status": 503, "code": "query-memory", "message":
                                                           "the query needed more than the 384 MB memory limit and "
                                                           "was stopped"}}
    assert time.monotonic() - started < TIMEOUT  # stopped by the cap, not by the clock
    ok = httpx.get(pressed.url + "/sparql", params={"query": PREFIX + "ASK { ?m a pkg:Measure }"}, timeout=30)
    assert ok.status_code == 200 and ok.json()["boolean"] is True  # a new worker answers the next one


async def _flood(url: str, n: int) -> tuple[list[httpx.Response], list[float]]:
    """``n`` slow queries at once; meanwhile health, search and the page asked again and again: the queries'
    answers and how long each of the others took."""
    limits = httpx.Limits(max_connections=n + 10)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        queries = [asyncio.create_task(client.get("/sparql", params={"query": SLOW})) for _ in range(n)]
        await asyncio.sleep(0.5)  # all of them in
        waits = []
        while not all(q.done() for q in queries) and len(waits) < 60:
            for path, params in (("/healthz", None), ("/api/search", {"q": "岸电"}), ("/", None)):
                started = time.monotonic()
                r = await client.get(path, params=params)
                assert r.status_code == 200, (path, r.text)
                waits.append(time.monotonic() - started)
        return await asyncio.gather(*queries), waits


def test_waiting_queries_hold_no_thread_and_past_the_queue_are_refused(pressed):
    started = time.monotonic()
    answers, waits = asyncio.run(_flood(pressed.url, 60))
    assert waits and max(waits) < 1.0, waits  # every other request answered while the queries waited
    codes = [r.json()["error"]["code"] for r in answers]
    assert codes.count("busy") == 60 - WORKERS - QUEUE  # refused at once, the others waited their turn
    assert set(codes) == {"busy", "query-timeout"}
    busy = next(r for r in answers if r.json()["error"]["code"] == "busy")
    assert busy.status_code == 503 and busy.json()["error"]["message"] == (
        "too many SPARQL queries are waiting for a worker; try again shortly")
    assert time.monotonic() - started < TIMEOUT + 10
