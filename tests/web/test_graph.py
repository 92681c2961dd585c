"""The graph view in a real browser: nodes drawn by Cytoscape.js, a click opens a page, the download reads back."""
import re
from urllib.parse import urlencode

import networkx as nx
import pytest
from playwright.sync_api import expect

from .conftest import open_view, shoot, straw_burning

pytestmark = pytest.mark.slow

DRAWN = "() => window.policykgGraph ? window.policykgGraph.nodes().length : 0"


@pytest.mark.parametrize("params,shot", [
    ({"node": "{county}"}, "graph-measure"),
    ({"node": "市交通局", "place": "苏州市"}, "graph-agency"),
    ({"node": "004_5388e15178bf8d90.txt"}, "graph-document"),
])
def test_the_neighbourhood_is_drawn(page, params, shot):
    county, _ = straw_burning(page)
    params = {k: v.format(county=county) for k, v in params.items()}
    open_view(page, "#/graph?" + urlencode(params))
    page.wait_for_function(DRAWN + " > 0")
    want = page.request.get("/api/graph", params=params).json()
    assert page.evaluate(DRAWN) == len(want["elements"]["nodes"]) > 5
    assert page.evaluate("() => window.policykgGraph.edges().length") == len(want["elements"]["edges"])
    # the plan hierarchy top-down: a measure of a higher document sits above one of a lower document
    tiers = page.evaluate("""() => window.policykgGraph.nodes('[type = "Measure"]').map(
        n => [n.data('tier'), n.position('y')])""")
    for (t1, y1) in tiers:
        for (t2, y2) in tiers:
            if t1 < t2:
                assert y1 < y2
    shoot(page, shot)


def test_clicking_a_node_opens_its_page(page):
    open_view(page, f"#/graph?node={straw_burning(page)[0]}")
    page.wait_for_function(DRAWN + " > 0")
    x, y = page.evaluate("""() => {
        const n = window.policykgGraph.nodes('[type = "Document"]')[0];
        const box = window.policykgGraph.container().getBoundingClientRect();
        const p = n.renderedPosition();
        return [box.left + p.x, box.top + p.y];
    }""")
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"#/document\?name=002_67f8289a9b82292a\.txt"))
    expect(page.locator("h1")).to_have_text("生态环境分局2025年工作思路")


def test_the_same_subgraph_downloads_as_gexf_and_graphml(page, tmp_path):
    open_view(page, "#/graph?node=市交通局&place=苏州市")
    page.wait_for_function(DRAWN + " > 0")
    drawn = page.evaluate(DRAWN)
    for name, read in (("下载 GEXF", nx.read_gexf), ("下载 GraphML", nx.read_graphml)):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        g = read(path)
        assert g.number_of_nodes() == drawn
        assert {a["type"] for _, a in g.nodes(data=True)} >= {"Agency", "Measure"}
