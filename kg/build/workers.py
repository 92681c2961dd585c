"""Per-process work of a build: extract a document, make its graph, compute the audit links of a pair.

A build runs these in a process pool (``workers``), ``add`` and ``remove`` in
their own process; everything here is a function of its inputs, so it can run
anywhere. One document never hangs a build: extraction is stopped after
``extract_timeout`` seconds and the file refused.

The pool's side: ``start(settings)`` once per process, then ``prepare(job)`` per file (a ``DocumentJob``: the
prepared document or why the file was refused) and ``link(pair)`` per pair of documents (a ``LinkedPair``). A graph
that breaks the shapes raises ``ValidationError``, which the pool hands to the caller: the build stops on it.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from extract import Resources, extract_file
from extract.errors import ExtractError, ExtractTimeout

from kg.config import Config
from kg.store.nquads import to_nquads
from .graph import BuildContext, document_graph, link_graph
from .hierarchy import DocInfo, Hierarchy
from .links import Linker, MeasureView
from .validate import Finding, ValidationError, validator


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
class Prepared:
    """One document made ready to write: its graph as N-Quads, what hierarchy and linking need, its warnings."""

    name: str
    graph: str
    info: DocInfo
    views: list[MeasureView]
    nquads: bytes
    triples: list | None
    findings: list[Finding]
    seconds: dict = field(default_factory=dict)  # extract, graph, validate


@dataclass(frozen=True)
class DocumentJob:
    """What one file's job hands back: the prepared document, or why the file was refused (``refused``)."""

    source: str
    prepared: Prepared | None = None
    refused: str | None = None


@dataclass(frozen=True)
class LinkedPair:
    """What one pair's job hands back: the link graph as N-Quads, its number of links and the CPU seconds spent."""

    graph: str
    nquads: bytes
    links: int
    seconds: float


def split_entry(entry: dict | None) -> tuple[dict | None, tuple[str, ...] | None]:
    if not entry:
        return None, None
    overrides = {k: v for k, v in entry.items() if k not in ("file", "parents")}
    parents = tuple(entry["parents"]) if "parents" in entry else None
    return overrides, parents


class Workshop:
    """What preparing a document needs, loaded once per process."""

    def __init__(self, settings: Config):
        self.settings = settings
        self.resources = Resources.from_dir(settings.ontology_dir)
        self.ctx = BuildContext.from_dir(settings.ontology_dir, settings.base_iri)
        self.validator = validator(str(settings.ontology_dir)) if settings.validate else None
        self.max_bytes = settings.max_upload_mb * 1024 * 1024

    def prepare(self, path: Path, entry: dict | None, keep_triples: bool = False, name: str | None = None) -> Prepared:
        overrides, parents = split_entry(entry)
        started = time.process_time()
        doc = self.extract(path, overrides, name)
        prepared = self.prepare_document(doc, parents, keep_triples)
        prepared.seconds["extract"] = time.process_time() - started - sum(prepared.seconds.values())
        return prepared

    def extract(self, path: Path, overrides: dict | None = None, name: str | None = None):
        """The extractor's records of one file, stopped (``ExtractTimeout``) after ``extract_timeout`` seconds."""
        with time_limit(float(self.settings.extract_timeout), path.name):
            return extract_file(path, self.resources, max_bytes=self.max_bytes, name=name, overrides=overrides)

    def prepare_document(self, doc, parents: tuple[str, ...] | None = None, keep_triples: bool = False) -> Prepared:
        t0 = time.process_time()
        dg = document_graph(doc, self.ctx, parents)
        nquads = to_nquads(dg.graph, dg.triples)
        t1 = time.process_time()
        findings: list[Finding] = []
        if self.validator is not None:
            report = self.validator.validate(dg.triples)
            if not report.conforms:
                raise ValidationError(report)
            findings = list(report.findings)
        seconds = {"graph": t1 - t0, "validate": time.process_time() - t1}
        return Prepared(dg.name, str(dg.graph), dg.info, dg.measures, nquads, dg.triples if keep_triples else None,
                        findings, seconds)


_WORKSHOP: Workshop | None = None
_AUDITOR: Auditor | None = None


def start(settings: Config) -> None:
    """Load what this process's jobs need (a pool's initializer; a serial build calls it once)."""
    global _WORKSHOP, _AUDITOR
    _WORKSHOP = Workshop(settings)
    _AUDITOR = None


def workshop() -> Workshop:
    """This process's workshop (``start`` first)."""
    if _WORKSHOP is None:
        raise RuntimeError("workers.start(settings) was not called in this process")
    return _WORKSHOP


def prepare(job: tuple[Path, dict | None]) -> DocumentJob:
    """One file of a build: (path, its manifest entry) → the prepared document, or the reason it was refused."""
    path, entry = job
    try:
        return DocumentJob(str(path), prepared=workshop().prepare(path, entry))
    except ExtractError as exc:
        return DocumentJob(str(path), refused=exc.reason)


# ---------------------------------------------------------------- linking

class Auditor:
    """Computes the link graph of a (document, ancestor) pair."""

    def __init__(self, settings: Config, ctx: BuildContext):
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


def link(job: PairJob) -> LinkedPair:
    """One pair of a build: the audit links of a document to one ancestor, as N-Quads."""
    global _AUDITOR
    shop = workshop()
    if _AUDITOR is None:
        _AUDITOR = Auditor(shop.settings, shop.ctx)
    started = time.process_time()
    triples, n = _AUDITOR.pair_graph(job)
    graph = shop.ctx.ids.link_graph(job.child, job.ancestor)
    return LinkedPair(str(graph), to_nquads(graph, triples), n, time.process_time() - started)


def descriptor(hierarchy: Hierarchy, child: str, ancestor: str, distance: int) -> tuple[str, float]:
    """How a document came to be below an ancestor: the parent edge's method and score, or ``closure``."""
    for e in hierarchy.parents.get(child, []):
        if e.parent == ancestor:
            return e.method, e.score
    return "closure", 1.0
