"""Rule files: the patterns and word lists the extractors apply, as data with ids.

Each ``NAME.toml`` beside this module is read once; the code that applies a
rule records the rule's id on every value it produces.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_rules(name: str) -> dict:
    with open(HERE / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def compiled(name: str, section: str) -> tuple[tuple[str, re.Pattern, dict], ...]:
    """The ``[[section]]`` tables of a rule file as (id, compiled pattern, table)."""
    out = []
    for rule in load_rules(name)[section]:
        out.append((rule["id"], re.compile(rule["pattern"]), rule))
    return tuple(out)


@lru_cache(maxsize=None)
def patterns(name: str) -> dict[str, re.Pattern]:
    """The ``[[pattern]]`` tables of a rule file, compiled, by id."""
    return {rule["id"]: re.compile(rule["pattern"]) for rule in load_rules(name)["pattern"]}
