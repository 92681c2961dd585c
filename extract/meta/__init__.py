"""Document metadata read from the text: title, issuer, number, date, place, level, kind, year, owner.

Nothing is guessed: a field the text does not support stays None. ``masthead`` reads what stands at the
document's front, ``kind`` what it is and the year it is about, ``place`` where it is of, ``owner`` who owns
its measures; ``read_meta`` puts them together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..places import gazetteer
from ..records import DocumentMeta
from ..registry import Registry
from . import kind as kinds
from . import masthead, owner as owners, place as places
from .kind import only_year

__all__ = ["MetaResult", "read_meta", "only_year"]


@dataclass(frozen=True)
class MetaResult:
    meta: DocumentMeta
    default_prefix: str | None
    own_places: tuple[str, ...]
    # the year of the date the text itself bears (its signature, a 成文日期): with no plan year, the year
    # its 年底前 and 6月底前 fall in; a web page's 发布时间 dates the page and gives no such year
    dated_year: int | None = None


def read_meta(text: str, registry: Registry) -> MetaResult:
    # table cells (tab-indented lines) are never the title or signature
    lines = ["" if ln.startswith("\t") else ln.strip() for ln in text.split("\n")]
    head = masthead.head(lines)
    title = masthead.title(head)
    reposted = masthead.repost(head) if title is None else None
    if reposted:
        title = reposted[1]
    doc_number = masthead.doc_number(head) or masthead.doc_number([ln for ln in lines[:80] if len(ln) <= 40])
    issuer, signed = masthead.signature(lines)
    if issuer is None:
        issuer = reposted[0] if reposted else masthead.issuer_from(head, title)
    date_ = signed or masthead.labelled_date(head)
    written = signed or masthead.labelled_date(head, written_only=True)
    kind = kinds.kind(title, text)
    juris, place, level = places.jurisdiction(text, head, title, issuer)
    below = places.township_or_zone(text, head, title, issuer)
    if below is not None:
        juris, level = below
        place = place if level == "township" else None
    elif place is not None and place.rank == "county" and juris == place.name:
        juris = places.with_city(place, text)
    plan_year = kinds.plan_year(title, text, kind, written)
    if juris is None and level in (None, "city") and places.under_a_city(text):
        level = "county"  # a 县级市 whose basis is its prefecture city's plan
    default_prefix = places.default_prefix(text, place, level)
    owner = owners.owner(text, issuer, title, kind, place, default_prefix, registry)
    own_places: tuple[str, ...] = ()
    if place is not None:
        own_places = tuple(dict.fromkeys((place.name, place.short)))
    g = gazetteer()
    province = city = None
    if place is not None:
        prov = g.by_code.get(place.province_code)
        province = prov.name if prov else None
        if place.rank == "county":
            c = g.parent(place)
            city = c.name if c is not None and c.rank == "city" else None
        elif place.rank == "city":
            city = place.name
    # a plan cited by title and number is named by both: a knowledge base may hold it under either
    cites = tuple(dict.fromkeys(c for m in masthead.CITES.finditer(text[:4000])
                                if re.search(r"方案|计划|意见|规划|通知|纲要|要点|决定", m.group("t"))
                                for c in (m.group("no"), m.group("t")) if c))
    meta = DocumentMeta(title=title, issuer=issuer, doc_number=doc_number, date=date_, jurisdiction=juris,
                        level=level, kind=kind, plan_year=plan_year, owner=owner, cites=cites,
                        province=province, city=city)
    return MetaResult(meta, default_prefix, own_places, written.year if written else None)
