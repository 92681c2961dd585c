"""Which place a document belongs to, and what that place lies in (the gazetteer of ``extract.places``).

A document's ``jurisdiction`` is a name (苏州市, 西平县, 全国); names repeat
across the country (新建区, 铁东区), so the province and city the extractor
read beside it choose among them. The result is a ``Place`` (with its
six-digit code, from which containment follows) or ``NATIONAL``, or for a
township-level document a ``Township`` (乡, 镇, 街道: names the gazetteer does
not hold), with the county it lies in where the jurisdiction or the text
writes it before the township's name (上街区新安路街道, 平湖市徐庄镇人民政府).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract.places import Gazetteer, Place, gazetteer

NATIONAL_NAMES = {"全国", "中国", "中华人民共和国", "国家"}
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3, "township": 4}


@dataclass(frozen=True)
class Township:
    """A township, town or street (徐庄镇, 东晓街道): no division code of its own. ``within`` is the county it
    lies in (or a city that has no counties, 东莞市), None when neither the jurisdiction nor the text says."""

    name: str
    within: Place | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """A document's place: ``place`` is None for a national document, a township's (``township``) or an
    unknown place."""

    place: Place | None
    national: bool = False
    township: Township | None = None

    @property
    def code(self) -> str | None:
        return self.place.code if self.place else None

    @property
    def known(self) -> bool:
        return self.national or self.place is not None or self.township is not None


NATIONAL = Jurisdiction(None, national=True)
UNKNOWN = Jurisdiction(None)


def resolve(gaz: Gazetteer, name: str | None, level: str | None = None, province: str | None = None,
            city: str | None = None, text: str = "") -> Jurisdiction:
    """The place a jurisdiction name means, read with the province and city beside it (and for a township,
    the document's ``text``)."""
    if level == "national" or (name and name in NATIONAL_NAMES):
        return NATIONAL
    if not name:
        return UNKNOWN
    if level == "township":
        return Jurisdiction(None, township=township(gaz, name, text, province, city))
    candidates = gaz.lookup(name)
    if not candidates:
        candidates = _written_within(gaz, name)  # 北京市顺义区, 菏泽市定陶区: the last place, within those before it
    if not candidates:
        return UNKNOWN
    if len(candidates) > 1:
        candidates = _narrow(gaz, candidates, level, province, city)
    return Jurisdiction(sorted(candidates, key=lambda p: p.code)[0])


def _written_within(gaz: Gazetteer, name: str) -> list[Place]:
    """The places a name of several full place names means (杭州市拱墅区): those of the last name that lie in
    every name before it; none unless the names make up the whole name."""
    written, at = [], 0
    for start, end, place in gaz.find(name):
        if start != at:
            return []
        written.append(place)
        at = end
    if len(written) < 2 or at != len(name):
        return []
    candidates = gaz.lookup(written[-1])
    for above in written[:-1]:
        candidates = [p for p in candidates if above in {a.name for a in gaz.ancestors(p)}]
    return candidates


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


def township(gaz: Gazetteer, name: str, text: str = "", province: str | None = None,
             city: str | None = None) -> Township:
    """A township and the county it lies in: the place written right before its name in the jurisdiction
    (上街区新安路街道, 浙江省平湖市徐庄镇, as a manifest may give it) or else, where the text first writes one,
    in the text (…平湖市徐庄镇人民政府…). The places written before that one, then the province and city
    beside the jurisdiction, choose among counties of one name (鼓楼区). A county not written stays unknown:
    a city that has counties, written alone (苏州市周庄镇), does not say which."""
    written, own = _opening_places(gaz, name)
    if not written:
        written = next((w for w in (_places_before(gaz, text, i) for i in _occurrences(text, own)) if w), [])
    if not written:
        return Township(own)
    candidates = [p for p in gaz.lookup(written[-1])
                  if p.rank == "county" or (p.rank == "city" and not gaz.children(p))]
    for above in written[:-1]:
        candidates = [p for p in candidates if above in {a.name for a in gaz.ancestors(p)}] or candidates
    if len(candidates) > 1:
        candidates = _narrow(gaz, candidates, None, province, city)
    return Township(own, min(candidates, key=lambda p: p.code) if candidates else None)


def _opening_places(gaz: Gazetteer, name: str) -> tuple[list[str], str]:
    """The full place names a township's name opens with, and its own name (浙江省平湖市徐庄镇 → [浙江省, 平湖市],
    徐庄镇): each right after the one before, leaving at least two characters."""
    names, at = [], 0
    for start, end, place in gaz.find(name):
        if start != at or len(name) - end < 2:
            break
        names.append(place)
        at = end
    return names, name[at:]


def _places_before(gaz: Gazetteer, text: str, i: int) -> list[str]:
    """The full place names written one after another right before position ``i`` of ``text`` (…平湖市|徐庄镇)."""
    window = text[max(0, i - 3 * gaz.max_len):i]
    names, at = [], len(window)
    for start, end, place in reversed(gaz.find(window)):
        if end != at:
            break
        names.insert(0, place)
        at = start
    return names


def _occurrences(text: str, name: str):
    i = text.find(name)
    while i >= 0:
        yield i
        i = text.find(name, i + 1)


def contains(outer: Jurisdiction, inner: Jurisdiction) -> bool:
    """Whether ``inner`` lies in ``outer`` or is the same place (the country contains every place; a township
    contains only itself, and lies in the county it lies in)."""
    if outer.national:
        return True
    if outer.township is not None:
        return inner.township == outer.township
    inner_place = inner.place or (inner.township.within if inner.township is not None else None)
    if outer.place is None or inner_place is None:
        return False
    if outer.place.code == inner_place.code:
        return True
    return inner_place.within(outer.place)


def lies_within(inner: str, outer: str) -> bool:
    """Whether the place of division code ``inner`` is or lies in the place of code ``outer`` (320583 in 320500)."""
    if inner == outer:
        return True
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    if outer.endswith("00"):
        return inner[:4] == outer[:4]
    return False


def place_label(code: str) -> str:
    """A place by its name and what it lies in: 平湖市（浙江省嘉兴市）, 苏州市（江苏省）."""
    gaz = gazetteer()
    place = gaz.by_code.get(code)
    if place is None:
        return code
    above = "".join(dict.fromkeys(p.name for p in reversed(gaz.ancestors(place)) if p.name != place.name))
    return f"{place.name}（{above}）" if above else place.name


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


def unusual(child: tuple[bool, str | None], parent: tuple[bool, str | None]) -> str | None:
    """A remark when a document above lies in a place that does not hold the document's (平湖 under 苏州)."""
    (_, inner), (national, outer) = child, parent
    if national or not inner or not outer or lies_within(inner, outer):
        return None
    return f"上级文件属{place_label(outer)}，本文件属{place_label(inner)}：上级文件所在地不包含本文件所在地，请核对清单或引用"
