"""The deploy recipe's nginx in front of a live replica (deploy/nginx.conf.in as up.sh writes it, one
``policykg serve`` over the embedded store): an upload without the key is refused before its body, by the
replica, nginx storing none of it; an upload declaring too much is refused by nginx in the one error shape;
another Host gets no answer; a connection that sends nothing is closed; every answer carries the security
headers once."""
from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import time

import httpx
import pytest

from tests.api.conftest import CORPUS, settings_for, start_server, stop_server
from tests.hostile.test_before_the_body import send_head_and_some, upload_head
from tests.servers import free_port

from .conftest import ROOT

pytestmark = pytest.mark.slow
MB = 1024 * 1024


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    from kg.service import KnowledgeBase

    folder = tmp_path_factory.mktemp("nginx")
    kb = folder / "kb"
    docs = folder / "docs"
    docs.mkdir()
    for name in ("001_a4dc09f2c6a77e08.txt", "manifest.toml"):
        shutil.copy(CORPUS / name, docs / name)
    KnowledgeBase(settings_for(kb, validate=False)).build([docs])
    replica = start_server(kb, folder / "serve.log")
    port = free_port()
    (folder / "tmp").mkdir()
    text = ((ROOT / "deploy" / "nginx.conf.in").read_text(encoding="utf-8").replace("@DIR@", str(folder))
            .replace("@LISTEN@", f"127.0.0.1:{port}")
            .replace("@UPSTREAMS@", f"        server {replica.url.split('//')[1]} max_fails=0;")
            .replace("@SERVER_NAMES@", "localhost 127.0.0.1"))
    (folder / "nginx.conf").write_text(text, encoding="utf-8")
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx_bin, "-c", str(folder / "nginx.conf"), "-p", str(folder)], check=True, timeout=30)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url
    pid = int((folder / "nginx.pid").read_text())
    subprocess.run(["kill", "-QUIT", str(pid)], timeout=10)
    stop_server(replica.proc)


def test_an_upload_without_the_key_is_refused_before_nginx_stores_its_body(nginx):
    status, body = send_head_and_some(nginx, upload_head(32 * MB))
    assert status == 401 and body["error"]["code"] == "unauthorized"


def test_an_upload_declaring_too_much_is_refused_by_nginx(nginx):
    status, body = send_head_and_some(nginx, upload_head(40 * MB, "any"))
    assert status == 413 and body == {"error": {"status": 413, "code": "too-large",
                                                "message": "the request body is over the 32 MB limit"}}


def test_another_host_gets_no_answer(nginx):
    host, port = nginx.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("GET", "/healthz", skip_host=True)
    conn.putheader("Host", "evil.example")
    conn.endheaders()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        conn.getresponse()


@pytest.mark.parametrize("path,status", [("/healthz", 200), ("/no/such", 404), ("/docs", 200)])
def test_the_security_headers_once(nginx, path, status):
    r = httpx.get(nginx + path, timeout=30)
    assert r.status_code == status
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert len(r.headers.get_list(name)) == 1, name
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_silent_connection_is_closed_at_the_header_timeout(nginx):
    host, port = nginx.split("//")[1].split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        assert sock.recv(1) == b""
    assert 9 < time.monotonic() - started < 15
