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
def read_rule_file(path: Path) -> dict:
    """A rule file, read once (``kg/rules`` reads its own files through this too)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def compiled_tables(path: Path, section: str) -> tuple[tuple[str, re.Pattern, dict], ...]:
    """The ``[[section]]`` tables of a rule file as (id, compiled pattern, table), in the order written."""
    return tuple((rule["id"], re.compile(rule["pattern"]), rule) for rule in read_rule_file(path)[section])


def load_rules(name: str) -> dict:
    return read_rule_file(HERE / f"{name}.toml")


def compiled(name: str, section: str) -> tuple[tuple[str, re.Pattern, dict], ...]:
    """The ``[[section]]`` tables of a rule file as (id, compiled pattern, table)."""
    return compiled_tables(HERE / f"{name}.toml", section)


@lru_cache(maxsize=None)
def pattern_table(path: Path) -> dict[str, re.Pattern]:
    """The ``[[pattern]]`` tables of a rule file, compiled, by id (``kg/rules`` reads its own through this too)."""
    return {rule_id: p for rule_id, p, _ in compiled_tables(path, "pattern")}


def patterns(name: str) -> dict[str, re.Pattern]:
    """The ``[[pattern]]`` tables of one of these rule files, compiled, by id."""
    return pattern_table(HERE / f"{name}.toml")


def pattern(name: str, rule_id: str) -> re.Pattern:
    """One ``[[pattern]]`` of a rule file by its id."""
    return patterns(name)[rule_id]
