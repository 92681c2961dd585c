"""Cutting a document into measures and reading each one's agencies, deadlines and targets.

A measure is the unit a document assigns: a numbered item carrying one
agency attribution, a table row, or an action sentence inside a long
paragraph. Within an attributed item, a sentence that sets its own concrete
deadline (``2020年年底前，完成…``) is a measure of its own; goal sentences
(``到2027年，…达到95%``) stay with the item they conclude.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import deadlines as dl
from . import targets as tg
from .agencies import Attribution, AttributionParser
from .records import AgencyRef, Deadline, Measure, Target
from .rules import load_rules
from .segment import Block, Cell, heading_of, label_pattern
from .topics import TopicTagger
from .trie import compile_words

_OPEN, _CLOSE = "(（〔【[", ")）〕】]"
_SENT = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
_SENT_FULL = re.compile(r"[^。！？!?]+[。！？!?]*")
_ORDINAL = re.compile(r"(?<=[。；;:：])\s*(?=[一二三四五六七八九十]{1,2}是)")
_ORDINAL_TITLE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}[，,、])(?P<title>[^，,；;。]{2,24})[。：:]\s*$")
_BOILERPLATE = re.compile(r"印发给你们|印发给各|请认真贯彻|请认真组织实施|请认真遵照|请遵照执行|请结合实际|特此通知|现将有关事项通知如下"
                          r"|^\s*为[^。]{0,200}(?:制定本|特制定|现制定|制定如下|现提出如下|现就[^。]{0,30}通知如下)")
_ROLE_END = re.compile(r"(?:牵头|负责|配合|参与|协办|落实|按职责分工|主责)[^，,。；;]{0,4}[。；;]?\s*$")
_TERMINATED = re.compile(r"[。；;！!？?]")
# 目前我区主要的短板是…不足的问题。: how things stand, said before the tasks that answer it; not a task itself
_SITUATION = re.compile(r"^\s*(?:目前|当前|现阶段|近年来|近几年|长期以来|多年来|截至目前|从目前看|总体来看|总的来看)")
_ACTION_WORD = re.compile(r"(?<![主重纲])要|将|需|(?<![对适供响反相])应|须|计划|拟|推进|加强|加快|开展|实施|落实|完成|确保|力争|继续|持续|推动|建立|健全|完善|"
                          r"提升|提高|强化|严格|组织|做好|抓好|牵头|负责|配合|参与")
_GOAL_TIME = re.compile(r"^(?:到|至|力争到|确保到)")
_GOAL_SENTENCE = re.compile(r"^\s*(?:到|至|力争到|确保到)\s*(?:19|20)\d{2}\s*年(?:底|末)?\s*[,，]?[^。]*\d")


@dataclass
class DocContext:
    name: str
    stem: str
    plan_year: int | None
    year: int | None  # year in force for month-only deadlines
    kind: str | None
    owner: str | None
    parser: AttributionParser
    topics: TopicTagger


@dataclass
class Unit:
    """A stretch of text that becomes one measure."""

    start: int
    end: int
    headings: tuple[str, ...]
    attribution: Attribution | None
    rule: str
    status: tuple[int, int] | None = None  # a progress column's span inside a row
    subject: Attribution | None = None
    entities: list[str] = field(default_factory=list)
    skip: list[tuple[int, int]] = field(default_factory=list)  # cells inside the span that are not the measure's text


class MeasureBuilder:
    def __init__(self, text: str, ctx: DocContext):
        self.text = text
        self.ctx = ctx
        self.units: list[Unit] = []
        self.stack: list[tuple[int, str]] = []
        self.group: list[tuple[int, int, tuple[str, ...]]] = []  # paragraphs awaiting label lines
        self.row_heading: str | None = None
        self.row_agencies: Attribution | None = None
        self.header: list[str] | None = None
        self.progress = ctx.kind == "progress-report"

    # ------------------------------------------------------------ walking blocks
    def run(self, blocks: list[Block]) -> list[Measure]:
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind == "heading":
                self._flush_group()
                self._push_heading(b)
                if self._heading_is_content(b):
                    self.group.append((b.start, b.end, self._headings()))
            elif b.kind == "label":
                j = i
                while j + 1 < len(blocks) and (blocks[j + 1].kind == "label" or (
                        blocks[j + 1].kind == "para" and _looks_agencies(self.ctx.parser, self._block_text(blocks[j + 1])))):
                    j += 1
                self._attach(blocks[i].start, blocks[j].end)
                i = j
            elif b.kind == "para":
                consumed = self._attribution_line(blocks, i)
                if consumed:
                    i = consumed
                else:
                    self.group.append((b.start, b.end, self._headings()))
            elif b.kind == "header":
                self._flush_group()
                self.header = [c.text for c in b.cells]
            elif b.kind == "row":
                self._flush_group()
                self._row(b)
            i += 1
        self._flush_group()
        return self._measures()

    def _block_text(self, b: Block) -> str:
        return self.text[b.start:b.end]

    def _headings(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.stack if t)

    def _push_heading(self, b: Block) -> None:
        while self.stack and self.stack[-1][0] >= b.level:
            self.stack.pop()
        self.stack.append((b.level, b.title or ""))
        self.row_heading = None

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
        return len(body) > 2

    # ------------------------------------------------------------ attributions
    def _attribution_line(self, blocks: list[Block], i: int) -> int | None:
        """A paragraph that is only an attribution in brackets, perhaps over two lines."""
        b = blocks[i]
        line = self.text[b.start:b.end].strip()
        if not line or line[0] not in _OPEN:
            return None
        end_block = i
        joined_end = b.end
        depth = _depth(line)
        while depth > 0 and end_block + 1 < len(blocks) and end_block - i < 3:
            nxt = blocks[end_block + 1]
            if nxt.kind not in ("para",):
                break
            end_block += 1
            joined_end = nxt.end
            depth += _depth(self.text[nxt.start:nxt.end])
        span_text = self.text[b.start:joined_end]
        inner_s, inner_e = _strip_brackets(self.text, b.start, joined_end)
        if _has_role_word(span_text) and not (label_pattern().match(self.text[inner_s:inner_e]) or
                                              _looks_agencies(self.ctx.parser, self.text[inner_s:inner_e])):
            return None  # a bracket that opens a task, not an attribution
        if not _has_role_word(span_text):
            if depth > 0 and end_block == len(blocks) - 1 and len(span_text) <= 6:
                # an attribution cut off by the end of the text: `(生`
                self._attach(b.start, joined_end, truncated=True)
                return end_block
            return None
        self._attach(b.start, joined_end)
        return end_block

    def _attach(self, start: int, end: int, truncated: bool = False) -> None:
        inner_s, inner_e = _strip_brackets(self.text, start, end)
        attr = Attribution() if truncated else self.ctx.parser.parse(self.text[inner_s:inner_e], inner_s, rule="label")
        self._flush_group(attr)

    def _flush_group(self, closing: Attribution | None = None) -> None:
        """Paragraphs of one item: an attribution closing a later one covers those before it; ``closing``
        (a label line or bracket after the group) covers the paragraphs after the last one closed."""
        trailing: list[Attribution | None] = [None] * len(self.group)
        carry: Attribution | None = closing
        for k in range(len(self.group) - 1, -1, -1):
            s, e, _ = self.group[k]
            own = _closing_attribution(self.text, s, e)
            if own is not None:
                carry = self.ctx.parser.parse(self.text[own[0]:own[1]], own[0], rule="inline")
                carry = carry if carry else None
                continue
            trailing[k] = carry
        for (s, e, heads), attr in zip(self.group, trailing):
            self._paragraph(s, e, heads, trailing=attr)
        self.group = []

    # ------------------------------------------------------------ paragraphs
    def _paragraph(self, start: int, end: int, heads: tuple[str, ...], trailing: Attribution | None) -> None:
        text = self.text
        attrs = list(_inline_attributions(text, start, end))
        attrs = sorted(attrs + [a for a in self._sentence_attributions(start, end)
                                if not any(x[0] <= a[0] < x[1] for x in attrs)])
        chunks: list[tuple[int, int, Attribution | None]] = []
        pos = start
        for a_s, a_e, truncated in attrs:
            inner_s, inner_e = _strip_brackets(text, a_s, a_e)
            if truncated:
                attr = Attribution()
            else:
                attr = self.ctx.parser.parse(text[inner_s:inner_e], inner_s, rule="inline")
                if not attr and not _has_role_word(text[inner_s:inner_e]):
                    continue
            if _content(text, pos, a_s):
                chunks.append((pos, a_s, attr))
            elif chunks and attr:
                # two brackets in a row: both describe the chunk before
                ps, pe, pa = chunks[-1]
                chunks[-1] = (ps, pe, _merge(pa, attr))
            pos = a_e
        if _content(text, pos, end):
            chunks.append((pos, end, trailing))
        elif trailing is not None and chunks and chunks[-1][2] is None:
            ps, pe, _ = chunks[-1]
            chunks[-1] = (ps, pe, trailing)
        for s, e, attr in chunks:
            if attr is not None:
                self._attributed(s, e, heads, attr)
            else:
                self._sentences(s, e, heads)

    def _sentence_attributions(self, start: int, end: int):
        """Attributions written as sentences of their own: 牵头单位：…；责任单位：… or
        市生态环境局牵头，市发改委等配合。 after an item's text."""
        text = self.text
        for m in _SENT_FULL.finditer(text, start, end):
            s, e = m.span()
            seg = text[s:e].strip()
            if not seg or s == start and e == end:
                continue  # a paragraph that is only this sentence is content, not a note on others
            if label_pattern().match(seg) or (_has_role_word(seg) and _ROLE_END.search(seg)
                                               and _looks_agencies(self.ctx.parser, seg.rstrip("。.；;"))):
                yield s, e, False

    def _attributed(self, start: int, end: int, heads, attr: Attribution) -> None:
        """Rule B: sentences with their own concrete deadline stand alone, the rest stay together."""
        run_s = None
        run_e = None
        for m in _SENT_FULL.finditer(self.text, start, end):
            s, e = m.span()
            if not self.text[s:e].strip():
                continue
            if self._concrete_deadline(s, e):
                if run_s is not None:
                    self.units.append(Unit(run_s, run_e, heads, attr, "item"))
                    run_s = None
                self.units.append(Unit(s, e, heads, attr, "item.dated-sentence"))
            else:
                run_s = s if run_s is None else run_s
                run_e = e
        if run_s is not None:
            self.units.append(Unit(run_s, run_e, heads, attr, "item"))

    def _concrete_deadline(self, s: int, e: int) -> bool:
        found = dl.find_deadlines(self.text[s:e], s, dl.Context(self.ctx.year, self.progress))
        for d in found:
            if d.recurring or d.due is None:
                continue
            if d.rule in ("deadline.five_year", "deadline.horizon", "deadline.year2"):
                return False
            if d.rule == "deadline.year" and _GOAL_TIME.match(d.text):
                return False
            return True
        return False

    def _sentences(self, start: int, end: int, heads) -> None:
        text = self.text
        first = True
        for m in _SENT.finditer(text, start, end):
            s, e = m.span()
            seg = text[s:e]
            if not _content(text, s, e) or len(seg.strip(" 。；;，,")) < 4:
                continue
            if _BOILERPLATE.search(seg):
                continue  # 现将《…》印发给你们，请认真贯彻执行: the notice, not a task
            if _SITUATION.match(seg) and not _ACTION_WORD.search(seg):
                continue
            if first and e >= end - 1 and not _TERMINATED.search(seg) and len(seg.strip()) <= 40 \
                    and not re.search(r"[，,]", seg) and not re.search(r"牵头|配合|参与|协办|按职责分工", seg):
                continue  # a line on its own with no sentence in it: a title, a signature, a date
            prev = self.units[-1] if self.units and not first else None
            if prev is not None and prev.rule.startswith("sentence") and _GOAL_SENTENCE.match(seg) \
                    and prev.end == s and text[prev.start:prev.end].rstrip().endswith("。"):
                # 到2025年，…达到15%: the goal of the action sentence before it
                prev.end = e
                prev.rule = "sentence.with-goal"
                continue
            first = False
            om = _ORDINAL_TITLE.match(seg)
            if om:
                # 一是打好治气攻坚战。: the title of the sentences after it in this paragraph
                title = om.group("title")
                self.units.append(Unit(s, e, heads, None, "sentence.title"))
                heads = tuple(heads) + (title,)
                continue
            subj = self._subject(s, e)
            self.units.append(Unit(s, e, heads, subj, "sentence" if subj is None else "sentence.subject"))

    def _subject(self, s: int, e: int) -> Attribution | None:
        """The agency an action sentence names as its doer (市生态环境局牵头组织…)."""
        text = self.text[s:e]
        for m in _TRIGGER.finditer(text):
            pos = m.start()
            start = _chunk_start(text, pos)
            if pos - start < 2:
                continue
            # a subject list may run over commas: 铁东区、铁西区政府，红嘴经济技术开发区管委会…是…
            while start > 0 and text[start - 1] in ",，":
                prev = _chunk_start(text, start - 1)
                chunk = text[prev:start - 1]
                if not chunk or not self._all_bodies(chunk):
                    break
                start = prev
            who = text[start:pos]
            if re.search(r"(?:要|应当|应|将|须|必须|并|和|及)$", who):
                continue
            if not (_STRONG_BODY.search(who) or who.startswith("各")) or not self._all_bodies(who):
                continue
            attr = self.ctx.parser.parse_list(who, s + start, "lead", "subject")
            if attr.lead:
                support = self._joint(text, s)
                attr.support += [r for r in support.lead if all(r.name != x.name for x in attr.lead)]
                return attr
        joint = self._joint(text, s)
        if joint.lead:
            return Attribution(support=[replace(r, role="support") for r in joint.lead])
        return None

    def _all_bodies(self, who: str) -> bool:
        items = [x for x in re.split(r"[、,，]", who) if x.strip()]
        return bool(items) and len(who) <= 80 and all(
            self.ctx.parser._is_body(x) or _PLACE_ITEM.match(x) for x in items)

    def _joint(self, text: str, s: int) -> Attribution:
        out = Attribution()
        for m in _JOINT.finditer(text):
            attr = self.ctx.parser.parse_list(m.group("who"), s + m.start("who"), "support", "joint")
            for r in attr.lead + attr.support:
                out.lead.append(replace(r, role="support", rule="joint"))
        return out

    # ------------------------------------------------------------ tables
    def _row(self, b: Block) -> None:
        cells = b.cells
        roles = self._column_roles(len(cells))
        kinds = [self._cell_kind(c, roles[i] if roles else None, i) for i, c in enumerate(cells)]
        roles = roles or [None] * len(cells)
        texts = [i for i, k in enumerate(kinds) if k == "text"]
        if not texts:
            return
        # leading short cells name the task; the first cell that is not a progress note is the content
        names: list[int] = []
        for i in texts:
            later_text = [j for j in texts if j > i]
            t = cells[i].text
            if later_text and len(t) <= 24 and "。" not in t and not re.search(r"[，,；;]", t) \
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
        attr = Attribution()
        agency_idx = [i for i, k in enumerate(kinds) if k == "agency"]
        lead_label = any(roles[i] == "lead" for i in agency_idx)
        columns = self._agency_columns()
        groups = _column_groups(cells, agency_idx, columns)
        for n, group in enumerate(groups):
            for i in group:
                role = roles[i]
                if columns == 1 and role is None:
                    role = self._header_agency_role()
                col_role = role if role in ("lead", "support") else (None if n == 0 else "support")
                parsed = self.ctx.parser.parse(cells[i].text, cells[i].start, rule="table", column_role=col_role,
                                               lead_label_present=lead_label or None)
                attr = _merge(attr, parsed)
        if not attr.lead and not attr.support and self.row_agencies is not None and not b.indexed:
            attr = self.row_agencies  # a merged cell covers its sub-rows
        elif attr.lead or attr.support:
            self.row_agencies = attr
        heads = self._headings() + ((self.row_heading,) if self.row_heading else ())
        # one unit per content cell; a text cell after a deadline cell is a sub-row (开工建设老年大学 / 12月底前)
        starts = [content] + [i for i, k in enumerate(kinds) if k == "sub"]
        for n, first in enumerate(starts):
            last = starts[n + 1] if n + 1 < len(starts) else len(cells)
            own = [first] + [i for i in range(first + 1, last) if kinds[i] in ("deadline", "progress")]
            if n == 0:
                own += [i for i in range(last, len(cells)) if kinds[i] == "progress"]
            progress = [cells[i] for i in own if kinds[i] == "progress"]
            end = max(cells[i].end for i in own)
            status = (min(c.start for c in progress), max(c.end for c in progress)) if progress else None
            keep = {id(cells[i]) for i in own}
            span_s = cells[first].start
            skip = [(c.start, c.end) for c in cells if id(c) not in keep and c.text and span_s <= c.start < end]
            self.units.append(Unit(span_s, end, heads, attr, "row" if n == 0 else "row.sub", status=status,
                                   entities=list(attr.entities), skip=skip))

    def _header_roles(self) -> list[str | None]:
        if not self.header:
            return []
        labels = {}
        for group in load_rules("attribution")["label"]:
            for w in group["words"]:
                labels[w] = group["role"]
        out = []
        for h in self.header:
            role = labels.get(h.strip())
            if role is None:
                role = next((labels[w] for w in sorted(labels, key=len, reverse=True) if w in h), None)
            out.append(role)
        return out

    def _agency_columns(self) -> int:
        return sum(1 for r in self._header_roles() if r in ("lead", "support", "responsible"))

    def _header_agency_role(self) -> str | None:
        roles = [r for r in self._header_roles() if r in ("lead", "support", "responsible")]
        if not roles:
            return None
        return "lead" if roles[0] in ("lead", "responsible") else "support"

    def _column_roles(self, n: int) -> list[str | None] | None:
        if not self.header:
            return None
        roles = []
        labels = {}
        for group in load_rules("attribution")["label"]:
            for w in group["words"]:
                labels[w] = group["role"]
        lead_col = any(labels.get(h.strip()) == "lead" for h in self.header)
        for h in self.header:
            h = h.strip()
            role = labels.get(h)
            if role is None:
                for w in sorted(labels, key=len, reverse=True):
                    if w in h:
                        role = labels[w]
                        break
            if role is None and re.search(r"责任分工|责任部门|主办", h):
                role = "attribution"
            if role is None and re.search(r"进展|完成情况|落实情况|进度", h):
                role = "progress"
            if role is None and re.search(r"时限|时间|期限|节点", h):
                role = "deadline"
            if role == "responsible":
                role = "support" if lead_col else "lead"
            roles.append(role)
        return roles if len(roles) == n else None

    def _cell_kind(self, cell: Cell, role: str | None, index: int) -> str:
        t = cell.text.strip()
        if not t:
            return "empty"
        if index == 0 and re.fullmatch(r"\d{1,3}[.、]?", t):
            return "index"
        if role == "person" or (len(t) <= 3 and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", t) and
                                not self.ctx.parser._is_body(t)):
            return "person"
        if re.fullmatch(r"(?:已完成|正常推进|序时推进|进度滞后|滞后|未完成|已开工|推进中|按时序推进|超序时|已办结|完成)", t):
            return "status"
        if role in ("lead", "support", "attribution") and _looks_agencies(self.ctx.parser, t):
            return "agency"
        if role == "progress":
            return "progress"
        if role == "deadline" or (len(t) <= 16 and dl.find_deadlines(t, 0, dl.Context(self.ctx.year)) and
                                  not re.search(r"[，,。]", t)):
            return "deadline"
        if _looks_agencies(self.ctx.parser, t):
            return "agency"
        if (self.progress or role == "progress") and re.search(r"截至|已完成|完成率|累计|目前|已建成|已全部|同比", t) \
                and index > 1:
            return "progress"
        return "text"

    # ------------------------------------------------------------ measures
    def _measures(self) -> list[Measure]:
        out: list[Measure] = []
        text = self.text
        dctx = dl.Context(self.ctx.year, self.progress)
        for n, u in enumerate(self.units, 1):
            s, e = u.start, u.end
            status = u.status
            skip = u.skip
            body_end = status[0] if status else e
            found_dl: list[Deadline] = []
            found_tg: list[Target] = []
            pieces = _pieces(s, body_end, skip)
            for ps, pe in pieces:
                found_dl += dl.find_deadlines(text[ps:pe], ps, dctx)
            if status:
                found_dl += dl.find_deadlines(text[status[0]:status[1]], status[0], dl.Context(self.ctx.year, True))
            found_dl = _dedupe_deadlines(found_dl)
            tctx = tg.Context(self.ctx.plan_year, self.progress and not u.rule.startswith("row"),
                              (status,) if status else ())
            for ps, pe in pieces:
                found_tg += tg.find_targets(text[ps:pe], ps, tctx, found_dl)
            if status:
                found_tg += tg.find_targets(text[status[0]:status[1]], status[0], tctx, found_dl)
            found_tg = _dedupe_targets(found_tg)
            lead, support = [], []
            attr = u.attribution
            if attr is not None:
                lead, support = list(attr.lead), list(attr.support)
            if not lead and self.ctx.owner:
                lead = [AgencyRef(name=self.ctx.owner, role="lead", surface=self.ctx.owner, start=s, end=s,
                                  rule="owner")]
            measure_text = _clean(text, s, e, skip)
            heading = u.headings[-1] if u.headings else None
            out.append(Measure(
                id=f"{self.ctx.stem}-{n:03d}", text=measure_text, start=s, end=e, heading=heading,
                headings=u.headings, lead=tuple(lead), support=tuple(support), deadlines=tuple(found_dl),
                targets=tuple(found_tg), topics=self.ctx.topics.tag(measure_text + " " + (heading or "")),
                rule=u.rule, entities=tuple(attr.entities if attr else ()),
            ))
        return out


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


def _pieces(s: int, e: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], s
    for a, b in sorted(skip):
        if b <= pos or a >= e:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < e:
        out.append((pos, e))
    return out


def _clean(text: str, s: int, e: int, skip) -> str:
    parts = [text[a:b] for a, b in _pieces(s, e, skip)]
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "\n".join(p.strip() for p in parts if p.strip())).strip()


def _dedupe_deadlines(ds: list[Deadline]) -> list[Deadline]:
    seen, out = set(), []
    for d in sorted(ds, key=lambda d: d.start):
        key = (d.due, d.recurring)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _dedupe_targets(ts: list[Target]) -> list[Target]:
    seen, out = set(), []
    for t in sorted(ts, key=lambda t: t.start):
        key = (t.start, t.end)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _merge(a: Attribution | None, b: Attribution | None) -> Attribution:
    out = Attribution()
    for x in (a, b):
        if x is None:
            continue
        for r in x.lead:
            if all(r.name != y.name for y in out.lead + out.support):
                out.lead.append(r)
        for r in x.support:
            if all(r.name != y.name for y in out.lead + out.support):
                out.support.append(r)
        out.entities += [e for e in x.entities if e not in out.entities]
    return out


def _depth(s: str) -> int:
    return sum(1 for ch in s if ch in _OPEN) - sum(1 for ch in s if ch in _CLOSE)


_ROLE_WORDS = None


def _has_role_word(s: str) -> bool:
    global _ROLE_WORDS
    if _ROLE_WORDS is None:
        r = load_rules("attribution")
        words = [w for g in r["suffix"] for w in g["words"]] + [w for g in r["label"] for w in g["words"]]
        _ROLE_WORDS = compile_words(words)
    return bool(_ROLE_WORDS.search(s))


def _strip_brackets(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\n":
        s += 1
    while e > s and text[e - 1] in " \t\n。.;；":
        e -= 1
    if s < e and text[s] in _OPEN:
        s += 1
        if e > s and text[e - 1] in _CLOSE:
            e -= 1
    return s, e


_BRACKET = re.compile(r"[(（〔【\[)）〕】\]]")


def _inline_attributions(text: str, start: int, end: int):
    """Bracketed attributions in a paragraph: (start, end, truncated)."""
    i = start
    while i < end:
        m = _BRACKET.search(text, i, end)
        if m is None:
            return
        i = m.start()
        if text[i] in _OPEN:
            depth, j = 0, i
            for b in _BRACKET.finditer(text, i, end):
                j = b.start()
                if text[j] in _OPEN:
                    depth += 1
                else:
                    depth -= 1
                    if depth == 0:
                        break
            else:
                j = end
            if j >= end:  # unclosed: an attribution cut off by the end of the text
                inner = text[i + 1:end]
                if i > start and end >= len(text.rstrip()) - 1 and "。" not in inner.rstrip("。"):
                    yield i, end, not (_has_role_word(inner) or label_pattern().match(inner))
                return
            inner = text[i + 1:j]
            if (_has_role_word(inner) and len(inner) <= 300) or label_pattern().match(inner):
                yield i, j + 1, False
            i = j + 1
            continue
        i += 1


def _closing_attribution(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The inner span of a bracketed attribution that ends the paragraph [s, e), if any."""
    found = None
    for a, b, truncated in _inline_attributions(text, s, e):
        found = (a, b, truncated)
    if found is None or found[2]:
        return None
    a, b, _ = found
    if text[b:e].strip(" 。.;；\n"):
        return None
    return _strip_brackets(text, a, b)


_PROGRESS = re.compile(r"截至|截止|已完成|已全部|已建成|已开工|完成率|办结率|累计完成|目前|正在|正待|同比|已[\u4e00-\u9fff]{0,4}(?:完成|建成|开展|实施)")


def _progress_like(t: str) -> bool:
    return len(_PROGRESS.findall(t)) >= 1 and not re.search(r"^(?:推进|推广|完成|新增|建设|实施|加快|开展|持续|深化|强化)", t)


def _content(text: str, s: int, e: int) -> bool:
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text[s:e]))


def _looks_agencies(parser: AttributionParser, t: str) -> bool:
    """A cell that names agencies (with or without role words), not a task."""
    if len(t) > 300 or re.search(r"[。]\s*\S", t.rstrip("。")) and not _has_role_word(t):
        return False
    if len(t) > 40:
        # a long cell is an agency list only if agency names fill it (cheap test before parsing)
        named = len(parser.ctx.registry.function_pattern.findall(t)) + len(parser.ctx.registry.national_pattern.findall(t))
        if named * 14 < len(t):
            return False
    parsed = parser.probe(t)
    names = parsed.lead + parsed.support
    if not names and not parsed.entities:
        return False
    covered = sum(len(r.surface) for r in names) + sum(len(x) for x in parsed.entities)
    rest = parser.g["blanket_clause"].sub("", t)
    rest = _ROLE_OR_PUNCT.sub("", rest)
    rest = parser.g["generic_any"].sub("", rest)
    return covered >= 0.45 * len(rest)


_ROLE_OR_PUNCT = re.compile(r"[、,，;；。.\s等()（）〔〕]|按职责分工负责|按职责分工落实|按职责分工|负责落实|牵头|配合|参与|负责|协办|落实|组织|指导")


_TRIGGER = re.compile(r"要|应当|应|将|须|必须|负责|牵头|会同|联合|先后|根据|按照|是|作为|做好|组织|在\d|于\d|在[^，,。]{0,12}基础上|对|决定")
_CHUNK_BOUNDARY = re.compile(r"[，,。；;：:（(\n]")
_PLACE_ITEM = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:区|县|市|开发区|新区)$")


def _chunk_start(text: str, pos: int) -> int:
    """Start of the comma-free stretch that ends at pos (looking back at most 60 characters)."""
    lo = max(0, pos - 60)
    last = None
    for m in _CHUNK_BOUNDARY.finditer(text, lo, pos):
        last = m.end()
    if last is None:
        return lo if lo > 0 else 0
    return last
_JOINT = re.compile(r"(?:联合|会同)(?P<who>[^，,。；;：:、]{2,20}?(?:部门|局|委|厅|部(?!门)|办(?!法)|中心|政府|管委会))")
_STRONG_BODY = re.compile(r"(?:局|委|办|厅|部|署|政府|管委会|指挥部|办公室|专班|部门|中心|单位|小组|党委|党工委|各[\u4e00-\u9fff()（）、]{1,12})$")
