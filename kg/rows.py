"""Measures as flat rows: what the search index stores and an answer shows.

A row carries the measure's own text as the document has it (``text``, the
script of the source, for quoting) and normalised (``text_norm``, simplified,
for matching), its agencies by role, deadlines, targets, topics, section and
character span, and the document's place, level, kind and year.
"""
from __future__ import annotations

import re

from extract.places import gazetteer
from extract.records import Document, DocumentMeta
from extract.segment import heading_of


def places_of(meta: DocumentMeta) -> list[str]:
    """The document's place and the places it lies in, most specific first (平湖市, 嘉兴市, 浙江省)."""
    out: list[str] = []
    if meta.jurisdiction:
        out.append(meta.jurisdiction)
        g = gazetteer()
        for place in g.lookup(meta.jurisdiction)[:1]:
            out += [p.name for p in g.ancestors(place)]
    for name in (meta.city, meta.province):
        if name and name not in out:
            out.append(name)
    if meta.level == "national" and "全国" not in out:
        out.append("全国")
    return out


def rows_of(doc: Document, meta: DocumentMeta | None = None, ids: dict[str, str] | None = None) -> list[dict]:
    """One row per measure. ``meta`` overrides the extracted metadata (a manifest entry); ``ids`` maps
    measure ids to the graph's IRIs."""
    meta = meta or doc.meta
    places = places_of(meta)
    rows = []
    sections: dict[tuple, list[str]] = {}
    for m in doc.measures:
        sections.setdefault(m.headings, []).append(m.text)
    for n, m in enumerate(doc.measures):
        raw = doc.raw_text(m.start, m.end).strip()
        rows.append({
            "id": (ids or {}).get(m.id, m.id),
            "measure_id": m.id,
            "doc": doc.name,
            "doc_title": meta.title,
            "jurisdiction": meta.jurisdiction,
            "places": places,
            "level": meta.level,
            "kind": meta.kind,
            "plan_year": meta.plan_year,
            "text": raw or m.text,
            "text_norm": m.text,
            "heading": m.heading,
            "headings": list(m.headings),
            # the section's other sentences: what a question may say about a task's setting
            "context": _context(sections.get(m.headings, []), m.text),
            "title_only": m.rule == "sentence.title" or _is_title(m.text, m.heading),
            "lead": [a.name for a in m.lead],
            "support": [a.name for a in m.support],
            "lead_rules": [a.rule for a in m.lead],
            "deadlines": [{"text": d.text, "due": d.due.isoformat() if d.due else None, "recurring": d.recurring}
                          for d in m.deadlines],
            "targets": [{"text": t.text, "indicator": t.indicator, "comparator": t.comparator, "value": t.value,
                         "unit": t.unit, "year": t.year, "baseline_year": t.baseline_year,
                         "aspirational": t.aspirational} for t in m.targets],
            "topics": list(m.topics),
            "start": m.start,
            "end": m.end,
            "ordinal": n,
        })
    return rows


def _context(texts: list[str], own: str, limit: int = 800) -> str:
    others = [t for t in texts if t != own]
    out, size = [], 0
    for t in others:
        if size + len(t) > limit:
            break
        out.append(t)
        size += len(t)
    return "".join(out)


def _is_title(text: str, heading: str | None) -> bool:
    """A measure that is only its item's title (一是打好治气攻坚战。): it names a task, sets nothing."""
    if not heading:
        return False
    h = heading_of(text)
    body = text[h[2]:] if h else text
    squash = lambda t: re.sub(r"[\s。.;；:：,，]", "", t)
    return squash(body) == squash(heading)
