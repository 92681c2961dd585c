"""The layering the style guide asks for, checked on the source: api → kg → extract, and inside kg its rooms.

kg's top holds what every room shares (vocabulary, ids, schemes, places, bodies) and what answers with the rooms'
work (service, trace, neighbourhood); ``kg/store`` is the bottom room (the only one that talks to a backend),
``kg/build``, ``kg/search`` and ``kg/export`` stand on it side by side and never import each other."""
import ast

import networkx as nx
import pytest

from .conftest_paths import ROOT

KG = sorted((ROOT / "kg").rglob("*.py"))
ROOMS = ("store", "build", "search", "export")


def module_of(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path) -> set[str]:
    """Every module the file imports, at the top or inside a function, relative imports made absolute
    (``from . import x`` counts as the module ``pkg.x`` when there is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_of(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            subs = [f"{target}.{a.name}" for a in node.names]
            found = [s for s in subs if _exists(s)]
            out |= set(found) if found else {target}
            if len(found) < len(subs):
                out.add(target)
    return out


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "kg" and len(parts) > 1 and parts[1] in ROOMS else None


def tops(found: set[str]) -> set[str]:
    return {m.split(".")[0] for m in found}


@pytest.mark.parametrize("path", KG, ids=lambda p: str(p.relative_to(ROOT / "kg")))
def test_kg_module_imports(path):
    found = tops(imported(path))
    here = room(module_of(path))
    assert "fastapi" not in found and "api" not in found
    if here != "store":
        assert not {"pyoxigraph", "httpx"} & found, "only kg/store talks to the backend"
    if here != "search":
        assert "tantivy" not in found, "only kg/search keeps the search index"


@pytest.mark.parametrize("path", KG, ids=lambda p: str(p.relative_to(ROOT / "kg")))
def test_rooms_stand_side_by_side(path):
    """store imports no other room; build, search and export import store and kg's top, never each other."""
    here = room(module_of(path))
    if here is None:
        return
    others = {room(m) for m in imported(path)} - {None, here}
    assert others <= ({"store"} if here != "store" else set()), f"kg/{here} imports kg/{sorted(others)}"


def test_no_import_cycles():
    graph = nx.DiGraph()
    for path in [*KG, *(ROOT / "extract").rglob("*.py"), *(ROOT / "api").rglob("*.py")]:
        here = module_of(path)
        graph.add_node(here)
        for m in imported(path):
            if m.split(".")[0] in ("kg", "extract", "api") and m != here and _exists(m):
                graph.add_edge(here, m)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles


def test_kg_top_is_small():
    """A newcomer finds their way: at most 15 modules directly in kg/, the rest in its rooms."""
    assert len(list((ROOT / "kg").glob("*.py"))) <= 15
    assert all((ROOT / "kg" / r / "__init__.py").is_file() for r in ROOMS)


def test_extract_knows_nothing_of_rdf():
    for path in (ROOT / "extract").rglob("*.py"):
        assert not {"rdflib", "pyoxigraph", "kg"} & tops(imported(path)), path


def test_one_list_of_file_suffixes():
    """build and extract read every kind of file load reads (.shtml, .markdown …): one list, extract.load's."""
    from extract.load import SUFFIXES
    from kg.build.ops import DOC_SUFFIXES

    assert DOC_SUFFIXES == set(SUFFIXES) and ".shtml" in DOC_SUFFIXES


def test_one_sparql_string_escaper():
    from kg.vocab import sparql_string

    text = '他说"好"' + "\n" + "第二行" + "\t" + "\\"
    assert sparql_string(text) == '"他说' + '\\"好\\"' + "\\n第二行\\t\\\\" + '"'
    for path in KG:
        assert "def _lit(" not in path.read_text(encoding="utf-8"), path.name


ASKING = ("谁", "哪些", "什么时候", "多少", "配合", "牵头")


def _compiled_literals(path) -> list[str]:
    """The string literals the file hands to ``re.compile``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "compile" and node.args:
            out += [n.value for n in ast.walk(node.args[0]) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return out


def test_one_home_for_the_words_of_asking():
    """How staff ask (intents, listings, question words, stopwords) is written once: kg/rules/questions.toml."""
    for path in KG:
        written = [s for s in _compiled_literals(path) if any(w in s for w in ASKING)]
        assert not written, f"{path.relative_to(ROOT)} writes words of asking itself: {written}"
    from kg.rules import load_rules

    rules = load_rules("questions")
    assert {i["id"] for i in rules["intent"]} == {"who", "support", "when", "howmuch"}


def test_one_home_for_role_labels():
    """牵头 / 配合 as staff read them: kg.vocab.ROLE_LABELS, not a dict per module."""
    for path in [*KG, *(ROOT / "api").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Dict, ast.Tuple)) and path.name != "vocab.py":
                values = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)]
                assert not {"lead", "牵头"} <= set(values), f"{path.relative_to(ROOT)}:{node.lineno} labels roles itself"


def test_one_reader_per_data_file():
    """topics.toml and agencies.toml have one reader each (extract.topics.read_topics, extract.registry.read_registry),
    the rule files theirs (extract.rules.read_rule_file), a corpus manifest its own (kg.build.ops.read_manifest)."""
    readers = {"extract/topics.py", "extract/registry.py", "extract/rules/__init__.py", "kg/build/ops.py"}
    for path in [*KG, *(ROOT / "extract").rglob("*.py"), *(ROOT / "api").rglob("*.py")]:
        if "tomllib" in tops(imported(path)):
            assert str(path.relative_to(ROOT)) in readers, f"{path.relative_to(ROOT)} parses TOML itself"


PACKAGES = [*KG, *(ROOT / "extract").rglob("*.py"), *(ROOT / "api").rglob("*.py")]


def test_no_function_over_80_lines_and_no_module_over_500():
    long = []
    for path in PACKAGES:
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 500:
            long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 80:
                long.append(f"{path.relative_to(ROOT)}:{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert not long
