"""extract/sandbox.py: an upload extracted in a child process gives the same records as in process, and is
refused by name when it takes too long or needs too much memory."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_file, to_contract
from extract.errors import EmptyDocument, ExtractTimeout, TooLarge
from extract.sandbox import extract_isolated
from tests.hostile.files import POLICY, numbered

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
MB = 1024 * 1024


def test_the_same_records_as_in_process(resources, tmp_path):
    path = tmp_path / "policy.txt"
    path.write_text(POLICY, encoding="utf-8")
    isolated = extract_isolated(ONTOLOGY, "policy.txt", POLICY.encode("utf-8"), 32 * MB, timeout=60, memory_mb=1024)
    assert to_contract(isolated) == to_contract(extract_file(path, resources))


def test_a_refusal_keeps_its_class_and_reason():
    with pytest.raises(EmptyDocument) as err:
        extract_isolated(ONTOLOGY, "blank.txt", b" \n", 32 * MB, timeout=60, memory_mb=1024)
    assert err.value.reason == "the file holds nothing but blank space" and err.value.code == "empty"


def test_stopped_at_the_time_limit():
    with pytest.raises(ExtractTimeout) as err:
        extract_isolated(ONTOLOGY, "items.txt", numbered(10000), 32 * MB, timeout=0.5, memory_mb=1024)
    assert err.value.reason == "extraction took longer than 0.5 s and was stopped"


def test_stopped_at_the_memory_limit():
    with pytest.raises(TooLarge) as err:  # 2 MB of text cannot be decoded and segmented within 8 MB more
        extract_isolated(ONTOLOGY, "big.txt", ("开展大气污染防治。" * 80000).encode("utf-8"), 32 * MB, timeout=60,
                         memory_mb=8)
    assert "more than 8 MB of memory" in err.value.reason
