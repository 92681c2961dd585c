"""The knowledge base as a service: one object the command line and the HTTP API both call.

``KnowledgeBase`` holds the store and the search index of one knowledge-base
directory. The index follows the store: before answering, it compares the
documents the store holds (file name and content hash) with those it has
indexed, and re-indexes exactly the documents that changed. A replica that
another process (or another replica) wrote to catches up on its next request.
"""
from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extract import ExtractError
from extract.registry import load_registry

from kg.search.answer import answer_json
from kg.search.ask import Asker, by_deadline
from kg.search.index import MeasureIndex
from kg.search.rows import rows_from_store
from kg.search.search import Filters, Search, hit_json, load_synonyms
from kg.search.tokenizer import tokenizer
from .config import Config
from .store import StoreError, open_store
from .vocab import sparql_string

INDEX_DIR = "index"


class NotFound(StoreError):
    """A document, measure or agency the knowledge base does not hold."""

    http_status = 404
    code = "not-found"


@dataclass
class Health:
    version: str | None
    documents: int
    measures: int
    indexed_version: str | None

    def to_json(self) -> dict:
        return {"status": "ok", "version": self.version, "documents": self.documents, "measures": self.measures,
                "indexed_version": self.indexed_version}


class KnowledgeBase:
    def __init__(self, settings: Config):
        self.settings = settings
        self.kb_dir = Path(settings.kb_dir)
        self.registry = load_registry(Path(settings.ontology_dir) / "agencies.toml")
        self._lock = threading.RLock()  # the open store and index: swapped by one thread at a time
        # one writer at a time in this process (other processes: the store's file lock); readers never take
        # it, so they go on answering from the current version while a write runs for seconds
        self._write_lock = threading.Lock()
        self._store = None
        self._store_version: str | None = None
        self._index: MeasureIndex | None = None
        self._checked = 0.0
        self._graph_index = None  # the property graph as a table, for neighbourhoods (kg.export.graph_index)
        self._directory = None  # (store version, the agencies by the names people write)

    # ------------------------------------------------------------ store and index
    def store(self):
        """The store, reopened when another process has written a new version."""
        with self._lock:
            if self._store is None or self._store.latest_version() != self._store_version:
                # the old store is not closed here: a request on another thread may be reading it, and a
                # closed store answers every query with nothing ("not in the knowledge base"); it closes
                # when its last reader drops it (EmbeddedStore.__del__)
                self._store = open_store(self.settings)
                self._store_version = self._store.version
            return self._store

    def index(self) -> MeasureIndex:
        with self._lock:
            if self._index is None:
                self._index = MeasureIndex.open_or_create(self.kb_dir / INDEX_DIR,
                                                          tokenizer(str(self.settings.ontology_dir)))
            self.refresh()
            return self._index

    def refresh(self) -> tuple[int, int]:
        """Bring the index in line with the store (documents added, removed)."""
        with self._lock:
            store = self.store()
            if self._index is None:
                self._index = MeasureIndex.open_or_create(self.kb_dir / INDEX_DIR,
                                                          tokenizer(str(self.settings.ontology_dir)))
            if self._index.settings.get("store_version") == store.version and store.version is not None:
                return 0, 0
            build_id = store.info.get("build")
            held = _document_keys(store)
            have = {} if build_id != self._index.settings.get("build") else self._index.settings.get("keys", {})
            changed = [d for d, k in held.items() if have.get(d) != k]
            removed = [d for d in self._index.settings.get("keys", {}) if d not in held]
            rows = rows_from_store(store, changed) if changed else {}
            try:
                return self._index.apply(rows, removed, {d: held[d] for d in changed},
                                         store_version=store.version, build=build_id)
            except ValueError as exc:  # another process holds the index writer: answer from what is indexed
                if "lock" in str(exc).lower():
                    return 0, 0
                raise

    def _follow(self) -> None:
        """After this process wrote: the search index and the graph view's table catch up now, so that no
        request after it pays for a whole knowledge base (a build of 1,000 documents: 100 s of graph)."""
        self.refresh()
        self.graph_index()

    def indexed_version(self) -> str | None:
        return self._index.settings.get("store_version") if self._index else None

    def is_empty(self) -> bool:
        return not self.store().version

    # ------------------------------------------------------------ writing
    def build(self, paths, progress=None):
        from kg.build.ops import build

        with self._write_lock:
            outcome = build(paths, self.settings, progress=progress)
            self._follow()
            return outcome

    def add_bytes(self, filename: str, data: bytes, replace: bool = True):
        """Extract an uploaded document and add it; one of the same name is replaced only if ``replace``
        (else ``kg.build.ops.DocumentExists``)."""
        from kg.build.ops import add_document

        name = safe_name(filename)
        doc = self._extract_upload(name, data)
        if not doc.measures:
            raise ExtractError(name, "no measures found: not a policy document")
        with self._write_lock:
            outcome = add_document(doc, self.settings, replace=replace)
            self._follow()
            return outcome

    def preview_bytes(self, filename: str, data: bytes) -> dict:
        """What an upload would add, without adding it."""
        from extract import to_contract

        return to_contract(self._extract_upload(safe_name(filename), data))

    def _extract_upload(self, name: str, data: bytes):
        """An upload's records, extracted in a child process within the time and memory limits: a hostile
        file costs its child, never the server (``extract/sandbox.py``)."""
        from extract.sandbox import extract_isolated

        settings = self.settings
        return extract_isolated(settings.ontology_dir, name, data, max_bytes=settings.max_upload_mb * 1024 * 1024,
                                timeout=float(settings.extract_timeout), memory_mb=settings.extract_memory_mb)

    def add_path(self, path):
        from kg.build.ops import add

        with self._write_lock:
            outcome = add(path, self.settings)
            self._follow()
            return outcome

    def remove(self, name: str):
        from kg.build.ops import NotInKnowledgeBase, remove

        with self._write_lock:
            try:
                outcome = remove(name, self.settings)
            except NotInKnowledgeBase:  # the store's sentence names the folder: not for an HTTP body
                raise NotFound(f"{name} is not in the knowledge base") from None
            self._follow()
            return outcome

    # ------------------------------------------------------------ reading
    def document_names(self) -> list[str]:
        return sorted(_document_keys(self.store()))

    def searcher(self) -> Search:
        """Search over the index, an agency filter read by the names people write (``kg.search.directory``)."""
        directory = self.directory()
        return Search(self.index(), self.synonyms(), agencies=lambda name, place: directory.resolve(name, place).iris)

    def search(self, q: str, k: int = 10, filters: Filters | None = None) -> dict:
        return self.searcher().search(q, k, filters)

    def ask(self, q: str, today: date | None = None) -> dict:
        return Asker(self.searcher(), self.registry, self.directory(), today or self.today()).ask(q)

    def today(self) -> date:
        """The day questions about time are answered relative to (the ``today`` setting, else the machine's)."""
        return date.fromisoformat(self.settings.today) if self.settings.today else date.today()

    def directory(self):
        """The agencies the knowledge base holds, kept until the store's version changes."""
        from kg.search.directory import Directory
        from .ids import ids_for

        with self._lock:
            store = self.store()
            if self._directory is None or self._directory[0] != store.version:
                self._directory = (store.version, Directory.from_store(store, self.registry, ids_for(store, self.settings)))
            return self._directory[1]

    def synonyms(self):
        return load_synonyms(str(Path(self.settings.ontology_dir) / "topics.toml"))

    def trace(self, doc: str, contains: str) -> dict:
        from .ids import ids_for
        from .trace import trace

        return trace(self.store(), ids_for(self.store(), self.settings), doc, contains,
                     min_share=self.settings.trace_min_share)

    def measures(self, filters: Filters | None = None, offset: int = 0, limit: int = 50, q: str = "") -> dict:
        """Measures matching the filters (and a query, if any), in document order, paged."""
        search = self.searcher()
        hits = (search.hits(q, offset + limit, filters) if q.strip()
                else search.hits("", 1_000_000, filters or Filters(), match_all=True))
        if not q.strip():
            hits.sort(key=lambda h: (h.row["doc"], h.row.get("ordinal", 0)))
        total = len(hits)
        page = hits[offset:offset + limit]
        return {"total": total if not q.strip() else None, "offset": offset, "limit": limit,
                "filters": (filters or Filters()).as_dict(), "measures": [hit_json(h) for h in page]}

    def measure(self, measure_id: str) -> dict:
        row = self._row(measure_id)
        body = answer_json(_Hit(0.0, row), 0.0)
        body.pop("score", None)
        try:
            trail = self.trace(row["doc"], row["text"])
        except StoreError:
            trail = {"parents": [], "folded": [], "ancestors": []}
        body["trace"] = trail["parents"]  # the goals its trail shows, nearest document first
        body["folded"] = trail.get("folded", [])
        body["ancestors"] = trail.get("ancestors", [])
        if trail.get("notice"):
            body["notice"] = trail["notice"]
        body["children"] = self._children(row["id"])
        return body

    def _row(self, measure_id: str) -> dict:
        index = self.index()
        found = index.rows("id", measure_id, 1)
        if found:
            return found[0]
        for row in index.rows():  # a local id (001_a4dc09f2c6a77e08-005) or a measure IRI's tail
            if row.get("measure_id") == measure_id:
                return row
        raise NotFound(f"no measure {measure_id} in the knowledge base")

    def _children(self, iri: str) -> list[dict]:
        """The lower-level measures that carry the measure out: the links their trails show, best first."""
        from .trace import shown

        rows = self.store().query(f"""
            SELECT ?c ?cid ?text ?src ?name ?score ?method ?share ?supported ?evidence WHERE {{
              ?c prov:qualifiedDerivation ?l . ?l a pkg:AuditLink ; prov:entity <{iri}> ; pkg:score ?score ;
                 pkg:method ?method .
              OPTIONAL {{ ?l pkg:share ?share }} OPTIONAL {{ ?l pkg:supported ?supported }}
              OPTIONAL {{ ?l pkg:evidence ?evidence }}
              ?c dcterms:identifier ?cid ; pkg:text ?text ; eli:is_part_of ?d . ?d pkg:fileName ?name .
              OPTIONAL {{ ?c pkg:sourceText ?src }}
            }} ORDER BY DESC(?score) ?cid""")
        out = []
        for c, cid, text, src, name, score, method, share, supported, evidence in rows:
            link = {"measure_id": str(cid), "doc": str(name), "text": str(src or text), "score": float(score),
                    "share": float(share) if share is not None else 1.0,
                    "supported": bool(supported.toPython() if hasattr(supported, "toPython") else supported)
                    if supported is not None else True,
                    "evidence": str(evidence) if evidence is not None else "", "method": str(method), "iri": str(c)}
            if shown(link, self.settings.trace_min_share):
                out.append(link)
        return out[:50]

    def written(self):
        """When the knowledge base was last written (what a calendar feed's DTSTAMP says), UTC."""
        from datetime import datetime, timezone

        stamp = (self.store().info or {}).get("written")
        try:
            return datetime.fromisoformat(stamp).astimezone(timezone.utc) if stamp else None
        except ValueError:
            return None

    def agencies(self, place: str | None = None) -> dict:
        """Every agency with its number of measures by role (agencies of different places apart): one entry a
        body, named as the documents name it most (``label``: its full name; ``names``: every name written),
        from the counts kept with each document's rows (``MeasureIndex.agencies``)."""
        labels = {a.iri: a.label for a in self.directory().agencies}
        out = [{k: v for k, v in e.items() if k != "key"} | {"label": labels.get(e["key"], e["name"])}
               for e in self.index().agencies(place)]
        return {"agencies": out}

    def agency(self, name: str, place: str | None = None) -> dict:
        """What an agency's name means here: the agencies it names, best first, or the nearest ones."""
        return self.directory().resolve(name, place).to_json()

    def agency_tasks(self, name: str, place: str | None = None) -> dict:
        """An agency's tasks, grouped by role, ordered by deadline: the agency a name means, read as people
        write it (``kg.search.directory``); where it names bodies of several places, the first place's, the others
        named beside (``others``)."""
        found = self.directory().resolve(name, place)
        if not found.agencies:
            raise NotFound(_no_agency(name, place, found.suggestions))
        chosen = found.first_place
        search = self.searcher()
        groups = {}
        for role in ("lead", "support"):
            hits = search.hits("", 100_000, Filters(agents=tuple(a.iri for a in chosen), role=role))
            groups[role] = [answer_json(h, 0.0) for h in by_deadline(hits)]
        if not groups["lead"] and not groups["support"]:
            raise NotFound(f"no measures of {name}" + (f" in {place}" if place else ""))
        return {"agency": name, "place": place, "agencies": [a.to_json() for a in chosen],
                "others": [a.to_json() for a in found.elsewhere],
                "lead": groups["lead"], "support": groups["support"], "today": self.today().isoformat()}

    def documents(self) -> dict:
        info = self.index().settings.get("doc_info", {})
        counts = {}
        for row in self.index().rows():
            counts[row["doc"]] = counts.get(row["doc"], 0) + 1
        docs = [{"doc": name, **meta, "measures": counts.get(name, 0)} for name, meta in sorted(info.items())]
        hierarchy = self._hierarchy()
        for d in docs:
            d["parents"] = [h["parent"] for h in hierarchy if h["child"] == d["doc"]]
            d["children"] = [h["child"] for h in hierarchy if h["parent"] == d["doc"]]
            unusual = {h["parent"]: h["unusual"] for h in hierarchy if h["child"] == d["doc"] and h.get("unusual")}
            if unusual:  # a parent whose place does not hold the document's (平湖 under 苏州)
                d["parents_unusual"] = unusual
        return {"documents": docs}

    def document(self, name: str) -> dict:
        info = self.index().settings.get("doc_info", {})
        if name not in info:
            raise NotFound(f"no document named {name} in the knowledge base")
        rows = sorted(self.index().rows("doc", name), key=lambda r: r.get("ordinal", 0))
        meta = self._document_meta(name)
        hierarchy = self._hierarchy()
        structure: list[dict] = []
        for r in rows:
            path = r.get("headings") or []
            structure.append({"section": path, "measure": answer_json(_Hit(0.0, r), 0.0)})
        return {"doc": name, **info[name], "meta": meta,
                "parents": [h for h in hierarchy if h["child"] == name],
                "children": [h for h in hierarchy if h["parent"] == name],
                "measures": [s["measure"] for s in structure], "structure": structure}

    def _document_meta(self, name: str) -> dict:
        rows = self.store().query(f"""
            SELECT ?title ?number ?date ?issuer ?owner ?year WHERE {{
              ?d pkg:fileName {sparql_string(name)} .
              OPTIONAL {{ ?d dcterms:title ?title }} OPTIONAL {{ ?d eli:number ?number }}
              OPTIONAL {{ ?d eli:date_document ?date }} OPTIONAL {{ ?d pkg:planYear ?year }}
              OPTIONAL {{ ?d eli:passed_by ?i . ?i skos:prefLabel ?issuer }}
              OPTIONAL {{ ?d pkg:owner ?o . ?o skos:prefLabel ?owner }}
            }} LIMIT 1""").dicts()
        if not rows:
            return {}
        r = rows[0]
        return {k: (v.isoformat() if hasattr(v, "isoformat") else (str(v) if v is not None else None))
                for k, v in r.items()}

    def _hierarchy(self) -> list[dict]:
        from .build.catalog import hierarchy_edges
        from .ids import ids_for

        return hierarchy_edges(self.store(), ids_for(self.store(), self.settings))

    def property_graph(self, timebox=None):
        """The whole property graph in memory, as networkx (``export.property_graph``): for analysis."""
        from .export import property_graph

        return property_graph(self.store(), timebox)

    def graph_index(self, timebox=None):
        """The property graph as a table beside the search index, caught up with the store (``kg.export.graph_index``)."""
        from kg.export.graph_index import FILE, GraphIndex

        with self._lock:
            if self._graph_index is None:
                self._graph_index = GraphIndex(self.kb_dir / FILE)
            store = self.store()
        self._graph_index.refresh(store, timebox)
        return self._graph_index

    def neighbourhood(self, key: str, depth: int = 1, place: str | None = None, timebox=None):
        """(IRI, networkx subgraph): the nodes within ``depth`` edges of the node ``key`` names."""
        sub = self.subgraph(key, depth, place, timebox)
        return sub.center, sub.to_networkx()

    def subgraph(self, key: str, depth: int = 1, place: str | None = None, timebox=None):
        """The nodes within ``depth`` edges of the node ``key`` names, as records (``kg.neighbourhood.walk``)."""
        from .neighbourhood import walk

        index = self.graph_index(timebox)
        if timebox is not None:
            timebox.check()
        return walk(index, key, depth, place)

    def export(self, fmt: str, out, timebox=None):
        from .export import export

        return export(self.store(), fmt, out, timebox)

    def health(self) -> Health:
        version = self.store().version
        index = self.index() if version else None
        n_docs = len(index.settings.get("doc_info", {})) if index else 0
        return Health(version, n_docs, index.count() if index else 0, self.indexed_version())


@dataclass
class _Hit:
    score: float
    row: dict


def _document_keys(store) -> dict[str, str]:
    """File name → a key that changes when the document's graph does (its content hash and the build's)."""
    rows = store.query("""SELECT ?name ?sha (COUNT(?m) AS ?n) WHERE { ?d a pkg:PolicyDocument ; pkg:fileName ?name .
                          OPTIONAL { ?d pkg:sha256 ?sha } OPTIONAL { ?m eli:is_part_of ?d } } GROUP BY ?name ?sha""")
    return {str(name): hashlib.sha256(f"{sha}|{n}".encode()).hexdigest()[:16] for name, sha, n in rows}


def _no_agency(name: str, place: str | None, nearest) -> str:
    where = f" in {place}" if place else ""
    if not nearest:
        return f"no measures of {name}{where}"
    near = ", ".join(f"{a.label} ({a.place})" if a.place else a.label for a in nearest)
    return f"no measures of {name}{where}; the nearest agencies: {near}"




NAME_CHARS = 200  # longest stored document name
SUFFIX_CHARS = 16  # longest ending kept when a long name is cut


def safe_name(filename: str) -> str:
    """An uploaded file's name made safe to store (no folders, no ``..``, no control characters), cut to
    ``NAME_CHARS`` with its ending kept (``….txt``): what the upload's type is checked on is this name."""
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    if len(name) > NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        keep = dot and stem and len(suffix) <= SUFFIX_CHARS
        name = (stem[:NAME_CHARS - len(suffix) - 1].rstrip() + "." + suffix) if keep else name[:NAME_CHARS]
    if name in ("", ".", "..") or name.startswith("."):
        raise ExtractError(filename or "(no name)", "the file has no usable name")
    return name
