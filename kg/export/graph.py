"""The knowledge base as a property graph, read once per named graph.

Documents, measures, agencies, places, topics, deadlines and targets are nodes
with a ``type``, a Chinese ``label`` and the scalar attributes of ``NODES``;
the relations between them are edges with a ``relation`` and the attributes of
``EDGES``. What each holds is written below as one small reader per node type
and per edge type.

Why one named graph at a time: every document's graph declares the agencies
and places it names, with their governments and the places they lie in, so
in the union of the named graphs an agency named by k documents is declared k
times. A query over the union matched it k times in each of its patterns (k⁴
rows for one agency; the corpus under three sets of names took 51 s and 2.4 GB
to export as GraphML). Read graph by graph, every quad is read once; a node or
edge that several graphs declare is kept the first time, and those are the
agencies and places, as many as the registry and the gazetteer hold, however
many documents name them. The vocabulary graph is read first: the notations
and topic labels the other graphs point to.

``read(store, timebox)`` streams: nodes come as each graph is read, edges are
spooled to a temporary file and come after every node (GEXF and Cytoscape.js
want nodes first, and an edge is kept only between two nodes). The ids of the
nodes given out are kept in a temporary SQLite file beside the spool, looked up
a graph at a time, so memory holds one graph and the agencies and places' edges
seen, however many nodes the knowledge base has (the ids in a set grew 3 → 15 MB
from 200 to 1,000 documents: 97 k nodes).
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator

from kg.ids import DEFAULT_BASE, Ids
from kg.store import parse_nquads
from kg.timebox import Timebox
from kg.vocab import ELI, PKG, SCHEMA, TIME

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_ORG = "http://www.w3.org/ns/org#"


class _Strings:
    """A closed namespace's IRIs as plain strings (the keys of a graph's properties), each looked up once."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))  # a misspelled term raises
        setattr(self, name, value)
        return value


P, E = _Strings(PKG), _Strings(ELI)


TYPE, PREF_LABEL, NOTATION = _RDF + "type", _SKOS + "prefLabel", _SKOS + "notation"

# node type → its attribute columns and their types, beside ``type`` and ``label`` (the writers' headers)
NODES: dict[str, dict[str, type]] = {
    "Document": {"file": str, "level": str, "kind": str, "date": str, "plan_year": int, "number": str},
    "Measure": {"text": str, "measure_id": str, "doc": str, "order": int, "heading": str, "start": int, "end": int,
                "rule": str, "topics": str},
    "Agency": {"function": str, "place": str, "government": bool},
    "Place": {"adcode": str, "level": str},
    "Topic": {"notation": str},
    "Deadline": {"due": str, "recurrence": str, "start": int, "end": int, "rule": str},
    "Target": {"indicator": str, "comparator": str, "value": float, "unit": str, "year": int, "baseline_year": int,
               "aspirational": bool, "start": int, "end": int, "rule": str},
}
SHARED = {"Agency", "Place", "Topic"}  # node types every graph that names them declares again

# edge relation → its attribute columns and their types, beside ``relation`` and ``label``
EDGES: dict[str, dict[str, type]] = {
    "PART_OF": {}, "LEAD": {"surface": str, "rule": str}, "SUPPORT": {"surface": str, "rule": str},
    "HAS_DEADLINE": {}, "HAS_TARGET": {}, "ABOUT": {},
    "CARRIES_OUT": {"score": float, "method": str, "rank": int, "share": float, "supported": bool},
    "REPORTS_ON": {"score": float, "method": str, "rank": int, "share": float, "supported": bool},
    "APPLIES": {"method": str, "score": float},
    "PASSED_BY": {}, "OWNED_BY": {}, "IN_PLACE": {}, "SUB_ORGANIZATION_OF": {}, "JURISDICTION": {}, "WITHIN": {},
}

# edge relation → (the type of its source, the type of its target): what the readers below produce
ENDS: dict[str, tuple[str, str]] = {
    "PART_OF": ("Measure", "Document"), "LEAD": ("Measure", "Agency"), "SUPPORT": ("Measure", "Agency"),
    "HAS_DEADLINE": ("Measure", "Deadline"), "HAS_TARGET": ("Measure", "Target"), "ABOUT": ("Measure", "Topic"),
    "CARRIES_OUT": ("Measure", "Measure"), "REPORTS_ON": ("Measure", "Measure"),
    "APPLIES": ("Document", "Document"), "PASSED_BY": ("Document", "Agency"), "OWNED_BY": ("Document", "Agency"),
    "IN_PLACE": ("Document", "Place"), "SUB_ORGANIZATION_OF": ("Agency", "Agency"),
    "JURISDICTION": ("Agency", "Place"), "WITHIN": ("Place", "Place"),
}

Node = tuple[str, dict]  # (id, attributes with ``type`` and ``label``)
Edge = tuple[str, str, dict]  # (source, target, attributes with ``relation`` and ``label``)


# ---------------------------------------------------------------- one named graph

class Graph:
    """One named graph's triples by subject: ``props[s][p]`` is the list of objects (IRIs and literals as
    strings, a language-tagged literal with its ``language``: ``store.parse_nquads``)."""

    def __init__(self, nquads: bytes, vocabulary: "Vocabulary"):
        self.vocabulary = vocabulary
        self.props = props = parse_nquads(nquads)
        self.typed: dict[str, list[str]] = {}
        for s, of in props.items():
            for t in of.get(TYPE, ()):
                self.typed.setdefault(t, []).append(s)

    def subjects_of(self, rdf_type: str) -> Iterator[tuple[str, dict]]:
        props = self.props
        for s in self.typed.get(rdf_type, ()):
            yield s, props[s]

    def one(self, of: dict, p: str, type_=str):
        """The first value of ``p`` as ``type_`` (an IRI as its string), or None."""
        values = of.get(p)
        if not values:
            return None
        return str(values[0]) if type_ is str else _convert(values[0], type_)

    def follow(self, of: dict, *path: str):
        """The first value at the end of a path of predicates within this graph (IRIs followed)."""
        for p in path[:-1]:
            values = of.get(p)
            if not values:
                return None
            of = self.props.get(values[0], {})
        return self.one(of, path[-1])

    def notation(self, of: dict, p: str) -> str | None:
        """The vocabulary's notation of the concept ``p`` points to (a level, a kind, a function…)."""
        iri = self.one(of, p)
        return self.vocabulary.notation.get(iri) if iri else None


def _convert(value: str, type_):
    if type_ is str:
        return str(value)  # a Tagged literal as plain text
    try:
        if type_ is bool:
            return value in ("true", "1")
        return type_(value)
    except (TypeError, ValueError):
        return None


class Vocabulary:
    """What the other graphs point to in the vocabulary graph: notations, and the Chinese label of each concept."""

    def __init__(self):
        self.notation: dict[str, str] = {}
        self.label: dict[str, str] = {}

    def learn(self, graph: Graph) -> None:
        for s, of in graph.props.items():
            if of.get(NOTATION):
                self.notation.setdefault(s, str(of[NOTATION][0]))
            zh = [str(t) for t in of.get(PREF_LABEL, ()) if getattr(t, "language", None) == "zh"]
            if zh:
                self.label.setdefault(s, zh[0])


# ---------------------------------------------------------------- nodes, one reader per type

def _documents(g: Graph) -> Iterator[Node]:
    for n, of in g.subjects_of(P.PolicyDocument):
        file = g.one(of, P.fileName)
        if file is None:
            continue
        yield n, {"type": "Document", "label": g.one(of, _DCT + "title") or file, "file": file,
                  "level": g.notation(of, P.level), "kind": g.notation(of, P.kind),
                  "date": g.one(of, E.date_document), "plan_year": g.one(of, P.planYear, int),
                  "number": g.one(of, E.number)}


def _measures(g: Graph) -> Iterator[Node]:
    for n, of in g.subjects_of(P.Measure):
        a = {"text": g.one(of, P.text), "measure_id": g.one(of, _DCT + "identifier"),
             "doc": g.follow(of, E.is_part_of, P.fileName), "order": g.one(of, P.order, int),
             "start": g.one(of, P.start, int), "end": g.one(of, P.end, int),
             "rule": g.one(of, P.rule)}
        if any(v is None for v in a.values()):
            continue
        text = a["text"]
        topics = sorted(filter(None, (g.vocabulary.notation.get(t) for t in of.get(_DCT + "subject", ()))))
        yield n, {"type": "Measure", "label": text[:30] + "…" if len(text) > 30 else text, **a,
                  "heading": g.one(of, P.heading), "topics": ";".join(topics)}


def _agencies(g: Graph) -> Iterator[Node]:
    for n, of in g.subjects_of(P.Agency):
        label = _label(of)
        if label is None:
            continue
        yield n, {"type": "Agency", "label": label, "function": g.notation(of, P.function),
                  "place": _label(g.props.get(g.one(of, P.jurisdiction) or "", {})),
                  "government": P.Government in of.get(TYPE, ())}


def _places(g: Graph) -> Iterator[Node]:
    for n, of in g.subjects_of(P.Place):
        label = _label(of)
        if label is not None:
            yield n, {"type": "Place", "label": label, "adcode": g.one(of, P.adcode),
                      "level": g.notation(of, P.level)}


def _topics(g: Graph) -> Iterator[Node]:
    used = {t for of in g.props.values() for t in of.get(_DCT + "subject", ())}
    for n in sorted(used):
        label, notation = g.vocabulary.label.get(n), g.vocabulary.notation.get(n)
        if label and notation:
            yield n, {"type": "Topic", "label": label, "notation": notation}


def _deadlines(g: Graph) -> Iterator[Node]:
    for n, of in g.subjects_of(P.Deadline):
        a = _span(g, of)
        if a is not None:
            yield n, {"type": "Deadline", **a, "due": g.one(of, str(TIME.inXSDDate)),
                      "recurrence": g.notation(of, P.recurrence)}


def _targets(g: Graph) -> Iterator[Node]:
    for n, of in g.subjects_of(P.Target):
        a = _span(g, of)
        more = {"comparator": g.one(of, P.comparator), "value": g.one(of, str(SCHEMA.value), float),
                "aspirational": g.one(of, P.aspirational, bool)}
        if a is None or any(v is None for v in more.values()):
            continue
        yield n, {"type": "Target", **a, **more, "indicator": g.one(of, P.indicator),
                  "unit": g.one(of, str(SCHEMA.unitText)), "year": g.one(of, P.year, int),
                  "baseline_year": g.one(of, P.baselineYear, int)}


def _span(g: Graph, of: dict) -> dict | None:
    """A deadline's or target's phrase (its label) and where the text says it; None if any is missing."""
    a = {"label": g.one(of, P.phrase), "start": g.one(of, P.start, int),
         "end": g.one(of, P.end, int), "rule": g.one(of, P.rule)}
    return None if any(v is None for v in a.values()) else a


def _label(of: dict) -> str | None:
    labels = of.get(PREF_LABEL, ())
    zh = [str(t) for t in labels if getattr(t, "language", None) == "zh"]
    return zh[0] if zh else (str(labels[0]) if labels else None)


NODE_READERS: dict[str, Callable[[Graph], Iterator[Node]]] = {
    "Document": _documents, "Measure": _measures, "Agency": _agencies, "Place": _places, "Topic": _topics,
    "Deadline": _deadlines, "Target": _targets}


# ---------------------------------------------------------------- edges, one reader per relation

def _pointing(subject_type: str | None, p: str) -> Callable[[Graph], Iterator[tuple[str, str, dict]]]:
    """Edges from every node (of ``subject_type``, if given) along the predicate ``p``."""
    def edges(g: Graph):
        subjects = g.subjects_of(subject_type) if subject_type else g.props.items()
        for s, of in subjects:
            for o in of.get(p, ()):
                yield s, o, {}
    return edges


def _roles(role: str):
    def edges(g: Graph):
        for s, of in g.props.items():
            for a in of.get(_PROV + "qualifiedAssociation", ()):
                assoc = g.props.get(a, {})
                if g.one(assoc, _PROV + "hadRole") != role or g.one(assoc, P.rule) is None:
                    continue
                for agent in assoc.get(_PROV + "agent", ()):
                    yield s, agent, {"surface": g.one(assoc, P.surface), "rule": g.one(assoc, P.rule)}
    return edges


def _audit_links(kind: str):
    def edges(g: Graph):
        for s, link, entity in _derivations(g, P.AuditLink):
            a = {"score": g.one(link, P.score, float), "method": g.one(link, P.method),
                 "rank": g.one(link, P.rank, int)}
            if g.one(link, P.linkKind) == kind and None not in a.values():
                for name, p, type_ in (("share", P.share, float), ("supported", P.supported, bool)):
                    value = g.one(link, p, type_)  # written by the trail's ranking; older stores lack them
                    if value is not None:
                        a[name] = value
                yield s, entity, a
    return edges


def _applies(g: Graph):
    for s, link, entity in _derivations(g, P.HierarchyLink):
        a = {"method": g.one(link, P.method), "score": g.one(link, P.score, float)}
        if g.one(link, P.distance, int) == 1 and None not in a.values():
            yield s, entity, a


def _derivations(g: Graph, link_type: str):
    """(subject, the link's properties, the entity it derives from) of every qualified derivation of a type."""
    for s, of in g.props.items():
        for d in of.get(_PROV + "qualifiedDerivation", ()):
            link = g.props.get(d, {})
            if link_type in link.get(TYPE, ()):
                for entity in link.get(_PROV + "entity", ()):
                    yield s, link, entity


EDGE_READERS: dict[str, Callable[[Graph], Iterator[tuple[str, str, dict]]]] = {
    "PART_OF": _pointing(P.Measure, E.is_part_of),
    "LEAD": _roles(P.LeadRole),
    "SUPPORT": _roles(P.SupportRole),
    "HAS_DEADLINE": _pointing(None, P.deadline),
    "HAS_TARGET": _pointing(None, P.target),
    "ABOUT": _pointing(P.Measure, _DCT + "subject"),
    "CARRIES_OUT": _audit_links(P.carriesOut),
    "REPORTS_ON": _audit_links(P.reportsOn),
    "APPLIES": _applies,
    "PASSED_BY": _pointing(P.PolicyDocument, E.passed_by),
    "OWNED_BY": _pointing(P.PolicyDocument, P.owner),
    "IN_PLACE": _pointing(P.PolicyDocument, _DCT + "spatial"),
    "SUB_ORGANIZATION_OF": _pointing(None, _ORG + "subOrganizationOf"),
    "JURISDICTION": _pointing(P.Agency, P.jurisdiction),
    "WITHIN": _pointing(P.Place, P.within),
}


# ---------------------------------------------------------------- the whole knowledge base

def graph_records(graph: Graph) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges one named graph declares (each once within it), attributes without empty values."""
    nodes, seen = [], set()
    for read in NODE_READERS.values():
        for n, attrs in read(graph):
            if n not in seen:
                seen.add(n)
                nodes.append((n, _clean(attrs)))
    edges, seen = [], set()
    for relation, read in EDGE_READERS.items():
        for s, o, attrs in read(graph):
            if (s, o, relation) not in seen:
                seen.add((s, o, relation))
                edges.append((s, o, {"relation": relation, "label": relation, **_clean(attrs)}))
    return nodes, edges


def agency_names(graph: Graph) -> set[tuple[str, str]]:
    """(name, agency) for every agency a measure of the graph names as its document writes it (市交通局)."""
    out = set()
    for of in graph.props.values():
        for name in of.get(P.agencyName, ()):
            for agent in of.get(_PROV + "agent", ()):
                out.add((str(name), agent))
    return out


def _clean(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def named_graphs(store, names=None, timebox: Timebox | None = None) -> Iterator[tuple[str, Graph]]:
    """The store's named graphs (or those of ``names``), one at a time, the vocabulary learned first."""
    timebox = timebox or Timebox()
    vocabulary = Vocabulary()
    held = store.graphs()
    if names is None:
        wanted = held
    else:
        names = set(names)
        wanted = [n for n in held if n in names]
    first = vocabulary_graph(store)
    if first in held:
        graph = Graph(store.graph_nquads(first), vocabulary)
        vocabulary.learn(graph)
        if first in wanted:
            yield first, graph
    for name in wanted:
        if name != first:
            timebox.check()
            yield name, Graph(store.graph_nquads(name), vocabulary)


def vocabulary_graph(store) -> str:
    """The name of the graph holding the vocabulary (read before the others)."""
    return str(Ids((getattr(store, "info", None) or {}).get("base_iri") or DEFAULT_BASE).ontology_graph())


class PropertyGraph:
    """The property graph of a store, streamed: iterate ``nodes()`` first, then ``edges()`` (see the module)."""

    def __init__(self, store, timebox: Timebox | None = None):
        self.store = store
        self.timebox = timebox or Timebox()
        self._spool = tempfile.TemporaryFile()
        self._ids = _IdFile()
        self._read = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._spool.close()
        self._ids.close()

    def nodes(self) -> Iterator[Node]:
        """Every node once, graph by graph (the vocabulary's first); the edges go to the spool meanwhile."""
        shared_edges: set[tuple[str, str, str]] = set()
        for _, graph in named_graphs(self.store, timebox=self.timebox):
            nodes, edges = graph_records(graph)
            known = self._ids.known(n for n, _ in nodes)
            fresh = [(n, attrs) for n, attrs in nodes if n not in known]
            self._ids.add(n for n, _ in fresh)
            yield from fresh
            shared = {n for n, a in nodes if a["type"] in SHARED}
            kept = []
            for s, o, attrs in edges:
                if s in shared:
                    key = (s, o, attrs["relation"])
                    if key in shared_edges:
                        continue
                    shared_edges.add(key)
                kept.append((s, o, attrs))
            pickle.dump(kept, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self._read = True

    def edges(self) -> Iterator[Edge]:
        """Every edge between two nodes once (after ``nodes()`` was read to the end)."""
        if not self._read:
            raise RuntimeError("read nodes() to the end before edges()")
        self._spool.seek(0)
        while True:
            self.timebox.check()
            try:
                batch = pickle.load(self._spool)
            except EOFError:
                return
            ids = self._ids.known(end for s, o, _ in batch for end in (s, o))
            for s, o, attrs in batch:
                if s in ids and o in ids:
                    yield s, o, attrs


class _IdFile:
    """A set of node ids in a temporary SQLite file (its cache a few MB): what a graph's records look up."""

    CHUNK = 500  # ids in one lookup (SQLite's limit on parameters is 32,766 since 3.32)

    def __init__(self):
        import sqlite3

        self._db = sqlite3.connect("", check_same_thread=False)  # "": a private file, deleted on close
        self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID")

    def add(self, ids: Iterable[str]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO ids VALUES (?)", ((n,) for n in ids))
        self._db.commit()

    def known(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` added before."""
        wanted, out = list(set(ids)), set()
        for i in range(0, len(wanted), self.CHUNK):
            chunk = wanted[i:i + self.CHUNK]
            out.update(n for (n,) in self._db.execute(
                f"SELECT id FROM ids WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def close(self) -> None:
        self._db.close()


def read(store, timebox: Timebox | None = None) -> PropertyGraph:
    """The property graph of ``store``, streamed (a context manager: it holds a temporary file)."""
    return PropertyGraph(store, timebox)
