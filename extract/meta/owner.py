"""The one body that owns every measure naming no agency of its own: a department's own work plan or report."""
from __future__ import annotations

import re

from ..places import Place, gazetteer
from ..registry import Registry
from .place import speaks_as
from ..rules import pattern


def owner(text: str, issuer: str | None, title: str | None, kind: str | None, place: Place | None,
           prefix: str | None, registry: Registry) -> str | None:
    """The one body that owns every measure naming no agency of its own: a department's own work plan or
    report (平昌县农业农村局2020年工作计划; 2023年浙江省卫生健康工作要点 issued by the 卫生健康委). A
    government or its general office issues plans for others and owns none of them; a department's
    table of what others did (各县区进展情况表) is not its own work either."""
    if kind == "task-breakdown":
        # 杨凌示范区水务局2018年度目标责任书: a bureau's own responsibility book, titled with its name
        body = _bureau_in(title, registry) if title else None
        if body and title.startswith(body) and re.search(r"责任书|责任状", title) \
                and len(re.findall(r"牵头|按职责分工|责任单位|配合|参与", text)) < 3:
            return _owner_name(body, place, prefix if speaks_as(text) else None)
        return None
    if kind not in ("annual-plan", "progress-report", "plan"):
        return None
    if len(re.findall(r"牵头|按职责分工|责任单位|配合|参与|负责落实", text)) >= 3:
        return None  # the document names its agencies item by item
    if title and _OTHERS_WORK.search(title):
        return None
    for s in (issuer, title):
        body = _bureau_in(s, registry) if s else None
        if body:
            if s is issuer and title and not _OWN_WORK.search(title) and not _names_field_of(title, body):
                continue  # a department issuing a plan that is not its own work
            return _owner_name(body, place, prefix if speaks_as(text) else None)
    if issuer and re.fullmatch(r"[\u4e00-\u9fff]{1,6}部", issuer):
        return issuer
    if kind in ("annual-plan", "progress-report"):
        # 2025年是…之年，生态环境局将…; 2024年，东晓街道公共服务办公室始终坚持…: the body that speaks
        m = _SPEAKER.search(text.lstrip()[:300])
        if m and (registry.function_at_end(m.group("who")) or re.search(r"办公室$", m.group("who"))) \
                and not _GOVERNMENT.search(m.group("who")):
            return _owner_name(m.group("who"), place, prefix if speaks_as(text) else None)
    if title and kind == "annual-plan":
        # 2025年全市生态环境工作要点: the city's bureau of that field
        m = re.search(r"全(?P<lvl>[市区县省])(?P<field>[\u4e00-\u9fff]{2,6}?)工作", title)
        if m and registry.function_at_end(m.group("field") + "局"):
            return m.group("lvl") + m.group("field") + ("厅" if m.group("lvl") == "省" else "局")
    return None


_OWN_WORK = pattern("meta", "meta.owner.own_work")
_OTHERS_WORK = pattern("meta", "meta.owner.others_work")
_GOVERNMENT = pattern("meta", "meta.owner.government")


# a title that opens with the body that writes it
_TITLE_BODY = re.compile(r"^(?P<b>[\u4e00-\u9fff]{2,20}?(?:局|委员会|厅|办公室))(?=关于|(?:19|20)\d{2}\s*年)")
_SPEAKER = pattern("meta", "meta.owner.speaker")


def _names_field_of(title: str, body: str) -> bool:
    """The title names the body's own field (卫生健康工作要点 of the 卫生健康委)."""
    field = re.sub(r"^[\u4e00-\u9fff]*?[省市县区]", "", body)
    field = re.sub(r"(?:委员会|局|厅|委|办公室|中心)$", "", field)
    return len(field) >= 2 and field in title


def _bureau_in(s: str, registry: Registry) -> str | None:
    """A bureau named in a line: place, function, branch (长沙市 生态环境局 雨花分局); or, in no registry, the
    body a title opens with before 关于 or its year (华容县文旅广电局关于…, 温州市大数据发展管理局2023年工作要点)."""
    s = re.sub(r"\s+", "", s)
    m = _TITLE_BODY.match(s)
    if m and not registry.function_pattern.search(m.group("b")) and not _GOVERNMENT.search(m.group("b")) \
            and not m.group("b").endswith("办公厅") and not re.match(r"关于(?:印发|转发)", s[m.end():]):
        return m.group("b")  # not a general office, not a notice that only passes a document on
    for m in registry.function_pattern.finditer(s):
        fn = m.group(0)
        if not re.search(r"(?:局|厅|委|委员会|中心|办公室|分局)$", fn):
            continue
        start = m.start()
        before = re.sub(r"^.*?(?:(?:19|20)\d{2}年度?|关于|[《“”》])", "", s[:start])  # 2025年天心区民政局: not 年天心区
        pm = re.search(r"(?:[\u4e00-\u9fff]{2,8}?[省市县区]|[省市县区])$", before)
        head = pm.group(0) if pm else ""
        for city_start in range(max(0, len(before) - 10), len(before)):
            # 无锡市滨湖生态环境局: a city's name and one of its districts' short names
            found = [x for x in gazetteer().find(before[city_start:]) if x[0] == 0]
            if found and before[city_start + found[0][1]:] and any(
                    c.short == before[city_start + found[0][1]:] for p in gazetteer().lookup(found[0][2])
                    for c in gazetteer().children(p)):
                head = before[city_start:]
                break
        tail = re.match(r"[\u4e00-\u9fff]{1,6}?分局", s[m.end():])
        body = head + fn + (tail.group(0) if tail else "")
        if _GOVERNMENT.search(body) or re.search(r"(?:人民政府|政府)$", head):
            return None  # a government's general office
        return body
    return None


def _owner_name(body: str, place: Place | None, prefix: str | None = None) -> str:
    if place is None:
        # 生态环境局 in a text that speaks of 全市: the city's bureau
        if prefix and body[0] not in "省市县区州" and not gazetteer().starts_with_place(body) \
                and not re.search(r"[省市县区州镇乡]", body[:-1]):
            return prefix + body
        return body
    if "分局" in body and place.rank == "county" and body[:1] in "市区县" :
        return _branch_name(body, place) or body
    if place.rank == "county" and body[:1] in "区县" and not body.startswith(place.name):
        return place.name + body[1:]  # 区民政局 of 天心区's own plan: 天心区民政局
    # the owner keeps the name its document gives it (湖南省生态环境厅, 华容县文旅广电局, 苏州市生态环境局)
    return body


def _branch_name(body: str, place: Place) -> str | None:
    """市生态环境分局 in a county document: the city bureau's branch for this county
    (嘉兴市生态环境局平湖分局), the naming the 2019 vertical reform gave these offices."""
    parent = gazetteer().parent(place)
    if parent is None or place.rank != "county" or parent.rank != "city":
        return None
    m = re.fullmatch(r"[市区县](?P<field>[\u4e00-\u9fff]+?)局(?P<br>[\u4e00-\u9fff]{2,6})分局", body)
    if m:
        return f"{parent.name}{m.group('field')}局{m.group('br')}分局"
    m = re.fullmatch(r"[市区县](?P<field>[\u4e00-\u9fff]+?)分局", body)
    if m:
        return f"{parent.name}{m.group('field')}局{place.short}分局"
    return None


def _strip_own_place(body: str, place: Place | None) -> str:
    if place is None:
        return body
    for p in (place.name, place.short):
        if body.startswith(p) and len(body) > len(p) + 2:
            rest = body[len(p):]
            return rest if rest[0] in "市区县省" else place.name[-1] + rest
    return body
