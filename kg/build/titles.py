"""Titles and citations: which document a cited title or document number names.

A citation (根据《…》, 国发〔2023〕24号) names a document by its number or by its
title; titles are compared without their notice wrapper (关于印发《…》的通知),
boilerplate (实施方案, 工作要点 …) and years, a cited title that names a
place names that place's document only, and one that names a year (2017年政务公开工作要点)
that year's document only. A document is found under its title line and under the titles
its own text gives it (``own_titles``: a repost's lead, the notice that transmits it), so a
plan known by a reposted headline is found all the same.
"""
from __future__ import annotations

import re

from extract.places import gazetteer

from kg.jurisdiction import places_named
from kg.rules import compiled

_NUMBER_PUNCT = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                               "【": "〔", "】": "〕"})
_TITLE_NOISE = re.compile(
    r"关于印发|关于|印发|的通知|通知|的意见|人民政府|政府|办公厅|办公室|近日|发布|转发|"
    r"实施方案|工作方案|行动方案|行动计划|工作计划|方案|计划|规划|工作要点|要点|工作思路|意见|"
    r"重点任务|重点工作|主要任务|任务分工|任务分解|责任分工|责任分解|分工|分解|进展情况|完成情况|"
    r"\d{4}年?|[0-9]+|[\s,，。、;；:：“”\"'《》〈〉<>()（）\[\]【】—\-·•]")


def normalize_number(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_NUMBER_PUNCT))


def core_title(title: str | None) -> str:
    """A title without the notice wrapper, years and boilerplate (河南省空气质量持续改善行动计划)."""
    if not title:
        return ""
    inner = re.search(r"关于(?:印发|转发)(.{4,}?)的通知", title) or re.search(r"[《〈]([^《》〈〉]{4,})[》〉]", title)
    if inner:
        title = inner.group(1)
    return _TITLE_NOISE.sub("", title)


def own_titles(text: str) -> tuple[str, ...]:
    """The titles a document's own text gives it besides its title line (``rules/titles.toml``)."""
    out = []
    for _rid, pattern, rule in compiled("titles", "own"):
        for m in pattern.finditer(text[:rule["within"]]):
            t = next((g for g in (m.groupdict().get("t1"), m.groupdict().get("t2")) if g), None)
            t = re.sub(r"\s+", "", t or "").strip("《》〈〉")
            if len(core_title(t)) >= 4 and t not in out:
                out.append(t)
    return tuple(out)


def years_in(text: str | None) -> set[int]:
    """The years a title writes (2017年政务公开工作要点, (2018—2022年))."""
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text or "")}


def places_of(title: str | None) -> set[str]:
    """The places a title names in its core or in its issuer (河南省人民政府关于印发空气质量…计划的通知: 河南省)."""
    if not title:
        return set()
    issuer = re.match(r"^[《〈]?(.{2,30}?)关于", title)
    return place_names_in(core_title(title)) | (place_names_in(issuer.group(1)) if issuer else set())


def place_names_in(text: str) -> set[str]:
    return set(places_named(text))


def strip_places(text: str) -> str:
    for name in sorted(set(places_named(text)), key=len, reverse=True):
        text = text.replace(name, "")
    return text.replace("全省", "").replace("全市", "").replace("全县", "").replace("全区", "")


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def title_similarity(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    if len(ga) < 3 or len(gb) < 3:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def own_names(code: str | None) -> frozenset[str]:
    """The names (full and short) of a place."""
    place = gazetteer().by_code.get(code) if code else None
    return frozenset({place.name, place.short}) if place else frozenset()


class CiteIndex:
    """Finds the documents a citation names: by document number, or by title and place."""

    def __init__(self, docs: list[DocInfo]):
        self.by_number: dict[str, list[str]] = {}
        self.by_title: dict[str, list[tuple[DocInfo, str]]] = {}
        for d in docs:
            if d.doc_number:
                self.by_number.setdefault(normalize_number(d.doc_number), []).append(d.name)
            for title in dict.fromkeys((d.title, *d.aliases)):
                core = strip_places(core_title(title))
                if len(core) >= 4 and d.name not in [o.name for o, _ in self.by_title.get(core, [])]:
                    self.by_title.setdefault(core, []).append((d, title))

    def match(self, cite: str) -> list[str]:
        if re.search(r"[〔\[（(]\d{4}[〕\]）)]", cite) and cite.endswith("号"):
            return list(self.by_number.get(normalize_number(cite), []))
        core = core_title(cite)
        key = strip_places(core)
        if len(key) < 4:
            return []
        named = places_of(cite)
        years = years_in(cite)
        out = []
        for d, title in self.by_title.get(key, []):
            if named:  # the cited title names a place: it must be the document's own
                ok = named <= own_names(d.place)
            else:  # it names none: neither may the document's title
                ok = not places_of(title)
            if ok and years and not years & doc_years(d):
                ok = False  # 2017年政务公开工作要点 is not the 2016 one
            if ok:
                out.append(d.name)
        return out


def doc_years(d: DocInfo) -> set[int]:
    """The years a document is of: those its titles write, else its plan year, else its date's (empty: unknown)."""
    written = set().union(*(years_in(t) for t in (d.title, *d.aliases)))
    if written:
        return written
    if d.plan_year:
        return {d.plan_year}
    return {d.date.year} if d.date else set()
