from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from ..assets import STATIC

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index():
    page = STATIC / "index.html"
    if page.exists():
        return FileResponse(page, media_type="text/html; charset=utf-8")
    return HTMLResponse("<!doctype html><meta charset=utf-8><title>policykg</title>"
                        "<p>policykg — <a href=/docs>API</a></p>")


@router.get("/docs", response_class=HTMLResponse)
def docs():
    """Swagger UI over /openapi.json, its assets vendored (static/vendor/swagger-ui): nothing from a CDN."""
    return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")
