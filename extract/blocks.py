"""The pieces a document's structure is made of: lines, headings, paragraphs, label lines, table rows.

``segment.py`` walks a text into these blocks; ``flattened.py`` reads the tables text flattens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attribution.roles import label_pattern
from .rules import compiled


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Block:
    kind: str  # heading | para | label | row | header
    start: int
    end: int
    level: int = 0
    marker: str | None = None
    title: str | None = None  # a heading's words (without marker)
    cells: list[Cell] = field(default_factory=list)  # rows
    indexed: bool = False  # a row that starts with its own number

    def text(self, doc: str) -> str:
        return doc[self.start:self.end]


@dataclass
class Line:
    start: int
    end: int  # exclusive, without the newline
    text: str


def lines_of(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


_RULES = None


def _markers():
    global _RULES
    if _RULES is None:
        _RULES = compiled("structure", "heading")
    return _RULES


def heading_of(line: str) -> tuple[int, str, int] | None:
    """(level, rule id, marker length) if a line starts with a heading marker."""
    for rule_id, pattern, rule in _markers():
        m = pattern.match(line)
        if m:
            return rule["level"], rule_id, m.end()
    return None


HEADER_WORDS = re.compile(r"序号|单位|任务|时限|进展|分工|内容|名称|措施|类别|领导|部门|评价|事项|目标|项目|完成时间|备注|要求|期限|时间|标准|情况|成效")


INDEX_CELL = re.compile(r"^\s*\d{1,3}\s*[.、]?\s*$")


def line_block(line: Line) -> Block:
    text = line.text
    lead = len(text) - len(text.lstrip())
    start, end = line.start + lead, line.start + len(text.rstrip())
    stripped = text.strip()
    if label_pattern().match(stripped):
        return Block("label", start, end)
    h = heading_of(stripped)
    if h:
        level, rule_id, mlen = h
        rest = stripped[mlen:]
        title = title_of(rest)
        return Block("heading", start, end, level=level, marker=stripped[:mlen].strip(), title=title)
    return Block("para", start, end)


_TITLE_END = re.compile(r"[。：:]")


def title_of(rest: str) -> str | None:
    rest = rest.strip()
    if not rest:
        return None
    m = _TITLE_END.search(rest)
    if m and m.start() <= 60:
        return rest[: m.start()].strip()
    if len(rest) <= 60:
        return rest.rstrip("。；;，,")
    return rest[:30]


def emit_row(cells: list[Cell], blocks: list[Block]) -> None:
    nonempty = [c for c in cells if c.text]
    if not nonempty:
        return
    if len(nonempty) == 1:
        only = nonempty[0]
        h = heading_of(only.text)
        if h and len(only.text) <= 60:
            level, _, mlen = h
            blocks.append(Block("heading", only.start, only.end, level=level, marker=only.text[:mlen].strip(),
                                title=title_of(only.text[mlen:])))
            return
    start = min(c.start for c in nonempty)
    end = max(c.end for c in nonempty)
    # a header: short cells, most of them header words (序号 | 任务 | 牵头单位 | 完成时限 | 1-9月份工作完成情况 | 监督电话)
    worded = sum(1 for c in nonempty if len(c.text) <= 16 and HEADER_WORDS.search(c.text))
    header = worded >= max(2, len(nonempty) - 1) or (
        len(nonempty) >= 5 and worded >= 0.6 * len(nonempty) and all(len(c.text) <= 16 and "。" not in c.text
                                                                    for c in nonempty))
    indexed = bool(cells and INDEX_CELL.match(cells[0].text))
    blocks.append(Block("header" if header else "row", start, end, cells=list(cells), indexed=indexed))


def split_cells(line: Line, sep: str) -> list[Cell]:
    cells, pos = [], line.start
    for part in line.text.split(sep):
        s = pos + (len(part) - len(part.lstrip()))
        cells.append(Cell(part.strip(), s, pos + len(part.rstrip())))
        pos += len(part) + len(sep)
    # a leading or trailing separator leaves an empty edge cell
    while cells and not cells[-1].text:
        cells.pop()
    if cells and not cells[0].text and line.text.lstrip().startswith(sep):
        cells.pop(0)
    return cells
