"""Exports and graph views run off the event loop, under the export_timeout setting, and stop when the
client goes away (issue 18, item 1)."""
from __future__ import annotations

import dataclasses
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.launch import free_port
from kg.service import KnowledgeBase
from kg.timebox import Cancelled
from tests.kg.conftest import small_kb  # noqa: F401  (the two-document knowledge base, built once)


def client_for(settings):
    return TestClient(create_app(KnowledgeBase(settings), settings), base_url="http://localhost")


@pytest.mark.parametrize("path,params", [
    ("/api/export", {"format": "graphml"}),
    ("/api/export", {"format": "neo4j-csv"}),
    ("/api/export", {"format": "ttl"}),
    ("/api/graph", {"node": "sz-001", "depth": 2}),
])
def test_past_its_time_it_is_stopped_in_the_one_error_shape(small_kb, path, params):
    settings, _ = small_kb
    with client_for(dataclasses.replace(settings, export_timeout=1e-9)) as c:
        r = c.get(path, params=params)
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "timeout" and "s it may take" in r.json()["error"]["message"]


def test_within_its_time_it_answers(small_kb):
    settings, _ = small_kb
    with client_for(settings) as c:
        r = c.get("/api/export", params={"format": "neo4j-csv"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        body = c.get("/api/graph", params={"node": "sz-001", "depth": 2}).json()
    assert body["truncated"] is False and body["center"].endswith("/doc/sz_plan.txt/m/1")


class SlowExports(KnowledgeBase):
    """An export that would take a minute, one short step at a time, and says how it ended."""

    ended = None

    def export(self, fmt, out, timebox=None):
        try:
            for _ in range(1200):
                timebox.check()
                time.sleep(0.05)
            SlowExports.ended = "finished"
        except Cancelled:
            SlowExports.ended = "cancelled"
            raise


def test_an_export_stops_when_its_client_goes_away(small_kb):
    import uvicorn

    settings, _ = small_kb
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(SlowExports(settings), settings), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"http://127.0.0.1:{port}/api/export", params={"format": "graphml"}, timeout=1.0)
        for _ in range(100):  # the client left after 1 s: the export stops within a poll and a step
            if SlowExports.ended:
                break
            time.sleep(0.05)
        assert SlowExports.ended == "cancelled"
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)
