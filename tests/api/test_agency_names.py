"""Agencies by the names people write: the full official name, the city- or level-prefixed name, old and colloquial
names, the registry's aliases all find one agency, in questions, search filters, `policykg tasks`,
/api/agencies/{name}/… ; a name that finds none gets the nearest agencies."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from extract.registry import load_registry

from .conftest import ONTOLOGY

REGISTRY = load_registry(ONTOLOGY / "agencies.toml")
PREFIXES = ("", "市", "苏州市", "苏州")  # as written bare, with its level, with its city, with the city's short name


def aliases(fn) -> list[str]:
    """Every name of a function the registry gives: its names, its spoken names, the X部门 said for X局."""
    return list(dict.fromkeys(list(fn.names) + list(fn.spoken) +
                              [n for n, f in REGISTRY.spoken_by_name.items() if f.id == fn.id]))


def tasks_of(kb, name: str, place: str | None = None):
    from kg.service import NotFound

    try:
        body = kb.agency_tasks(name, place)
    except NotFound:
        return None
    return ([a["iri"] for a in body["agencies"]], [t["measure_id"] for t in body["lead"]],
            [t["measure_id"] for t in body["support"]])


def test_every_alias_finds_the_tasks_of_the_short_name(kb):
    held = set()
    for fn in REGISTRY.functions:
        for prefix in PREFIXES:
            want = tasks_of(kb, prefix + fn.names[0])
            if want:
                held.add(fn.id)
            for name in aliases(fn):
                assert tasks_of(kb, prefix + name) == want, prefix + name
    # the corpus's agencies are among them (a body of 苏州 for each)
    assert {"ecology-environment", "transport", "development-reform", "public-security", "urban-management",
            "industry-it", "housing-construction", "agriculture", "water"} <= held


@pytest.mark.slow
def test_every_alias_answers_policykg_tasks_as_the_short_name(settings):
    """The same through the command (each name run as `policykg tasks NAME --json`)."""
    runner = CliRunner()

    env = {"POLICYKG_KB_DIR": str(settings.kb_dir), "POLICYKG_ONTOLOGY_DIR": str(settings.ontology_dir)}

    def run(name):
        r = runner.invoke(app, ["tasks", name, "--json"], env=env)
        if r.exit_code:
            return r.exit_code
        body = json.loads(r.stdout)
        return ([t["measure_id"] for t in body["lead"]], [t["measure_id"] for t in body["support"]])

    for fn in REGISTRY.functions:
        for prefix in ("", "市", "苏州市"):
            want = run(prefix + fn.names[0])
            for name in aliases(fn):
                assert run(prefix + name) == want, prefix + name


# name → (the agency's full name and place, its lead and support counts as the short name has them)
NAMES = [
    ("苏州市生态环境局", "市生态环境局"),  # policykg tasks 苏州市生态环境局 said "no measures"
    ("苏州市交通运输局", "市交通局"),  # GET /api/agencies/苏州市交通运输局/measures was 404
    ("苏州交通局", "市交通局"),
    ("环保局", "市生态环境局"),
    ("交警", "市公安局"),
    ("交通部门", "市交通局"),
    ("城管", "市城管局"),
    ("苏州市发展和改革委员会", "市发改委"),
    ("嘉兴市生态环境局平湖分局", "平湖市生态环境局"),
    ("平湖环保局", "平湖市生态环境局"),
]


@pytest.mark.parametrize("name,short", NAMES)
def test_names_people_write_find_the_agency(client, name, short):
    got = client.get(f"/api/agencies/{name}/measures")
    want = client.get(f"/api/agencies/{short}/measures")
    assert got.status_code == want.status_code == 200
    ids = lambda body: ([t["measure_id"] for t in body["lead"]], [t["measure_id"] for t in body["support"]])
    assert ids(got.json()) == ids(want.json()) and got.json()["agencies"] == want.json()["agencies"]


def test_what_a_name_means(client):
    body = client.get("/api/agencies/苏州市交通运输局").json()
    assert [(a["name"], a["place"], a["function"]) for a in body["agencies"]] == [("苏州市交通局", "苏州市", "transport")]
    assert body["suggestions"] == []
    # 生态环境局 names the bureaus of both places; 苏州's, a city's with the most tasks, first
    body = client.get("/api/agencies/生态环境局").json()
    assert [(a["name"], a["place"]) for a in body["agencies"]] == [("苏州市生态环境局", "苏州市"), ("平湖市生态环境局", "平湖市")]
    # a name of no agency here: the nearest, of its function first
    body = client.get("/api/agencies/郑州市生态环境局").json()
    assert body["agencies"] == []
    assert [(a["name"], a["place"]) for a in body["suggestions"]] == [("苏州市生态环境局", "苏州市"), ("平湖市生态环境局", "平湖市")]


def test_an_unknown_name_gets_the_nearest_agencies(client):
    r = client.get("/api/agencies/郑州市生态环境局/measures")
    assert r.status_code == 404
    assert r.json()["error"]["message"] == ("no measures of 郑州市生态环境局; the nearest agencies: "
                                            "苏州市生态环境局 (苏州市), 平湖市生态环境局 (平湖市)")


def test_same_named_agencies_of_other_places_are_named_beside(client):
    body = client.get("/api/agencies/环保局/measures").json()
    assert [(a["name"], a["place"]) for a in body["agencies"]] == [("苏州市生态环境局", "苏州市")]
    assert [(a["name"], a["place"]) for a in body["others"]] == [("平湖市生态环境局", "平湖市")]
    pinghu = client.get("/api/agencies/环保局/measures", params={"place": "平湖市"}).json()
    assert [(a["name"], a["place"]) for a in pinghu["agencies"]] == [("平湖市生态环境局", "平湖市")]
    assert len(pinghu["lead"]) == 80 and pinghu["others"] == []


@pytest.mark.parametrize("agency", ["市交通局", "苏州市交通运输局", "交通局", "苏州交通局"])
def test_search_filters_read_the_name(client, agency):
    want = client.get("/api/search", params={"q": "岸电", "agency": "市交通局", "role": "lead"}).json()["hits"]
    got = client.get("/api/search", params={"q": "岸电", "agency": agency, "role": "lead"}).json()["hits"]
    assert [h["measure_id"] for h in got] == [h["measure_id"] for h in want] and want
    measures = client.get("/api/measures", params={"agency": agency, "limit": 500}).json()
    assert measures["total"] == 26  # 市交通局 leads 17 and supports 9 of the corpus's measures


@pytest.mark.parametrize("q,name,place,lead,support", [
    ("环保局负责哪些任务", "苏州市生态环境局", "苏州市", 230, 10),
    ("苏州市交通运输局负责哪些任务", "苏州市交通局", "苏州市", 17, 9),
    ("交警负责哪些任务", "苏州市公安局", "苏州市", 8, 6),
    ("发改委牵头哪些工作", "苏州市发改委", "苏州市", 24, 0),  # 牵头: those it leads
    ("城管局配合哪些任务", "苏州市城管局", "苏州市", 0, 1),  # 配合: those it supports
    ("平湖环保局负责哪些任务", "平湖市生态环境局", "平湖市", 80, 0),
])
def test_questions_about_an_agencys_tasks(client, q, name, place, lead, support):
    body = client.get("/api/ask", params={"q": q}).json()
    assert body["intent"] == ["tasks"]
    assert [(a["name"], a["place"]) for a in body["agencies"]] == [(name, place)]
    assert (len(body["groups"]["lead"]), len(body["groups"]["support"])) == (lead, support)


def test_cli_tasks_by_any_name_with_suggestions(settings):
    runner = CliRunner()
    env = {"POLICYKG_KB_DIR": str(settings.kb_dir), "POLICYKG_ONTOLOGY_DIR": str(settings.ontology_dir)}
    r = runner.invoke(app, ["tasks", "苏州市生态环境局"], env=env)
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("苏州市生态环境局（苏州市）：以")
    assert "牵头（230）" in r.stdout.splitlines()
    r = runner.invoke(app, ["tasks", "环保局"], env=env)
    assert r.stdout.splitlines()[1] == "  另有 平湖市生态环境局（平湖市）：policykg tasks 环保局 --place 平湖市"
    r = runner.invoke(app, ["tasks", "郑州市交通运输局"], env=env)
    assert r.exit_code == 2
    assert r.stderr.strip() == "policykg: no measures of 郑州市交通运输局; the nearest agencies: 苏州市交通局 (苏州市)"
