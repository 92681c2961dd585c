"""Upload names on a live server: a name that would replace a document (``../x.txt`` is ``x.txt``) is refused
unless the upload asks ``?replace=true``; a long name is cut to 200 characters before its type is checked,
keeping its ending, so that what is checked is what is stored."""
from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import CORPUS

from .conftest import DOCS, KEY
from .files import POLICY


def state(live) -> tuple[str, list[str]]:
    return (live.get("/healthz").json()["version"],
            sorted(d["doc"] for d in live.get("/api/documents").json()["documents"]))


def post(live, name: str, data: bytes, **params) -> httpx.Response:
    return httpx.post(live.url + "/api/documents", params=params, files={"file": (name, data)}, headers=KEY,
                      timeout=120)


@pytest.mark.parametrize("name", [DOCS[0], "../" + DOCS[0], "a/b/../../" + DOCS[0], "..\\" + DOCS[0]])
def test_a_name_that_would_replace_a_document_needs_replace_true(live, name):
    before = state(live)
    r = post(live, name, (CORPUS / DOCS[0]).read_bytes())
    assert r.status_code == 409 and r.json() == {"error": {"status": 409, "code": "exists", "message":
                                                           f"a document named {DOCS[0]} is in the knowledge base "
                                                           "already; send ?replace=true to replace it"}}
    assert state(live) == before


def test_replace_true_replaces_it(live):
    before = state(live)
    r = post(live, "../" + DOCS[0], (CORPUS / DOCS[0]).read_bytes(), replace="true")
    assert r.status_code == 201 and r.json()["written"] == [DOCS[0]]
    after = state(live)
    assert after[1] == before[1] and after[0] != before[0]


def test_a_long_name_keeps_its_ending(live):
    name = "平湖市" * 100 + ".txt"  # 304 characters
    r = post(live, name, POLICY.encode("utf-8"))
    assert r.status_code == 201, r.text
    stored = r.json()["written"][0]
    assert stored == "平湖市" * 65 + "平.txt" and len(stored) == 200
    assert stored in state(live)[1]
    assert httpx.delete(f"{live.url}/api/documents/{stored}", headers=KEY, timeout=60).status_code == 200


@pytest.mark.parametrize("name", ["a" * 300 + ".exe", "plan.txt" + "a" * 300, "a" * 199 + ".t" + "x" * 20])
def test_a_long_name_is_checked_as_it_is_stored(live, name):
    before = state(live)
    r = post(live, name, POLICY.encode("utf-8"))
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported-format"
    assert state(live) == before


def test_a_preview_of_a_long_name_shows_the_stored_name(live):
    r = post(live, "要点" * 150 + ".md", POLICY.encode("utf-8"), preview="true")
    assert r.status_code == 200 and r.json()["doc"] == "要点" * 98 + "要.md"
