"""kg's one boundary with a configuration (kg/config.py): what it reads is declared, and api's Settings provides it."""
import ast
from dataclasses import dataclass, fields
from pathlib import Path

from api.settings import Settings
from kg.build.ops import summary
from kg.config import Config

from .conftest_paths import ONTOLOGY, ROOT

DECLARED = set(Config.__annotations__)


def read_from_settings() -> dict[str, set[str]]:
    """Every attribute kg reads off an object it calls ``settings`` (or ``self.settings``, ``shop.settings``)."""
    out: dict[str, set[str]] = {}
    for path in (ROOT / "kg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            named = (isinstance(owner, ast.Name) and owner.id == "settings") or \
                (isinstance(owner, ast.Attribute) and owner.attr == "settings")
            if named and node.attr not in ("get", "setdefault", "update"):  # the search index's own settings: a dict
                out.setdefault(node.attr, set()).add(str(path.relative_to(ROOT)))
    return out


def test_kg_reads_only_what_the_config_declares():
    found = read_from_settings()
    assert found, "the scan finds the settings kg reads"
    assert {"ontology_dir", "base_iri", "kb_dir", "store"} <= set(found)
    undeclared = {name: where for name, where in found.items() if name not in DECLARED}
    assert not undeclared, f"read by kg but not in kg.config.Config: {undeclared}"


def test_api_settings_satisfy_the_config():
    settings = Settings.from_env(env={})
    assert isinstance(settings, Config)
    assert DECLARED <= {f.name for f in fields(Settings)}


@dataclass
class ScriptConfig:
    """What a script outside api can hand kg: just the declared fields."""

    ontology_dir: Path
    kb_dir: Path
    base_iri: str = "https://w3id.org/policykg/id/"
    store: str = "embedded"
    lock_timeout: float = 10.0
    sparql_query: str = ""
    sparql_update: str = ""
    sparql_graph_store: str = ""
    sparql_user: str = ""
    sparql_password: str = ""
    sparql_lease: float = 60.0
    workers: int = 1
    validate: bool = False
    extract_timeout: float = 60.0
    extract_memory_mb: int = 0
    max_upload_mb: int = 32
    link_top_k: int = 5
    link_min_score: float = 0.01
    trace_min_share: float = 0.4
    today: str = ""


def test_kg_runs_on_any_object_that_has_the_declared_fields(tmp_path):
    from kg.build.ops import build

    config = ScriptConfig(ONTOLOGY, tmp_path / "kb")
    assert isinstance(config, Config) and set(Config.__annotations__) == {f.name for f in fields(ScriptConfig)}
    path = tmp_path / "plan.txt"
    path.write_text("关于印发某市2025年生态环境保护工作要点的通知\n一、推进VOCs综合治理，2025年底前完成（牵头单位：市生态环境局）\n",
                    encoding="utf-8")
    outcome = build([path], config)
    assert outcome.written == ["plan.txt"] and summary(config)["documents"] == 1
