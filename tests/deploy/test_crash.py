"""Virtuoso SIGKILLed during a bulk load, then restarted: the knowledge base is the old one or the new one,
never half (``/healthz`` tells which version); while the server is down the API answers 503 in the one
JSON error shape, promptly."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

import httpx
import pytest

from api.settings import Settings
from kg.store.server import JOURNAL, NS
from kg.service import KnowledgeBase
from kg.store import content_hash, open_store
from tests import servers

from .conftest import ROOT, policykg_env, wait_for

pytestmark = pytest.mark.slow


def _settings(server, kb_dir, **more) -> Settings:
    return Settings.from_env(env={}, kb_dir=kb_dir, ontology_dir=ROOT / "ontology", validate=False,
                             **server.settings(), **more)


def _error_shape(r: httpx.Response, status: int) -> None:
    assert r.status_code == status and r.headers["content-type"].startswith("application/json"), r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert "Traceback" not in r.text and body["error"]["status"] == status


def test_server_killed_during_bulk_load(tmp_path):
    old_corpus = tmp_path / "old"
    old_corpus.mkdir()
    for name in ("000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt", "002_67f8289a9b82292a.txt",
                 "manifest.toml"):
        shutil.copy(ROOT / "corpus" / name, old_corpus / name)
    # what the new knowledge base would be, whole (the backends agree on the hash: tests/kg/store/test_backends.py)
    new_kb = KnowledgeBase(Settings.from_env(env={}, kb_dir=tmp_path / "expected", ontology_dir=ROOT / "ontology",
                                             validate=False))
    new_kb.build([ROOT / "corpus"])
    new_hash = content_hash(new_kb.store())

    server = servers.start_virtuoso(tmp_path / "virtuoso")
    replica = None
    try:
        KnowledgeBase(_settings(server, tmp_path / "builder")).build([old_corpus])
        store = open_store(_settings(server, tmp_path / "builder"))
        old_version, old_hash = store.version, content_hash(store)

        port = servers.free_port()
        env = policykg_env(**server.env, POLICYKG_KB_DIR=str(tmp_path / "replica"))
        replica = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT,
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"

        def health():
            try:
                r = httpx.get(url + "/healthz", timeout=10)
                return r.json() if r.status_code == 200 else None
            except httpx.HTTPError:
                return None

        assert wait_for(health, 60)["version"] == old_version

        build = subprocess.Popen([sys.executable, "-m", "api.cli", "build", "--kb", str(tmp_path / "builder"),
                                  str(ROOT / "corpus")], cwd=ROOT, env={**env, "POLICYKG_SPARQL_LEASE": "5"},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ask = f"ASK {{ GRAPH <{JOURNAL}> {{ ?g <{NS}created> ?x }} }}"
        wait_for(lambda: store.query(ask), 120, step=0.02)  # the bulk load has begun
        server.kill()
        code = build.wait(120)
        assert code != 0, build.stderr.read()[-2000:]

        for path in ("/healthz", "/api/search?q=岸电", "/api/ask?q=谁牵头", "/sparql?query=ASK%7B%7D"):
            t = time.monotonic()
            _error_shape(httpx.get(url + path, timeout=30), 503)
            assert time.monotonic() - t < 10

        servers.start_virtuoso(server.dir, *server.ports)
        time.sleep(5)  # the dead build's lease runs out; the next request rolls it back
        after = wait_for(health, 60)
        now = content_hash(open_store(_settings(server, tmp_path / "check")))
        assert (after["version"], now) in ((old_version, old_hash), (after["version"], new_hash))
        if after["version"] == old_version:
            assert after["documents"] == 3
        print(f"\nafter the crash: version {after['version']} ({'old' if after['version'] == old_version else 'new'})")
    finally:
        if replica is not None:
            replica.terminate()
            replica.wait(10)
        servers.stop_virtuoso(server)
