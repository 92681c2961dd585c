"""The gold scores (../shared/eval/score.py) through the command line, as the evaluator runs them."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared is not beside the project")
CMD = f"{sys.executable} -m api.cli extract {{path}} --json"


def score(*args) -> str:
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "extract", "--cmd", CMD, "--show", "0", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc.stdout.strip().splitlines()[-1]


def test_corpus_gold():
    score("--min", "measure_recall=0.95", "--min", "lead_f1=0.95", "--min", "support_f1=0.95",
          "--min", "deadline_f1=0.90", "--min", "target_f1=0.85", "--min", "meta_acc=0.85")


@pytest.mark.slow
def test_development_set_gold():
    score("--gold", str(SHARED / "devset" / "gold"), "--docs", str(SHARED / "devset" / "docs"),
          "--min", "measure_recall=0.92", "--min", "lead_f1=0.90", "--min", "support_f1=0.85",
          "--min", "deadline_f1=0.85", "--min", "target_f1=0.80", "--min", "meta_acc=0.80")
