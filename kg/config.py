"""What kg reads from its caller's settings, typed: the one boundary between a configuration and the knowledge base.

``api.settings.Settings`` satisfies it (checked by ``tests/kg/test_config.py``); so does any object with these
attributes, e.g. a dataclass a script builds. kg reads nothing else from the settings it is given.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class Config(Protocol):
    # where things are
    ontology_dir: Path  # agencies.toml, topics.toml, the Turtle vocabulary and shapes
    kb_dir: Path  # the knowledge-base directory (with the sparql store: only the search index)
    base_iri: str  # base of every IRI minted
    # the store
    store: str  # "embedded" or "sparql"
    lock_timeout: float  # seconds a writer waits for another
    sparql_query: str  # sparql store: the endpoints, the writer's credentials, a stalled writer's lease
    sparql_update: str
    sparql_graph_store: str
    sparql_user: str
    sparql_password: str
    sparql_lease: float
    # building
    workers: int  # processes extracting in parallel
    validate: bool  # SHACL before every write
    extract_timeout: float  # seconds one document may take
    extract_memory_mb: int  # memory an upload's extraction may use
    max_upload_mb: int  # largest document accepted
    link_top_k: int  # audit links kept per measure and ancestor
    link_min_score: float
    # answering
    trace_min_share: float  # weakest link a trail shows, as a share of the best
    today: str  # YYYY-MM-DD questions about time are answered from; empty: the machine's date
