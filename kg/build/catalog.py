"""What the knowledge base already holds, read back over SPARQL: documents, measures, link graphs.

``add`` and ``remove`` recompute the hierarchy and the audit links of the
documents they touch from these, without the other documents' files. Only
SPARQL crosses the store interface, so the same reads work on a server.
"""
from __future__ import annotations

from datetime import date

from rdflib import Literal, URIRef

from extract.records import DocumentMeta

from kg.ids import Ids
from kg.jurisdiction import Jurisdiction, Township, unusual
from kg.vocab import LEVEL_OF, PKG_IRI
from .hierarchy import DocInfo
from .links import MeasureView, TargetView

_KIND = {f"{PKG_IRI}Plan": "plan", f"{PKG_IRI}AnnualPlan": "annual-plan", f"{PKG_IRI}TaskBreakdown": "task-breakdown",
         f"{PKG_IRI}ProgressReport": "progress-report"}


def _py(term):
    """A value as plain Python (store rows already are, but for rdflib literals and IRIs)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    if isinstance(term, URIRef):
        return str(term)
    return term


def documents(store) -> dict[str, str]:
    """File name → document IRI of every document in the knowledge base."""
    rows = store.query("SELECT ?d ?name WHERE { ?d a pkg:PolicyDocument ; pkg:fileName ?name }")
    return {str(name): str(d) for d, name in rows}


def doc_infos(store, ids: Ids) -> list[DocInfo]:
    rows = store.query("""
        SELECT ?d ?name ?level ?kind ?code ?spatial ?town ?within ?date ?year ?number ?title WHERE {
          ?d a pkg:PolicyDocument ; pkg:fileName ?name .
          OPTIONAL { ?d pkg:level ?level } OPTIONAL { ?d pkg:kind ?kind }
          OPTIONAL { ?d dcterms:spatial ?spatial OPTIONAL { ?spatial pkg:adcode ?code }
                     OPTIONAL { ?spatial pkg:level pkg:Township ; skos:prefLabel ?town
                                OPTIONAL { ?spatial pkg:within/pkg:adcode ?within } } }
          OPTIONAL { ?d eli:date_document ?date } OPTIONAL { ?d pkg:planYear ?year }
          OPTIONAL { ?d eli:number ?number } OPTIONAL { ?d dcterms:title ?title }
        }""")
    multi: dict[str, dict[str, list]] = {}
    for d, cite in store.query("SELECT ?d ?c WHERE { ?d a pkg:PolicyDocument ; pkg:cites ?c }"):
        multi.setdefault(str(d), {}).setdefault("cites", []).append(str(cite))
    for d, alias in store.query("SELECT ?d ?a WHERE { ?d a pkg:PolicyDocument ; dcterms:alternative ?a }"):
        multi.setdefault(str(d), {}).setdefault("aliases", []).append(str(alias))
    for d, parent in store.query("SELECT ?d ?p WHERE { ?d a pkg:PolicyDocument ; pkg:declaredParent ?p }"):
        multi.setdefault(str(d), {}).setdefault("declared", []).append(ids.doc_name(str(parent)))
    declared_given = {str(d) for (d,) in store.query(
        "SELECT ?d WHERE { ?d a pkg:PolicyDocument ; pkg:parentsDeclared true }")}
    topics: dict[str, dict[str, int]] = {}
    for d, topic, n in store.query("""
        SELECT ?d ?t (COUNT(?m) AS ?n) WHERE { ?m eli:is_part_of ?d ; dcterms:subject ?t } GROUP BY ?d ?t"""):
        topics.setdefault(str(d), {})[str(topic).rsplit("/", 1)[-1]] = int(n)
    out = []
    country = str(ids.place(None))
    for d, name, level, kind, code, spatial, town, within, date_, year, number, title in rows:
        key = str(d)
        meta = DocumentMeta(title=_py(title), doc_number=_py(number), date=_py(date_) if isinstance(_py(date_), date) else None,
                            level=LEVEL_OF.get(str(level)) if level else None,
                            kind=_KIND.get(str(kind)) if kind else None,
                            plan_year=_py(year), cites=tuple(sorted(multi.get(key, {}).get("cites", []))))
        if town is not None:
            jur = Jurisdiction(None, township=Township(str(town), _PlaceCode(str(within)) if within else None))
        else:
            jur = Jurisdiction(_PlaceCode(str(code)) if code else None, national=str(spatial) == country)
        declared = tuple(sorted(multi.get(key, {}).get("declared", []))) if key in declared_given else None
        out.append(DocInfo.from_meta(str(name), meta, jur, declared, tuple(sorted(topics.get(key, {}).items())),
                                     tuple(sorted(multi.get(key, {}).get("aliases", [])))))
    return sorted(out, key=lambda i: i.name)


class _PlaceCode:
    """Just enough of a ``Place`` for ``DocInfo``: its code and rank."""

    def __init__(self, code: str):
        self.code = code
        self.rank = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


def measure_views(store, ids: Ids, doc_name: str) -> list[MeasureView]:
    d = ids.document(doc_name)
    rows = store.query(f"""
        SELECT ?m ?order ?text ?src ?heading WHERE {{
          ?m eli:is_part_of <{d}> ; pkg:order ?order ; pkg:text ?text .
          OPTIONAL {{ ?m pkg:sourceText ?src }} OPTIONAL {{ ?m pkg:heading ?heading }}
        }} ORDER BY ?order""")
    topics: dict[str, list[str]] = {}
    for m, t in store.query(f"SELECT ?m ?t WHERE {{ ?m eli:is_part_of <{d}> ; dcterms:subject ?t }}"):
        topics.setdefault(str(m), []).append(str(t).rsplit("/", 1)[-1])
    targets: dict[str, list[tuple]] = {}
    for m, ti, ind, unit, value, year in store.query(f"""
        SELECT ?m ?t ?ind ?unit ?value ?year WHERE {{
          ?m eli:is_part_of <{d}> ; pkg:target ?t . ?t schema:value ?value .
          OPTIONAL {{ ?t pkg:indicator ?ind }} OPTIONAL {{ ?t schema:unitText ?unit }} OPTIONAL {{ ?t pkg:year ?year }}
        }}"""):
        targets.setdefault(str(m), []).append((str(ti), TargetView(_py(ind), _py(unit) or "", float(_py(value)), _py(year))))
    out = []
    for m, _order, text, src, heading in rows:
        key = str(m)
        ts = tuple(t for _, t in sorted(targets.get(key, []), key=lambda x: _index(x[0])))
        out.append(MeasureView(key, doc_name, str(text), _py(heading), tuple(sorted(topics.get(key, []))), ts,
                               _py(src) if src is not None else str(text)))
    return out


def _index(iri: str) -> int:
    tail = iri.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def link_graphs(store, ids: Ids) -> dict[tuple[str, str], str]:
    """(child, ancestor) file names → IRI of every audit-link graph in the knowledge base."""
    out = {}
    for g in store.graphs():
        names = ids.link_graph_names(g)
        if names:
            out[names] = g
    return out


def places(store, ids: Ids, names: list[str]) -> dict[str, tuple[bool, str | None]]:
    """(national, division code) of each named document; a township's code is its county's."""
    values = " ".join(f"<{ids.document(n)}>" for n in names)
    rows = store.query(f"""
        SELECT ?name ?spatial ?code ?within WHERE {{
          VALUES ?d {{ {values} }}
          ?d pkg:fileName ?name .
          OPTIONAL {{ ?d dcterms:spatial ?spatial OPTIONAL {{ ?spatial pkg:adcode ?code }}
                     OPTIONAL {{ ?spatial pkg:level pkg:Township ; pkg:within/pkg:adcode ?within }} }}
        }}""")
    country = str(ids.place(None))
    out: dict[str, tuple[bool, str | None]] = {}
    for name, spatial, code, within in rows:
        national = spatial is not None and str(spatial) == country
        found = str(code) if code is not None else (str(within) if within is not None else None)
        prev = out.get(str(name))
        if prev is None or (prev[1] is None and found):
            out[str(name)] = (national, found)
    return out


def hierarchy_edges(store, ids: Ids) -> list[dict]:
    """The plan hierarchy's direct links, child → parent, with how each was found (``method``, ``score``); a parent
    whose place does not hold the child's (平湖 under 苏州) carries an ``unusual`` remark."""
    rows = store.query("""
        SELECT ?cn ?pn ?method ?score WHERE {
          ?c prov:qualifiedDerivation ?h . ?h a pkg:HierarchyLink ; prov:entity ?p ; pkg:distance 1 ;
             pkg:method ?method ; pkg:score ?score .
          ?c pkg:fileName ?cn . ?p pkg:fileName ?pn .
        } ORDER BY ?cn ?pn""")
    edges = [{"child": str(c), "parent": str(p), "method": str(m), "score": float(s)} for c, p, m, s in rows]
    if edges:
        where = places(store, ids, sorted({e["child"] for e in edges} | {e["parent"] for e in edges}))
        for e in edges:
            remark = unusual(where.get(e["child"], (False, None)), where.get(e["parent"], (False, None)))
            if remark:
                e["unusual"] = remark
    return edges

