"""The only module that touches the RDF backend.

The rest of ``kg`` sees one small interface, so that a SPARQL 1.1 server
(issue 11: SPARQL Protocol reads, Graph Store Protocol writes) can replace the
embedded store behind it:

    store = open_store(kb_dir)          # read: query, count, graphs, export, version
    store.query(sparql) -> Rows | bool | list[triple]
    with store.writer(fresh=False) as w:  # one exclusive write session
        w.replace_graph(iri, triples)   # load or replace one named graph
        w.drop_graph(iri)
        w.query(sparql)                 # reads see the session's own writes
    # leaving the block commits every change at once and gives a new ``version``

SELECT rows cross the interface as Python values (IRIs as rdflib ``URIRef``,
literals as ``str``/``int``/``Decimal``/``float``/``bool``/``date``, language-tagged
strings as rdflib ``Literal``); triples as rdflib terms. SPARQL is the only
query language.
Queries see the union of the named graphs as their default graph.

``open_store(settings)`` chooses the backend by the ``store`` setting: ``embedded``
(this module) or ``sparql`` (``kg.server_store``: a SPARQL 1.1 server, its version
kept in the server so that every replica sees the same one). ``latest_version()``
tells a long-lived reader (a replica) when to reopen.

The embedded backend is Oxigraph (pyoxigraph, RocksDB on disk), chosen by
measurement (``benchmarks/``). A knowledge base directory holds:

    kb.json                  which generation is current, its version, counts (replaced atomically, last)
    write.lock               held (flock) by the one process writing
    store/gen-NNNNNNNN/      Oxigraph databases; only the current one is ever read
    store/gen-NNNNNNNN.readers   flock held shared by readers of that generation
    search/                  left to the search index (the store never touches it)

A write session copies the current generation (a RocksDB checkpoint: hard
links, no data copied) or starts an empty one, writes into the copy, and
commits by replacing ``kb.json``; a process killed at any point leaves the
previous generation current and intact. Readers never open a generation
that is being written. A second writer waits ``lock_timeout`` seconds for the
first, then is refused with ``KBLocked``.
"""
from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import json
import re
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, ContextManager, Iterable, Iterator, Protocol

import pyoxigraph as ox
from rdflib import URIRef

from .kbdir import write_atomic, write_lock
from .results import _XSD, Rows, _rows, _serialize, _to_ox  # noqa: F401  (Rows: re-exported)
from .store_errors import KBCorrupt, KBLocked, StoreError  # noqa: F401  (re-exported: kg.store is their home for callers)
from .vocab import PREFIXES

FORMAT_VERSION = 1
_OWN_KEYS = {"format", "backend", "current", "generation", "version", "written", "quads"}


# ---------------------------------------------------------------- the interface

class WriteSession(Protocol):
    """What a write session offers; everything written becomes visible at once when the session ends."""

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple]) -> int: ...

    def drop_graph(self, graph: URIRef) -> None: ...

    def bulk(self, graph: URIRef, nquads: bytes) -> None: ...  # a graph not yet in the store, as N-Quads (fast path)

    def load_turtle(self, graph: URIRef, path: str | Path) -> None: ...

    def query(self, sparql: str): ...

    def graphs(self) -> list[str]: ...


class Store(Protocol):
    """The knowledge base as the rest of ``kg`` sees it. ``EmbeddedStore`` is one; ``server_store.SparqlStore``
    (SPARQL Protocol reads, Graph Store Protocol writes, the version in a metadata graph) is the other,
    chosen by ``open_store``."""

    info: dict

    @property
    def version(self) -> str | None: ...

    def latest_version(self) -> str | None: ...  # the version committed last, by any process or replica

    def query(self, sparql: str) -> "Rows | bool | list": ...

    def graphs(self) -> list[str]: ...

    def count(self) -> int: ...

    def export(self, out: BinaryIO, fmt: str) -> None: ...

    def graph_nquads(self, graph: str) -> bytes: ...  # one named graph (what a migration copies)

    def graph_keys(self) -> dict[str, str]: ...  # named graph → a key that changes when the graph is written

    def serialized_query(self, sparql: str, form: str, fmt: str, row_limit: int) -> tuple[bytes, bool]: ...

    def writer(self, fresh: bool = False, note: dict | None = None) -> ContextManager[WriteSession]: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- term conversion

class _Oxigraph:
    """Queries over one opened Oxigraph database (shared by readers and write sessions), and its mirror:
    every named graph also as one N-Quads file (what exports and bulk copies read: Oxigraph on disk decodes
    terms one by one, so reading a whole graph back from it is far slower than reading the text)."""

    def __init__(self, db: ox.Store | None, mirror: Path | None = None):
        self._db = db
        self._mirror = mirror

    def query(self, sparql: str):
        if isinstance(self, Writer):
            self.flush_bulk()
        if self._db is None:
            self._db = ox.Store()  # an empty knowledge base answers every query with nothing
        return _rows(self._db.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES))

    def serialized_query(self, sparql: str, form: str, fmt: str, row_limit: int) -> tuple[bytes, bool]:
        """A user's query for the SPARQL endpoint: its results serialized (json, xml, csv, tsv; ttl, nt,
        jsonld, rdfxml), at most ``row_limit`` rows, and whether it was cut there."""
        if self._db is None:
            self._db = ox.Store()
        raw = self._db.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        return _serialize(raw, form, fmt, row_limit)

    def graphs(self) -> list[str]:
        if self._db is None:
            return []
        return sorted(g.value for g in self._db.named_graphs())

    def quad_count(self) -> int:
        return 0 if self._db is None else len(self._db)

    def graph_nquads(self, graph: str) -> bytes:
        """One named graph as N-Quads (what a migration copies)."""
        if self._mirror is not None and _mirror_file(self._mirror, graph).is_file():
            return gzip.decompress(_mirror_file(self._mirror, graph).read_bytes())
        if self._db is None:
            return b""
        return ox.serialize(self._db.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
                            format=ox.RdfFormat.N_QUADS)

    def export(self, out: BinaryIO, fmt: str) -> None:
        """The union of all graphs (``nt``, ``ttl``, ``jsonld``) or the dataset (``nq``, ``trig``)."""
        fmts = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if fmt not in fmts:
            raise StoreError(f"unknown export format {fmt!r}")
        prefixes = PREFIXES if fmt in ("ttl", "jsonld", "trig") else None
        if self._mirror is not None and self._mirror.is_dir():
            # the union: each triple once per graph that holds it (an agency named by two documents is
            # written twice; RDF readers take a graph as a set)
            quads = _mirror_quads(self._mirror)
            if fmt in ("nq", "trig"):
                ox.serialize(quads, out, fmts[fmt], prefixes=prefixes)
            else:
                ox.serialize((q.triple for q in quads), out, fmts[fmt], prefixes=prefixes)
            return
        db = self._db if self._db is not None else ox.Store()
        if fmt in ("nq", "trig"):
            db.dump(out, fmts[fmt], prefixes=prefixes)
            return
        triples = db.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                           use_default_graph_as_union=True)
        ox.serialize(triples, out, fmts[fmt], prefixes=prefixes)


def _mirror_file(mirror: Path, graph: str) -> Path:
    return mirror / (hashlib.sha1(str(graph).encode("utf-8")).hexdigest()[:24] + ".nq.gz")


def _mirror_quads(mirror: Path):
    for path in sorted(mirror.glob("*.nq.gz")):
        yield from ox.parse(gzip.decompress(path.read_bytes()), format=ox.RdfFormat.N_QUADS)


def _write_file(path: Path, data: bytes) -> None:
    """A new gzip file under ``path`` (never rewriting in place: the old one may be a hard link another
    generation reads)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(gzip.compress(data, compresslevel=1, mtime=0))
    os.replace(tmp, path)


class Writer(_Oxigraph):
    """A write session on a fresh copy of the knowledge base (see ``EmbeddedStore.writer``)."""

    def __init__(self, db, mirror: Path, spool: Path | None = None):
        super().__init__(db, mirror)
        self._spool_path = spool
        self._spool = None

    def bulk(self, graph: URIRef, nquads: bytes) -> None:
        """One graph not yet in the store, as N-Quads: spooled to a file and bulk-loaded at once (a build's
        fast path: appending to a file leaves the other threads and processes of a build free to work)."""
        if self._spool is None:
            self._spool = open(self._spool_path, "wb") if self._spool_path else io.BytesIO()
        self._spool.write(nquads)
        _write_file(_mirror_file(self._mirror, graph), nquads)

    def flush_bulk(self) -> None:
        if self._spool is None:
            return
        spool, self._spool = self._spool, None
        if isinstance(spool, io.BytesIO):
            self._db.bulk_load(spool.getvalue(), ox.RdfFormat.N_QUADS)
            return
        spool.close()
        try:
            self._db.bulk_load(path=str(self._spool_path), format=ox.RdfFormat.N_QUADS)
        finally:
            Path(self._spool_path).unlink(missing_ok=True)

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple]) -> int:
        self.flush_bulk()
        g = ox.NamedNode(str(graph))
        self._db.remove_graph(g) if self._db.contains_named_graph(g) else None
        quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), g) for s, p, o in triples]
        self._db.extend(quads)
        _write_file(_mirror_file(self._mirror, graph), ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        return len(quads)

    def load_turtle(self, graph: URIRef, path: str | Path) -> None:
        self.flush_bulk()
        g = ox.NamedNode(str(graph))
        self._db.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=g)
        _write_file(_mirror_file(self._mirror, graph),
                    ox.serialize(self._db.quads_for_pattern(None, None, None, g), format=ox.RdfFormat.N_QUADS))

    def drop_graph(self, graph: URIRef) -> None:
        self.flush_bulk()
        g = ox.NamedNode(str(graph))
        if self._db.contains_named_graph(g):
            self._db.remove_graph(g)
        _mirror_file(self._mirror, graph).unlink(missing_ok=True)


class EmbeddedStore(_Oxigraph):
    """A knowledge base directory, opened for reading; ``writer()`` starts a write session."""

    def __init__(self, kb_dir: str | Path, lock_timeout: float = 10.0):
        self.dir = Path(kb_dir)
        self.lock_timeout = lock_timeout
        self._reader_lock = None
        self.info = self._read_info()
        super().__init__(self._open_current(), self._current_mirror())

    # ------------------------------------------------------------ reading

    @property
    def version(self) -> str | None:
        return self.info.get("version")

    def latest_version(self) -> str | None:
        """The version written last, by any process (this object may still show an older one)."""
        return self._read_info().get("version")

    def count(self) -> int:
        """Quads in the knowledge base (counted at the last write)."""
        return int(self.info.get("quads", 0))

    def is_current(self) -> bool:
        """Whether this store still reads the current version (a long-lived reader reopens when not)."""
        try:
            return self._read_info().get("version") == self.version
        except KBCorrupt:
            return False

    def graph_keys(self) -> dict[str, str]:
        """Named graph → a key that changes whenever the graph is written again: its mirror file's identity (a
        write replaces the file; a graph left alone keeps the hard link it had). What follows the store graph
        by graph (the graph view's table) re-reads only the graphs whose key changed."""
        keys = {}
        for graph in self.graphs():
            try:
                st = _mirror_file(self._mirror, graph).stat() if self._mirror is not None else None
            except OSError:
                st = None
            keys[graph] = f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}" if st else f"@{self.version}"
        return keys

    def close(self) -> None:
        self._db = None
        if self._reader_lock is not None:
            self._reader_lock.close()
            self._reader_lock = None

    def __del__(self):
        # a store the service replaced is closed (its generation released) when its last user drops it
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _current_mirror(self) -> Path | None:
        current = self.info.get("current")
        return self.dir / "store" / f"{current}.graphs" if current else None

    def _read_info(self) -> dict:
        path = self.dir / "kb.json"
        if not path.exists():
            return {}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KBCorrupt(f"{path}: unreadable ({exc})") from exc

    def _open_current(self) -> ox.Store | None:
        for _ in range(5):
            current = self.info.get("current")
            if not current:
                return None
            gen = self.dir / "store" / current
            lock = open(self.dir / "store" / f"{current}.readers", "a+")
            fcntl.flock(lock, fcntl.LOCK_SH)
            if gen.is_dir():
                self._reader_lock = lock
                try:
                    return ox.Store.read_only(str(gen))
                except OSError as exc:
                    raise KBCorrupt(f"{gen}: cannot open ({exc})") from exc
            lock.close()  # swapped and cleaned between reading kb.json and locking: read again
            self.info = self._read_info()
        raise KBCorrupt(f"{self.dir}: the current generation keeps disappearing")

    # ------------------------------------------------------------ writing

    @contextmanager
    def writer(self, fresh: bool = False, note: dict | None = None) -> Iterator[Writer]:
        """One write session: everything written becomes current at once when the block ends."""
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "store").mkdir(exist_ok=True)
        with write_lock(self.dir / "write.lock", self.lock_timeout, KBLocked):
            info = self._read_info()
            self._clean(keep={info.get("current")})
            generation = int(info.get("generation", 0)) + 1
            name = f"gen-{generation:08d}"
            target = self.dir / "store" / name
            mirror = self.dir / "store" / f"{name}.graphs"
            for stale in (target, mirror):
                if stale.exists():
                    shutil.rmtree(stale)
            mirror.mkdir()
            current = info.get("current")
            try:
                if not fresh and current and (self.dir / "store" / current).is_dir():
                    ox.Store.read_only(str(self.dir / "store" / current)).backup(str(target))
                    old_mirror = self.dir / "store" / f"{current}.graphs"
                    for f in old_mirror.glob("*.nq.gz") if old_mirror.is_dir() else ():
                        os.link(f, mirror / f.name)
                db = ox.Store(str(target))
            except BaseException:  # a full disk, say: the half-made copy goes at once, not at the next write
                shutil.rmtree(target, ignore_errors=True)
                shutil.rmtree(mirror, ignore_errors=True)
                raise
            w = Writer(db, mirror, spool=self.dir / "store" / f"{name}.spool.nq")
            try:
                yield w
                w.flush_bulk()
                db.flush()
                quads = len(db)
            except BaseException:
                if w._spool is not None:
                    w._spool.close()
                w._db = None
                del db
                shutil.rmtree(target, ignore_errors=True)
                shutil.rmtree(mirror, ignore_errors=True)
                (self.dir / "store" / f"{name}.spool.nq").unlink(missing_ok=True)
                raise
            w._db = None
            del db
            kept = {k: v for k, v in info.items() if k not in _OWN_KEYS}
            new_info = {
                **kept,
                "format": FORMAT_VERSION,
                "backend": "oxigraph",
                "current": name,
                "generation": generation,
                "version": f"{generation}-{uuid.uuid4().hex[:8]}",
                "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "quads": quads,
                **(note or {}),
            }
            write_atomic(self.dir / "kb.json", json.dumps(new_info, ensure_ascii=False, indent=2) + "\n")
            self._clean(keep={name, current})
        # the session's store becomes this object's view
        self.close()
        self.info = self._read_info()
        self._db = self._open_current()
        self._mirror = self._current_mirror()

    def _clean(self, keep: set) -> None:
        """Remove generations no longer current: leftovers of killed writers and old ones nobody reads."""
        store = self.dir / "store"
        gens = sorted(p for p in store.glob("gen-*") if p.is_dir() and not p.name.endswith(".graphs"))
        keep = {k for k in keep if k}
        for spool in store.glob("gen-*.spool.nq"):  # left by a killed build
            if spool.name.split(".")[0] not in keep:
                spool.unlink(missing_ok=True)
        for mirror in store.glob("gen-*.graphs"):
            if mirror.name.split(".")[0] not in keep and not (store / mirror.name.split(".")[0]).is_dir():
                shutil.rmtree(mirror, ignore_errors=True)
        for gen in gens:
            if gen.name in keep or gen.name.endswith(".graphs"):
                continue
            lock_path = store / f"{gen.name}.readers"
            with open(lock_path, "a+") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # somebody still reads it
                shutil.rmtree(gen, ignore_errors=True)
                shutil.rmtree(store / f"{gen.name}.graphs", ignore_errors=True)
            lock_path.unlink(missing_ok=True)


def open_store(where, lock_timeout: float | None = None) -> Store:
    """The knowledge base: ``where`` is the settings (the ``store`` setting chooses the backend) or, for the
    embedded store, a knowledge-base directory. Empty if nothing was written there yet.

    The one place a backend is chosen: nothing outside ``kg.store`` and ``kg.server_store`` knows which runs."""
    if isinstance(where, (str, Path)):
        return EmbeddedStore(where, lock_timeout=10.0 if lock_timeout is None else lock_timeout)
    settings = where
    timeout = settings.lock_timeout if lock_timeout is None else lock_timeout
    if settings.store == "embedded":
        return EmbeddedStore(settings.kb_dir, lock_timeout=timeout)
    if settings.store == "sparql":
        from .server_store import SparqlStore, server_for

        return SparqlStore(server_for(settings), lock_timeout=timeout, lease=settings.sparql_lease)
    raise StoreError(f"unknown store {settings.store!r}: choose embedded or sparql")


def _canonical(quad):
    """A quad with its decimal written the one way stores keep it (the text written says ``4.0``, Oxigraph
    and Virtuoso store ``4``)."""
    o = quad.object
    if isinstance(o, ox.Literal) and o.datatype.value == _XSD + "decimal":
        try:
            text = format(Decimal(o.value).normalize(), "f")
        except ArithmeticError:
            return quad
        return ox.Quad(quad.subject, quad.predicate, ox.Literal(text, datatype=o.datatype), quad.graph_name)
    return quad


def content_hash(store) -> tuple[int, str]:
    """(quads, SHA-256 of the dataset): every named graph's quads, re-serialized one way and sorted, so two
    backends holding the same knowledge base give the same hash whatever escapes and decimal forms they use."""
    digest, n = hashlib.sha256(), 0
    for graph in sorted(store.graphs()):
        lines = sorted({ox.serialize([_canonical(q)], format=ox.RdfFormat.N_QUADS)
                        for q in ox.parse(store.graph_nquads(graph), format=ox.RdfFormat.N_QUADS)})
        n += len(lines)
        for line in lines:
            digest.update(line)
    return n, digest.hexdigest()


class Tagged(str):
    """A language-tagged literal's text, with its ``language``."""

    language: str


# one quad as the mirror files and the servers write them: IRIs, a literal plain, typed or tagged, a graph
_QUAD = re.compile(r'^<([^>\n]*)> <([^>\n]*)> (?:<([^>\n]*)>|"((?:[^"\\\n]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<[^>\n]*>)?)'
                   r' <[^>\n]*> \.\n', re.MULTILINE)
_ESCAPED = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if (m.group(1) or m.group(2))
                        else _ESCAPES.get(m.group(3), m.group(0)), text)


def parse_nquads(data: bytes) -> dict[str, dict[str, list[str]]]:
    """The triples of N-Quads text (``graph_nquads``) by subject and predicate: ``out[s][p]`` lists the
    objects, as strings (an IRI as itself, a literal as its text; a ``Tagged`` one with its ``language``).
    A regular expression reads the lines Oxigraph and ``kg.nquads`` write, in about half the time of
    pyoxigraph's terms; text it does not read whole (a blank node, an escaped IRI) goes to pyoxigraph."""
    text = data.decode("utf-8")
    out: dict[str, dict[str, list]] = {}
    n = 0
    for s, p, iri, literal, language in _QUAD.findall(text):
        n += 1
        if iri:
            o = iri
        else:
            o = _unescape(literal) if "\\" in literal else literal
            if language:
                o = Tagged(o)
                o.language = language.lower()
        of = out.get(s)
        if of is None:
            of = out[s] = {}
        values = of.get(p)
        if values is None:
            of[p] = [o]
        else:
            values.append(o)
    if n == text.count("\n"):
        return out
    return _parsed(data)


def _parsed(data: bytes) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list]] = {}
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        o = q.object
        value = o.value
        if isinstance(o, ox.Literal) and o.language:
            value = Tagged(value)
            value.language = o.language
        out.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(value)
    return out


def export_bytes(store, fmt: str) -> bytes:
    buf = io.BytesIO()
    store.export(buf, fmt)
    return buf.getvalue()


# ---------------------------------------------------------------- SPARQL results
