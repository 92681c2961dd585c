"""Two processes writing one knowledge base through the command line: while one holds the writers' lock,
``policykg add`` waits for it (and then adds), or gives up after ``lock_timeout`` with one line naming the
holder; the store afterwards loads and holds exactly what the finished commands wrote."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from kg.build import catalog
from kg.store import open_store

from ..conftest_paths import CORPUS, ONTOLOGY, ROOT

FIRST, SECOND, THIRD = "001_a4dc09f2c6a77e08.txt", "003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"
HOLD = 6.0  # seconds the other writer holds the lock


def env_for(kb, lock_timeout: float) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update({"PYTHONPATH": str(ROOT), "POLICYKG_VALIDATE": "0", "POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY),
                "POLICYKG_KB_DIR": str(kb), "POLICYKG_LOCK_TIMEOUT": str(lock_timeout)})
    return env


def policykg(*args, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def holder(kb) -> subprocess.Popen:
    """Another writer: a process in a write session of the same knowledge base for ``HOLD`` seconds."""
    proc = subprocess.Popen([sys.executable, "-c", f"""
import time

import pytest
from kg.store import open_store
with open_store({str(kb)!r}).writer():
    print("holding", flush=True)
    time.sleep({HOLD})
"""], cwd=ROOT, env=env_for(kb, 1), stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def documents(kb) -> set[str]:
    with open_store(kb) as store:
        return set(catalog.documents(store))


@pytest.mark.slow
def test_the_second_writer_waits_or_is_refused(tmp_path):
    kb = tmp_path / "kb"
    assert policykg("add", CORPUS / FIRST, env=env_for(kb, 5)).wait(120) == 0
    other = holder(kb)
    started = time.monotonic()
    impatient = policykg("add", CORPUS / SECOND, env=env_for(kb, 0.5))
    patient = policykg("add", CORPUS / THIRD, env=env_for(kb, 120))
    out, err = impatient.communicate(timeout=120)
    assert impatient.returncode == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and "is being written by pid " + str(other.pid) in lines[0] and "try again" in lines[0], err
    assert other.wait(30) == 0
    out, err = patient.communicate(timeout=120)
    assert patient.returncode == 0, err
    assert time.monotonic() - started >= HOLD - 1  # it waited for the holder
    assert documents(kb) == {FIRST, THIRD}  # the refused one wrote nothing; nothing was lost or mixed
    assert policykg("add", CORPUS / SECOND, env=env_for(kb, 5)).wait(120) == 0
    assert documents(kb) == {FIRST, SECOND, THIRD}
