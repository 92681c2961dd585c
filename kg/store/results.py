"""SPARQL results between pyoxigraph and the rest of ``kg``: RDF terms both ways, SELECT rows as Python
values (``Rows``), and the result formats the SPARQL endpoint sends (JSON, XML, CSV, TSV; Turtle, N-Triples,
JSON-LD, RDF/XML for graphs). Both store backends (``kg.store.embedded``, ``kg.store.server``) read their results here."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.vocab import PREFIXES


@dataclass(frozen=True)
class Rows:
    """The result of a SELECT: variable names and rows of values (see ``_value``; None where unbound)."""

    variables: tuple[str, ...]
    rows: list[tuple]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def dicts(self) -> list[dict]:
        return [dict(zip(self.variables, r)) for r in self.rows]


def _to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NATIVE = {
    _XSD + "string": str,
    _XSD + "integer": int,
    _XSD + "int": int,
    _XSD + "long": int,
    _XSD + "decimal": Decimal,
    _XSD + "double": float,
    _XSD + "float": float,
    _XSD + "boolean": lambda v: v in ("true", "1"),
    _XSD + "date": date.fromisoformat,
}


def _from_ox(term):
    """An RDF term as an rdflib term (for triples)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


_NamedNode, _Literal, _new_str = ox.NamedNode, ox.Literal, str.__new__
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _value(term):
    """A SELECT value: IRIs as rdflib URIRef, literals as Python values (str, int, Decimal, float, bool, date);
    a language-tagged string or an unusual datatype as an rdflib Literal."""
    kind = type(term)
    if kind is _NamedNode:
        return _new_str(URIRef, term.value)  # the store's IRIs are valid: skip rdflib's check (a hot path)
    if kind is _Literal:
        dt = term.datatype.value
        convert = _NATIVE.get(dt)
        if convert is not None:
            try:
                return convert(term.value)
            except (ValueError, ArithmeticError):
                pass
        if dt == _LANG_STRING:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(dt))
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


def _rows(result) -> Rows | bool | list:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        value = _value
        return Rows(names, [tuple([value(v) for v in s]) for s in result])
    return [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result]


# ---------------------------------------------------------------- the embedded store


def _serialize(raw, form: str, fmt: str, row_limit: int) -> tuple[bytes, bool]:
    """SPARQL results as the endpoint sends them, at most ``row_limit`` rows (the result is lazy: a
    runaway query stops at the limit)."""
    if form == "ask":
        value = bool(raw)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": value}).encode(), False
        if fmt == "xml":
            return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                    f"<boolean>{'true' if value else 'false'}</boolean></sparql>").encode(), False
        return ("true\n" if value else "false\n").encode(), False
    if form in ("construct", "describe"):
        triples, truncated = [], False
        for t in raw:
            if len(triples) >= row_limit:
                truncated = True
                break
            triples.append(t)
        rdf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        return ox.serialize(triples, format=rdf, prefixes=PREFIXES if fmt in ("ttl", "jsonld") else None), truncated
    variables = [v.value for v in raw.variables]
    rows, truncated = [], False
    for solution in raw:
        if len(rows) >= row_limit:
            truncated = True
            break
        rows.append([solution[v] for v in variables])
    return _solutions(variables, rows, fmt), truncated


def _term_json(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _solutions(variables: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{v: _term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f'<variable name="{escape(v)}"/>' for v in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            for v, t in zip(variables, row):
                if t is None:
                    continue
                j = _term_json(t)
                if j["type"] == "uri":
                    inner = f"<uri>{escape(j['value'])}</uri>"
                elif j["type"] == "bnode":
                    inner = f"<bnode>{escape(j['value'])}</bnode>"
                else:
                    attrs = ""
                    if "xml:lang" in j:
                        attrs = f' xml:lang="{escape(j["xml:lang"])}"'
                    elif "datatype" in j:
                        attrs = f' datatype="{escape(j["datatype"])}"'
                    inner = f"<literal{attrs}>{escape(j['value'])}</literal>"
                parts.append(f'<binding name="{escape(v)}">{inner}</binding>')
            parts.append("</result>")
        parts.append("</results></sparql>")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        from kg.cells import csv_text

        def cell(t):
            if t is None:
                return ""
            value = csv_text(_term_json(t)["value"])  # never a formula in a spreadsheet (kg/cells.py)
            return '"' + value.replace('"', '""') + '"' if re.search(r'[",\n\r]', value) else value
        lines = [",".join(variables)] + [",".join(cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    # tsv: terms in SPARQL syntax
    def tsv(t):
        if t is None:
            return ""
        j = _term_json(t)
        if j["type"] == "uri":
            return f"<{j['value']}>"
        if j["type"] == "bnode":
            return f"_:{j['value']}"
        value = j["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        if "xml:lang" in j:
            return f'"{value}"@{j["xml:lang"]}'
        if "datatype" in j:
            return f'"{value}"^^<{j["datatype"]}>'
        return f'"{value}"'
    lines = ["\t".join("?" + v for v in variables)] + ["\t".join(tsv(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
