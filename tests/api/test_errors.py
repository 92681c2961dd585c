"""One JSON error shape for every error (like datasette's test_error_shape): ``{"error": {status, code, message}}``,
the HTTP status assigned once at the edge, and never a traceback, a path or a setting in a body."""
from __future__ import annotations

import json

import pytest

from .conftest import API_KEY, make_client, settings_for

KEY = {"X-API-Key": API_KEY}
POLICY_TEXT = "平湖市2025年大气污染防治工作要点\n一、深入打好蓝天保卫战\n1.到2025年底前，完成全市加油站油气回收在线监控系统安装。（市生态环境局牵头）\n"

# (method, path, request keywords, status, code)
CASES = [
    ("GET", "/nope", {}, 404, "not-found"),
    ("GET", "/api/nope", {}, 404, "not-found"),
    ("POST", "/healthz", {}, 405, "method-not-allowed"),
    ("GET", "/api/documents/nope.txt", {}, 404, "not-found"),
    ("GET", "/api/measures/nope-001", {}, 404, "not-found"),
    ("GET", "/api/agencies/不存在局/measures", {}, 404, "not-found"),
    ("GET", "/api/agencies/不存在局/tasks.xlsx", {}, 404, "not-found"),
    ("GET", "/api/agencies/不存在局/deadlines.ics", {}, 404, "not-found"),
    ("GET", "/api/trace?doc=nope.txt&contains=x", {}, 404, "not-found"),
    ("GET", "/api/trace?doc=002_67f8289a9b82292a.txt&contains=月球背面", {}, 404, "not-found"),
    ("GET", "/api/trace?doc=002_67f8289a9b82292a.txt", {}, 400, "bad-request"),
    ("GET", "/api/ask", {}, 400, "bad-request"),
    ("GET", "/api/ask?q=" + "岸" * 2001, {}, 400, "too-long"),
    ("GET", "/api/search?q=岸电&k=0", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&k=abc", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&role=boss&agency=市交通局", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&role=lead", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&level=town", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&kind=memo", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&topic=weather", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&due_before=2025-13-01", {}, 400, "bad-request"),
    ("GET", "/api/search?q=岸电&due_after=tomorrow", {}, 400, "bad-request"),
    ("GET", "/api/measures?limit=0", {}, 400, "bad-request"),
    ("GET", "/api/measures?level=town", {}, 400, "bad-request"),
    ("GET", "/api/measures?level=village", {}, 400, "bad-request"),
    ("GET", "/api/export?format=xlsx", {}, 400, "bad-request"),
    ("GET", "/sparql", {}, 400, "bad-query"),
    ("GET", "/sparql?query=SELECT * WHERE { ?s ?p", {}, 400, "bad-query"),
    ("GET", "/sparql?query=INSERT DATA { <urn:a> <urn:b> <urn:c> }", {}, 403, "forbidden"),
    ("GET", "/sparql?update=DROP ALL", {}, 403, "forbidden"),
    ("POST", "/sparql", {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403,
     "forbidden"),
    ("POST", "/sparql", {"content": b"SELECT * {}", "headers": {"Content-Type": "text/plain"}}, 415,
     "unsupported-media-type"),
    ("GET", "/sparql?query=SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", {}, 403,
     "forbidden"),
    ("GET", "/sparql?query=SELECT ?s WHERE { ?s ?p ?o }&format=ttl", {}, 400, "bad-query"),
    ("GET", "/sparql?query=SELECT (COUNT(*) AS ?n) WHERE { ?a a pkg:Measure . ?b a pkg:Measure . ?c a pkg:Measure . "
            "?d a pkg:Measure }", {}, 503, "query-timeout"),
    # writes: no key, a wrong key
    ("POST", "/api/documents", {"files": {"file": ("x.txt", POLICY_TEXT.encode())}}, 401, "unauthorized"),
    ("POST", "/api/documents", {"files": {"file": ("x.txt", POLICY_TEXT.encode())}, "headers": {"X-API-Key": "no"}},
     403, "forbidden"),
    ("POST", "/api/documents", {"files": {"file": ("x.txt", POLICY_TEXT.encode())},
                                "headers": {"Authorization": "Bearer no"}}, 403, "forbidden"),
    ("DELETE", "/api/documents/000_a96bc2db90b64911.txt", {}, 401, "unauthorized"),
    ("DELETE", "/api/documents/000_a96bc2db90b64911.txt", {"headers": {"X-API-Key": "no"}}, 403, "forbidden"),
    # writes with the key that cannot be done
    ("DELETE", "/api/documents/nope.txt", {"headers": KEY}, 404, "not-found"),
    ("POST", "/api/documents", {"headers": KEY}, 400, "bad-request"),
    ("POST", "/api/documents", {"files": {"file": ("big.txt", b"a" * (1024 * 1024 + 1))}, "headers": KEY}, 413,
     "too-large"),
    ("POST", "/api/documents", {"files": {"file": ("empty.txt", b"")}, "headers": KEY}, 422, "empty"),
    ("POST", "/api/documents", {"files": {"file": ("noise.txt", bytes(range(256)) * 8)}, "headers": KEY}, 422,
     "unreadable"),
    ("POST", "/api/documents", {"files": {"file": ("notes.txt", b"Meeting notes: lunch at noon, then the budget.")},
                                "headers": KEY}, 422, "not-policy-text"),
    ("POST", "/api/documents", {"files": {"file": ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))},
                                "headers": KEY}, 415, "unsupported-format"),
    ("POST", "/api/documents", {"files": {"file": ("plan.exe", POLICY_TEXT.encode())}, "headers": KEY}, 415,
     "unsupported-format"),
    ("POST", "/api/documents", {"files": {"file": ("plan", POLICY_TEXT.encode())}, "headers": KEY}, 415,
     "unsupported-format"),
    ("POST", "/api/documents", {"files": {"file": ("plan.docx", b"PK\x03\x04 not really a zip")}, "headers": KEY},
     422, "unreadable"),
]


@pytest.fixture(scope="module")
def limited(built_kb_dir, tmp_path_factory):
    """A client over a copy of the corpus KB with a 1 MB upload limit (writes may happen in a failing case)."""
    from kg.service import KnowledgeBase

    from .conftest import copy_kb

    s = settings_for(copy_kb(built_kb_dir, tmp_path_factory.mktemp("errors") / "kb"), max_upload_mb=1)
    return make_client(KnowledgeBase(s), s), s


def assert_error_shape(r, status: int, code: str, settings=None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    text = json.dumps(body, ensure_ascii=False)
    assert "Traceback" not in text and 'File "' not in text
    assert "/tmp" not in text and "/work" not in text and "site-packages" not in text
    if settings is not None:
        assert str(settings.kb_dir) not in text and (not settings.api_key or settings.api_key not in text)
    return body


@pytest.mark.parametrize("method,path,kw,status,code", CASES,
                         ids=[f"{c[3]}-{c[0]}-{c[1][:50]}" for c in CASES])
def test_error_shape(limited, method, path, kw, status, code):
    client, s = limited
    before = client.get("/healthz").json()["version"]
    r = client.request(method, path, **kw)
    assert_error_shape(r, status, code, s)
    assert client.get("/healthz").json()["version"] == before  # nothing written by a refused request


def test_writes_refused_when_no_key_is_configured(built_kb_dir, tmp_path):
    from kg.service import KnowledgeBase

    from .conftest import copy_kb

    s = settings_for(copy_kb(built_kb_dir, tmp_path / "kb"), api_key="")
    client = make_client(KnowledgeBase(s), s)
    for kw in ({}, {"headers": {"X-API-Key": ""}}, {"headers": {"X-API-Key": "anything"}}):
        r = client.post("/api/documents", files={"file": ("x.txt", POLICY_TEXT.encode())}, **kw)
        body = assert_error_shape(r, 403, "forbidden", s)
        assert body["error"]["message"] == "writes are disabled: no API key is configured on this server"
        assert_error_shape(client.delete("/api/documents/000_a96bc2db90b64911.txt", **kw), 403, "forbidden", s)
    assert client.get("/api/documents/000_a96bc2db90b64911.txt").status_code == 200


def test_unexpected_errors_are_a_bare_500(client, monkeypatch, kb):
    def boom(*a, **k):
        raise RuntimeError("secret detail at /work/wt/api/kg/service.py")

    monkeypatch.setattr(kb, "search", boom)
    r = client.get("/api/search", params={"q": "岸电"})
    body = assert_error_shape(r, 500, "internal")
    assert body["error"]["message"] == "internal error"


def test_store_errors_name_no_folder(client, monkeypatch, kb):
    from kg.store import StoreError

    def broken(*a, **k):
        raise StoreError(f"{kb.settings.kb_dir}/kb.json: unreadable")

    monkeypatch.setattr(kb, "documents", broken)
    body = assert_error_shape(client.get("/api/documents"), 503, "unavailable", kb.settings)
    assert body["error"]["message"] == "the knowledge base is unavailable"
