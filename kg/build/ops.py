"""Building and changing a knowledge base: ``build``, ``add``, ``remove`` (the library behind the CLI).

``build`` extracts every document, builds each document's graph, validates
it, infers the hierarchy, links every measure to the measures of its
ancestor documents, and writes it all as one new generation of the store.
``add`` and ``remove`` change one document's graph, recompute the hierarchy
from what the knowledge base holds (``kg.build.catalog``), and rewrite only the
link graphs of the (document, ancestor) pairs that changed. Each runs in one
write session of the store: all of it becomes visible at once, or none.
"""
from __future__ import annotations

import time
import uuid
import tomllib
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import URIRef

from extract.load import SUFFIXES

from kg.config import Config
from kg.ids import ids_for
from kg.store import Store, StoreError, open_store
from . import catalog, workers
from .graph import BuildContext
from .hierarchy import DocInfo, infer
from .links import MeasureView
from .validate import Finding
from .workers import Auditor, DocumentJob, ExtractTimeout, Workshop, descriptor, pair_job, split_entry, time_limit

__all__ = ["build", "build_documents", "add", "add_document", "remove", "summary", "Outcome", "ExtractTimeout",
           "NotInKnowledgeBase", "time_limit", "list_documents", "read_manifest"]

DOC_SUFFIXES = frozenset(SUFFIXES)  # every file kind extract.load reads (.shtml, .markdown … too)
ONTOLOGY_FILES = ("policy.ttl", "topics.ttl", "agencies.ttl")
MANIFEST = "manifest.toml"


class NotInKnowledgeBase(StoreError):
    pass


class DocumentExists(StoreError):
    """An add that would replace a document of the same name without being asked to."""

    http_status = 409
    code = "exists"


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
    cpu: dict = field(default_factory=dict)  # seconds of work by stage, summed over processes

    def to_json(self) -> dict:
        return {"action": self.action, "version": self.version, "documents": self.documents,
                "measures": self.measures, "written": self.written, "removed": self.removed,
                "refused": [{"file": f, "reason": r} for f, r in self.refused], "link_graphs": self.link_graphs,
                "links": self.links, "quads": self.quads, "warnings": len(self.warnings),
                "seconds": round(self.seconds, 2), "cpu": {k: round(v, 2) for k, v in self.cpu.items()}}


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


# ---------------------------------------------------------------- build

def build(paths, settings: Config, progress=None) -> Outcome:
    """Extract every document under ``paths`` and write a new knowledge base at ``settings.kb_dir``."""
    files = list_documents(paths)
    manifests: dict[Path, dict] = {}
    jobs = []
    for f in files:
        if f.parent not in manifests:
            manifests[f.parent] = read_manifest(f.parent)
        jobs.append((f, manifests[f.parent].get(f.name)))
    processes = max(1, int(settings.workers))
    if processes > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(processes, initializer=workers.start, initargs=(settings,)) as pool:
            chunk = max(1, min(16, len(jobs) // (4 * processes)))
            prepared = pool.map(workers.prepare, jobs, chunksize=chunk)
            return _build(prepared, len(jobs), settings, progress,
                          mapper=lambda fn, items: pool.map(fn, items, chunksize=2))
    workers.start(settings)
    return _build(map(workers.prepare, jobs), len(jobs), settings, progress, mapper=map)


def build_documents(docs, settings: Config, parents: dict[str, tuple[str, ...]] | None = None, progress=None) -> Outcome:
    """A new knowledge base from records already extracted (``extract.Document``), e.g. built by code."""
    workers.start(settings)
    parents = parents or {}
    docs = list(docs)
    prepared = (DocumentJob(d.name, prepared=workers.workshop().prepare_document(d, parents.get(d.name))) for d in docs)
    return _build(prepared, len(docs), settings, progress, mapper=map)


def _build(results: Iterable[DocumentJob], total: int, settings: Config, progress, mapper) -> Outcome:
    """Write prepared documents, then the hierarchy and audit links, as one new generation.

    ``mapper(fn, items)`` runs the per-pair linking: ``map`` here, or a process pool's."""
    started = time.monotonic()
    outcome = Outcome("build")
    progress = progress or (lambda total, label: nullcontext(lambda n=1: None))
    store = open_store(settings)
    ctx = BuildContext.from_dir(settings.ontology_dir, settings.base_iri)
    infos: dict[str, DocInfo] = {}
    views: dict[str, list[MeasureView]] = {}
    # every fresh build has its own id: an index made from an earlier build is dropped, not patched
    with store.writer(fresh=True, note={"base_iri": settings.base_iri, "build": uuid.uuid4().hex[:12]}) as w:
        _load_ontology(w, ctx, settings)
        with progress(total, "extracting") as advance:
            for job in results:
                advance()
                if job.refused is not None:
                    outcome.refused.append((Path(job.source).name, job.refused))
                    continue
                result = job.prepared
                if result.name in infos:
                    outcome.refused.append((job.source, f"another document is already named {result.name}"))
                    continue
                w.bulk(URIRef(result.graph), result.nquads)
                for stage, sec in result.seconds.items():
                    outcome.cpu[stage] = outcome.cpu.get(stage, 0.0) + sec
                infos[result.name] = result.info
                views[result.name] = result.views
                outcome.written.append(result.name)
                outcome.measures += len(result.views)
                outcome.warnings.extend(result.findings)
        t = time.process_time()
        hierarchy = infer(list(infos.values()))
        pairs = sorted(hierarchy.pairs().items())
        outcome.cpu["hierarchy"] = time.process_time() - t
        jobs = (pair_job(hierarchy, infos, child, ancestor, distance, views.get)
                for (child, ancestor), distance in pairs)
        with progress(len(pairs), "linking") as advance:
            for pair in mapper(workers.link, jobs):
                w.bulk(URIRef(pair.graph), pair.nquads)
                outcome.cpu["link"] = outcome.cpu.get("link", 0.0) + pair.seconds
                outcome.links += pair.links
                outcome.link_graphs += 1
                advance()
        t = time.monotonic()
    outcome.cpu["load (wall)"] = time.monotonic() - t  # the bulk load and commit, at the end of the session
    return _finish(outcome, store, len(infos), started)


def _check_base(store, settings: Config) -> None:
    built = store.info.get("base_iri")
    if built and built != settings.base_iri:
        raise StoreError(f"the knowledge base was built with base IRI {built}, "
                         f"not {settings.base_iri}: rebuild it or set POLICYKG_BASE_IRI={built}")


def _finish(outcome: Outcome, store: Store, documents: int, started: float) -> Outcome:
    outcome.version = store.version
    outcome.quads = store.count()
    outcome.documents = documents
    outcome.seconds = time.monotonic() - started
    return outcome


# ---------------------------------------------------------------- add and remove

def add(path, settings: Config, name: str | None = None) -> Outcome:
    """Add one document to the knowledge base, or replace the one of the same name."""
    path = Path(path)
    shop = Workshop(settings)
    overrides, parents = split_entry(read_manifest(path.parent).get(name or path.name))
    doc = shop.extract(path, overrides, name)
    return add_document(doc, settings, parents, shop)


def add_document(doc, settings: Config, parents: tuple[str, ...] | None = None, shop: Workshop | None = None,
                 replace: bool = True) -> Outcome:
    """Add records already extracted (an ``extract.Document``), replacing the document of the same name (or, with
    ``replace`` false, refusing to: ``DocumentExists``, and nothing is written)."""
    started = time.monotonic()
    shop = shop or Workshop(settings)
    prepared = shop.prepare_document(doc, parents, keep_triples=True)
    outcome = Outcome("add", written=[prepared.name], measures=len(prepared.views), warnings=prepared.findings)
    store = open_store(settings)
    _check_base(store, settings)
    with store.writer(note={"base_iri": settings.base_iri}) as w:
        if not replace and prepared.name in catalog.documents(w):
            raise DocumentExists(f"a document named {prepared.name} is in the knowledge base already; "
                                 f"send ?replace=true to replace it")
        if not w.graphs():
            _load_ontology(w, shop.ctx, settings)
        w.replace_graph(shop.ctx.ids.doc_graph(prepared.name), prepared.triples)
        docs = _relink(w, settings, shop.ctx, changed=prepared.name, fresh_views={prepared.name: prepared.views},
                       outcome=outcome)
    return _finish(outcome, store, docs, started)


def remove(name: str, settings: Config) -> Outcome:
    """Remove one document (by file name) and every audit link to or from it."""
    started = time.monotonic()
    ctx = BuildContext.from_dir(settings.ontology_dir, settings.base_iri)
    store = open_store(settings)
    outcome = Outcome("remove", removed=[name])
    _check_base(store, settings)
    with store.writer() as w:
        if name not in catalog.documents(w):
            raise NotInKnowledgeBase(f"{name} is not in the knowledge base {settings.kb_dir}")
        w.drop_graph(ctx.ids.doc_graph(name))
        docs = _relink(w, settings, ctx, changed=name, fresh_views={}, outcome=outcome)
    return _finish(outcome, store, docs, started)


def _load_ontology(w, ctx: BuildContext, settings: Config) -> None:
    for name in ONTOLOGY_FILES:
        w.load_turtle(ctx.ids.ontology_graph(), Path(settings.ontology_dir) / name)


def _relink(w, settings: Config, ctx: BuildContext, changed: str, fresh_views: dict, outcome: Outcome) -> int:
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


def summary(settings: Config) -> dict:
    """Version, counts and the document hierarchy of the knowledge base."""
    with open_store(settings) as store:
        (n_measures,), = store.query("SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Measure }").rows
        # a parent whose place does not hold the child's (平湖 under 苏州) is flagged where shown
        edges = catalog.hierarchy_edges(store, ids_for(store, settings))
        hierarchy = [{k: v for k, v in e.items() if k != "score"} for e in edges]
        return {"kb_dir": str(settings.kb_dir), "version": store.version, "documents": len(catalog.documents(store)),
                "measures": int(n_measures), "quads": store.count(), "hierarchy": hierarchy}
