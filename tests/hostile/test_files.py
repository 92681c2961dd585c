"""Hostile files (``files.py``) through the three doors a file comes in by: the library, ``policykg extract``
and ``POST /api/documents`` on a live server. Each is refused with its reason (the same error code at every
door) or read correctly, within a time and a memory bound; a refused upload changes nothing."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from extract import ExtractError, extract_file
from tests.api.conftest import API_KEY, ONTOLOGY, ROOT
from tests.api.test_errors import assert_error_shape

from .conftest import KEY
from .files import cases

CASES = cases()
MAX_BYTES = 32 * 1024 * 1024  # the default upload limit, which `policykg extract` applies too
SECONDS = 300  # no file may take longer at any door (the 10 000-item upload takes about two minutes)
MEMORY = 4 * 1024 ** 3  # address space of the `policykg extract` process
SERVER_MEMORY = 1024 ** 3  # resident memory the server may reach while it takes every upload
STATUS = {"too-large": 413, "unsupported-format": 415}  # every other extraction error is 422


def params(selected):
    return [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.slow else []) for c in selected]


def test_the_folder_is_hostile_enough():
    assert len(CASES) >= 25 and len({c.id for c in CASES}) == len(CASES)
    assert sum(1 for c in CASES if c.expect.error) >= 15  # mostly refusals, not happy cases


@pytest.mark.parametrize("case", params([c for c in CASES if c.id != "200mb-text"]))
def test_library(case, tmp_path, resources):
    path = case.write(tmp_path)
    if case.expect.error:
        with pytest.raises(ExtractError) as err:
            extract_file(path, resources, max_bytes=MAX_BYTES)
        assert err.value.code == case.expect.error, err.value.reason
        assert err.value.reason and "\n" not in err.value.reason and "Traceback" not in err.value.reason
    else:
        case.expect.check(extract_file(path, resources, max_bytes=MAX_BYTES))


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def policykg_extract(path: Path, *more: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update({"PYTHONPATH": str(ROOT), "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY)})
    try:
        return subprocess.run([sys.executable, "-m", "api.cli", "extract", str(path), *more], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"policykg extract {path.name} did not finish within {SECONDS} s")


@pytest.mark.slow  # a process per file: about a minute in all
@pytest.mark.parametrize("case", params(CASES))
def test_cli(case, tmp_path):
    path = case.write(tmp_path)
    r = policykg_extract(path, "--json")
    assert "Traceback" not in r.stderr
    if case.expect.error:
        assert r.returncode == 2 and r.stdout == ""
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"policykg: {path}: "), r.stderr
    else:
        assert r.returncode == 0, r.stderr
        body = json.loads(r.stdout)
        if case.expect.measures is not None:
            assert len(body["measures"]) == case.expect.measures


def state(live) -> tuple[str, list[str]]:
    version = live.get("/healthz").json()["version"]
    return version, [d["doc"] for d in live.get("/api/documents").json()["documents"]]


@pytest.mark.parametrize("case", params(CASES))
def test_upload(case, live, tmp_path):
    before = state(live)
    path = case.write(tmp_path)
    with open(path, "rb") as fh:
        try:
            r = httpx.post(live.url + "/api/documents", files={"file": (case.filename, fh)}, headers=KEY,
                           timeout=SECONDS)
        except httpx.TimeoutException:
            pytest.fail(f"the upload of {case.id} was not answered within {SECONDS} s")
    refused = case.expect.error or case.expect.upload_error
    if refused:
        assert_error_shape(r, STATUS.get(refused, 422), refused, SimpleNamespace(kb_dir=live.kb_dir, api_key=API_KEY))
        assert state(live) == before  # the same version, the same documents
        return
    assert r.status_code == 201, r.text
    name = Path(case.filename).name  # a name with folders (../../escape.txt) is stored as its last part
    assert r.json()["written"] == [name]
    if case.expect.measures is not None:
        assert r.json()["measures"] == case.expect.measures
    assert sorted(state(live)[1]) == sorted(before[1] + [name])
    assert not (live.kb_dir.parent / name).exists() and not (live.kb_dir / name).exists()
    assert httpx.delete(f"{live.url}/api/documents/{name}", headers=KEY, timeout=60).status_code == 200
    assert state(live)[1] == before[1]


def test_the_server_still_answers(live):
    """After every hostile upload: the server is the same process, it searches, and no file made it grow
    past the memory bound (the files are read in children, each capped at extract_memory_mb)."""
    assert live.proc.poll() is None
    r = live.get("/api/search", params={"q": "长江禁渔"})
    assert r.status_code == 200 and r.json()["hits"]
    status = Path(f"/proc/{live.proc.pid}/status").read_text()
    peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    assert peak_kb < SERVER_MEMORY // 1024, f"the server's resident memory peaked at {peak_kb // 1024} MB"


def chunks(total_mb: int, head: bytes = b"", tail: bytes = b""):
    """A body sent without a length (chunked), as a client streaming a file it has not measured does."""
    yield head
    for _ in range(total_mb):
        yield b"x" * (1 << 20)
    yield tail


@pytest.mark.parametrize("route", ["upload", "sparql"])
def test_a_body_without_a_length_is_cut_at_the_limit(live, route):
    before = state(live)
    if route == "upload":
        head = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
                b"Content-Type: text/plain\r\n\r\n")
        r = httpx.post(live.url + "/api/documents", content=chunks(40, head, b"\r\n--b--\r\n"), timeout=SECONDS,
                       headers={**KEY, "Content-Type": "multipart/form-data; boundary=b"})
    else:
        r = httpx.post(live.url + "/sparql", content=chunks(40), timeout=SECONDS,
                       headers={"Content-Type": "application/sparql-query"})
    message = {"upload": "the request body is over the 32 MB limit",  # a query: what 20,000 characters take
               "sparql": "the request body is over what a query of 20000 characters can take"}[route]
    assert r.status_code == 413 and r.json() == {"error": {"status": 413, "code": "too-large", "message": message}}
    assert state(live) == before
