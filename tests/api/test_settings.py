"""Settings: one place, read from the environment, documented in the README as generated."""
from __future__ import annotations

from pathlib import Path

from api.settings import ROOT, Settings, settings_table


def test_the_readme_table_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, "README settings table is stale: run python -m api.settings"


def test_environment_overrides_defaults_and_options_override_environment():
    env = {"POLICYKG_PORT": "9001", "POLICYKG_VALIDATE": "no", "POLICYKG_KB_DIR": "/tmp/some kb",
           "POLICYKG_SPARQL_TIMEOUT": "2.5", "POLICYKG_API_KEY": ""}
    s = Settings.from_env(env)
    assert (s.port, s.validate, s.kb_dir, s.sparql_timeout, s.api_key) == (9001, False, Path("/tmp/some kb"), 2.5, "")
    assert Settings.from_env(env, port=9002, host=None).port == 9002
    assert Settings.from_env({}).port == Settings().port
