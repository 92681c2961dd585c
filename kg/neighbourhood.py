"""The neighbourhood of one node of the property graph: what the graph view draws and downloads.

``neighbourhood(index, key, depth, place)`` finds the node ``key`` names in the
graph index (``kg.export.graph_index``: the property graph of ``kg.export.graph``
as a table) — an IRI, a measure id, a document's file name, an agency's name
as documents abbreviate it with ``place`` telling agencies of different places
apart, or any node's label — and returns ``(iri, subgraph)``: the nodes within
``depth`` edges of it, in either direction, with the edges among them, typed
as the full export types them.

A neighbourhood is walked breadth first and holds at most ``MAX_NODES``: within
two edges of a city's busiest agency lie most of the city's documents, measures
and agencies, which no page can draw and no reader can follow. A hop takes the
neighbours of the hop before's nodes in their order, each node's by type
(documents, measures, agencies, places, topics, deadlines, targets) and IRI,
until the cap; then the subgraph says ``truncated``. A hub's thousands of edges
are walked along the index only as far as the cap needs.

Each document and measure of the subgraph carries ``tier``, its depth in the
plan hierarchy (0 for a plan nothing above it; a measure has its document's),
so a viewer can lay the hierarchy out top-down.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from kg.export.graph import ENDS, NODES
from kg.export.graph_index import edge_attrs
from .store import StoreError

MAX_DEPTH = 3
MAX_NODES = 1000
HUB = 200  # a node with more edges than this is walked relation by relation (see _neighbours)
_TYPE_ORDER = {t: i for i, t in enumerate(NODES)}


class NodeNotFound(StoreError):
    """No node of the knowledge base answers to the key."""

    http_status = 404
    code = "not-found"


class AmbiguousNode(StoreError):
    """The key names agencies of several places and no place was given."""

    http_status = 400
    code = "ambiguous"


def resolve(index, key: str, place: str | None = None) -> str:
    """The IRI of the node ``key`` names (see the module's docstring for what a key may be)."""
    key = (key or "").strip()
    if index.query("SELECT 1 FROM nodes WHERE id = ? LIMIT 1", (key,)):
        return key
    named = index.query("SELECT id FROM nodes WHERE name = ? ORDER BY rowid LIMIT 1", (key,))  # measure id, file
    if named:
        return named[0][0]
    agencies = [a for (a,) in index.query("SELECT DISTINCT agency FROM names WHERE name = ?", (key,))]
    if agencies:
        found = index.nodes(agencies)
        return _one_place(key, {a: found.get(a, {}).get("place") for a in agencies}, place)
    labelled = [n for (n,) in index.query("SELECT DISTINCT id FROM nodes WHERE label = ?", (key,))]
    if labelled:
        found = index.nodes(labelled)
        return _one_place(key, {n: a.get("place") for n, a in found.items()}, place)
    raise NodeNotFound(f"no node {key!r} in the knowledge base")


@dataclass
class Subgraph:
    """A neighbourhood: its center, nodes ``(id, attributes)`` and edges ``(source, target, attributes)``."""

    center: str
    nodes: list[tuple[str, dict]]
    edges: list[tuple[str, str, dict]]
    truncated: bool

    def to_networkx(self):
        import networkx as nx

        g = nx.MultiDiGraph(truncated=self.truncated)
        g.add_nodes_from(self.nodes)
        g.add_edges_from((s, o, a["relation"], a) for s, o, a in self.edges)
        return g


def neighbourhood(index, key: str, depth: int = 1, place: str | None = None, max_nodes: int = MAX_NODES):
    """(the IRI ``key`` names, the subgraph within ``depth`` edges of it as a networkx MultiDiGraph)."""
    sub = walk(index, key, depth, place, max_nodes)
    return sub.center, sub.to_networkx()


def walk(index, key: str, depth: int = 1, place: str | None = None, max_nodes: int = MAX_NODES) -> Subgraph:
    """The subgraph within ``depth`` edges of the node ``key`` names, breadth first, at most ``max_nodes``."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be 1 to {MAX_DEPTH}")
    center = resolve(index, key, place)
    chosen, frontier, truncated = [center], [center], False
    seen = {center}
    for _ in range(depth):
        room = max_nodes - len(chosen)
        found = _hop(index, frontier, seen, room + 1)
        if len(found) > room:
            found, truncated = found[:room], True
        chosen += found
        seen.update(found)
        frontier = found
        if truncated or not found:
            break
    attrs = index.nodes(chosen)
    for n, tier in tiers(index, chosen, attrs).items():
        attrs[n]["tier"] = tier
    return Subgraph(center, [(n, attrs[n]) for n in chosen], _edges_among(index, chosen), truncated)


def _hop(index, frontier: list[str], seen: set[str], wanted: int) -> list[str]:
    """At most ``wanted`` nodes one edge away from ``frontier`` and not in ``seen``: the first frontier
    node's neighbours, by type and IRI, then the next one's, until there are enough."""
    out: list[str] = []
    got: set[str] = set()
    for node in frontier:
        if len(out) >= wanted:
            break
        limit = wanted - len(out) + len(seen) + len(got)  # enough to pass those known already
        (degree,), = index.query(f"""SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM edges WHERE s = ?1 LIMIT {HUB + 1}))
                                   + (SELECT COUNT(*) FROM (SELECT 1 FROM edges WHERE o = ?1 LIMIT {HUB + 1}))""",
                                 (node,))
        for n in (_around_hub(index, node, limit) if degree > HUB else _around(index, node, limit)):
            if n not in seen and n not in got:
                got.add(n)
                out.append(n)
    return out


_RANK = " ".join(f"WHEN '{t}' THEN {i}" for t, i in _TYPE_ORDER.items())


def _around(index, node: str, limit: int) -> list[str]:
    """The first ``limit`` nodes one edge from ``node``, either way, by type and IRI (edges to no node left)."""
    # one row of the node's type, not the hundreds an agency has (one per graph that declares it)
    return [n for (n, _) in index.query(f"""
        SELECT x.id, (SELECT n.type FROM nodes n WHERE n.id = x.id LIMIT 1) AS t
        FROM (SELECT o AS id FROM edges WHERE s = ?1 UNION SELECT s FROM edges WHERE o = ?1) x
        WHERE t IS NOT NULL ORDER BY CASE t {_RANK} ELSE 99 END, x.id LIMIT ?2""", (node, limit))]


def _around_hub(index, node: str, limit: int) -> list[str]:
    """The same for a hub (an agency, a place, a topic: thousands of edges at a city's size), walked
    relation by relation along the index, each walk stopped after ``limit`` neighbours by IRI (a relation
    joins one type to one type, ``ENDS``), and no type walked once ``limit`` nearer ones are found: a hub
    costs what the cap asks, not its degree."""
    (own,), = index.query("SELECT type FROM nodes WHERE id = ? LIMIT 1", (node,)) or [(None,)]
    walks = sorted((_TYPE_ORDER[ENDS[r][1] if near == "s" else ENDS[r][0]], r, near, far)
                   for r in ENDS for near, far in (("s", "o"), ("o", "s"))
                   if (ENDS[r][0] if near == "s" else ENDS[r][1]) == own)
    typed: list[tuple[int, str]] = []
    last = None
    for rank, relation, near, far in walks:
        if rank != last:
            last = rank
            if len(typed) >= limit:
                break  # the cap is full of nearer types
        typed += [(rank, n) for (n,) in index.query(f"""
            SELECT DISTINCT e.{far} FROM edges e WHERE e.{near} = ? AND e.relation = ?
            AND EXISTS (SELECT 1 FROM nodes n WHERE n.id = e.{far}) ORDER BY e.{far} LIMIT ?""",
            (node, relation, limit))]
    return [n for _, n in sorted(set(typed))][:limit]


def _edges_among(index, nodes) -> list[tuple[str, str, dict]]:
    """Every edge between two of ``nodes``, once (agencies and places declare theirs in every graph)."""
    return [(s, o, edge_attrs(relation, attrs)) for s, o, relation, attrs in index.query_chosen(nodes, """
        SELECT e.s, e.o, e.relation, MIN(e.attrs) FROM chosen a CROSS JOIN edges e ON e.s = a.id
        JOIN chosen b ON e.o = b.id GROUP BY e.s, e.o, e.relation ORDER BY MIN(e.rowid)""")]


def tiers(index, nodes, attrs: dict[str, dict] | None = None) -> dict[str, int]:
    """Document and measure of ``nodes`` → depth in the plan hierarchy: the longest chain of APPLIES above it
    (a measure has its document's; ``attrs``: the nodes' attributes, if read already)."""
    documents, by_file = index.derived("tiers", lambda: _document_tiers(index))
    attrs = attrs if attrs is not None else index.nodes(nodes)
    out = {}
    for n in nodes:
        if n in documents:
            out[n] = documents[n]
        elif attrs.get(n, {}).get("type") == "Measure" and attrs[n].get("doc") in by_file:
            out[n] = by_file[attrs[n]["doc"]]
    return out


def _document_tiers(index) -> tuple[dict[str, int], dict[str, int]]:
    """(document IRI → tier, document file name → tier) for every document of the table."""
    docs = {n: json.loads(a).get("file") for n, a in index.query(
        "SELECT id, attrs FROM nodes WHERE type = 'Document' GROUP BY id")}
    up: dict[str, list[str]] = {}
    for s, o in index.query_chosen(docs, "SELECT DISTINCT e.s, e.o FROM chosen c CROSS JOIN edges e "
                                         "ON e.s = c.id AND e.relation = 'APPLIES'"):
        up.setdefault(s, []).append(o)
    depth: dict[str, int] = {}

    def of(d: str, seen: frozenset) -> int:
        if d not in depth:
            above = [p for p in up.get(d, []) if p not in seen]
            depth[d] = 1 + max((of(p, seen | {d}) for p in above), default=-1)
        return depth[d]

    tier = {d: of(d, frozenset()) for d in docs}
    return tier, {file: tier[d] for d, file in docs.items() if file}


def _one_place(key: str, candidates: dict[str, str | None], place: str | None) -> str:
    if place:
        here = sorted(n for n, p in candidates.items() if p == place)
        if here:
            return here[0]
    if len(candidates) == 1:
        return next(iter(candidates))
    places = "、".join(sorted({p or "?" for p in candidates.values()}))
    raise AmbiguousNode(f"{key} names agencies of several places ({places}): give place")


