from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..errors import ApiError, Forbidden
from .deps import kb

router = APIRouter(tags=["sparql"])


def _run(request: Request, query: str, fmt: str | None, kb_, seconds: float):
    """In a worker thread: the current store, then the query in a worker process (at most ``seconds``)."""
    from kg.store import open_store, sparql

    s = request.app.state.settings
    kb_.store()  # the current version (a replica catches up first)
    try:
        return sparql.run(partial(open_store, s), query, request.headers.get("accept"), fmt, timeout=seconds,
                          row_limit=s.sparql_row_limit, max_chars=s.max_sparql_chars, processes=s.sparql_workers,
                          memory_mb=s.sparql_memory_mb)
    except sparql.SparqlTimeout:  # told in the setting's seconds, not in what was left after the wait
        raise _timeout(s) from None


def _timeout(s):
    from kg.store import sparql

    return sparql.SparqlTimeout(f"the query took longer than the {s.sparql_timeout:g} s limit and was stopped")


async def _answer(request: Request, query: str | None, fmt: str | None, kb_) -> Response:
    from kg.store import sparql

    s = request.app.state.settings
    query = query or ""
    sparql.check(query, s.max_sparql_chars)  # refused at once, before it waits for anything
    # waiting for a worker holds no thread (api/query_queue.py); a query may run to its time limit
    result = await request.app.state.sparql_queue.run(partial(_run, request, query, fmt, kb_), s.sparql_timeout,
                                                      _timeout(s))
    headers = {"X-SPARQL-MaxRows": str(s.sparql_row_limit)}
    if result.truncated:
        headers["X-SPARQL-Truncated"] = "true"
    return Response(result.body, media_type=result.media_type, headers=headers)


@router.get("/sparql", summary="SPARQL 1.1 Protocol query (read-only; results as JSON, XML, CSV, TSV; "
                               "graphs as Turtle, N-Triples, JSON-LD by Accept header or ?format=)")
async def sparql_get(request: Request, query: str | None = None, format: str | None = None,
                     kb_=Depends(kb)) -> Response:
    if "update" in request.query_params:
        raise Forbidden("this endpoint is read-only: SPARQL updates are refused")
    if query is None:
        raise ApiError("no query: pass ?query=…", code="bad-query")
    return await _answer(request, query, format, kb_)


@router.post("/sparql", summary="SPARQL 1.1 Protocol query by POST (form-encoded or application/sparql-query)")
async def sparql_post(request: Request, kb_=Depends(kb)) -> Response:
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    fmt = request.query_params.get("format")
    if ctype == "application/sparql-update":
        raise Forbidden("this endpoint is read-only: SPARQL updates are refused")
    if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise ApiError("send the query as application/sparql-query or a form field query=…", status=415,
                       code="unsupported-media-type")
    raw = await request.body()  # at most what max_sparql_chars can encode to: the gate cuts it there
    if ctype == "application/sparql-query":
        query = raw.decode("utf-8", errors="replace")
    else:
        from urllib.parse import parse_qs

        form = parse_qs(raw.decode("utf-8", errors="replace"))
        if "update" in form:
            raise Forbidden("this endpoint is read-only: SPARQL updates are refused")
        query = (form.get("query") or [None])[0]
        fmt = fmt or (form.get("format") or [None])[0]
    return await _answer(request, query, fmt, kb_)
