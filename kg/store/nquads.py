"""Triples as N-Quads text: written directly (what the store bulk-loads and mirrors), read back by subject, and
hashed the one way every backend agrees on.

rdflib terms in, UTF-8 bytes out, escaped as N-Quads asks; no backend needed,
so worker processes make it where the triples are made.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Iterable

from rdflib import BNode, Literal, URIRef

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"


class NQuadsError(ValueError):
    pass


_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _nt(term, cache: dict) -> str:
    if isinstance(term, URIRef):
        text = cache.get(term)
        if text is not None:
            return text
        iri = str(term)
        if _IRI_UNSAFE.search(iri):
            raise NQuadsError(f"not an IRI that N-Quads can carry: {iri!r}")
        text = cache[term] = f"<{iri}>"
        return text
    if isinstance(term, Literal):
        lexical = str(term).translate(_ESCAPE)
        if term.language:
            return f'"{lexical}"@{term.language}'
        dt = term.datatype
        if dt is None or str(dt) == _XSD_STRING:
            return f'"{lexical}"'
        return f'"{lexical}"^^{_nt(dt, cache)}'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def to_nquads(graph: URIRef, triples: Iterable[tuple]) -> bytes:
    """One named graph as N-Quads (what ``Writer.bulk`` loads; made where the triples are made)."""
    cache: dict = {}
    g = _nt(URIRef(str(graph)), cache)
    return "".join(f"{_nt(s, cache)} {_nt(p, cache)} {_nt(o, cache)} {g} .\n" for s, p, o in triples).encode("utf-8")


def _canonical(quad, ox):
    """A quad with its decimal written the one way stores keep it (the text written says ``4.0``, Oxigraph
    and Virtuoso store ``4``)."""
    o = quad.object
    if isinstance(o, ox.Literal) and o.datatype.value == _XSD + "decimal":
        try:
            text = format(Decimal(o.value).normalize(), "f")
        except ArithmeticError:
            return quad
        return ox.Quad(quad.subject, quad.predicate, ox.Literal(text, datatype=o.datatype), quad.graph_name)
    return quad


def content_hash(store) -> tuple[int, str]:
    """(quads, SHA-256 of the dataset): every named graph's quads, re-serialized one way and sorted, so two
    backends holding the same knowledge base give the same hash whatever escapes and decimal forms they use."""
    import pyoxigraph as ox  # here only: writing N-Quads (a build's workers) needs no backend

    digest, n = hashlib.sha256(), 0
    for graph in sorted(store.graphs()):
        lines = sorted({ox.serialize([_canonical(q, ox)], format=ox.RdfFormat.N_QUADS)
                        for q in ox.parse(store.graph_nquads(graph), format=ox.RdfFormat.N_QUADS)})
        n += len(lines)
        for line in lines:
            digest.update(line)
    return n, digest.hexdigest()


class Tagged(str):
    """A language-tagged literal's text, with its ``language``."""

    language: str


# one quad as the mirror files and the servers write them: IRIs, a literal plain, typed or tagged, a graph
_QUAD = re.compile(r'^<([^>\n]*)> <([^>\n]*)> (?:<([^>\n]*)>|"((?:[^"\\\n]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<[^>\n]*>)?)'
                   r' <[^>\n]*> \.\n', re.MULTILINE)
_ESCAPED = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if (m.group(1) or m.group(2))
                        else _ESCAPES.get(m.group(3), m.group(0)), text)


def parse_nquads(data: bytes) -> dict[str, dict[str, list[str]]]:
    """The triples of N-Quads text (``graph_nquads``) by subject and predicate: ``out[s][p]`` lists the
    objects, as strings (an IRI as itself, a literal as its text; a ``Tagged`` one with its ``language``).
    A regular expression reads the lines Oxigraph and ``kg.store.nquads`` write, in about half the time of
    pyoxigraph's terms; text it does not read whole (a blank node, an escaped IRI) goes to pyoxigraph."""
    text = data.decode("utf-8")
    out: dict[str, dict[str, list]] = {}
    n = 0
    for s, p, iri, literal, language in _QUAD.findall(text):
        n += 1
        if iri:
            o = iri
        else:
            o = _unescape(literal) if "\\" in literal else literal
            if language:
                o = Tagged(o)
                o.language = language.lower()
        of = out.get(s)
        if of is None:
            of = out[s] = {}
        values = of.get(p)
        if values is None:
            of[p] = [o]
        else:
            values.append(o)
    if n == text.count("\n"):
        return out
    return _parsed(data)


def _parsed(data: bytes) -> dict[str, dict[str, list[str]]]:
    import pyoxigraph as ox

    out: dict[str, dict[str, list]] = {}
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        o = q.object
        value = o.value
        if isinstance(o, ox.Literal) and o.language:
            value = Tagged(value)
            value.language = o.language
        out.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(value)
    return out
