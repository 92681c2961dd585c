"""GET /api/graph: the graph view's subgraph as Cytoscape.js JSON, GEXF or GraphML; errors in the one shape."""
import io

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.service import KnowledgeBase
from tests.kg.conftest import small_kb  # noqa: F401  (the two-document knowledge base, built once)

B = "https://example.org/kb/"


@pytest.fixture(scope="module")
def client(small_kb):
    settings, _ = small_kb
    with TestClient(create_app(KnowledgeBase(settings), settings), base_url="http://localhost") as c:
        yield c


def test_cytoscape_elements_and_the_center(client):
    r = client.get("/api/graph", params={"node": "市生态环境局", "place": "苏州市"})
    assert r.status_code == 200
    body = r.json()
    assert body["center"] == B + "agency/320500/ecology-environment"
    nodes = {n["data"]["id"]: n["data"] for n in body["elements"]["nodes"]}
    assert nodes[B + "doc/sz_plan.txt/m/1"]["tier"] == 0
    assert {n["type"] for n in nodes.values()} == {"Agency", "Measure", "Place"}
    ids = set(nodes)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in body["elements"]["edges"])


@pytest.mark.parametrize("fmt,read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_downloads_read_back(client, fmt, read):
    r = client.get("/api/graph", params={"node": "sz-001", "format": fmt})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    g = read(io.BytesIO(r.content))
    assert g.number_of_nodes() == 8 and g.number_of_edges() == 8


@pytest.mark.parametrize("params,status,code", [
    ({"node": "市不存在局"}, 404, "not-found"),
    ({"node": "市生态环境局"}, 400, "ambiguous"),
    ({"node": "sz-001", "depth": 9}, 400, "bad-request"),
    ({"node": "sz-001", "format": "png"}, 400, "bad-request"),
])
def test_errors(client, params, status, code):
    r = client.get("/api/graph", params=params)
    assert r.status_code == status and r.json()["error"]["code"] == code
