"""/docs in Chromium: Swagger UI served by policykg itself (the ``offline`` fixture fails any request to another
host) lists the API's operations, and neither it nor any view of the page trips the Content-Security-Policy."""
from __future__ import annotations

from .conftest import COUNTY, open_view, shoot

VIEWS = ["#/", "#/?q=岸电", "#/agencies", "#/documents", f"#/document?name={COUNTY}", "#/graph?node=市生态环境局&place=苏州市",
         "#/upload", "#/sparql"]


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text[:80]}") if "Content Security Policy" in m.text
            else None)
    return errors


def test_docs_show_the_api_from_this_server(page):
    errors = csp_errors(page)
    page.goto("/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 15
    assert page.locator(".opblock-summary-path", has_text="/api/search").count() >= 1
    shoot(page, "docs")
    assert errors == []


def test_no_view_trips_the_content_security_policy(page):
    errors = csp_errors(page)
    for view in VIEWS:
        open_view(page, view)
    assert errors == []
