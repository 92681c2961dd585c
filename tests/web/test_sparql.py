"""The SPARQL page in a real browser: each example query runs and shows rows."""
import json

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, open_view, shoot

pytestmark = pytest.mark.slow

EXAMPLES = json.loads((ROOT / "api/static/sparql/index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_an_example_query_shows_rows(page, example):
    open_view(page, "#/sparql")
    page.locator(f"button[data-example='{example}']").click()
    table = page.locator(".sparql-results table")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=20_000)
    assert table.locator("tbody tr").count() > 0
    assert page.locator("#sparql-query").input_value().startswith("#")
    if example == EXAMPLES[0]:
        shoot(page, "sparql", full_page=True)


def test_a_query_with_an_error_says_so_in_chinese(page):
    open_view(page, "#/sparql")
    page.locator("#sparql-query").fill("SELECT WHERE {")
    page.get_by_role("button", name="运行查询").click()
    expect(page.locator(".sparql-results .error")).to_contain_text("SPARQL 查询有语法错误")
