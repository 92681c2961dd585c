"""Rule files of ``kg``: patterns the knowledge graph applies to texts it holds, and to questions, as data with ids.

``extract/rules`` reads documents; these read what the graph links and what staff ask: the titles a document
gives itself (``titles.toml``: a citation finds it by any of them), the parts of a document that state no measure
(``preamble.toml``: a preamble, an addressee line, never a goal a lower-level measure carries out), when two
measures share enough to be linked (``link.toml``), the periods a calendar repeats (``calendar.toml``), and how a
question asks (``questions.toml``: intents, listings, question words, the tokenizer's stopwords).
"""
from __future__ import annotations

import re
from pathlib import Path

from extract.rules import compiled_tables, pattern_table, read_rule_file

HERE = Path(__file__).resolve().parent


def load_rules(name: str) -> dict:
    return read_rule_file(HERE / f"{name}.toml")


def compiled(name: str, section: str) -> tuple[tuple[str, re.Pattern, dict], ...]:
    """The ``[[section]]`` tables of a rule file as (id, compiled pattern, table), in the order written."""
    return compiled_tables(HERE / f"{name}.toml", section)


def patterns(name: str) -> dict[str, re.Pattern]:
    """The ``[[pattern]]`` tables of a rule file, compiled, by id."""
    return pattern_table(HERE / f"{name}.toml")
