"""The read-only SPARQL endpoint's engine: queries only, within a time and a row limit.

A query runs in a worker process that holds the knowledge base open
read-only (``sparql_workers.py``), so a runaway query (a cross product of
every measure) is stopped at the time limit without holding the server: the
parent kills the worker and answers that the query took too long. Results
stream out of the worker and stop at the row limit. Updates and federated
``SERVICE`` calls are refused before anything runs.

Workers are forked from a forkserver that has already imported the store
(and what the caller names: the program's main script is run again in every
child by multiprocessing, so the modules it imports belong there too), so a
replacement starts in tens of milliseconds instead of importing rdflib and
pyoxigraph afresh.
"""
from __future__ import annotations

import multiprocessing as mp
import re
from dataclasses import dataclass

_COMMENT = re.compile(r"#[^\n]*")
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_IRI = re.compile(r"<[^<>\s]*>")
_UPDATE = re.compile(r"\b(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
}
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "ttl": "text/turtle", "nt": "application/n-triples",
         "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


class SparqlError(ValueError):
    http_status = 400
    code = "bad-query"


class SparqlRefused(SparqlError):
    http_status = 403
    code = "forbidden"


class SparqlTimeout(SparqlError):
    http_status = 503
    code = "query-timeout"


class SparqlMemory(SparqlError):
    http_status = 503
    code = "query-memory"


@dataclass(frozen=True)
class Result:
    body: bytes
    media_type: str
    truncated: bool = False


def _scrub(query: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords inside them do not count."""
    q = _STRINGS.sub('""', query)
    q = _IRI.sub("<>", q)
    return _COMMENT.sub(" ", q)


def check(query: str, max_chars: int) -> str:
    """The query form (select, ask, construct, describe), or a refusal."""
    if not query or not query.strip():
        raise SparqlError("no query: pass ?query=…")
    if len(query) > max_chars:
        raise SparqlError(f"the query is over {max_chars} characters")
    bare = _scrub(query)
    m = _FORM.search(bare)
    if _UPDATE.search(bare) and (m is None or _UPDATE.search(bare).start() < m.start()):
        raise SparqlRefused("this endpoint is read-only: SPARQL updates are refused")
    if _SERVICE.search(bare):
        raise SparqlRefused("federated queries (SERVICE) are refused")
    if m is None:
        raise SparqlError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return m.group(1).lower()


def negotiate(form: str, accept: str | None, fmt: str | None = None) -> str:
    """The result format for a query form and an Accept header (or an explicit ``format``)."""
    table = GRAPH_TYPES if form in ("construct", "describe") else SELECT_TYPES
    if fmt:
        if fmt in table.values():
            return fmt
        raise SparqlError(f"format {fmt} is not available for {form.upper()} results")
    for part in (accept or "").split(","):
        mt = part.split(";")[0].strip().lower()
        if mt in table:
            return table[mt]
    return "ttl" if form in ("construct", "describe") else "json"


# ---------------------------------------------------------------- running

PRELOAD = ("kg.store.embedded",)  # imported once by the forkserver, inherited by every child
_preloaded = False


def _context(preload: tuple[str, ...] = ()):
    """The forkserver context, told what to preload before it first starts (later calls change nothing)."""
    global _preloaded
    ctx = mp.get_context("forkserver")  # a clean process to start from, whatever threads the server runs
    if not _preloaded:
        ctx.set_forkserver_preload(list(PRELOAD + tuple(preload)))
        _preloaded = True
    return ctx


def warm(preload: tuple[str, ...] = ()) -> None:
    """Start the forkserver now, with ``preload`` imported too (a server calls this before serving, so that
    its first query is not the slow one)."""
    from multiprocessing import forkserver

    _context(tuple(preload))
    forkserver.ensure_running()


_WORKERS = None


def workers(size: int, memory_mb: int = 0):
    """The process's pool of query workers (one per process, its size and memory cap the latest asked for:
    a new cap holds for the workers started after it)."""
    global _WORKERS
    from .sparql_workers import Workers

    if _WORKERS is None:
        _WORKERS = Workers(_context(), size, memory_mb)
    _WORKERS.size = size
    _WORKERS.memory_mb = memory_mb
    return _WORKERS


def run(open_store, query: str, accept: str | None = None, fmt: str | None = None, timeout: float = 10.0,
        row_limit: int = 10000, max_chars: int = 20000, processes: int = 4, memory_mb: int = 0) -> Result:
    """Run a read-only query in a worker process (at most ``processes`` of them, each under ``memory_mb`` MB of
    address space beyond its start; 0: no cap). ``open_store`` is a picklable callable the worker calls to open
    the knowledge base (read-only)."""
    from .sparql_workers import Broken, OutOfMemory, Stopped

    form = check(query, max_chars)
    out_fmt = negotiate(form, accept, fmt)
    try:
        status, payload, truncated = workers(processes, memory_mb).ask((open_store, query, form, out_fmt, row_limit),
                                                                       timeout)
    except Stopped:
        raise SparqlTimeout(f"the query took longer than the {timeout:g} s limit and was stopped") from None
    except OutOfMemory:
        raise SparqlMemory(f"the query needed more than the {memory_mb} MB memory limit and was stopped") from None
    except Broken:
        raise SparqlError("the query could not be run") from None
    if status == "error":
        raise SparqlError(payload)
    return Result(payload, MEDIA[out_fmt], truncated)
