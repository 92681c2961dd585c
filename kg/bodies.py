"""Agencies as places' bodies: a name read in one document → one organisation of one place.

The key of a body is its place and its registry function: 苏州's 市生态环境局
and 郑州's 市生态环境局 are two bodies (two places); 市发改委, 市发展改革委 and
苏州市发展和改革委员会 in Suzhou documents are one (one place, one function).
National bodies (国家发展改革委) are one each. A name the registry does not
know stays a body of the document's place, named as written; with no known
place it stays a body of its document alone, never merged with another's.
Labels come from the registry (``ontology/agencies.toml``), never retyped.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from extract.places import Gazetteer, Place
from extract.registry import Registry

from kg.ids import Ids
from kg.jurisdiction import Jurisdiction, at_level

PREFIX_LEVEL = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county",
                "旗": "county"}
GOVERNMENT = "government"


@dataclass(frozen=True)
class Body:
    iri: URIRef
    label: str  # skos:prefLabel: the full name (苏州市生态环境局)
    alt: tuple[str, ...]  # skos:altLabel: the short forms and aliases
    function: str | None  # registry function id, "national/<id>" for a national body, None if unknown
    place: Place | None  # None for national bodies and bodies of unknown place
    national: bool = False

    @property
    def is_government(self) -> bool:
        return self.function in (GOVERNMENT, "national/state-council")


class BodyResolver:
    """Resolves agency names of one document (whose place is ``jur``)."""

    def __init__(self, ids: Ids, registry: Registry, gaz: Gazetteer, jur: Jurisdiction, doc_name: str):
        self.ids, self.registry, self.gaz, self.jur, self.doc_name = ids, registry, gaz, jur, doc_name
        self._cache: dict[str, Body] = {}

    def resolve(self, name: str) -> Body:
        body = self._cache.get(name)
        if body is None:
            body = self._cache[name] = self._resolve(name)
        return body

    def government(self, place: Place | None) -> Body:
        """The people's government of a place (the State Council for the country)."""
        if place is None:
            return self._national_body("state-council", "国务院")
        return self._function_body(self.registry.function_by_name["人民政府"], place)

    def parent_of(self, body: Body) -> Body | None:
        """The government a body belongs to (org:subOrganizationOf)."""
        if body.national:
            return None if body.is_government else self.government(None)
        if body.place is None:
            return None
        if body.is_government:
            up = self.gaz.parent(body.place)
            return self.government(up)
        return self.government(body.place)

    # ------------------------------------------------------------ internals

    def _resolve(self, name: str) -> Body:
        national = self.registry.national_body(name)
        if national is not None:
            return self._national_body(national.id, national.names[0])
        found = self.registry.function_at_end(name)
        if found is not None:
            fn, prefix = found
            place = self._prefix_place(prefix)
            if place is not None:
                return self._function_body(fn, place, seen=name)
        branch = self._branch(name)
        if branch is not None:
            return branch
        return self._unknown(name)

    def _branch(self, name: str) -> Body | None:
        """A city bureau's branch in one of its counties is that county's body of the function:
        嘉兴市生态环境局平湖分局 is 平湖市's, 长沙市生态环境局雨花分局 雨花区's, 环保拱墅分局 拱墅区's."""
        if not name.endswith("分局"):
            return None
        head = name[:-2]
        for size in range(min(5, len(head) - 2), 1, -1):
            where, rest = head[-size:], head[:-size]
            towns = [p for p in self.gaz.lookup(where) if p.rank == "county"]
            found = self.registry.function_at_end(rest) or self.registry.function_at_end(rest + "局")
            if not towns or found is None:
                continue
            fn, prefix = found
            above = self._prefix_place(prefix) if prefix else None
            if above is not None:
                towns = [p for p in towns if p.within(above)]
            elif self.jur.place is not None:
                own = self.jur.place
                towns = [p for p in towns if p == own or p.within(own) or p.code[:4] == own.code[:4]] or towns
            if len(towns) == 1:
                return self._function_body(fn, towns[0], seen=name)
        return None

    def _prefix_place(self, prefix: str) -> Place | None:
        own = self.jur.place
        if prefix == "":
            return own  # in a township's text, its own body: the township has no code, the body stays local
        if own is None and self.jur.township is not None:
            own = self.jur.township.within  # 县/区/市 in a township's text: its county and what lies above it
        if prefix in PREFIX_LEVEL:
            if own is None:
                return None
            if own.rank == "county" and own.name.endswith(prefix):
                return own  # 市发改委 in a county-level city's own text (昆山市) is its own
            level = PREFIX_LEVEL[prefix]
            if level == "county" and own.rank != "county":
                return None  # 区住建局 in a city document: which district is not written
            return at_level(self.gaz, own, level)
        candidates = self.gaz.lookup(prefix)
        if not candidates:
            return self._written_places(prefix)
        if own is not None and len(candidates) > 1:
            near = [p for p in candidates if p.code[:2] == own.code[:2]]
            candidates = near or candidates
        return sorted(candidates, key=lambda p: p.code)[0]

    def _written_places(self, prefix: str) -> Place | None:
        """A prefix of two places one after the other, the second within the first (无锡市滨湖 → 滨湖区)."""
        for start, end, outer_name in self.gaz.find(prefix)[:1]:
            inner_name = prefix[end:]
            if start != 0 or len(inner_name) < 2:
                return None
            outer = sorted(self.gaz.lookup(outer_name), key=lambda p: p.code)
            inner = [p for p in self.gaz.lookup(inner_name) if outer and p.within(outer[0])]
            return inner[0] if len(inner) == 1 else None
        return None

    def _function_body(self, fn, place: Place, seen: str | None = None) -> Body:
        level_prefix = {"province": "省", "city": "市", "county": place.name[-1]}.get(place.rank, "")
        if place.rank == "province" and place.name.endswith("市"):
            level_prefix = "市"
        label = place.name + fn.names[0]
        alt = {level_prefix + n for n in fn.names} | {place.name + n for n in fn.names}
        if seen:
            alt.add(seen)
        alt.discard(label)
        return Body(self.ids.agency(place.code, fn.id), label, tuple(sorted(alt)), fn.id, place)

    def _national_body(self, body_id: str, label: str) -> Body:
        entry = next((n for n in self.registry.national if n.id == body_id), None)
        alt = set(entry.names) | ({entry.full} if entry and entry.full else set()) if entry else set()
        alt.discard(label)
        return Body(self.ids.national_agency(body_id), label, tuple(sorted(alt)), "national/" + body_id, None,
                    national=True)

    def _unknown(self, name: str) -> Body:
        own = self.jur.place
        if own is not None:
            return Body(self.ids.local_agency(own.code, name), name, (), None, own)
        return Body(self.ids.document_agency(self.doc_name, name), name, (), None, None)
