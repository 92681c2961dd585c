"""Fixtures for tests/extract: the variant writer of scripts/, and documents in other formats."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def variants():
    """scripts/make_format_variants.py as a module: writes .docx, .pdf and .html versions of a text."""
    path = ROOT / "scripts" / "make_format_variants.py"
    spec = importlib.util.spec_from_file_location("make_format_variants", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice is not installed (bash scripts/system-deps.sh)")
    return exe
