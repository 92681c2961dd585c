"""One JSON error shape for every error, the HTTP status assigned here, once.

Library errors (extraction, search, store) are named exceptions; the edge maps
them to a status and the body ``{"error": {"status", "code", "message"}}``.
No stack trace, path or setting ever appears in a body: the message is the
error's own sentence, and anything unexpected is a bare 500.
"""
from __future__ import annotations

import logging

log = logging.getLogger("policykg.api")


class ApiError(Exception):
    status = 400
    code = "bad-request"

    def __init__(self, message: str, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code


class NotFound(ApiError):
    status, code = 404, "not-found"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class PayloadTooLarge(ApiError):
    status, code = 413, "too-large"


class UnsupportedMedia(ApiError):
    status, code = 415, "unsupported-media-type"


class Unavailable(ApiError):
    status, code = 503, "unavailable"


DISK_FULL = (507, "insufficient-storage", "the server's disk is full: nothing can be written until there is room")


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc``, or what it was raised from, is a full disk (ENOSPC or a quota), as Python's ``OSError``
    or in the words of an engine that only passes the message on (Oxigraph, tantivy)."""
    import errno

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def body(status: int, code: str, message: str) -> dict:
    return {"error": {"status": status, "code": code, "message": message}}


def map_exception(exc: Exception) -> tuple[int, str, str]:
    """(status, code, message) for a library or HTTP error; unknown errors are a bare 500."""
    from extract.errors import EncryptedDocument, ExtractError, TooLarge, UnsupportedFormat

    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message
    if disk_full(exc):
        log.error("disk full: %s", exc)
        return DISK_FULL
    if isinstance(exc, TooLarge):
        return 413, exc.code, exc.reason
    if isinstance(exc, UnsupportedFormat):
        return 415, exc.code, exc.reason
    if isinstance(exc, (ExtractError, EncryptedDocument)):
        return 422, exc.code, exc.reason
    status = getattr(exc, "http_status", None)
    if isinstance(status, int):
        return status, getattr(exc, "code", "error"), str(exc)
    from kg.search.search import SearchError
    from kg.store import KBLocked, StoreError
    from kg.build.validate import ValidationError

    if isinstance(exc, SearchError):
        return 400, "bad-request", str(exc)
    if isinstance(exc, KBLocked):
        return 503, "busy", "the knowledge base is being written by another process; try again shortly"
    if isinstance(exc, ValidationError):
        return 422, "invalid-graph", "the document's graph does not conform to the shapes; it was not added"
    if isinstance(exc, StoreError):
        log.warning("store error: %s", exc)
        return 503, "unavailable", "the knowledge base is unavailable"
    log.error("unexpected error", exc_info=exc)
    return 500, "internal", "internal error"
