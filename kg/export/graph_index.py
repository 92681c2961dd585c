"""The property graph as a table beside the search index: what the graph view walks.

The graph view asks for the nodes within one to three edges of a node. Holding
the whole property graph in memory, or walking it for each request, grows
with the knowledge base; this SQLite file of nodes and edges, indexed by both
ends of every edge, answers a neighbourhood with a few indexed lookups
(``kg.neighbourhood``) and keeps nothing in memory.

It follows the store as the search index does, graph by graph: ``refresh``
compares each named graph's key (``store.graph_keys()``) with the key it was
read at and re-reads only the graphs that changed or are new, dropping the
rows of those that are gone, one transaction per graph. A catch-up stopped by
its ``Timebox`` keeps what it did; the next one goes on from there. Rows are
per graph: an agency that k documents declare has k node rows, read as one.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from kg.timebox import Timebox
from .graph import agency_names, graph_records, named_graphs

SCHEMA_VERSION = 4  # 4: audit links carry share and supported
FILE = "graph.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS graphs (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (id TEXT NOT NULL, graph INTEGER NOT NULL, type TEXT NOT NULL, label TEXT,
                                  name TEXT, attrs TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_id ON nodes (id);
CREATE INDEX IF NOT EXISTS nodes_graph ON nodes (graph);
CREATE INDEX IF NOT EXISTS nodes_type ON nodes (type);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label);
CREATE INDEX IF NOT EXISTS nodes_name ON nodes (name);
CREATE TABLE IF NOT EXISTS edges (s TEXT NOT NULL, o TEXT NOT NULL, relation TEXT NOT NULL, graph INTEGER NOT NULL,
                                  attrs TEXT);
CREATE INDEX IF NOT EXISTS edges_s ON edges (s, relation, o);
CREATE INDEX IF NOT EXISTS edges_o ON edges (o, relation, s);
CREATE INDEX IF NOT EXISTS edges_graph ON edges (graph);
CREATE TABLE IF NOT EXISTS names (name TEXT NOT NULL, agency TEXT NOT NULL, graph INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS names_name ON names (name);
CREATE INDEX IF NOT EXISTS names_graph ON names (graph);
"""


class GraphIndex:
    """One SQLite file; ``refresh(store)`` before reading. Safe to share between threads (one lock)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # the connection: one statement or transaction at a time
        self._refreshing = threading.Lock()  # one catch-up at a time (it reads graphs between transactions)
        self._local = threading.local()  # each thread's reading connection
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self.generation = 0  # counts the refreshes that changed something (for what readers derive and keep)
        self._derived: dict[str, tuple[int, object]] = {}
        with self._lock:
            if self._meta("schema") != str(SCHEMA_VERSION):
                for table in ("meta", "graphs", "nodes", "edges", "names"):
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------ following the store

    def refresh(self, store, timebox: Timebox | None = None) -> tuple[int, int]:
        """Re-read the graphs whose key changed, drop those the store no longer holds: (read, dropped).
        Writes go through one connection, under a lock; readers have their own (``reader``)."""
        timebox = timebox or Timebox()
        with self._held(self._refreshing, timebox):
            if self._meta_locked("version") == str(store.version) and store.version is not None:
                return 0, 0
            keys = store.graph_keys()
            with self._lock:
                have = dict(self._db.execute("SELECT name, key FROM graphs"))
            gone = [g for g in have if g not in keys]
            changed = [g for g, k in keys.items() if have.get(g) != k]
            for name in gone:
                timebox.check()
                with self._transaction():
                    self._drop(name)
            for name, graph in named_graphs(store, changed, timebox):
                nodes, edges = graph_records(graph)
                names = agency_names(graph)
                timebox.check()
                with self._transaction():
                    self._drop(name)
                    gid = self._db.execute("INSERT INTO graphs (name, key) VALUES (?, ?)",
                                           (name, keys[name])).lastrowid
                    self._db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?)", (
                        (n, gid, a["type"], a.get("label"), a.get("measure_id") or a.get("file"),
                         json.dumps(a, ensure_ascii=False)) for n, a in nodes))
                    self._db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)", (
                        (s, o, a["relation"], gid, _extra(a)) for s, o, a in edges))
                    self._db.executemany("INSERT INTO names VALUES (?, ?, ?)", ((n, a, gid) for n, a in names))
            with self._transaction():
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(store.version),))
            if gone or changed:
                self.generation += 1
            return len(changed), len(gone)

    def _drop(self, name: str) -> None:
        row = self._db.execute("SELECT id FROM graphs WHERE name = ?", (name,)).fetchone()
        if row is None:
            return
        for table in ("nodes", "edges", "names"):
            self._db.execute(f"DELETE FROM {table} WHERE graph = ?", row)
        self._db.execute("DELETE FROM graphs WHERE id = ?", row)

    def _meta_locked(self, key: str) -> str | None:
        with self._lock:
            return self._meta(key)

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no table yet
            return None
        return row[0] if row else None

    # ------------------------------------------------------------ reading: each thread its own connection

    def reader(self) -> sqlite3.Connection:
        """This thread's connection for reading (WAL: a reader never waits for a catch-up's transaction)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.path, isolation_level=None)
            db.execute("PRAGMA temp_store=MEMORY")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (id TEXT PRIMARY KEY)")
        return db

    def query(self, sql: str, params=()) -> list[tuple]:
        return self.reader().execute(sql, params).fetchall()

    @contextmanager
    def chosen(self, ids):
        """This thread's connection with ``ids`` in its temporary table ``chosen`` (to join with)."""
        db = self.reader()
        db.execute("BEGIN")  # one transaction for the rows, not one each
        db.execute("DELETE FROM chosen")
        db.executemany("INSERT OR IGNORE INTO chosen VALUES (?)", ((n,) for n in ids))
        db.execute("COMMIT")
        yield db

    def query_chosen(self, ids, sql: str) -> list[tuple]:
        """``sql`` run with ``ids`` in the temporary table ``chosen`` (nothing to run for no ids)."""
        ids = list(ids)
        if not ids:
            return []
        with self.chosen(ids) as db:
            return db.execute(sql).fetchall()

    def nodes(self, ids) -> dict[str, dict]:
        """Id → attributes of the given nodes that exist (one row of the several that may declare one)."""
        with self.chosen(ids) as db:
            return {n: json.loads(attrs) for n, attrs in db.execute(
                "SELECT id, attrs FROM nodes WHERE rowid IN (SELECT (SELECT n.rowid FROM nodes n WHERE n.id = c.id "
                "LIMIT 1) FROM chosen c)")}

    def derived(self, name: str, make):
        """What a reader derives from the whole table (the plan hierarchy's tiers), kept until it changes."""
        kept = self._derived.get(name)
        if kept is None or kept[0] != self.generation:
            kept = self._derived[name] = (self.generation, make())
        return kept[1]

    # ------------------------------------------------------------ locking

    @staticmethod
    @contextmanager
    def _held(lock: threading.Lock, timebox: Timebox):
        """A lock, waited for in short steps so that a timebox can stop the wait."""
        while not lock.acquire(timeout=0.1):
            timebox.check()
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def _transaction(self):
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")


def _extra(attrs: dict) -> str | None:
    """An edge's attributes beside its relation and label, as JSON (None when it has none)."""
    extra = {k: v for k, v in attrs.items() if k not in ("relation", "label")}
    return json.dumps(extra, ensure_ascii=False) if extra else None


def edge_attrs(relation: str, extra: str | None) -> dict:
    """An edge's attributes as the export has them, from its row."""
    return {"relation": relation, "label": relation, **(json.loads(extra) if extra else {})}
