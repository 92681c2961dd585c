"""/sparql, the SPARQL 1.1 Protocol for queries, in process: every result format read back, the limits."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from .conftest import SPARQL_ROWS

SHORE = """SELECT ?id ?text ?due WHERE {
  ?m a pkg:Measure ; dcterms:identifier ?id ; pkg:sourceText ?text ; pkg:deadline ?d .
  ?d time:inXSDDate ?due .
  FILTER(CONTAINS(?text, "岸电使用电量"))
} ORDER BY ?id"""
WANT = [{"id": "004_5388e15178bf8d90-022",
         "text": "推动发展新能源和清洁能源船舶。大力提高岸电使用率，到2025年，主要港口和排放控制区内靠港船舶的岸电使用电量较2020年翻一番。",
         "due": "2025-12-31"}]
NS = {"s": "http://www.w3.org/2005/sparql-results#"}


def rows_json(body: bytes) -> list[dict]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def rows_xml(body: bytes) -> list[dict]:
    root = ET.fromstring(body)
    return [{b.get("name"): b[0].text for b in r.findall("s:binding", NS)} for r in root.find("s:results", NS)]


def rows_csv(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def rows_tsv(body: bytes) -> list[dict]:
    lines = body.decode("utf-8").splitlines()
    names = [h[1:] for h in lines[0].split("\t")]
    out = []
    for line in lines[1:]:
        cells = []
        for c in line.split("\t"):
            cells.append(c.split('"')[1] if c.startswith('"') else c)
        out.append(dict(zip(names, cells)))
    return out


@pytest.mark.parametrize("accept,media,read", [
    ("application/sparql-results+json", "application/sparql-results+json", rows_json),
    (None, "application/sparql-results+json", rows_json),
    ("application/sparql-results+xml", "application/sparql-results+xml", rows_xml),
    ("text/csv", "text/csv", rows_csv),
    ("text/tab-separated-values", "text/tab-separated-values", rows_tsv),
])
def test_select_in_every_format(client, accept, media, read):
    r = client.get("/sparql", params={"query": SHORE}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert r.headers["x-sparql-maxrows"] == str(SPARQL_ROWS) and "x-sparql-truncated" not in r.headers
    assert read(r.content) == WANT


def test_json_results_carry_types(client):
    data = json.loads(client.get("/sparql", params={"query": SHORE}).content)
    assert data["head"]["vars"] == ["id", "text", "due"]
    b = data["results"]["bindings"][0]
    assert b["due"] == {"type": "literal", "value": "2025-12-31", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert b["id"] == {"type": "literal", "value": "004_5388e15178bf8d90-022"}


def test_post_form_and_query_body_equal_get(client):
    get = client.get("/sparql", params={"query": SHORE}).content
    form = client.post("/sparql", data={"query": SHORE})
    body = client.post("/sparql", content=SHORE.encode("utf-8"),
                       headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert form.status_code == body.status_code == 200
    assert form.content == body.content == get


def test_counts_agree_with_the_api(client):
    data = client.get("/sparql", params={"query": "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Measure }"}).json()
    assert int(data["results"]["bindings"][0]["n"]["value"]) == client.get("/healthz").json()["measures"]


@pytest.mark.parametrize("query,value", [("ASK { ?m a pkg:Measure }", True), ("ASK { ?m a pkg:Nothing }", False)])
def test_ask(client, query, value):
    assert client.get("/sparql", params={"query": query}).json() == {"head": {}, "boolean": value}
    xml = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(xml.content).find("s:boolean", NS).text == str(value).lower()


CONSTRUCT = """CONSTRUCT { ?m pkg:lead ?a ; dcterms:identifier ?id } WHERE {
  ?m a pkg:Measure ; dcterms:identifier ?id ; pkg:lead ?a . FILTER(STRSTARTS(?id, "004_5388e15178bf8d90-02"))
}"""


@pytest.mark.parametrize("accept,media,rdf_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    (None, "text/turtle", "turtle"),
])
def test_construct_by_content_negotiation(client, accept, media, rdf_format):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = Graph().parse(data=r.content, format=rdf_format)
    reference = Graph().parse(data=client.get("/sparql", params={"query": CONSTRUCT},
                                              headers={"Accept": "application/n-triples"}).content, format="nt")
    assert len(g) > 20 and isomorphic(g, reference)


CROSS = "SELECT ?a ?b WHERE { ?a a pkg:Measure . ?b a pkg:Measure }"  # 353 × 353 rows


def test_the_row_limit_holds(client):
    r = client.get("/sparql", params={"query": CROSS})
    assert r.status_code == 200 and r.headers["x-sparql-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == SPARQL_ROWS
    r = client.get("/sparql", params={"query": CROSS}, headers={"Accept": "text/csv"})
    assert len(rows_csv(r.content)) == SPARQL_ROWS
    g = client.get("/sparql", params={"query": "CONSTRUCT { ?a pkg:near ?b } WHERE { ?a a pkg:Measure . "
                                               "?b a pkg:Measure }"}, headers={"Accept": "application/n-triples"})
    assert g.headers["x-sparql-truncated"] == "true" and len(g.content.splitlines()) == SPARQL_ROWS


def test_an_unparsable_query_says_where(client):
    body = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p"}).json()
    assert body["error"]["code"] == "bad-query"
    assert body["error"]["message"].startswith("the query is not valid SPARQL or could not be evaluated: error at 1:")
