"""What the API tests share: one knowledge base built from the corpus, an in-process client, a real server.

``kb`` is built once per session (``KnowledgeBase(settings).build``) and only
read; tests that write get a copy of it (``writable``). ``server`` is the real
thing: ``policykg serve`` in a child process on a free loopback port, with its
own copy of the knowledge base and its own API key, waited for on /healthz and
stopped at the end of the session.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api import launch
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
CORPUS = ROOT / "corpus"
API_KEY = "test-key-7f3a"
# tiny SPARQL limits, so that a runaway query meets them quickly
SPARQL_TIMEOUT = 3.0
SPARQL_ROWS = 100


def settings_for(kb_dir: Path, **more) -> Settings:
    values = dict(kb_dir=kb_dir, ontology_dir=ONTOLOGY, corpus_dir=CORPUS, lock_timeout=30, api_key=API_KEY,
                  sparql_timeout=SPARQL_TIMEOUT, sparql_row_limit=SPARQL_ROWS)
    values.update(more)
    return Settings.from_env(env={}, **values)


@pytest.fixture(scope="session")
def corpus_roles():
    """How many measures of the corpus name an agency as lead and as support, counted on the extractor's
    own records: what the API's agency counts must equal, whatever an extraction change moves."""
    from extract import Resources, extract_file

    res = Resources.from_dir(ONTOLOGY)
    docs = [extract_file(p, res) for p in sorted(CORPUS.glob("*.txt"))]

    def count(name: str, place: str) -> tuple[int, int]:
        lead = support = 0
        for doc in docs:
            if doc.meta.jurisdiction != place:
                continue
            for m in doc.measures:
                lead += any(a.name == name for a in m.lead)
                support += any(a.name == name for a in m.support) and not any(a.name == name for a in m.lead)
        return lead, support

    return count


@pytest.fixture(scope="session")
def built_kb_dir(tmp_path_factory) -> Path:
    """The corpus built once into a folder (without the SHACL validation, which tests/kg covers: the same
    graph, ten seconds sooner)."""
    from kg.service import KnowledgeBase

    kb_dir = tmp_path_factory.mktemp("corpus-kb") / "kb"
    KnowledgeBase(settings_for(kb_dir, validate=False)).build([CORPUS])
    return kb_dir


@pytest.fixture(scope="session")
def settings(built_kb_dir) -> Settings:
    return settings_for(built_kb_dir)


@pytest.fixture(scope="session")
def kb(settings):
    from kg.service import KnowledgeBase

    return KnowledgeBase(settings)


def make_client(kb, settings):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(kb, settings), raise_server_exceptions=False, base_url="http://localhost")


@pytest.fixture(scope="session")
def client(kb, settings):
    """In-process client over the session's knowledge base (read only)."""
    return make_client(kb, settings)


def copy_kb(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("write.lock", "*.readers"))
    return dst


@dataclass
class Writable:
    kb: object
    settings: Settings
    client: object


@pytest.fixture
def writable(built_kb_dir, tmp_path) -> Writable:
    """A copy of the corpus knowledge base this test may change, with its own client."""
    from kg.service import KnowledgeBase

    s = settings_for(copy_kb(built_kb_dir, tmp_path / "kb"))
    k = KnowledgeBase(s)
    return Writable(k, s, make_client(k, s))


# ---------------------------------------------------------------- the real server

@dataclass
class Server:
    url: str
    kb_dir: Path
    proc: subprocess.Popen

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, **kw)


def start_server(kb_dir: Path, log: Path, extra_env: dict | None = None, wait: float = 60.0,
                 open_files: int | None = None, under: tuple[str, ...] = ()) -> Server:
    proc, url = launch.start({"POLICYKG_KB_DIR": str(kb_dir), "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY),
                              "POLICYKG_CORPUS_DIR": str(CORPUS), "POLICYKG_API_KEY": API_KEY,
                              "POLICYKG_SPARQL_TIMEOUT": str(SPARQL_TIMEOUT),
                              "POLICYKG_SPARQL_ROW_LIMIT": str(SPARQL_ROWS), "POLICYKG_LOCK_TIMEOUT": "30",
                              **(extra_env or {})}, log, wait, open_files=open_files, under=under)
    return Server(url, kb_dir, proc)


stop_server = launch.stop


@pytest.fixture(scope="session")
def server(built_kb_dir, tmp_path_factory):
    """`policykg serve` on a free loopback port, over its own copy of the corpus knowledge base."""
    folder = tmp_path_factory.mktemp("server")
    srv = start_server(copy_kb(built_kb_dir, folder / "kb"), folder / "serve.log")
    yield srv
    stop_server(srv.proc)
