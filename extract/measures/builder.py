"""Walking a document's blocks into measures.

Headings make the heading path; the paragraphs of one item wait in a group until what closes
them is known (a label line or a bracketed attribution after them covers them all); paragraphs go
to ``prose``, table rows to ``tables``; ``assemble`` turns the units into records.
"""
from __future__ import annotations

import re

from ..attribution import Attribution, has_role_word, label_pattern
from ..deadlines import five_year_end
from ..attribution.roles import role_words
from ..records import AgencyRef, Measure
from ..blocks import Block, heading_of
from .assemble import assemble
from .brackets import OPEN, closing_attribution, depth, looks_agencies, strip_brackets
from .context import DocContext, Unit, measure_pattern as _p
from .prose import ProseReader
from .tables import TableReader

_TERMINAL = re.compile(r"[。！？!?]")



class MeasureBuilder:
    def __init__(self, text: str, ctx: DocContext):
        self.text = text
        self.ctx = ctx
        self.units: list[Unit] = []
        self.stack: list[tuple[int, str, int | None]] = []  # (level, title, the year the heading states)
        # paragraphs awaiting what closes them: (start, end, heading path, the level of the item they open)
        self.group: list[tuple[int, int, tuple[str, ...], int]] = []
        self.unclaimed = 0  # where the items no attribution has claimed yet start (since a section or a table)
        # the roles of a table's agency columns whose cells are left one per line with no number to the rows
        # (领域 / 主要目标 / 主要责任单位 / 责任单位): each run of agency lines closes the row above it
        self.agency_columns: list[str] | None = None
        self.prose = ProseReader(text, ctx, self.units)
        self.tables = TableReader(text, ctx, self.units)

    def run(self, blocks: list[Block]) -> list[Measure]:
        i = 0
        while i < len(blocks):
            b = blocks[i]
            before = len(self.units)
            if b.kind == "heading":
                self._flush_group()
                self._date_units(before)  # what the heading closes keeps the time of the headings it was under
                before = len(self.units)
                if b.level <= 2:
                    self.unclaimed = len(self.units)  # a new section: a label below covers nothing above
                self._push_heading(b)
                if self._heading_is_content(b):
                    self.group.append((b.start, b.end, self._headings(), b.level))
            elif b.kind == "label":
                j = i
                while j + 1 < len(blocks) and (blocks[j + 1].kind == "label" or (
                        blocks[j + 1].kind == "para" and looks_agencies(self.ctx.parser, self._block_text(blocks[j + 1])))):
                    j += 1
                self._attach(blocks[i].start, blocks[j].end)
                i = j
            elif b.kind == "para" and (header := self._column_header(blocks, i)) is not None:
                self._flush_group()
                i, self.agency_columns = header
                self.unclaimed = len(self.units)
            elif b.kind == "para" and self.agency_columns and self._agency_line(b):
                j = i
                while j + 1 < len(blocks) and blocks[j + 1].kind == "para" and (self._agency_line(blocks[j + 1]) or (
                        j + 2 < len(blocks) and blocks[j + 2].kind == "para" and self._short_name(blocks[j + 1])
                        and self._agency_line(blocks[j + 2]))):
                    j += 1
                time = blocks[j + 1] if j + 1 < len(blocks) and blocks[j + 1].kind == "para" and \
                    self._time_cell(blocks[j + 1]) else None
                self._close_row(blocks[i:j + 1], time)
                i = j + 1 if time else j
            elif b.kind == "para":
                consumed = self._attribution_line(blocks, i)
                if self._addressees(b) or _p("page_info_line").match(self._block_text(b)):
                    pass  # 各乡镇人民政府，区直各有关单位：the bodies a document is sent to; 索引号：… of the site
                elif not consumed and self.group and self._attribution_sentence(b):
                    self._attach(b.start, b.end)  # 省质监局、科技厅负责落实。under the item it is of
                elif consumed:
                    i = consumed
                else:
                    self.group.append((b.start, b.end, self._headings(), 0))
            elif b.kind == "header":
                self._flush_group()
                self.tables.set_header(b)
                self.unclaimed = len(self.units)
            elif b.kind == "row":
                self._flush_group()
                self.tables.row(b, self._headings())
                self.unclaimed = len(self.units)
            self._date_units(before)
            i += 1
        before = len(self.units)
        self._flush_group()
        self._date_units(before)
        return assemble(self.text, self.units, self.ctx)

    def _block_text(self, b: Block) -> str:
        return self.text[b.start:b.end]

    # ------------------------------------------------------------ headings
    def _headings(self) -> tuple[str, ...]:
        return tuple(t for _, t, _ in self.stack if t)

    def _heading_year(self) -> int | None:
        """The year the innermost heading that states one holds for the text under it."""
        return next((y for _, _, y in reversed(self.stack) if y), None)

    def _date_units(self, since: int) -> None:
        # the units a block made, written before the group flushed, keep the heading of their own time
        year = self._heading_year()
        for u in self.units[since:]:
            if u.year is None:
                u.year = year

    def _push_heading(self, b: Block) -> None:
        while self.stack and self.stack[-1][0] >= b.level:
            self.stack.pop()
        self.stack.append((b.level, b.title or "", _year_of(b.title or "")))
        self.tables.row_heading = None

    def _heading_is_content(self, b: Block) -> bool:
        line = self.text[b.start:b.end]
        h = heading_of(line)
        rest = line[h[2]:].strip() if h else line
        if not rest:
            return False
        if b.level >= 3:
            return True
        if b.level == 2 and line.rstrip().endswith("。"):
            return True
        title = b.title or ""
        body = rest[len(title):].strip(" 。：:")
        if len(body) > 2:
            return True
        # 三、大力推进无障碍环境建设，为45户…实施无障碍改造。: a sentence with figures or clauses is no title
        return bool(re.search(r"[；;]|\d", title)) or len(title) > 30

    # ------------------------------------------------------------ attributions
    def _attribution_sentence(self, b: Block) -> bool:
        """A paragraph that is one sentence naming agencies and their role, and nothing else."""
        line = self._block_text(b).strip()
        return len(_TERMINAL.findall(line.rstrip("。.；;"))) == 0 and has_role_word(line) and \
            bool(_p("role_end").search(line)) and looks_agencies(self.ctx.parser, line.rstrip("。.；;"))

    def _addressees(self, b: Block) -> bool:
        line = self.text[b.start:b.end].strip()
        return line[-1:] in (":", "：") and looks_agencies(self.ctx.parser, line[:-1])

    def _attribution_line(self, blocks: list[Block], i: int) -> int | None:
        """A paragraph that is only an attribution in brackets, perhaps over two lines."""
        b = blocks[i]
        line = self.text[b.start:b.end].strip()
        if not line or line[0] not in OPEN:
            return None
        end_block = i
        joined_end = b.end
        level = depth(line)
        while level > 0 and end_block + 1 < len(blocks) and end_block - i < 3:
            nxt = blocks[end_block + 1]
            if nxt.kind not in ("para",):
                break
            end_block += 1
            joined_end = nxt.end
            level += depth(self.text[nxt.start:nxt.end])
        span_text = self.text[b.start:joined_end]
        inner_s, inner_e = strip_brackets(self.text, b.start, joined_end)
        if has_role_word(span_text) and not (label_pattern().match(self.text[inner_s:inner_e]) or
                                             looks_agencies(self.ctx.parser, self.text[inner_s:inner_e])):
            return None  # a bracket that opens a task, not an attribution
        if not has_role_word(span_text):
            if level > 0 and end_block == len(blocks) - 1 and len(span_text) <= 6:
                # an attribution cut off by the end of the text: `(生`
                self._attach(b.start, joined_end, truncated=True)
                return end_block
            return None
        self._attach(b.start, joined_end)
        return end_block

    # ------------------------------------------------------------ a table left one cell per line, unnumbered
    def _column_header(self, blocks: list[Block], i: int) -> tuple[int, list[str]] | None:
        """(where a table's header ends, the roles of its agency columns in order), if lines from ``i`` are its
        cells: two to eight short lines, none an agency, at least one a role label as a whole line (主要责任单位,
        责任单位)."""
        labels = role_words().labels
        cells = []
        for b in blocks[i:i + 8]:
            t = re.sub(r"\s+", "", self._block_text(b))
            if b.kind != "para" or not 2 <= len(t) <= 10 or re.search(r"[，,。；;：:、]", t):
                break
            cells.append(t)
        if len(cells) < 2 or not any(t in labels for t in cells):
            return None  # the cheap test first: most paragraphs are no header (a hot path)
        roles = []
        for k, t in enumerate(cells):
            if t in labels and labels[t][0] in ("lead", "support", "responsible"):
                roles.append(labels[t][0])
            elif looks_agencies(self.ctx.parser, t):
                cells = cells[:k]
                break
        if not roles or len(cells) < 2:
            return None
        return i + len(cells) - 1, roles

    def _agency_line(self, b: Block) -> bool:
        """A line that is one cell of an agency column: a short name and nothing else."""
        t = self._block_text(b).strip()
        return len(t) <= 60 and not re.search(r"[。；;：:]", t) and looks_agencies(self.ctx.parser, t)

    def _short_name(self, b: Block) -> bool:
        """A short line between two agency lines of a column: a name the registry does not know (人口计生)."""
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,8}", self._block_text(b).strip()))

    def _time_cell(self, b: Block) -> bool:
        """A line that is only a time (2020年12月, 6月底前): the time column's cell of the row above."""
        t = self._block_text(b).strip()
        return 0 < len(t) <= 16 and bool(_p("time_cell").fullmatch(t))

    def _close_row(self, run: list[Block], time: Block | None = None) -> None:
        """A run of agency lines under the paragraphs of a row: the first is in the first agency column, the
        rest in the last (主要责任单位 | 责任单位: the first leads, the others take part, as 责任单位 beside a
        lead label does); they cover the row's paragraphs no attribution claimed."""
        first, last = self.agency_columns[0], self.agency_columns[-1]
        attr = Attribution()
        for k, b in enumerate(run):
            role = first if k == 0 else last
            if role == "responsible":
                role = "support" if k > 0 and first in ("lead", "responsible") and len(self.agency_columns) > 1 \
                    else "lead"
            t = self._block_text(b).strip()
            one = self.ctx.parser.parse_list(t, b.start, role, "column")
            if not one and self._short_name(b):
                ref = AgencyRef(name=t, role=role, surface=t, start=b.start, end=b.start + len(t), rule="column")
                one = Attribution(lead=[ref] if role == "lead" else [], support=[ref] if role == "support" else [])
            attr.lead += one.lead
            attr.support += one.support
            attr.entities += one.entities
        for u in self._cover(attr):
            if time is not None:
                u.times.append((time.start, time.end))

    def _attach(self, start: int, end: int, truncated: bool = False) -> None:
        inner_s, inner_e = strip_brackets(self.text, start, end)
        attr = Attribution() if truncated else self.ctx.parser.parse(self.text[inner_s:inner_e], inner_s, rule="label")
        self._cover(attr)

    def _cover(self, attr: Attribution) -> list[Unit]:
        """The units ``attr`` closes: the paragraphs awaiting it, and those before them that no attribution
        claimed (1.…  2.…  责任单位：市市场监管局 — the label under a run of items covers the items before it
        back to the last one that had its own, or the section's start)."""
        before = len(self.units)
        self._flush_group(attr)
        covered = self.units[before:]
        if attr:
            claimed = [k for k in range(self.unclaimed, before) if self.units[k].attribution is not None]
            earlier = self.units[(claimed[-1] + 1 if claimed else self.unclaimed):before]
            for u in earlier:
                u.attribution = attr
            covered = earlier + covered
        self.unclaimed = len(self.units)
        return covered

    def _bare_closing(self, s: int, e: int) -> Attribution | None:
        """A bracket that ends a paragraph and names only agencies, with no role word (…增长9%。 (工资处、就管中心)):
        the bodies responsible for the task before it, as a 责任单位 column would name them."""
        tail = self.text[s:e].rstrip(" \t\n。.;；")
        if not tail or tail[-1] not in ")）":
            return None
        open_at = max(tail.rfind("("), tail.rfind("（"))
        inner = tail[open_at + 1:-1] if open_at > 0 else ""
        before = tail[:open_at]
        if not inner or len(inner) > 60 or re.search(r"[。；;：:]|\d", inner) or not before.strip(" \t"):
            return None
        if before[-1] not in " \t。；;，,！!":
            return None  # 村(社区): a bracket inside a name, not after the task
        if not looks_agencies(self.ctx.parser, inner):
            return None
        attr = self.ctx.parser.parse_list(inner, s + open_at + 1, "lead", "inline")
        return attr if attr.lead and not attr.entities else None

    def _flush_group(self, closing: Attribution | None = None) -> None:
        """Paragraphs of one item: an attribution closing a later one covers those before it; ``closing``
        (a label line or bracket after the group) covers the paragraphs after the last one closed."""
        trailing: list[Attribution | None] = [None] * len(self.group)
        carry: Attribution | None = closing
        for k in range(len(self.group) - 1, -1, -1):
            s, e, _, _ = self.group[k]
            own = closing_attribution(self.text, s, e)
            if own is not None:
                carry = self.ctx.parser.parse(self.text[own[0]:own[1]], own[0], rule="inline")
                carry = carry if carry else None
                continue
            bare = self._bare_closing(s, e)
            if bare is not None:
                # the paragraph ends before the bracket; the bracket covers it and the ones before it
                self.group[k] = (s, bare.start - 1, self.group[k][2], self.group[k][3])
                trailing[k] = carry = bare
                continue
            trailing[k] = carry
        for (s, e, heads, level), attr in zip(self.group, trailing):
            self.prose.paragraph(s, e, heads, trailing=attr, whole=level in (1, 2))
        self.group = []


def _year_of(title: str) -> int | None:
    """The year a heading states for what is under it: its one year (二、2024年重点任务; 到2025年主要目标), or
    the end of the five-year period it names (一、“十四五”规划目标: 2025), not a span's (2021—2025年)."""
    years = {int(m.group(1)) for m in _HEADING_YEAR.finditer(title)}
    if len(years) == 1 and not _YEAR_SPAN.search(title):
        return years.pop()
    m = _FIVE_YEAR.search(title)
    if m and not years:
        return five_year_end(m.group(1))
    return None


_FIVE_YEAR = re.compile(r"十([一二三四五六])五")  # a five-year plan's period by its number
_HEADING_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–~～至到]\s*(?:19|20)\d{2}")
