"""Titles and citations: which document a cited title or document number names.

A citation (根据《…》, 国发〔2023〕24号) names a document by its number or by its
title; titles are compared without their notice wrapper (关于印发《…》的通知),
boilerplate (实施方案, 工作要点 …) and years, and a cited title that names a
place names that place's document only.
"""
from __future__ import annotations

import re

from extract.places import gazetteer

from .jurisdiction import places_named

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
        self.by_title: dict[str, list[DocInfo]] = {}
        for d in docs:
            if d.doc_number:
                self.by_number.setdefault(normalize_number(d.doc_number), []).append(d.name)
            core = strip_places(core_title(d.title))
            if len(core) >= 4:
                self.by_title.setdefault(core, []).append(d)

    def match(self, cite: str) -> list[str]:
        if re.search(r"[〔\[（(]\d{4}[〕\]）)]", cite) and cite.endswith("号"):
            return list(self.by_number.get(normalize_number(cite), []))
        core = core_title(cite)
        key = strip_places(core)
        if len(key) < 4:
            return []
        named = place_names_in(core)
        out = []
        for d in self.by_title.get(key, []):
            if named:  # the cited title names a place: it must be the document's own
                ok = named <= own_names(d.place)
            else:  # it names none: neither may the document's title
                ok = not place_names_in(core_title(d.title))
            if ok:
                out.append(d.name)
        return out
