"""Structure: headings at every level, paragraphs, label lines and table rows, with offsets.

``segment(text)`` walks the normalised text line by line and returns blocks in
document order. Tables come in the forms web pages, PDFs and Word leave them
(``flattened.py`` reads each): one cell per tab-indented line, a whole row per
line (tab, pipe or space separated), a cell per line closed by a pipe, or one
cell per plain line under a 序号 header.
"""
from __future__ import annotations

import re

from .blocks import Block, Cell, Line, heading_of, line_block, lines_of
from .flattened import (CELL_LINE, RUN_HEADER, cell_header_ahead, cell_pipe_header, cell_pipe_table, cell_table,
                        is_space_header, next_space_row, pipe_header_ahead, pipe_table, run_together_table,
                        space_table, tab_table)

__all__ = ["Block", "Cell", "Line", "heading_of", "segment"]


def segment(text: str, names: re.Pattern | None = None) -> list[Block]:
    """Blocks in document order. ``names`` (the registry's agency functions) lets a table whose cells
    run together (序号项目名称…牵头单位配合单位1增加…) be cut into cells."""
    lines = lines_of(text)
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        stripped = line.text.strip()
        if not stripped:
            i += 1
            continue
        if line.text.startswith("\t"):
            i = tab_table(lines, i, blocks)
            continue
        if CELL_LINE.match(line.text) and cell_pipe_header(lines, i):
            i = cell_pipe_table(lines, i, blocks)
            continue
        if stripped.count("|") >= 2 and pipe_header_ahead(lines, i):
            i = pipe_table(lines, i, blocks)
            continue
        if is_space_header(stripped) and i + 1 < n and next_space_row(lines, i + 1):
            i = space_table(lines, i, blocks)
            continue
        if stripped == "序号" and cell_header_ahead(lines, i):
            i = cell_table(lines, i, blocks)
            continue
        if names is not None and RUN_HEADER.search(stripped):
            i = run_together_table(lines, i, blocks, names)
            continue
        blocks.append(line_block(line))
        i += 1
    return blocks
