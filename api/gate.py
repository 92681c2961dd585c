"""What every request passes before a route sees it, and what every response carries.

Before any route, and before a byte of the body is read:

* the ``Host`` header must name this server (``allowed_hosts``): a page on another site that
  points its own name at 127.0.0.1 (DNS rebinding) cannot read the service through a visitor's
  browser;
* a request to a write route (one of the app's routers' routes that depends on ``deps.require_key``) must carry the API key
  in its headers: an upload without it is refused before its body is read, let alone spooled;
* a body must not declare more than its route takes (``max_upload_mb`` for an upload, what
  ``max_sparql_chars`` can encode to for a SPARQL query); a body without a declared length is
  counted as it is read and cut off at the same size (``BodyTooLarge``, a 413).

A refused request gets its answer at once in the one error shape; whatever body it still sends
is dropped by the HTTP server, unread by the application. Every response, refusals and errors
included, carries the security headers (``SECURITY_HEADERS``). ``app.create_app`` puts this
outside everything else, FastAPI's own error handling included.
"""
from __future__ import annotations

import json

from .errors import ApiError, body

# default-src 'self': scripts, styles, fonts and requests from this server only (nothing inline, nothing from
# a CDN); images may also be data: URLs (Swagger UI's icons); no page may frame this one
CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer")]
_OURS = {name for name, _ in SECURITY_HEADERS}

SLACK = 1024 * 1024  # multipart boundaries and headers around an uploaded file
SPARQL_BYTES_PER_CHAR = 12  # a character is at most 4 bytes of UTF-8, each %XX in a form
LOOPBACK = ("localhost", "127.0.0.1", "::1")


class BodyTooLarge(ApiError):
    """Raised from ``receive`` when a body without a declared length passes its route's limit. FastAPI's form
    parser wraps it in a 400, which the app's handler turns back into this 413 (``app.py``)."""

    status, code = 413, "too-large"


def allowed_hosts(settings) -> frozenset[str] | None:
    """The Host names this server answers (lower case, no port), or None for any."""
    names = [n.strip().lower() for n in settings.allowed_hosts.split(",") if n.strip()]
    if "*" in names:
        return None
    if not names:
        names = list(LOOPBACK)
        if settings.host not in ("", "0.0.0.0", "::"):
            names.append(settings.host.lower())
    return frozenset(n.strip("[]") for n in names)


def host_name(value: bytes) -> str:
    """The name of a Host header, without its port (``[::1]:8000`` → ``::1``)."""
    text = value.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


class Gate:
    """ASGI middleware around the whole application (see the module's docstring)."""

    def __init__(self, app, fastapi_app):
        self.app = app
        self.fastapi_app = fastapi_app
        settings = fastapi_app.state.settings
        self.settings = settings
        self.hosts = allowed_hosts(settings)
        self.upload_limit = settings.max_upload_mb * 1024 * 1024
        self.query_limit = settings.max_sparql_chars * SPARQL_BYTES_PER_CHAR + 1024
        self._writes = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def secured(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in _OURS]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        try:
            self._check_host(scope)
            if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                if self._is_write(scope):
                    self._check_key(scope)
                limit, what = self._limit(scope)
                declared = _content_length(scope.get("headers", ()))
                if declared is not None and declared > limit:
                    raise BodyTooLarge(what)
                return await self.app(scope, _counted(receive, limit, what), secured)
        except ApiError as refusal:
            return await _refuse(secured, refusal)
        return await self.app(scope, receive, secured)

    # ------------------------------------------------------------ the checks
    def _check_host(self, scope) -> None:
        if self.hosts is None:
            return
        for name, value in scope.get("headers", ()):
            if name == b"host":
                if host_name(value) not in self.hosts:
                    raise ApiError("this server does not answer for that host name (setting allowed_hosts)",
                                   status=400, code="bad-host")
                return

    def _is_write(self, scope) -> bool:
        from starlette.routing import Match

        if self._writes is None:
            routes = [r for router in self.fastapi_app.state.routers for r in router.routes]
            self._writes = [r for r in routes if _needs_key(getattr(r, "dependant", None))]
        return any(r.matches(scope)[0] == Match.FULL for r in self._writes)

    def _check_key(self, scope) -> None:
        from .routes.deps import check_key

        headers = dict(scope.get("headers", ()))
        check_key(self.settings.api_key, _text(headers.get(b"x-api-key")), _text(headers.get(b"authorization")))

    def _limit(self, scope) -> tuple[int, str]:
        if scope["path"] == "/api/documents":
            return self.upload_limit + SLACK, f"the request body is over the {self.settings.max_upload_mb} MB limit"
        return self.query_limit, f"the request body is over what a query of {self.settings.max_sparql_chars} " \
                                 f"characters can take"



def _counted(receive, limit: int, message: str):
    """``receive``, raising ``BodyTooLarge`` once more than ``limit`` bytes of body have come."""
    seen = 0

    async def counted():
        nonlocal seen
        event = await receive()
        if event["type"] == "http.request":
            seen += len(event.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(message)
        return event

    return counted


def _needs_key(dependant) -> bool:
    from .routes.deps import require_key

    if dependant is None:
        return False
    return any(d.call is require_key or _needs_key(d) for d in dependant.dependencies)


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None


def _content_length(headers) -> int | None:
    for name, value in headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send, refusal: ApiError) -> None:
    payload = json.dumps(body(refusal.status, refusal.code, refusal.message)).encode()
    await send({"type": "http.response.start", "status": refusal.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
