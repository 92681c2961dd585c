"""schemathesis against the OpenAPI document of a live ``policykg serve`` (the session's server on loopback):
no 500s, every response as its schema says (status, content type, body), and no error body that names a
stack frame, a file path or a setting's value.

Writes are tried without the key (the generator does not know it), so they are refused: the server's
knowledge base is the same after the run, which the last test checks.
"""
from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from .conftest import API_KEY

EXAMPLES = 25  # per operation; about twenty operations


def _spec() -> dict:
    """The OpenAPI document the server publishes (it depends on the routes, not on the data), read at
    collection so that the operations become test ids; ``test_the_live_spec_is_this_one`` checks it is the
    one the live server serves."""
    from api.app import create_app
    from api.settings import Settings

    return create_app(None, Settings.from_env(env={})).openapi()


SPEC = _spec()
schema = schemathesis.openapi.from_dict(SPEC)


@pytest.mark.slow
def test_the_live_spec_is_this_one(server):
    assert server.get("/openapi.json").json() == json.loads(json.dumps(SPEC))


def assert_no_leak(response, kb_dir) -> None:
    if response.status_code < 400:
        return
    text = response.text
    body = json.loads(text)
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}, text
    assert body["error"]["status"] == response.status_code
    for leak in ("Traceback", 'File "', "/tmp", "/work", "site-packages", str(kb_dir), API_KEY):
        assert leak not in text, f"{leak!r} in {text[:300]}"


def refused_beyond_the_schema(case) -> bool:
    """Requests the schema allows and the server rightly refuses (400) for what OpenAPI cannot say: a SPARQL
    query is a string to the schema (most strings are no SPARQL), and ``role`` needs an ``agency`` beside it.
    The "schema-valid data is accepted" check would count those against the server."""
    query = case.query or {}
    return case.operation.path == "/sparql" or (bool(query.get("role")) and not query.get("agency"))


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case, server):
    excluded = [positive_data_acceptance] if refused_beyond_the_schema(case) else []
    response = case.call_and_validate(base_url=server.url, timeout=60, excluded_checks=excluded)
    assert_no_leak(response, server.kb_dir)


@pytest.mark.slow
def test_nothing_was_written(server):
    """Run after the generated requests (pytest keeps file order): the version is that of the copy served."""
    import json as _json

    info = _json.loads((server.kb_dir / "kb.json").read_text())
    assert server.get("/healthz").json()["version"] == info["version"]
