"""Quantified targets: indicator, comparator, value, unit, year, base year, 力争.

A target is a number with a unit that a measure sets as a goal
(``PM2.5平均浓度26微克/立方米以下``, ``新增建设20个左右精品示范村``). Numbers that
qualify a noun (``10蒸吨及以下燃煤锅炉``, ``年吞吐量5万TEU的集装箱``), years,
ordinals and — in a progress report — what has been achieved are not targets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .records import Deadline, Target
from .rules import load_rules

_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Context:
    plan_year: int | None
    progress: bool = False
    status_spans: tuple[tuple[int, int], ...] = ()  # spans (document offsets) of progress columns


@lru_cache(maxsize=1)
def _grammar() -> dict:
    r = load_rules("targets")
    units = sorted(r["units"], key=len, reverse=True)
    mags = sorted(r["magnitudes"], key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    mag_alt = "|".join(re.escape(m) for m in mags)
    value = re.compile(
        r"(?<![A-Za-z\d.#\-_/])(?P<v>\d+(?:\.\d+)?)(?:\s*(?P<rng>[～~\-—至到])\s*(?P<v2>\d+(?:\.\d+)?))?"
        rf"\s*(?P<mag>{mag_alt})?\s*(?P<unit>{unit_alt})?"
    )
    before = []
    for group in r["comparator_before"]:
        for w in group["words"]:
            before.append((w, group["cmp"]))
    before.sort(key=lambda t: len(t[0]), reverse=True)
    after = []
    for group in r["comparator_after"]:
        for w in group["words"]:
            after.append((w, group["cmp"]))
    after.sort(key=lambda t: len(t[0]), reverse=True)
    return {
        "value": value,
        "before": before,
        "after": after,
        "qual_after": re.compile(r["forms"]["qualifier_after"]),
        "qual_before": re.compile(r["forms"]["qualifier_before"]),
        "weak": set(r["forms"]["weak_units"]),
        "ceiling_units": set(r["forms"]["ceiling_units"]),
        "ceiling_ind": re.compile(r["forms"]["ceiling_indicators"]),
        "status_before": re.compile(r["forms"]["status_before"]),
        "status_after": re.compile(r["forms"]["status_after"]),
        "cues": re.compile(r["forms"]["target_cues"]),
        "column_cues": re.compile(r["forms"]["column_cues"]),
        "size_units": set(r["forms"]["size_units"]),
        "size_class": re.compile(r["forms"]["size_class_after"]),
        "qual_count": re.compile(r["forms"]["qualifier_of_count"]),
        "citing": re.compile(r["forms"]["citing_clause"]),
        "cn": re.compile(r"(?P<pre>至少|不少于|不低于|每年|每季度|每月|每半年|完成|开展)(?:开展|完成|组织|进行|举办)?"
                         r"(?P<n>[一二两三四五六七八九十]{1,3})(?P<unit>次|轮|个|批)"),
        "double": re.compile(r"翻(?P<n>一|两|二)?番"),
        # a bare number (no unit) is a figure only right after a comparator of two characters or more
        "bare_cue": re.compile("(?:" + "|".join(re.escape(w) for w, _ in before if len(w) >= 2) + r")\s*$"),
        # what makes a day, a time or a year a figure (连续18年, 不能超过27天): a count's cue or any comparator
        "cue_before_weak": re.compile(
            r"(?:连续|至少|每年|累计|完成|开展|共|预报|提前|实现|上升|提升|提高|前进|进位|"
            + "|".join(re.escape(w) for w, _ in before if len(w) >= 2) + r")\s*$"),
    }


_CLAUSE_SEP = re.compile(r"[，,；;。！!？?:：]")
_SENT_SEP = re.compile(r"[。；;！!？?]")
_BASE = re.compile(r"(?:比|较|相比|与|对比)\s*(?P<y>\d{4})\s*年(?:底|末)?|(?P<prev>比上年|较上年|同比)")
_LEAD_TIME = re.compile(r"^(?:到|至|在|于|力争到|确保到)?\s*\d{4}\s*年(?:底|末)?(?:前)?\s*[,，]?\s*|^全年|^年内")
_TRIM_TAIL = re.compile(r"(?:稳定|总体|持续|力争|确保|要|须|均|基本|全部|累计|分别|比\d{4}年|较\d{4}年|年均)+$")


# a plan's figure then what was done against it (…540个 完成838个, 完成率155%)
_REPORTED_AGAINST = re.compile(r"[^，,。；;\n\d]{0,3}\s*[，,]?\s*(?:实际|已|累计)?完成\s*\d")


def _cn_number(s: str) -> int | None:
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN_DIGIT.get(s)
    if s.startswith("十"):
        return 10 + (_CN_DIGIT.get(s[1], 0))
    if len(s) == 2 and s[1] == "十":
        return _CN_DIGIT.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGIT.get(s[0], 0) * 10 + _CN_DIGIT.get(s[2], 0)
    return None


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE_SEP.finditer(text, 0, pos):
        start = m.end()
    m = _CLAUSE_SEP.search(text, pos)
    return start, (m.start() if m else len(text))


def _sentence_end(text: str, pos: int) -> int:
    m = _SENT_SEP.search(text, pos)
    return m.end() if m else len(text)


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENT_SEP.finditer(text, 0, pos):
        start = m.end()
    return start


def find_targets(text: str, offset: int, ctx: Context, deadlines: list[Deadline]) -> list[Target]:
    """Targets in ``text`` (a measure's text starting at ``offset``): the figures with a unit it sets as goals,
    each with its comparator, the year it is due (``deadlines`` before it, else the plan year), its base
    year and whether it is aspired to (力争)."""
    g = _grammar()
    found = _figures(text, offset, ctx, g)
    _spread_cues(text, found)
    found += _spelled(text, offset, ctx, g)
    found.sort(key=lambda f: f["s"])
    found = _drop_qualifying_counts(text, found)
    found = _drop_breakdowns(text, found)
    return _records(text, offset, ctx, deadlines, found)


def _figures(text: str, offset: int, ctx: Context, g: dict) -> list[dict]:
    """Written numbers with their units that read as goals (not sizes, years, names or achieved figures)."""
    found: list[dict] = []
    for m in g["value"].finditer(text):
        unit = m.group("unit") or ""
        mag = m.group("mag") or ""
        s, e = m.span()
        value_text = m.group("v")
        listed = None
        if not unit:
            # 53和32微克/立方米, 0.26、0.67、1.04、1.5亿元, 800万和115万吨: a list's last unit is every value's
            listed = _list_unit(text, e, mag)
        if not unit and not mag and listed is None:
            # a bare number is a target only as a ratio with a strong cue (控制在0.4左右)
            # (控制在0.4左右, 缩小至1.7以内, 托位数提高至560。)
            if not (g["bare_cue"].search(text, max(0, s - 4), s) and _BARE_END.match(text, e)):
                continue
        full_unit = (mag + unit) if unit else mag
        if not unit and listed is not None:
            full_unit = listed
        elif not unit and mag:
            if not re.match(r"\s*(?:以上|以下|左右|以内|[，,。；;、）)]|$)", text[e:e + 2]):
                continue  # 5万标砖: a magnitude of some noun, no figure of its own
            full_unit = mag  # 2.93亿, 1000万以上: the magnitude is all the unit written
        try:
            value = float(value_text)
        except ValueError:
            continue
        if unit == "年" and len(value_text) == 4:
            continue  # a year
        if re.match(r"\d{4}$", value_text) and unit in ("", "年") and not mag:
            continue
        before = text[max(0, s - 6):s]
        after = text[e:e + 6]
        if g["qual_before"].search(before) or g["qual_after"].match(after):
            continue
        if unit in g["size_units"] and g["size_class"].match(after):
            continue
        if unit not in ("%", "‰") and g["qual_count"].match(after):
            continue
        if unit in g["weak"] and not mag:
            has_after_cue = bool(re.match(r"(?:以上|以下|左右|以内)", after))
            if not (has_after_cue or m.group("v2") or g["cue_before_weak"].search(before)):
                continue
        if _in_quotes(text, s):
            continue  # “严管30条”: a name, not a figure
        cs, ce = _clause_bounds(text, s)
        if g["citing"].match(text[cs:ce].lstrip()):
            continue
        if _is_status(text, s, e, cs, ctx, offset, g):
            continue
        comparator, cue_end = _comparator(text, cs, s, e, after, full_unit, g)
        if m.group("v2") and comparator == "=":
            comparator = ">="  # 7～10天: at least the lower bound
        found.append({
            "s": s, "e": e, "value": value, "unit": full_unit, "cmp": comparator, "clause": (cs, ce),
            "cue_after": cue_end,
        })

    return found


def _spread_cues(text: str, found: list[dict]) -> None:
    """分别下降24%、25%以上: a trailing cue covers every value of the list, a leading one too."""
    for a, b in zip(found, found[1:]):
        linked = a["clause"] == b["clause"] and re.fullmatch(r"\s*(?:、|和|及|,|，)\s*", text[a["e"]:b["s"]])
        if linked and not a["cue_after"] and b["cue_after"]:
            a["cmp"] = b["cmp"]
        elif linked and not b["cue_after"] and b["cmp"] == "=" and a["cmp"] != "=":
            b["cmp"] = a["cmp"]


def _spelled(text: str, offset: int, ctx: Context, g: dict) -> list[dict]:
    """Figures written in words: 至少开展两次, 每年不少于两次, 翻一番."""
    found: list[dict] = []
    for m in g["cn"].finditer(text):
        n = _cn_number(m.group("n"))
        if n is None or m.group("unit") == "批" or (m.group("unit") == "个" and m.group("pre") not in ("至少", "不少于")):
            continue
        s, e = m.start("n"), m.end()
        if _is_status(text, s, e, _clause_bounds(text, s)[0], ctx, offset, g):
            continue
        pre = m.group("pre")
        floor = pre in ("至少", "不少于", "不低于") or re.search(r"(?:至少|不少于|不低于)\s*$", text[max(0, m.start() - 4):m.start()])
        cmp = ">=" if floor else "="
        found.append({"s": s, "e": e, "value": float(n), "unit": m.group("unit"), "cmp": cmp,
                      "clause": _clause_bounds(text, s), "cue_after": False})
    for m in g["double"].finditer(text):
        n = {"两": 4, "二": 4}.get(m.group("n") or "一", 2)
        s, e = m.span()
        if _is_status(text, s, e, _clause_bounds(text, s)[0], ctx, offset, g):
            continue
        found.append({"s": s, "e": e, "value": float(n), "unit": "倍", "cmp": "=",
                      "clause": _clause_bounds(text, s), "cue_after": False})
    return found


def _records(text: str, offset: int, ctx: Context, deadlines: list[Deadline], found: list[dict]) -> list[Target]:
    out: list[Target] = []
    seen = set()
    for f in found:
        s, e = f["s"], f["e"]
        cs, ce = f["clause"]
        year = _year_at(deadlines, offset + s, ctx.plan_year)
        if re.search(r"每年|逐年|每季度|每月", text[cs:s]) and not ctx.plan_year:
            year = None  # 每年打造1～2个: a yearly quota, not a goal of one year
        base_year = None
        sent = _sentence_start(text, s)
        bm = None
        for bm_ in _BASE.finditer(text, cs, e):
            bm = bm_
        if bm is not None:
            if bm.group("y"):
                base_year = int(bm.group("y"))
            elif year:
                base_year = year - 1
            elif ctx.plan_year:
                base_year = ctx.plan_year - 1
        aspirational = "力争" in text[sent:s] or "争取" in text[sent:s]
        key = (f["s"], f["e"])
        if key in seen:
            continue
        seen.add(key)
        indicator = _indicator(text, cs, s, e, ce)
        phrase = text[cs:ce].strip()
        same_clause = [x for x in found if x["clause"] == f["clause"]]
        indicators = _each_of(text, cs, s) if len(same_clause) == 1 else []
        for ind in indicators or [indicator]:
            # 二氧化硫、氮氧化物、VOCs排放总量均比2015年下降22%以上: one figure, one target for each
            out.append(Target(text=phrase, indicator=ind, comparator=f["cmp"], value=_num(f["value"]),
                              unit=f["unit"], year=year, baseline_year=base_year, aspirational=aspirational,
                              start=offset + cs, end=offset + max(e, cs), rule="target." + (f["unit"] or "ratio")))
    return out


_EACH = re.compile(r"(?:分别|均|各)(?:比|较|同比|下降|提高|达到|控制|不|降|增长|增加|减少|削减|在|为|要)")
_SUBJECT_TRIM = re.compile(r"^(?:到|至|力争|确保|争取)?\s*(?:(?:19|20)\d{2}\s*年(?:底|末)?(?:前)?\s*[,，]?)?\s*(?:全[省市县区]|我[省市县区])?")
_STOP_ITEM = re.compile(r"[的是在对把将]|^(?:各|全)")


def _each_of(text: str, cs: int, s: int) -> list[str]:
    """The indicators one figure is set for, each (A、B和C…均/分别 + one value): their names, or none."""
    head = text[cs:s]
    m = _EACH.search(head)
    if m is None:
        return []
    subject = _SUBJECT_TRIM.sub("", head[:m.start()].strip())
    parts = [p.strip() for p in re.split(r"[、和及与]", subject) if p.strip()]
    if len(parts) < 2 or len(parts) > 8 or any(len(p) > 16 or _STOP_ITEM.search(p) for p in parts):
        return []
    # the words after the last item (排放总量) belong to every item
    tail = re.match(r"^[A-Za-z0-9\u4e00-\u9fff()（）]{1,12}?(?=(?:排放总量|排放量|浓度|比例|比重|总量|面积|产量)$)", parts[-1])
    suffix = parts[-1][tail.end():] if tail else ""
    names = [p + suffix if suffix and not p.endswith(suffix) else p for p in parts[:-1]] + [parts[-1]]
    return names


def _drop_breakdowns(text: str, found: list[dict]) -> list[dict]:
    """涉及祥符区4家、通许县1家 / 其中…: the parts of a figure already given, not figures of their own;
    and 8个板块11个片区, 5家11条生产线: a count right before another count qualifies it."""
    out = []
    for i, f in enumerate(found):
        cs, _ = f["clause"]
        if i > 0 and re.match(r"\s*(?:涉及|包括|包含|含)", text[cs:f["s"]]):
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and nxt["clause"] == f["clause"] and f["unit"] in _COUNT_UNITS and nxt["unit"] in _COUNT_UNITS \
                and re.fullmatch(r"[\u4e00-\u9fff]{0,4}", text[f["e"]:nxt["s"]]):
            continue
        out.append(f)
    return out


_COUNT_UNITS = {"个", "家", "条", "座", "所", "处", "项", "批", "户", "人", "名", "台", "辆", "艘", "件"}


_QUOTED = re.compile(r"“[^“”]{0,14}”|\"[^\"]{0,14}\"")


def _in_quotes(text: str, pos: int) -> bool:
    for m in _QUOTED.finditer(text, max(0, pos - 15), min(len(text), pos + 15)):
        if m.start() < pos < m.end():
            return True
    return False


_DIGIT = re.compile(r"\d+(?:\.\d+)?(?![\d.月日年号])")  # a figure, not a date
_BARE_END = re.compile(r"\s*(?:左右|以内|以下|以上|[，,。；;）)]|$)")
_LIST_NEXT = re.compile(r"\s*(?:和|、|及|与|至|到|-|—|～|~)\s*(?P<v>\d+(?:\.\d+)?)\s*")


def _list_unit(text: str, e: int, mag: str) -> str | None:
    """The unit a bare value takes from the values listed after it (53和32微克/立方米 → 微克/立方米;
    0.26、0.67、1.5亿元 → 亿元; 800万和115万吨 → 万吨)."""
    g = _grammar()
    pos = e
    for _ in range(8):
        m = _LIST_NEXT.match(text, pos)
        if not m:
            return None
        nxt = g["value"].match(text, m.start("v"))
        if nxt is None:
            return None
        if nxt.group("unit"):
            return mag + nxt.group("unit") if mag and not nxt.group("mag") else (nxt.group("mag") or "") + nxt.group("unit")
        pos = nxt.end()
    return None


def _unit_prefix(s: str) -> str | None:
    units = sorted(load_rules("targets")["units"], key=len, reverse=True)
    for u in units:
        if s.startswith(u):
            return u
    return None


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _is_status(text: str, s: int, e: int, cs: int, ctx: Context, offset: int, g: dict) -> bool:
    """What a progress report says was done (已完成2136项), not what it sets out to do."""
    in_status_col = any(a <= offset + s < b for a, b in ctx.status_spans)
    if not (ctx.progress or in_status_col):
        return False
    if _REPORTED_AGAINST.match(text, e):
        return False  # 开发公益性岗位540个 完成838个: the figure the report measures against is the target
    if re.search(r"完成\s*$", text[max(0, s - 3):s]):
        earlier = [m.end() for m in _DIGIT.finditer(text, text.rfind("\n", 0, s) + 1, max(0, s - 2))]
        if earlier and not g["cues"].search(text, earlier[-1], s):
            return True  # …540个 完成838个: what was done against it (要求9月30日前完成21项 still sets one)
    head = text[cs:s]
    if in_status_col:
        return not g["column_cues"].search(head)
    if g["status_after"].match(text[e:e + 3]):
        return True
    if g["status_before"].search(head):
        return True
    if re.search(r"(?:完成率|办结率|达标率|占比|比例为|率为)\s*$", head):
        return True
    sent = _sentence_start(text, s)
    before_sent = text[sent:s]
    if "截至" in before_sent and not re.match(r"[\u4e00-\u9fff]{0,6}已(?:完成|全部|办结)", text[e:e + 8]):
        return True  # after a status date, figures are what was done
    if not g["cues"].search(text[sent:_sentence_end(text, s)]):
        return True  # a progress report's sentence with no goal word reports, it does not set
    return False


def _comparator(text: str, cs: int, s: int, e: int, after: str, unit: str, g: dict) -> tuple[str, bool]:
    for word, cmp in g["after"]:
        if after.startswith(word):
            return cmp, True
    head = text[cs:s].rstrip()
    for word, cmp in g["before"]:
        if head.endswith(word) or re.search(re.escape(word) + r"(?:稳定|总体|力争|基本)?\s*$", head[-8:]):
            if word in ("达到", "达", "降至", "降到", "下降到") or cmp == ">=":
                if unit in g["ceiling_units"] or (word in ("达到", "达") and g["ceiling_ind"].search(head)
                                                  and unit not in ("%",)):
                    return "<=", False
                if word in ("降至", "降到", "下降到"):
                    return "<=", False
            return cmp, False
    return "=", False


def _drop_qualifying_counts(text: str, found: list[dict]) -> list[dict]:
    """13个市控以上断面Ⅲ类水比例100%: a count before a later value in its clause qualifies it."""
    out = []
    for i, f in enumerate(found):
        later = [g for g in found[i + 1:] if g["clause"] == f["clause"]]
        if later and f["unit"] in ("个", "条", "家", "座", "所") and later[0]["unit"] in ("%", "‰") \
                and not re.match(r"\s*(?:、|和|及|,|，)", text[f["e"]:f["e"] + 2]):
            continue
        out.append(f)
    return out


def _year_at(deadlines: list[Deadline], pos: int, plan_year: int | None) -> int | None:
    """The year in force at a position: the last dated deadline before it, else the plan year."""
    year = None
    for d in deadlines:
        if d.start <= pos and d.due is not None:
            year = d.due.year
    return year if year is not None else plan_year


def _indicator(text: str, cs: int, s: int, e: int, ce: int) -> str | None:
    head = text[cs:s]
    head = _LEAD_TIME.sub("", head.strip())
    head = re.sub(r"(?:达到|达|不低于|不少于|不超过|不高于|低于|控制在|提高到|提升到|降至|降到|下降到|下降|削减|"
                  r"保持|稳定在|为|约|至少|超过|增长|提高|新增|增加|完成|实现|建设|新建|推动|推广|推进|开展|建成|打造|"
                  r"淘汰|累计|力争|确保|稳定|分别)+\s*$", "", head)
    head = _TRIM_TAIL.sub("", head).strip(" ,，、")
    if len(head) >= 2:
        return head[-40:]
    tail = text[e:ce].strip(" ,，、")
    tail = re.sub(r"^(?:以上|以下|左右|以内)", "", tail)
    return tail[:40] or None


def unit_of(text: str) -> str | None:
    """``text`` as a unit a figure carries (万亩, 个, 万元), or None."""
    g = _grammar()
    m = g["value"].fullmatch("1" + text.strip())
    if m is None or not (m.group("unit") or m.group("mag")):
        return None
    return (m.group("mag") or "") + (m.group("unit") or "")


def column_target(text: str, start: int, indicator: str, unit: str, year: int | None) -> Target | None:
    """A table's figure cell under a planned-quantity column (2023年小麦任务面积, 万亩): the row's
    target, as written (``=``)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", text)
    if m is None:
        return None
    return Target(text=text.strip(), indicator=indicator, comparator="=", value=_num(float(m.group(1))),
                  unit=m.group(2) or unit, year=year, baseline_year=None, aspirational=False,
                  start=start + m.start(1), end=start + m.end(2), rule="target.column")
