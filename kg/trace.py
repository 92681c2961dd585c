"""Audit trails: from one measure up to the measures it carries out, at every level of the hierarchy.

``trace(store, ids, doc, contains)`` finds the measure of document ``doc``
whose text contains ``contains`` (whitespace ignored; the text as the file has
it or normalised) and returns the body of ``../shared/eval/CONTRACT.md``, the
traced measure first:

- ``parents``: the goals it carries out, grouped by ancestor document (nearest
  first), best first within each. A link is shown only when it is supported
  (the two share a term, a target or enough words: ``kg/build/links.py``) and scores at
  least ``min_share`` of the best link to the same document; the others are
  ``folded`` away, each with ``why`` (``thin``: one ordinary word in common;
  ``weak``: far below the best).
- ``ancestors``: every document above, with what the trail found there (a
  ``note`` where no goal of it carries the measure out) and, where its place
  does not hold the measure's (a parent in another province, as a manifest may
  place it), an ``unusual`` remark.
- ``notice``: said when no goal above carries the measure out.

``min_share`` is calibrated on the labelled trails (the project's gold, both
development sets and ``tests/kg/data/chains``): the largest share that folds
none of their right links.
"""
from __future__ import annotations

import re

from .build.catalog import places
from .ids import Ids
from .jurisdiction import unusual
from .store import StoreError
from .vocab import KIND_OF, LEVEL_OF

_WS = re.compile(r"\s+")
MIN_SHARE = 0.4
NO_GOAL = "上级文件中没有目标与这条措施相符"
NO_PARENT_DOC = "知识库中没有这份文件的上级文件"


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


def links(store, measure_iri: str) -> list[dict]:
    """Every audit link from the measure, with its ancestor document and distance, nearest document first."""
    rows = store.query(f"""
        SELECT ?p ?pid ?ptext ?psrc ?pname ?plevel ?score ?method ?rank ?share ?supported ?evidence ?dist WHERE {{
          <{measure_iri}> prov:qualifiedDerivation ?l ; eli:is_part_of ?d .
          ?l a pkg:AuditLink ; prov:entity ?p ; pkg:score ?score ; pkg:method ?method ; pkg:rank ?rank .
          ?p eli:is_part_of ?pd ; dcterms:identifier ?pid ; pkg:text ?ptext .
          ?pd pkg:fileName ?pname .
          OPTIONAL {{ ?l pkg:share ?share }} OPTIONAL {{ ?l pkg:supported ?supported }}
          OPTIONAL {{ ?l pkg:evidence ?evidence }}
          OPTIONAL {{ ?p pkg:sourceText ?psrc }}
          OPTIONAL {{ ?pd pkg:level ?plevel }}
          OPTIONAL {{ ?d prov:qualifiedDerivation ?h . ?h a pkg:HierarchyLink ; prov:entity ?pd ; pkg:distance ?dist }}
        }}""")
    out = []
    for p, pid, ptext, psrc, pname, plevel, score, method, rank, share, supported, evidence, dist in rows:
        link = {
            "measure_id": str(pid),
            "doc": str(pname),
            "text": str(psrc) if psrc is not None else str(ptext),
            "level": LEVEL_OF.get(str(plevel)) if plevel is not None else None,
            "score": float(_py(score)),
            "share": float(_py(share)) if share is not None else 1.0,
            "supported": bool(_py(supported)) if supported is not None else True,
            "evidence": str(evidence) if evidence is not None else "",
            "method": str(method),
            "rank": int(_py(rank)),
            "distance": int(_py(dist)) if dist is not None else 99,
            "iri": str(p),
        }
        if link["level"] is None:
            del link["level"]
        out.append(link)
    out.sort(key=lambda r: (r["distance"], r["doc"], r["rank"], -r["score"]))
    return out


def shown(link: dict, min_share: float = MIN_SHARE) -> bool:
    """Whether a trail shows the link: supported, and not far below the best link to the same document."""
    return link["supported"] and link["share"] >= min_share


def parents(store, measure_iri: str, min_share: float = MIN_SHARE) -> list[dict]:
    """The links a trail shows, nearest document first, best first within each."""
    return [link for link in links(store, measure_iri) if shown(link, min_share)]


def ancestors(store, ids: Ids, doc: str) -> list[dict]:
    """Every document above ``doc``: title, level, kind, distance, how it came to be above, where it is of."""
    d = ids.document(doc)
    rows = store.query(f"""
        SELECT ?pname ?dist ?via ?title ?level ?kind WHERE {{
          <{d}> prov:qualifiedDerivation ?h . ?h a pkg:HierarchyLink ; prov:entity ?pd ; pkg:distance ?dist ;
             pkg:method ?via .
          ?pd pkg:fileName ?pname .
          OPTIONAL {{ ?pd dcterms:title ?title }} OPTIONAL {{ ?pd pkg:level ?level }} OPTIONAL {{ ?pd pkg:kind ?kind }}
        }}""")
    out: dict[str, dict] = {}
    for pname, dist, via, title, level, kind in rows:
        entry = {"doc": str(pname), "title": str(title) if title is not None else str(pname),
                 "level": LEVEL_OF.get(str(level)) if level is not None else None,
                 "kind": KIND_OF.get(str(kind)) if kind is not None else None,
                 "distance": int(_py(dist)), "via": str(via)}
        out.setdefault(entry["doc"], {k: v for k, v in entry.items() if v is not None})
    return sorted(out.values(), key=lambda a: (a["distance"], a["doc"]))


def trace(store, ids: Ids, doc: str, contains: str, min_share: float = MIN_SHARE) -> dict:
    measure = find_measure(store, ids, doc, contains)
    every = links(store, measure["iri"])
    above = ancestors(store, ids, measure["doc"])
    where = places(store, ids, [measure["doc"]] + [a["doc"] for a in above]) if above else {}
    shown_links, folded = [], []
    for link in every:
        if shown(link, min_share):
            shown_links.append(link)
        else:
            folded.append({**link, "why": "thin" if not link["supported"] else "weak"})
    for a in above:
        a["shown"] = sum(1 for p in shown_links if p["doc"] == a["doc"])
        a["folded"] = sum(1 for p in folded if p["doc"] == a["doc"])
        if not a["shown"]:
            a["note"] = NO_GOAL
        remark = unusual(where.get(measure["doc"], (False, None)), where.get(a["doc"], (False, None)))
        if remark:
            a["unusual"] = remark
    body = {"measure": measure, "parents": shown_links, "folded": folded, "ancestors": above}
    if not shown_links:
        body["notice"] = NO_GOAL if above else NO_PARENT_DOC
    return body


def _normalise(text: str) -> str:
    """The query in the normalised script (a traditional-script anchor finds a simplified measure)."""
    try:
        from extract.normalize import normalize
    except ImportError:  # pragma: no cover
        return text
    return normalize(text).text
