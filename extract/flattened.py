"""Tables as text flattens them, read back into header and row blocks.

Web pages, PDFs and Word leave a table as one cell per tab-indented line, a whole row per line (tab, pipe or
space separated), a cell per line each closed by a pipe, one cell per plain line under a 序号 header, or every
cell run together with no separator at all. Each reader here takes one of these shapes from line ``i`` and
returns the line after it.
"""
from __future__ import annotations

import re

from .attribution.bodies import body_forms
from .attribution.roles import after_words
from .blocks import (HEADER_WORDS, INDEX_CELL, Block, Cell, Line, emit_row, heading_of, line_block, split_cells,
                     title_of)


_ATTR_CELL = None


def _attribution_cell() -> re.Pattern:
    """A line that ends as an attribution does: agencies, then 牵头 / 配合 / 按职责分工负责."""
    global _ATTR_CELL
    if _ATTR_CELL is None:
        words = after_words("lead", "support")
        _ATTR_CELL = re.compile(r"(?:局|委|办|厅|部|室|中心|政府|管委会)[^。；;]{0,40}?(?:等)?(?:"
                                + "|".join(map(re.escape, words)) + r")[。.]?$")
    return _ATTR_CELL


_SPACE_ROW = re.compile(r"^\s*(\d{1,3})[ \t]+\S")


def tab_table(lines: list[Line], i: int, blocks: list[Block]) -> int:
    """Lines indented with a tab: a cell per line (rows split by blank lines) or a row per line."""
    n = len(lines)
    group: list[Cell] = []

    def flush():
        if group:
            emit_row(group, blocks)
            group.clear()

    while i < n:
        line = lines[i]
        if line.text.startswith("\t"):
            parts = line.text.split("\t")[1:]
            if len(parts) > 1 and sum(1 for p in parts if p.strip()) >= 2:
                flush()
                pos = line.start + 1
                cells = []
                for p in parts:
                    cells.append(Cell(p.strip(), pos + (len(p) - len(p.lstrip())), pos + len(p.rstrip())))
                    pos += len(p) + 1
                emit_row(cells, blocks)
            else:
                content = line.text[1:]
                s = line.start + 1 + (len(content) - len(content.lstrip()))
                group.append(Cell(content.strip(), s, line.start + len(line.text.rstrip())))
            i += 1
            continue
        if not line.text.strip():
            # a blank line ends a row of one-cell lines; the table goes on if tabs follow
            flush()
            j = i + 1
            while j < n and not lines[j].text.strip():
                j += 1
            if j < n and lines[j].text.startswith("\t"):
                i = j
                continue
            return j
        # a plain line that is a whole attribution (…等按职责分工负责。) is a cell whose tab a PDF lost
        if group and _attribution_cell().search(line.text.strip()) and len(line.text.strip()) <= 200:
            t = line.text.strip()
            group.append(Cell(t, line.start + (len(line.text) - len(line.text.lstrip())), line.start + len(line.text.rstrip())))
            i += 1
            continue
        # a plain line right after a cell continues that cell (a cell with line breaks)
        if group:
            last = group[-1]
            group[-1] = Cell((last.text + "\n" + line.text.strip()).strip(), last.start if last.text else line.start,
                             line.start + len(line.text.rstrip()))
            i += 1
            continue
        flush()
        return i
    flush()
    return i


def pipe_header_ahead(lines: list[Line], i: int) -> bool:
    return HEADER_WORDS.search(lines[i].text) is not None or (
        i + 1 < len(lines) and lines[i + 1].text.count("|") >= 2)


def pipe_table(lines: list[Line], i: int, blocks: list[Block]) -> int:
    """A row per line, cells between pipes. Where the rows close with a pipe, a line that does not
    continues on the next: its last cell had a line break (市国土资源局 / 市农牧林业局 | 2010年…|)."""
    n = len(lines)
    closed = lines[i].text.rstrip().endswith("|")
    while i < n and (lines[i].text.count("|") >= 1 or not lines[i].text.strip()):
        line = lines[i]
        if line.text.strip() and not re.fullmatch(r"[\s|:\-]+", line.text):
            cells = split_cells(line, "|")
            while closed and not lines[i].text.rstrip().endswith("|") and i + 1 < n and lines[i + 1].text.count("|") >= 1:
                i += 1
                more = split_cells(lines[i], "|")
                if cells and more:
                    last = cells[-1]
                    cells[-1] = Cell((last.text + "\n" + more[0].text).strip(), last.start, more[0].end)
                    cells += more[1:]
            emit_row(cells, blocks)
        i += 1
    return i


CELL_LINE = re.compile(r"^(?=[^\S\n]*[^|\s])[^|\n]*\|\s*$")


_PIPES_LINE = re.compile(r"^\s*\|+\s*$")


_ROW_START = re.compile(r"^\s*\d{1,3}\s*[.、．]")


def cell_pipe_header(lines: list[Line], i: int) -> int:
    """The number of header cells when a table with one cell a line (主要任务 | / 重点工作和要求 | /
    责任单位 | …) starts at line i, else 0."""
    k = i
    while k < len(lines) and CELL_LINE.match(lines[k].text):
        t = lines[k].text.strip().rstrip("|").strip()
        if len(t) > 12 or not HEADER_WORDS.search(t):
            # past three header words, a short label is the header's too (是否达序 |, 说明 |) until the rows start
            if k - i < 3 or len(t) > 8 or INDEX_CELL.match(t) or _ROW_START.match(t) or not t:
                break
        k += 1
    return k - i if k - i >= 3 and k < len(lines) else 0


def cell_pipe_table(lines: list[Line], i: int, blocks: list[Block]) -> int:
    """A web table flattened to one cell a line, each closed by a pipe: the header's cells, then rows
    that each open with a numbered cell (1.制定… | 市安委办 | 1月20日前 | |); a numbered heading between
    rows (（一）制定工作任务清单。 |) is a heading; a line of pipes alone is an empty cell. A row with fewer
    cells than the header is missing its first ones (a merged cell above), so cells align to the right."""
    ncols = cell_pipe_header(lines, i)
    header = [_pipe_cell(lines[k]) for k in range(i, i + ncols)]
    blocks.append(Block("header", header[0].start, header[-1].end, cells=header))
    k = i + ncols
    row: list[Cell] = []
    numbered = header[0].text.strip().rstrip("|").strip() == "序号"

    def flush():
        nonlocal row
        cells = [c for c in row]
        while cells and not cells[-1].text and len(cells) > ncols:
            cells.pop()
        if any(c.text for c in cells):
            pad = [Cell("", cells[0].start, cells[0].start)] * max(0, ncols - len(cells))
            emit_row(pad + cells, blocks)
        row = []

    while k < len(lines):
        line = lines[k]
        if not line.text.strip():
            k += 1
            continue
        if _PIPES_LINE.match(line.text):
            if row:
                row.append(Cell("", line.start, line.start))
            k += 1
            continue
        if not CELL_LINE.match(line.text):
            break
        cell = _pipe_cell(line)
        h = heading_of(cell.text)
        if h and not _ROW_START.match(cell.text) and len(cell.text) <= 60:
            flush()
            level, _, mlen = h
            blocks.append(Block("heading", cell.start, cell.end, level=level, marker=cell.text[:mlen].strip(),
                                title=title_of(cell.text[mlen:])))
        elif _ROW_START.match(cell.text) or (numbered and INDEX_CELL.match(cell.text)):
            flush()  # 1.制定… |, or a number alone (24 |) under a 序号 column
            row = [cell]
        elif row:
            row.append(cell)
        else:
            blocks.append(line_block(Line(cell.start, cell.end, cell.text)))
        k += 1
    flush()
    return k


def _pipe_cell(line: Line) -> Cell:
    t = line.text.rstrip()
    body = t[:t.rfind("|")]
    lead = len(body) - len(body.lstrip())
    return Cell(body.strip(), line.start + lead, line.start + len(body.rstrip()))


def is_space_header(stripped: str) -> bool:
    tokens = stripped.split()
    return len(tokens) >= 3 and sum(1 for t in tokens if HEADER_WORDS.search(t) and len(t) <= 8) >= 3


def next_space_row(lines: list[Line], j: int) -> bool:
    for k in range(j, min(j + 4, len(lines))):
        t = lines[k].text
        if not t.strip():
            continue
        if _SPACE_ROW.match(t):
            return True
        if heading_of(t.strip()):
            continue
        return False
    return False


def space_table(lines: list[Line], i: int, blocks: list[Block]) -> int:
    """A row per line, cells separated by spaces (a flattened web table); lines between
    numbered rows continue the row above (cells with line breaks)."""
    header = lines[i]
    blocks.append(Block("header", header.start, header.start + len(header.text.rstrip()),
                        cells=_space_cells(header)))
    i += 1
    n = len(lines)
    current: list[Cell] | None = None
    while i < n:
        line = lines[i]
        t = line.text.strip()
        if not t:
            i += 1
            continue
        if _SPACE_ROW.match(line.text):
            if current:
                emit_row(current, blocks)
            current = _space_cells(line)
        elif heading_of(t) and len(t) <= 60 and not current:
            blocks.append(line_block(line))
        elif heading_of(t) and len(t) <= 60 and re.match(r"^[一二三四五六七八九十]+、", t):
            if current:
                emit_row(current, blocks)
                current = None
            blocks.append(line_block(line))
        elif current is not None:
            current.extend(_space_cells(line, continuation=True))
        else:
            break
        i += 1
    if current:
        emit_row(current, blocks)
    return i


# 住房和城乡建设局等各县(市、区)党委和人民政府: two agency cells whose space a PDF lost (等 closes a list of
# bodies, 各县… opens the next)
_LIST_JOIN = re.compile(r"(?<=[局委办厅部府会门]等)(?=各[县市区乡镇街(（])")


def _space_cells(line: Line, continuation: bool = False) -> list[Cell]:
    words = list(re.finditer(r"\S+", line.text))
    if continuation:
        # a continuation line is one cell (its spaces are the cell's own)
        if not words:
            return []
        return [Cell(line.text.strip(), line.start + words[0].start(), line.start + words[-1].end())]
    cells = []
    for m in words:
        word, start = m.group(0), line.start + m.start()
        cuts = [0] + [j.start() for j in _LIST_JOIN.finditer(word)] + [len(word)]
        cells.extend(Cell(word[a:b], start + a, start + b) for a, b in zip(cuts, cuts[1:]))
    return cells


# a section heading among a table's rows (一、2025年经济社会发展的主要预期目标)
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")


def cell_header_ahead(lines: list[Line], i: int) -> bool:
    k, names = i + 1, 0
    while k < len(lines) and k < i + 16:
        t = lines[k].text.strip()
        if not t:
            k += 1
            continue
        if INDEX_CELL.match(t):
            return names >= 2
        if _SECTION.match(t) and names >= 2:
            k += 1
            continue
        if len(t) <= 10:
            names += 1
            k += 1
            continue
        return False
    return False


def cell_table(lines: list[Line], i: int, blocks: list[Block]) -> int:
    n = len(lines)
    header: list[Cell] = []
    k = i
    while k < n:
        t = lines[k].text.strip()
        if not t:
            k += 1
            continue
        if INDEX_CELL.match(t) or _SECTION.match(t):
            break
        header.append(Cell(t, lines[k].start, lines[k].start + len(lines[k].text.rstrip())))
        k += 1
    blocks.append(Block("header", header[0].start, header[-1].end, cells=header))
    expected = None  # an excerpt's rows may start at any number; they go on one by one
    current: list[Cell] = []
    while k < n:
        line = lines[k]
        t = line.text.strip()
        if not t:
            k += 1
            continue
        cell = Cell(t, line.start + (len(line.text) - len(line.text.lstrip())), line.start + len(line.text.rstrip()))
        number = int(re.sub(r"\D", "", t)) if INDEX_CELL.match(t) else None
        # the next number; after a section or a whole row, any later one (an excerpt leaves rows out)
        if number is not None and (expected is None or number == expected or (
                number > expected and len(current) >= len(header))):
            if current:
                emit_row(current, blocks)
            current = [cell]
            expected = number + 1
        elif _SECTION.match(t) and len(t) <= 60 and (not current or len(current) >= len(header) - 1):
            # 二、全力以赴扩投资…: a section of the table, between its rows
            if current:
                emit_row(current, blocks)
            current = []
            expected = None
            emit_row([cell], blocks)
        elif current:
            current.append(cell)
        else:
            break
        k += 1
    if current:
        emit_row(current, blocks)
    return k


_RUN_WORDS = ("区政府分管领导", "市政府分管领导", "县政府分管领导", "分管领导", "责任领导", "项目名称", "主要内容", "工作内容",
              "建设内容", "重点任务", "主要任务", "任务名称", "工作任务", "牵头单位", "责任单位", "配合单位", "协办单位",
              "参与单位", "完成时限", "时间节点", "序号")


RUN_HEADER = re.compile("(?:" + "|".join(_RUN_WORDS) + "){4,}")


_PAGE_DEBRIS = re.compile(r"^\d{1,3}、(?=\)|[\u4e00-\u9fff“])")


_UNIT_AFTER = "个家人项座所条年月日号万亿千百%名户亩次期批台辆吨米元岁届栋间所层"


_SUFFIXES = "街道|乡镇|镇|乡|区|园|中心|公司|集团|局|委|办|社区|村|所|站|队|馆"


_TOKEN = re.compile(rf"(?:各[\u4e00-\u9fff]{{0,8}}?(?:{_SUFFIXES})|[\u4e00-\u9fff]{{1,10}}?(?:{_SUFFIXES}))"
                    r"(?:\([^()（）]{1,12}\))?")


def run_together_table(lines: list[Line], i: int, blocks: list[Block], names: re.Pattern) -> int:
    """A table flattened with no separators at all: header words run into one another, then rows
    numbered 1, 2, 3 …, each row's text followed by its leader and agencies. The lines a page break
    left (1、 2、 at a line's start) are joined back."""
    verbs = body_forms().not_body
    chars: list[str] = []
    pos: list[int] = []
    k = i
    while k < len(lines) and lines[k].text.strip():
        line = lines[k]
        body = line.text
        m = _PAGE_DEBRIS.match(body.lstrip())
        skip = (len(body) - len(body.lstrip())) + (m.end() if m else 0)
        for j, ch in enumerate(body[skip:].rstrip()):
            chars.append(ch)
            pos.append(line.start + skip + j)
        k += 1
    region = "".join(chars)
    headers = list(RUN_HEADER.finditer(region))
    first = headers[0]
    words = re.findall("|".join(_RUN_WORDS), first.group(0))
    # no header block: a row's name and content stay one cell here, so columns would not line up
    has_person = any("领导" in w for w in words)
    # a repeated header (a new page) is no content
    holes = [(h.start(), h.end()) for h in headers]

    def cell(a: int, b: int) -> Cell:
        return Cell(region[a:b], pos[a], pos[b - 1] + 1)

    # row starts: the numbers 1, 2, 3 … in order, each before a Chinese character that is no unit
    starts, n, at = [], 1, first.end()
    while True:
        m = re.compile(rf"(?<![\d.]){n}(?=[\u4e00-\u9fff“])").search(region, at)
        while m and region[m.end()] in _UNIT_AFTER:
            m = re.compile(rf"(?<![\d.]){n}(?=[\u4e00-\u9fff“])").search(region, m.end())
        if not m:
            break
        starts.append(m.start())
        at, n = m.end(), n + 1
    for r, s in enumerate(starts):
        e = starts[r + 1] if r + 1 < len(starts) else len(region)
        e = min([e] + [a for a, _ in holes if s < a < e])
        number_end = s + len(str(r + 1))
        lead_cell = [cell(s, number_end)]
        seg_start = p = number_end
        sub = False
        # text, then its leader and agencies; again for each sub-row that has its own
        while p < e:
            stop = region.find("。", p, e)
            if stop < 0:
                break
            run, parts = _agency_run(region, stop + 1, e, names, verbs, has_person)
            p = stop + 1
            if not parts:
                continue
            cells = (lead_cell if not sub else []) + [cell(seg_start, stop + 1)] + [cell(a, b) for a, b in parts]
            blocks.append(Block("row", cells[0].start, cells[-1].end, cells=cells, indexed=not sub))
            sub = True
            seg_start = p = run
        if seg_start < e and region[seg_start:e].strip():
            if sub:
                # sub-rows under a merged agency cell: a sentence each
                for a, b in _sentences_of(region, seg_start, e):
                    blocks.append(Block("row", pos[a], pos[b - 1] + 1, cells=[cell(a, b)], indexed=False))
            else:
                cells = lead_cell + [cell(seg_start, e)]
                blocks.append(Block("row", cells[0].start, cells[-1].end, cells=cells, indexed=True))
    return k


def _sentences_of(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^。]+。?", text[a:b]):
        if m.group(0).strip():
            out.append((a + m.start(), a + m.end()))
    return out


def _agency_run(region: str, p: int, e: int, names: re.Pattern, verbs: re.Pattern, has_person: bool):
    """After a row's text: [leader] lead agency, other agencies, up to the next text. Returns the end of
    the run and the (start, end) of each cell (leader, lead, others)."""
    parts = []
    m = names.search(region, p, min(e, p + 14))
    if m is None:
        return p, []
    lead_start = m.start()
    if has_person and 2 <= m.start() - p <= 4:
        parts.append((p, m.start()))
    elif m.start() != p:
        lead_start = p if m.start() - p <= 2 else m.start()
    parts.append((lead_start, m.end()))
    q = m.end()
    while q < e:
        t = _TOKEN.match(region, q, e)
        if t is None or verbs.match(region[q:q + 6]) or t.end() - q < 2:
            break
        parts.append((q, t.end()))
        q = t.end()
    return q, parts
