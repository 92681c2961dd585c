"""An upload while another process writes the knowledge base: the server waits ``lock_timeout`` seconds,
then answers 503 ``busy`` in the one error shape and changes nothing; once the other writer is done, the
same upload goes in."""
from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import copy_kb, start_server, stop_server
from tests.kg.store.test_two_writers import holder

from .conftest import KEY
from .files import POLICY


@pytest.mark.slow
def test_upload_while_another_process_writes(small_kb_dir, tmp_path):
    kb_dir = copy_kb(small_kb_dir, tmp_path / "kb")
    srv = start_server(kb_dir, tmp_path / "serve.log", extra_env={"POLICYKG_LOCK_TIMEOUT": "1"})
    try:
        before = srv.get("/healthz").json()["version"]
        files = {"file": ("平湖市要点.txt", POLICY.encode("utf-8"))}
        other = holder(kb_dir)
        r = httpx.post(srv.url + "/api/documents", files=files, headers=KEY, timeout=60)
        assert r.status_code == 503 and r.json() == {"error": {"status": 503, "code": "busy", "message":
                                                               "the knowledge base is being written by another "
                                                               "process; try again shortly"}}
        assert other.wait(30) == 0
        assert "平湖市要点.txt" not in {d["doc"] for d in srv.get("/api/documents").json()["documents"]}
        r = httpx.post(srv.url + "/api/documents", files=files, headers=KEY, timeout=60)
        assert r.status_code == 201, r.text
        assert srv.get("/healthz").json()["version"] != before
    finally:
        stop_server(srv.proc)
