"""The agency registry (``ontology/agencies.toml``) as lookups for the extractors."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .trie import compile_words

LEVEL_OF_PREFIX = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county",
                   "旗": "county", "镇": "township", "乡": "township"}


@dataclass(frozen=True)
class Function:
    id: str
    en: str
    names: tuple[str, ...]
    spoken: tuple[str, ...] = ()  # what people say and documents rarely write (交警, 城管): read in questions only


@dataclass(frozen=True)
class National:
    id: str
    names: tuple[str, ...]
    full: str | None


class Registry:
    def __init__(self, data: dict, path: Path | None = None):
        self.path = path
        self.functions = tuple(Function(f["id"], f.get("en", ""), tuple(f["names"]), tuple(f.get("spoken", ())))
                               for f in data.get("function", []))
        self.national = tuple(National(n["id"], tuple(n["names"]), n.get("full")) for n in data.get("national", []))
        self.function_by_name: dict[str, Function] = {}
        for f in self.functions:
            for name in f.names:
                self.function_by_name.setdefault(name, f)
        self.national_by_name: dict[str, National] = {}
        for n in self.national:
            for name in n.names:
                self.national_by_name.setdefault(name, n)
            if n.full:
                self.national_by_name.setdefault(n.full, n)
        names = sorted(self.function_by_name, key=len, reverse=True)
        self._function_tail = re.compile("(?:" + "|".join(map(re.escape, names)) + ")$")
        self._function_head = compile_words(names)
        self.national_pattern = compile_words(self.national_by_name)
        self.function_pattern = self._function_head
        self._spoken: dict[str, Function] | None = None

    def function_at_end(self, name: str) -> tuple[Function, str] | None:
        """The function a body's name ends with, and the part before it."""
        m = self._function_tail.search(name)
        if not m:
            return None
        return self.function_by_name[m.group(0)], name[: m.start()]

    def starts_with_function(self, name: str) -> bool:
        """A body named by its function alone (工信局, 市场监管局), without a place before it."""
        m = self._function_head.match(name)
        if not m:
            return False
        rest = name[m.end():]
        # 人行苏州市分行: a place after the function makes it a named body, not a bare function
        return not re.search(r"[省市县区州]", rest)

    def national_body(self, name: str) -> National | None:
        return self.national_by_name.get(name)

    @property
    def spoken_by_name(self) -> dict[str, Function]:
        """The names people use for a function besides those documents write: the registry's ``spoken`` names
        and, for every name ending in 局, 厅 or 委, its stem with 部门 (交通局 → 交通部门). Questions only: the
        extractors never read these."""
        if self._spoken is None:
            out: dict[str, Function] = {}
            for f in self.functions:
                for name in f.spoken:
                    out.setdefault(name, f)
                for name in f.names:
                    if name[-1] in "局厅委" and len(name) >= 3:
                        out.setdefault(name[:-1] + "部门", f)
            self._spoken = {n: f for n, f in out.items() if n not in self.function_by_name}
        return self._spoken

    def all_names(self) -> list[str]:
        return sorted(set(self.function_by_name) | set(self.national_by_name))


def read_registry(path: str | Path) -> dict:
    """``agencies.toml`` as data: the one reader of the file (the registry here; the scheme and the tokenizer's
    words in kg)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=8)
def load_registry(path: str | Path) -> Registry:
    p = Path(path)
    return Registry(read_registry(p), p)
