"""Figures for how-much questions: which target is asked about, and whose progress may be shown toward it."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from kg.search.figures import progress_toward

NO_SYNONYMS = SimpleNamespace(synonyms=SimpleNamespace(by_label={}, groups=[]))
TARGET = {"indicator": "地表水省控断面优良比例", "text": "全省地表水省控断面优良比例达到89.3%", "unit": "%"}


@pytest.mark.parametrize("row", [
    {"kind": "annual-plan", "jurisdiction": None},  # a plan of no known place: any report may be another place's
    {"kind": "progress-report", "jurisdiction": "苏州市"},  # a report's own figure is progress, not a target
])
def test_no_progress_is_shown_where_none_can_be_its(row):
    assert progress_toward(NO_SYNONYMS, row, TARGET, ["地表水", "优良比例"]) == []
