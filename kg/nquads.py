"""Triples as N-Quads text, written directly (what the store bulk-loads and mirrors).

rdflib terms in, UTF-8 bytes out, escaped as N-Quads asks; no backend needed,
so worker processes make it where the triples are made.
"""
from __future__ import annotations

import re
from typing import Iterable

from rdflib import BNode, Literal, URIRef

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
