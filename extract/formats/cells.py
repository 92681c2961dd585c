"""Ruled tables → rows of cell texts, and a table carried on over page breaks.

Each cell's runs make lines; lines the cell's width wrapped are joined. A
table that goes on at the top of the next page with the same columns is one
table: a header row repeated there is dropped, and a row the page broke (a
cell whose last line is full runs on in the next page's first row) is one
row again.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .grid import Grid
from .linebreak import broken, join, starts_item
from .lines import Fragment, Line, make_lines


@dataclass(frozen=True)
class CellText:
    """A cell's text, and how much room its last line left before the cell's right edge."""

    text: str
    slack: float = 0.0
    tail: str = ""

    def open_to(self, following: str, size: float) -> bool:
        """Whether this cell's last line was broken by the page: text that goes on
        in ``following`` on the next page would not have fitted after it."""
        return bool(self.text and following) and broken(0.0, self.tail, following, size, self.slack)


@dataclass
class TableBlock:
    grid: Grid
    rows: list[list[CellText]]
    size: float


# ------------------------------------------------------------------ a page's table

def _cell_text(lines: list[Line], x0: float, x1: float) -> CellText:
    """A cell's lines joined where the cell's width wrapped them."""
    if not lines:
        return CellText("", x1 - x0)
    left = min(ln.x for ln in lines)
    pad = max(0.0, left - x0)
    right = x1 - pad
    out = [lines[0].text]
    for a, b in zip(lines, lines[1:]):
        if broken(a.end, a.tail, b.text, b.size, right) and not starts_item(b.text):
            out[-1] = join(out[-1], b.text)
        else:
            out.append(b.text)
    return CellText("\n".join(out), right - lines[-1].end, lines[-1].tail)


def read_table(grid: Grid, fragments: list[Fragment]) -> TableBlock:
    by_cell: dict[int, list[Fragment]] = {}
    for f in fragments:
        cx, cy = f.x + 0.5 * min(f.size, max(f.end - f.x, 1.0)), f.y + 0.3 * f.size
        cell = grid.cell_at(cx, cy)
        if cell is None:
            cell = min(grid.cells, key=lambda c: _distance(c, cx, cy))
        by_cell.setdefault(id(cell), []).append(f)
    nbands = len(grid.ys) - 1
    rows: list[list[CellText]] = [[] for _ in range(nbands)]
    for r in range(nbands):
        for cell in sorted((c for c in grid.cells if c.row <= r < c.row + c.rows), key=lambda c: c.col):
            if cell.row == r:
                rows[r].append(_cell_text(make_lines(by_cell.get(id(cell), [])), cell.x0, cell.x1))
            else:
                rows[r].append(CellText(""))  # under a cell merged down
    sizes = Counter(round(f.size, 1) for f in fragments)
    return TableBlock(grid, rows, sizes.most_common(1)[0][0] if sizes else 10.0)


def _distance(cell, x: float, y: float) -> float:
    dx = max(cell.x0 - x, 0.0, x - cell.x1)
    dy = max(cell.y0 - y, 0.0, y - cell.y1)
    return dx + dy


# ------------------------------------------------------------------ over page breaks

@dataclass
class TableRun:
    grid: Grid
    rows: list[list[CellText]]
    page: int

    def extend(self, block: TableBlock, page: int) -> None:
        """The same table going on over a page break: drop a repeated header, join a row
        the page broke (a cell whose last line is full goes on in the next page's first row)."""
        rows = block.rows
        if rows and self.rows and _texts(rows[0]) == _texts(self.rows[0]):
            rows = rows[1:]
        if rows and self.rows:
            first, before = rows[0], self.rows[-1]
            pairs = list(zip(before, first))
            goes_on = [bool(b.text) and a.open_to(b.text, block.size) for a, b in pairs]
            # a row the page broke: a cell runs on, and the rest is empty or the row has no new number
            if (len(first) == len(before) and any(goes_on)
                    and (all(g or not b.text for g, (_, b) in zip(goes_on, pairs))
                         or (before[0].text and not first[0].text))):
                self.rows[-1] = [_join_cells(a, b, block.size) for a, b in zip(before, first)]
                rows = rows[1:]
        self.rows.extend(rows)
        self.page, self.grid = page, block.grid


def _texts(row: list[CellText]) -> list[str]:
    return [c.text.strip() for c in row]


def _join_cells(a: CellText, b: CellText, size: float) -> CellText:
    if not a.text or not b.text:
        return b if b.text else a
    if a.open_to(b.text, size):
        return CellText(join(a.text, b.text), b.slack, b.tail)
    return CellText(a.text + "\n" + b.text, b.slack, b.tail)
