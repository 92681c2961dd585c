"""The knowledge-base commands are thin shells: same bodies as the library, one-line errors, exit status 2."""
import json
import shutil

import pytest
from typer.testing import CliRunner

from api.cli import app
from kg.ids import ids_for
from kg.store import open_store
from kg.trace import trace

from .conftest_paths import CORPUS, ONTOLOGY

ENV = {"POLICYKG_VALIDATE": "0", "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY)}


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def test_build_add_remove(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("001_a4dc09f2c6a77e08.txt", "manifest.toml"):
        shutil.copy(CORPUS / name, folder / name)
    kb = tmp_path / "kb"
    r = run("build", folder, "--kb", kb, "--json")
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert body["written"] == ["001_a4dc09f2c6a77e08.txt"] and body["documents"] == 1 and body["version"]
    r = run("add", CORPUS / "004_5388e15178bf8d90.txt", "--kb", kb, "--json")
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert body["documents"] == 2 and body["link_graphs"] == 1 and body["links"] > 0
    r = run("remove", "001_a4dc09f2c6a77e08.txt", "--kb", kb, "--json")
    assert json.loads(r.stdout)["documents"] == 1
    r = run("remove", "001_a4dc09f2c6a77e08.txt", "--kb", kb)
    assert r.exit_code == 2 and r.stderr.startswith("policykg: 001_a4dc09f2c6a77e08.txt is not in the knowledge base")


def test_trace_prints_the_library_body(corpus_kb):
    settings, _ = corpus_kb
    r = run("trace", "--doc", "002_67f8289a9b82292a.txt", "--contains", "持续开展入河排污口整治", "--json",
            "--kb", settings.kb_dir)
    assert r.exit_code == 0, r.output
    with open_store(settings.kb_dir) as store:
        assert json.loads(r.stdout) == trace(store, ids_for(store, settings), "002_67f8289a9b82292a.txt",
                                             "持续开展入河排污口整治")


@pytest.mark.parametrize("args,message", [
    (["trace", "--doc", "nope.txt", "--contains", "x"], "policykg: nope.txt is not in the knowledge base"),
    (["export", "--format", "xlsx"], "policykg: unknown format 'xlsx'"),
    (["build", "/no/such/folder"], "policykg: /no/such/folder: no such file or folder"),
])
def test_errors_are_one_line(small_kb, args, message):
    settings, _ = small_kb
    r = run(*args, "--kb", settings.kb_dir)
    assert r.exit_code == 2 and r.stderr.strip().startswith(message)


def test_export_to_stdout(small_kb):
    from rdflib import Graph

    settings, _ = small_kb
    r = CliRunner().invoke(app, ["export", "--format", "nt", "--kb", str(settings.kb_dir)], env=ENV)
    assert r.exit_code == 0
    assert len(Graph().parse(data=r.stdout_bytes, format="nt")) > 100
