"""Deadlines: phrases of time normalised to the last day they allow.

``find_deadlines`` applies the rules of ``rules/deadlines.toml`` in order; an
earlier rule claims its stretch of text (status dates such as 截至6月底 and base
years such as 比2020年 are claimed first and produce nothing).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .records import Deadline
from .rules import compiled

_PART_END = {"上半年": (6, 30), "年中": (6, 30), "下半年": (12, 31), "年底": (12, 31), "年末": (12, 31),
             "年内": (12, 31), "全年": (12, 31), "年底前": (12, 31), "底前": (12, 31), "底": (12, 31),
             "末": (12, 31), "当年": (12, 31), "今年底": (12, 31), "今年底前": (12, 31), "今年内": (12, 31),
             "半年": (6, 30), "年度": (12, 31)}  # 半年、年度: only as a pair (rules deadline.*_of_pair)
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_CLAUSE_START = set("，,。；;：:（(、　 \n\t“\"")
_BRACKETED = re.compile(r"《[^《》]*》")
_DUE_VERB = re.compile(r"\s*(?:完成|建成|实现|投用|投入使用|投运|开工|竣工|启动|上线|交付|全面|全部|基本|达到|到位)")
_LEAD_CUE = re.compile(r"^(?:(?:在|于|力争|确保|争取|要求|计划|须|必须)\s*)+")


@dataclass(frozen=True)
class Context:
    year: int | None  # the year in force: the plan year, else the document's year
    progress: bool = False  # a progress report: only phrases that set a due date count


@lru_cache(maxsize=1)
def _rules():
    return compiled("deadlines", "deadline")


def _last_day(year: int, month: int) -> date | None:
    if not (1 <= month <= 12) or not (1900 <= year <= 2100):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _part_due(part: str, year: int | None) -> date | None:
    if year is None:
        return None
    part = part.strip()
    if part in _PART_END:
        m, d = _PART_END[part]
        return date(year, m, d)
    m = re.match(r"第?([一二三四1-4])季度", part)
    if m:
        return _last_day(year, _QUARTER[m.group(1)])
    return None


def _masked(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BRACKETED.finditer(text)]


_ANY_TIME = re.compile(r"\d|年|季|每|定期|逐年|十[一二三四五六七八九]五|期|全年|上半|下半|月")


def find_deadlines(text: str, offset: int, ctx: Context) -> list[Deadline]:
    """Deadlines in ``text`` (a measure's text starting at ``offset`` in the document)."""
    if not _ANY_TIME.search(text):
        return []
    claimed: list[tuple[int, int]] = _masked(text)  # titles of other documents say nothing of time
    out: list[Deadline] = []
    for rule_id, pattern, rule in _rules():
        kind = rule["kind"]
        for m in pattern.finditer(text):
            s, e = m.span()
            if s == e or any(s < ce and cs < e for cs, ce in claimed):
                continue
            if kind == "skip":
                claimed.append((s, e))
                continue
            phrase = m.group(0).strip()
            lead_cue = _LEAD_CUE.match(phrase)
            if lead_cue and kind not in ("year", "horizon"):
                phrase = phrase[lead_cue.end():]  # keep 到2025年 whole; 要求12月30日 is the date 12月30日
            found = _READ[kind](_Match(m, text, phrase, bool(lead_cue), ctx, rule))
            if found is None:
                continue  # not a due date here (and the stretch stays free for the rules after)
            claimed.append((s, e))
            ps = s + (m.group(0).find(phrase) if phrase else 0)
            out.append(Deadline(text=phrase, due=found[0], recurring=found[1], start=offset + ps, end=offset + e,
                                rule=rule_id))
    out.sort(key=lambda d: d.start)
    return _dedupe(out)


@dataclass(frozen=True)
class _Match:
    """A rule's match and what reading it needs: the text around, the phrase, a cue before it, the context."""

    m: re.Match
    text: str
    phrase: str
    cued_phrase: bool  # the phrase opens with a cue (要求12月30日)
    ctx: Context
    rule: dict

    @property
    def gd(self) -> dict:
        return self.m.groupdict()

    def cued(self) -> bool:
        return self.cued_phrase or _cued(self.text, self.m.start())


def _recurring(x: _Match):
    if x.ctx.progress and x.phrase == "定期":
        return None  # a report's 定期发布… tells how it was done; 每年 still sets a period
    return None, x.rule["recurring"]


def _horizon(x: _Match):
    return date(int(x.gd["year"]), 12, 31), None


def _year2(x: _Match):
    return date(int(x.gd["year2"]), 12, 31), None


def _year(x: _Match):
    gd, (s, e) = x.gd, x.m.span()
    year = int(gd["year"])
    pre, post = (gd.get("pre") or "").strip(), (gd.get("post") or "").strip()
    if not pre and not post and not _bare_year_ok(x.text, s, e):
        return None
    if x.ctx.progress and not (post in ("底前", "前", "之前", "目标", "年底前") or
                               any(w in pre for w in ("要求", "计划", "力争", "确保")) or
                               _GOAL_AFTER.match(x.text, e)):
        return None  # a progress report's year is a status, unless it is a goal's (2021年…年度目标)
    return (date(year, 12, 31) if 1900 <= year <= 2100 else None), None


def _year_part(x: _Match):
    year = int(x.gd["year"]) if x.gd.get("year") else x.ctx.year
    if x.ctx.progress and not (x.phrase.endswith("前") or x.cued()):
        return None
    return _part_due(x.gd["part"], year), None


def _month(x: _Match):
    gd = x.gd
    year = int(gd["year"]) if gd.get("year") else x.ctx.year
    tail = gd.get("tail") or ""
    if x.ctx.progress and not (tail.endswith("前") or x.cued()):
        return None
    month = int(gd["month"])
    if not year or not 1 <= month <= 12:
        return None, None
    if tail.startswith("上旬"):
        return date(year, month, 10), None
    if tail.startswith("中旬"):
        return date(year, month, 20), None
    return _last_day(year, month), None


def _date(x: _Match):
    gd, (s, e), text = x.gd, x.m.span(), x.text
    year = int(gd["year"]) if gd.get("year") else x.ctx.year
    to = x.m.group(0).lstrip().startswith(("至", "到"))
    cued = x.cued() or bool(_DUE_VERB.match(text[e:e + 6])) or (
        to and bool(_END_OF_TERM.search(text[max(0, s - 6):s]) or
                    # a report's 1月1日至6月30日 is the period it reports on
                    (not x.ctx.progress and _RANGE_FROM.search(text[max(0, s - 12):s]))))
    if not (x.phrase.endswith(("前", "止")) or cued):
        return None  # 5月22日，… or 1997年5月27日…会议通过: the date of an event, not a deadline
    try:
        return (date(year, int(gd["month"]), int(gd["day"])) if year else None), None
    except ValueError:
        return None


def five_year_end(numeral: str) -> int:
    """The last year of a five-year plan's period by its number (十四五: 四 → 2025)."""
    return 2005 + 5 * ("一二三四五六七八九".index(numeral) + 1)


def _five_year(x: _Match):
    gd = x.gd
    if not gd.get("pre") and not gd.get("post") and _PLAN_NAME_AFTER.match(x.text, x.m.end()):
        return None  # “十四五”规划, 十四五监测点位: the name of a plan or a network, not a time
    return date(five_year_end(gd["fyp"][1]), 12, 31), None


_READ = {"recurring": _recurring, "horizon": _horizon, "year2": _year2, "year": _year, "year_part": _year_part,
         "month": _month, "date": _date, "five_year": _five_year}
_GOAL_AFTER = re.compile(r"[^，,。；;：:]{0,12}目标")
# a plan's name runs up to ten characters to its 规划 (“十四五”综合交通运输规划)
_PLAN_NAME_AFTER = re.compile(r"[”\"]?(?:[\u4e00-\u9fff]{0,10}?规划|[\u4e00-\u9fff]{0,4}?(?:监测|点位|网络|时期的))")


def _cued(text: str, start: int) -> bool:
    """Words before a date that make it a due date (要求12月30日, 实施期限至2021年12月31日)."""
    return bool(_CUE_BEFORE.search(text[max(0, start - 8):start]))


# 5月1日至5月31日, 即日起至6月30日: a period's end is when what it runs for is due
_RANGE_FROM = re.compile(r"(?:\d\s*[日号]|起|即日)\s*$")
# 实施期限至2021年12月31日, 延长至…: the end of a term
_END_OF_TERM = re.compile(r"(?:延长|延续|期限|实施|执行|有效期)$")
_CUE_BEFORE = re.compile(r"(?:要求|计划|须|必须|确保|力争|应于|应在|于|(?:延长|延续|期限|实施|执行|有效期)至)\s*$")


def _bare_year_ok(text: str, s: int, e: int) -> bool:
    """A year written alone is a time only at a clause's start (2024年，推广…)."""
    before = text[s - 1] if s > 0 else "，"
    if before not in _CLAUSE_START:
        return False
    after = text[e:e + 1]
    if after in ("是", "的", "为", "以", "和", "、", "与", "及"):
        return False
    return True


def _dedupe(deadlines: list[Deadline]) -> list[Deadline]:
    seen: set = set()
    out = []
    for d in deadlines:
        key = (d.due, d.recurring)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out


_BARE_MONTH = re.compile(r"^\s*(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月份?\s*$")
_YEAR_OF = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年度?")


def column_deadlines(text: str, offset: int, ctx: Context) -> list[Deadline]:
    """Deadlines of a table's time cell or time header: what ``find_deadlines`` reads, and what a
    time column writes alone — a month (1月份 is the end of January in the year in force), a year
    (2022年度任务目标 is due by the end of 2022)."""
    found = find_deadlines(text, offset, ctx)
    if found:
        return found
    m = _BARE_MONTH.match(text)
    if m:
        year = int(m.group("year")) if m.group("year") else ctx.year
        due = _last_day(year, int(m.group("month"))) if year else None
        if due:
            return [Deadline(text=text.strip(), due=due, recurring=None, start=offset + m.start("month"),
                             end=offset + m.end(), rule="deadline.column_month")]
    m = _YEAR_OF.search(text)
    if m and len(text.strip()) <= 16:
        year = int(m.group("year"))
        return [Deadline(text=m.group(0), due=date(year, 12, 31), recurring=None, start=offset + m.start(),
                         end=offset + m.end(), rule="deadline.column_year")]
    return []
