"""Tables as text, in the one shape every reader gives them.

A cell a line, each indented with a tab; a blank line after each row; the
further paragraphs of a cell on plain lines right after it. This is how
``segment.py`` reads tables in text (``corpus/004_…txt`` has this shape), so a
table from a Word file, a web page or a PDF segments like the same table in a
.txt.
"""
from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def cell_lines(text: str) -> list[str]:
    """A cell's paragraphs, each with its inner runs of spaces collapsed, blank ones dropped."""
    out = []
    for para in text.split("\n"):
        para = _SPACES.sub(" ", para).strip()
        if para:
            out.append(para)
    return out


def table_text(rows: list[list[str]]) -> str:
    """Rows of cells (each cell's paragraphs split by newlines) as text; empty rows dropped."""
    out: list[str] = []
    for row in rows:
        if not any(cell_lines(c) for c in row):
            continue
        for cell in row:
            paras = cell_lines(cell)
            out.append("\t" + (paras[0] if paras else ""))
            out.extend(paras[1:])
        out.append("")
    return "\n".join(out)
