"""The time a question asks about, reckoned from today: each window's first and last day, on two days."""
from __future__ import annotations

from datetime import date

import pytest

from kg.search.window import read_window

# words → (kind, first and last day on 2025-07-01, and on 2026-12-31)
WINDOWS = [
    ("哪些任务已经逾期", "overdue", (None, "2025-06-30"), (None, "2026-12-30")),
    ("超期的任务", "overdue", (None, "2025-06-30"), (None, "2026-12-30")),
    ("今年到期的任务", "year", ("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")),
    ("今年要完成什么", "year", ("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")),
    ("年底前要完成哪些", "year", ("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")),
    ("明年要完成哪些", "year", ("2026-01-01", "2026-12-31"), ("2027-01-01", "2027-12-31")),
    ("2025年底前要完成哪些任务", "year", ("2025-01-01", "2025-12-31"), ("2025-01-01", "2025-12-31")),
    ("2027年前要完成哪些", "year", ("2027-01-01", "2027-12-31"), ("2027-01-01", "2027-12-31")),
    ("下个月到期的任务", "month", ("2025-08-01", "2025-08-31"), ("2027-01-01", "2027-01-31")),
    ("本月到期", "month", ("2025-07-01", "2025-07-31"), ("2026-12-01", "2026-12-31")),
    ("三个月内到期", "within", ("2025-07-01", "2025-09-29"), ("2026-12-31", "2027-03-31")),
    ("30天内要完成", "within", ("2025-07-01", "2025-07-31"), ("2026-12-31", "2027-01-30")),
    # a month named: of the year written, else of this year
    ("2022年11月底前要完成哪些任务", "month", ("2022-11-01", "2022-11-30"), ("2022-11-01", "2022-11-30")),
    ("9月底前要完成什么", "month", ("2025-09-01", "2025-09-30"), ("2026-09-01", "2026-09-30")),
    ("2025年6月30日前要完成哪些", "month", ("2025-06-01", "2025-06-30"), ("2025-06-01", "2025-06-30")),
]


@pytest.mark.parametrize("words,kind,first,second", WINDOWS, ids=[w[0] for w in WINDOWS])
def test_windows(words, kind, first, second):
    w = read_window(words)
    iso = lambda span: tuple(d.isoformat() if d else None for d in span)
    assert (w.kind, iso(w.span(date(2025, 7, 1))), iso(w.span(date(2026, 12, 31)))) == (kind, first, second)


@pytest.mark.parametrize("words", ["岸电什么时候完成", "到2027年细颗粒物平均浓度稳定达到28微克", "谁牵头", "", "2025.5年底前",
                                   "1-6月份完成了多少", "9月底前动工的项目谁负责"])
def test_no_window(words):
    assert read_window(words) is None


def test_the_window_says_the_day_it_was_reckoned_from():
    w = read_window("哪些任务已经逾期")
    assert w.to_json(date(2025, 7, 1)) == {"kind": "overdue", "phrase": "逾期", "from": None, "to": "2025-06-30",
                                           "today": "2025-07-01", "text": "已逾期：截止日期在2025-07-01之前"}
