"""Documents: the list, one document, upload (txt and a real .docx) and deletion with the API key, preview, export."""
from __future__ import annotations

import io
import json

import pytest

from .conftest import API_KEY
from .test_errors import assert_error_shape

KEY = {"X-API-Key": API_KEY}
PLAN = ("平湖市2025年大气污染防治工作要点\n"
        "一、深入打好蓝天保卫战\n"
        "1.到2025年底前，完成全市加油站油气回收在线监控系统安装。（市生态环境局牵头，市商务局配合）\n"
        "2.2025年6月底前，完成重点企业挥发性有机物走航检测全覆盖。（市生态环境局负责）\n")


def docx_bytes(lines: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_documents_list(client):
    docs = {d["doc"]: d for d in client.get("/api/documents").json()["documents"]}
    assert sorted(docs) == ["000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt", "002_67f8289a9b82292a.txt",
                            "003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"]
    assert sum(d["measures"] for d in docs.values()) == client.get("/healthz").json()["measures"]
    # the plan hierarchy of the manifest
    assert docs["001_a4dc09f2c6a77e08.txt"]["children"] == ["000_a96bc2db90b64911.txt", "004_5388e15178bf8d90.txt"]
    assert docs["000_a96bc2db90b64911.txt"]["parents"] == ["001_a4dc09f2c6a77e08.txt", "004_5388e15178bf8d90.txt"]
    assert docs["002_67f8289a9b82292a.txt"]["parents"] == ["000_a96bc2db90b64911.txt"]
    assert (docs["002_67f8289a9b82292a.txt"]["jurisdiction"], docs["002_67f8289a9b82292a.txt"]["level"],
            docs["002_67f8289a9b82292a.txt"]["kind"]) == ("平湖市", "county", "annual-plan")


def test_a_parent_in_another_province_is_flagged(client):
    county = client.get("/api/documents/002_67f8289a9b82292a.txt").json()
    assert [(p["parent"], p["method"]) for p in county["parents"]] == [("000_a96bc2db90b64911.txt", "manifest")]
    assert county["parents"][0]["unusual"] == (
        "上级文件属苏州市（江苏省），本文件属平湖市（浙江省嘉兴市）：上级文件所在地不包含本文件所在地，请核对清单或引用")
    city = client.get("/api/documents/000_a96bc2db90b64911.txt").json()
    assert [p.get("unusual") for p in city["parents"]] == [None, None]  # 苏州 under 苏州


def test_one_document(client):
    body = client.get("/api/documents/004_5388e15178bf8d90.txt").json()
    assert body["doc_title"] == "苏州市空气质量持续改善行动重点工作任务分解表" and body["kind"] == "task-breakdown"
    assert [p["parent"] for p in body["parents"]] == ["001_a4dc09f2c6a77e08.txt"]
    assert [c["child"] for c in body["children"]] == ["000_a96bc2db90b64911.txt"]  # the year's work points
    ids = [m["measure_id"] for m in body["measures"]]
    assert ids == sorted(ids) and len(ids) == len(body["structure"])
    assert body["structure"][21]["section"] == ["强化非道路移动源综合治理"]
    assert "岸电使用电量" in body["structure"][21]["measure"]["text"]


def test_upload_txt_then_search_ask_delete(writable):
    c = writable.client
    before = c.get("/healthz").json()
    r = c.post("/api/documents", files={"file": ("pinghu_air_2025.txt", PLAN.encode("utf-8"), "text/plain")},
               headers=KEY)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["action"] == "add" and body["written"] == ["pinghu_air_2025.txt"] and body["measures"] == 2
    after = c.get("/healthz").json()
    assert after["documents"] == before["documents"] + 1 and after["measures"] == before["measures"] + 2
    assert after["version"] != before["version"] and after["indexed_version"] == after["version"]

    hit = c.get("/api/search", params={"q": "油气回收在线监控"}).json()["hits"][0]
    assert hit["doc"] == "pinghu_air_2025.txt" and hit["lead"] == ["市生态环境局"] and hit["support"] == ["市商务局"]
    a = c.get("/api/ask", params={"q": "加油站油气回收在线监控谁牵头？什么时候完成？"}).json()["answers"][0]
    assert a["doc"] == "pinghu_air_2025.txt" and [d["due"] for d in a["deadlines"]] == ["2025-12-31"]
    a = c.get("/api/ask", params={"q": "重点企业挥发性有机物走航检测哪年几月完成"}).json()["answers"][0]
    assert a["doc"] == "pinghu_air_2025.txt" and [d["due"] for d in a["deadlines"]] == ["2025-06-30"]
    assert c.get("/api/measures", params={"doc": "pinghu_air_2025.txt"}).json()["total"] == 2

    r = c.delete("/api/documents/pinghu_air_2025.txt", headers=KEY)
    assert r.status_code == 200 and r.json()["removed"] == ["pinghu_air_2025.txt"]
    gone = c.get("/healthz").json()
    assert (gone["documents"], gone["measures"]) == (before["documents"], before["measures"])
    assert all(h["doc"] != "pinghu_air_2025.txt"
               for h in c.get("/api/search", params={"q": "油气回收在线监控"}).json()["hits"])
    assert_error_shape(c.get("/api/documents/pinghu_air_2025.txt"), 404, "not-found")
    assert_error_shape(c.delete("/api/documents/pinghu_air_2025.txt", headers=KEY), 404, "not-found")


def test_upload_docx_with_bearer_key(writable):
    c = writable.client
    data = docx_bytes(PLAN.strip().splitlines())
    r = c.post("/api/documents", files={"file": ("平湖大气.docx", data)},
               headers={"Authorization": f"Bearer {API_KEY}"})
    assert r.status_code == 201, r.text
    assert r.json()["written"] == ["平湖大气.docx"]
    hit = c.get("/api/search", params={"q": "走航检测"}).json()["hits"][0]
    assert hit["doc"] == "平湖大气.docx" and "挥发性有机物走航检测全覆盖" in hit["text"]
    assert [d["due"] for d in hit["deadlines"]] == ["2025-06-30"]


def test_upload_replaces_a_document_of_the_same_name(writable):
    c = writable.client
    c.post("/api/documents", files={"file": ("plan.txt", PLAN.encode())}, headers=KEY)
    shorter = PLAN.rsplit("2.", 1)[0]
    r = c.post("/api/documents", files={"file": ("plan.txt", shorter.encode())}, headers=KEY)
    assert r.status_code == 409 and r.json()["error"]["code"] == "exists"  # not without being asked to
    assert c.get("/api/measures", params={"doc": "plan.txt"}).json()["total"] == 2
    r = c.post("/api/documents", params={"replace": "true"}, files={"file": ("plan.txt", shorter.encode())},
               headers=KEY)
    assert r.status_code == 201 and r.json()["measures"] == 1
    assert c.get("/api/measures", params={"doc": "plan.txt"}).json()["total"] == 1


def test_a_path_in_the_file_name_is_dropped(writable):
    r = writable.client.post("/api/documents", files={"file": ("../../etc/plan.txt", PLAN.encode())}, headers=KEY)
    assert r.status_code == 201 and r.json()["written"] == ["plan.txt"]
    assert not (writable.settings.kb_dir.parent.parent / "etc").exists()


def test_preview_changes_nothing(writable):
    c = writable.client
    before = c.get("/healthz").json()
    r = c.post("/api/documents", params={"preview": "true"},
               files={"file": ("pinghu_air_2025.txt", PLAN.encode())}, headers=KEY)
    assert r.status_code == 200
    body = r.json()
    assert body["doc"] == "pinghu_air_2025.txt"
    assert (body["meta"]["jurisdiction"], body["meta"]["level"], body["meta"]["plan_year"]) == ("平湖市", "county", 2025)
    assert [[a["name"] for a in m["lead"]] for m in body["measures"]] == [["市生态环境局"], ["市生态环境局"]]
    assert [[d["due"] for d in m["deadlines"]] for m in body["measures"]] == [["2025-12-31"], ["2025-06-30"]]
    assert c.get("/healthz").json() == before
    assert_error_shape(c.get("/api/documents/pinghu_air_2025.txt"), 404, "not-found")


@pytest.mark.parametrize("name,data,status,code", [
    ("noise.txt", bytes(range(256)) * 8, 422, "unreadable"),
    ("empty.txt", b"", 422, "empty"),
    ("blank.txt", b" \n\t\n", 422, "empty"),
    ("photo.docx", b"\xff\xd8\xff\xe0" + bytes(500), 422, "unreadable"),
    ("broken.docx", b"PK\x03\x04" + bytes(300), 422, "unreadable"),
    ("english.txt", b"Minutes of the meeting. Lunch at noon.", 422, "not-policy-text"),
])
def test_unreadable_uploads_leave_the_knowledge_base_as_it_was(writable, name, data, status, code):
    c = writable.client
    before = c.get("/healthz").json()
    assert_error_shape(c.post("/api/documents", files={"file": (name, data)}, headers=KEY), status, code,
                       writable.settings)
    assert_error_shape(c.post("/api/documents", params={"preview": "true"}, files={"file": (name, data)},
                              headers=KEY), status, code, writable.settings)
    assert c.get("/healthz").json() == before


@pytest.mark.parametrize("fmt,media", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                       ("jsonld", "application/ld+json")])
def test_export_rdf(client, fmt, media):
    from rdflib import Graph

    r = client.get("/api/export", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "attachment" in r.headers["content-disposition"]
    g = Graph().parse(data=r.content, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    measures = set(g.subjects(predicate=None, object=None))
    assert len(g) > 20_000 and measures


def test_export_neo4j_as_a_zip(client):
    import zipfile

    r = client.get("/api/export", params={"format": "neo4j-csv"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "IMPORT.md" in names and {"nodes_Measure.csv", "nodes_Agency.csv", "nodes_Document.csv"} <= set(names)


TOWNSHIP = ("平湖市新埭镇2025年生态环境工作要点\n"
            "一、深入打好蓝天保卫战\n"
            "1.2025年6月底前，完成镇域内餐饮油烟净化设施安装全覆盖。（镇环保办牵头，市生态环境局配合）\n"
            "2.到2025年底，持续开展秸秆禁烧巡查，确保全镇不发生露天焚烧。（镇农业服务中心负责）\n")


def test_upload_a_township_document_then_find_it_by_level(writable):
    """新埭镇, a town of 平湖市: level township, its place within 平湖市, below 平湖市's plan, found with level=township."""
    c = writable.client
    r = c.post("/api/documents", files={"file": ("xindai_2025.txt", TOWNSHIP.encode("utf-8"))}, headers=KEY)
    assert r.status_code == 201, r.text
    body = c.get("/api/documents/xindai_2025.txt").json()
    assert (body["jurisdiction"], body["level"], body["kind"]) == ("新埭镇", "township", "annual-plan")
    assert [(p["parent"], p["method"]) for p in body["parents"]] == [("002_67f8289a9b82292a.txt", "inferred")]
    county = c.get("/api/documents/002_67f8289a9b82292a.txt").json()  # 平湖市's 2025 plan
    assert [h["child"] for h in county["children"]] == ["xindai_2025.txt"]

    def docs(**params):
        return {m["doc"] for m in c.get("/api/measures", params={"limit": 500, **params}).json()["measures"]}

    assert docs(level="township") == {"xindai_2025.txt"}
    assert docs(level="county") == {"002_67f8289a9b82292a.txt"}
    assert docs(place="平湖市") == docs(place="嘉兴市") == {"002_67f8289a9b82292a.txt", "xindai_2025.txt"}
    assert docs(place="新埭镇") == {"xindai_2025.txt"}
    hits = c.get("/api/search", params={"q": "餐饮油烟", "level": "township"}).json()["hits"]
    assert [(h["doc"], h["level"], h["jurisdiction"], h["lead"]) for h in hits] == [
        ("xindai_2025.txt", "township", "新埭镇", ["镇环保办"])]
    assert_error_shape(c.get("/api/search", params={"q": "餐饮油烟", "level": "乡镇"}), 400, "bad-request")
