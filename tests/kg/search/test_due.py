"""When a task is due for the views that ask about time: the deadlines written, else the end of a year's plan."""
from __future__ import annotations

import pytest

from kg.search.due import implied_deadline

YEAR_2023 = {"due": "2023-12-31", "implied": True, "text": "未写明期限：2023年度计划的任务，按2023年底计"}


@pytest.mark.parametrize("row,implied", [
    ({"kind": "annual-plan", "plan_year": 2023, "deadlines": []}, YEAR_2023),  # a year's work points
    ({"kind": "task-breakdown", "plan_year": 2023, "deadlines": []}, YEAR_2023),  # a year's breakdown (立山区2023年…分解)
    ({"kind": "task-breakdown", "plan_year": None, "deadlines": []}, None),  # the breakdown of a plan of several years
    ({"kind": "plan", "plan_year": 2023, "deadlines": []}, None),
    ({"kind": "progress-report", "plan_year": 2023, "deadlines": []}, None),  # a report sets no task
    ({"kind": "annual-plan", "plan_year": 2023, "deadlines": [{"due": "2023-06-30"}]}, None),  # it writes its own
    ({"kind": "annual-plan", "plan_year": 2023, "deadlines": [{"due": None, "recurring": "monthly"}]}, None),
])
def test_implied_deadline(row, implied):
    assert implied_deadline(row) == implied
