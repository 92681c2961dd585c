"""The layering the style guide asks for, checked on the source: api → kg → extract."""
import ast

import pytest

from .conftest_paths import ROOT

KG = sorted((ROOT / "kg").glob("*.py"))


def imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("path", KG, ids=lambda p: p.name)
def test_kg_module_imports(path):
    found = imports(path)
    assert "fastapi" not in found and "api" not in found
    if path.name not in ("store.py", "server_store.py", "results.py"):
        assert not {"pyoxigraph", "httpx"} & found, \
            "only kg/store.py, kg/server_store.py and their results (kg/results.py) talk to the backend"


def test_extract_knows_nothing_of_rdf():
    for path in (ROOT / "extract").rglob("*.py"):
        assert not {"rdflib", "pyoxigraph", "kg"} & imports(path), path


def test_one_list_of_file_suffixes():
    """build and extract read every kind of file load reads (.shtml, .markdown …): one list, extract.load's."""
    from extract.load import SUFFIXES
    from kg.kb import DOC_SUFFIXES

    assert DOC_SUFFIXES == set(SUFFIXES) and ".shtml" in DOC_SUFFIXES


def test_one_sparql_string_escaper():
    from kg.vocab import sparql_string

    text = '他说"好"' + "\n" + "第二行" + "\t" + "\\"
    assert sparql_string(text) == '"他说' + '\\"好\\"' + "\\n第二行\\t\\\\" + '"'
    for path in KG:
        assert "def _lit(" not in path.read_text(encoding="utf-8"), path.name
