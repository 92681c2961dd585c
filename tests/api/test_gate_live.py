"""What every response of the live server carries, and the Host names it answers: the security headers on pages,
API answers, files, errors and refusals alike; a Host header naming another site (DNS rebinding) refused in the
one error shape."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import httpx
import pytest

HEADERS = {"content-security-policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
           "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


@pytest.mark.parametrize("method,path,kw,status", [
    ("GET", "/", {}, 200),
    ("GET", "/healthz", {}, 200),
    ("GET", "/api/search", {"params": {"q": "岸电"}}, 200),
    ("GET", "/static/js/main.js", {}, 200),
    ("GET", "/docs", {}, 200),
    ("GET", "/openapi.json", {}, 200),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "format": "csv"}}, 200),
    ("GET", "/no/such/page", {}, 404),
    ("GET", "/api/search", {"params": {"k": "many"}}, 400),
    ("POST", "/api/documents", {"files": {"file": ("a.txt", b"x")}}, 401),
    ("DELETE", "/api/documents/a.txt", {"headers": {"X-API-Key": "wrong"}}, 403),
    ("POST", "/sparql", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415),
])
def test_every_response_carries_the_security_headers(server, method, path, kw, status):
    r = httpx.request(method, server.url + path, timeout=30, **kw)
    assert r.status_code == status, r.text
    assert {k: r.headers.get(k) for k in HEADERS} == HEADERS


def raw_get(server, path: str, host: str) -> tuple[int, dict, dict]:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), json.loads(r.read() or b"null")
    finally:
        conn.close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "[::2]:80"])
def test_another_host_name_is_refused(server, host):
    for path in ("/healthz", "/api/documents", "/sparql?query=ASK%7B%7D"):
        status, headers, body = raw_get(server, path, host)
        assert status == 400 and body == {"error": {"status": 400, "code": "bad-host", "message":
                                                    "this server does not answer for that host name "
                                                    "(setting allowed_hosts)"}}
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]", "127.0.0.1:{port}",
                                  "localhost:{port}"])
def test_the_loopback_names_are_answered(server, host):
    status, _, body = raw_get(server, "/healthz", host.format(port=urlsplit(server.url).port))
    assert status == 200 and body["status"] == "ok"


def test_allowed_hosts_names_them(tmp_path, built_kb_dir):
    from .conftest import copy_kb, start_server, stop_server

    srv = start_server(copy_kb(built_kb_dir, tmp_path / "kb"), tmp_path / "serve.log",
                       extra_env={"POLICYKG_ALLOWED_HOSTS": "policy.example.cn, 127.0.0.1"})
    try:
        assert raw_get(srv, "/healthz", "policy.example.cn")[0] == 200
        assert raw_get(srv, "/healthz", "policy.example.cn:443")[0] == 200
        assert raw_get(srv, "/healthz", "localhost")[0] == 400
    finally:
        stop_server(srv.proc)


def test_docs_load_nothing_from_outside(server):
    """/docs is Swagger UI from this server's /static (vendored with its licence), started by a script file: nothing
    from a CDN, nothing inline for the Content-Security-Policy to refuse."""
    import re

    page = server.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "<script>" not in page.text and "style=" not in page.text
    assert [u for u in urls if not u.startswith(("/static/", "data:"))] == []
    assert {"/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
            "/static/js/docs.js"} <= set(urls)
    for u in urls + ["/static/vendor/swagger-ui/LICENSE"]:
        if u.startswith("/"):
            assert server.get(u).status_code == 200, u
