"""Two replicas behind nginx over one Virtuoso: 20 clients for 30 s mixing search, ask, trace and SPARQL,
one upload and one delete through one replica meanwhile; zero errors, and the change visible through the
other replica."""
from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import httpx
import pytest

from .conftest import API_KEY, ROOT, healthz, up, wait_for

pytestmark = pytest.mark.slow

PLAN = """平湖市2025年大气污染防治工作计划

一、加强油气回收治理
（一）推进加油站油气回收在线监控建设。2025年12月底前完成。（牵头单位：市生态环境局；配合单位：市商务局）
（二）开展重点企业挥发性有机物走航检测。2025年6月底前完成。（牵头单位：市生态环境局）
"""
READS = [
    ("/api/search", {"q": "岸电使用电量"}),
    ("/api/search", {"q": "新能源汽车推广"}),
    ("/api/ask", {"q": "靠港船舶岸电用电量要比2020年翻倍，这项工作谁牵头？"}),
    ("/api/ask", {"q": "柴油车淘汰工作由哪些部门负责？"}),
    ("/api/trace", {"doc": "004_5388e15178bf8d90.txt", "contains": "岸电使用电量"}),
    ("/sparql", {"query": "SELECT ?name WHERE { ?d a pkg:PolicyDocument ; pkg:fileName ?name } ORDER BY ?name"}),
    ("/sparql", {"query": "SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m pkg:lead ?a } GROUP BY ?a ORDER BY DESC(?n) LIMIT 5"}),
]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    dep = up(tmp_path_factory.mktemp("deploy"), 2, ROOT / "corpus")
    yield dep
    dep.down()


def test_two_replicas_under_load_with_an_upload_and_a_delete(deployment):
    nginx, (writer, other) = deployment.nginx, deployment.replicas
    before = healthz(other)
    assert healthz(writer)["version"] == before["version"] and before["documents"] == 5
    errors, counts, stop = [], {"ok": 0}, threading.Event()
    lock = threading.Lock()

    def client(seed: int):
        rng = random.Random(seed)
        with httpx.Client(base_url=nginx, timeout=60) as c:
            while not stop.is_set():
                path, params = rng.choice(READS)
                try:
                    r = c.get(path, params=params)
                    ok = r.status_code == 200
                except httpx.HTTPError as exc:
                    ok, r = False, exc
                with lock:
                    if ok:
                        counts["ok"] += 1
                    else:
                        errors.append((path, getattr(r, "status_code", None), getattr(r, "text", str(r))[:300]))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(20)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(5)
    key = {"X-API-Key": API_KEY}
    r = httpx.post(writer + "/api/documents", files={"file": ("pinghu_air_2025.txt", PLAN.encode(), "text/plain")},
                   headers=key, timeout=120)
    assert r.status_code == 201, r.text
    time.sleep(3)
    r = httpx.delete(writer + "/api/documents/003_d2b294729e46398b.txt", headers=key, timeout=120)
    assert r.status_code == 200, r.text
    time.sleep(max(0.0, 30 - (time.monotonic() - started)))
    stop.set()
    for t in threads:
        t.join()
    assert errors == [] and counts["ok"] > 100, (errors[:5], counts)
    print(f"\n{counts['ok']} requests answered in 30 s by 2 replicas, no errors")

    after = wait_for(lambda: (h := healthz(other))["version"] == healthz(writer)["version"] and h, 10)
    assert after["version"] != before["version"] and after["documents"] == 5
    hit = httpx.get(other + "/api/search", params={"q": "油气回收在线监控"}, timeout=30).json()["hits"][0]
    assert hit["doc"] == "pinghu_air_2025.txt"
    docs = [d["doc"] for d in httpx.get(other + "/api/documents", timeout=30).json()["documents"]]
    assert "pinghu_air_2025.txt" in docs and "003_d2b294729e46398b.txt" not in docs
