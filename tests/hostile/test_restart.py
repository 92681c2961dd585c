"""A server restart keeps every uploaded document: stopped politely or killed (SIGKILL) right after the
upload was answered, the server started again over the same folder holds it and finds it."""
from __future__ import annotations

import signal

import httpx
import pytest

from tests.api.conftest import copy_kb, start_server, stop_server

from .conftest import KEY

UPLOADS = {
    "桐乡市2025年湿地保护工作要点.txt": "桐乡市2025年湿地保护工作要点\n一、加强湿地保护\n"
                                   "1.到2025年底前，完成蓝莓湖湿地生态修复工程。（市林业局牵头）\n",
    "海宁市2025年噪声治理工作要点.txt": "海宁市2025年噪声治理工作要点\n一、治理交通噪声\n"
                                   "1.到2025年6月底前，完成钱江潮观景道路隔音屏障建设。（市交通运输局牵头）\n",
}
QUERIES = {"桐乡市2025年湿地保护工作要点.txt": "蓝莓湖湿地生态修复", "海宁市2025年噪声治理工作要点.txt": "隔音屏障"}


def upload(srv, name: str) -> None:
    r = httpx.post(srv.url + "/api/documents", files={"file": (name, UPLOADS[name].encode("utf-8"))}, headers=KEY,
                   timeout=120)
    assert r.status_code == 201, r.text


def assert_holds(srv, names) -> None:
    docs = {d["doc"] for d in srv.get("/api/documents").json()["documents"]}
    assert set(names) <= docs
    for name in names:
        hits = srv.get("/api/search", params={"q": QUERIES[name]}).json()["hits"]
        assert hits and hits[0]["doc"] == name, (name, hits[:1])
        assert srv.get(f"/api/documents/{name}").json()["measures"]


@pytest.mark.parametrize("how", ["terminate", pytest.param("sigkill", marks=pytest.mark.slow)])
def test_uploads_survive_a_restart(small_kb_dir, tmp_path, how):
    kb_dir = copy_kb(small_kb_dir, tmp_path / "kb")
    srv = start_server(kb_dir, tmp_path / "serve-1.log")
    try:
        for name in UPLOADS:
            upload(srv, name)
        assert_holds(srv, UPLOADS)
        version = srv.get("/healthz").json()["version"]
    finally:
        if how == "sigkill":
            srv.proc.send_signal(signal.SIGKILL)
            srv.proc.wait(10)
        stop_server(srv.proc)
    again = start_server(kb_dir, tmp_path / "serve-2.log")
    try:
        assert again.get("/healthz").json()["version"] == version
        assert_holds(again, UPLOADS)
    finally:
        stop_server(again.proc)
