"""Copying a knowledge base between stores (``policykg migrate``): embedded → server and back.

The copy is one fresh write session on the target (so the target holds the old knowledge base or the
whole new one), graph by graph over the bulk path; it is then verified: the same number of quads and the
same hash (``kg.store.content_hash``) on both sides, or ``MigrationMismatch``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from rdflib import URIRef

from kg.store import StoreError, content_hash

_CARRIED = ("base_iri", "build")  # what the target must know of the source's build


class MigrationMismatch(StoreError):
    pass


@dataclass
class Migration:
    graphs: int
    quads: int
    hash: str
    version: str | None
    seconds: float

    def to_json(self) -> dict:
        return {"graphs": self.graphs, "quads": self.quads, "hash": self.hash, "version": self.version,
                "seconds": round(self.seconds, 2)}


def migrate(source, target) -> Migration:
    """Replace ``target``'s knowledge base with a verified copy of ``source``'s."""
    started = time.monotonic()
    if not source.version:
        raise StoreError("the source knowledge base is empty: nothing to migrate")
    graphs = source.graphs()
    note = {k: source.info[k] for k in _CARRIED if k in source.info}
    with target.writer(fresh=True, note=note) as w:
        for g in graphs:
            w.bulk(URIRef(g), source.graph_nquads(g))
    want, got = content_hash(source), content_hash(target)
    if want != got:
        raise MigrationMismatch(f"the copy differs from the source: {got[0]} quads (hash {got[1][:12]}) "
                                f"against {want[0]} (hash {want[1][:12]})")
    return Migration(len(graphs), want[0], want[1], target.version, time.monotonic() - started)
