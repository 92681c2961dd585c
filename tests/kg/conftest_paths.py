import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


def _shared() -> Path | None:
    """../shared (gold, devset, scale corpus): beside the checkout, or above a worktree."""
    if os.environ.get("POLICYKG_SHARED"):
        return Path(os.environ["POLICYKG_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared"
    return None


SHARED = _shared()
