"""Laid-out pages → text: lines, paragraphs and tables recovered from positions.

Input is what a PDF reader sees: runs of text with the position of their
baseline and their size, and the ruling lines drawn on each page. Output is
the text a person would copy out of the document:

- runs on one baseline make a line; ruled grids make tables (``grid.py``),
  written in the shape of ``table.py``, a row broken across a page joined
  again and a header row repeated on the next page dropped;
- page furniture goes: page numbers and running headers/footers at a page's
  top or bottom edge, a browser's print header and footer
  (``rules/page.toml``);
- a line the layout wrapped is joined to the next: it is full (the next
  line's first word would not have fitted after it) and the next line starts
  at the left edge of the text (or is centred under it, in a wrapped title),
  at the usual line spacing, in the same size. A sentence that crosses a page
  break is one line again. Paragraphs end where a line stops short, the next
  is indented, or a larger gap opens; a gap of an empty line stays blank.

Widths are estimated from the characters (an ideograph one em, Latin about
half), so every decision keeps a margin of an em.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..rules import load_rules
from .grid import Grid, Segment, find_grids
from .table import table_text


@dataclass(frozen=True)
class Fragment:
    """A run of text: the start of its baseline (y up) and its font size, in points."""

    x: float
    y: float
    size: float
    text: str

    @property
    def end(self) -> float:
        return self.x + text_width(self.text, self.size)


@dataclass
class Page:
    width: float
    height: float
    fragments: list[Fragment] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def unligature(text: str) -> str:
    """Latin ligatures a font drew (ﬁle:// → file://)."""
    return text.translate(_LIGATURES)


def text_width(text: str, size: float) -> float:
    return size * sum(_char_em(ch) for ch in text)


def _char_em(ch: str) -> float:
    o = ord(ch)
    if o >= 0x2100 and not 0xFF61 <= o <= 0xFFDC:  # ideographs, full-width forms, symbols, Ⅲ ①
        return 1.0
    if ch == " ":
        return 0.3
    if 0x2010 <= o <= 0x2027:  # dashes, quotes, ellipsis
        return 1.0
    if ch in "%@&WMmw":
        return 0.85
    if ch in ",.;:!?'\"|":
        return 0.3
    if ch in "()[]{}-/":
        return 0.36
    if ch.isdigit() or ch.isupper():
        return 0.62
    return 0.5


@dataclass
class Line:
    x: float
    end: float
    y: float
    size: float
    text: str
    tail: str = ""  # the last run: its width is the estimate the line's end hangs on
    exact: bool = True  # the last run's position was read, not worked out

    @property
    def center(self) -> float:
        return (self.x + self.end) / 2


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


# ------------------------------------------------------------------ runs → lines

def make_lines(fragments: list[Fragment]) -> list[Line]:
    """Group runs sharing a baseline into lines, top to bottom, spaced where a gap shows."""
    frags = sorted((f for f in fragments if f.text.strip()), key=lambda f: (-f.y, f.x))
    rows: list[list[Fragment]] = []
    for f in frags:
        for row in reversed(rows[-3:]):
            ref = row[0]
            if abs(ref.y - f.y) <= 0.35 * min(ref.size, f.size) or (
                    abs(ref.y - f.y) <= 0.6 * min(ref.size, f.size) and _overlaps_none(row, f)
                    and f.size < 0.8 * ref.size):  # a superscript or footnote mark
                row.append(f)
                break
        else:
            rows.append([f])
    lines = []
    for row in rows:
        row.sort(key=lambda f: f.x)  # stable: runs at one position keep the order they were drawn in
        placed = _restack(row)
        exact = placed[-1] is row[-1]
        row = placed
        parts: list[str] = []
        prev = None
        for f in row:
            text = f.text.replace("\n", " ")
            if prev is not None:
                gap = f.x - prev.end
                wide = _char_em(parts[-1][-1:] or " ") == 1.0 or _char_em(text[:1] or " ") == 1.0
                # writers space Chinese apart from Latin by a quarter em: not a space in the text
                if gap > (0.6 if wide else 0.25) * max(f.size, prev.size) and not parts[-1].endswith(" ") \
                        and not text.startswith(" "):
                    parts.append(" ")
            parts.append(text)
            prev = f
        text = "".join(parts).strip()
        if not text:
            continue
        sizes = Counter()
        for f in row:
            sizes[round(f.size, 1)] += len(f.text.strip())
        lead = len(row[0].text) - len(row[0].text.lstrip())
        x = row[0].x + text_width(row[0].text[:lead], row[0].size)
        lines.append(Line(x=x, end=max(f.end for f in row), y=statistics.median(f.y for f in row),
                          size=sizes.most_common(1)[0][0], text=text, tail=row[-1].text.strip(), exact=exact))
    lines.sort(key=lambda ln: (-ln.y, ln.x))
    return lines


def _restack(row: list[Fragment]) -> list[Fragment]:
    """Runs reported at the very position of the run before them (pypdf gives some
    glyphs of Chromium's PDFs the position of their predecessor): set each after the one
    before it."""
    out = row[:1]
    for before, f in zip(row, row[1:]):
        if abs(f.x - before.x) < 0.5 and f.text.strip() != before.text.strip():
            f = Fragment(max(f.x, out[-1].end), f.y, f.size, f.text)
        out.append(f)
    return out


def _overlaps_none(row: list[Fragment], f: Fragment) -> bool:
    return all(f.x >= g.end - 0.5 or f.end <= g.x + 0.5 for g in row)


# ------------------------------------------------------------------ furniture

@lru_cache(maxsize=1)
def _page_rules() -> tuple[tuple[str, re.Pattern], ...]:
    rules = load_rules("page")
    return tuple((r["id"], re.compile(r"^[ \t]*(?:" + r["pattern"] + r")[ \t]*$"))
                 for r in rules["marker"] + rules["edge"])


@lru_cache(maxsize=1)
def _web_furniture() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in load_rules("html")["furniture_lines"])


def page_marker(text: str) -> str | None:
    """The id of the page-furniture rule a line matches, if any."""
    for rule_id, pattern in _page_rules():
        if pattern.match(text):
            return rule_id
    return None


_DIGITS = re.compile(r"\d+")
_BARE_KEY = re.compile(r"^[(（\[]?#[)）\]]?$")  # a number alone: a page number only where it counts pages


def drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop page numbers and running headers and footers at the pages' edges. A bare
    number counts as a page number where it counts the pages (so a table's index cell
    at the top of a page stays). A page printed from a browser (its print header or
    footer found) also loses the lines of site furniture that ``rules/html.toml`` names."""

    def edge_lines(lines: list[Line], height: float) -> list[int]:
        zone = 0.14 * height
        top = [i for i, ln in enumerate(lines) if ln.y >= height - zone][:3]
        bottom = [i for i, ln in enumerate(lines) if ln.y <= zone][-3:]
        return top + bottom

    def key(line: Line) -> str:
        return _DIGITS.sub("#", line.text.replace(" ", ""))

    seen: Counter = Counter()
    numbers: Counter = Counter()  # (top or bottom, where across, number less page index)
    for pno, (lines, height) in enumerate(zip(pages, heights)):
        for k in {key(lines[i]) for i in edge_lines(lines, height)}:
            seen[k] += 1
        for i in edge_lines(lines, height):
            if page_marker(lines[i].text) == "page.bare":
                numbers[_page_number_key(lines[i], height, pno)] += 1
    many = max(3, 0.5 * len(pages)) if len(pages) >= 3 else 2
    running = {k for k, c in seen.items() if c >= many and len(k) < 160 and not _BARE_KEY.match(k)}
    counting = {k for k, c in numbers.items() if c >= max(2, 0.5 * len(pages)) or (len(pages) == 1 and k[2] == 1)}
    out, printed = [], False
    for pno, (lines, height) in enumerate(zip(pages, heights)):
        drop = set()
        for i in edge_lines(lines, height):
            rule = page_marker(lines[i].text)
            if rule == "page.bare":
                if _page_number_key(lines[i], height, pno) in counting:
                    drop.add(i)
            elif rule or (len(pages) > 1 and key(lines[i]) in running):
                drop.add(i)
                printed = printed or (rule or "").startswith("print.")
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    if printed:
        web = _web_furniture()
        out = [[ln for ln in lines if not any(p.search(ln.text) for p in web)] for lines in out]
    return out


def _page_number_key(line: Line, height: float, pno: int) -> tuple[str, int, int]:
    value = int(_DIGITS.search(line.text).group(0))
    return ("top" if line.y > height / 2 else "bottom", round(line.center / 40), value - pno)


# ------------------------------------------------------------------ tables

def _cell_text(lines: list[Line], x0: float, x1: float) -> CellText:
    """A cell's lines joined where the cell's width wrapped them."""
    if not lines:
        return CellText("", x1 - x0)
    left = min(ln.x for ln in lines)
    pad = max(0.0, left - x0)
    right = x1 - pad
    out = [lines[0].text]
    for a, b in zip(lines, lines[1:]):
        if _full(a, b, right) and not _starts_item(b.text):
            out[-1] = _join(out[-1], b.text)
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


# ------------------------------------------------------------------ paragraphs

_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百\d]{1,3}[)）]|\d{1,3}(?:\.\d{1,3})*[.、．](?!\d)"
    r"|\d{1,3}[ \t]+(?=[\u4e00-\u9fff])|[①-⑳]|第[一二三四五六七八九十百\d]+[章节条部]|【|附件\s*\d*\s*[:：]?\s*$"
    r"|[•·●○■□◆◇▪]\s*)")
_CLOSING = set("，。、；：？！,.;:?!）)」』》〉】]〕}…‥々ー/%‰℃°")  # no line may begin with these
_OPENING = set("（(「『《〈【[〔{")
_HANGING = set("，。、．,.")  # may hang past the right margin (Word and LibreOffice allow it in Chinese)
_QUOTES = set("“”‘’\"'")


def _starts_item(text: str) -> bool:
    return bool(_ITEM.match(text))


_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/:+\-]*|.", re.S)


def _first_token(text: str) -> str:
    """The width of what must begin the line: a word, or a character with the marks that
    may not be parted from it (closing punctuation after it, quotation marks on either
    side, an opening bracket before it, as the Unicode line-breaking rules have it, and
    a number after closing punctuation, as LibreOffice keeps it)."""
    units = _UNIT.findall(text[:80])
    if not units:
        return ""
    token = [units[0]]
    for unit in units[1:]:
        before = token[-1][-1]
        if (unit in _CLOSING or unit in _QUOTES or before in _QUOTES or before in _OPENING
                or (before in _CLOSING and unit[0].isdigit())):  # 。33 stays together too
            token.append(unit)
        else:
            break
    return "".join(token)


def broken(end: float, tail: str, following: str, size: float, right: float, hanging: bool = False) -> bool:
    """A line ending at ``end`` (its last run ``tail``) was broken by the layout: the first
    word of ``following`` would not have fitted before ``right``. Widths of Latin
    letters and digits are guesses, so each one widens the margin of doubt. Where the
    writer lets punctuation hang past the margin, a trailing comma needs no room."""
    token = _first_token(following)
    if hanging:  # its closing comma or full stop may hang past the margin
        token = token.rstrip("".join(_HANGING)) or token[:1]
    unsure = sum(1 for ch in tail + token if _char_em(ch) != 1.0)
    return end + text_width(token, size) > right - min(0.12 * unsure, 1.0) * size


def _full(a: Line, b: Line, right: float, hanging: bool = False) -> bool:
    return broken(a.end, a.tail, b.text, b.size, right, hanging)


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


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
    sure = [ln for ln in same if ln.exact and ln.tail and all(_char_em(ch) == 1.0 for ch in ln.tail)
            and ln.x <= left + 3 * size]
    plain = [ln.end for ln in sure if ln.tail[-1] not in _HANGING]
    hung = [ln.end for ln in sure if ln.tail[-1] in _HANGING]
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


TAB_STOPS = (35.43, 36.0)  # the default tab stops of LibreOffice (1.25 cm) and Word (half an inch)


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
    if abs(a.size - b.size) > 0.6 or _starts_item(b.text):
        return False
    if same_page and not 0 < a.y - b.y <= 1.35 * max(m.pitch, a.size * 1.5):
        return False
    if a.x > m.left + 4.2 * a.size and abs(a.center - m.center) > a.size and not tabs(a, m):
        return False  # a right-aligned or oddly placed line (a first-line indent is some two ems)
    if not _full(a, b, m.right, m.hanging):
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


@dataclass
class _TableOut:
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
        return CellText(_join(a.text, b.text), b.slack, b.tail)
    return CellText(a.text + "\n" + b.text, b.slack, b.tail)


def document_text(pages: list[Page]) -> str:
    """The text of laid-out pages, in reading order."""
    lines_by_page, tables_by_page = [], []
    for page in pages:
        lines, tables = _items(page)
        lines_by_page.append(lines)
        tables_by_page.append(tables)
    lines_by_page = drop_furniture(lines_by_page, [p.height for p in pages])
    m = _metrics(lines_by_page, [p.width for p in pages])

    blocks: list[str | None | _TableOut] = []  # paragraphs, empty lines, tables
    prev: Line | None = None  # the line that ended the last paragraph, while it may go on
    prev_page = -1
    for pno, (lines, tables) in enumerate(zip(lines_by_page, tables_by_page)):
        items: list[tuple[float, Line | TableBlock]] = [(ln.y, ln) for ln in lines]
        items += [(t.grid.top + 0.01, t) for t in tables]
        items.sort(key=lambda it: -it[0])
        for _, item in items:
            if isinstance(item, TableBlock):
                last = blocks[-1] if blocks else None
                if isinstance(last, _TableOut) and last.page != pno and last.grid.same_columns(item.grid):
                    last.extend(item, pno)
                else:
                    blocks.append(_TableOut(item.grid, list(item.rows), pno))
                prev = None
                continue
            if prev is not None and m is not None and _continues(prev, item, m, same_page=pno == prev_page):
                blocks[-1] = _join(blocks[-1], item.text)
            else:
                if (prev is not None and m is not None and pno == prev_page
                        and prev.y - item.y > 1.5 * max(m.pitch, prev.size * 1.1)):
                    blocks.append(None)  # an empty line between
                blocks.append("\t" * (tabs(item, m) if m is not None else 0) + item.text)
            prev, prev_page = item, pno
    out: list[str] = []
    prev_block = None
    for b in blocks:
        if isinstance(b, _TableOut):
            out.extend(table_text([[c.text for c in row] for row in b.rows]).split("\n"))
        elif b is None:
            out.append("")
        else:
            if out and out[-1] != "" and isinstance(prev_block, _TableOut):
                out.append("")
            out.append(b)
        prev_block = b
    return "\n".join(out).strip("\n")
