"""The server's own limits, on a live server: a connection that does not send its request head in time is closed
(a byte now and then does not keep it), an idle keep-alive connection is closed, a flood of idle connections
past the open-file limit neither stops health and search nor fills the log, and log lines are rate-limited."""
from __future__ import annotations

import re
import socket
import time
from collections import Counter
from urllib.parse import urlsplit

import httpx
import pytest

from tests.api.conftest import copy_kb, start_server, stop_server

HEADER_TIMEOUT = 1.5
KEEP_ALIVE = 1.0


@pytest.fixture(scope="module")
def timed(small_kb_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeouts")
    srv = start_server(copy_kb(small_kb_dir, folder / "kb"), folder / "serve.log",
                       extra_env={"POLICYKG_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
                                  "POLICYKG_KEEP_ALIVE_TIMEOUT": str(KEEP_ALIVE),
                                  "POLICYKG_LOG_LINES_PER_MINUTE": "30"})
    srv.log = folder / "serve.log"
    yield srv
    stop_server(srv.proc)


def connect(url: str, timeout: float = 10) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=timeout)


def closed_after(sock: socket.socket, trickle: bytes = b"", every: float = 0.25, limit: float = 10) -> float:
    """Seconds until the server closes ``sock``, sending one byte of ``trickle`` every ``every`` s meanwhile."""
    started = time.monotonic()
    sock.settimeout(every)
    sent = 0
    while time.monotonic() - started < limit:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - started
        except socket.timeout:
            pass
        except ConnectionResetError:
            return time.monotonic() - started
        if sent < len(trickle):
            try:
                sock.sendall(trickle[sent:sent + 1])
            except (BrokenPipeError, ConnectionResetError):
                return time.monotonic() - started
            sent += 1
    return float("inf")


def test_a_connection_that_sends_nothing_is_closed(timed):
    with connect(timed.url) as sock:
        assert HEADER_TIMEOUT - 0.3 < closed_after(sock) < HEADER_TIMEOUT + 1.5


def test_a_head_sent_a_byte_at_a_time_is_closed_at_the_header_timeout(timed):
    with connect(timed.url) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert closed_after(sock, trickle=b"X-Slow: " + b"a" * 200) < HEADER_TIMEOUT + 1.5


def test_a_next_head_sent_a_byte_at_a_time_on_a_kept_connection_is_closed(timed):
    with connect(timed.url) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.settimeout(10)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert closed_after(sock, trickle=b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"a" * 200) < HEADER_TIMEOUT + 1.5
        assert time.monotonic() - started > HEADER_TIMEOUT - 0.3  # the keep-alive timeout stopped at its first byte


def test_an_idle_keep_alive_connection_is_closed(timed):
    with connect(timed.url) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.settimeout(10)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        assert closed_after(sock) < KEEP_ALIVE + 1.0


def test_a_request_within_the_timeouts_is_answered_on_a_kept_connection(timed):
    with httpx.Client(base_url=timed.url, timeout=10) as client:
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
            time.sleep(KEEP_ALIVE / 3)


def test_log_lines_are_rate_limited(timed):
    before = timed.log.read_text(errors="replace").count("\n")
    for _ in range(1500):  # each makes uvicorn log "Invalid HTTP request received."
        with connect(timed.url) as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            try:
                sock.recv(4096)
            except OSError:
                pass
    assert timed.get("/healthz").status_code == 200
    written = timed.log.read_text(errors="replace").splitlines()[before:]
    assert 0 < len(written) <= 30 + 5, written[-5:]


def test_idle_connections_past_the_open_file_limit(small_kb_dir, tmp_path):
    """400 idle connections to a server allowed 256 open files: the ones waiting longest for a request head
    make room, health and search answer at once, and the log stays short."""
    srv = start_server(copy_kb(small_kb_dir, tmp_path / "kb"), tmp_path / "serve.log", open_files=256)
    idle = []
    try:
        for _ in range(400):
            idle.append(connect(srv.url))
        time.sleep(0.5)
        for path, params in (("/healthz", None), ("/api/search", {"q": "秸秆"})):
            started = time.monotonic()
            r = httpx.get(srv.url + path, params=params, timeout=10)
            assert r.status_code == 200 and time.monotonic() - started < 2.0
        evicted = 0
        for sock in idle[:50]:  # the first ones were closed to make room for the later ones
            sock.settimeout(0.5)
            try:
                evicted += sock.recv(1) == b""
            except socket.timeout:
                pass
            except ConnectionResetError:
                evicted += 1
        assert evicted == 50
    finally:
        for sock in idle:
            sock.close()
        stop_server(srv.proc)
    # the log_lines_per_minute default (60) bounds the records, a sixth of it each kind: asyncio's traceback
    # for an accept past the file limit and, in some runs, one for a callback on the refused descriptor,
    # ten of each at about 1 KB (the thousands of others held back and counted)
    log = (tmp_path / "serve.log").read_text(errors="replace")
    records = re.findall(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\w+) ([\w.]+): (.{0,40})", log, re.MULTILINE)
    assert len(records) <= 60 and len(log.encode("utf-8")) < 40_000, records
    assert max(Counter((name, text) for _, name, text in records).values()) <= 10, records


def test_what_is_not_http_is_answered_in_the_one_error_shape(timed):
    import json

    with connect(timed.url) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"x-content-type-options: nosniff" in head
    assert json.loads(payload) == {"error": {"status": 400, "code": "bad-request",
                                             "message": "the request is not valid HTTP/1.1"}}
