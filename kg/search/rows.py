"""Measures as flat rows: what the search index stores and an answer shows.

``rows_of`` makes them from extracted records, ``rows_from_store`` from the
graph a store holds (the index follows the store, so replicas pointed at one
SPARQL server build the same index).

A row carries the measure's own text as the document has it (``text``, the
script of the source, for quoting) and normalised (``text_norm``, simplified,
for matching), its agencies by role (the names as written, and the bodies they
resolved to: ``lead_agents``, ``support_agents``), deadlines, targets, topics,
section and character span, and the document's place, level, kind and year.
"""
from __future__ import annotations

import re
from typing import TypedDict

from extract.places import gazetteer
from extract.records import Document, DocumentMeta
from extract.segment import heading_of

from kg.vocab import LEVEL_OF, sparql_string


class Deadline(TypedDict):
    text: str
    due: str | None  # ISO date
    recurring: str | None  # yearly, quarterly, monthly


class Target(TypedDict):
    text: str
    indicator: str | None
    comparator: str | None
    value: float | None
    unit: str | None
    year: int | None
    baseline_year: int | None
    aspirational: bool


class Row(TypedDict, total=False):
    """One measure as the index keeps it and an answer shows it: what ``rows_of`` makes from records and
    ``rows_from_store`` from a graph (those two agree field for field: ``tests/kg/search/test_rows.py``)."""

    id: str  # the measure's IRI (its local id before it has one)
    measure_id: str  # the extractor's id (001_a4dc09f2c6a77e08-005)
    doc: str  # the document's file name
    doc_title: str | None
    jurisdiction: str | None  # the document's place
    places: list[str]  # that place and the places it lies in, most specific first
    level: str | None  # national, province, city, county, township
    kind: str | None  # plan, annual-plan, task-breakdown, progress-report
    plan_year: int | None
    text: str  # as the document has it, for quoting
    text_norm: str  # normalised (simplified script), for matching
    heading: str | None
    headings: list[str]  # the section path
    context: str  # the section's other sentences (indexed, never shown)
    title_only: bool  # only its item's title: names a task, sets nothing
    lead: list[str]  # agencies as written, in the order written
    support: list[str]
    lead_agents: list[str]  # the bodies they resolved to (IRIs; from the store)
    support_agents: list[str]
    lead_rules: list[str]  # the extraction rule behind each lead
    rule: str  # the extraction rule behind the measure (from the store)
    deadlines: list[Deadline]
    targets: list[Target]
    topics: list[str]
    start: int  # character span in the document's text
    end: int
    ordinal: int  # position in the document


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


def rows_of(doc: Document, meta: DocumentMeta | None = None, ids: dict[str, str] | None = None) -> list[Row]:
    """One row per measure. ``meta`` overrides the extracted metadata (a manifest entry); ``ids`` maps
    measure ids to the graph's IRIs."""
    meta = meta or doc.meta
    places = places_of(meta)
    rows = []
    sections: dict[tuple, list[str]] = {}
    for m in doc.measures:
        sections.setdefault(m.headings, []).append(m.text)
    for n, m in enumerate(doc.measures):
        raw = display_text(doc.raw_text(m.start, m.end))
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


_BREAK = re.compile(r"[ \t]*\n[\s]*")


def display_text(text: str) -> str:
    """The source text for display: the line breaks a page layout left joined up (between Chinese
    characters nothing, between Latin words a space); table cells stay on their own lines."""
    def join(m: re.Match) -> str:
        before = m.string[m.start() - 1] if m.start() else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        if "\t" in m.group(0):
            return "\n"
        return " " if before.isascii() and after.isascii() and before.isalnum() and after.isalnum() else ""
    return _BREAK.sub(join, text.strip())


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


_KIND = {"Plan": "plan", "AnnualPlan": "annual-plan", "TaskBreakdown": "task-breakdown",
         "ProgressReport": "progress-report"}
_RECUR = {"Yearly": "yearly", "Quarterly": "quarterly", "Monthly": "monthly"}


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _s(v):
    return None if v is None else str(v)


def rows_from_store(store, docs: list[str] | None = None) -> dict[str, list[Row]]:
    """Every measure the store holds, as rows grouped by document file name (``docs``: only these)."""
    if docs is not None and not docs:
        return {}
    docs_info = _documents_info(store, docs)
    if not docs_info:
        return {}
    scope = "VALUES ?d { " + " ".join(f"<{d}>" for d in docs_info) + " }"
    by_m = {_s(r["m"]): _measure_row(r, docs_info[_s(r["d"])]) for r in store.query(_MEASURES.format(scope=scope)).dicts()}
    _fill_agencies(by_m, store.query(_ROLES.format(scope=scope)).dicts())
    _fill_deadlines(by_m, store.query(_DEADLINES.format(scope=scope)).dicts())
    _fill_targets(by_m, store.query(_TARGETS.format(scope=scope)).dicts())
    for r in sorted(store.query(_TOPICS.format(scope=scope)).dicts(), key=lambda r: (_s(r["m"]), _s(r["t"]))):
        row = by_m.get(_s(r["m"]))
        if row is not None:
            row["topics"].append(_local(r["t"]))
    return _grouped(by_m, docs_info)


def _documents_info(store, docs: list[str] | None) -> dict[str, dict]:
    """Document IRI → what its rows carry of it (file name, title, level, kind, year, place and the places above)."""
    only = ""
    if docs is not None:
        only = "VALUES ?fname { " + " ".join(sparql_string(d) for d in docs) + " }"
    doc_rows = store.query(f"""
        SELECT ?d ?fname ?title ?level ?kind ?year ?place WHERE {{
          {only}
          ?d a pkg:PolicyDocument ; pkg:fileName ?fname .
          OPTIONAL {{ ?d dcterms:title ?title }} OPTIONAL {{ ?d pkg:level ?level }}
          OPTIONAL {{ ?d pkg:kind ?kind }} OPTIONAL {{ ?d pkg:planYear ?year }}
          OPTIONAL {{ ?d dcterms:spatial ?place }}
        }}""").dicts()
    places = place_chains(store)
    docs_info = {}
    for r in doc_rows:
        chain = places.get(_s(r["place"]), [])
        docs_info[_s(r["d"])] = {
            "doc": _s(r["fname"]), "doc_title": _s(r["title"]),
            "level": LEVEL_OF.get(_s(r["level"])) if r["level"] else None,
            "kind": _KIND.get(_local(r["kind"])) if r["kind"] else None,
            "plan_year": int(r["year"]) if r["year"] is not None else None,
            "jurisdiction": chain[0] if chain and chain[0] != "中华人民共和国" else ("全国" if chain else None),
            "places": [p if p != "中华人民共和国" else "全国" for p in chain],
        }
    return docs_info


_MEASURES = """
        SELECT ?m ?d ?id ?order ?text ?src ?heading ?section ?start ?end ?rule WHERE {{
          {scope}
          ?m a pkg:Measure ; eli:is_part_of ?d ; dcterms:identifier ?id ; pkg:order ?order ; pkg:text ?text .
          OPTIONAL {{ ?m pkg:sourceText ?src }} OPTIONAL {{ ?m pkg:heading ?heading }}
          OPTIONAL {{ ?m pkg:section ?section }} OPTIONAL {{ ?m pkg:start ?start }}
          OPTIONAL {{ ?m pkg:end ?end }} OPTIONAL {{ ?m pkg:rule ?rule }}
        }}"""
_ROLES = """
        SELECT ?m ?role ?agent ?name ?n ?start WHERE {{
          {scope}
          ?m eli:is_part_of ?d ; prov:qualifiedAssociation ?a .
          ?a prov:hadRole ?role ; prov:agent ?agent .
          OPTIONAL {{ ?a pkg:agencyName ?name }} OPTIONAL {{ ?agent skos:prefLabel ?label }}
          OPTIONAL {{ ?a pkg:start ?start }}
          BIND(COALESCE(?name, STR(?label)) AS ?n)
        }}"""
_DEADLINES = """
        SELECT ?m ?x ?phrase ?due ?rec ?start WHERE {{
          {scope}
          ?m eli:is_part_of ?d ; pkg:deadline ?x . ?x pkg:phrase ?phrase .
          OPTIONAL {{ ?x time:inXSDDate ?due }} OPTIONAL {{ ?x pkg:recurrence ?rec }} OPTIONAL {{ ?x pkg:start ?start }}
        }}"""
_TARGETS = """
        SELECT ?m ?x ?phrase ?indicator ?cmp ?value ?unit ?year ?base ?asp ?start WHERE {{
          {scope}
          ?m eli:is_part_of ?d ; pkg:target ?x . ?x pkg:phrase ?phrase .
          OPTIONAL {{ ?x pkg:indicator ?indicator }} OPTIONAL {{ ?x pkg:comparator ?cmp }}
          OPTIONAL {{ ?x schema:value ?value }} OPTIONAL {{ ?x schema:unitText ?unit }}
          OPTIONAL {{ ?x pkg:year ?year }} OPTIONAL {{ ?x pkg:baselineYear ?base }}
          OPTIONAL {{ ?x pkg:aspirational ?asp }} OPTIONAL {{ ?x pkg:start ?start }}
        }}"""
_TOPICS = """
        SELECT ?m ?t WHERE {{ {scope} ?m eli:is_part_of ?d ; dcterms:subject ?t . }}"""


def _measure_row(r: dict, info: dict) -> dict:
    headings = _s(r["section"]).split(" › ") if r["section"] else ([_s(r["heading"])] if r["heading"] else [])
    return {
        "id": _s(r["m"]), "measure_id": _s(r["id"]), **{k: info[k] for k in ("doc", "doc_title", "jurisdiction",
                                                                              "places", "level", "kind", "plan_year")},
        "text": display_text(_s(r["src"]) or _s(r["text"])), "text_norm": _s(r["text"]), "heading": _s(r["heading"]),
        "headings": headings, "lead": [], "support": [], "lead_agents": [], "support_agents": [],
        "lead_rules": [], "deadlines": [], "targets": [],
        "topics": [], "start": r["start"], "end": r["end"], "ordinal": int(r["order"]),
        "rule": _s(r["rule"]),
    }


def _fill_agencies(by_m: dict[str, dict], roles: list[dict]) -> None:
    """Agencies in the order the text names them (the first lead is the one in charge), as rows_of has them."""
    for r in sorted(roles, key=lambda r: (_s(r["m"]), _s(r["role"]), r["start"] if r["start"] is not None else 1 << 62,
                                          _s(r["n"]) or "")):
        row = by_m.get(_s(r["m"]))
        if row is None or r["n"] is None:
            continue
        key = "lead" if _local(r["role"]) == "LeadRole" else "support"
        if _s(r["n"]) not in row[key]:
            row[key].append(_s(r["n"]))
        if _s(r["agent"]) not in row[key + "_agents"]:
            row[key + "_agents"].append(_s(r["agent"]))


def _fill_deadlines(by_m: dict[str, dict], deadlines: list[dict]) -> None:
    for r in sorted(deadlines, key=lambda r: (r["start"] or 0, _s(r["x"]))):
        row = by_m.get(_s(r["m"]))
        if row is not None:
            row["deadlines"].append({"text": _s(r["phrase"]), "due": r["due"].isoformat() if r["due"] else None,
                                     "recurring": _RECUR.get(_local(r["rec"])) if r["rec"] else None})


def _fill_targets(by_m: dict[str, dict], targets: list[dict]) -> None:
    for r in sorted(targets, key=lambda r: (r["start"] or 0, _s(r["x"]))):
        row = by_m.get(_s(r["m"]))
        if row is not None:
            value = r["value"]
            value = int(value) if value is not None and float(value).is_integer() else (float(value) if value is not None else None)
            row["targets"].append({"text": _s(r["phrase"]), "indicator": _s(r["indicator"]), "comparator": _s(r["cmp"]),
                                   "value": value, "unit": _s(r["unit"]) or "", "year": r["year"],
                                   "baseline_year": r["base"], "aspirational": bool(r["asp"])})


def _grouped(by_m: dict[str, dict], docs_info: dict[str, dict]) -> dict[str, list[dict]]:
    """Rows by document in the text's order, each with its section's context and whether it is only a title."""
    grouped: dict[str, list[dict]] = {info["doc"]: [] for info in docs_info.values()}
    for row in by_m.values():
        grouped[row["doc"]].append(row)
    for rows in grouped.values():
        rows.sort(key=lambda r: r["ordinal"])
        sections: dict[tuple, list[str]] = {}
        for r in rows:
            sections.setdefault(tuple(r["headings"]), []).append(r["text_norm"])
        for r in rows:
            r["context"] = _context(sections[tuple(r["headings"])], r["text_norm"])
            r["title_only"] = r.get("rule") == "sentence.title" or _is_title(r["text_norm"], r["heading"])
    return grouped


def place_chains(store) -> dict[str, list[str]]:
    """Place IRI → its name and the names of the places it lies in, most specific first."""
    rows = store.query("""
        SELECT ?p ?label ?up WHERE { ?p a pkg:Place ; skos:prefLabel ?label . OPTIONAL { ?p pkg:within ?up } }""")
    label, up = {}, {}
    for p, lab, parent in rows:
        label[str(p)] = str(lab)
        if parent is not None:
            up[str(p)] = str(parent)
    out = {}
    for p in label:
        chain, cur, seen = [], p, set()
        while cur in label and cur not in seen:
            seen.add(cur)
            chain.append(label[cur])
            cur = up.get(cur)
        out[p] = chain
    return out


