"""The time a question asks about, read from its words and reckoned from today.

已经逾期 (a deadline before today), 今年到期 / 今年要完成 (this year), 下个月到期 (next month), 本月到期,
三个月内到期 (from today for so long), 2025年底前要完成 (that year), 明年 (the next), 2022年11月底前 / 9月底前要完成
(that month, of this year when no year is written): a ``Window`` holds what
was written; ``span(today)`` turns it into the first and last day it covers, so one question asked on two days
gets two answers, each saying the day it was reckoned from.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_DUE = r"(?:到期|截止|逾期|要完成|需要完成|需完成|应完成|必须完成|完成|要办完|要做完|要落实|落实|办结|实现|达到|交付)"
_NUMERAL = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
            "半": 0}

OVERDUE = re.compile(r"逾期|超期|过期|已经?到期|到期未完成|超过(?:了)?(?:期限|截止)|过了(?:期限|截止)|延期未|拖期|误期")
_THIS_YEAR = re.compile(r"(?:今年|本年度?|年内|当年)(?:年底|年末|底|内|以内)?(?:前|之前|以前)?(?:要|需要|需|应|应当|必须)?" + _DUE)
_NEXT_YEAR = re.compile(r"明年(?:年底|年末|底|内|以内)?(?:前|之前|以前)?(?:要|需要|需|应|应当|必须)?" + _DUE)
_YEAR_END = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:年底|年末|底|末|内|以内|全年)?(?:前|之前|以前|为止)?(?:要|需要|需|应|应当|必须)?" + _DUE)
_BARE_YEAR_END = re.compile(r"(?<![\d年今明])年底前(?:要|需要|需|应)?" + _DUE)
_NAMED_MONTH = re.compile(r"(?:(?<!\d)((?:19|20)\d{2})\s*年)?(?<![\d\-—~～至])(1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末|内|以内|(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?"
                          r"(?:前|之前|以前)?(?:要|需要|需|应|应当|必须)?" + _DUE)
_NEXT_MONTH = re.compile(r"下个?月(?:底|内|以内)?(?:前|之前)?(?:要|需要|需|应)?" + _DUE)
_THIS_MONTH = re.compile(r"(?:本|这个|当)月(?:底|内|以内)?(?:前|之前)?(?:要|需要|需|应)?" + _DUE)
_WITHIN = re.compile(r"(?:未来|近|最近|接下来|今后)?(\d{1,3}|[一两二三四五六七八九十半]{1,2})个?(天|日|周|星期|月)(?:之内|以内|内)"
                     r"(?:要|需要|需|应)?" + _DUE)


@dataclass(frozen=True)
class Window:
    """What a question writes about time: ``kind`` is overdue, year, month or within; ``year`` (for a year),
    ``months`` (0 this month, 1 next), ``days`` (within so many days); ``phrase`` the words that said it."""

    kind: str
    phrase: str
    year: int | None = None
    months: int = 0
    days: int = 0
    relative_year: int | None = None  # 0 今年, 1 明年: reckoned from today
    month: int | None = None  # a month named (2022年11月底前, 9月底前: of this year when no year is written)

    def span(self, today: date) -> tuple[date | None, date | None]:
        """The first and last day the window covers (None: open)."""
        if self.kind == "overdue":
            return None, today - timedelta(days=1)
        if self.kind == "year":
            year = self.year if self.year is not None else today.year + (self.relative_year or 0)
            return date(year, 1, 1), date(year, 12, 31)
        if self.kind == "month" and self.month is not None:
            y, m = self.year if self.year is not None else today.year, self.month
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if self.kind == "month":
            y, m = divmod(today.month - 1 + self.months, 12)
            y, m = today.year + y, m + 1
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        return today, today + timedelta(days=self.days)

    def describe(self, today: date) -> str:
        """The window in words, with the day it was reckoned from (已逾期：截止日期在2026-12-06之前)."""
        start, end = self.span(today)
        if self.kind == "overdue":
            return f"已逾期：截止日期在{today.isoformat()}之前"
        return f"截止日期在{start.isoformat()}至{end.isoformat()}之间（以{today.isoformat()}计）"

    def to_json(self, today: date) -> dict:
        start, end = self.span(today)
        return {"kind": self.kind, "phrase": self.phrase, "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None, "today": today.isoformat(), "text": self.describe(today)}


def read_window(text: str) -> Window | None:
    """The window a question's words name, if any (the first kind that matches, in the order above)."""
    m = OVERDUE.search(text)
    if m:
        return Window("overdue", m.group(0))
    m = _NAMED_MONTH.search(text)
    if m:
        return Window("month", m.group(0), year=int(m.group(1)) if m.group(1) else None, month=int(m.group(2)))
    m = _YEAR_END.search(text)
    if m:
        return Window("year", m.group(0), year=int(m.group(1)))
    for pattern, ahead in ((_THIS_YEAR, 0), (_BARE_YEAR_END, 0), (_NEXT_YEAR, 1)):
        m = pattern.search(text)
        if m:
            return Window("year", m.group(0), relative_year=ahead)
    for pattern, ahead in ((_THIS_MONTH, 0), (_NEXT_MONTH, 1)):
        m = pattern.search(text)
        if m:
            return Window("month", m.group(0), months=ahead)
    m = _WITHIN.search(text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _numeral(m.group(1))
        unit = {"天": 1, "日": 1, "周": 7, "星期": 7, "月": 30}[m.group(2)]
        if n:
            return Window("within", m.group(0), days=n * unit)
    return None


def _numeral(text: str) -> int:
    """一 … 九十九 in Chinese numerals (两 is 2, 十 is 10)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _NUMERAL.get(tens, 1) * 10 + _NUMERAL.get(ones, 0)
    return _NUMERAL.get(text, 0)
