"""The extraction pipeline: file → text → normalised text → structure → metadata → measures.

``extract_file`` and ``extract_text`` are the library entry points; the
``Resources`` (agency registry, topic scheme) come in from the caller, who
knows where ``ontology/`` lives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .attribution import AgencyContext, AttributionParser
from .errors import NotPolicyText
from .load import DEFAULT_MAX_BYTES, load
from .measures import DocContext, MeasureBuilder
from .meta import only_year, read_meta
from .normalize import normalize
from .records import Document, DocumentMeta, Segment, to_plain
from .registry import Registry, load_registry
from .segment import segment
from .topics import TopicTagger, load_topics


@dataclass(frozen=True)
class Resources:
    registry: Registry
    topics: TopicTagger

    @classmethod
    def from_dir(cls, ontology_dir: str | Path) -> "Resources":
        d = Path(ontology_dir)
        return cls(load_registry(d / "agencies.toml"), load_topics(d / "topics.toml"))


def extract_text(raw: str, name: str, res: Resources, fmt: str = "txt", encoding: str | None = None,
                 overrides: dict | None = None) -> Document:
    """Records from text already loaded. ``overrides`` (a manifest entry) replaces inferred metadata."""
    tt = normalize(raw)
    text = tt.text
    blocks = segment(text, res.registry.function_pattern)
    found = read_meta(text, res.registry)
    meta = found.meta
    if overrides:
        meta = replace(meta, **{k: v for k, v in overrides.items() if hasattr(meta, k) and v is not None})
    agency_ctx = AgencyContext(res.registry, found.default_prefix, found.own_places)
    dated = meta.date.year if overrides and overrides.get("date") and meta.date else found.dated_year
    year = meta.plan_year or dated or only_year(text)
    ctx = DocContext(name=name, stem=Path(name).stem, plan_year=meta.plan_year, year=year, kind=meta.kind,
                     owner=meta.owner, parser=AttributionParser(agency_ctx), topics=res.topics)
    measures = MeasureBuilder(text, ctx).run(blocks)
    segments = tuple(Segment(kind=b.kind, level=b.level, start=b.start, end=b.end, marker=b.marker) for b in blocks)
    offsets = None if tt.is_identity() else tuple(tt.offsets)
    return Document(name=name, format=fmt, raw=raw, text=text, offsets=offsets, meta=meta, segments=segments,
                    measures=tuple(measures), encoding=encoding)


def extract_file(path: str | Path, res: Resources, max_bytes: int = DEFAULT_MAX_BYTES,
                 data: bytes | None = None, name: str | None = None, overrides: dict | None = None) -> Document:
    loaded = load(path, max_bytes=max_bytes, data=data)
    doc_name = name or Path(path).name
    doc = extract_text(loaded.text, doc_name, res, fmt=loaded.format, encoding=loaded.encoding, overrides=overrides)
    if not doc.measures and not doc.meta.title and _cjk_share(doc.text) < 0.2:
        raise NotPolicyText(doc_name, "no policy content found (no measures, no title)")
    return doc


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    return len(re.findall(r"[\u4e00-\u9fff]", sample)) / max(1, len(sample))


def agency_json(ref) -> dict:
    return {"name": ref.name, "surface": ref.surface, "key": ref.key, "level": ref.level, "rule": ref.rule,
            "start": ref.start, "end": ref.end}


def meta_json(meta: DocumentMeta) -> dict:
    out = to_plain(meta)
    out["cites"] = list(meta.cites)
    return out


def to_contract(doc: Document) -> dict:
    """The JSON of ``policykg extract --json`` (../shared/eval/CONTRACT.md), with extra fields."""
    measures = []
    for m in doc.measures:
        measures.append({
            "id": m.id,
            "text": doc.raw_text(m.start, m.end).strip(),
            "text_normalized": m.text,
            "heading": m.heading,
            "headings": list(m.headings),
            # the agencies the text writes as leading; the document's owner (meta.owner), which leads a measure
            # that names none, is said apart, as SCHEMA.md has it
            "lead": [agency_json(a) for a in m.lead if a.rule != "owner"],
            "owned_by": next((a.name for a in m.lead if a.rule == "owner"), None),
            "support": [agency_json(a) for a in m.support],
            "deadlines": [{"text": d.text, "due": d.due.isoformat() if d.due else None, "recurring": d.recurring,
                           "start": d.start, "end": d.end, "rule": d.rule} for d in m.deadlines],
            "targets": [{"text": t.text, "indicator": t.indicator, "comparator": t.comparator, "value": t.value,
                         "unit": t.unit, "year": t.year, "baseline_year": t.baseline_year,
                         "aspirational": t.aspirational, "start": t.start, "end": t.end, "rule": t.rule}
                        for t in m.targets],
            "topics": list(m.topics),
            "entities": list(m.entities),
            "start": m.start,
            "end": m.end,
            "rule": m.rule,
        })
    return {"doc": doc.name, "format": doc.format, "encoding": doc.encoding, "meta": meta_json(doc.meta),
            "measures": measures}
