"""Reading a typed agency name into the bodies the knowledge base holds (kg/directory), on the corpus."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def directory(corpus_kb):
    from kg.service import KnowledgeBase

    return KnowledgeBase(corpus_kb[0]).directory()


SUZHOU_EE, PINGHU_EE = ("苏州市生态环境局", "苏州市"), ("平湖市生态环境局", "平湖市")

# name → the agencies it names, best first (full name, place)
NAMES = [
    ("苏州市生态环境局", [SUZHOU_EE]),  # the full name
    ("市生态环境局", [SUZHOU_EE, PINGHU_EE]),  # a level: the city's first, then the county-level city's (平湖市 says 市)
    ("生态环境局", [SUZHOU_EE, PINGHU_EE]),  # nothing before it: the one with the most tasks first
    ("环保局", [SUZHOU_EE, PINGHU_EE]),  # the old name
    ("苏州环保局", [SUZHOU_EE]),  # the city's short name and the old name
    ("苏州市环境保护局", [SUZHOU_EE]),
    ("环境局", [SUZHOU_EE, PINGHU_EE]),  # said, not written
    ("平湖环保局", [PINGHU_EE]),
    ("嘉兴市生态环境局平湖分局", [PINGHU_EE]),  # as the document writes it
    ("平湖分局", [PINGHU_EE]),  # as people call the branch
    ("交通运输局", [("苏州市交通局", "苏州市")]),
    ("苏州市交通运输局", [("苏州市交通局", "苏州市")]),
    ("交通部门", [("苏州市交通局", "苏州市")]),
    ("发展和改革委员会", [("苏州市发改委", "苏州市")]),
    ("发展改革委", [("苏州市发改委", "苏州市")]),  # a national body's name too, but no national body is held
    ("交警", [("苏州市公安局", "苏州市")]),
    ("苏州交警", [("苏州市公安局", "苏州市")]),
    ("城管", [("苏州市城管局", "苏州市")]),
    ("市监局", [("苏州市市场监管局", "苏州市")]),
    ("苏州海关", [("苏州海关", "苏州市")]),  # a name no registry knows, as written
    ("郑州市生态环境局", []),
    ("生态环境部", []),
]


@pytest.mark.parametrize("name,agencies", NAMES, ids=[n[0] for n in NAMES])
def test_names(directory, name, agencies):
    assert [(a.label, a.place) for a in directory.resolve(name).agencies] == agencies


@pytest.mark.parametrize("name,place,agencies", [
    ("环保局", "平湖市", [PINGHU_EE]),
    ("市生态环境局", "苏州市", [SUZHOU_EE]),
    ("市交通局", "嘉兴市", []),
])
def test_names_within_a_place(directory, name, place, agencies):
    assert [(a.label, a.place) for a in directory.resolve(name, place).agencies] == agencies


@pytest.mark.parametrize("name,nearest", [
    ("郑州市生态环境局", [SUZHOU_EE, PINGHU_EE]),  # its function elsewhere
    ("海关", [("苏州海关", "苏州市")]),  # the characters it shares
    ("不存在局", []),
])
def test_the_nearest_agencies(directory, name, nearest):
    found = directory.resolve(name)
    assert found.agencies == [] and [(a.label, a.place) for a in found.suggestions] == nearest


def test_counts_by_role(directory):
    traffic = directory.resolve("市交通局").agencies[0]
    assert (traffic.lead, traffic.support, traffic.function, traffic.rank) == (17, 9, "transport", "city")


def test_a_name_one_document_writes_bare_names_the_same_body_elsewhere_too(tmp_path):
    # 昆山's plan writes 发改委 bare; 苏州's writes 市发改委: 发改委 is both, not 昆山's alone
    from kg.build.ops import build_documents
    from kg.service import KnowledgeBase

    from ..conftest import kb_settings
    from ..fixtures import kunshan_annual, suzhou_plan

    settings = kb_settings(tmp_path / "kb", base_iri="https://example.org/kb/", validate=False)
    build_documents([suzhou_plan(), kunshan_annual([("推进VOCs综合治理，发改委负责。", "发改委")])], settings)
    found = KnowledgeBase(settings).directory().resolve("发改委").agencies
    assert sorted((a.label, a.place) for a in found) == [("昆山市发改委", "昆山市"), ("苏州市发改委", "苏州市")]
    # its tasks asked by what they are about: the namesake whose tasks say it, when the first one's do not
    body = KnowledgeBase(settings).ask("发改委配合的PM2.5任务有哪些")
    assert ([a["name"] for a in body["agencies"]], [a["doc"] for a in body["answers"]]) == (
        ["昆山市发改委", "苏州市发改委"], ["sz_plan.txt"])
