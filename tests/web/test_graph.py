"""The graph view in a real browser: nodes drawn by Cytoscape.js, a click opens a page, the download reads back."""
import re
from urllib.parse import urlencode

import networkx as nx
import pytest
from playwright.sync_api import expect

from .conftest import PHONE, open_view, shoot, straw_burning

pytestmark = pytest.mark.slow

DRAWN = "() => window.policykgGraph ? window.policykgGraph.nodes('[type]').length : 0"
# every label as drawn on the screen: its size in pixels and its text
LABELS = """() => window.policykgGraph.nodes(':visible').map(n => [
    n.data('type') || 'group', window.policykgGraph.zoom() * parseFloat(n.style('font-size')), n.style('label')])"""


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
    tiers = page.evaluate("""() => window.policykgGraph.nodes('[type = "Measure"]:visible').map(
        n => [n.data('tier'), n.position('y')])""")
    for (t1, y1) in tiers:
        for (t2, y2) in tiers:
            if t1 < t2:
                assert y1 < y2
    # a person can read it: labels at 12 px at least, names rather than ids or addresses
    labels = page.evaluate(LABELS)
    assert labels and all(px >= 12 for _, px, _ in labels)
    assert not [text for _, _, text in labels if re.search(r"https?:|\.txt|[0-9a-f]{16}", text or "")]
    shoot(page, shot, full_page=True)


def test_a_document_at_depth_one_groups_its_measures_by_section(page):
    open_view(page, "#/graph?node=004_5388e15178bf8d90.txt")
    page.wait_for_function(DRAWN + " > 0")
    assert page.locator("#g-depth").input_value() == "1"  # depth 1 by default
    want = page.request.get("/api/graph", params={"node": "004_5388e15178bf8d90.txt"}).json()
    sections = {n["data"]["heading"].replace("\n", "") for n in want["elements"]["nodes"] if n["data"]["type"] == "Measure"}
    boxes = page.evaluate("() => window.policykgGraph.nodes('[?group]').map(n => n.data('label'))")
    assert sorted(boxes) == sorted(sections)
    assert page.evaluate("() => window.policykgGraph.nodes('[type = \"Measure\"]').every(n => n.isChild())")
    # what the boxes say is not drawn again: no edge from each measure to the document
    assert page.evaluate("() => window.policykgGraph.edges(':visible').length") < 10


def test_a_measure_with_the_goals_its_trail_shows(page):
    county, _ = straw_burning(page)
    open_view(page, f"#/graph?node={county}")
    page.wait_for_function(DRAWN + " > 0")
    trail = page.request.get("/api/trace", params={"doc": "002_67f8289a9b82292a.txt", "contains": "秸秆禁烧"}).json()
    drawn = page.evaluate("""() => window.policykgGraph.edges('[relation = "CARRIES_OUT"]:visible')
        .filter(e => e.source().data('measure_id') === '%s').map(e => e.target().data('measure_id')).sort()""" % county)
    assert drawn == sorted(p["measure_id"] for p in trail["parents"])  # the weak links are folded, as on the trail
    # the goals sit above the measure, in rows by tier
    y = page.evaluate("() => window.policykgGraph.getElementById(window.policykgGraph.nodes('.center').id()).position('y')")
    above = page.evaluate("""() => window.policykgGraph.nodes('[type = "Measure"]:visible').filter(n => !n.hasClass('center'))
        .map(n => n.position('y'))""")
    assert above and all(v < y for v in above)
    page.get_by_role("checkbox", name=re.compile("显示 \\d+ 条弱关联")).check()
    page.wait_for_function("""() => window.policykgGraph.edges('[relation = "CARRIES_OUT"]:visible').length > %d""" % len(drawn))
    shoot(page, "graph-measure-weak-links", full_page=True)


def test_a_filter_by_node_type(page):
    open_view(page, "#/graph?node=市交通局&place=苏州市")
    page.wait_for_function(DRAWN + " > 0")
    visible = "() => window.policykgGraph.nodes('[type = \"Measure\"]:visible').length"
    assert page.evaluate(visible) > 0
    page.get_by_role("checkbox", name="措施").uncheck()
    page.wait_for_function(visible + " === 0")  # the drawing restyles on its next frame
    expect(page.locator('.node-list section[data-type="Measure"]')).to_be_hidden()
    page.get_by_role("checkbox", name="措施").check()
    page.wait_for_function(visible + " > 0")


def test_a_phone_gets_a_list_instead_of_the_drawing(page):
    page.set_viewport_size(PHONE)
    open_view(page, "#/graph?node=004_5388e15178bf8d90.txt")
    expect(page.locator("#cy")).to_have_count(0)
    listing = page.locator("details.node-list")
    expect(listing).to_have_attribute("open", "")
    expect(listing.locator('section[data-type="Measure"] .group h3').first).to_be_visible()
    expect(listing.get_by_role("link", name="苏州市空气质量持续改善行动重点工作任务分解表")).to_be_visible()
    shoot(page, "graph-document-phone", full_page=True)


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
