"""A full disk during an upload, on a live server whose knowledge base lives on a small tmpfs of its own (a mount
namespace, so that nothing outside the server sees it): the upload is refused 507 insufficient-storage in the one
error shape, the knowledge base stays as it was, and once there is room again the same upload goes in."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import start_server, stop_server

from .conftest import KEY
from .files import POLICY

MB = 1024 * 1024


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@pytest.mark.slow
def test_an_upload_on_a_full_disk_is_507_and_changes_nothing(small_kb_dir, tmp_path):
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is missing")
    mount = tmp_path / "disk"
    mount.mkdir()
    size = folder_bytes(small_kb_dir) + 8 * MB
    # the server's own mount namespace: a tmpfs with a copy of the knowledge base, gone when the server exits
    script = (f"mount -t tmpfs -o size={size} tmpfs '{mount}' && cp -a '{small_kb_dir}' '{mount}/kb' && "
              f"rm -f '{mount}/kb/write.lock' && exec \"$@\"")
    srv = start_server(mount / "kb", tmp_path / "serve.log", extra_env={"POLICYKG_VALIDATE": "0"},
                       under=("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh"))
    seen = Path(f"/proc/{srv.proc.pid}/root") / str(mount).lstrip("/")  # the tmpfs, as the server sees it
    try:
        before = state(srv)
        free = shutil.disk_usage(seen).free
        subprocess.run(["fallocate", "-l", str(free - 64 * 1024), str(seen / "filler")], check=True)
        files = {"file": ("平湖市要点.txt", POLICY.encode("utf-8"))}
        r = httpx.post(srv.url + "/api/documents", files=files, headers=KEY, timeout=120)
        assert r.status_code == 507 and r.json() == {"error": {"status": 507, "code": "insufficient-storage",
                                                               "message": "the server's disk is full: nothing can "
                                                                          "be written until there is room"}}
        assert state(srv) == before
        assert generations(seen / "kb") == generations(small_kb_dir)  # no half-written copy left taking room
        assert srv.get("/api/search", params={"q": "大气"}).json()["hits"]  # and answers from it
        (seen / "filler").unlink()
        r = httpx.post(srv.url + "/api/documents", files=files, headers=KEY, timeout=120)
        assert r.status_code == 201, r.text
        assert "平湖市要点.txt" in state(srv)[1]
    finally:
        stop_server(srv.proc)


def generations(kb: Path) -> list[str]:
    return sorted(p.name for p in (kb / "store").iterdir() if p.name.startswith("gen-") and "." not in p.name
                  or p.name.endswith(".graphs"))


def state(srv) -> tuple[str, list[str]]:
    return (srv.get("/healthz").json()["version"],
            sorted(d["doc"] for d in srv.get("/api/documents").json()["documents"]))
