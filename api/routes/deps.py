"""What routes share: the knowledge base, the settings, filters from query parameters, the API key."""
from __future__ import annotations

import hmac
from datetime import date

from fastapi import Header, Query, Request

from ..errors import ApiError, Forbidden, Unauthorized


def kb(request: Request):
    return request.app.state.kb


def settings(request: Request):
    return request.app.state.settings


def text_param(value: str | None, request: Request, name: str = "q") -> str:
    limit = request.app.state.settings.max_query_chars
    value = value or ""
    if len(value) > limit:
        raise ApiError(f"{name} is over {limit} characters", status=400, code="too-long")
    return value


def filters(
    agency: str | None = Query(None, description="agency name as documents abbreviate it (市交通局)"),
    role: str | None = Query(None, description="lead or support (with agency)"),
    doc: str | None = Query(None, description="document file name"),
    place: str | None = Query(None, description="a place: its documents and those of places within it (苏州市)"),
    level: str | None = Query(None, description="national, province, city or county"),
    kind: str | None = Query(None, description="plan, annual-plan, task-breakdown or progress-report"),
    topic: str | None = Query(None, description="a topic of the scheme (air, water, soil …)"),
    due_before: date | None = Query(None, description="a deadline on or before this day"),
    due_after: date | None = Query(None, description="a deadline on or after this day"),
):
    from kg.search import Filters

    return Filters(agency=agency or None, role=role or None, doc=doc or None, place=place or None, level=level or None,
                   kind=kind or None, topic=topic or None, due_before=due_before, due_after=due_after)


def require_key(request: Request, x_api_key: str | None = Header(None), authorization: str | None = Header(None)) -> None:
    """Writes need the API key of the settings (constant-time comparison); with none set, every write is refused."""
    configured = request.app.state.settings.api_key
    if not configured:
        raise Forbidden("writes are disabled: no API key is configured on this server")
    given = x_api_key or ""
    if not given and authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given:
        raise Unauthorized("this request needs the API key (header X-API-Key)")
    if not hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8")):
        raise Forbidden("the API key is not valid")
