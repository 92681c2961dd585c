"""What routes share: the knowledge base, the settings, filters from query parameters, the API key."""
from __future__ import annotations

import hmac
from datetime import date

import anyio

from fastapi import Header, Query, Request

from kg.search.search import KINDS, LEVELS, ROLES

from ..errors import ApiError, Forbidden, Unauthorized


def kb(request: Request):
    return request.app.state.kb


def settings(request: Request):
    return request.app.state.settings


async def in_timebox(request: Request, work, what: str, limiter=None):
    """``work(timebox)`` in a worker thread, off the event loop, stopped once it runs past the
    ``export_timeout`` setting or the client goes away (``kg.timebox``: the work checks between its steps)."""
    from kg.timebox import Timebox

    timebox = Timebox(request.app.state.settings.export_timeout, what)
    outcome: dict = {}
    finished = anyio.Event()

    async def run() -> None:
        try:
            outcome["value"] = await anyio.to_thread.run_sync(work, timebox, limiter=limiter)
        except Exception as exc:  # raised again below, in the request's own task (not as a group)
            outcome["error"] = exc
        finally:
            finished.set()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run)
        while not finished.is_set():
            with anyio.move_on_after(0.25):
                await finished.wait()
            if not finished.is_set() and not timebox.cancelled and await request.is_disconnected():
                timebox.cancel()  # the work stops at its next check; the thread is waited for, never left running
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def text_param(value: str | None, request: Request, name: str = "q") -> str:
    limit = request.app.state.settings.max_query_chars
    value = value or ""
    if len(value) > limit:
        raise ApiError(f"{name} is over {limit} characters", status=400, code="too-long")
    return value




def _or_unset(schema: dict) -> dict:
    """A parameter's schema: ``schema``, or empty as a form sends an unset field (the same as leaving it out)."""
    return {"json_schema_extra": {"anyOf": [schema, {"type": "string", "maxLength": 0}, {"type": "null"}]}}


def one_of(values) -> dict:
    return _or_unset({"type": "string", "enum": list(values)})


DAY = _or_unset({"type": "string", "format": "date"})


def filters(
    agency: str | None = Query(None, description="agency name as documents abbreviate it (市交通局)"),
    role: str | None = Query(None, description="lead or support (with agency)", **one_of(ROLES)),
    doc: str | None = Query(None, description="document file name"),
    place: str | None = Query(None, description="a place: its documents and those of places within it (苏州市)"),
    level: str | None = Query(None, description="national, province, city, county or township",
                               **one_of(LEVELS)),
    kind: str | None = Query(None, description="plan, annual-plan, task-breakdown or progress-report",
                             **one_of(KINDS)),
    topic: str | None = Query(None, description="a topic of the scheme (air, water, soil …; the document's "
                                                "`x-topics` lists them)"),
    due_before: str | None = Query(None, description="a deadline on or before this day (YYYY-MM-DD)", **DAY),
    due_after: str | None = Query(None, description="a deadline on or after this day (YYYY-MM-DD)", **DAY),
):
    from kg.search.search import Filters

    return Filters(agency=agency or None, role=role or None, doc=doc or None, place=place or None, level=level or None,
                   kind=kind or None, topic=topic or None, due_before=day(due_before, "due_before"),
                   due_after=day(due_after, "due_after"))


def day(value: str | None, name: str) -> date | None:
    """A calendar day written YYYY-MM-DD. Not a ``date`` parameter: pydantic reads ``0`` as 1970-01-01."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(f"{name}: {value} is not a day of the calendar (YYYY-MM-DD)", code="bad-request") from None


def require_key(request: Request, x_api_key: str | None = Header(None), authorization: str | None = Header(None)) -> None:
    """Writes need the API key of the settings (the gate checks it from the headers before the body is read;
    this says so in the OpenAPI document and checks again)."""
    check_key(request.app.state.settings.api_key, x_api_key, authorization)


def check_key(configured: str, x_api_key: str | None, authorization: str | None) -> None:
    """The key sent (header X-API-Key, or Authorization: Bearer) against the configured one, compared in constant
    time; with none configured, every write is refused."""
    if not configured:
        raise Forbidden("writes are disabled: no API key is configured on this server")
    given = x_api_key or ""
    if not given and authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given:
        raise Unauthorized("this request needs the API key (header X-API-Key)")
    if not hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8")):
        raise Forbidden("the API key is not valid")
