"""The deployment tests: deploy/up.sh (Virtuoso, replicas, nginx) and crashes, on loopback ports."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.servers import PASSWORD, free_port

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "deploy-key-51f0"


def policykg_env(**more) -> dict:
    """The environment a policykg process of these tests runs in: this checkout's code, no outside settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update({"PYTHONPATH": str(ROOT), "POLICYKG": f"{sys.executable} -m api.cli", "POLICYKG_API_KEY": API_KEY,
                "POLICYKG_ONTOLOGY_DIR": str(ROOT / "ontology"), "VIRTUOSO_PASSWORD": PASSWORD, **more})
    return env


@dataclass
class Deployment:
    dir: Path
    env: dict
    nginx: str
    replicas: list[str]

    def down(self) -> None:
        subprocess.run(["bash", str(ROOT / "deploy" / "down.sh"), str(self.dir)], env=self.env, timeout=120)


def up(directory: Path, replicas: int, corpus: Path, **more) -> Deployment:
    ports = {"VIRTUOSO_SQL_PORT": free_port(), "VIRTUOSO_HTTP_PORT": free_port(), "NGINX_PORT": free_port()}
    replica_port = free_port()
    while any(abs(replica_port + i - p) == 0 for p in ports.values() for i in range(replicas)):
        replica_port = free_port()
    env = policykg_env(**{k: str(v) for k, v in ports.items()}, REPLICA_PORT=str(replica_port), **more)
    log = directory.parent / (directory.name + "-up.log")
    with open(log, "wb") as fh:  # a file, not a pipe: the servers it starts keep their inherited descriptors
        done = subprocess.run(["bash", str(ROOT / "deploy" / "up.sh"), str(directory), str(replicas), str(corpus)],
                              env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, timeout=600)
    dep = Deployment(directory, env, f"http://127.0.0.1:{ports['NGINX_PORT']}",
                     [f"http://127.0.0.1:{replica_port + i}" for i in range(replicas)])
    if done.returncode != 0:
        dep.down()
        raise RuntimeError(f"deploy/up.sh failed: {log.read_text(errors='replace')[-3000:]}")
    return dep


def wait_for(predicate, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {timeout:g} s")


def healthz(url: str) -> dict:
    return httpx.get(url + "/healthz", timeout=30).json()
