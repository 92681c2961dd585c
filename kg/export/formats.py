"""Property graphs written as they come: GraphML (yEd), GEXF (Gephi), Cytoscape.js JSON, neo4j-admin CSV.

Each writer takes the nodes, then the edges, as iterables of ``(id, attributes)``
and ``(source, target, attributes)`` (``kg.export.graph.PropertyGraph`` streams
them from the store; ``write_graph`` hands over a networkx graph's) and writes
each as it comes, keeping nothing but the open files. The attribute columns
and their types are known before the first node (``columns``), so keys and
headers are written first. Every format reads back with networkx (GraphML,
GEXF) or Cytoscape.js; the CSV files follow ``neo4j-admin database import``.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from kg.cells import csv_text

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape")

Columns = dict[str, type]  # attribute name → its type (str, int, float, bool)


def columns(tables: dict[str, Columns], *first: str) -> Columns:
    """The attribute columns of every type of a table (``kg.export.graph.NODES`` or ``EDGES``), ``first`` first."""
    out: Columns = {name: str for name in first}
    for cols in tables.values():
        for name, type_ in cols.items():
            out.setdefault(name, type_)
    return out


def columns_of(items: Iterable[dict], *first: str) -> Columns:
    """The attribute columns of attribute dicts as they are (a networkx graph's), ``first`` first."""
    out: Columns = {name: str for name in first}
    for attrs in items:
        for name, value in attrs.items():
            out.setdefault(name, type(value))
    return out


def write(fmt: str, fh: BinaryIO, nodes, edges, node_columns: Columns, edge_columns: Columns) -> None:
    """Nodes, then edges, to ``fh`` as GraphML, GEXF or Cytoscape.js JSON."""
    {"graphml": write_graphml, "gexf": write_gexf, "cytoscape": write_cytoscape}[fmt](
        fh, nodes, edges, node_columns, edge_columns)


# ---------------------------------------------------------------- GraphML

_GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def write_graphml(fh: BinaryIO, nodes, edges, node_columns: Columns, edge_columns: Columns) -> None:
    out = _Buffered(fh)
    out.write("<?xml version='1.0' encoding='utf-8'?>\n"
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    node_keys = {name: name for name in node_columns}
    edge_keys = {name: (f"edge_{name}" if name in node_keys else name) for name in edge_columns}
    for scope, keys, cols in (("node", node_keys, node_columns), ("edge", edge_keys, edge_columns)):
        for name, key in keys.items():
            out.write(f'<key id={quoteattr(key)} for="{scope}" attr.name={quoteattr(name)} '
                      f'attr.type="{_GRAPHML_TYPES.get(cols[name], "string")}"/>\n')
    out.write('<graph edgedefault="directed">\n')
    node_tags = {name: f"<data key={quoteattr(key)}>" for name, key in node_keys.items()}
    edge_tags = {name: f"<data key={quoteattr(key)}>" for name, key in edge_keys.items()}
    for n, attrs in nodes:
        out.write(f"<node id={quoteattr(n)}>{_graphml_data(attrs, node_tags)}</node>\n")
    for i, (s, o, attrs) in enumerate(edges):
        out.write(f'<edge id="e{i}" source={quoteattr(s)} target={quoteattr(o)}>'
                  f"{_graphml_data(attrs, edge_tags)}</edge>\n")
    out.write("</graph>\n</graphml>\n")
    out.flush()


def _graphml_data(attrs: dict, tags: dict[str, str]) -> str:
    return "".join([tags[k] + _text(v) + "</data>" for k, v in attrs.items() if v is not None])


# what XML text and attribute values cannot hold as they are: escaped, and the control characters XML 1.0
# cannot carry at all (a PDF's text may hold them) dropped
_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                      "\t": "&#9;", **{chr(c): None for c in range(32) if c not in (9, 10, 13)}})


def _text(value) -> str:
    """A value as XML text (attribute values included: no quote or line break left)."""
    kind = value.__class__
    if kind is str:
        return value.translate(_XML)
    if kind is bool:
        return "true" if value else "false"
    return str(value).translate(_XML)


def quoteattr(value) -> str:
    return f'"{_text(value)}"'


# ---------------------------------------------------------------- GEXF

_GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def write_gexf(fh: BinaryIO, nodes, edges, node_columns: Columns, edge_columns: Columns) -> None:
    """GEXF 1.2; a node's and an edge's ``label`` are the element's label, the rest attribute values."""
    out = _Buffered(fh)
    out.write("<?xml version='1.0' encoding='utf-8'?>\n"
              '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
              '<meta><creator>policykg</creator></meta>\n'
              '<graph defaultedgetype="directed" mode="static">\n')
    ids = {}
    for scope, cols in (("node", node_columns), ("edge", edge_columns)):
        out.write(f'<attributes class="{scope}" mode="static">\n')
        for name, type_ in cols.items():
            if name == "label":
                continue
            ids[scope, name] = str(len(ids))
            out.write(f'<attribute id="{ids[scope, name]}" title={quoteattr(name)} '
                      f'type="{_GEXF_TYPES.get(type_, "string")}"/>\n')
        out.write("</attributes>\n")
    node_ids = {name: ids[("node", name)] for name in node_columns if ("node", name) in ids}
    edge_ids = {name: ids[("edge", name)] for name in edge_columns if ("edge", name) in ids}
    out.write("<nodes>\n")
    for n, attrs in nodes:
        out.write(f'<node id={quoteattr(n)} label={quoteattr(attrs.get("label", n))}>'
                  f"{_gexf_values(attrs, node_ids)}</node>\n")
    out.write("</nodes>\n<edges>\n")
    for i, (s, o, attrs) in enumerate(edges):
        label = f" label={quoteattr(attrs['label'])}" if "label" in attrs else ""
        out.write(f'<edge id="e{i}" source={quoteattr(s)} target={quoteattr(o)}{label}>'
                  f"{_gexf_values(attrs, edge_ids)}</edge>\n")
    out.write("</edges>\n</graph>\n</gexf>\n")
    out.flush()


def _gexf_values(attrs: dict, ids: dict[str, str]) -> str:
    values = "".join([f'<attvalue for="{ids[k]}" value="{_text(v)}"/>'
                      for k, v in attrs.items() if k in ids and v is not None])
    return f"<attvalues>{values}</attvalues>" if values else ""


# ---------------------------------------------------------------- Cytoscape.js

def write_cytoscape(fh: BinaryIO, nodes, edges, node_columns: Columns | None = None,
                    edge_columns: Columns | None = None) -> None:
    """Cytoscape.js elements: ``{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]}}``."""
    out = _Buffered(fh)
    out.write('{"format_version": "1.0", "generated_by": "policykg", "elements": {"nodes": [')
    for i, (n, attrs) in enumerate(nodes):
        out.write(("," if i else "") + json.dumps({"data": {"id": n, **attrs}}, ensure_ascii=False))
    out.write('], "edges": [')
    for i, (s, o, attrs) in enumerate(edges):
        out.write(("," if i else "") + json.dumps({"data": {"id": f"e{i}", "source": s, "target": o, **attrs}},
                                                  ensure_ascii=False))
    out.write("]}}")
    out.flush()


def cytoscape_elements(nodes, edges) -> dict:
    """The same as ``write_cytoscape``, as a dict (a small graph, with more keys beside it)."""
    return {"format_version": "1.0", "generated_by": "policykg", "elements": {
        "nodes": [{"data": {"id": n, **attrs}} for n, attrs in nodes],
        "edges": [{"data": {"id": f"e{i}", "source": s, "target": o, **attrs}} for i, (s, o, attrs) in enumerate(edges)]}}


class _Buffered:
    """Text pieces gathered and written to a binary stream as UTF-8 in blocks of about 1 MB."""

    def __init__(self, fh: BinaryIO, size: int = 1 << 20):
        self.fh, self.size, self.parts, self.n = fh, size, [], 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.n += len(text)
        if self.n >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.fh.write("".join(self.parts).encode("utf-8"))
            self.parts, self.n = [], 0


# ---------------------------------------------------------------- neo4j-admin CSV

_NEO4J_TYPES = {int: "int", float: "float", bool: "boolean", str: None}


def write_neo4j_csv(folder: Path, nodes, edges, node_tables: dict[str, Columns],
                    edge_tables: dict[str, Columns]) -> Path:
    """One CSV per node type and per relationship type, with ``neo4j-admin database import`` headers, and
    IMPORT.md with the command; a type with nothing to write has no file."""
    folder.mkdir(parents=True, exist_ok=True)
    with _CsvFiles(folder) as files:
        writers: dict[str, tuple] = {}
        for n, a in nodes:
            node_type = a["type"]
            w = writers.get(node_type)
            if w is None:
                cols = list(node_tables[node_type])
                w = writers[node_type] = (files.get(f"nodes_{node_type}.csv", ["id:ID", "label"] + [
                    _col(c, node_tables[node_type][c]) for c in cols] + [":LABEL"]).writerow, cols)
            w[0]([n, _cell(a["label"]), *[_cell(a.get(c)) for c in w[1]], node_type])
        node_files = list(files.names)
        writers = {}
        for s, o, a in edges:
            relation = a["relation"]
            w = writers.get(relation)
            if w is None:
                cols = list(edge_tables[relation])
                w = writers[relation] = (files.get(f"relationships_{relation}.csv", [":START_ID", ":END_ID", ":TYPE"] + [
                    _col(c, edge_tables[relation][c]) for c in cols]).writerow, cols)
            w[0]([s, o, relation, *[_cell(a.get(c)) for c in w[1]]])
        rel_files = [f for f in files.names if f not in node_files]
    order = {f"nodes_{t}.csv": i for i, t in enumerate(node_tables)}
    order.update({f"relationships_{t}.csv": i for i, t in enumerate(edge_tables)})
    command = (["neo4j-admin database import full"]
               + [f"--nodes=import/{f}" for f in sorted(node_files, key=order.get)]
               + [f"--relationships=import/{f}" for f in sorted(rel_files, key=order.get)] + ["neo4j"])
    (folder / "IMPORT.md").write_text(
        "Copy these files into the `import/` folder of a stopped Neo4j 5 and run:\n\n    "
        + " \\\n      ".join(command) + "\n", encoding="utf-8")
    return folder


class _CsvFiles:
    """CSV files opened as their first row comes, each with its header."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: list[str] = []
        self._open: dict[str, tuple] = {}

    def get(self, name: str, header: list[str]):
        if name not in self._open:
            fh = open(self.folder / name, "w", newline="", encoding="utf-8")
            w = csv.writer(fh)
            w.writerow(header)
            self._open[name] = (fh, w)
            self.names.append(name)
        return self._open[name][1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for fh, _ in self._open.values():
            fh.close()


def _col(name: str, type_) -> str:
    t = _NEO4J_TYPES.get(type_)
    return f"{name}:{t}" if t else name


def _cell(value):
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_text(value)  # never a formula when the file is opened in a spreadsheet
    return value
