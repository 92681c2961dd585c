"""The place a document is of, and its level.

Names from the gazetteer (``places.py``), weighted by where they stand (title and signature over body) and
how the document speaks of itself (全市 / 我区 / 全县); a town, street or zone the gazetteer lacks from the
text; a district with its city where the text names it.
"""
from __future__ import annotations

import re
from collections import Counter

from ..places import Place, gazetteer
from ..rules import pattern


# 全市, 我区, 本县, 全省 …: the text speaks of its own place, by the level's character
_SELF_ANY = re.compile(r"[全我本]([市区县省])")


def self_counts(text: str) -> dict[str, int]:
    """How often the text calls itself 全市/我市/本市, 全区…, 全县…, 全省… (one pass, by the level's character)."""
    counts = dict.fromkeys("市区县省", 0)
    for level in _SELF_ANY.findall(text):
        counts[level] += 1
    return counts


_NATIONAL = pattern("meta", "meta.place.national")
_SELF_SLOGAN = pattern("meta", "meta.place.self_slogan")
_PLACE_AFTER = pattern("meta", "meta.place.place_after")
_SHORT_BEFORE = pattern("meta", "meta.place.short_before")
_SHORT_AFTER = pattern("meta", "meta.place.short_after")
_MUNICIPALITY = pattern("meta", "meta.place.municipality_short")


def jurisdiction(text: str, head: list[str], title: str | None, issuer: str | None):
    """The place a document is of: names weighted by where they stand and how they are used."""
    g = gazetteer()
    scores: Counter = Counter()
    places: dict[str, list[Place]] = {}
    body = text[:30000]
    chunks = [((title or ""), 6.0), ((issuer or ""), 6.0), ("\n".join(head[:12]), 2.0), (body, 1.0)]
    for chunk, w in chunks:
        cited = [m.span() for m in re.finditer(r"《[^《》]{0,80}》", chunk)]
        # full names anywhere; short names (资源, 新建, 和平 are ordinary words too) only where a
        # place is meant: 美丽西平, 幸福钟楼, 西平实际, 平湖经济开发区
        full_found = g.find(chunk)
        municipal = [(m.start(), m.end(), m.group()) for m in _MUNICIPALITY.finditer(chunk)]
        for s, e, name in full_found + g.find_short(chunk, _SHORT_BEFORE, _SHORT_AFTER) + municipal:
            cands = g.lookup(name)
            if not cands:
                continue
            # a cited plan's place is the parent's, not this document's
            w_here = 0.2 if any(a <= s < b for a, b in cited) else w
            full = any(c.name == name for c in cands)
            weight = w_here * (1.0 if full else 0.6)
            self_named = bool(_SELF_SLOGAN.search(chunk[max(0, s - 2):s]) or _PLACE_AFTER.match(chunk[e:e + 4]))
            if self_named:
                weight += 1.5  # the place speaks of itself
            key = cands[0].code if len(cands) == 1 else name
            places.setdefault(key, cands)
            scores[key] += weight
        # 无锡市滨湖生态环境局: a city's name, then the short name of one of its districts
        for s, e, name in full_found:
            for city in g.lookup(name):
                if city.rank != "city":
                    continue
                for child in g.children(city):
                    if chunk.startswith(child.short, e) and len(child.short) >= 2:
                        places.setdefault(child.code, [child])
                        scores[child.code] += w
    self_ref = self_counts(body)
    national_hits = len(_NATIONAL.findall(text[:5000])) + (
        5 if issuer and re.match(r"国务院|国家|中共中央|[\u4e00-\u9fff]{1,8}部(?:办公厅)?$", issuer) else 0)
    ranked: list[tuple[float, Place]] = []
    for key, score in scores.items():
        place = _disambiguate(places[key], scores, places)
        if place is None:
            continue
        bonus = 0.0
        if place.rank == "county" and (self_ref["区"] + self_ref["县"]) > 0:
            bonus += 1.0 + 0.3 * min(5, self_ref.get(place.name[-1], 0))
        if place.rank == "city" and self_ref["市"] > 0:
            bonus += 0.5
        if place.rank == "province" and self_ref["省"] > 0:
            bonus += 0.5
        ranked.append((score + bonus, place))
    ranked.sort(key=lambda t: (-t[0], t[1].code))
    best = ranked[0][1] if ranked else None
    best_score = ranked[0][0] if ranked else 0.0
    if best is not None and len(ranked) > 1:
        second_score, second = ranked[1]
        siblings = second.rank == best.rank and g.parent(second) == g.parent(best)
        if siblings and best_score < 1.5 * second_score and not (_in(best, title) or _in(best, issuer)):
            best, best_score = None, 0.0  # 南昌市、九江市、上饶市…: places acted on, not the author's
    if best is not None and best.rank == "city":
        # a district or county of this city named in the title or issuer, or speaking of itself, is more specific
        for score, p in ranked:
            if p.rank == "county" and p.within(best) and (
                    self_ref["区"] + self_ref["县"] > self_ref["市"] or _in(p, title) or _in(p, issuer)):
                best = p
                break
    if best is None or best_score < 2.0:
        speaks_as_local = max(self_ref["市"], self_ref["区"], self_ref["县"]) >= 2 or _TOWN_SELF.search(text[:20000])
        if national_hits >= 2 and (best is None or best_score < 3) and self_ref["省"] < 3 and not speaks_as_local:
            return "全国", None, "national"  # (全市…, 我镇…: a place that cites the centre, not the centre)
        return None, None, _level_from_text(text)
    if national_hits >= 6 and best.rank != "county" and best_score < 8 and not _in(best, title) \
            and not _TOWN_SELF.search(text[:20000]):
        return "全国", None, "national"
    # 北京市, 上海市 …: cities of province rank, a province-level document whatever they call themselves
    return best.name, best, best.rank


_TOWN = pattern("meta", "meta.place.town")
_TOWN_SELF = pattern("meta", "meta.place.town_self")
_ADDRESSEES = pattern("meta", "meta.place.addressees")
_ZONE = pattern("meta", "meta.place.zone")


# what a town's name never opens with: a set, the speaker, a function word (…已经街道党工委审定: no 已经街道)
_NOT_TOWN_START = re.compile(r"^(?:各|全|本|我|乡镇|街道|已经|已|经|由|并|和|及|在|对|该|其|将|为|报|请)")


def _town_in(chunk: str) -> str | None:
    """The first town, township or street named in ``chunk`` as a body (…街道办事处, …镇人民政府)."""
    for m in _TOWN.finditer(chunk):
        if not _NOT_TOWN_START.match(m.group("name")):
            return m.group("name")
    return None


def township_or_zone(text: str, head: list[str], title: str | None, issuer: str | None) -> tuple[str, str | None] | None:
    """A street, town or township whose own document this is (徐庄镇2017年度…计划, 我镇), or a
    development zone that writes its own (杨凌示范区水务局…, 常州经济开发区): places the gazetteer
    does not hold. A zone's level stays unknown unless the text says it."""
    first = "\n".join([title or "", issuer or ""] + [ln for ln in head[:8] if ln])
    opening = _ADDRESSEES.sub("", text.lstrip(), count=1).lstrip()  # 各镇人民政府，地区和街道办事处：is whom it goes to
    town = _town_in(re.sub(r"^\s*(?:19|20)\d{2}\s*年度?[，,]?", "", opening[:60]))
    if town:
        return town, "township"  # 2024年，东晓街道公共服务办公室始终坚持…: the town speaks
    m = _TOWN.match(title or "")
    if m and not _NOT_TOWN_START.match(m.group("name")):
        return m.group("name"), "township"  # 珠山街道2024年工作计划: the title opens with the town
    if _TOWN_SELF.search(text[:20000]):
        for chunk in (title or "", issuer or "", first, text[:3000]):
            town = _town_in(chunk)
            if town:
                return town, "township"
    for chunk in (title or "", issuer or ""):
        chunk = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}(?:省|自治区)?)(?=[\u4e00-\u9fff]{2,6}(?:示范区|开发区|高新区))", "", chunk) \
            if re.match(r"^(?:江苏|浙江|广东|山东|河南|河北|湖北|湖南|安徽|福建|江西|四川|陕西|山西|辽宁|吉林|黑龙江|云南|贵州|甘肃|青海|海南)", chunk) else chunk
        m = _ZONE.match(chunk)  # the zone is who writes: the title or the issuer opens with it
        if m:
            return m.group("name"), None
    return None


def with_city(place: Place, text: str) -> str:
    """A district is named with its city where the text names the city (杭州市拱墅区); a county or a
    county-level city keeps its own name (大竹县, 昆山市)."""
    city = gazetteer().parent(place)
    if place.name.endswith("区") and city is not None and city.rank == "city" and (
            city.name in text or city.short in text):
        return city.name + place.name
    return place.name


def under_a_city(text: str) -> bool:
    """A document speaking of itself as 市 whose basis is another city's plan (根据《金华市…计划》)."""
    body = text[:6000]
    if "市" not in _SELF_ANY.findall(body):
        return False
    g = gazetteer()
    for m in re.finditer(r"(?:根据|依据|按照|贯彻落实|落实)\s*《(?P<t>[^《》]{2,40})》", body):
        for s, e, name in g.find(m.group("t")[:8]):
            if s == 0 and any(p.rank == "city" and p.name == name for p in g.lookup(name)):
                return True
    return False


def _in(place: Place, s: str | None) -> bool:
    return bool(s) and (place.name in s or place.short in s)


def _disambiguate(cands: list[Place], scores: Counter, places: dict) -> Place | None:
    if len(cands) == 1:
        return cands[0]
    # a name shared by places: the one whose province or city is also named
    named = set()
    for key in scores:
        for p in places[key]:
            named.add(p.code)
    for c in cands:
        if c.province_code in named or (c.city_code and c.city_code in named and c.city_code != c.code):
            return c
    return None


def _level_from_text(text: str) -> str | None:
    sample = text[:20000]
    counts = {
        "province": len(re.findall(r"(?<![\u4e00-\u9fff])省[\u4e00-\u9fff]{2,8}(?:厅|局|委)|全省|我省", sample)),
        "city": len(re.findall(r"(?<![\u4e00-\u9fff城])市[\u4e00-\u9fff]{2,8}(?:局|委|办)|全市|我市", sample)),
        "county": len(re.findall(r"(?<![\u4e00-\u9fff])[县区][\u4e00-\u9fff]{2,8}(?:局|委|办)|全县|我县|全区|我区", sample)),
        "national": len(re.findall(r"[\u4e00-\u9fff]{2,6}部(?:牵头|参与|、)|国家[\u4e00-\u9fff]{2,6}(?:委|局)|国务院", sample)),
        "township": len(_TOWN_SELF.findall(sample)),  # 全镇, 我镇, 本街道: the town speaks of itself
    }
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])
    (level, n), (_, n2) = ordered[0], ordered[1]
    return level if n >= 1 and n > n2 else None


def default_prefix(text: str, place: Place | None, level: str | None) -> str | None:
    if level == "national":
        return None
    counts = self_counts(text[:30000])
    if place is not None:
        ch = place.name[-1]
        if ch in "市区县省" and counts.get(ch, 0) > 0:
            return ch
    best = max(counts.items(), key=lambda kv: kv[1])
    if best[1] > 0:
        return best[0]
    if place is not None and place.name[-1] in "市区县省":
        return place.name[-1]
    return {"province": "省", "city": "市", "county": "县"}.get(level or "")


def speaks_as(text: str) -> bool:
    """The text speaks of its own place as 市/区/县 (全市, 我市 …)."""
    return bool(_SELF_ANY.search(text[:30000]))
