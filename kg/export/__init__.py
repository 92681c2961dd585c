"""Exports of the knowledge base for the tools analysts already use.

``export(store, fmt, out, timebox)``:

- ``ttl``, ``nt``, ``jsonld``: the union of all graphs, as RDF (rdflib parses
  each back isomorphic);
- ``graphml`` (yEd), ``gexf`` (Gephi), ``cytoscape`` (Cytoscape.js JSON),
  ``neo4j-csv`` (a folder of CSV files in ``neo4j-admin database import``
  header format): the property graph of ``kg.export.graph``, where
  documents, measures, agencies, places, topics, deadlines and targets are
  nodes with a ``type`` and a Chinese ``label`` and scalar attributes, and
  the relations between them are edges with a ``relation`` (GEXF reserves an
  edge's ``type``).

Every format streams: the property graph is read one named graph at a time
and written as it is read (``kg.export.formats``), the RDF formats are
serialized from the store's graphs as they are read, so an export's time and
memory follow the quads. A ``Timebox`` stops an export past its time or when
nobody waits for it any more.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from kg.timebox import Timebox
from . import formats
from .formats import GRAPH_FORMATS, columns, columns_of
from .graph import EDGES, NODES, read

RDF_FORMATS = ("ttl", "nt", "jsonld")
FORMATS = RDF_FORMATS + ("graphml", "gexf", "cytoscape", "neo4j-csv")
SUFFIX = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml", "gexf": ".gexf",
          "cytoscape": ".cyjs.json", "neo4j-csv": ""}
NODE_COLUMNS = columns(NODES, "type", "label")
EDGE_COLUMNS = columns(EDGES, "relation", "label")


class ExportError(Exception):
    pass


def property_graph(store, timebox: Timebox | None = None):
    """The knowledge base as a networkx MultiDiGraph of typed nodes and typed edges with scalar attributes
    (the whole graph in memory: for analysis; the exports stream instead)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    with read(store, timebox) as pg:
        g.add_nodes_from(pg.nodes())
        for s, o, attrs in pg.edges():
            g.add_edge(s, o, key=attrs["relation"], **attrs)
    return g


# ---------------------------------------------------------------- writers

def export(store, fmt: str, out: str | Path | BinaryIO | None = None,
           timebox: Timebox | None = None) -> bytes | Path | None:
    """Write the knowledge base in ``fmt`` to ``out`` (a path, a binary stream; None: return the bytes).

    ``neo4j-csv`` writes a folder of CSV files and needs a path.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    timebox = timebox or Timebox()
    if fmt == "neo4j-csv":
        if out is None or not isinstance(out, (str, Path)):
            raise ExportError("neo4j-csv writes a folder of CSV files: give --out FOLDER")
        with read(store, timebox) as pg:
            return formats.write_neo4j_csv(Path(out), pg.nodes(), pg.edges(), NODES, EDGES)
    if isinstance(out, (str, Path)):
        with open(out, "wb") as fh:
            _export_stream(store, fmt, fh, timebox)
        return Path(out)
    if out is None:
        buf = io.BytesIO()
        _export_stream(store, fmt, buf, timebox)
        return buf.getvalue()
    _export_stream(store, fmt, out, timebox)
    return None


def _export_stream(store, fmt: str, fh: BinaryIO, timebox: Timebox) -> None:
    if fmt in RDF_FORMATS:
        store.export(_Checked(fh, timebox), fmt)
        return
    with read(store, timebox) as pg:
        formats.write(fmt, fh, pg.nodes(), pg.edges(), NODE_COLUMNS, EDGE_COLUMNS)


class _Checked:
    """A binary stream that checks a timebox before each write (the RDF serializers write in blocks)."""

    def __init__(self, fh: BinaryIO, timebox: Timebox):
        self.fh, self.timebox = fh, timebox

    def write(self, data) -> int:
        self.timebox.check()
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()


def write_graph(g, fmt: str, fh: BinaryIO) -> None:
    """A networkx property graph (the whole export, or part of it) as GraphML, GEXF or Cytoscape.js JSON."""
    write_records(list(g.nodes(data=True)), [(s, o, a) for s, o, a in g.edges(data=True)], fmt, fh)


def write_records(nodes: list, edges: list, fmt: str, fh: BinaryIO) -> None:
    """Nodes ``(id, attributes)`` and edges ``(source, target, attributes)`` as GraphML, GEXF or Cytoscape.js JSON."""
    if fmt not in GRAPH_FORMATS:
        raise ExportError(f"unknown graph format {fmt!r}: choose one of {', '.join(GRAPH_FORMATS)}")
    formats.write(fmt, fh, nodes, edges, columns_of((a for _, a in nodes), "type", "label"),
                        columns_of((a for _, _, a in edges), "relation", "label"))


def cytoscape_json(g) -> dict:
    """Cytoscape.js elements of a networkx graph: ``{"elements": {"nodes": [{"data": …}], "edges": […]}}``."""
    return formats.cytoscape_elements(g.nodes(data=True), g.edges(data=True))
