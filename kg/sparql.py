"""The read-only SPARQL endpoint's engine: queries only, within a time and a row limit.

A query runs in a child process that opens the knowledge base read-only, so
a runaway query (a cross product of every measure) is stopped at the time
limit without holding the server: the parent kills the child and answers
that the query took too long. Results stream out of the child and stop at
the row limit. Updates and federated ``SERVICE`` calls are refused before
anything runs.

Children are forked from a forkserver that has already imported the store
(and what the caller names: the program's main script is run again in every
child by multiprocessing, so the modules it imports belong there too), so a
child starts in tens of milliseconds instead of importing rdflib and
pyoxigraph afresh for every query.
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

PRELOAD = ("kg.store",)  # imported once by the forkserver, inherited by every child
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


def run(open_store, query: str, accept: str | None = None, fmt: str | None = None, timeout: float = 10.0,
        row_limit: int = 10000, max_chars: int = 20000) -> Result:
    """Run a read-only query in a child process. ``open_store`` is a picklable callable the child
    calls to open the knowledge base (read-only)."""
    form = check(query, max_chars)
    out_fmt = negotiate(form, accept, fmt)
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(open_store, query, form, out_fmt, row_limit, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise SparqlTimeout(f"the query took longer than the {timeout:g} s limit and was stopped")
        status, payload, truncated = parent.recv()
    except EOFError:
        raise SparqlError("the query could not be run") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()
    if status == "error":
        raise SparqlError(payload)
    return Result(payload, MEDIA[out_fmt], truncated)


def _child(open_store, query, form, out_fmt, row_limit, conn) -> None:
    try:
        store = open_store()
        body, truncated = store.serialized_query(query, form, out_fmt, row_limit)
        conn.send(("ok", body, truncated))
    except Exception as exc:  # the message of a parse or evaluation error, never a traceback
        conn.send(("error", _message(exc), False))
    finally:
        conn.close()


def _message(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = re.sub(r"(/[\w.\-]+)+", "", text)  # no paths in a message
    return f"the query is not valid SPARQL or could not be evaluated: {text[:300]}"
