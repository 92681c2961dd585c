"""Laid-out pages → text: lines, paragraphs and tables recovered from positions.

Input is what a PDF reader sees: runs of text with the position of their
baseline and their size, and the ruling lines drawn on each page. Output is
the text a person would copy out of the document:

- runs on one baseline make a line (``lines.py``); ruled grids make tables
  (``grid.py``, ``cells.py``), written in the shape of ``table.py``;
- page furniture goes (``furniture.py``, ``rules/page.toml``);
- a line the layout wrapped is joined to the next: it is full (the next
  line's first word would not have fitted after it, ``linebreak.py``) and the
  next line starts at the left edge of the text (or is centred under it, in a
  wrapped title), at the usual line spacing, in the same size. A sentence that
  crosses a page break is one line again. Paragraphs end where a line stops
  short, the next is indented or begins an item, or a larger gap opens; a gap
  of an empty line stays blank. A line indented to a default tab stop keeps
  its tab (a tab-indented table printed as text).

The text's edges come from the lines themselves: the left edge most lines
start at; the right edge most lines reach that end in a run of ideographs
(whose widths are exact), else the left margin mirrored.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..rules import load_rules
from .cells import TableBlock, TableRun, read_table
from .furniture import drop_furniture
from .grid import find_grids
from .linebreak import HANGING, broken, join, starts_item
from .lines import Fragment, Line, Page, char_em, make_lines, unligature
from .table import table_text

__all__ = ["Fragment", "Page", "document_text", "unligature"]


@dataclass
class _Metrics:
    left: float
    right: float
    center: float
    pitch: float
    size: float
    hanging: bool = False  # commas and full stops hang past the right margin


def _metrics(pages: list[list[Line]], widths: list[float]) -> _Metrics | None:
    body = [ln for lines in pages for ln in lines if len(ln.text) >= 4]
    if not body:
        return None
    size = Counter(round(ln.size, 1) for ln in body).most_common(1)[0][0]
    same = [ln for ln in body if abs(ln.size - size) <= 0.6]
    left = _edge([ln.x for ln in same], size, lowest=True)
    # the right edge: where the lines that end in a run of ideographs (whose width is
    # known) reach furthest, when several lines reach it and the column is wide enough
    # to be the page's; else the left margin mirrored (the page has no wrapped line)
    sure = [ln for ln in same if ln.exact and ln.tail and all(char_em(ch) == 1.0 for ch in ln.tail)
            and ln.x <= left + 3 * size]
    plain = [ln.end for ln in sure if ln.tail[-1] not in HANGING]
    hung = [ln.end for ln in sure if ln.tail[-1] in HANGING]
    # a writer that lets punctuation hang sets a comma an em past the furthest character
    hanging = bool(plain and hung) and max(hung) > max(plain) + 0.5 * size
    width = Counter(round(w) for w in widths).most_common(1)[0][0] if widths else 595.0
    if len(plain) >= 3:
        # near the furthest end, the end most lines reach (a few may be mismeasured past it)
        top = max(plain)
        candidates = sorted((e for e in plain if e >= top - size), reverse=True)
        right = max(candidates, key=lambda v: sum(1 for e in plain if v - 0.35 * size <= e <= v + 0.05 * size))
        near = sum(1 for e in plain if e >= right - 1.2 * size)
        if near < 2 or right - left < 0.55 * width:
            right = max(right, width - left)
    else:  # no line whose end is known (a writer that sets whole lines of mixed script): the margins mirrored
        right = width - left
    gaps = []
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - size) <= 0.6 and abs(b.size - size) <= 0.6 and 0 < a.y - b.y <= 3 * size:
                gaps.append(round(a.y - b.y, 1))
    pitch = Counter(gaps).most_common(1)[0][0] if gaps else 1.5 * size
    return _Metrics(left, right, (left + right) / 2, pitch, size, hanging)


def _edge(values: list[float], size: float, lowest: bool) -> float:
    """The left (or right) edge most lines reach: the outermost value shared by many lines."""
    ordered = sorted(values, reverse=not lowest)
    need = max(2, int(0.15 * len(values)))
    for v in ordered:
        if sum(1 for w in values if abs(w - v) <= 0.6 * size) >= need:
            return v
    return ordered[0]


TAB_STOPS = tuple(load_rules("layout")["tab_stops"])  # LibreOffice's 1.25 cm, Word's half inch


def tabs(line: Line, m: _Metrics) -> int:
    """How many default tab stops a line is indented by: text typed with tabs (a table
    of the kind ``table.py`` writes, printed as text) keeps them. Not a first-line
    indent of two ems, not a centred line."""
    indent = line.x - m.left
    if indent < 30 or abs(indent - 2 * line.size) <= 0.15 * line.size or abs(line.center - m.center) <= 0.6 * line.size:
        return 0
    for stop in TAB_STOPS:
        n = round(indent / stop)
        if 1 <= n <= 3 and abs(indent - n * stop) <= 1.2:
            return n
    return 0


def _continues(a: Line, b: Line, m: _Metrics, same_page: bool) -> bool:
    if abs(a.size - b.size) > 0.6 or starts_item(b.text):
        return False
    if same_page and not 0 < a.y - b.y <= 1.35 * max(m.pitch, a.size * 1.5):
        return False
    if a.x > m.left + 4.2 * a.size and abs(a.center - m.center) > a.size and not tabs(a, m):
        return False  # a right-aligned or oddly placed line (a first-line indent is some two ems)
    if not broken(a.end, a.tail, b.text, b.size, m.right, m.hanging):
        return False
    if a.text[-1] in "：:" and a.end < m.right - 0.3 * a.size:
        return False  # a colon ends its paragraph unless the line is plainly full
    if a.text[-1] == "|":
        return False  # the end of a row of a table set with bars
    at_left = b.x <= m.left + 0.6 * b.size
    centred = abs(b.center - a.center) <= 0.6 * a.size and b.x > m.left + 0.6 * b.size
    return at_left or centred


# ------------------------------------------------------------------ the document

def _items(page: Page) -> tuple[list[Line], list[TableBlock]]:
    grids = find_grids(page.segments)
    free: list[Fragment] = []
    in_grid: dict[int, list[Fragment]] = {}
    for f in page.fragments:
        if not f.text.strip():
            continue
        cx, cy = f.x + 0.5 * f.size, f.y + 0.3 * f.size
        for k, g in enumerate(grids):
            if g.contains(cx, cy):
                in_grid.setdefault(k, []).append(f)
                break
        else:
            free.append(f)
    tables = [read_table(g, in_grid[k]) for k, g in enumerate(grids) if k in in_grid]
    return make_lines(free), tables


def document_text(pages: list[Page]) -> str:
    """The text of laid-out pages, in reading order."""
    lines_by_page, tables_by_page = [], []
    for page in pages:
        lines, tables = _items(page)
        lines_by_page.append(lines)
        tables_by_page.append(tables)
    lines_by_page = drop_furniture(lines_by_page, [p.height for p in pages])
    m = _metrics(lines_by_page, [p.width for p in pages])

    blocks: list[str | None | TableRun] = []  # paragraphs, empty lines, tables
    prev: Line | None = None  # the line that ended the last paragraph, while it may go on
    prev_page = -1
    for pno, (lines, tables) in enumerate(zip(lines_by_page, tables_by_page)):
        items: list[tuple[float, Line | TableBlock]] = [(ln.y, ln) for ln in lines]
        items += [(t.grid.top + 0.01, t) for t in tables]
        items.sort(key=lambda it: -it[0])
        for _, item in items:
            if isinstance(item, TableBlock):
                last = blocks[-1] if blocks else None
                if isinstance(last, TableRun) and last.page != pno and last.grid.same_columns(item.grid):
                    last.extend(item, pno)
                else:
                    blocks.append(TableRun(item.grid, list(item.rows), pno))
                prev = None
                continue
            if prev is not None and m is not None and _continues(prev, item, m, same_page=pno == prev_page):
                blocks[-1] = join(blocks[-1], item.text)
            else:
                if (prev is not None and m is not None and pno == prev_page
                        and prev.y - item.y > 1.5 * max(m.pitch, prev.size * 1.1)):
                    blocks.append(None)  # an empty line between
                blocks.append("\t" * (tabs(item, m) if m is not None else 0) + item.text)
            prev, prev_page = item, pno
    out: list[str] = []
    prev_block = None
    for b in blocks:
        if isinstance(b, TableRun):
            out.extend(table_text([[c.text for c in row] for row in b.rows]).split("\n"))
        elif b is None:
            out.append("")
        else:
            if out and out[-1] != "" and isinstance(prev_block, TableRun):
                out.append("")
            out.append(b)
        prev_block = b
    return "\n".join(out).strip("\n")
