"""The neighbourhood of one node of the property graph: what the graph view draws and downloads.

``neighbourhood(index, key, depth, place)`` finds the node ``key`` names in the
graph index (``kg.graph_index``: the property graph of ``kg.property_graph``
as a table) — an IRI, a measure id, a document's file name, an agency's name
as documents abbreviate it with ``place`` telling agencies of different places
apart, or any node's label — and returns ``(iri, subgraph)``: the nodes within
``depth`` edges of it, in either direction, with the edges among them, typed
as the full export types them.

A neighbourhood is walked breadth first, nearest nodes first, and holds at most
``MAX_NODES``: within two edges of a city's busiest agency lie most of the
city's documents, measures and agencies, which no page can draw and no reader
can follow. Past the cap, a hop keeps its nodes by type (documents, measures,
agencies, places, topics, deadlines, targets) and IRI, and the subgraph says
``truncated`` (``subgraph.graph["truncated"]``).

Each document and measure of the subgraph carries ``tier``, its depth in the
plan hierarchy (0 for a plan nothing above it; a measure has its document's),
so a viewer can lay the hierarchy out top-down.
"""
from __future__ import annotations

import json

from .property_graph import NODES
from .store import StoreError

MAX_DEPTH = 3
MAX_NODES = 1000
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


def neighbourhood(index, key: str, depth: int = 1, place: str | None = None, max_nodes: int = MAX_NODES):
    """(the IRI ``key`` names, the subgraph within ``depth`` edges of it as a networkx MultiDiGraph)."""
    import networkx as nx

    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be 1 to {MAX_DEPTH}")
    center = resolve(index, key, place)
    chosen, frontier, truncated = [center], [center], False
    seen = {center}
    for _ in range(depth):
        found = [n for n in _neighbours(index, frontier) if n not in seen]
        room = max_nodes - len(chosen)
        if len(found) > room:
            found, truncated = found[:room], True
        chosen += found
        seen.update(found)
        frontier = found
        if truncated or not found:
            break
    attrs = index.nodes(chosen)
    levels = tiers(index, chosen)
    sub = nx.MultiDiGraph(truncated=truncated)
    for n in chosen:
        a = attrs[n]
        if n in levels:
            a["tier"] = levels[n]
        sub.add_node(n, **a)
    for s, o, a in _edges_among(index, seen):
        sub.add_edge(s, o, key=a["relation"], **a)
    return center, sub


def _neighbours(index, frontier: list[str]) -> list[str]:
    """The nodes one edge away from any of ``frontier``, either way, by type and IRI (edges to no node left)."""
    ends: set[str] = set()
    for chunk in _chunks(frontier):
        marks = ",".join("?" * len(chunk))
        ends.update(n for (n,) in index.query(f"SELECT o FROM edges WHERE s IN ({marks}) "
                                              f"UNION SELECT s FROM edges WHERE o IN ({marks})", chunk + chunk))
    typed = []
    for chunk in _chunks(sorted(ends)):
        marks = ",".join("?" * len(chunk))
        typed += index.query(f"SELECT DISTINCT id, type FROM nodes WHERE id IN ({marks})", chunk)
    return [n for n, _ in sorted(typed, key=lambda r: (_TYPE_ORDER.get(r[1], 99), r[0]))]


def _edges_among(index, nodes: set[str]):
    """Every edge between two of ``nodes``, once (an edge's source declares it: its out-edges suffice)."""
    seen = set()
    for chunk in _chunks(sorted(nodes)):
        marks = ",".join("?" * len(chunk))
        for s, o, relation, attrs in index.query(
                f"SELECT s, o, relation, attrs FROM edges WHERE s IN ({marks}) ORDER BY rowid", chunk):
            if o in nodes and (s, o, relation) not in seen:
                seen.add((s, o, relation))
                yield s, o, json.loads(attrs)


def tiers(index, nodes) -> dict[str, int]:
    """Document and measure of ``nodes`` → depth in the plan hierarchy: the longest chain of APPLIES above it."""
    documents = index.derived("tiers", lambda: _document_tiers(index))
    out = {n: documents[n] for n in nodes if n in documents}
    rest = [n for n in nodes if n not in documents]
    for chunk in _chunks(rest):
        marks = ",".join("?" * len(chunk))
        for s, o in index.query(f"SELECT s, o FROM edges WHERE relation = 'PART_OF' AND s IN ({marks})", chunk):
            if o in documents:
                out[s] = documents[o]
    return out


def _document_tiers(index) -> dict[str, int]:
    docs = [n for (n,) in index.query("SELECT DISTINCT id FROM nodes WHERE type = 'Document'")]
    up: dict[str, list[str]] = {}
    for s, o in index.query("SELECT DISTINCT s, o FROM edges WHERE relation = 'APPLIES'"):
        up.setdefault(s, []).append(o)
    depth: dict[str, int] = {}

    def of(d: str, seen: frozenset) -> int:
        if d not in depth:
            above = [p for p in up.get(d, []) if p not in seen]
            depth[d] = 1 + max((of(p, seen | {d}) for p in above), default=-1)
        return depth[d]

    return {d: of(d, frozenset()) for d in docs}


def _one_place(key: str, candidates: dict[str, str | None], place: str | None) -> str:
    if place:
        here = sorted(n for n, p in candidates.items() if p == place)
        if here:
            return here[0]
    if len(candidates) == 1:
        return next(iter(candidates))
    places = "、".join(sorted({p or "?" for p in candidates.values()}))
    raise AmbiguousNode(f"{key} names agencies of several places ({places}): give place")


def _chunks(items: list, size: int = 400):
    for i in range(0, len(items), size):
        yield items[i:i + size]
