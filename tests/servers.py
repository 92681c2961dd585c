"""Real SPARQL servers on loopback ports for the tests: Virtuoso (Debian's virtuoso-opensource, started by
``deploy/virtuoso.sh``, the script the deployment recipe uses) and the Oxigraph server (``pip install
oxigraph``). A missing binary is a failure, not a skip: ``make test`` installs both."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from api.launch import free_port  # tests/deploy imports it from here

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pk-test-3c1e"
USER = "policykg"


def need(binary: str) -> str:
    path = shutil.which(binary) or (shutil.which(binary, path=str(Path(sys.executable).parent)))
    if not path:
        raise RuntimeError(f"{binary} is not installed: run `make test` (scripts/system-deps.sh, pip install -e '.[test]')")
    return path


@dataclass
class SparqlServer:
    """One running server and the settings that point policykg at it."""

    name: str
    dir: Path
    env: dict
    pid_file: Path | None = None
    proc: subprocess.Popen | None = None
    ports: tuple = ()
    extra: dict = field(default_factory=dict)

    def settings(self) -> dict:
        return {k[len("POLICYKG_"):].lower(): v for k, v in self.env.items()}

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else int(self.pid_file.read_text().strip())

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.proc:
            self.proc.wait(10)
        else:
            for _ in range(100):
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)


def start_virtuoso(directory: Path, sql_port: int | None = None, http_port: int | None = None) -> SparqlServer:
    need("virtuoso-t")
    need("isql-vt")
    sql_port, http_port = sql_port or free_port(), http_port or free_port()
    subprocess.run(["bash", str(ROOT / "deploy" / "virtuoso.sh"), "start", str(directory), str(sql_port),
                    str(http_port), PASSWORD, USER, PASSWORD], check=True, timeout=180)
    base = f"http://127.0.0.1:{http_port}"
    env = {"POLICYKG_STORE": "sparql", "POLICYKG_SPARQL_QUERY": base + "/sparql",
           "POLICYKG_SPARQL_GRAPH_STORE": base + "/sparql-graph-crud-auth",
           "POLICYKG_SPARQL_UPDATE": base + "/sparql-auth", "POLICYKG_SPARQL_USER": USER,
           "POLICYKG_SPARQL_PASSWORD": PASSWORD}
    return SparqlServer("virtuoso", directory, env, pid_file=directory / "virtuoso.pid", ports=(sql_port, http_port))


def stop_virtuoso(server: SparqlServer) -> None:
    subprocess.run(["bash", str(ROOT / "deploy" / "virtuoso.sh"), "stop", str(server.dir), str(server.ports[0]),
                    PASSWORD], timeout=60)
    server.kill()


def start_oxigraph(directory: Path) -> SparqlServer:
    binary = need("oxigraph")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    env = {"POLICYKG_STORE": "sparql", "POLICYKG_SPARQL_QUERY": base + "/query",
           "POLICYKG_SPARQL_GRAPH_STORE": base + "/store", "POLICYKG_SPARQL_UPDATE": base + "/update"}
    return SparqlServer("oxigraph", directory, env, proc=proc, ports=(port,))


def stop_oxigraph(server: SparqlServer) -> None:
    server.proc.terminate()
    server.proc.wait(10)
