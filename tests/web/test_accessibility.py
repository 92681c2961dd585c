"""Every view, on a laptop and on a phone: a screenshot for the reviewer, and axe-core finds no serious or
critical accessibility violation."""
import pytest

from .conftest import LAPTOP, PHONE, open_view, serious_violations, shoot, straw_burning

pytestmark = pytest.mark.slow

VIEWS = [
    ("home", "#/"),
    ("search", "#/search?q=谁牵头VOCs综合治理？什么时候完成？"),
    ("search-filters", "#/search?agency=市交通局&role=lead&due_after=2024-01-01"),
    ("agencies", "#/agencies"),
    ("agency", "#/agency?name=市生态环境局&place=苏州市"),
    ("documents", "#/documents"),
    ("document", "#/document?name=002_67f8289a9b82292a.txt"),
    ("document-progress-report", "#/document?name=003_d2b294729e46398b.txt"),
    ("trace", "#/measure?id={city}"),
    ("graph", "#/graph?node={county}"),
    ("upload", "#/upload"),
    ("sparql", "#/sparql"),
]


@pytest.mark.parametrize("name,path", VIEWS, ids=[v[0] for v in VIEWS])
@pytest.mark.parametrize("screen", ["laptop", "phone"])
def test_view_is_accessible(page, axe_source, name, path, screen):
    page.set_viewport_size(LAPTOP if screen == "laptop" else PHONE)
    county, city = straw_burning(page)
    open_view(page, path.format(county=county, city=city))
    if name == "graph" and screen == "laptop":
        page.wait_for_function("() => window.policykgGraph && window.policykgGraph.nodes().length > 0")
    if name == "graph" and screen == "phone":  # a phone gets the list instead of the drawing
        page.locator("details.node-list[open]").wait_for()
    if name == "sparql":
        page.locator("button[data-example]").first.click()
        page.locator(".sparql-results table").wait_for()
    page.wait_for_timeout(300)
    shoot(page, f"{screen}-{name}")
    if screen == "laptop":
        shoot(page, f"{screen}-{name}-full", full_page=True)
    assert serious_violations(page, axe_source) == []
