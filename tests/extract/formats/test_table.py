"""extract/formats/table.py: every reader writes tables in the shape segment.py reads."""
import pytest

from extract.formats.table import table_text

CASES = [
    # a row of three cells
    ([["1", "任务", "市生态环境局"]], "\t1\n\t任务\n\t市生态环境局\n"),
    # an empty cell stays a cell; a row with nothing in it goes
    ([["2", "", "市水务局"], ["", "", ""]], "\t2\n\t\n\t市水务局\n"),
    # a cell of two paragraphs: the second on a plain line after it
    ([["3", "第一段\n第二段", "市发改委"]], "\t3\n\t第一段\n第二段\n\t市发改委\n"),
    # runs of spaces and tabs inside a cell collapse, blank paragraphs go
    ([["a\u3000 b\t c", "\n\n  x  \n"]], "\ta b c\n\tx\n"),
    # rows follow each other, a blank line after each
    ([["1", "甲"], ["2", "乙"]], "\t1\n\t甲\n\n\t2\n\t乙\n"),
]


@pytest.mark.parametrize("rows,expected", CASES)
def test_table_text(rows, expected):
    assert table_text(rows) == expected
