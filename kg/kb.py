"""Building and changing a knowledge base: ``build``, ``add``, ``remove`` (the library behind the CLI).

``build`` extracts every document, builds each document's graph, validates
it, infers the hierarchy, links every measure to the measures of its
ancestor documents, and writes it all as one new generation of the store.
``add`` and ``remove`` change one document's graph, recompute the hierarchy
from what the knowledge base holds (``kg.catalog``), and rewrite only the
link graphs of the (document, ancestor) pairs that changed. Each runs in one
write session of the store: all of it becomes visible at once, or none.
"""
from __future__ import annotations

import signal
import threading
import time
import uuid
import tomllib
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from extract import ExtractError, Resources, extract_file

from . import catalog
from .build import BuildContext, document_graph, link_graph
from .hierarchy import DocInfo, Hierarchy, infer
from .ids import ids_for
from .link import Linker, MeasureView
from .store import EmbeddedStore, StoreError, open_store, to_nquads
from .validate import Finding, ValidationError, validator

DOC_SUFFIXES = {".txt", ".md", ".pdf", ".html", ".htm", ".docx"}
ONTOLOGY_FILES = ("policy.ttl", "topics.ttl", "agencies.ttl")
MANIFEST = "manifest.toml"


class NotInKnowledgeBase(StoreError):
    pass


class ExtractTimeout(ExtractError):
    code = "timeout"


@contextmanager
def time_limit(seconds: float, name: str):
    """Stop what runs inside after ``seconds`` (SIGALRM; only in a process's main thread, else no limit).

    One document must never hang a whole build: a pathological text (a regex
    backtracking on a long list) is refused with a reason instead.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise ExtractTimeout(name, f"extraction took longer than {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """What a build, add or remove did."""

    action: str
    version: str | None = None
    documents: int = 0  # documents in the knowledge base afterwards
    measures: int = 0  # measures written by this action
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    link_graphs: int = 0  # link graphs written by this action
    links: int = 0  # audit links written by this action
    quads: int = 0
    warnings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"action": self.action, "version": self.version, "documents": self.documents,
                "measures": self.measures, "written": self.written, "removed": self.removed,
                "refused": [{"file": f, "reason": r} for f, r in self.refused], "link_graphs": self.link_graphs,
                "links": self.links, "quads": self.quads, "warnings": len(self.warnings),
                "seconds": round(self.seconds, 2)}


@dataclass
class Prepared:
    """One document made ready to write: its graph as N-Quads, what hierarchy and linking need, its warnings."""

    name: str
    graph: str
    info: DocInfo
    views: list[MeasureView]
    nquads: bytes
    triples: list | None
    findings: list[Finding]


# ---------------------------------------------------------------- inputs

def list_documents(paths) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOC_SUFFIXES))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    return files


def read_manifest(directory: Path) -> dict[str, dict]:
    """The manifest entries of a folder by file name (``manifest.toml``; absent: none)."""
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in data.get("document", []) if "file" in entry}


def _split_entry(entry: dict | None) -> tuple[dict | None, tuple[str, ...] | None]:
    if not entry:
        return None, None
    overrides = {k: v for k, v in entry.items() if k not in ("file", "parents")}
    parents = tuple(entry["parents"]) if "parents" in entry else None
    return overrides, parents


# ---------------------------------------------------------------- per-process work

class Workshop:
    """What preparing a document needs, loaded once per process."""

    def __init__(self, settings):
        self.settings = settings
        self.resources = Resources.from_dir(settings.ontology_dir)
        self.ctx = BuildContext.from_dir(settings.ontology_dir, settings.base_iri)
        self.validator = validator(str(settings.ontology_dir)) if settings.validate else None
        self.max_bytes = settings.max_upload_mb * 1024 * 1024

    def prepare(self, path: Path, entry: dict | None, keep_triples: bool = False, name: str | None = None) -> Prepared:
        overrides, parents = _split_entry(entry)
        doc = self.extract(path, overrides, name)
        return self.prepare_document(doc, parents, keep_triples)

    def extract(self, path: Path, overrides: dict | None = None, name: str | None = None):
        """The extractor's records of one file, stopped (``ExtractTimeout``) after ``extract_timeout`` seconds."""
        with time_limit(float(self.settings.extract_timeout), path.name):
            return extract_file(path, self.resources, max_bytes=self.max_bytes, name=name, overrides=overrides)

    def prepare_document(self, doc, parents: tuple[str, ...] | None = None, keep_triples: bool = False) -> Prepared:
        dg = document_graph(doc, self.ctx, parents)
        findings: list[Finding] = []
        if self.validator is not None:
            report = self.validator.validate(dg.triples)
            if not report.conforms:
                raise ValidationError(report)
            findings = list(report.findings)
        return Prepared(dg.name, str(dg.graph), dg.info, dg.measures, to_nquads(dg.graph, dg.triples),
                        dg.triples if keep_triples else None, findings)


_WORKSHOP: Workshop | None = None


def _init_worker(settings) -> None:
    global _WORKSHOP, _AUDITOR
    _WORKSHOP = Workshop(settings)
    _AUDITOR = None


def _prepare_in_worker(job: tuple[Path, dict | None]):
    path, entry = job
    try:
        return _WORKSHOP.prepare(path, entry)
    except ExtractError as exc:
        return (path.name, exc.reason)
    except ValidationError as exc:
        return exc


# ---------------------------------------------------------------- linking

class Auditor:
    """Computes the link graph of a (document, ancestor) pair."""

    def __init__(self, settings, ctx: BuildContext):
        self.ctx = ctx
        self.linker = Linker(ctx.terms, top_k=settings.link_top_k, min_score=settings.link_min_score)
        self.validator = validator(str(settings.ontology_dir)) if settings.validate else None

    def pair_graph(self, job: "PairJob") -> tuple[list, int]:
        links = self.linker.link(job.child_views, job.ancestor_views)
        triples = link_graph(self.ctx.ids, job.child, job.ancestor, job.distance, job.method, job.score, links,
                             job.relation)
        if self.validator is not None:
            report = self.validator.validate(triples)
            if not report.conforms:
                raise ValidationError(report)
        return triples, len(links)


@dataclass
class PairJob:
    child: str
    ancestor: str
    distance: int
    method: str
    score: float
    relation: str
    child_views: list
    ancestor_views: list


def pair_job(hierarchy: Hierarchy, infos: dict[str, DocInfo], child: str, ancestor: str, distance: int,
             views_of) -> PairJob:
    method, score = descriptor(hierarchy, child, ancestor, distance)
    relation = "reportsOn" if infos[child].kind == "progress-report" else "carriesOut"
    return PairJob(child, ancestor, distance, method, score, relation, views_of(child), views_of(ancestor))


_AUDITOR: Auditor | None = None


def _link_in_worker(job: PairJob):
    global _AUDITOR
    if _AUDITOR is None:
        _AUDITOR = Auditor(_WORKSHOP.settings, _WORKSHOP.ctx)
    try:
        triples, n = _AUDITOR.pair_graph(job)
    except ValidationError as exc:
        return exc
    return to_nquads(_WORKSHOP.ctx.ids.link_graph(job.child, job.ancestor), triples), n


def descriptor(hierarchy: Hierarchy, child: str, ancestor: str, distance: int) -> tuple[str, float]:
    """How a document came to be below an ancestor: the parent edge's method and score, or ``closure``."""
    for e in hierarchy.parents.get(child, []):
        if e.parent == ancestor:
            return e.method, e.score
    return "closure", 1.0


# ---------------------------------------------------------------- build

def build(paths, settings, progress=None) -> Outcome:
    """Extract every document under ``paths`` and write a new knowledge base at ``settings.kb_dir``."""
    files = list_documents(paths)
    manifests: dict[Path, dict] = {}
    jobs = []
    for f in files:
        if f.parent not in manifests:
            manifests[f.parent] = read_manifest(f.parent)
        jobs.append((f, manifests[f.parent].get(f.name)))
    sources = [str(f) for f, _ in jobs]
    workers = max(1, int(settings.workers))
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            chunk = max(1, min(16, len(jobs) // (4 * workers)))
            prepared = pool.map(_prepare_in_worker, jobs, chunksize=chunk)
            return _build(zip(sources, prepared), len(jobs), settings, progress,
                          mapper=lambda fn, items: pool.map(fn, items, chunksize=2))
    _init_worker(settings)
    return _build(zip(sources, map(_prepare_in_worker, jobs)), len(jobs), settings, progress, mapper=map)


def build_documents(docs, settings, parents: dict[str, tuple[str, ...]] | None = None, progress=None) -> Outcome:
    """A new knowledge base from records already extracted (``extract.Document``), e.g. built by code."""
    _init_worker(settings)
    parents = parents or {}
    docs = list(docs)
    prepared = ((d.name, _WORKSHOP.prepare_document(d, parents.get(d.name))) for d in docs)
    return _build(prepared, len(docs), settings, progress, mapper=map)


def _build(results, total: int, settings, progress, mapper) -> Outcome:
    """Write prepared documents, then the hierarchy and audit links, as one new generation.

    ``mapper(fn, items)`` runs the per-pair linking: ``map`` here, or a process pool's."""
    started = time.monotonic()
    outcome = Outcome("build")
    progress = progress or (lambda total, label: nullcontext(lambda n=1: None))
    store = open_store(settings.kb_dir, settings.lock_timeout)
    ctx = BuildContext.from_dir(settings.ontology_dir, settings.base_iri)
    infos: dict[str, DocInfo] = {}
    views: dict[str, list[MeasureView]] = {}
    # every fresh build has its own id: an index made from an earlier build is dropped, not patched
    with store.writer(fresh=True, note={"base_iri": settings.base_iri, "build": uuid.uuid4().hex[:12]}) as w:
        _load_ontology(w, ctx, settings)
        with progress(total, "extracting") as advance:
            for source, result in results:
                advance()
                if isinstance(result, ValidationError):
                    raise result
                if isinstance(result, tuple):
                    outcome.refused.append(result)
                    continue
                if result.name in infos:
                    outcome.refused.append((source, f"another document is already named {result.name}"))
                    continue
                w.bulk(result.nquads)
                infos[result.name] = result.info
                views[result.name] = result.views
                outcome.written.append(result.name)
                outcome.measures += len(result.views)
                outcome.warnings.extend(result.findings)
        hierarchy = infer(list(infos.values()))
        pairs = sorted(hierarchy.pairs().items())
        jobs = (pair_job(hierarchy, infos, child, ancestor, distance, views.get)
                for (child, ancestor), distance in pairs)
        with progress(len(pairs), "linking") as advance:
            for result in mapper(_link_in_worker, jobs):
                if isinstance(result, ValidationError):
                    raise result
                nquads, n = result
                w.bulk(nquads)
                outcome.links += n
                outcome.link_graphs += 1
                advance()
    return _finish(outcome, store, len(infos), started)


def _check_base(store, settings) -> None:
    built = store.info.get("base_iri")
    if built and built != settings.base_iri:
        raise StoreError(f"the knowledge base {settings.kb_dir} was built with base IRI {built}, "
                         f"not {settings.base_iri}: rebuild it or set POLICYKG_BASE_IRI={built}")


def _finish(outcome: Outcome, store: EmbeddedStore, documents: int, started: float) -> Outcome:
    outcome.version = store.version
    outcome.quads = store.count()
    outcome.documents = documents
    outcome.seconds = time.monotonic() - started
    return outcome


# ---------------------------------------------------------------- add and remove

def add(path, settings, name: str | None = None) -> Outcome:
    """Add one document to the knowledge base, or replace the one of the same name."""
    path = Path(path)
    shop = Workshop(settings)
    overrides, parents = _split_entry(read_manifest(path.parent).get(name or path.name))
    doc = shop.extract(path, overrides, name)
    return add_document(doc, settings, parents, shop)


def add_document(doc, settings, parents: tuple[str, ...] | None = None, shop: Workshop | None = None) -> Outcome:
    """Add records already extracted (an ``extract.Document``), replacing the document of the same name."""
    started = time.monotonic()
    shop = shop or Workshop(settings)
    prepared = shop.prepare_document(doc, parents, keep_triples=True)
    outcome = Outcome("add", written=[prepared.name], measures=len(prepared.views), warnings=prepared.findings)
    store = open_store(settings.kb_dir, settings.lock_timeout)
    _check_base(store, settings)
    with store.writer(note={"base_iri": settings.base_iri}) as w:
        if not w.graphs():
            _load_ontology(w, shop.ctx, settings)
        w.replace_graph(shop.ctx.ids.doc_graph(prepared.name), prepared.triples)
        docs = _relink(w, settings, shop.ctx, changed=prepared.name, fresh_views={prepared.name: prepared.views},
                       outcome=outcome)
    return _finish(outcome, store, docs, started)


def remove(name: str, settings) -> Outcome:
    """Remove one document (by file name) and every audit link to or from it."""
    started = time.monotonic()
    ctx = BuildContext.from_dir(settings.ontology_dir, settings.base_iri)
    store = open_store(settings.kb_dir, settings.lock_timeout)
    outcome = Outcome("remove", removed=[name])
    _check_base(store, settings)
    with store.writer() as w:
        if name not in catalog.documents(w):
            raise NotInKnowledgeBase(f"{name} is not in the knowledge base {settings.kb_dir}")
        w.drop_graph(ctx.ids.doc_graph(name))
        docs = _relink(w, settings, ctx, changed=name, fresh_views={}, outcome=outcome)
    return _finish(outcome, store, docs, started)


def _load_ontology(w, ctx: BuildContext, settings) -> None:
    for name in ONTOLOGY_FILES:
        w.load_turtle(ctx.ids.ontology_graph(), Path(settings.ontology_dir) / name)


def _relink(w, settings, ctx: BuildContext, changed: str, fresh_views: dict, outcome: Outcome) -> int:
    """Recompute the hierarchy and rewrite the link graphs of the pairs that changed."""
    ids = ctx.ids
    infos = {i.name: i for i in catalog.doc_infos(w, ids)}
    hierarchy = infer(list(infos.values()))
    new_pairs = hierarchy.pairs()
    old_pairs = catalog.link_graphs(w, ids)
    old_desc = _descriptors(w)
    for pair, graph in old_pairs.items():
        if changed in pair or pair not in new_pairs:
            w.drop_graph(graph)
    auditor = Auditor(settings, ctx)
    cache: dict[str, list[MeasureView]] = dict(fresh_views)

    def views_of(name: str) -> list[MeasureView]:
        if name not in cache:
            cache[name] = catalog.measure_views(w, ids, name)
        return cache[name]

    for (child, ancestor), distance in sorted(new_pairs.items()):
        graph = ids.link_graph(child, ancestor)
        desc = (distance, *descriptor(hierarchy, child, ancestor, distance))
        if changed not in (child, ancestor) and (child, ancestor) in old_pairs and old_desc.get(str(graph)) == desc:
            continue
        triples, n = auditor.pair_graph(pair_job(hierarchy, infos, child, ancestor, distance, views_of))
        w.replace_graph(graph, triples)
        outcome.link_graphs += 1
        outcome.links += n
    return len(infos)


def _descriptors(w) -> dict[str, tuple]:
    rows = w.query("""
        SELECT ?g ?dist ?method ?score WHERE { GRAPH ?g {
          ?c prov:qualifiedDerivation ?h . ?h a pkg:HierarchyLink ; pkg:distance ?dist ; pkg:method ?method ; pkg:score ?score } }""")
    return {str(g): (int(dist), str(method), float(score)) for g, dist, method, score in rows}


def summary(settings) -> dict:
    """Version, counts and the document hierarchy of the knowledge base."""
    with open_store(settings.kb_dir, settings.lock_timeout) as store:
        (n_measures,), = store.query("SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Measure }").rows
        edges = store.query("""
            SELECT ?cn ?pn ?method WHERE { ?c prov:qualifiedDerivation ?h ; pkg:fileName ?cn .
              ?h a pkg:HierarchyLink ; prov:entity ?p ; pkg:distance 1 ; pkg:method ?method . ?p pkg:fileName ?pn }
            ORDER BY ?cn ?pn""")
        return {"kb_dir": str(settings.kb_dir), "version": store.version, "documents": len(catalog.documents(store)),
                "measures": int(n_measures), "quads": store.count(),
                "hierarchy": [{"child": str(c), "parent": str(p), "method": str(m)} for c, p, m in edges]}
