"""The agencies the knowledge base holds, found by the names people write.

A name as a person types it — the full official name (苏州市生态环境局), the name with its city or level
before it (苏州市环保局, 苏州环保局, 市生态环境局), an old or colloquial name (环保局, 交通局, 发改委, 交警),
any alias the registry gives — is read the way a document's names are read when the graph is built
(``kg.bodies``): into a place's function, whose body has one IRI. So every name of one body finds that
body, whichever name the documents used. A name with no place in it finds the bodies of its function
everywhere, the level it writes first (市 → a city's); a name that finds nothing gets the nearest agencies
the knowledge base holds as suggestions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.normalize import normalize
from extract.places import gazetteer
from extract.registry import Registry

from kg.ids import Ids
from kg.jurisdiction import UNKNOWN, resolve as resolve_place
from kg.vocab import FUNCTION_IRI, LEVEL_OF
from kg.bodies import PREFIX_LEVEL, BodyResolver
from .rows import place_chains

SUGGESTIONS = 5
_SPACE = re.compile(r"\s+")
_BRANCH = re.compile(r"[局委厅办]([\u4e00-\u9fff]{2,4}?分局)$")


@dataclass(frozen=True)
class Agency:
    """A body of the graph: its IRI, its full name, every name it is known by, its function and place."""

    iri: str
    label: str  # 苏州市生态环境局
    names: tuple[str, ...]  # the full name, the registry's forms, the names documents wrote
    function: str | None  # ecology-environment, national/mee; None for a body the registry does not know
    place: str | None  # 苏州市; 全国 for a national body
    places: tuple[str, ...]  # its place and the places that lies in (苏州市, 江苏省, 全国)
    rank: str | None  # the level of its place: national, province, city, county, township
    lead: int = 0  # measures it leads
    support: int = 0  # measures it supports

    @property
    def tasks(self) -> int:
        return self.lead + self.support

    def to_json(self) -> dict:
        return {"iri": self.iri, "name": self.label, "place": self.place, "level": self.rank,
                "function": self.function, "lead": self.lead, "support": self.support}


@dataclass
class Resolution:
    """What a typed name names: the agencies best first (the level it writes, then the most tasks), or none
    and the nearest agencies instead."""

    name: str
    agencies: list[Agency] = field(default_factory=list)
    suggestions: list[Agency] = field(default_factory=list)

    @property
    def iris(self) -> list[str]:
        return [a.iri for a in self.agencies]

    @property
    def first_place(self) -> list[Agency]:
        """The agencies a name means where it names bodies of several places: the first place's."""
        return [a for a in self.agencies if a.place == self.agencies[0].place] if self.agencies else []

    @property
    def elsewhere(self) -> list[Agency]:
        """The namesakes of the other places that have tasks, to be named beside the answer."""
        chosen = self.first_place
        return [a for a in self.agencies if a not in chosen and a.tasks]

    def to_json(self) -> dict:
        return {"name": self.name, "agencies": [a.to_json() for a in self.agencies],
                "suggestions": [a.to_json() for a in self.suggestions]}


class Directory:
    def __init__(self, agencies: list[Agency], registry: Registry, ids: Ids):
        self.agencies = sorted(agencies, key=lambda a: (-a.tasks, a.label, a.iri))
        self.registry, self.ids, self.gaz = registry, ids, gazetteer()
        self.by_iri = {a.iri: a for a in self.agencies}
        self.by_name: dict[str, list[Agency]] = {}
        self._names_pattern = None
        for a in self.agencies:
            names = dict.fromkeys((a.label,) + a.names)
            # a branch by the name people call it, its county's and 分局 (嘉兴市生态环境局平湖分局 → 平湖分局)
            names.update(dict.fromkeys([m.group(1) for m in map(_BRANCH.search, names) if m]))
            for n in names:
                self.by_name.setdefault(_squash(n), []).append(a)

    @classmethod
    def from_store(cls, store, registry: Registry, ids: Ids) -> "Directory":
        chains = place_chains(store)
        # one query a property: a body's triples repeat in every document's graph, and joined they multiply
        info = {str(b): {"label": str(label), "names": []}
                for b, label in store.query("SELECT DISTINCT ?b ?label WHERE { ?b a pkg:Agency ; skos:prefLabel ?label }")}
        for key, query in (("names", "SELECT DISTINCT ?b ?x WHERE { ?b a pkg:Agency ; skos:altLabel ?x }"),
                           ("fn", "SELECT DISTINCT ?b ?x WHERE { ?b a pkg:Agency ; pkg:function ?x }"),
                           ("place", "SELECT DISTINCT ?b ?x WHERE { ?b a pkg:Agency ; pkg:jurisdiction ?x }")):
            for b, x in store.query(query):
                if str(b) in info:
                    if key == "names":
                        info[str(b)]["names"].append(str(x))
                    else:
                        info[str(b)][key] = str(x)
        levels = {str(p): str(lvl) for p, lvl in store.query("SELECT DISTINCT ?p ?l WHERE { ?p a pkg:Place ; pkg:level ?l }")}
        counts: dict[tuple[str, str], int] = {}
        for agent, role, n in store.query("""
                SELECT ?agent ?role (COUNT(DISTINCT ?m) AS ?n) WHERE {
                  ?m prov:qualifiedAssociation ?a . ?a prov:agent ?agent ; prov:hadRole ?role }
                GROUP BY ?agent ?role"""):
            counts[(str(agent), str(role).rsplit("#", 1)[-1])] = int(n)
        agencies = []
        for iri, e in info.items():
            chain = [p if p != "中华人民共和国" else "全国" for p in chains.get(e.get("place"), [])]
            fn = e["fn"][len(FUNCTION_IRI):] if e.get("fn") else None
            agencies.append(Agency(iri, e["label"], tuple(sorted(set(e["names"]))), fn, chain[0] if chain else None,
                                   tuple(chain), LEVEL_OF.get(levels.get(e.get("place"), "")),
                                   counts.get((iri, "LeadRole"), 0), counts.get((iri, "SupportRole"), 0)))
        return cls(agencies, registry, ids)

    def names_pattern(self):
        """A pattern of every name of an agency with tasks (three characters or more), longest first: what a
        question may name that no registry form covers (苏州海关, 沿江三市直属海事局)."""
        if self._names_pattern is None:
            from extract.trie import compile_words

            self._names_pattern = compile_words({n for n, agencies in self.by_name.items()
                                                 if len(n) >= 3 and any(a.tasks for a in agencies)})
        return self._names_pattern

    # ------------------------------------------------------------ reading a name
    def resolve(self, name: str, place: str | None = None) -> Resolution:
        """The agencies ``name`` names (within ``place``, if given), best first; or the nearest as suggestions."""
        typed = _squash(normalize(name or "").text)
        level = _level_written(typed, self.registry)
        written = list(self.by_name.get(typed, []))  # the bodies a document wrote so; with the same body elsewhere
        found = written + [a for a in self._read(typed, place) if a not in written]
        if place:
            found = [a for a in found if place in a.places] or self._read(typed, place)
        found = sorted(dict.fromkeys(found), key=lambda a: (not a.tasks, _level_rank(a, level), -a.tasks, a.label, a.iri))
        if found:
            return Resolution(name, found)
        return Resolution(name, [], self.suggest(typed, place))

    def _read(self, typed: str, place: str | None) -> list[Agency]:
        """The bodies a name means read as the graph's names are read: a national body; a place's function,
        the place written in the name or given; the function everywhere when no place is."""
        national = self.registry.national_body(typed)
        if national is not None:  # 发展改革委 is a national body's name and a local function's: the one held
            bodies = [a for a in self.agencies if a.function == "national/" + national.id]
            if bodies:
                return bodies
        written = self._canonical(typed)
        found = self.registry.function_at_end(written)
        if found is None:  # a branch (嘉兴市生态环境局平湖分局) or a name the registry does not know
            body = BodyResolver(self.ids, self.registry, self.gaz, UNKNOWN, "").resolve(written)
            return [self.by_iri[str(body.iri)]] if str(body.iri) in self.by_iri and body.function else []
        fn, prefix = found
        if prefix and prefix not in PREFIX_LEVEL:  # a place is written: that place's body, if the graph holds it
            body = BodyResolver(self.ids, self.registry, self.gaz, UNKNOWN, "").resolve(written)
            return [self.by_iri[str(body.iri)]] if str(body.iri) in self.by_iri else []
        same = [a for a in self.agencies if a.function == fn.id]
        if place:
            jur = resolve_place(self.gaz, place)
            own = str(BodyResolver(self.ids, self.registry, self.gaz, jur, "").resolve(written).iri)
            same = [a for a in same if a.iri == own or place in a.places]
        return same

    def _canonical(self, typed: str) -> str:
        """A spoken name's ending replaced by its function's first name (苏州交警 → 苏州公安局)."""
        written = self.registry.function_at_end(typed)
        longest = len(typed) - len(written[1]) if written else 0  # a written form's length, if one ends it
        for spoken in sorted(self.registry.spoken_by_name, key=len, reverse=True):
            if len(spoken) <= longest:
                break
            if typed.endswith(spoken):
                return typed[:-len(spoken)] + self.registry.spoken_by_name[spoken].names[0]
        return typed

    def suggest(self, typed: str, place: str | None = None, k: int = SUGGESTIONS) -> list[Agency]:
        """The agencies nearest a name that names none: of its function elsewhere first, then by the
        characters their names share with it; only agencies with tasks."""
        with_tasks = [a for a in self.agencies if a.tasks]
        found = self.registry.function_at_end(self._canonical(typed))
        fn = found[0].id if found else None
        grams = _bigrams(typed)

        def near(a: Agency) -> float:
            return max((_dice(grams, _bigrams(_squash(n))) for n in (a.label,) + a.names), default=0.0)

        scored = [((a.function == fn and fn is not None), near(a), a) for a in with_tasks]
        scored = [s for s in scored if s[0] or s[1] >= 0.2]
        scored.sort(key=lambda s: (not s[0], -(place in s[2].places if place else 0), -s[1], -s[2].tasks, s[2].label))
        return [a for _, _, a in scored[:k]]


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def _level_written(typed: str, registry: Registry) -> str | None:
    """The level a name writes before its function (市生态环境局 → city), if only a level is written."""
    found = registry.function_at_end(typed)
    if found is None:
        for spoken, fn in registry.spoken_by_name.items():
            if typed.endswith(spoken):
                found = (fn, typed[:-len(spoken)])
                break
    if found is None:
        return None
    return PREFIX_LEVEL.get(found[1])


def _level_rank(a: Agency, level: str | None) -> int:
    """0 for a body at the level the name writes, 1 for a county-level city's for 市 (平湖市 calls itself 市), 2
    for the others."""
    if level is None or a.rank == level:
        return 0
    if level == "city" and a.rank == "county" and (a.place or "").endswith("市"):
        return 1
    return 2


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
