"""Ruled tables on a page: the lines a PDF draws → the cells they enclose.

A writer draws a table's borders as stroked lines (LibreOffice, Word) or as
thin filled rectangles (Chromium). Lines that touch each other form a grid;
a grid with at least two columns is a table. Its cells are the units between
neighbouring lines, merged where the line between them is missing (a cell
spanning rows or columns).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

TOL = 2.0  # points: how far apart two lines may be and still meet
MIN_LEN = 6.0
MAX_SEGMENTS = 5000  # more lines than this on a page is a drawing, not a table
MAX_BANDS, MAX_COLUMNS = 400, 60


@dataclass(frozen=True)
class Segment:
    """A ruling line, horizontal or vertical, in page coordinates (y up)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= 1.0 and self.x1 - self.x0 >= MIN_LEN

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x0) <= 1.0 and self.y1 - self.y0 >= MIN_LEN


def segment(x0: float, y0: float, x1: float, y1: float) -> Segment:
    return Segment(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def rect_segments(x: float, y: float, w: float, h: float, filled: bool) -> list[Segment]:
    """The ruling lines a rectangle stands for: a thin one is a line; a stroked
    one its four sides; a filled wide one (a cell's shading) none."""
    x0, x1 = sorted((x, x + w))
    y0, y1 = sorted((y, y + h))
    if x1 - x0 <= 2.5 and y1 - y0 >= MIN_LEN:
        mid = (x0 + x1) / 2
        return [Segment(mid, y0, mid, y1)]
    if y1 - y0 <= 2.5 and x1 - x0 >= MIN_LEN:
        mid = (y0 + y1) / 2
        return [Segment(x0, mid, x1, mid)]
    if filled:
        return []
    return [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1), Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)]


@dataclass
class Cell:
    x0: float
    y0: float  # bottom
    x1: float
    y1: float  # top
    row: int  # index of the row band the cell starts in (0 = top)
    col: int  # index of the column it starts in
    rows: int = 1  # bands it spans

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.y0 - 1 <= y <= self.y1 + 1


@dataclass
class Grid:
    """A table: its column boundaries, row bands and cells (top to bottom, left to right)."""

    xs: list[float]
    ys: list[float]  # top to bottom
    cells: list[Cell]
    units: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)  # (band, column) → cell

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.bottom - 1 <= y <= self.top + 1

    def cell_at(self, x: float, y: float) -> Cell | None:
        if not self.contains(x, y):
            return None
        col = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        band = min(max(bisect.bisect_left([-v for v in self.ys], -y) - 1, 0), len(self.ys) - 2)
        return self.units.get((band, col))

    def same_columns(self, other: "Grid") -> bool:
        return len(self.xs) == len(other.xs) and all(abs(a - b) <= 3 for a, b in zip(self.xs, other.xs))


def _merge(segments: list[Segment], horizontal: bool) -> list[Segment]:
    """Join collinear pieces that touch or overlap (a border drawn cell by cell)."""
    key = (lambda s: (round(s.y0), s.x0)) if horizontal else (lambda s: (round(s.x0), s.y0))
    out: list[Segment] = []
    for s in sorted(segments, key=key):
        if out:
            last = out[-1]
            if horizontal and abs(last.y0 - s.y0) <= 1.0 and s.x0 <= last.x1 + TOL:
                out[-1] = Segment(last.x0, last.y0, max(last.x1, s.x1), last.y1)
                continue
            if not horizontal and abs(last.x0 - s.x0) <= 1.0 and s.y0 <= last.y1 + TOL:
                out[-1] = Segment(last.x0, last.y0, last.x1, max(last.y1, s.y1))
                continue
        out.append(s)
    return out


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= TOL:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def find_grids(segments: list[Segment]) -> list[Grid]:
    if len(segments) > MAX_SEGMENTS:
        return []
    hs = _merge([s for s in segments if s.horizontal], True)
    vs = _merge([s for s in segments if s.vertical], False)
    if not hs or len(vs) < 3:
        return []
    # lines that meet belong to one grid (union-find over horizontal + vertical lines)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - TOL <= v.x0 <= h.x1 + TOL and v.y0 - TOL <= h.y0 <= v.y1 + TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for g_hs, g_vs in groups.values():
        grid = _grid(g_hs, g_vs)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: -g.top)


def _grid(hs: list[Segment], vs: list[Segment]) -> Grid | None:
    xs = _cluster([v.x0 for v in vs])
    # a row broken by a page has no line at the page's side: the columns' lines end there
    edges = [max(v.y1 for v in vs), min(v.y0 for v in vs)]
    ys = sorted(_cluster([h.y0 for h in hs] + edges), reverse=True)
    if len(xs) < 3 or len(ys) < 2:
        return None  # one column: a framed box, not a table
    if len(xs) > MAX_COLUMNS + 1 or len(ys) > MAX_BANDS + 1:
        return None  # a chart's gridlines

    def v_covers(x: float, top: float, bottom: float) -> bool:
        mid, half = (top + bottom) / 2, (top - bottom) / 4
        return any(abs(v.x0 - x) <= TOL and v.y0 <= mid - half + TOL and v.y1 >= mid + half - TOL for v in vs)

    def h_covers(y: float, left: float, right: float) -> bool:
        mid, half = (left + right) / 2, (right - left) / 4
        return any(abs(h.y0 - y) <= TOL and h.x0 <= mid - half + TOL and h.x1 >= mid + half - TOL for h in hs)

    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not v_covers(xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and not h_covers(ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    units: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            units.setdefault(find(r * nc + c), []).append((r, c))
    cells = []
    where: dict[tuple[int, int], Cell] = {}
    for members in units.values():
        r0 = min(r for r, _ in members)
        r1 = max(r for r, _ in members)
        c0 = min(c for _, c in members)
        c1 = max(c for _, c in members)
        cell = Cell(xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0], row=r0, col=c0, rows=r1 - r0 + 1)
        cells.append(cell)
        for unit in members:
            where[unit] = cell
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(xs, ys, cells, where)
