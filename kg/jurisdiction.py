"""Which place a document belongs to, and what that place lies in (the gazetteer of ``extract.places``).

A document's ``jurisdiction`` is a name (苏州市, 西平县, 全国); names repeat
across the country (新建区, 铁东区), so the province and city the extractor
read beside it choose among them. The result is a ``Place`` (with its
six-digit code, from which containment follows) or ``NATIONAL``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract.places import Gazetteer, Place, gazetteer

NATIONAL_NAMES = {"全国", "中国", "中华人民共和国", "国家"}
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3, "township": 4}


@dataclass(frozen=True)
class Jurisdiction:
    """A document's place: ``place`` is None for a national document or an unknown place."""

    place: Place | None
    national: bool = False

    @property
    def code(self) -> str | None:
        return self.place.code if self.place else None

    @property
    def known(self) -> bool:
        return self.national or self.place is not None


NATIONAL = Jurisdiction(None, national=True)
UNKNOWN = Jurisdiction(None)


def resolve(gaz: Gazetteer, name: str | None, level: str | None = None, province: str | None = None,
            city: str | None = None) -> Jurisdiction:
    """The place a jurisdiction name means, read with the province and city beside it."""
    if level == "national" or (name and name in NATIONAL_NAMES):
        return NATIONAL
    if not name:
        return UNKNOWN
    candidates = gaz.lookup(name)
    if not candidates:
        return UNKNOWN
    if len(candidates) > 1:
        candidates = _narrow(gaz, candidates, level, province, city)
    return Jurisdiction(sorted(candidates, key=lambda p: p.code)[0])


def _narrow(gaz: Gazetteer, candidates: list[Place], level, province, city) -> list[Place]:
    def names_above(p: Place) -> set[str]:
        return {a.name for a in gaz.ancestors(p)} | {a.short for a in gaz.ancestors(p)}

    for wanted in (city, province):
        if wanted:
            kept = [p for p in candidates if wanted in names_above(p) or p.name == wanted]
            if kept:
                candidates = kept
                break
    if level in LEVEL_RANK:
        kept = [p for p in candidates if p.rank == level]
        if kept:
            candidates = kept
    return candidates


def contains(outer: Jurisdiction, inner: Jurisdiction) -> bool:
    """Whether ``inner`` lies in ``outer`` or is the same place (the country contains every place)."""
    if outer.national:
        return True
    if outer.place is None or inner.place is None:
        return False
    if outer.place.code == inner.place.code:
        return True
    return inner.place.within(outer.place)


def at_level(gaz: Gazetteer, place: Place, level: str) -> Place | None:
    """The place itself or the one above it at ``level`` (苏州市 for 昆山市 at ``city``)."""
    chain = [place] + gaz.ancestors(place)
    for p in chain:
        if p.rank == level:
            return p
    if level == "city" and place.rank == "province" and place.code[:2] in ("11", "12", "31", "50"):
        return place  # 北京市 is its own city
    return None


def places_named(text: str) -> list[str]:
    """Places a text names: full names (昆山市), or short names of provinces and cities (苏州), not of counties
    (a county's short name is too often an ordinary word: 资源, 合作, 港口). Longest first, no overlaps."""
    names, sizes = _place_names()
    out, i, n = [], 0, len(text)
    while i < n - 1:
        for size in sizes.get(text[i:i + 2], ()):
            if text[i:i + size] in names:
                out.append(text[i:i + size])
                i += size
                break
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def _place_names() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The names, and for each first two characters the lengths of the names they start (longest first)."""
    gaz = gazetteer()
    names = {p.name for p in gaz.by_code.values()}
    names |= {p.short for p in gaz.by_code.values() if p.rank != "county" and len(p.short) >= 2}
    sizes: dict[str, set[int]] = {}
    for name in names:
        sizes.setdefault(name[:2], set()).add(len(name))
    return frozenset(names), {k: tuple(sorted(v, reverse=True)) for k, v in sizes.items()}
