"""The knowledge base's store: the one interface the rest of ``kg`` sees, and the one place a backend is chosen.

Only ``kg.store``'s modules touch the RDF backend (pyoxigraph) or a server (httpx).

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
(``kg.store.embedded``) or ``sparql`` (``kg.store.server``: a SPARQL 1.1 server, its version
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

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ContextManager, Iterable, Protocol

from rdflib import URIRef

from kg.config import Config
from .errors import KBCorrupt, KBLocked, StoreError  # noqa: F401  (re-exported: kg.store is their home for callers)
from .nquads import content_hash, parse_nquads  # noqa: F401

if TYPE_CHECKING:
    from .results import Rows


class WriteSession(Protocol):
    """What a write session offers; everything written becomes visible at once when the session ends."""

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple]) -> int: ...

    def drop_graph(self, graph: URIRef) -> None: ...

    def bulk(self, graph: URIRef, nquads: bytes) -> None: ...  # a graph not yet in the store, as N-Quads (fast path)

    def load_turtle(self, graph: URIRef, path: str | Path) -> None: ...

    def query(self, sparql: str): ...

    def graphs(self) -> list[str]: ...


class Store(Protocol):
    """The knowledge base as the rest of ``kg`` sees it. ``EmbeddedStore`` is one; ``kg.store.server.SparqlStore``
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


def open_store(where: Config | str | Path, lock_timeout: float | None = None) -> Store:
    """The knowledge base: ``where`` is the settings (the ``store`` setting chooses the backend) or, for the
    embedded store, a knowledge-base directory. Empty if nothing was written there yet.

    The one place a backend is chosen: nothing outside ``kg.store`` knows which runs."""
    if isinstance(where, (str, Path)):
        from .embedded import EmbeddedStore

        return EmbeddedStore(where, lock_timeout=10.0 if lock_timeout is None else lock_timeout)
    settings = where
    timeout = settings.lock_timeout if lock_timeout is None else lock_timeout
    if settings.store == "embedded":
        from .embedded import EmbeddedStore

        return EmbeddedStore(settings.kb_dir, lock_timeout=timeout)
    if settings.store == "sparql":
        from .server import SparqlStore, server_for

        return SparqlStore(server_for(settings), lock_timeout=timeout, lease=settings.sparql_lease)
    raise StoreError(f"unknown store {settings.store!r}: choose embedded or sparql")
