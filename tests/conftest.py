from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def resources():
    from extract import Resources

    return Resources.from_dir(ROOT / "ontology")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "corpus"
