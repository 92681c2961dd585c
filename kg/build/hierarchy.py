"""The plan hierarchy: which documents each document carries out.

national → province → city multi-year plan → city annual plan / task breakdown
→ county plan → township plan, with progress reports under the plans they
report on. The parents of a document are, in this order of authority:

1. ``manifest``: the parents the corpus manifest gives (an empty list means none);
2. ``citation``: the documents it names (根据《…》, 国发〔2023〕24号) — a cited
   document must not be dated after it, nor lie below it;
3. ``inferred``: the nearest tier of documents whose place contains its place
   (``extract.places`` gazetteer: 西平县 lies in 驻马店市 in 河南省; a township
   lies in the county its jurisdiction or text writes), that rank above it and
   are not dated after it, kept when their titles or topics agree; also for a
   document that cites only plans above that tier (a county citing its province's).

A citation finds a document by number or by any title it goes by (``titles``), of the
year it names; a cited plan of a place that does not hold the citing document's (another
province's) is a reference, not a parent. Within one place, a plan ranks above a task
breakdown of no one year (the breakdown of a multi-year plan), which ranks above an annual
plan, which ranks above a progress report.

Ancestors are the closure of the parent relation. Everything here is a
function of the documents' ``DocInfo`` alone, so ``add`` and ``remove`` can
recompute it and touch only the pairs that changed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import sqrt

from kg.jurisdiction import LEVEL_RANK, Jurisdiction
from .titles import CiteIndex, bigrams, core_title, strip_places, title_similarity

KIND_RANK = {"plan": 0, "annual-plan": 1, "task-breakdown": 1, "progress-report": 2}
MIN_AFFINITY = 0.35  # an inferred parent's title or topics must agree at least this much
MAX_INFERRED = 2  # inferred parents kept from the nearest tier

@dataclass(frozen=True)
class DocInfo:
    name: str
    level: str | None
    kind: str | None
    place: str | None  # six-digit code (a township's: its county's); None when unknown or national
    national: bool
    date: date | None
    plan_year: int | None
    doc_number: str | None
    title: str | None
    cites: tuple[str, ...]
    declared: tuple[str, ...] | None  # manifest parents; None when the manifest says nothing
    topics: tuple[tuple[str, int], ...] = ()  # how many measures carry each topic
    township: str | None = None  # a township's document: the township's name (``place`` is its county)
    aliases: tuple[str, ...] = ()  # the titles its own text gives it (``titles.own_titles``)

    @classmethod
    def from_meta(cls, name, meta, jur: Jurisdiction, declared, topics=(), aliases=()) -> "DocInfo":
        level = "national" if jur.national else (meta.level or (jur.place.rank if jur.place else None))
        town = jur.township
        place = jur.code if town is None else (town.within.code if town.within else None)
        return cls(name=name, level=level, kind=meta.kind, place=place, national=jur.national, date=meta.date,
                   plan_year=meta.plan_year, doc_number=meta.doc_number, title=meta.title,
                   cites=tuple(sorted(set(meta.cites))), declared=tuple(declared) if declared is not None else None,
                   topics=tuple(topics), township=town.name if town else None,
                   aliases=tuple(sorted({a for a in aliases if a != meta.title})))

    @property
    def level_rank(self) -> int | None:
        return LEVEL_RANK.get(self.level) if self.level else None

    @property
    def kind_rank(self) -> float:
        """Plan 0, annual plan 1, report 2; a task breakdown of no one year breaks down a multi-year plan and
        stands between the two (an annual plan of its place carries it out), of one year it is annual."""
        if self.kind == "task-breakdown" and self.plan_year is None:
            return 0.5
        return KIND_RANK.get(self.kind or "plan", 0)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else self.plan_year


@dataclass(frozen=True)
class Edge:
    child: str
    parent: str
    method: str  # manifest | citation | inferred
    score: float


class Hierarchy:
    def __init__(self, edges: list[Edge]):
        self.edges = sorted(edges, key=lambda e: (e.child, -e.score, e.parent))
        self.parents: dict[str, list[Edge]] = {}
        for e in self.edges:
            self.parents.setdefault(e.child, []).append(e)

    def ancestors(self, name: str) -> list[tuple[str, int]]:
        """Every document above ``name`` with its distance (1 = parent), nearest first."""
        out: dict[str, int] = {}
        frontier = [name]
        distance = 0
        while frontier:
            distance += 1
            nxt = []
            for child in frontier:
                for e in self.parents.get(child, []):
                    if e.parent != name and e.parent not in out:
                        out[e.parent] = distance
                        nxt.append(e.parent)
            frontier = nxt
        return sorted(out.items(), key=lambda kv: (kv[1], kv[0]))

    def pairs(self) -> dict[tuple[str, str], int]:
        """Every (document, ancestor) pair with its distance."""
        out = {}
        for child in sorted(self.parents):
            for anc, dist in self.ancestors(child):
                out[(child, anc)] = dist
        return out


def infer(docs: list[DocInfo]) -> Hierarchy:
    return _Inference(docs).run()


class _Inference:
    """The parent edges of a set of documents (indexes keep it near-linear in the number of documents)."""

    def __init__(self, docs: list[DocInfo]):
        self.by_name = {d.name: d for d in docs}
        self.index = CiteIndex(docs)
        self.edges: list[Edge] = []
        self.up: dict[str, list[str]] = {}
        self.by_place: dict[str, list[DocInfo]] = {}
        self.national: list[DocInfo] = []
        self.keys: dict[str, str] = {}
        self.grams: dict[str, set[str]] = {}
        national_postings: dict[str, set[str]] = {}
        for d in docs:
            key = strip_places(core_title(d.title))
            self.keys[d.name] = key
            self.grams[d.name] = bigrams(key)
            if d.national:
                self.national.append(d)
                for g in self.grams[d.name]:
                    national_postings.setdefault(g, set()).add(d.name)
            elif d.place:
                self.by_place.setdefault(d.place, []).append(d)
        self.national_postings = national_postings

    def run(self) -> Hierarchy:
        ordered = sorted(self.by_name.values(),
                         key=lambda d: (d.level_rank if d.level_rank is not None else 9, d.kind_rank, d.name))
        # first what the manifest and the citations say; a cycle is never closed
        stated = {}
        for doc in ordered:
            stated[doc.name] = declared_or_cited(doc, self.by_name, self.index)
            for e in stated[doc.name] or []:
                self._add(e)
        # then inference for the rest, never choosing a document that lies below another candidate; a document
        # that cites only plans higher up (a county citing the province's) also lies under the nearer tier
        for doc in ordered:
            if stated[doc.name] is None:
                for e in self.inferred(doc):
                    self._add(e)
            elif stated[doc.name] and all(e.method == "citation" for e in stated[doc.name]):
                for e in self._between(doc, stated[doc.name]):
                    self._add(e)
        return Hierarchy(self.edges)

    def _between(self, doc: DocInfo, cited: list[Edge]) -> list[Edge]:
        """The inferred parents of ``doc`` that lie below every plan it cites."""
        ranks = [self.by_name[e.parent].level_rank for e in cited]
        if any(r is None for r in ranks):
            return []
        names = {e.parent for e in cited}
        return [e for e in self.inferred(doc) if e.parent not in names
                and (self.by_name[e.parent].level_rank or 0) > max(ranks)]

    def _add(self, e: Edge) -> None:
        if not self.reaches(e.parent, e.child):
            self.edges.append(e)
            self.up.setdefault(e.child, []).append(e.parent)

    def reaches(self, start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            n = todo.pop()
            if n == goal:
                return True
            if n not in seen:
                seen.add(n)
                todo.extend(self.up.get(n, ()))
        return False

    def candidates(self, doc: DocInfo) -> list[DocInfo]:
        out: list[DocInfo] = []
        if doc.place:
            codes = {doc.place, doc.place[:4] + "00", doc.place[:2] + "0000"}
            for code in sorted(codes):
                out.extend(self.by_place.get(code, ()))
        names = set()
        for g in self.grams[doc.name]:
            names |= self.national_postings.get(g, set())
        out.extend(self.by_name[n] for n in sorted(names))
        return out

    def inferred(self, doc: DocInfo) -> list[Edge]:
        """The best candidates of the nearest tier: containing place, higher rank, not dated after, agreeing."""
        tiers: dict[tuple[int, int], list[tuple[float, str]]] = {}
        for other in self.candidates(doc):
            if other.name == doc.name or not _may_be_parent(other, doc):
                continue
            title = title_similarity(self.keys[other.name], self.keys[doc.name])
            if other.national and title < MIN_AFFINITY:
                continue  # national plans are many and broad: the title must say which one
            score = max(title, 0.8 * _cosine(dict(other.topics), dict(doc.topics)))
            if score >= MIN_AFFINITY:
                key = (-(other.level_rank or 0), -other.kind_rank)
                tiers.setdefault(key, []).append((score, other.name))
        if not tiers:
            return []
        nearest = tiers[min(tiers)]
        names = {n for _, n in nearest}
        nearest = [(sc, n) for sc, n in nearest if not any(self.reaches(n, m) for m in names - {n})]
        nearest.sort(key=lambda sn: (-sn[0], sn[1]))
        return [Edge(doc.name, name, "inferred", round(score, 4)) for score, name in nearest[:MAX_INFERRED]]


def declared_or_cited(doc: DocInfo, by_name: dict[str, DocInfo], index: "CiteIndex") -> list[Edge] | None:
    """The manifest's parents, else the cited documents found; None when neither says anything."""
    if doc.declared is not None:
        return [Edge(doc.name, p, "manifest", 1.0) for p in doc.declared if p in by_name and p != doc.name]
    cited = []
    for cite in doc.cites:
        for name in index.match(cite):
            other = by_name[name]
            if name != doc.name and _may_cite_as_parent(other, doc) and name not in cited:
                cited.append(name)
    return [Edge(doc.name, p, "citation", 1.0) for p in cited] or None


def _dated_after(parent: DocInfo, child: DocInfo) -> bool:
    """A plan dated before its would-be parent is not its child."""
    if parent.date and child.date:
        return parent.date > child.date
    if parent.year and child.year:
        return parent.year > child.year
    return False


def _same_place(a: DocInfo, b: DocInfo) -> bool:
    return a.place == b.place and a.township == b.township


def _contains(outer: DocInfo, inner: DocInfo) -> bool | None:
    """True when ``inner``'s place lies in or is ``outer``'s; None when unknown. A township holds only
    itself; its county holds it."""
    if outer.national:
        return True
    if outer.township is not None:
        return _same_place(outer, inner)
    if outer.place is None or inner.place is None:
        return None
    if outer.place == inner.place:
        return True
    if outer.place.endswith("0000"):
        return inner.place[:2] == outer.place[:2]
    if outer.place.endswith("00"):
        return inner.place[:4] == outer.place[:4]
    return False


def _may_be_parent(p: DocInfo, c: DocInfo) -> bool:
    if p.kind == "progress-report" or _dated_after(p, c):
        return False
    if _contains(p, c) is not True:
        return False
    if p.national:
        return not c.national or p.kind_rank < c.kind_rank
    if _same_place(p, c):
        return p.kind_rank < c.kind_rank
    return True


def _may_cite_as_parent(p: DocInfo, c: DocInfo) -> bool:
    """A cited plan is a parent unless it is a report, dated after, below, or of a place that does not
    hold the citing document's (another province's plan it names is a reference, not its parent)."""
    if p.kind == "progress-report" or _dated_after(p, c):
        return False
    if p.level_rank is not None and c.level_rank is not None and p.level_rank > c.level_rank:
        return False
    return _contains(p, c) is not False


# ---------------------------------------------------------------- affinity

def title_affinity(p: DocInfo, c: DocInfo) -> float:
    return title_similarity(strip_places(core_title(p.title)), strip_places(core_title(c.title)))


def affinity(p: DocInfo, c: DocInfo) -> float:
    """How well two documents agree in title and topics, 0 to 1."""
    return max(title_affinity(p, c), 0.8 * _cosine(dict(p.topics), dict(c.topics)))


def _cosine(a: dict[str, int], b: dict[str, int]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (sqrt(sum(v * v for v in a.values())) * sqrt(sum(v * v for v in b.values())))
