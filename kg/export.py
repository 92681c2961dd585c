"""Exports of the knowledge base for the tools analysts already use.

``export(store, fmt, out)``:

- ``ttl``, ``nt``, ``jsonld``: the union of all graphs, as RDF (rdflib parses
  each back isomorphic);
- ``graphml`` (yEd), ``gexf`` (Gephi), ``cytoscape`` (Cytoscape.js JSON),
  ``neo4j-csv`` (a folder of CSV files in ``neo4j-admin database import``
  header format): the property-graph view of ``property_graph``, where
  documents, measures, agencies, places, topics, deadlines and targets are
  nodes with a ``type`` and a Chinese ``label`` and scalar attributes, and
  the relations between them are edges with a ``relation`` (GEXF reserves an
  edge's ``type``).

The property graph is read over SPARQL, so it works on any store backend.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import BinaryIO

from rdflib import Literal

RDF_FORMATS = ("ttl", "nt", "jsonld")
FORMATS = RDF_FORMATS + ("graphml", "gexf", "cytoscape", "neo4j-csv")
SUFFIX = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml", "gexf": ".gexf",
          "cytoscape": ".cyjs.json", "neo4j-csv": ""}


class ExportError(Exception):
    pass


# ---------------------------------------------------------------- the property graph

# (node type, SPARQL returning ?n ?label and attribute columns); attribute types are fixed per column
NODES = {
    "Document": ("""SELECT ?n ?label ?file ?level ?kind ?date ?plan_year ?number WHERE {
        ?n a pkg:PolicyDocument ; pkg:fileName ?file . OPTIONAL { ?n dcterms:title ?title }
        BIND(COALESCE(?title, ?file) AS ?label)
        OPTIONAL { ?n pkg:level/skos:notation ?level } OPTIONAL { ?n pkg:kind/skos:notation ?kind }
        OPTIONAL { ?n eli:date_document ?d } BIND(STR(?d) AS ?date)
        OPTIONAL { ?n pkg:planYear ?plan_year } OPTIONAL { ?n eli:number ?number } }""",
                 {"file": str, "level": str, "kind": str, "date": str, "plan_year": int, "number": str}),
    "Measure": ("""SELECT ?n ?label ?text ?measure_id ?doc ?order ?heading ?start ?end ?rule ?topics WHERE {
        { SELECT ?n (GROUP_CONCAT(?tn; separator=";") AS ?topics) WHERE {
            ?n a pkg:Measure . OPTIONAL { ?n dcterms:subject/skos:notation ?tn } } GROUP BY ?n }
        ?n pkg:text ?text ; dcterms:identifier ?measure_id ; pkg:order ?order ; pkg:start ?start ; pkg:end ?end ;
           pkg:rule ?rule ; eli:is_part_of/pkg:fileName ?doc .
        OPTIONAL { ?n pkg:heading ?heading }
        BIND(IF(STRLEN(?text) > 30, CONCAT(SUBSTR(?text, 1, 30), "…"), ?text) AS ?label) }""",
                {"text": str, "measure_id": str, "doc": str, "order": int, "heading": str, "start": int, "end": int,
                 "rule": str, "topics": str}),
    "Agency": ("""SELECT ?n ?label ?function ?place ?government WHERE {
        ?n a pkg:Agency ; skos:prefLabel ?label .
        OPTIONAL { ?n pkg:function/skos:notation ?function } OPTIONAL { ?n pkg:jurisdiction/skos:prefLabel ?place }
        BIND(EXISTS { ?n a pkg:Government } AS ?government) }""",
               {"function": str, "place": str, "government": bool}),
    "Place": ("""SELECT ?n ?label ?adcode ?level WHERE {
        ?n a pkg:Place ; skos:prefLabel ?label . OPTIONAL { ?n pkg:adcode ?adcode }
        OPTIONAL { ?n pkg:level/skos:notation ?level } }""", {"adcode": str, "level": str}),
    "Topic": ("""SELECT DISTINCT ?n ?label ?notation WHERE {
        ?m dcterms:subject ?n . ?n skos:prefLabel ?label ; skos:notation ?notation . FILTER(LANG(?label) = "zh") }""",
              {"notation": str}),
    "Deadline": ("""SELECT ?n ?label ?due ?recurrence ?start ?end ?rule WHERE {
        ?n a pkg:Deadline ; pkg:phrase ?label ; pkg:start ?start ; pkg:end ?end ; pkg:rule ?rule .
        OPTIONAL { ?n time:inXSDDate ?d } BIND(STR(?d) AS ?due) OPTIONAL { ?n pkg:recurrence/skos:notation ?recurrence } }""",
                 {"due": str, "recurrence": str, "start": int, "end": int, "rule": str}),
    "Target": ("""SELECT ?n ?label ?indicator ?comparator ?value ?unit ?year ?baseline_year ?aspirational ?start ?end ?rule WHERE {
        ?n a pkg:Target ; pkg:phrase ?label ; pkg:comparator ?comparator ; schema:value ?value ;
           pkg:aspirational ?aspirational ; pkg:start ?start ; pkg:end ?end ; pkg:rule ?rule .
        OPTIONAL { ?n pkg:indicator ?indicator } OPTIONAL { ?n schema:unitText ?unit }
        OPTIONAL { ?n pkg:year ?year } OPTIONAL { ?n pkg:baselineYear ?baseline_year } }""",
               {"indicator": str, "comparator": str, "value": float, "unit": str, "year": int, "baseline_year": int,
                "aspirational": bool, "start": int, "end": int, "rule": str}),
}

# (edge type, SPARQL returning ?s ?o and attribute columns)
EDGES = {
    "PART_OF": ("SELECT ?s ?o WHERE { ?s a pkg:Measure ; eli:is_part_of ?o }", {}),
    "LEAD": ("""SELECT ?s ?o ?surface ?rule WHERE { ?s prov:qualifiedAssociation ?a .
        ?a prov:hadRole pkg:LeadRole ; prov:agent ?o ; pkg:rule ?rule . OPTIONAL { ?a pkg:surface ?surface } }""",
             {"surface": str, "rule": str}),
    "SUPPORT": ("""SELECT ?s ?o ?surface ?rule WHERE { ?s prov:qualifiedAssociation ?a .
        ?a prov:hadRole pkg:SupportRole ; prov:agent ?o ; pkg:rule ?rule . OPTIONAL { ?a pkg:surface ?surface } }""",
                {"surface": str, "rule": str}),
    "HAS_DEADLINE": ("SELECT ?s ?o WHERE { ?s pkg:deadline ?o }", {}),
    "HAS_TARGET": ("SELECT ?s ?o WHERE { ?s pkg:target ?o }", {}),
    "ABOUT": ("SELECT ?s ?o WHERE { ?s a pkg:Measure ; dcterms:subject ?o }", {}),
    "CARRIES_OUT": ("""SELECT ?s ?o ?score ?method ?rank ?share ?supported WHERE { ?s prov:qualifiedDerivation ?l .
        ?l a pkg:AuditLink ; prov:entity ?o ; pkg:score ?score ; pkg:method ?method ; pkg:rank ?rank ;
           pkg:linkKind pkg:carriesOut OPTIONAL { ?l pkg:share ?share } OPTIONAL { ?l pkg:supported ?supported } }""",
        {"score": float, "method": str, "rank": int, "share": float, "supported": bool}),
    "REPORTS_ON": ("""SELECT ?s ?o ?score ?method ?rank ?share ?supported WHERE { ?s prov:qualifiedDerivation ?l .
        ?l a pkg:AuditLink ; prov:entity ?o ; pkg:score ?score ; pkg:method ?method ; pkg:rank ?rank ;
           pkg:linkKind pkg:reportsOn OPTIONAL { ?l pkg:share ?share } OPTIONAL { ?l pkg:supported ?supported } }""",
        {"score": float, "method": str, "rank": int, "share": float, "supported": bool}),
    "APPLIES": ("""SELECT ?s ?o ?method ?score WHERE { ?s prov:qualifiedDerivation ?h .
        ?h a pkg:HierarchyLink ; prov:entity ?o ; pkg:distance 1 ; pkg:method ?method ; pkg:score ?score }""",
                {"method": str, "score": float}),
    "PASSED_BY": ("SELECT ?s ?o WHERE { ?s a pkg:PolicyDocument ; eli:passed_by ?o }", {}),
    "OWNED_BY": ("SELECT ?s ?o WHERE { ?s a pkg:PolicyDocument ; pkg:owner ?o }", {}),
    "IN_PLACE": ("SELECT ?s ?o WHERE { ?s a pkg:PolicyDocument ; dcterms:spatial ?o }", {}),
    "SUB_ORGANIZATION_OF": ("SELECT DISTINCT ?s ?o WHERE { ?s org:subOrganizationOf ?o }", {}),
    "JURISDICTION": ("SELECT DISTINCT ?s ?o WHERE { ?s a pkg:Agency ; pkg:jurisdiction ?o }", {}),
    "WITHIN": ("SELECT DISTINCT ?s ?o WHERE { ?s a pkg:Place ; pkg:within ?o }", {}),
}


def _value(term, type_):
    if term is None:
        return None
    value = term.toPython() if isinstance(term, Literal) else term
    if type_ is bool:
        return bool(value) if not isinstance(value, str) else value == "true"
    try:
        return type_(value)
    except (TypeError, ValueError):
        return None


def property_graph(store):
    """The knowledge base as a networkx MultiDiGraph of typed nodes and typed edges with scalar attributes."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for node_type, (sparql, columns) in NODES.items():
        rows = store.query(sparql)
        for row in rows.dicts():
            n = str(row["n"])
            if n in g:
                continue
            attrs = {"type": node_type, "label": str(row["label"])}
            for col, type_ in columns.items():
                v = _value(row.get(col), type_)
                if v is not None and v != "":
                    attrs[col] = v
            g.add_node(n, **attrs)
    for edge_type, (sparql, columns) in EDGES.items():
        seen = set()
        for row in store.query(sparql).dicts():
            s, o = str(row["s"]), str(row["o"])
            if s not in g or o not in g or (s, o) in seen:
                continue
            seen.add((s, o))
            attrs = {"relation": edge_type, "label": edge_type}
            for col, type_ in columns.items():
                v = _value(row.get(col), type_)
                if v is not None and v != "":
                    attrs[col] = v
            g.add_edge(s, o, key=edge_type, **attrs)
    return g


# ---------------------------------------------------------------- writers

def export(store, fmt: str, out: str | Path | BinaryIO | None = None) -> bytes | Path | None:
    """Write the knowledge base in ``fmt`` to ``out`` (a path, a binary stream; None: return the bytes).

    ``neo4j-csv`` writes a folder of CSV files and needs a path.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "neo4j-csv":
        if out is None or not isinstance(out, (str, Path)):
            raise ExportError("neo4j-csv writes a folder of CSV files: give --out FOLDER")
        return write_neo4j_csv(property_graph(store), Path(out))
    if isinstance(out, (str, Path)):
        with open(out, "wb") as fh:
            _export_stream(store, fmt, fh)
        return Path(out)
    if out is None:
        buf = io.BytesIO()
        _export_stream(store, fmt, buf)
        return buf.getvalue()
    _export_stream(store, fmt, out)
    return None


def _export_stream(store, fmt: str, fh: BinaryIO) -> None:
    if fmt in RDF_FORMATS:
        store.export(fh, fmt)
        return
    write_graph(property_graph(store), fmt, fh)


GRAPH_FORMATS = ("graphml", "gexf", "cytoscape")


def write_graph(g, fmt: str, fh: BinaryIO) -> None:
    """A property graph (the whole export, or part of it) as GraphML, GEXF or Cytoscape.js JSON."""
    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise ExportError(f"unknown graph format {fmt!r}: choose one of {', '.join(GRAPH_FORMATS)}")
    if fmt == "graphml":
        nx.write_graphml(g, fh, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(g, fh)
    elif fmt == "cytoscape":
        fh.write(json.dumps(cytoscape_json(g), ensure_ascii=False).encode("utf-8"))


def cytoscape_json(g) -> dict:
    """Cytoscape.js elements: ``{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]}}``."""
    nodes = [{"data": {"id": n, **attrs}} for n, attrs in g.nodes(data=True)]
    edges = []
    for i, (s, o, key, attrs) in enumerate(g.edges(keys=True, data=True)):
        edges.append({"data": {"id": f"e{i}", "source": s, "target": o, **attrs}})
    return {"format_version": "1.0", "generated_by": "policykg", "elements": {"nodes": nodes, "edges": edges}}


_NEO4J_TYPES = {int: "int", float: "float", bool: "boolean", str: None}


def write_neo4j_csv(g, folder: Path) -> Path:
    """One CSV per node label and per relationship type, with ``neo4j-admin database import`` headers."""
    folder.mkdir(parents=True, exist_ok=True)
    node_files, rel_files = [], []
    for node_type, (_, columns) in NODES.items():
        rows = [(n, a) for n, a in g.nodes(data=True) if a.get("type") == node_type]
        if not rows:
            continue
        path = folder / f"nodes_{node_type}.csv"
        header = ["id:ID", "label"] + [_col(c, t) for c, t in columns.items()] + [":LABEL"]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for n, a in rows:
                w.writerow([n, a["label"]] + [_cell(a.get(c)) for c in columns] + [node_type])
        node_files.append(path.name)
    for edge_type, (_, columns) in EDGES.items():
        rows = [(s, o, a) for s, o, a in g.edges(data=True) if a.get("relation") == edge_type]
        if not rows:
            continue
        path = folder / f"relationships_{edge_type}.csv"
        header = [":START_ID", ":END_ID", ":TYPE"] + [_col(c, t) for c, t in columns.items()]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for s, o, a in rows:
                w.writerow([s, o, edge_type] + [_cell(a.get(c)) for c in columns])
        rel_files.append(path.name)
    command = ["neo4j-admin database import full"] + [f"--nodes=import/{f}" for f in node_files] + \
              [f"--relationships=import/{f}" for f in rel_files] + ["neo4j"]
    (folder / "IMPORT.md").write_text(
        "Copy these files into the `import/` folder of a stopped Neo4j 5 and run:\n\n    "
        + " \\\n      ".join(command) + "\n", encoding="utf-8")
    return folder


def _col(name: str, type_) -> str:
    t = _NEO4J_TYPES.get(type_)
    return f"{name}:{t}" if t else name


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
