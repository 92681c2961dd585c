"""Request bodies over the upload limit are refused before they are parsed.

FastAPI parses a multipart body (spooling every byte to a temporary file)
before the route runs, so the route's own size check comes after a 200 MB
upload has been received and written to disk. This middleware looks at the
declared ``Content-Length`` first and answers 413 in the one error shape;
the body is read and dropped (not stored) so that the client, still
sending, receives the answer instead of a reset connection. A body without
a length (chunked) is counted as it arrives and cut off at the same limit.
"""
from __future__ import annotations

import json

from .errors import body

SLACK = 1024 * 1024  # multipart boundaries and headers around the file


class BodyLimit:
    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes + SLACK

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _drain(receive)
            return await self._refuse(send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await _drain(receive)
            await self._refuse(send)

    async def _refuse(self, send) -> None:
        mb = (self.max_bytes - SLACK) // (1024 * 1024)
        payload = json.dumps(body(413, "too-large", f"the request body is over the {mb} MB limit")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})


class BodyTooLarge(Exception):
    pass


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return
