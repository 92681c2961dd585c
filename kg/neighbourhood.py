"""The neighbourhood of one node of the property graph: what the graph view draws and downloads.

``neighbourhood(g, store, key, depth, place)`` finds the node ``key`` names in
``export.property_graph`` (an IRI, a measure id, a document's file name, an
agency's name as documents abbreviate it with ``place`` telling agencies of
different places apart, or any node's label) and returns ``(iri, subgraph)``:
every node within ``depth`` edges of it, in either direction, with the edges
among them, typed as the full export types them. Each document and measure of
the subgraph carries ``tier``, its depth in the plan hierarchy (0 for a plan
nothing above it; a measure has its document's), so a viewer can lay the
hierarchy out top-down.
"""
from __future__ import annotations

from rdflib import Literal

from .store import StoreError

MAX_DEPTH = 3


class NodeNotFound(StoreError):
    """No node of the knowledge base answers to the key."""

    http_status = 404
    code = "not-found"


class AmbiguousNode(StoreError):
    """The key names agencies of several places and no place was given."""

    http_status = 400
    code = "ambiguous"


def resolve(g, store, key: str, place: str | None = None) -> str:
    """The IRI of the node ``key`` names (see the module's docstring for what a key may be)."""
    key = (key or "").strip()
    if key in g:
        return key
    for attr in ("measure_id", "file"):
        found = [n for n, a in g.nodes(data=True) if a.get(attr) == key]
        if found:
            return found[0]
    agencies = _agencies_named(store, key)
    if agencies:
        return _one_place(key, agencies, place)
    labelled = {n: a.get("place") for n, a in g.nodes(data=True) if a.get("label") == key}
    if labelled:
        return _one_place(key, labelled, place)
    raise NodeNotFound(f"no node {key!r} in the knowledge base")


def neighbourhood(g, store, key: str, depth: int = 1, place: str | None = None):
    """(the IRI ``key`` names, a copy of the subgraph within ``depth`` edges of it, ``tier`` set)."""
    import networkx as nx

    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be 1 to {MAX_DEPTH}")
    center = resolve(g, store, key, place)
    nodes = nx.ego_graph(g, center, radius=depth, undirected=True).nodes
    sub = g.subgraph(nodes).copy()
    levels = tiers(g)
    for n, a in sub.nodes(data=True):
        if n in levels:
            a["tier"] = levels[n]
    return center, sub


def tiers(g) -> dict[str, int]:
    """Document and measure → depth in the plan hierarchy: the longest chain of APPLIES links above it."""
    docs = [n for n, a in g.nodes(data=True) if a.get("type") == "Document"]
    up = {d: [o for _, o, a in g.out_edges(d, data=True) if a.get("relation") == "APPLIES"] for d in docs}
    depth: dict[str, int] = {}

    def of(d: str, seen: frozenset) -> int:
        if d not in depth:
            above = [p for p in up.get(d, []) if p not in seen]
            depth[d] = 1 + max((of(p, seen | {d}) for p in above), default=-1)
        return depth[d]

    out = {d: of(d, frozenset()) for d in docs}
    for s, o, a in g.edges(data=True):
        if a.get("relation") == "PART_OF" and o in out:
            out[s] = out[o]
    return out


def _agencies_named(store, name: str) -> dict[str, str | None]:
    """Agencies that documents call ``name`` (pkg:agencyName) → the place each belongs to."""
    rows = store.query(f"""
        SELECT DISTINCT ?a ?place WHERE {{
          ?q pkg:agencyName {Literal(name).n3()} ; prov:agent ?a .
          OPTIONAL {{ ?a pkg:jurisdiction/skos:prefLabel ?place }}
        }}""")
    return {str(a): (str(p) if p is not None else None) for a, p in rows}


def _one_place(key: str, candidates: dict[str, str | None], place: str | None) -> str:
    if place:
        here = sorted(n for n, p in candidates.items() if p == place)
        if here:
            return here[0]
    if len(candidates) == 1:
        return next(iter(candidates))
    places = "、".join(sorted({p or "?" for p in candidates.values()}))
    raise AmbiguousNode(f"{key} names agencies of several places ({places}): give place")
