"""What an agency looks like by its form (``rules/bodies.toml``): organ endings, catch-alls,
words a name never starts with. The one home of the organ endings."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..rules import load_rules


@dataclass(frozen=True)
class BodyForms:
    organ_end: re.Pattern  # a name that ends like an organ
    department_end: re.Pattern  # …局 / …委 / …政府: a body that acts
    government_end: re.Pattern  # …人民政府 / …管委会
    entity_end: re.Pattern  # a company or facility
    generic: re.Pattern  # a catch-all (有关部门), whole
    generic_any: re.Pattern  # a catch-all anywhere
    not_body: re.Pattern  # a verb a name never starts with
    blanket: re.Pattern  # a blanket note's words (以下均需…，不再列出)
    blanket_clause: re.Pattern
    level_prefix: str
    organ_endings: tuple[str, ...]
    department_endings: tuple[str, ...]


def _ending(words) -> re.Pattern:
    return re.compile("(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")$")


@lru_cache(maxsize=1)
def body_forms() -> BodyForms:
    r = load_rules("bodies")
    forms = r["forms"]
    return BodyForms(
        organ_end=_ending(r["organ_endings"]),
        department_end=_ending(r["department_endings"]),
        government_end=_ending(r["government_endings"]),
        entity_end=_ending(r["entity_endings"]),
        generic=re.compile(forms["generic"]),
        generic_any=re.compile(forms["generic"].replace("^(?:", "(?:").rstrip("$")),
        not_body=re.compile(forms["not_body_start"]),
        blanket=re.compile(forms["blanket"]),
        blanket_clause=re.compile("[^;；。,，]*" + forms["blanket"] + "[^;；。]*"),
        level_prefix=r["level_prefix"],
        organ_endings=tuple(r["organ_endings"]),
        department_endings=tuple(r["department_endings"]),
    )


def endings_alternation(which: str = "organ") -> str:
    """The endings as a regular-expression alternation, longest first (for patterns built elsewhere)."""
    f = body_forms()
    words = f.organ_endings if which == "organ" else f.department_endings
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
