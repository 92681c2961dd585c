"""The command line is a thin shell: `--json` prints exactly the HTTP body; the rest renders the same result."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app

from .conftest import ONTOLOGY


def run(settings, *args):
    env = {"POLICYKG_KB_DIR": str(settings.kb_dir), "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY)}
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


ASKED = ["靠港船舶岸电使用电量翻一番", "平湖今年治气攻坚要完成多少个治理项目", "市交通局负责哪些任务",
         "谁牵头VOCs综合治理？什么时候完成？", "郑州的氢能任务谁负责"]


@pytest.mark.parametrize("q", ASKED)
def test_ask_json_is_the_http_body(client, settings, q):
    r = run(settings, "ask", q, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == client.get("/api/ask", params={"q": q}).json()


SEARCHED = [
    ("岸电", {}),
    ("柴油货车", {"agency": "市交通局", "role": "lead"}),
    ("监测", {"place": "嘉兴市", "k": 3}),
    ("治理", {"level": "city", "kind": "task-breakdown", "topic": "air", "due_before": "2025-12-31",
              "due_after": "2024-06-30"}),
    ("推进", {"doc": "003_d2b294729e46398b.txt", "k": 20}),
    ("推进", {"level": "township"}),
]


@pytest.mark.parametrize("q,params", SEARCHED, ids=[s[0] for s in SEARCHED])
def test_search_json_is_the_http_body(client, settings, q, params):
    options = [x for k, v in params.items() for x in (f"--{k.replace('_', '-')}", v)]
    r = run(settings, "search", q, *options, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == client.get("/api/search", params={"q": q, **params}).json()


def test_agencies_and_tasks_json_are_the_http_bodies(client, settings):
    r = run(settings, "agencies", "--json")
    assert json.loads(r.stdout) == client.get("/api/agencies").json()
    r = run(settings, "agencies", "--place", "平湖市", "--json")
    assert json.loads(r.stdout) == client.get("/api/agencies", params={"place": "平湖市"}).json()
    r = run(settings, "tasks", "市交通局", "--json")
    assert json.loads(r.stdout) == client.get("/api/agencies/市交通局/measures").json()


def test_trace_json_is_the_http_body(client, settings):
    args = {"doc": "002_67f8289a9b82292a.txt", "contains": "持续开展入河排污口整治"}
    r = run(settings, "trace", "--doc", args["doc"], "--contains", args["contains"], "--json")
    assert json.loads(r.stdout) == client.get("/api/trace", params=args).json()


def test_readable_output(settings, client, corpus_roles):
    r = run(settings, "ask", "靠港船舶岸电使用电量翻一番")
    lines = r.stdout.splitlines()
    # the direct answer and its source first, then the measures
    assert lines[0] == ("答：市交通局牵头；配合单位：市生态环境局、沿江三市直属海事局、市市场监管局；2025-12-31前完成（原文：到2025年）；"
                        "目标：主要港口和排放控制区内靠港船舶的岸电使用电量较2020年翻一番。")
    assert lines[1] == "来源：《苏州市空气质量持续改善行动重点工作任务分解表》 强化非道路移动源综合治理"
    assert lines[2].startswith("  004_5388e15178bf8d90.txt 004_5388e15178bf8d90-022  推动发展新能源和清洁能源船舶")
    assert lines[3] == "    牵头: 市交通局  配合: 市生态环境局、沿江三市直属海事局、市市场监管局  期限: 2025-12-31"
    r = run(settings, "tasks", "市交通局")
    lines = r.stdout.splitlines()
    lead, support = corpus_roles("市交通局", "苏州市")
    assert lines[0].startswith("苏州市交通局（苏州市）：以") and lines[1] == f"牵头（{lead}）" and f"配合（{support}）" in lines
    r = run(settings, "agencies")
    first = client.get("/api/agencies").json()["agencies"][0]  # the agency with the most tasks, as the API counts
    assert (first["name"], first["place"]) == ("市生态环境局", "苏州市")
    assert r.stdout.splitlines()[0].split() == [str(first["lead"]), "牵头", str(first["support"]), "配合", "苏州市",
                                                "市生态环境局"]


def test_the_notice_and_the_hierarchy_flag_on_the_command_line(settings):
    r = run(settings, "ask", "郑州的氢能任务谁负责")
    assert r.stdout.splitlines() == ["注意：知识库中没有郑州市的文件，无法回答关于郑州市的问题；其他地区的措施不能当作郑州市的措施。",
                                     "没有找到相关的任务。"]
    lines = run(settings, "info").stdout.splitlines()
    at = lines.index("  002_67f8289a9b82292a.txt → 000_a96bc2db90b64911.txt (manifest)")
    assert lines[at + 1] == ("    ！不合常规：上级文件属苏州市（江苏省），本文件属平湖市（浙江省嘉兴市）："
                             "上级文件所在地不包含本文件所在地，请核对清单或引用")


@pytest.mark.parametrize("args,message", [
    (["search", "岸电", "--level", "town"], "policykg: level must be one of national, province, city, county, township"),
    (["search", "岸电", "--due-before", "soon"], "policykg: Invalid isoformat string: 'soon'"),
    (["tasks", "不存在局"], "policykg: no measures of 不存在局"),
])
def test_errors_are_one_line(settings, args, message):
    r = run(settings, *args)
    assert r.exit_code == 2 and r.stderr.strip() == message


def test_no_knowledge_base(tmp_path):
    env = {"POLICYKG_KB_DIR": str(tmp_path / "none"), "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY)}
    r = CliRunner().invoke(app, ["ask", "岸电"], env=env)
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"policykg: no knowledge base at {tmp_path / 'none'}: run `policykg build` "
                                "(or `policykg serve`) first")


def test_search_by_level_township_json_is_the_http_body(writable):
    from .test_documents import KEY, TOWNSHIP

    r = writable.client.post("/api/documents", files={"file": ("xindai_2025.txt", TOWNSHIP.encode())}, headers=KEY)
    assert r.status_code == 201, r.text
    r = run(writable.settings, "search", "餐饮油烟", "--level", "township", "--json")
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert body == writable.client.get("/api/search", params={"q": "餐饮油烟", "level": "township"}).json()
    assert [(h["doc"], h["level"]) for h in body["hits"]] == [("xindai_2025.txt", "township")]


def test_a_busy_port_is_one_line_before_anything_is_built(settings, tmp_path):
    """serve on a port another process holds says so in one line (exit 3), and builds nothing first."""
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        empty = tmp_path / "kb"
        r = run(settings, "serve", "--kb", empty, "--port", port, "--host", "127.0.0.1")
    assert r.exit_code == 3
    assert r.stderr.splitlines() == [f"policykg: port {port} on 127.0.0.1 is in use by another process: "
                                     "pick another with --port or POLICYKG_PORT"]
    assert not empty.exists() or not any(empty.iterdir())


def test_every_command_shows_an_example_and_shares_its_options():
    from typer.main import get_command

    group = get_command(app)
    for name, command in group.commands.items():
        assert "Example: policykg" in (command.help or ""), name
        for option in ("--kb", "--json"):
            params = [p for p in command.params if option in getattr(p, "opts", [])]
            assert len(params) <= 1, (name, option)
