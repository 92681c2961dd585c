"""Audit trails: from one measure up to the measures it carries out, at every level of the hierarchy.

``trace(store, ids, doc, contains)`` finds the measure of document ``doc``
whose text contains ``contains`` (whitespace ignored; the text as the file has
it or normalised) and returns the body of ``../shared/eval/CONTRACT.md``:
the measure, and its parents grouped by ancestor document, nearest document
first, best first within each.
"""
from __future__ import annotations

import re

from .ids import Ids
from .store import StoreError
from .vocab import LEVEL_OF

_WS = re.compile(r"\s+")


class MeasureNotFound(StoreError):
    """The document is not in the knowledge base, or none of its measures contains the text."""

    http_status = 404
    code = "not-found"


def _py(term):
    return term.toPython() if hasattr(term, "toPython") else term


def squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def find_measure(store, ids: Ids, doc: str, contains: str) -> dict:
    """The shortest measure of ``doc`` whose text contains ``contains``."""
    name = doc.rsplit("/", 1)[-1]
    d = ids.document(name)
    rows = store.query(f"""
        SELECT ?m ?id ?text ?src WHERE {{
          ?m eli:is_part_of <{d}> ; dcterms:identifier ?id ; pkg:text ?text .
          OPTIONAL {{ ?m pkg:sourceText ?src }}
        }}""")
    if not rows.rows:
        raise MeasureNotFound(f"{name} is not in the knowledge base (or has no measures)")
    wanted = {squash(contains), squash(_normalise(contains))} - {""}
    found = []
    for m, mid, text, src in rows:
        shown = str(src) if src is not None else str(text)
        if any(w in squash(shown) or w in squash(str(text)) for w in wanted):
            found.append((len(squash(shown)), str(m), str(mid), shown))
    if not found:
        raise MeasureNotFound(f"no measure of {name} contains {contains!r}")
    _, iri, mid, shown = min(found)
    return {"measure_id": mid, "doc": name, "text": shown, "iri": iri}


def parents(store, measure_iri: str) -> list[dict]:
    rows = store.query(f"""
        SELECT ?p ?pid ?ptext ?psrc ?pname ?plevel ?score ?method ?rank ?dist WHERE {{
          <{measure_iri}> prov:qualifiedDerivation ?l ; eli:is_part_of ?d .
          ?l a pkg:AuditLink ; prov:entity ?p ; pkg:score ?score ; pkg:method ?method ; pkg:rank ?rank .
          ?p eli:is_part_of ?pd ; dcterms:identifier ?pid ; pkg:text ?ptext .
          ?pd pkg:fileName ?pname .
          OPTIONAL {{ ?p pkg:sourceText ?psrc }}
          OPTIONAL {{ ?pd pkg:level ?plevel }}
          OPTIONAL {{ ?d prov:qualifiedDerivation ?h . ?h a pkg:HierarchyLink ; prov:entity ?pd ; pkg:distance ?dist }}
        }}""")
    out = []
    for p, pid, ptext, psrc, pname, plevel, score, method, rank, dist in rows:
        out.append({
            "measure_id": str(pid),
            "doc": str(pname),
            "text": str(psrc) if psrc is not None else str(ptext),
            "level": LEVEL_OF.get(str(plevel)) if plevel is not None else None,
            "score": float(_py(score)),
            "method": str(method),
            "rank": int(_py(rank)),
            "distance": int(_py(dist)) if dist is not None else None,
            "iri": str(p),
        })
    out.sort(key=lambda r: (r["distance"] or 99, r["doc"], r["rank"], -r["score"]))
    return out


def trace(store, ids: Ids, doc: str, contains: str) -> dict:
    measure = find_measure(store, ids, doc, contains)
    return {"measure": measure, "parents": parents(store, measure["iri"])}


def _normalise(text: str) -> str:
    """The query in the normalised script (a traditional-script anchor finds a simplified measure)."""
    try:
        from extract.normalize import normalize
    except ImportError:  # pragma: no cover
        return text
    return normalize(text).text
