"""What the hostile-input tests share: the files, a small knowledge base, a real server over it.

The server is ``policykg serve`` on a loopback port (``tests/api/conftest.py``'s
``start_server``), over a knowledge base of two corpus documents: uploads here
add and remove documents, so it is not the session's shared server.
"""
from __future__ import annotations

import shutil

import pytest

from tests.api.conftest import API_KEY, CORPUS, copy_kb, settings_for, start_server, stop_server

DOCS = ["001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt"]
KEY = {"X-API-Key": API_KEY}


@pytest.fixture(scope="session")
def small_kb_dir(tmp_path_factory):
    """Two corpus documents built into a knowledge base (without SHACL validation: tests/kg covers it)."""
    from kg.service import KnowledgeBase

    folder = tmp_path_factory.mktemp("small")
    docs = folder / "docs"
    docs.mkdir()
    for name in DOCS + ["manifest.toml"]:
        shutil.copy(CORPUS / name, docs / name)
    KnowledgeBase(settings_for(folder / "kb", validate=False)).build([docs])
    return folder / "kb"


@pytest.fixture(scope="module")
def live(small_kb_dir, tmp_path_factory):
    """``policykg serve`` over a copy of the small knowledge base, stopped when the module's tests end."""
    folder = tmp_path_factory.mktemp("live")
    srv = start_server(copy_kb(small_kb_dir, folder / "kb"), folder / "serve.log",
                       extra_env={"POLICYKG_VALIDATE": "0", "POLICYKG_MAX_UPLOAD_MB": "32"})
    yield srv
    stop_server(srv.proc)
