"""Query strings of 100 KB, odd Unicode and empty queries on search, ask and SPARQL, sent to the live
server byte for byte (``http.client``: httpx refuses a URL this long before it leaves): each is answered
or refused in the one error shape, never a 500, never a reset connection."""
from __future__ import annotations

import http.client
import json
from urllib.parse import quote, urlsplit

import pytest

HUGE_CJK = "岸" * 34_000  # 100 KB in UTF-8, 300 KB once percent-encoded
HUGE_ASCII = "a" * 100_000
ROUTES = [("/api/search", "q"), ("/api/ask", "q"), ("/sparql", "query")]


def get(server, path: str, name: str, raw_value: str) -> tuple[int, dict]:
    """GET ``path?name=raw_value`` (``raw_value`` already percent-encoded) and the parsed JSON body."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.putrequest("GET", f"{path}?{name}={raw_value}")
        conn.endheaders()
        r = conn.getresponse()
        assert r.getheader("content-type", "").startswith(("application/json", "application/sparql-results+json"))
        return r.status, json.loads(r.read())
    finally:
        conn.close()


def assert_refused(status: int, body: dict, code: str) -> None:
    assert status == 400 and set(body) == {"error"} and body["error"]["code"] == code, body
    assert body["error"]["status"] == 400 and "Traceback" not in body["error"]["message"]


@pytest.mark.parametrize("value", [HUGE_CJK, HUGE_ASCII], ids=["cjk", "ascii"])
@pytest.mark.parametrize("path,name", ROUTES)
def test_100_kb_is_refused_by_name(server, path, name, value):
    status, body = get(server, path, name, quote(value))
    assert_refused(status, body, "bad-query" if path == "/sparql" else "too-long")
    assert "characters" in body["error"]["message"]


def test_empty_queries(server):
    status, body = get(server, "/api/search", "q", "")
    assert status == 200 and body["hits"] == [] and body["query"] == ""
    status, body = get(server, "/api/ask", "q", "")
    assert status == 200 and body["answers"] == [] and body["question"] == ""
    assert_refused(*get(server, "/sparql", "query", ""), "bad-query")
    assert_refused(*get(server, "/sparql", "query", quote(" \n\t")), "bad-query")


CLEAN = "岸电使用率"
ODD = {  # what a browser, a copy from a PDF or a fuzzer sends, around a real query
    "nul": "\x00" + CLEAN,
    "zero-width": "岸\u200b电\u200d使用率\ufeff",
    "bidi-override": "\u202e" + CLEAN + "\u202c",
    "fullwidth-space": "\u3000" + CLEAN + "\u3000",
    "traditional": "岸電使用率",
}


@pytest.mark.parametrize("label", ODD)
def test_odd_unicode_finds_what_the_clean_query_finds(server, label):
    _, clean = get(server, "/api/search", "q", quote(CLEAN))
    status, body = get(server, "/api/search", "q", quote(ODD[label]))
    assert status == 200
    assert [h["measure_id"] for h in body["hits"]] == [h["measure_id"] for h in clean["hits"]] != []


@pytest.mark.parametrize("raw", [
    quote("😀🀄𠀀\U000e0001"),  # emoji, mahjong, an astral ideograph, a tag character
    quote("a\u0301" * 500),  # combining marks
    "%ED%A0%80",  # a lone surrogate, as UTF-8 bytes
    "%FF%FE%FD",  # no UTF-8 at all
    "%C0%AF..%2F..%2Fetc%2Fpasswd",  # overlong slash and a path
    quote("' OR 1=1 -- <script>alert(1)</script>"),
])
@pytest.mark.parametrize("path,name", ROUTES)
def test_odd_bytes_are_answered_or_refused(server, path, name, raw):
    status, body = get(server, path, name, raw)
    if status == 200:
        assert ("hits" in body) if path == "/api/search" else ("answers" in body) if path == "/api/ask" else True
    else:
        assert_refused(status, body, "bad-query" if path == "/sparql" else "bad-request")
