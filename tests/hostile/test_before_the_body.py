"""What a write or a query is refused for, it is refused for from its headers, before its body is read: an upload
without the key (or with a declared length past ``max_upload_mb``) and a SPARQL POST past what ``max_sparql_chars``
can encode to get their answer while the client is still sending, and nothing of the body is spooled to disk."""
from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import API_KEY

MB = 1024 * 1024


def send_head_and_some(url: str, head: str, some: bytes = b"x" * 65536, wait: float = 5.0) -> tuple[int, dict]:
    """Send a request's head and the first bytes of a body it says is much longer, then wait for an answer
    without sending the rest: the status and body the server answers with (no answer: a timeout error)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + some)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = sock.recv(65536)  # socket.timeout if the server waits for the rest of the body
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, json.loads(data.split(b"\r\n\r\n", 1)[1])


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def upload_head(length: int, key: str | None = None) -> str:
    lines = ["POST /api/documents HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}",
             "Content-Type: multipart/form-data; boundary=b0undary"]
    if key:
        lines.append(f"X-API-Key: {key}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key,status,code", [(None, 401, "unauthorized"), ("wrong", 403, "forbidden")])
def test_an_upload_without_the_key_is_refused_before_its_body(live, tmp_path, key, status, code):
    got, body = send_head_and_some(live.url, upload_head(32 * MB, key))
    assert (got, body["error"]["status"], body["error"]["code"]) == (status, status, code)


def test_a_declared_length_past_the_upload_limit_is_refused_before_the_body(live):
    got, body = send_head_and_some(live.url, upload_head(40 * MB, API_KEY))
    assert got == 413 and body == {"error": {"status": 413, "code": "too-large",
                                             "message": "the request body is over the 32 MB limit"}}


def test_a_sparql_body_past_the_query_limit_is_refused_before_it_is_read(live):
    head = "\n".join(["POST /sparql HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {33 * MB}",
                      "Content-Type: application/sparql-query"]) + "\n"
    got, body = send_head_and_some(live.url, head, b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 65536)
    assert got == 413 and body["error"]["code"] == "too-large"
    assert body["error"]["message"] == "the request body is over what a query of 20000 characters can take"


def test_a_chunked_sparql_body_is_cut_at_the_limit(live):
    import httpx

    def chunks():
        yield b"SELECT * WHERE { ?s ?p ?o } #"
        for _ in range(40):  # 2.6 MB in all, far past 20,000 characters
            yield b"x" * 65536

    r = httpx.post(live.url + "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"},
                   timeout=30)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too-large"


def test_the_server_stays_up_and_keeps_the_connection_usable(live):
    """After a refused upload whose body still came, the same connection serves the next request."""
    import httpx

    with httpx.Client(base_url=live.url, timeout=30) as client:
        r = client.post("/api/documents", files={"file": ("x.txt", b"a" * (2 * MB))})
        assert r.status_code == 401
        assert client.get("/healthz").status_code == 200
