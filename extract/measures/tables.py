"""Table rows into measures: columns read by their header, cells by what they hold.

A header gives each column a role (``rules/roles.toml``: 牵头单位 → lead, 配合单位 → support,
责任单位 → lead alone or support beside a lead column; 时限 → deadline; 进展 → progress). A row's
cells are then a task name, its content, agencies, a deadline, a progress note or a status; a
merged agency cell covers the sub-rows under it.
"""
from __future__ import annotations

import re

from .. import deadlines as dl
from ..attribution import Attribution, label_role
from ..blocks import Block, Cell
from .brackets import looks_agencies
from ..targets import unit_of
from .context import DocContext, Figure, Unit, merge, measure_pattern as _p

_AGENCY_ROLES = ("lead", "support", "responsible")



class TableReader:
    """Reads the rows of the tables of one document into ``units``."""

    def __init__(self, text: str, ctx: DocContext, units: list[Unit]):
        self.text = text
        self.ctx = ctx
        self.units = units
        self.header: list[str] | None = None
        self.row_heading: str | None = None  # the task name a row gives the rows after it
        self.row_agencies: Attribution | None = None  # a merged agency cell
        self.row_agency_columns: set[int] = set()  # the columns it stands in
        self.row_times: list[tuple[int, int]] = []  # a merged time cell (第一季度 over the rows under it)
        self.header_times: dict[int, tuple[int, int]] = {}  # columns whose header is a time (第一季度, 2022年度任务目标)
        self.unit: str | None = None  # the unit a line over the table names (单位：万亩)
        self.last_row: tuple[Block, int] | None = None  # the row before, and how many units there were before it
        self.target_columns: dict[int, tuple[str, str, int | None]] = {}  # planned quantities: header, unit, year

    def set_header(self, b: Block) -> None:
        self.header = [c.text for c in b.cells]
        self.last_row = None
        self.row_times = []
        self.header_times = {}
        for i, c in enumerate(b.cells):
            if c.text and dl.column_deadlines(c.text, c.start, dl.Context(self.ctx.year)):
                self.header_times[i] = (c.start, c.end)
        self._target_columns()

    def _target_columns(self) -> None:
        self.target_columns = {}
        for i, h in enumerate(self.header or []):
            if not _p("header_target").search(h) or _p("header_not_target").search(h):
                continue
            m = _p("header_unit").search(h)
            unit = unit_of(m.group("unit")) if m else None
            unit = unit or self.unit
            if unit:
                year = re.search(r"((?:19|20)\d{2})\s*年", h)
                name = _p("header_unit").sub("", h).strip()
                self.target_columns[i] = (name, unit, int(year.group(1)) if year else None)

    def _labels_over_figures(self, above: Block, cells: list[Cell]) -> bool:
        """Whether ``above``, a row of short labels and no figure, heads the columns where this row has
        figures, no header of as many columns being in force."""
        if self.header is not None and len(self.header) == len(cells) or not 2 <= len(cells) <= len(above.cells):
            return False
        labels = [c.text.strip() for c in above.cells]
        if any(len(t) > 20 or "。" in t or _p("figure_cell").match(t) for t in labels if t):
            return False
        return any(i > 0 and labels[i] and _p("figure_cell").match(c.text) for i, c in enumerate(cells))

    def _unit_line(self, cells: list[Cell]) -> bool:
        """A row that only names the table's unit (面积:万亩): kept for the columns, no measure."""
        filled = [c.text.strip() for c in cells if c.text.strip()]
        m = _p("unit_line").match(filled[0]) if len(filled) == 1 else None
        if m is None or unit_of(m.group("unit")) is None:
            return False
        self.unit = unit_of(m.group("unit"))
        self._target_columns()
        return True

    def row(self, b: Block, headings: tuple[str, ...]) -> None:
        cells = b.cells
        if self._no_task(cells):
            return
        last, self.last_row = self.last_row, (b, len(self.units))
        if last is not None and self._labels_over_figures(last[0], cells):
            # 乡镇(农场) | 可种植面积 | 2023年小麦任务面积 over 八一乡 | 8.44 | 0.91: the row before was the header
            del self.units[last[1]:]
            self.row_heading, self.row_agencies = None, None
            self.set_header(last[0])
            self.last_row = (b, len(self.units))
        shift = self._shift(cells)
        roles = self._column_roles(len(cells), shift)
        kinds = [self._cell_kind(c, roles[i] if roles else None, i) for i, c in enumerate(cells)]
        roles = roles or [None] * len(cells)
        texts, named_figures = self._text_cells(kinds, roles)
        if not texts:
            return
        content = self._content_cell(cells, kinds, texts)
        attr = self._row_attribution(b, cells, kinds, roles, shift)
        heads = headings + ((self.row_heading,) if self.row_heading else ())
        times = [(cells[i].start, cells[i].end) for i, k in enumerate(kinds) if k == "deadline"]
        if times:
            self.row_times = times
        elif self.row_times and self.header and "deadline" in (self._column_roles(len(self.header)) or []):
            times = self.row_times  # the time cell above is merged over this row
        # one unit per content cell; a text cell after a deadline cell is a sub-row (开工建设老年大学 / 12月底前)
        starts = [content] + [i for i, k in enumerate(kinds) if k == "sub"]
        for n, first in enumerate(starts):
            last = starts[n + 1] if n + 1 < len(starts) else len(cells)
            self._row_unit(cells, kinds, shift, n, first, last, named_figures, times, heads, attr)

    def _no_task(self, cells: list[Cell]) -> bool:
        """A unit line, a total row, the site's information table over the document, or the title over the
        table (附件：2023年…任务分解表): no task in the row."""
        if self._unit_line(cells) or (cells and _p("total_row").match(cells[0].text or "")) or \
                any(_p("page_info_cell").match(c.text or "") for c in cells):
            return True
        return len([c for c in cells if c.text.strip()]) == 1 and bool(_p("attachment_title").match(cells[0].text or ""))

    def _text_cells(self, kinds: list[str], roles: list) -> tuple[list[int], bool]:
        """The row's text cells (their kinds set to ``text`` where a place or a task is read from another
        kind), and whether the row is a place and its figures."""
        texts = [i for i, k in enumerate(kinds) if k == "text"]
        figures = [i for i, k in enumerate(kinds) if k == "figure"]
        named_figures = not texts and bool(figures)
        if named_figures:
            # 八一乡 | 8.44 | 0.91: a row of a place and its figures
            texts = figures[:1]
            kinds[texts[0]] = "text"
        if not texts and self.header:
            # 景区(点)、文物设施 | 9月份 | 生态办: a cell that reads like agencies, in a column that names none,
            # is the task
            texts = [i for i, k in enumerate(kinds) if k == "agency" and roles[i] not in ("lead", "support", "attribution")][:1]
            for i in texts:
                kinds[i] = "text"
        return texts, named_figures

    def _content_cell(self, cells: list[Cell], kinds: list[str], texts: list[int]) -> int:
        """The cell the row's task is written in: leading short cells name the task (the row's heading); the
        first cell that is not a progress note is the content; text cells after it are progress or sub-rows."""
        names: list[int] = []
        for i in texts:
            later_text = [j for j in texts if j > i]
            t = cells[i].text
            if later_text and len(t) <= 24 and "。" not in t and not re.search(r"[，,；;]", t) \
                    and not _p("figure_cell").match(t) \
                    and not any(kinds[k] == "agency" for k in range(i + 1, later_text[0])):
                names.append(i)
            else:
                break
        rest = [i for i in texts if i not in names]
        if not rest:
            rest, names = names[-1:], names[:-1]
        content = next((i for i in rest if not _progress_like(cells[i].text)), rest[0])
        for i in rest:
            if i > content and kinds[i] == "text":
                kinds[i] = "sub" if any(kinds[k] == "deadline" for k in range(content, i)) else "progress"
        if names:
            self.row_heading = "".join(cells[i].text for i in names)
        return content

    def _row_attribution(self, b: Block, cells: list[Cell], kinds: list[str], roles: list, shift: int) -> Attribution:
        """The row's agencies, or those of a merged cell above that covers it."""
        attr = self._agencies(cells, kinds, roles)
        agency_columns = {i + shift for i, k in enumerate(kinds) if k == "agency"}
        if not attr.lead and not attr.support and self.row_agencies is not None and not b.indexed and \
                not any(0 <= j - shift < len(cells) and _NAME.fullmatch(cells[j - shift].text.strip())
                        for j in self.row_agency_columns):
            # a merged cell covers its sub-rows, but not one that names its own unit in that column (狼山农场
            # under 干召庙镇, a farm that is no agency)
            return self.row_agencies
        if attr.lead or attr.support:
            self.row_agencies, self.row_agency_columns = attr, agency_columns
        return attr

    def _row_unit(self, cells: list[Cell], kinds: list[str], shift: int, n: int, first: int, last: int,
                  named_figures: bool, times: list, heads: tuple, attr: Attribution) -> None:
        """The unit of the row's ``n``-th content cell (``first``, up to the next one at ``last``)."""
        own = [first] + [i for i in range(first + 1, last) if kinds[i] in ("deadline", "progress", "figure")]
        if n == 0:
            own += [i for i in range(last, len(cells)) if kinds[i] == "progress"]
        progress = [cells[i] for i in own if kinds[i] == "progress"]
        end = max(cells[i].end for i in own)
        status = (min(c.start for c in progress), max(c.end for c in progress)) if progress else None
        keep = {id(cells[i]) for i in own}
        if named_figures:
            keep |= {id(c) for c, k in zip(cells[:first], kinds) if k not in ("index", "empty")}  # its place
        # a row's measure spans the row from its first cell (八一乡 | 8.44 | 0.91), the cells that are not
        # its text (its name, number, agencies) skipped in the text it reads
        span_s = min([cells[first].start] + [c.start for c, k in zip(cells, kinds) if c.text and k != "index"]) \
            if n == 0 else cells[first].start
        skip = [(c.start, c.end) for c in cells if id(c) not in keep and c.text and span_s <= c.start < end]
        own_times = [(cells[i].start, cells[i].end) for i in own if kinds[i] == "deadline"]
        if n == 0:
            # a time cell before the content (时限 | 类别 | 工作任务), or merged over this row from above
            own_times += [t for t in times if t[0] < cells[first].start]
        # a time header over a figure of a planned quantity (2023年小麦任务面积 | 0.91) is the year of its
        # target, not a due date
        own_times += [self.header_times[i + shift] for i in own if i + shift in self.header_times
                      and not (i + shift in self.target_columns and _p("figure_cell").match(cells[i].text))]
        pieces = _scored_items(self.text, cells[first].start, cells[first].end) if n == 0 else []
        if len(pieces) >= 2:
            # 制定…方案(10分)；修订…预案(10分)：an assessment table's cell of scored items, a measure each
            for k, (ps, pe) in enumerate(pieces):
                last_piece = k == len(pieces) - 1
                self.units.append(Unit(ps, end if last_piece else pe, heads, attr, "row.scored", status=status,
                                       entities=list(attr.entities), skip=skip, times=own_times))
            return
        self.units.append(Unit(span_s, end, heads, attr, "row" if n == 0 else "row.sub", status=status,
                               entities=list(attr.entities), skip=skip, times=own_times,
                               figures=self._figures(cells, own, shift)))

    def _figures(self, cells: list[Cell], own: list[int], shift: int) -> list[Figure]:
        """The row's figure cells under planned-quantity columns, named by the row's first cell that
        is neither its number nor a figure (八一乡) and the column's header."""
        name = next((c.text.strip() for i, c in enumerate(cells) if c.text.strip() and
                     not _p("figure_cell").match(c.text) and not (i == 0 and re.fullmatch(r"\d{1,3}[.、]?", c.text.strip()))),
                    "")
        out = []
        for i in own:
            col = self.target_columns.get(i + shift)
            if col and _p("figure_cell").match(cells[i].text):
                header, unit, year = col
                out.append(Figure(cells[i].start, cells[i].end, name + header, unit, year))
        return out

    def _agencies(self, cells: list[Cell], kinds: list[str], roles: list[str | None]) -> Attribution:
        attr = Attribution()
        agency_idx = [i for i, k in enumerate(kinds) if k == "agency"]
        lead_label = any(roles[i] == "lead" for i in agency_idx)
        columns = self._agency_columns()
        for n, group in enumerate(_column_groups(cells, agency_idx, columns)):
            for i in group:
                role = roles[i]
                if columns == 1 and role is None:
                    role = self._header_agency_role()
                col_role = role if role in ("lead", "support") else (None if n == 0 else "support")
                parsed = self.ctx.parser.parse(cells[i].text, cells[i].start, rule="table", column_role=col_role,
                                               lead_label_present=lead_label or None)
                attr = merge(attr, parsed)
        return attr

    # ------------------------------------------------------------ header
    def _header_roles(self) -> list[str | None]:
        return [label_role(h.strip()) for h in self.header] if self.header else []

    def _agency_columns(self) -> int:
        return sum(1 for r in self._header_roles() if r in _AGENCY_ROLES)

    def _header_agency_role(self) -> str | None:
        roles = [r for r in self._header_roles() if r in _AGENCY_ROLES]
        if not roles:
            return None
        return "lead" if roles[0] in ("lead", "responsible") else "support"

    def _shift(self, cells: list[Cell]) -> int:
        """How many of the header's first columns a shorter row lacks (cells merged over it from above):
        the alignment under which its cells read most like their columns (agencies under 责任单位, a time
        under 时限, a progress note under 完成情况); left-aligned where none reads better."""
        if not self.header or len(cells) >= len(self.header):
            return 0
        full = self._column_roles(len(self.header)) or []
        best, best_score = 0, -1
        for shift in range(len(self.header) - len(cells) + 1):
            score = sum(self._fits(c, full[i + shift]) for i, c in enumerate(cells) if c.text)
            if score > best_score:
                best, best_score = shift, score
        return best

    def _fits(self, cell: Cell, role: str | None) -> bool:
        t = cell.text.strip()
        if role in ("lead", "support", "attribution"):
            return looks_agencies(self.ctx.parser, t)
        if role == "deadline":
            return bool(dl.column_deadlines(t, 0, dl.Context(self.ctx.year or 2000)))
        if role == "progress":
            return _progress_like(t) or bool(_p("status_cell").fullmatch(t))
        return False

    def _column_roles(self, n: int, shift: int = 0) -> list[str | None] | None:
        """The roles of a row's n cells, the header's columns from ``shift`` on."""
        if not self.header:
            return None
        if shift:
            full = self._column_roles(len(self.header))
            return full[shift:shift + n] if full else None
        header_roles = self._header_roles()
        lead_col = any(r == "lead" for r in header_roles)
        roles = []
        for h, role in zip(self.header, header_roles):
            h = h.strip()
            if role == "marker" or role is None and _p("header_attribution").search(h):
                role = "attribution"
            if role is None and _p("header_progress").search(h):
                role = "progress"
            if role is None and _p("header_deadline").search(h):
                role = "deadline"
            if role == "responsible":
                role = "support" if lead_col else "lead"
            roles.append(role)
        return roles if len(roles) == n else None

    # ------------------------------------------------------------ cells
    def _cell_kind(self, cell: Cell, role: str | None, index: int) -> str:
        t = cell.text.strip()
        if not t:
            return "empty"
        if index == 0 and re.fullmatch(r"\d{1,3}[.、]?", t):
            return "index"
        if role == "person" or (len(t) <= 3 and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", t) and
                                not self.ctx.parser._is_body(t)):
            return "person"
        if _p("status_cell").fullmatch(t):
            return "status"
        if role in ("lead", "support", "attribution") and looks_agencies(self.ctx.parser, t):
            return "agency"
        if role == "progress":
            return "progress"
        if role == "deadline" and dl.column_deadlines(t, 0, dl.Context(self.ctx.year or 2000)) or (
                len(t) <= 16 and dl.find_deadlines(t, 0, dl.Context(self.ctx.year)) and not re.search(r"[，,。]", t)):
            return "deadline"
        if looks_agencies(self.ctx.parser, t):
            return "agency"
        if (self.ctx.progress or role == "progress") and _p("progress_cell").search(t) and index > 1:
            return "progress"
        if index > 0 and _p("figure_cell").match(t):
            return "figure"
        return "text"


_NAME = re.compile(r"[\u4e00-\u9fff()（）]{2,12}")
_SCORED = re.compile(r"[^;；。]*?[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）][^;；]*?(?:[;；。]|$)")


def _scored_items(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The scored items of a cell (…(12分);…(10分);…), when every item of it carries its score."""
    items = [m.span() for m in _SCORED.finditer(text, s, e) if m.group(0).strip(" ;；。")]
    covered = sum(b - a for a, b in items)
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in items] \
        if len(items) >= 2 and covered >= 0.9 * len(text[s:e].strip()) else []


def _progress_like(t: str) -> bool:
    return bool(_p("progress").search(t)) and not _p("progress_not").search(t)


def _column_groups(cells: list[Cell], idx: list[int], columns: int) -> list[list[int]]:
    """Agency cells by column. A row with more agency cells than the header has agency columns
    holds cells broken over lines: consecutive single names stay in one column (区财政局 / 区税务局)."""
    if not columns or len(idx) <= columns:
        return [[i] for i in idx]
    if not any(re.search(r"[、,，;；]", cells[i].text) for i in idx):
        # names one per cell (cells run together): the first column holds the first, the last the rest
        return [[idx[0]], idx[1:]] if columns >= 2 else [idx]
    groups: list[list[int]] = []
    for i in idx:
        single = not re.search(r"[、,，;；]", cells[i].text)
        if groups and single and all(not re.search(r"[、,，;；]", cells[j].text) for j in groups[-1]) \
                and len(groups) + (len(idx) - idx.index(i)) > columns:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups
