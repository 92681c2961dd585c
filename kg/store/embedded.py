"""The embedded store: Oxigraph (pyoxigraph, RocksDB on disk) in the knowledge-base directory, in generations
committed atomically (the directory's layout and the write session are described in ``kg.store``)."""
from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from kg.vocab import PREFIXES
from .errors import KBCorrupt, KBLocked, StoreError
from .kbdir import write_atomic, write_lock
from .results import _rows, _serialize, _to_ox

FORMAT_VERSION = 1
_OWN_KEYS = {"format", "backend", "current", "generation", "version", "written", "quads"}


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
