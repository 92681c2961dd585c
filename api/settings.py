"""One settings object: every setting has a default and a help line, read from the environment here only.

Environment variables are ``POLICYKG_<NAME>``; CLI options override them.
The README's settings table is generated from the fields of ``Settings`` by
``python -m api.settings`` (tests/api/test_settings.py checks it is current).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setting(default, help: str, env: str | None = None):
    return field(default=default, metadata={"help": help, "env": env})


@dataclass(frozen=True)
class Settings:
    ontology_dir: Path = _setting(ROOT / "ontology", "folder holding agencies.toml, topics.toml and the Turtle vocabulary")
    corpus_dir: Path = _setting(ROOT / "corpus", "folder of documents `serve` builds the knowledge base from on first run")
    kb_dir: Path = _setting(ROOT / "var" / "kb", "knowledge base directory (with the sparql store: only what is local, the search index)")
    store: str = _setting("embedded", "where the knowledge graph lives: `embedded` (Oxigraph in the knowledge base directory) or `sparql` (a SPARQL 1.1 server)")
    sparql_query: str = _setting("", "sparql store: the server's SPARQL query endpoint URL (e.g. http://127.0.0.1:8890/sparql)")
    sparql_graph_store: str = _setting("", "sparql store: the server's Graph Store Protocol endpoint URL (e.g. http://127.0.0.1:8890/sparql-graph-crud-auth)")
    sparql_update: str = _setting("", "sparql store: the server's SPARQL update endpoint URL (empty: the query endpoint; Virtuoso: /sparql-auth)")
    sparql_user: str = _setting("", "sparql store: user for writes (HTTP Digest, where the server asks for it)")
    sparql_password: str = _setting("", "sparql store: that user's password")
    sparql_lease: float = _setting(60.0, "sparql store: seconds a writer that stopped answering holds the knowledge base before its session is rolled back")
    max_upload_mb: int = _setting(32, "largest document accepted, in MB (extract, add, upload)")
    upload_types: str = _setting("txt,md,pdf,html,htm,docx", "file name endings an upload may have, comma-separated (the content is still checked: a JPEG named .pdf is refused)")
    base_iri: str = _setting("https://w3id.org/policykg/id/", "base of every IRI the knowledge base mints (documents, measures, agencies, places)")
    lock_timeout: float = _setting(10.0, "seconds a build, add or remove waits for another process writing the same knowledge base before giving up")
    validate: bool = _setting(True, "check every graph against ontology/shapes.ttl (pyshacl) before writing it")
    link_top_k: int = _setting(5, "audit links kept per measure and ancestor document, best first")
    link_min_score: float = _setting(0.01, "lowest score (0-1) an audit link needs to be kept")
    trace_min_share: float = _setting(0.4, "weakest audit link a trail shows, as a share (0-1) of the best link from the same measure to the same document; weaker links, and links sharing no term, target or enough words, are folded away")
    workers: int = _setting(1, "processes that extract documents in parallel during a build")
    extract_timeout: float = _setting(120.0, "seconds one document may take to extract (build, add, upload) before it is refused (0: no limit)")
    extract_memory_mb: int = _setting(1024, "memory in MB one upload's extraction may use (in a child process) before it is refused (0: no limit)")
    host: str = _setting("127.0.0.1", "address `serve` listens on")
    port: int = _setting(8000, "port `serve` listens on")
    api_key: str = _setting("", "key that uploads and deletions must send (header X-API-Key); empty: every write is refused")
    sparql_timeout: float = _setting(10.0, "seconds a SPARQL query may run before it is stopped")
    sparql_row_limit: int = _setting(10000, "most rows (or triples) a SPARQL query returns")
    sparql_workers: int = _setting(4, "processes kept running to answer SPARQL queries, the store open in each (a query past the time limit has its process killed and replaced); more queries at once wait for one")
    export_timeout: float = _setting(120.0, "seconds an export or a graph view may take on the server (GET /api/export, /api/graph) before it is stopped, as it is when the client goes away (0: no limit; `policykg export` has none)")
    max_query_chars: int = _setting(2000, "longest search question or keyword query accepted, in characters")
    max_sparql_chars: int = _setting(20000, "longest SPARQL query accepted, in characters")
    sparql_memory_mb: int = _setting(384, "memory in MB a SPARQL worker's address space may grow by beyond what it maps when it starts (the libraries, a few hundred MB); a query that needs more is stopped and refused (0: no limit)")
    sparql_queue: int = _setting(32, "SPARQL queries waiting for a worker at most; one more is refused at once (503 busy). Waiting holds no thread that other requests need")
    allowed_hosts: str = _setting("", "Host header names the server answers, comma-separated (a port after a name is ignored; `*` answers any); empty: localhost, 127.0.0.1, ::1 and the `host` setting")
    max_connections: int = _setting(2048, "open connections the server keeps at most (held below the open-file limit); past it the connection waiting longest for its request is closed, or, with none waiting, the new one is refused")
    header_timeout: float = _setting(10.0, "seconds a connection has to send a request's line and headers, from when it opened or from the first byte of its next request (a byte now and then does not reset it); then it is closed")
    keep_alive_timeout: float = _setting(15.0, "seconds an idle connection is kept open after a response before it is closed (longer than the 5 s clients such as httpx keep one: the client closes it first, and never sends on a connection the server is closing)")
    log_lines_per_minute: int = _setting(60, "log lines the server writes a minute at most (a message repeated past a sixth of it waits too); what is held back is counted in the next line written")
    today: str = _setting("", "the day questions about time (已经逾期, 今年到期) are answered relative to, YYYY-MM-DD; empty: the machine's date")
    max_request_head_kb: int = _setting(1024, "largest request line and headers the HTTP server reads, in KB: a longer query string is refused in the one error shape, not cut off with a reset connection")

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            key = f.metadata.get("env") or "POLICYKG_" + f.name.upper()
            if key in env and env[key] != "":
                values[f.name] = _coerce(f.type, env[key])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **{k: _coerce(next(f.type for f in fields(cls) if f.name == k), v)
                                 for k, v in values.items()})


def _coerce(type_, value):
    t = str(type_)
    if isinstance(value, str):
        if "Path" in t:
            return Path(value).expanduser()
        if t in ("int", "<class 'int'>"):
            return int(value)
        if t in ("float", "<class 'float'>"):
            return float(value)
        if t in ("bool", "<class 'bool'>"):
            return value.strip().lower() in ("1", "true", "yes", "on")
    if "Path" in t and not isinstance(value, Path):
        return Path(value)
    return value


def settings_table() -> str:
    """The README's settings table: environment variable, default, help line, one row per setting."""
    lines = ["| environment variable | default | what |", "|---|---|---|"]
    for f in fields(Settings):
        default = f.default
        if isinstance(default, Path):
            default = default.relative_to(ROOT) if default.is_relative_to(ROOT) else default
        shown = f"`{default}`" if default != "" else "(empty)"
        env = f.metadata.get("env") or "POLICYKG_" + f.name.upper()
        lines.append(f"| `{env}` | {shown} | {f.metadata['help']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
