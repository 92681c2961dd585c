"""The knowledge base on a SPARQL 1.1 server (issue 11): reads over the SPARQL Protocol, writes over the
Graph Store Protocol, HTTP Digest where the server asks for it.

Only ``kg.store`` imports this module (``open_store`` chooses it from the settings); the rest of ``kg``
sees the same ``Store`` interface as the embedded one. What lives in the server besides the documents'
named graphs, under ``urn:policykg:``:

    urn:policykg:meta            the committed version: <meta> :info "{json: version, counts, listing}" 
    urn:policykg:graphs/VERSION  the named graphs of that version and their triple counts
    urn:policykg:lock            the one writer: <lock/TOKEN> :expires "epoch" ; :version "next"
    urn:policykg:journal         what the running write session changed: graphs it created, graphs it saved
    urn:policykg:undo/HASH       a saved graph: its N-Triples compressed into literals (so that its triples stay out
                                 of every query's union while the session runs)

Every replica reads the version from ``urn:policykg:meta``, so they all see one version. A write session
takes the lock (adds itself, then checks it is alone, so two writers cannot both win), saves each graph
before it first replaces or drops it, and commits by adding one triple to the meta graph (the version with
the highest generation is current), the last write that matters. A session that dies (client or server killed) leaves its lock to expire; whoever next finds the
expired lock rolls the session back from the journal (or forward, if the meta graph already names its
version), so the knowledge base is the old version or the new one, never half of each. Readers that
query the server directly (trace, the SPARQL endpoint) see a running session's writes as they happen;
the search index changes only when the version does.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import re
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import httpx
import pyoxigraph as ox
from rdflib import URIRef

from kg.config import Config
from kg.vocab import PREFIXES, sparql_string
from .errors import KBLocked, StoreError
from .results import _rows, _serialize, _to_ox

NS = "urn:policykg:"
META, LOCK, JOURNAL = NS + "meta", NS + "lock", NS + "journal"
_NT = "application/n-triples"
_RESULTS = "application/sparql-results+xml"
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_VIRTUOSO_BNODE = re.compile(rb"<bnode>nodeID://")
VERSION_TTL = 1.0  # seconds a replica trusts the version it last read (another replica's write shows after this)


class StoreUnavailable(StoreError):
    """The SPARQL server does not answer (down, restarting, unreachable)."""

    http_status = 503
    code = "store-unavailable"


class ServerRefused(StoreError):
    """The SPARQL server answered with an error (a query it cannot run, a write it refuses)."""


def _undo(graph: str) -> str:
    return NS + "undo/" + hashlib.sha1(graph.encode("utf-8")).hexdigest()


class Server:
    """The HTTP side: one connection pool, the three endpoints, errors named."""

    def __init__(self, query_url: str, graph_store_url: str, update_url: str = "", user: str = "",
                 password: str = "", timeout: float = 120.0):
        if not query_url or not graph_store_url:
            raise StoreError("the sparql store needs POLICYKG_SPARQL_QUERY and POLICYKG_SPARQL_GRAPH_STORE")
        self.query_url, self.gsp_url = query_url, graph_store_url
        self.update_url = update_url or query_url
        self.state: tuple[float, dict] | None = None  # (when, committed info) last read by this process
        auth = httpx.DigestAuth(user, password) if user else None
        self.http = httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=5.0))

    def _send(self, method: str, url: str, **kw) -> httpx.Response:
        try:
            r = self.http.request(method, url, **kw)
        except httpx.TransportError as exc:
            raise StoreUnavailable(f"the SPARQL server at {url} does not answer ({type(exc).__name__})") from None
        if r.status_code in (502, 503, 504):
            raise StoreUnavailable(f"the SPARQL server at {url} is unavailable (HTTP {r.status_code})")
        if r.status_code >= 400:
            text = r.text.strip().splitlines()
            raise ServerRefused(f"the SPARQL server refused: HTTP {r.status_code} {text[0][:300] if text else ''}")
        return r

    def query(self, sparql: str):
        """A query's raw result: pyoxigraph solutions, a boolean, or a list of triples."""
        r = self._send("POST", self.query_url, data={"query": _PROLOGUE + sparql},
                       headers={"Accept": f"{_RESULTS}, {_NT};q=0.9"})
        ctype = r.headers.get("content-type", "").split(";")[0].strip()
        if ctype in (_NT, "text/plain", "text/ntriples"):
            return list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
        if ctype in ("text/turtle",):
            return list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
        body = _VIRTUOSO_BNODE.sub(b"<bnode>", r.content)  # Virtuoso's blank node labels are not valid ones
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)

    def update(self, sparql: str) -> None:
        self._send("POST", self.update_url, data={"update": sparql})

    def put(self, graph: str, ntriples: bytes) -> None:
        self._send("PUT", self.gsp_url, params={"graph": graph}, content=ntriples,
                   headers={"Content-Type": _NT})

    def get(self, graph: str) -> bytes:
        try:
            return self._send("GET", self.gsp_url, params={"graph": graph}, headers={"Accept": _NT}).content
        except ServerRefused as exc:
            if "HTTP 404" in str(exc):
                return b""
            raise

    def delete(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def close(self) -> None:
        self.http.close()


def _ntriples(triples) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _pack(saved: str, ntriples: bytes) -> bytes:
    """A graph's N-Triples kept as compressed text in a few literals (so its triples join no query; Virtuoso
    refuses a literal much over 10 k characters sent over the Graph Store Protocol)."""
    text = base64.b64encode(gzip.compress(ntriples, mtime=0)).decode("ascii")
    parts = [text[i:i + 8000] for i in range(0, len(text), 8000)] or [""]
    return _ntriples([ox.Triple(ox.NamedNode(f"{saved}/{i:06d}"), ox.NamedNode(NS + "chunk"), ox.Literal(part))
                      for i, part in enumerate(parts)])


def _unpack(rows) -> bytes:
    return gzip.decompress(base64.b64decode("".join(str(t) for _, t in sorted(rows, key=lambda r: str(r[0])))))


def _unique(ntriples: bytes) -> int:
    return len({line for line in ntriples.splitlines() if line.strip()})


class SparqlStore:
    """The knowledge base on a server, opened for reading; ``writer()`` starts a write session."""

    def __init__(self, server: Server, lock_timeout: float = 10.0, lease: float = 60.0):
        self.server = server
        self.lock_timeout = lock_timeout
        self.lease = lease
        self.info: dict = {}
        self._graphs: dict[str, int] = {}
        self._graphs_of: str | None = None
        self.reload()

    # ------------------------------------------------------------ reading

    def reload(self, max_age: float = 0.0) -> None:
        """Read the committed version (rolling back a writer that died, when its lease has run out); a
        reading at most ``max_age`` seconds old, made by any store of this process on the same server, will do."""
        cached = self.server.state
        if cached is not None and time.monotonic() - cached[0] < max_age:
            self.info = cached[1]
            return
        info, holders = _state(self.server)
        for holder, expires in holders.items():
            if expires < time.time():
                _recover(self.server, holder)
                info, _ = _state(self.server)
        self.server.state = (time.monotonic(), info)
        self.info = info

    def latest_version(self) -> str | None:
        """The committed version, read at most ``VERSION_TTL`` seconds ago (a replica asks before every
        request: without this, every request would wait for a round trip to the server, one at a time)."""
        self.reload(max_age=VERSION_TTL)
        return self.version

    @property
    def version(self) -> str | None:
        return self.info.get("version")

    def count(self) -> int:
        return int(self.info.get("quads", 0))

    def graphs(self) -> list[str]:
        return sorted(self._committed_graphs())

    def graph_keys(self) -> dict[str, str]:
        """Named graph → a key that changes when it is written (see ``EmbeddedStore.graph_keys``). The server
        keeps no per-graph version, so every graph's key is its triple count at the committed version: after
        a write, whatever follows the store graph by graph reads every graph again."""
        return {g: f"{n}@{self.version}" for g, n in self._committed_graphs().items()}

    def _committed_graphs(self) -> dict[str, int]:
        listing = self.info.get("graphs")
        if not listing:
            return {}
        if self._graphs_of != listing:
            rows = _rows(self.server.query(
                f"SELECT ?g ?n WHERE {{ GRAPH <{listing}> {{ ?g <{NS}triples> ?n }} }}"))
            self._graphs, self._graphs_of = {str(g): int(n) for g, n in rows.rows}, listing
        return self._graphs

    def query(self, sparql: str):
        return _rows(self.server.query(sparql))

    def serialized_query(self, sparql: str, form: str, fmt: str, row_limit: int) -> tuple[bytes, bool]:
        """A user's query for the SPARQL endpoint (see ``EmbeddedStore.serialized_query``)."""
        return _serialize(self.server.query(sparql), form, fmt, row_limit)

    def export(self, out: BinaryIO, fmt: str) -> None:
        fmts = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if fmt not in fmts:
            raise StoreError(f"unknown export format {fmt!r}")
        quads = [q for g in self.graphs() for q in self.graph_quads(g)]
        prefixes = PREFIXES if fmt in ("ttl", "jsonld", "trig") else None
        if fmt in ("nq", "trig"):
            ox.serialize(quads, out, fmts[fmt], prefixes=prefixes)
        else:
            ox.serialize((q.triple for q in quads), out, fmts[fmt], prefixes=prefixes)

    def graph_nquads(self, graph: str) -> bytes:
        return ox.serialize(self.graph_quads(graph), format=ox.RdfFormat.N_QUADS)

    def graph_quads(self, graph: str) -> list:
        g = ox.NamedNode(graph)
        return [ox.Quad(t.subject, t.predicate, t.object, g)
                for t in ox.parse(self.server.get(graph), format=ox.RdfFormat.N_TRIPLES)]

    def close(self) -> None:
        pass  # the connection pool stays open: a replica keeps one store for its life

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ writing

    @contextmanager
    def writer(self, fresh: bool = False, note: dict | None = None) -> Iterator["ServerWriter"]:
        """One write session: committed by the meta graph's rewrite when the block ends."""
        token = uuid.uuid4().hex
        self.reload()
        info = dict(self.info)
        generation = int(info.get("generation", 0)) + 1
        version = f"{generation}-{uuid.uuid4().hex[:8]}"
        _acquire(self.server, token, version, self.lease, self.lock_timeout)
        w = ServerWriter(self.server, token, self.lease, dict(self._committed_graphs()))
        try:
            self.server.delete(JOURNAL)
            if fresh:
                for g in list(w.graph_counts):
                    w.drop_graph(URIRef(g))
            yield w
            w.flush_bulk()
            listing = NS + "graphs/" + version
            self.server.put(listing, _ntriples([ox.Triple(ox.NamedNode(g), ox.NamedNode(NS + "triples"), ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
                                                for g, n in sorted(w.graph_counts.items())]))
            kept = {k: v for k, v in info.items()
                    if k not in ("version", "generation", "written", "quads", "graphs", "backend")}
            new_info = {**kept, "backend": "sparql", "generation": generation, "version": version,
                        "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        "quads": sum(w.graph_counts.values()), "graphs": listing, **(note or {})}
            _commit(self.server, new_info)
        except BaseException:
            try:
                _recover(self.server, _holder(token))
            except StoreError:
                pass  # the server is gone: the lock expires and the next reader rolls back
            raise
        _finish(self.server, _holder(token), old_listing=info.get("graphs"))
        self.reload()


class ServerWriter:
    """A write session on the server (see ``SparqlStore.writer``)."""

    def __init__(self, server: Server, token: str, lease: float, graph_counts: dict[str, int]):
        self.server, self.token, self.lease = server, token, lease
        self.graph_counts = graph_counts  # the session's view: graph → triples
        self._committed = set(graph_counts)
        self._saved: set[str] = set()
        self._created: set[str] = set()
        self._renewed = time.monotonic()
        self._bulk: list[tuple[str, bytes]] = []
        self._bulk_size = 0
        self._turtle: dict[str, set[bytes]] = {}

    # the journal comes first: a session that dies leaves enough to be undone
    def _journal(self, triples: list[str]) -> None:
        for i in range(0, len(triples), 400):
            self.server.update(f"INSERT DATA {{ GRAPH <{JOURNAL}> {{ {' '.join(triples[i:i + 400])} }} }}")

    def _renew(self) -> None:
        if time.monotonic() - self._renewed > self.lease / 4:
            _renew(self.server, self.token, self.lease)
            self._renewed = time.monotonic()

    def _prepare(self, graphs: list[str]) -> None:
        """Save the committed graphs among ``graphs`` not yet saved; journal the new ones as created."""
        self._renew()
        new = [g for g in graphs if g not in self._committed and g not in self._created]
        save = [g for g in graphs if g in self._committed and g not in self._saved]
        self._journal([f"<{g}> <{NS}created> true ." for g in new]
                      + [f"<{g}> <{NS}saved> <{_undo(g)}> ." for g in save])
        self._created.update(new)
        for g in save:
            self.server.put(_undo(g), _pack(_undo(g), self.server.get(g)))
            self._saved.add(g)

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple]) -> int:
        self.flush_bulk()
        g = str(graph)
        body = _ntriples([ox.Triple(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in triples])
        self._prepare([g])
        self.server.put(g, body)
        self.graph_counts[g] = n = _unique(body)
        return n

    def drop_graph(self, graph: URIRef) -> None:
        self.flush_bulk()
        g = str(graph)
        if g in self.graph_counts:
            self._prepare([g])
            self.server.delete(g)
            del self.graph_counts[g]

    def bulk(self, graph: URIRef, nquads: bytes) -> None:
        """One graph not yet in the store, as N-Quads: sent with others in a batch (one journal request,
        then one Graph Store PUT of N-Triples each)."""
        self._renew()
        triples = [q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)]
        self._bulk.append((str(graph), _ntriples(triples)))
        self._bulk_size += len(triples)
        if self._bulk_size >= 50_000:
            self.flush_bulk()

    def flush_bulk(self) -> None:
        if not self._bulk:
            return
        batch, self._bulk, self._bulk_size = self._bulk, [], 0
        self._prepare([g for g, _ in batch])
        for g, body in batch:
            self.server.put(g, body)
            self.graph_counts[g] = _unique(body)
            self._renew()

    def load_turtle(self, graph: URIRef, path: str | Path) -> None:
        """Add a Turtle file's triples to ``graph`` (sent as N-Triples: Virtuoso mangles some prefixed names)."""
        self.flush_bulk()
        g = str(graph)
        lines = self._turtle.setdefault(g, set())
        lines.update(line for line in _ntriples(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)))
                     .splitlines() if line.strip())
        body = b"\n".join(sorted(lines)) + b"\n"
        self._prepare([g])
        self.server.put(g, body)
        self.graph_counts[g] = len(lines)

    def query(self, sparql: str):
        self.flush_bulk()
        return _rows(self.server.query(sparql))

    def graphs(self) -> list[str]:
        return sorted(set(self.graph_counts) | {g for g, _ in self._bulk})


# ---------------------------------------------------------------- the lock, commit and recovery
#
# Only plain INSERT DATA and DELETE WHERE with a matching pattern are used: Virtuoso 7.2 silently does
# nothing for a DELETE/INSERT whose WHERE is only OPTIONAL, and ignores FILTER NOT EXISTS there.

def _state(server: Server) -> tuple[dict, dict[str, float]]:
    """(the committed info, the lock's holders and when each one's lease runs out), in one query."""
    rows = _rows(server.query(f"""SELECT ?info ?holder ?expires WHERE {{
        {{ GRAPH <{META}> {{ <{META}> <{NS}info> ?info }} }} UNION
        {{ GRAPH <{LOCK}> {{ ?holder <{NS}expires> ?expires }} }} }}""")).rows
    infos = [json.loads(str(i)) for i, _, _ in rows if i is not None]
    holders: dict[str, float] = {}
    for _, h, e in rows:
        if h is not None:
            holders[str(h)] = max(holders.get(str(h), 0.0), float(str(e)))
    # a commit adds the new info and tidying removes the old: the highest generation is the current one
    info = max(infos, key=lambda i: int(i.get("generation", 0)), default={})
    return info, holders


def _holder(token: str) -> str:
    return f"{NS}lock/{token}"


def _acquire(server: Server, token: str, version: str, lease: float, timeout: float) -> None:
    """Take the writers' lock in the server, waiting up to ``timeout`` seconds for a live holder.

    Each candidate adds itself, then reads the holders: it has the lock if it is the only one; otherwise it
    withdraws and tries again later (so of two racing candidates at most one wins, and a holder already in
    its session is never displaced)."""
    deadline = time.monotonic() + timeout
    me = _holder(token)
    while True:
        server.update(f"""INSERT DATA {{ GRAPH <{LOCK}> {{ <{me}> <{NS}expires> "{time.time() + lease}" ;
                            <{NS}version> "{version}" }} }}""")
        _, holders = _state(server)
        if set(holders) == {me}:
            return
        _release(server, me)
        for holder, expires in holders.items():
            if holder != me and expires < time.time():
                _recover(server, holder)
        if time.monotonic() >= deadline:
            raise KBLocked(f"the knowledge base on {server.update_url} is being written by another session; "
                           f"waited {timeout:g} s — try again when it has finished")
        time.sleep(0.1 + random.random() * 0.4)


def _renew(server: Server, token: str, lease: float) -> None:
    server.update(f'INSERT DATA {{ GRAPH <{LOCK}> {{ <{_holder(token)}> <{NS}expires> "{time.time() + lease}" }} }}')


def _release(server: Server, holder: str) -> None:
    server.update(f"DELETE WHERE {{ GRAPH <{LOCK}> {{ <{holder}> ?p ?o }} }}")


def _commit(server: Server, info: dict) -> None:
    """Make ``info`` the committed version: one triple added, so readers see all of it or none."""
    server.update(f"INSERT DATA {{ GRAPH <{META}> {{ <{META}> <{NS}info> "
                  f"{sparql_string(json.dumps(info, ensure_ascii=False))} }} }}")


def _journal_rows(server: Server) -> tuple[list[str], list[str]]:
    rows = _rows(server.query(f"SELECT ?g ?p WHERE {{ GRAPH <{JOURNAL}> {{ ?g ?p ?o }} }}")).rows
    created = [str(g) for g, p in rows if str(p) == NS + "created"]
    saved = [str(g) for g, p in rows if str(p) == NS + "saved"]
    return created, saved


def _finish(server: Server, holder: str, old_listing: str | None) -> None:
    """After a commit: drop the saved copies, the journal, older versions' info and listing; free the lock."""
    _, saved = _journal_rows(server)
    for g in saved:
        server.delete(_undo(g))
    if old_listing:
        server.delete(old_listing)
    info, _ = _state(server)
    rows = _rows(server.query(f"SELECT ?i WHERE {{ GRAPH <{META}> {{ <{META}> <{NS}info> ?i }} }}")).rows
    for (old,) in rows:
        if json.loads(str(old)).get("version") != info.get("version"):
            server.update(f"DELETE DATA {{ GRAPH <{META}> {{ <{META}> <{NS}info> {sparql_string(str(old))} }} }}")
    server.delete(JOURNAL)
    _release(server, holder)


def _recover(server: Server, holder: str) -> None:
    """Undo the session ``holder`` (dead, or failing): restore the graphs it saved, drop those it created —
    unless the meta graph already holds its version, when it committed and only the tidying was left."""
    rows = _rows(server.query(f"SELECT ?next WHERE {{ GRAPH <{LOCK}> {{ <{holder}> <{NS}version> ?next }} }}")).rows
    if not rows:
        _release(server, holder)
        return
    nxt = str(rows[0][0])
    info, _ = _state(server)
    if info.get("version") == nxt:
        _finish(server, holder, old_listing=None)
        return
    created, saved = _journal_rows(server)
    for g in created:
        server.delete(g)
    for g in saved:
        rows = _rows(server.query(f"SELECT ?s ?t WHERE {{ GRAPH <{_undo(g)}> {{ ?s <{NS}chunk> ?t }} }}")).rows
        if rows:
            server.put(g, _unpack(rows))
            server.delete(_undo(g))
    server.delete(NS + "graphs/" + nxt)
    server.delete(JOURNAL)
    _release(server, holder)


_SERVERS: dict[tuple, Server] = {}


def server_for(settings: Config) -> Server:
    """The server the settings name; one connection pool per process and server."""
    key = (settings.sparql_query, settings.sparql_graph_store, settings.sparql_update, settings.sparql_user,
           settings.sparql_password)
    if key not in _SERVERS:
        _SERVERS[key] = Server(settings.sparql_query, settings.sparql_graph_store, settings.sparql_update,
                               settings.sparql_user, settings.sparql_password)
    return _SERVERS[key]
