"""Paragraphs into measures: bracketed and sentence attributions, dated sentences, action sentences.

A paragraph is cut at its attributions (``…。(市发改委牵头，市工信局参与)``): the text before each
one is an item it covers. Within an attributed item, a sentence that sets its own concrete deadline
(``2020年年底前，完成…``) is a measure of its own; goal sentences (``到2027年，…达到95%``) stay with
the item they conclude. A paragraph no attribution covers is cut into action sentences, each with
the agency it names as its doer, if any.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import deadlines as dl
from .. import targets as tg
from ..attribution import Attribution, has_role_word, label_pattern
from ..attribution.parser import split_top
from .brackets import content, inline_attributions, looks_agencies, strip_brackets
from .context import DocContext, Unit, merge, measure_pattern as _p

_SENT = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
_SENT_FULL = re.compile(r"[^。！？!?]+[。！？!?]*")
_TERMINATED = re.compile(r"[。；;！!？?]")
_COMMA = re.compile(r"[，,]")
_ROLE_ANY = re.compile(r"牵头|配合|参与|协办|按职责分工")
# an item's title as a sentence of its own: 1.制定实施准入清单。 (a marker, a few words, a stop)
_TITLE_SENTENCE = re.compile(r"^\s*(?:\d{1,3}\s*[.．、]|[(（]\d{1,3}[)）]|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)?\s*[^，,。；;：:]{2,24}[。：:]\s*$")
_ARTICLE = re.compile(r"\s*第[一二三四五六七八九十百零〇\d]{1,5}条\s*")
_CHUNK_BOUNDARY = re.compile(r"[，,。；;：:（(\n]")
_STRONG_BODY = None




def _strong_body() -> re.Pattern:
    global _STRONG_BODY
    if _STRONG_BODY is None:
        from ..attribution.bodies import endings_alternation
        _STRONG_BODY = re.compile("(?:" + endings_alternation("department") + r"|各[\u4e00-\u9fff()（）、]{1,12})$")
    return _STRONG_BODY


class ProseReader:
    """Reads paragraphs into ``units`` (shared with the builder, which owns the order)."""

    def __init__(self, text: str, ctx: DocContext, units: list[Unit]):
        self.text = text
        self.ctx = ctx
        self.units = units
        self._found: dict[tuple[str, int, int], list] = {}  # deadlines and targets of a span, read once

    def paragraph(self, start: int, end: int, heads: tuple[str, ...], trailing: Attribution | None,
                  whole: bool = False) -> None:
        """``whole``: the paragraph is an item of a plan's main tasks (（五）持续深入打好蓝天保卫战。…), one
        measure with every goal it sets, as far as its attribution reaches; other items and paragraphs are
        cut into their sentences."""
        text = self.text
        attrs = list(inline_attributions(text, start, end))
        attrs = sorted(attrs + [a for a in self._sentence_attributions(start, end)
                                if not any(x[0] <= a[0] < x[1] for x in attrs)])
        chunks: list[tuple[int, int, Attribution | None]] = []
        pos = start
        for a_s, a_e, truncated in attrs:
            inner_s, inner_e = strip_brackets(text, a_s, a_e)
            if truncated:
                # (市政府办公室、市 cut off by the end of the text: the bodies written in full before the cut
                whole_s, whole_e = inner_s, inner_e
                if not looks_agencies(self.ctx.parser, text[inner_s:inner_e]):
                    whole_e = _last_separator(text, inner_s, inner_e)
                attr = self.ctx.parser.parse(text[whole_s:whole_e], whole_s, rule="inline") \
                    if whole_e > whole_s and looks_agencies(self.ctx.parser, text[whole_s:whole_e]) else Attribution()
            else:
                attr = self.ctx.parser.parse(text[inner_s:inner_e], inner_s, rule="inline")
                if not attr and not has_role_word(text[inner_s:inner_e]):
                    continue
            if content(text, pos, a_s):
                chunks.append((pos, a_s, attr))
            elif chunks and attr:
                # two brackets in a row: both describe the chunk before
                ps, pe, pa = chunks[-1]
                chunks[-1] = (ps, pe, merge(pa, attr))
            pos = a_e
        if content(text, pos, end):
            chunks.append((pos, end, trailing))
        elif trailing is not None and chunks and chunks[-1][2] is None:
            ps, pe, _ = chunks[-1]
            chunks[-1] = (ps, pe, trailing)
        for s, e, attr in chunks:
            if attr is not None:
                self.attributed(s, e, heads, attr, whole and s == start)
            else:
                self.sentences(s, e, heads)

    def _sentence_attributions(self, start: int, end: int):
        """Attributions written as sentences of their own: 牵头单位：…；责任单位：… or
        市生态环境局牵头，市发改委等配合。 after an item's text."""
        text = self.text
        for m in _SENT_FULL.finditer(text, start, end):
            s, e = m.span()
            seg = text[s:e].strip()
            if not seg or s == start and e == end:
                continue  # a paragraph that is only this sentence is content, not a note on others
            if label_pattern().match(seg) or (has_role_word(seg) and _p("role_end").search(seg)
                                               and looks_agencies(self.ctx.parser, seg.rstrip("。.；;"))):
                yield s, e, False

    def attributed(self, start: int, end: int, heads, attr: Attribution, whole: bool = False) -> None:
        """An attributed item. A main task (``whole``) is one measure, but a sentence with its own
        concrete deadline (2020年年底前，完成…) stands alone; other items give a measure per sentence,
        each carrying the item's attribution: a short title sentence (1.制定实施准入清单。) opens the
        sentence after it, a goal sentence (到2027年，…达到95%) concludes the one before it."""
        if whole:
            self._whole(start, end, heads, attr)
            return
        text = self.text
        pending: int | None = None  # the start of a title sentence waiting for its sentence
        last: Unit | None = None
        for m in _SENT_FULL.finditer(text, start, end):
            s, e = m.span()
            seg = text[s:e]
            if not seg.strip():
                continue
            if pending is None and last is None and s == start and _TITLE_SENTENCE.match(seg):
                pending = s
                continue
            if last is not None and last.end <= s and not text[last.end:s].strip() and pending is None \
                    and (_p("goal_sentence").match(seg) or not content(text, s, e)):
                last.end = e
                last.rule = "item.with-goal"
                continue
            rule = "item.dated-sentence" if self._concrete_deadline(s, e) else "item"
            last = Unit(pending if pending is not None else s, e, heads, attr, rule)
            self.units.append(last)
            pending = None
        if pending is not None:
            if last is not None and last.end <= pending:
                last.end = end
            else:
                self.units.append(Unit(pending, end, heads, attr, "item"))

    def _whole(self, start: int, end: int, heads, attr: Attribution) -> None:
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
        found = dl.find_deadlines(self.text[s:e], s, dl.Context(self.ctx.year, self.ctx.progress))
        for d in found:
            if d.recurring or d.due is None:
                continue
            if d.rule in ("deadline.five_year", "deadline.horizon", "deadline.year2"):
                return False
            if d.rule == "deadline.year" and _p("goal_time").match(d.text):
                return False
            return True
        return False

    def sentences(self, start: int, end: int, heads) -> None:
        text = self.text
        first = True
        lead = _p("lead_time").match(text, start, end)  # (二)发展目标。到2015年，…；…；…
        since = len(self.units)
        for m in _SENT.finditer(text, start, end):
            s, e = m.span()
            seg = text[s:e]
            if not content(text, s, e) or len(seg.strip(" 。；;，,")) < 4:
                continue
            if _p("inline_title").match(seg) and not text[e:end].strip():
                continue  # (一)总体思路。 on a line of its own: a title, no sentence
            if _p("boilerplate").search(seg):
                continue  # 现将《…》印发给你们，请认真贯彻执行: the notice, not a task
            if _p("situation").match(seg) and not _p("action_word").search(seg):
                continue
            if first and e >= end - 1 and not _TERMINATED.search(seg) and len(seg.strip()) <= 40 \
                    and not _COMMA.search(seg) and not _ROLE_ANY.search(seg):
                continue  # a line on its own with no sentence in it: a title, a signature, a date
            prev = self.units[-1] if self.units and not first else None
            if prev is not None and prev.end == s and prev.rule.startswith("sentence") \
                    and _p("goal_sentence").match(seg) and not self._goal(prev.start, prev.end) \
                    and text[prev.start:prev.end].rstrip().endswith("。"):
                # 到2025年，…达到15%: the goal of the action sentence before it
                prev.end = e
                prev.rule = "sentence.with-goal"
                continue
            first = False
            om = _p("ordinal_title").match(seg)
            if om:
                # 一是打好治气攻坚战。: the title of the sentences after it in this paragraph
                title = om.group("title")
                self.units.append(Unit(s, e, heads, None, "sentence.title"))
                heads = tuple(heads) + (title,)
                continue
            subj = self._subject(s, e)
            self.units.append(Unit(s, e, heads, subj, "sentence" if subj is None else "sentence.subject"))
        if lead is not None:
            # the time the paragraph opens with holds for every sentence of it that names none of its own
            year = int(lead.group("year"))
            for u in self.units[since:]:
                if u.start >= lead.end("time"):
                    u.year = u.year or year
                    u.lead_time = (lead.start("time"), lead.end("time"))

    # ------------------------------------------------------------ goals
    def _goal(self, s: int, e: int) -> bool:
        """A goal: figures with the year they are due (到2020年，…达到94%), or the sentence that
        opens one (到2020年，全面完成“十三五”约束性指标。)."""
        seg = self.text[s:e]
        dated = [d for d in self._deadlines(s, e) if d.due is not None]
        if not dated:
            return False
        if self._targets(s, e):
            return True
        return bool(_p("goal_lead").match(seg)) and not _p("goal_action").search(seg[len(dated[0].text):])

    def _deadlines(self, s: int, e: int):
        key = ("d", s, e)
        if key not in self._found:
            self._found[key] = dl.find_deadlines(self.text[s:e], s, dl.Context(self.ctx.year, self.ctx.progress))
        return self._found[key]

    def _targets(self, s: int, e: int):
        key = ("t", s, e)
        if key not in self._found:
            self._found[key] = tg.find_targets(self.text[s:e], s, tg.Context(self.ctx.plan_year, self.ctx.progress), [])
        return self._found[key]

    def _subject(self, s: int, e: int) -> Attribution | None:
        """The agency an action sentence names as its doer (市生态环境局牵头组织…)."""
        text = self.text[s:e]
        strong = _strong_body()
        for m in _p("subject_trigger").finditer(text):
            pos = m.start()
            if not strong.search(text, max(0, pos - 14), pos) and "各" not in text[max(0, pos - 60):pos]:
                continue  # what stands before the trigger ends in no organ: no subject (the tests below need one)
            start = _chunk_start(text, pos)
            article = _ARTICLE.match(text, start, pos)  # 第四条 市、区…部门负责: the article's number is no name
            if article:
                start = article.end()
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
            if _p("subject_not").search(who):
                continue
            if not (_strong_body().search(who) or who.startswith("各")) or not self._all_bodies(who):
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
        items = [who[a:b].strip() for a, b in split_top(who, "、,，") if who[a:b].strip()]
        levels = self.ctx.parser.forms.level_prefix
        return bool(items) and len(who) <= 80 and all(
            self.ctx.parser._is_body(x) or _p("place_item").match(x)
            or (len(x) == 1 and x in levels and k + 1 < len(items))  # 市、区…部门: the levels of the name after
            for k, x in enumerate(items))

    def _joint(self, text: str, s: int) -> Attribution:
        out = Attribution()
        for m in [*_p("joint").finditer(text), *_p("joint_with").finditer(text)]:
            attr = self.ctx.parser.parse_list(m.group("who"), s + m.start("who"), "support", "joint")
            for r in attr.lead + attr.support:
                out.lead.append(replace(r, role="support", rule="joint"))
        return out


def _chunk_start(text: str, pos: int) -> int:
    """Start of the comma-free stretch that ends at pos (looking back at most 60 characters)."""
    lo = max(0, pos - 60)
    last = None
    for m in _CHUNK_BOUNDARY.finditer(text, lo, pos):
        if m.group() in "(（" and re.search(r"[)）]", text[m.end():pos]):
            continue  # a bracket closed before the subject ends is part of its name: 区(县、市)政府
        last = m.end()
    if last is None:
        return lo if lo > 0 else 0
    return last


def _last_separator(text: str, s: int, e: int) -> int:
    """Where the last whole name of a list cut off at ``e`` ends: before its last 、，, or ；."""
    for i in range(e - 1, s - 1, -1):
        if text[i] in "、，,；;":
            return i
    return s
