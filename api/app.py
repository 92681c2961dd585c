"""The HTTP service: ``create_app(kb, settings)`` — FastAPI routes over one ``KnowledgeBase``.

Routes parse their input, call one library function and render its result;
the bodies are those of ``../shared/eval/CONTRACT.md`` where it names them.
Every error leaves as ``{"error": {"status", "code", "message"}}``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .assets import STATIC
from .errors import body, map_exception
from .gate import BodyTooLarge, Gate


def named_errors() -> tuple[type, ...]:
    """The library's own errors: each carries its status or is mapped by ``errors.map_exception``."""
    from extract.errors import ExtractError
    from kg.search.search import SearchError
    from kg.store.sparql import SparqlError
    from kg.store import StoreError
    from kg.build.validate import ValidationError

    from .errors import ApiError

    return (ApiError, ExtractError, StoreError, SearchError, SparqlError, ValidationError)


def allowed_methods(app: FastAPI, scope) -> str:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    methods = set()
    for route in app.router.routes:
        if getattr(route, "methods", None) and route.matches(scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))


class App(FastAPI):
    """FastAPI with ``gate.Gate`` outside everything, its error handling included, so that every response (a 500
    too) carries the security headers and no route reads a body the gate has not let through."""

    def build_middleware_stack(self):
        return Gate(super().build_middleware_stack(), self)


def create_app(kb, settings) -> FastAPI:
    from .routes import agencies, documents, graph, pages, search, sparql, system

    app = App(title="policykg", version="0.1.0",
                  description="Search, answers, audit trails and SPARQL over Chinese government policy documents.",
                  docs_url=None, redoc_url=None)  # /docs: Swagger UI served from /static (routes/pages.py)
    app.state.kb = kb
    app.state.settings = settings
    from .query_queue import QueryQueue

    app.state.sparql_queue = QueryQueue(settings.sparql_workers, settings.sparql_queue)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if isinstance(exc.__cause__, BodyTooLarge):  # a chunked upload cut while its form was parsed
            return JSONResponse(body(413, "too-large", str(exc.__cause__)), status_code=413)
        code = {400: "bad-request", 404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "error")
        message = {404: "no such page or resource", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        # a 405 keeps its Allow header (RFC 9110): the methods the resource does take
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": allowed_methods(app, request.scope)}
        return JSONResponse(body(exc.status_code, code, message), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse(body(400, "bad-request", "; ".join(parts) or "invalid request"), status_code=400)

    async def named_error(request: Request, exc: Exception):
        status, code, message = map_exception(exc)
        return JSONResponse(body(status, code, message), status_code=status)

    for cls in named_errors():
        app.add_exception_handler(cls, named_error)
    app.add_exception_handler(Exception, named_error)  # anything else: a bare 500, logged, never its text

    app.state.routers = [m.router for m in (system, search, agencies, documents, graph, sparql, pages)]
    for router in app.state.routers:
        app.include_router(router)
    if STATIC.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    from .openapi import install

    from kg.search.search import load_synonyms

    install(app, sorted(load_synonyms(str(Path(settings.ontology_dir) / "topics.toml")).topics))

    logging.getLogger("policykg.api").setLevel(logging.INFO)
    return app
