"""One settings object: every setting has a default and a help line, read from the environment here only.

Environment variables are ``POLICYKG_<NAME>``; CLI options override them.
The README's settings table is generated from ``SETTINGS`` (a test checks it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setting(default, help: str, env: str | None = None):
    return field(default=default, metadata={"help": help, "env": env})


@dataclass(frozen=True)
class Settings:
    ontology_dir: Path = _setting(ROOT / "ontology", "folder holding agencies.toml, topics.toml and the Turtle vocabulary")
    corpus_dir: Path = _setting(ROOT / "corpus", "folder of documents `serve` builds the knowledge base from on first run")
    kb_dir: Path = _setting(ROOT / "var" / "kb", "knowledge base directory")
    max_upload_mb: int = _setting(32, "largest document accepted, in MB (extract, add, upload)")

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            key = f.metadata.get("env") or "POLICYKG_" + f.name.upper()
            if key in env and env[key] != "":
                values[f.name] = _coerce(f.type, env[key])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **{k: _coerce(next(f.type for f in fields(cls) if f.name == k), v)
                                 for k, v in values.items()})


def _coerce(type_, value):
    t = str(type_)
    if isinstance(value, str):
        if "Path" in t:
            return Path(value).expanduser()
        if t in ("int", "<class 'int'>"):
            return int(value)
        if t in ("float", "<class 'float'>"):
            return float(value)
        if t in ("bool", "<class 'bool'>"):
            return value.strip().lower() in ("1", "true", "yes", "on")
    if "Path" in t and not isinstance(value, Path):
        return Path(value)
    return value
