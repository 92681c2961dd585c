"""A process killed (SIGKILL) in the middle of build, add or remove leaves the previous knowledge base intact."""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kg.build import catalog
from kg.store import open_store

from ..conftest_paths import CORPUS, ONTOLOGY

DOCS = ["001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"]


def state(kb) -> tuple[frozenset, int, str]:
    """What the knowledge base holds, read by a fresh reader: documents, quads (counted), version."""
    with open_store(kb) as store:
        docs = frozenset(catalog.documents(store))
        (n,), = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        if docs:  # and it answers a real query
            store.query("SELECT ?m ?l WHERE { ?m a <https://w3id.org/policykg/ns#Measure> ; "
                        "<https://w3id.org/policykg/ns#lead> ?l } LIMIT 5")
        return docs, int(n), store.version


def policykg(*args, env):
    return subprocess.Popen([sys.executable, "-m", "api.cli", *map(str, args)], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_sigkill_anywhere_leaves_before_or_after(tmp_path):
    rng = random.Random(20251123)
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in DOCS + ["manifest.toml"]:
        shutil.copy(CORPUS / name, docs / name)
    kb = tmp_path / "kb"
    env = {**os.environ, "POLICYKG_VALIDATE": "0", "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY), "POLICYKG_KB_DIR": str(kb),
           "POLICYKG_LOCK_TIMEOUT": "60"}
    complete: dict[frozenset, int] = {}  # quads of each document set a finished operation left
    durations = {}  # how long each operation takes when left alone, to kill it anywhere inside
    for op, args in (("build", ("build", docs)), ("remove", ("remove", DOCS[0])), ("add", ("add", docs / DOCS[0]))):
        started = time.monotonic()
        assert policykg(*args, env=env).wait() == 0
        durations[op] = time.monotonic() - started
        done = state(kb)
        complete[done[0]] = done[1]
    before = state(kb)
    kills = {"build": 0, "add": 0, "remove": 0}
    finished = round_ = 0
    while (min(kills.values()) < 7 or finished < 3) and round_ < 150:  # each command killed 7 times at least
        round_ += 1
        held = sorted(before[0])
        op = rng.choice(["build", "add", "remove"] if held else ["build", "add"])
        if op == "build":
            args, after_docs = ("build", docs), frozenset(DOCS)
        elif op == "add" or not held:
            name = rng.choice(DOCS)
            args, after_docs = ("add", docs / name), before[0] | {name}
        else:
            name = rng.choice(held)
            args, after_docs = ("remove", name), before[0] - {name}
        proc = policykg(*args, env=env)
        delay = rng.uniform(0.05, durations[op] * 1.15)
        try:
            proc.wait(timeout=None if round_ % 5 == 0 else delay)  # every fifth runs to its end
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.returncode == 0:
            finished += 1
        elif proc.returncode == -signal.SIGKILL:
            kills[op] += 1
        else:
            pytest.fail(f"round {round_}: {args} failed: {proc.stderr.read().decode()[-500:]}")
        now = state(kb)  # loads, and answers
        assert now[0] in (before[0], after_docs), (round_, args, sorted(now[0]))
        if now[0] == before[0] and now[2] == before[2]:
            assert now[1] == before[1]  # untouched
        else:
            assert now[0] == after_docs
            assert complete.setdefault(now[0], now[1]) == now[1], (round_, args)  # the same as any finish
        before = now
    assert min(kills.values()) >= 7 and sum(kills.values()) >= 21 and finished >= 3, (kills, finished)
    # leftovers of killed writers are cleaned by the next writer; the lock is free
    assert policykg("build", docs, env=env).wait() == 0
    gens = [p for p in (kb / "store").glob("gen-*") if p.is_dir() and not p.name.endswith(".graphs")]
    assert len(gens) <= 2
    mirrors = [p.name.split(".")[0] for p in (kb / "store").glob("gen-*.graphs")]
    assert sorted(mirrors) == sorted(p.name for p in gens)
