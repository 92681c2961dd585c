"""The export and agencies benchmarks, small: they run, print their tables, and the agencies list they time
equals counting every row. Figures are printed, never asserted (a CI machine's speed is not the product's)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, "-m", "benchmarks", *args], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=1200)
    print(r.stdout)
    assert r.returncode == 0, r.stdout + r.stderr[-3000:]
    return r.stdout


@pytest.mark.slow
def test_export_benchmark_runs():
    out = run("export", "--sizes", "12")
    rows = [line.split("|")[4].strip() for line in out.splitlines() if line.startswith("| 12 |")]
    assert set(rows) >= {"ttl", "nt", "jsonld", "graphml", "gexf", "cytoscape", "neo4j-csv"}
    assert "graph view: depth 2 of" in out


@pytest.mark.slow
def test_agencies_benchmark_runs():
    out = run("agencies", "--measures", "2000", "--runs", "3")
    assert "counts kept with the rows" in out and "every row read and counted" in out
