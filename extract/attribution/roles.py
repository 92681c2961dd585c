"""The role vocabulary (``rules/roles.toml``) as lookups and patterns.

Every written form of a role word lives in one table: labels (牵头单位：), words
after a list (X、Y等牵头) and words before one (会同X). The parser, the
segmenter's label lines, the table reader's headers and the measure builder's
bracket finder all ask this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..rules import load_rules
from ..trie import compile_words

ROLES = ("lead", "support", "responsible", "implement", "person", "ignore", "marker")


@dataclass(frozen=True)
class RoleWords:
    labels: dict[str, tuple[str, str]]  # word → (role, rule id)
    after: dict[str, tuple[str, str]]
    before: dict[str, tuple[str, str]]
    label_re: re.Pattern  # a label at the start of a clause, with its colon
    label_any: re.Pattern  # a label with its colon anywhere
    label_line: re.Pattern  # a line or cell that opens with a label (牵头单位：…)
    after_re: re.Pattern  # a role word closing a clause (…等牵头。)
    before_re: re.Pattern  # a role word opening a clause (会同…)
    any_word: re.Pattern  # any role or label word


def _table(section: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for group in load_rules("roles")[section]:
        if group["role"] not in ROLES:
            raise ValueError(f"rules/roles.toml: {group['id']} has unknown role {group['role']!r}")
        for word in group["words"]:
            out.setdefault(word, (group["role"], group["id"]))
    return out


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_QUALIFIER = r"(?:\s*[(（][\u4e00-\u9fff、]{1,6}[)）])?"


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    labels, after, before = _table("label"), _table("after"), _table("before")
    return RoleWords(
        labels=labels,
        after=after,
        before=before,
        # a label may name its level before it (市级牵头单位) and qualify itself in brackets (牵头科室(单位)：)
        label_re=re.compile(rf"^\s*(?:[省市县区州]级)?({_alt(labels)}){_QUALIFIER}\s*(?:[:：]|为)?\s*"),
        label_any=re.compile(rf"({_alt(labels)}){_QUALIFIER}\s*[:：]"),
        label_line=re.compile(rf"^\s*[(（〔\[]?\s*(?:[省市县区州]级)?(?:{_alt(labels)}){_QUALIFIER}\s*(?:[:：]|为)"),
        # the first role word after the list, with at most a short verb of its own after it (牵头督导); not
        # the start of a body's name (市场监督管理局)
        after_re=re.compile(rf"(?:等)?\s*({_alt(after)})(?![\u4e00-\u9fff]{{0,3}}(?:局|委|办|厅|室|中心|站|所|院)\s*[。.;；]?\s*$)"
                            rf"(?:[\u4e00-\u9fff]{{0,4}})\s*[。.;；]?\s*$"),
        before_re=re.compile(rf"^({_alt(before)})"),
        any_word=compile_words(list(after) + list(labels)),
    )


def label_pattern() -> re.Pattern:
    """A line or cell that opens with a label word and its colon (牵头单位：…)."""
    return role_words().label_line


def has_role_word(s: str) -> bool:
    return bool(role_words().any_word.search(s))


def label_role(header: str) -> str | None:
    """The role a table header or label names: the whole header, else the longest label inside it."""
    labels = role_words().labels
    h = re.sub(r"\s+", "", header)
    if h in labels:
        return labels[h][0]
    inside = [labels[word][0] for word in sorted(labels, key=len, reverse=True) if word in h]
    if "support" in inside and ("lead" in inside or "responsible" in inside):
        return "responsible"  # 责任主体与协同单位: those who carry it out and take part, supporting beside a lead column
    return inside[0] if inside else None


def after_words(*roles: str) -> list[str]:
    """The words written after a list that give one of ``roles``, longest first."""
    return sorted((w for w, (r, _) in role_words().after.items() if r in roles), key=len, reverse=True)
