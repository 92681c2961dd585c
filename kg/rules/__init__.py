"""Rule files of ``kg``: patterns the knowledge graph applies to texts it holds, as data with ids.

``extract/rules`` reads documents; these read what the graph links: the titles a document gives
itself (a citation finds it by any of them) and the parts of a document that state no measure (a
preamble, an addressee line), which are never a goal a lower-level measure carries out.
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
    """The ``[[section]]`` tables of a rule file as (id, compiled pattern, table), in the order written."""
    return tuple((rule["id"], re.compile(rule["pattern"]), rule) for rule in load_rules(name)[section])
