"""Records → triples: one document's named graph.

``document_graph(doc, ctx)`` turns the extractor's records of one document
into the triples of its named graph, and returns beside them what the
hierarchy (``DocInfo``) and the audit links (``MeasureView``) need, so a whole
build never reads its own graph back. The graph holds the document, its
measures, their agency roles, deadlines and targets, each with the character
span and the rule that produced it, and the places and bodies they name (a
body named by two documents appears in both graphs: dropping one leaves the
other whole). No blank nodes: every node has an IRI from ``kg.ids``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from extract.places import Gazetteer, Place, gazetteer
from extract.records import Document, Measure
from extract.registry import Registry, load_registry

from kg.ids import Ids
from kg.jurisdiction import Township, resolve
from kg.schemes import TermIndex, load_terms
from kg.bodies import Body, BodyResolver
from kg.vocab import ELI, KINDS, LEVELS, PKG, RECURRENCES, ROLES, SCHEMA, TIME, function_iri, national_iri, term_iri, topic_iri
from .hierarchy import DocInfo
from .links import Link, MeasureView, TargetView
from .titles import own_titles

Triple = tuple[URIRef, URIRef, object]


@dataclass(frozen=True)
class BuildContext:
    """What building needs besides the records: IRIs, the registry, the terms, the gazetteer."""

    ids: Ids
    registry: Registry
    terms: TermIndex
    gazetteer: Gazetteer

    @classmethod
    def from_dir(cls, ontology_dir: str | Path, base_iri: str) -> "BuildContext":
        d = Path(ontology_dir)
        return cls(Ids(base_iri), load_registry(d / "agencies.toml"), load_terms(d / "topics.toml"), gazetteer())


@dataclass
class DocumentGraph:
    name: str
    graph: URIRef
    triples: list[Triple]
    info: DocInfo
    measures: list[MeasureView] = field(default_factory=list)


def document_graph(doc: Document, ctx: BuildContext, declared_parents: tuple[str, ...] | None = None) -> DocumentGraph:
    ids, meta = ctx.ids, doc.meta
    jur = resolve(ctx.gazetteer, meta.jurisdiction, meta.level, meta.province, meta.city, doc.text)
    bodies = BodyResolver(ids, ctx.registry, ctx.gazetteer, jur, doc.name)
    out = _Triples()
    d = ids.document(doc.name)
    used_bodies: dict[URIRef, Body] = {}
    surfaces: dict[URIRef, set[str]] = {}

    def body(name: str, surface: str | None = None) -> URIRef:
        b = bodies.resolve(name)
        used_bodies[b.iri] = b
        if surface and surface != b.label:
            surfaces.setdefault(b.iri, set()).add(surface)
        if name != b.label:
            surfaces.setdefault(b.iri, set()).add(name)
        return b.iri

    # the document
    out.add(d, RDF.type, PKG.PolicyDocument)
    out.add(d, RDF.type, ELI.Work)
    out.lit(d, PKG.fileName, doc.name)
    out.lit(d, PKG.format, doc.format)
    out.lit(d, PKG.sha256, hashlib.sha256(doc.raw.encode("utf-8")).hexdigest())
    out.lit(d, DCTERMS.title, meta.title)
    out.lit(d, ELI.number, meta.doc_number)
    out.lit(d, ELI.date_document, meta.date)
    out.lit(d, PKG.planYear, meta.plan_year)
    if meta.level in LEVELS:
        out.add(d, PKG.level, LEVELS[meta.level])
    if meta.kind in KINDS:
        out.add(d, PKG.kind, KINDS[meta.kind])
    for cite in meta.cites:
        out.lit(d, PKG.cites, cite)
    aliases = tuple(t for t in own_titles(doc.text) if t != meta.title)
    for alias in aliases:
        out.lit(d, DCTERMS.alternative, alias)
    if declared_parents is not None:
        out.lit(d, PKG.parentsDeclared, True)
    for parent in declared_parents or ():
        out.add(d, PKG.declaredParent, ids.document(parent))
    if jur.national:
        out.add(d, DCTERMS.spatial, ids.place(None))
    elif jur.township is not None:
        out.add(d, DCTERMS.spatial, _township_triples(out, ids, jur.township))
    elif jur.place is not None:
        out.add(d, DCTERMS.spatial, ids.place(jur.place.code))
    if meta.issuer:
        out.add(d, ELI.passed_by, body(meta.issuer))
    if meta.owner:
        out.add(d, PKG.owner, body(meta.owner))

    views = []
    for n, m in enumerate(doc.measures, start=1):
        views.append(_measure(out, doc, m, n, d, ctx, body))

    _bodies_and_places(out, ctx, jur, bodies, used_bodies, surfaces)

    info = DocInfo.from_meta(doc.name, meta, jur, declared_parents, _topic_counts(doc.measures), aliases)
    return DocumentGraph(doc.name, ids.doc_graph(doc.name), out.triples, info, views)


def _bodies_and_places(out: "_Triples", ctx: BuildContext, jur, bodies: BodyResolver, used_bodies: dict[URIRef, Body],
                       surfaces: dict[URIRef, set[str]]) -> None:
    """The bodies the document names, each with its government, and the places they lie in, up to the country."""
    places: dict[str, Place] = {}
    for own in (jur.place, jur.township.within if jur.township else None):
        if own is not None:
            places[own.code] = own
    todo = list(used_bodies.values())
    while todo:
        b = todo.pop()
        parent = bodies.parent_of(b)
        _body_triples(out, ctx.ids, b, surfaces.get(b.iri, set()), parent)
        if b.place is not None:
            places[b.place.code] = b.place
        if parent is not None and parent.iri not in used_bodies:
            used_bodies[parent.iri] = parent
            todo.append(parent)
    for place in list(places.values()):
        for up in ctx.gazetteer.ancestors(place):
            places.setdefault(up.code, up)
    for place in places.values():
        _place_triples(out, ctx, place)
    if places or jur.national or any(b.national for b in used_bodies.values()):
        _country_triples(out, ctx.ids)


def _measure(out: "_Triples", doc: Document, m: Measure, n: int, d: URIRef, ctx: BuildContext, body) -> MeasureView:
    ids = ctx.ids
    mi = ids.measure(doc.name, n)
    raw = doc.raw_text(m.start, m.end).strip()
    out.add(mi, RDF.type, PKG.Measure)
    out.add(mi, ELI.is_part_of, d)
    out.lit(mi, DCTERMS.identifier, m.id)
    out.lit(mi, PKG.order, n)
    out.lit(mi, PKG.text, m.text)
    if raw != m.text:
        out.lit(mi, PKG.sourceText, raw)
    out.lit(mi, PKG.heading, m.heading)
    if m.headings:
        out.lit(mi, PKG.section, " › ".join(m.headings))
    _span(out, mi, m.start, m.end, m.rule)
    raw_start, raw_end = doc.raw_span(m.start, m.end)
    if (raw_start, raw_end) != (m.start, m.end):
        out.lit(mi, PKG.rawStart, raw_start)
        out.lit(mi, PKG.rawEnd, raw_end)
    for topic in m.topics:
        out.add(mi, DCTERMS.subject, topic_iri(topic))
    terms = ctx.terms.find(m.text)
    for term in terms:
        out.add(mi, PKG.mentions, term_iri(term))
    for entity in m.entities:
        out.lit(mi, PKG.entity, entity)
    for role, refs in (("lead", m.lead), ("support", m.support)):
        seen = set()
        for i, ref in enumerate(refs, start=1):
            agent = body(ref.name, ref.surface)
            if agent in seen:
                continue
            seen.add(agent)
            a = ids.association(mi, role, i)
            out.add(mi, PKG.lead if role == "lead" else PKG.support, agent)
            out.add(mi, PROV.qualifiedAssociation, a)
            out.add(a, RDF.type, PROV.Association)
            out.add(a, PROV.agent, agent)
            out.add(a, PROV.hadRole, ROLES[role])
            out.lit(a, PKG.surface, ref.surface)
            out.lit(a, PKG.agencyName, ref.name)
            _span(out, a, ref.start, ref.end, ref.rule)
    for i, dl in enumerate(m.deadlines, start=1):
        di = ids.deadline(mi, i)
        out.add(mi, PKG.deadline, di)
        out.add(di, RDF.type, PKG.Deadline)
        out.lit(di, PKG.phrase, dl.text)
        if dl.due is not None:
            out.lit(di, TIME.inXSDDate, dl.due)
            out.lit(mi, PKG.due, dl.due)
        if dl.recurring in RECURRENCES:
            out.add(di, PKG.recurrence, RECURRENCES[dl.recurring])
        _span(out, di, dl.start, dl.end, dl.rule)
    targets = []
    for i, t in enumerate(m.targets, start=1):
        ti = ids.target(mi, i)
        out.add(mi, PKG.target, ti)
        out.add(ti, RDF.type, PKG.Target)
        out.lit(ti, PKG.phrase, t.text)
        out.lit(ti, PKG.indicator, t.indicator)
        out.lit(ti, PKG.comparator, t.comparator)
        out.add(ti, SCHEMA.value, Literal(_decimal(t.value), datatype=XSD.decimal))
        out.lit(ti, SCHEMA.unitText, t.unit or None)
        out.lit(ti, PKG.year, t.year)
        out.lit(ti, PKG.baselineYear, t.baseline_year)
        out.lit(ti, PKG.aspirational, bool(t.aspirational))
        _span(out, ti, t.start, t.end, t.rule)
        targets.append(TargetView(t.indicator, t.unit or "", float(t.value), t.year))
    return MeasureView(str(mi), doc.name, m.text, m.heading, tuple(m.topics), tuple(targets), raw)


def link_graph(ids: Ids, child: str, ancestor: str, distance: int, method: str, score: float,
               links: list[Link], relation: str = "carriesOut") -> list[Triple]:
    """The named graph of the audit links from one document to one of its ancestors.

    It also carries the document-level link (``pkg:HierarchyLink``; ``eli:applies``
    for a direct parent, ``eli:based_on`` when the child cites it), so that
    dropping the graph removes every trace of the pair.
    """
    out = _Triples()
    c, a = ids.document(child), ids.document(ancestor)
    h = ids.link(c, a)
    out.add(c, PROV.qualifiedDerivation, h)
    out.add(h, RDF.type, PKG.HierarchyLink)
    out.add(h, PROV.entity, a)
    out.lit(h, PKG.method, method)
    out.add(h, PKG.score, Literal(_decimal(score), datatype=XSD.decimal))
    out.lit(h, PKG.distance, distance)
    if distance == 1:
        out.add(c, ELI.applies, a)
        if method == "citation":
            out.add(c, ELI.based_on, a)
    kind = PKG.reportsOn if relation == "reportsOn" else PKG.carriesOut
    for link in links:
        cm, pm = URIRef(link.child), URIRef(link.parent)
        li = ids.link(cm, pm)
        out.add(cm, PROV.wasDerivedFrom if relation != "reportsOn" else PKG.reportsOn, pm)
        out.add(cm, PROV.qualifiedDerivation, li)
        out.add(li, RDF.type, PKG.AuditLink)
        out.add(li, PROV.entity, pm)
        out.add(li, PKG.score, Literal(_decimal(link.score), datatype=XSD.decimal))
        out.lit(li, PKG.method, link.method or "ngram")
        out.lit(li, PKG.rank, link.rank)
        out.add(li, PKG.share, Literal(_decimal(link.share), datatype=XSD.decimal))
        out.add(li, PKG.supported, Literal(bool(link.supported)))
        out.lit(li, PKG.evidence, link.evidence)
        out.add(li, PKG.linkKind, kind)
    return out.triples


def _span(out: "_Triples", node: URIRef, start: int, end: int, rule: str) -> None:
    out.lit(node, PKG.start, start)
    out.lit(node, PKG.end, end)
    out.lit(node, PKG.rule, rule)


def _body_triples(out: "_Triples", ids: Ids, b: Body, surfaces: set[str], parent: Body | None) -> None:
    out.add(b.iri, RDF.type, PKG.Agency)
    out.add(b.iri, RDF.type, ORG.Organization)
    if b.is_government:
        out.add(b.iri, RDF.type, PKG.Government)
    out.add(b.iri, SKOS.prefLabel, Literal(b.label, lang="zh"))
    for alt in sorted((set(b.alt) | surfaces) - {b.label}):
        out.add(b.iri, SKOS.altLabel, Literal(alt, lang="zh"))
    if b.function and b.function.startswith("national/"):
        out.add(b.iri, PKG.function, national_iri(b.function.split("/", 1)[1]))
    elif b.function:
        out.add(b.iri, PKG.function, function_iri(b.function))
    if b.national:
        out.add(b.iri, PKG.jurisdiction, ids.place(None))
    elif b.place is not None:
        out.add(b.iri, PKG.jurisdiction, ids.place(b.place.code))
    if parent is not None:
        out.add(b.iri, ORG.subOrganizationOf, parent.iri)


def _place_triples(out: "_Triples", ctx: BuildContext, place: Place) -> None:
    p = ctx.ids.place(place.code)
    out.add(p, RDF.type, PKG.Place)
    out.add(p, SKOS.prefLabel, Literal(place.name, lang="zh"))
    out.lit(p, PKG.adcode, place.code)
    out.add(p, PKG.level, LEVELS[place.rank])
    up = ctx.gazetteer.parent(place)
    out.add(p, PKG.within, ctx.ids.place(up.code) if up is not None else ctx.ids.place(None))


def _township_triples(out: "_Triples", ids: Ids, town: Township) -> URIRef:
    """A township, town or street: its name, its level and the county it lies in (no division code)."""
    p = ids.township(town.name, town.within.code if town.within else None)
    out.add(p, RDF.type, PKG.Place)
    out.add(p, SKOS.prefLabel, Literal(town.name, lang="zh"))
    out.add(p, PKG.level, PKG.Township)
    if town.within is not None:
        out.add(p, PKG.within, ids.place(town.within.code))
    return p


def _country_triples(out: "_Triples", ids: Ids) -> None:
    p = ids.place(None)
    out.add(p, RDF.type, PKG.Place)
    out.add(p, SKOS.prefLabel, Literal("中华人民共和国", lang="zh"))
    out.add(p, PKG.level, PKG.National)


def _topic_counts(measures) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for m in measures:
        for t in m.topics:
            counts[t] = counts.get(t, 0) + 1
    return tuple(sorted(counts.items()))


def _decimal(value: float) -> str:
    """The canonical xsd:decimal form of a number (28.0, 0.4, 2.5: a point, never an exponent)."""
    v = float(value)
    if v != v or v in (float("inf"), float("-inf")):
        v = 0.0
    text = f"{v:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


class _Triples:
    """An ordered list of triples without repeats."""

    def __init__(self):
        self.triples: list[Triple] = []
        self._seen: set[Triple] = set()

    def add(self, s, p, o) -> None:
        t = (s, p, o)
        if t not in self._seen:
            self._seen.add(t)
            self.triples.append(t)

    def lit(self, s, p, value) -> None:
        """A literal, skipped when the value is None (fields unknown from the text are absent)."""
        if value is None or value == "":
            return
        self.add(s, p, Literal(value))


__all__ = ["BuildContext", "DocumentGraph", "document_graph", "link_graph"]
