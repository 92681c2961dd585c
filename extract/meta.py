"""Document metadata read from the text: title, issuer, number, date, place, level, kind, year, owner.

Nothing is guessed: a field the text does not support stays None. The place
comes from the gazetteer (``places.py``), weighted by where a name stands
(title and signature over body) and by how the document speaks of itself
(全市 / 我区 / 全县).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .places import Place, gazetteer
from .records import DocumentMeta
from .registry import Registry
from .rules import load_rules

_DOC_NO = re.compile(r"(?P<no>[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号)")
# what a page glues before a document number: its label, or the end of the title (…的通知拱政办发〔2018〕42号)
_DOC_NO_HEAD = re.compile(r"^.*(?:文号|字号|编号|通知|的函|意见|方案|标题|题目|名称|[:：|])")
_DATE_LINE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$")
_DATE_LABEL = re.compile(
    r"(?P<label>成文日期|发文日期|印发日期|发布日期|发布时间|公开日期|发表时间|日期|时间)\s*[:：]?\s*\|?\s*"
    r"(?P<y>(?:19|20)\d{2})\s*[-年./]\s*(?P<m>\d{1,2})\s*[-月./]\s*(?P<d>\d{1,2})")
# 二〇一七年二月二十四日: a signature's date in Chinese numerals
_CN_DATE_LINE = re.compile(r"^\s*(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月"
                           r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日\s*$")
# 2019-12-25 16:39 on a line of its own (a page's stamp of the date it was published)
_ISO_DATE_LINE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S{2,20})?\s*$")
_ORG_LINE = re.compile(r"(?:人民政府|政府|办公室|办公厅|委员会|局|厅|委|办|部|中心|指挥部|小组|分局)\s*$")
_ISSUER_LABEL = re.compile(r"(?:发布机构|发文机关|发布单位|信息来源|来源)\s*[:：]\s*(?P<who>[^\s:：|]{2,30}?)(?=主题分类|组配分类|发文日期|发布日期|文号|索引号|名称|浏览|点击|时间|日期|字体|字号|【|[\s:：|]|$)")
_SELF = {"市": re.compile(r"全市|我市|本市"),
         "区": re.compile(r"全区|我区|本区"),
         "县": re.compile(r"全县|我县|本县"),
         "省": re.compile(r"全省|我省|本省")}
_NATIONAL = re.compile(r"国务院|国办发|国发〔|全国(?!文明|先进|示范|重点|168|百强|首批|第)|各省、自治区、直辖市|中共中央|国家发展改革委|生态环境部|住建部|住房城乡建设部")
_SELF_SLOGAN = re.compile(r"(?:美丽|幸福|平安|健康|数字|智慧|魅力|文明|法治|品质|活力)$")
_PLACE_AFTER = re.compile(r"(?:实际|经济|开发区|高新区|工业园|籍|人民|全境|境内|城区|辖区)")
_SHORT_BEFORE = re.compile(r"(?:美丽|幸福|平安|健康|数字|智慧|魅力|文明|法治|品质|活力)(?P<name>[\u4e00-\u9fff]{2,4})")
_SHORT_AFTER = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?=实际|经济技术开发区|经济开发区|开发区|高新区|工业园|籍|人民|全境|境内|城区|辖区|分局|支队|大队|分行|海关)")
_CITES = re.compile(r"《(?P<t>[^《》]{4,60})》(?:\s*[（(](?P<no>[^()（）]{0,20}〔\d{4}〕\d+号)[)）])?")


@dataclass(frozen=True)
class MetaResult:
    meta: DocumentMeta
    default_prefix: str | None
    own_places: tuple[str, ...]


def _rules():
    return load_rules("meta")


def read_meta(text: str, registry: Registry) -> MetaResult:
    # table cells (tab-indented lines) are never the title or signature
    lines = ["" if ln.startswith("\t") else ln.strip() for ln in text.split("\n")]
    head = _head(lines)
    title = _title(head)
    doc_number = _doc_number(head) or _doc_number([ln for ln in lines[:80] if len(ln) <= 40])
    issuer, signed = _signature(lines)
    if issuer is None:
        issuer = _issuer_from(head, title)
    date_ = signed or _labelled_date(head)
    kind = _kind(title, text)
    juris, place, level = _jurisdiction(text, head, title, issuer)
    below = _township_or_zone(text, head, title, issuer)
    if below is not None:
        juris, level = below
        place = place if level == "township" else None
    elif place is not None and place.rank == "county" and juris == place.name:
        juris = _with_city(place, text)
    plan_year = _plan_year(title, text, kind, date_)
    if juris is None and level in (None, "city") and _under_a_city(text):
        level = "county"  # a 县级市 whose basis is its prefecture city's plan
    default_prefix = _default_prefix(text, place, level)
    owner = _owner(text, issuer, title, kind, place, default_prefix, registry)
    own_places: tuple[str, ...] = ()
    if place is not None:
        own_places = tuple(dict.fromkeys((place.name, place.short)))
    g = gazetteer()
    province = city = None
    if place is not None:
        prov = g.by_code.get(place.province_code)
        province = prov.name if prov else None
        if place.rank == "county":
            c = g.parent(place)
            city = c.name if c is not None and c.rank == "city" else None
        elif place.rank == "city":
            city = place.name
    cites = tuple(dict.fromkeys(m.group("no") or m.group("t") for m in _CITES.finditer(text[:4000])
                                if re.search(r"方案|计划|意见|规划|通知|纲要|要点|决定", m.group("t"))))
    meta = DocumentMeta(title=title, issuer=issuer, doc_number=doc_number, date=date_, jurisdiction=juris,
                        level=level, kind=kind, plan_year=plan_year, owner=owner, cites=cites,
                        province=province, city=city)
    return MetaResult(meta, default_prefix, own_places)


# ------------------------------------------------------------------ head

def _head(lines: list[str]) -> list[str]:
    """The lines before the body: up to the first numbered section, at most 40 lines."""
    out = []
    for ln in lines:
        if re.match(r"^(?:一|1)[、.．]|^[(（]一[)）]", ln) and out:
            break
        out.append(ln)
        if len(out) >= 40:
            break
    return out


_NOTICE = re.compile(r"关于(?:印发|转发|下达)\s*(?:《(?P<q>[^《》]{4,80})》|(?P<t>[^《》]{4,80}?))\s*的通知")
_TITLE_CLEAN = re.compile(r"^(?:[•·\-*]\s*|【[^】]*】\s*|[\u4e00-\u9fff]{1,8}〔(?:19|20)\d{2}〕\d{1,4}号\s*)+|\.(?:pdf|docx?|html?)$|\s*内容概述$")


_GLUED_TITLE = re.compile(
    r"^(?:\d{1,2}[、.．]\s*)?(?P<t>[\u4e00-\u9fff“”\d]{4,50}?(?:方案|计划|要点|意见|规划|工作总结|工作思路|工作报告)"
    r"(?:[(（](?:征求意见稿|试行|草案|送审稿)[)）])?)(?:范文)?(?=为|根据|按照|依据|\d{4}年|近年来|今年)")


def _title_words() -> re.Pattern:
    return re.compile(_rules()["title"]["words"])


def _title(head: list[str]) -> str | None:
    """The document's title: a labelled one (名称：…) first, else the first line of the head that reads
    as a title (a document word, no sentence, no metadata), a notice's inner title where it has one."""
    rules = _rules()["title"]
    words, metadata, labelled = _title_words(), re.compile(rules["metadata"]), re.compile(rules["labelled"])
    nonblank = _join_open_quotes([ln for ln in head if ln])
    for ln in nonblank:
        m = labelled.search(ln)
        if m and words.search(m.group("t")) and len(m.group("t")) >= 5:
            return _inner_title(_TITLE_CLEAN.sub("", m.group("t").strip()))
    if nonblank:
        m = _GLUED_TITLE.match(nonblank[0])
        if m and len(nonblank[0]) > len(m.group("t")) + 10:
            return m.group("t")  # 1、武汉市…2022年工作方案(征求意见稿)为持续推进…: a preview ran the title into the text
    for i, ln in enumerate(nonblank):
        if len(ln) > 90 or "。" in ln or re.search(r"[，,；;]", ln) and not _NOTICE.search(ln):
            continue
        if metadata.search(ln):
            continue
        line = _TITLE_CLEAN.sub("", ln).strip()
        if "|" in line:
            parts = [p.strip() for p in line.split("|") if words.search(p)]
            line = parts[-1] if parts else line
        m = _NOTICE.search(line)
        if m:
            inner = (m.group("q") or m.group("t")).strip()
            if words.search(inner) and "《" not in line[:m.start()]:
                return inner
        # a title broken over two lines: 房县2022年度…行动 / 实施方案
        if i + 1 < len(nonblank) and re.fullmatch(r"[\u4e00-\u9fff]{0,4}(?:实施方案|工作方案|行动方案|行动计划|工作计划|方案|计划|要点|规划|意见|分解表|细则)",
                                                   nonblank[i + 1]) \
                and len(line) <= 40 and not re.search(r"[:：，,。]$", line) and re.search(r"[\u4e00-\u9fff]{4}", line) \
                and not re.search(r"(?:方案|计划|要点|规划|意见|通知|分解表|细则)$", line):
            return line + nonblank[i + 1]
        if not words.search(line) or len(line) < 5:
            continue
        if re.search(r"[:：]$|^(?:各|附件)", line) or re.match(r"^(?:为|根据|按照|\d{1,2}[、.．])", line):
            continue
        if _ORG_LINE.search(line) and not re.search(r"方案|计划|要点|思路|通知|规划|表$", line):
            continue
        return line.rstrip("。")
    return None


def _join_open_quotes(lines: list[str]) -> list[str]:
    """A title in 《》 broken over lines (《2023年省〈政府工作报告〉 / 工作任务分工方案》) as one line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        j = i
        while ln.count("《") > ln.count("》") and j + 1 < len(lines) and j - i < 3 and len(ln) < 90:
            j += 1
            ln += lines[j]
        if ln.count("《") == ln.count("》") and ln.startswith("《") and ln.endswith("》"):
            ln = ln[1:-1]  # the whole line a title in quotes
        out.append(ln if j > i or ln != lines[i] else lines[i])
        i = j + 1
    return out


def _inner_title(title: str) -> str:
    m = _NOTICE.search(title)
    inner = (m.group("q") or m.group("t")).strip() if m else ""
    return inner if inner and _title_words().search(inner) else title


def _doc_number(head: list[str]) -> str | None:
    for ln in head:
        for m in _DOC_NO.finditer(ln):
            before = ln[: m.start()]
            if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
                continue  # a cited number in brackets
            if "《" in before or re.search(r"根据|依据|按照|落实", before):
                continue
            no = re.sub(r"\s+", "", m.group("no")).replace("[", "〔").replace("]", "〕")
            return _DOC_NO_HEAD.sub("", no)
    return None


def _signature(lines: list[str]) -> tuple[str | None, date | None]:
    """The issuer and date of a notice's signature (an organisation line above a date line)."""
    first_date = None
    for i, ln in enumerate(lines[:120]):
        m = _DATE_LINE.match(ln)
        if m:
            d = _mkdate(m)
        else:
            m = _CN_DATE_LINE.match(ln)
            if not m:
                continue
            d = _cn_date(m)
        if d is None:
            continue
        prev = next((lines[k] for k in range(i - 1, max(-1, i - 4), -1) if lines[k]), "")
        if prev and len(prev) <= 30 and _ORG_LINE.search(prev) and "。" not in prev:
            return prev, d
        if first_date is None:
            first_date = d
    return None, first_date


def _cn_date(m) -> date | None:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
    try:
        year = int("".join(str(digits[c]) for c in m.group("y")))
        return date(year, _cn_small(m.group("m")), _cn_small(m.group("d")))
    except (KeyError, ValueError, TypeError):
        return None


def _cn_small(s: str) -> int:
    """一 … 三十一."""
    n = "一二三四五六七八九"
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + n.index(s[1]) + 1
    if s.endswith("十"):
        return (n.index(s[0]) + 1) * 10
    if "十" in s:
        return (n.index(s[0]) + 1) * 10 + n.index(s[2]) + 1
    return n.index(s) + 1


def _labelled_date(head: list[str]) -> date | None:
    best = None
    rank = {"成文日期": 0, "发文日期": 1, "印发日期": 2, "日期": 3, "发布日期": 4, "发布时间": 5, "发表时间": 5,
            "公开日期": 6, "时间": 7}
    for ln in head:
        m = _ISO_DATE_LINE.match(ln)
        if m and _mkdate(m) and (best is None or best[0] > 8):
            best = (8, _mkdate(m))
        for m in _DATE_LABEL.finditer(ln):
            d = _mkdate(m)
            if d is None:
                continue
            r = rank.get(m.group("label"), 9)
            if best is None or r < best[0]:
                best = (r, d)
    return best[1] if best else None


def _mkdate(m) -> date | None:
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _issuer_from(head: list[str], title: str | None) -> str | None:
    for ln in head:
        m = _ISSUER_LABEL.search(ln)
        if m:
            return m.group("who")
    for ln in head[:8]:
        m = re.search(r"(?:^|[，,])\s*(?P<who>[\u4e00-\u9fff]{2,12}?(?:部|委|局|厅|人民政府|政府))\s*(?:根据|按照|决定|研究)[^。]{0,80}(?:印发|制定|发布)", ln)
        if m:
            return m.group("who")
    for ln in head:
        m = re.match(r"^(?:【[^】]*】)?\s*(?:(?:信息)?(?:标题|名称|题目)\s*[:：]?\s*)?(?P<who>[\u4e00-\u9fff]{2,30}?)\s*关于", ln)
        if m and _ORG_LINE.search(m.group("who")) and not re.match(r"为|根据|按照|贯彻|落实|认真", m.group("who")):
            return m.group("who")
        m = re.match(r"^(?P<who>[\u4e00-\u9fff]{3,20}(?:厅|局|委员会|办公室|政府))\s*(?:时间|日期|发布)", ln)
        if m:
            return m.group("who")
    return None


# ------------------------------------------------------------------ kind and year

def _kind(title: str | None, text: str) -> str | None:
    r = _rules()["kind"]
    probe = title or ""
    for kind in ("progress-report", "task-breakdown", "annual-plan", "plan"):
        if re.search(r[kind]["title"], probe):
            if kind == "plan" and re.search(r[kind]["annual_title"], probe):
                return "annual-plan"
            return kind
    body = text[:6000]
    for kind in ("progress-report", "task-breakdown", "annual-plan"):
        if re.search(r[kind]["body"], body):
            return kind
    if _AGENCY_HEADER.search(body) or _TIME_TASK_HEADER.search(body):
        return "task-breakdown"  # a table whose columns name who leads and takes part, or tasks and their times
    if title is None and _one_year(text) is not None:
        return "annual-plan"  # an untitled text that speaks of one year throughout (2018年全区…)
    if re.search(r["plan"]["body"], body):
        return "plan"
    return "plan" if re.search(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]）|\([一二三四五六七八九十]\)|^\d{1,2}[.、]",
                               text, re.M) else None


# a table header row naming a lead or responsible column (序号 | 任务 | 牵头单位 | 配合单位)
# a table header row with a time column and a task column (时限 | 类别 | 工作任务 | 目标及质量要求)
_TIME_TASK_HEADER = re.compile(r"(?m)^(?=[^\n]*(?:时限|完成时间|时间节点|完成期限|时间安排))(?=[^\n]*(?:任务|事项|项目|工作内容))[^\n]*(?:\|[^\n]*){2,}$")
_AGENCY_HEADER = re.compile(r"(?m)^[^\n]{0,60}(?:\||\t)\s*(?:牵头单位|责任单位|牵头部门|责任部门|主责单位|配合单位)\s*(?:\||\t|$)")
_YEAR = re.compile(r"(?<![\d〔\[])((?:19|20)\d{2})\s*年(?!\s*[-—至到]\s*\d)(?!度?[)）〕])")


def only_year(text: str) -> int | None:
    """The one year a text names, if it names one and no other (the year relative phrases such as
    第一季度 or 6月底前 fall in when no plan year or date says)."""
    years = set(_YEAR.findall(text[:20000]))
    return int(years.pop()) if len(years) == 1 else None


def _one_year(text: str) -> int | None:
    """The year a text speaks of throughout: at least three mentions, four in five of them."""
    years = Counter(int(y) for y in _YEAR.findall(text[:20000]))
    if not years:
        return None
    year, count = years.most_common(1)[0]
    return year if count >= 3 and count >= 0.8 * sum(years.values()) else None


def _plan_year(title: str | None, text: str, kind: str | None, signed: date | None) -> int | None:
    if kind not in ("annual-plan", "progress-report", "task-breakdown"):
        return None
    if title:
        m = re.search(r"((?:19|20)\d{2})\s*年(?!\s*[-—至到]\s*\d)", title)
        if m:
            return int(m.group(1))
        if kind == "task-breakdown":
            return None
    elif kind == "task-breakdown":
        # an untitled breakdown table: the year only if one year rules the text
        pass
    years = Counter(int(y) for y in re.findall(r"(?<![\d〔\[])((?:19|20)\d{2})\s*年(?!\s*[-—至到]\s*\d)(?!度?[)）〕])",
                                                    text[:20000]))
    if not years:
        return signed.year if signed and kind in ("annual-plan", "progress-report") else None
    year, count = years.most_common(1)[0]
    if kind == "task-breakdown" and count < 2:
        return None
    return year


# ------------------------------------------------------------------ place and level

def _jurisdiction(text: str, head: list[str], title: str | None, issuer: str | None):
    """The place a document is of: names weighted by where they stand and how they are used."""
    g = gazetteer()
    scores: Counter = Counter()
    places: dict[str, list[Place]] = {}
    body = text[:30000]
    chunks = [((title or ""), 6.0), ((issuer or ""), 6.0), ("\n".join(head[:12]), 2.0), (body, 1.0)]
    for chunk, w in chunks:
        cited = [m.span() for m in re.finditer(r"《[^《》]{0,80}》", chunk)]
        # full names anywhere; short names (资源, 新建, 和平 are ordinary words too) only where a
        # place is meant: 美丽西平, 幸福钟楼, 西平实际, 平湖经济开发区
        full_found = g.find(chunk)
        for s, e, name in full_found + g.find_short(chunk, _SHORT_BEFORE, _SHORT_AFTER):
            cands = g.lookup(name)
            if not cands:
                continue
            # a cited plan's place is the parent's, not this document's
            w_here = 0.2 if any(a <= s < b for a, b in cited) else w
            full = any(c.name == name for c in cands)
            weight = w_here * (1.0 if full else 0.6)
            self_named = bool(_SELF_SLOGAN.search(chunk[max(0, s - 2):s]) or _PLACE_AFTER.match(chunk[e:e + 4]))
            if self_named:
                weight += 1.5  # the place speaks of itself
            key = cands[0].code if len(cands) == 1 else name
            places.setdefault(key, cands)
            scores[key] += weight
        # 无锡市滨湖生态环境局: a city's name, then the short name of one of its districts
        for s, e, name in full_found:
            for city in g.lookup(name):
                if city.rank != "city":
                    continue
                for child in g.children(city):
                    if chunk.startswith(child.short, e) and len(child.short) >= 2:
                        places.setdefault(child.code, [child])
                        scores[child.code] += w
    self_ref = {k: len(p.findall(body)) for k, p in _SELF.items()}
    national_hits = len(_NATIONAL.findall(text[:5000])) + (
        5 if issuer and re.match(r"国务院|国家|中共中央|[\u4e00-\u9fff]{1,8}部(?:办公厅)?$", issuer) else 0)
    ranked: list[tuple[float, Place]] = []
    for key, score in scores.items():
        place = _disambiguate(places[key], scores, places)
        if place is None:
            continue
        bonus = 0.0
        if place.rank == "county" and (self_ref["区"] + self_ref["县"]) > 0:
            bonus += 1.0 + 0.3 * min(5, self_ref.get(place.name[-1], 0))
        if place.rank == "city" and self_ref["市"] > 0:
            bonus += 0.5
        if place.rank == "province" and self_ref["省"] > 0:
            bonus += 0.5
        ranked.append((score + bonus, place))
    ranked.sort(key=lambda t: (-t[0], t[1].code))
    best = ranked[0][1] if ranked else None
    best_score = ranked[0][0] if ranked else 0.0
    if best is not None and len(ranked) > 1:
        second_score, second = ranked[1]
        siblings = second.rank == best.rank and g.parent(second) == g.parent(best)
        if siblings and best_score < 1.5 * second_score and not (_in(best, title) or _in(best, issuer)):
            best, best_score = None, 0.0  # 南昌市、九江市、上饶市…: places acted on, not the author's
    if best is not None and best.rank == "city":
        # a district or county of this city named in the title or issuer, or speaking of itself, is more specific
        for score, p in ranked:
            if p.rank == "county" and p.within(best) and (
                    self_ref["区"] + self_ref["县"] > self_ref["市"] or _in(p, title) or _in(p, issuer)):
                best = p
                break
    if best is None or best_score < 2.0:
        if national_hits >= 2 and (best is None or best_score < 3) and self_ref["省"] < 3:
            return "全国", None, "national"
        return None, None, _level_from_text(text)
    if national_hits >= 6 and best.rank != "county" and best_score < 8 and not _in(best, title):
        return "全国", None, "national"
    # 北京市, 上海市 …: cities of province rank, a province-level document whatever they call themselves
    return best.name, best, best.rank


_TOWN = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道))(?:人民政府|办事处|党委|党工委|公共服务办公室|[\u4e00-\u9fff]{0,6}办公室|20\d\d年|$)")
_TOWN_SELF = re.compile(r"我镇|全镇|本镇|我乡|全乡|本乡|我街道|全街道|本街道|(?<!各)镇政府|(?<!各)乡政府")
_ZONE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,10}?(?:示范区|经济开发区|经济技术开发区|高新技术产业开发区|高新区|开发区))(?=[\u4e00-\u9fff]{0,8}(?:局|委|办|管委会|党工委|\d{4}年|：|:|$))")


def _township_or_zone(text: str, head: list[str], title: str | None, issuer: str | None) -> tuple[str, str | None] | None:
    """A street, town or township whose own document this is (徐庄镇2017年度…计划, 我镇), or a
    development zone that writes its own (杨凌示范区水务局…, 常州经济开发区): places the gazetteer
    does not hold. A zone's level stays unknown unless the text says it."""
    first = "\n".join([title or "", issuer or ""] + [ln for ln in head[:8] if ln])
    m = _TOWN.search(re.sub(r"^\s*(?:19|20)\d{2}\s*年度?[，,]?", "", text.lstrip()[:60]))
    if m and not re.match(r"^(?:各|全|本|我|乡镇|街道)", m.group("name")):
        return m.group("name"), "township"  # 2024年，东晓街道公共服务办公室始终坚持…: the town speaks
    if _TOWN_SELF.search(text[:20000]):
        for chunk in (title or "", issuer or "", first, text[:3000]):
            m = _TOWN.search(chunk)
            if m and not re.match(r"^(?:各|全|本|我|乡镇|街道)", m.group("name")):
                return m.group("name"), "township"
    for chunk in (title or "", issuer or ""):
        chunk = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}(?:省|自治区)?)(?=[\u4e00-\u9fff]{2,6}(?:示范区|开发区|高新区))", "", chunk) \
            if re.match(r"^(?:江苏|浙江|广东|山东|河南|河北|湖北|湖南|安徽|福建|江西|四川|陕西|山西|辽宁|吉林|黑龙江|云南|贵州|甘肃|青海|海南)", chunk) else chunk
        m = _ZONE.match(chunk)  # the zone is who writes: the title or the issuer opens with it
        if m:
            return m.group("name"), None
    return None


def _with_city(place: Place, text: str) -> str:
    """A district is named with its city where the text names the city (杭州市拱墅区); a county or a
    county-level city keeps its own name (大竹县, 昆山市)."""
    city = gazetteer().parent(place)
    if place.name.endswith("区") and city is not None and city.rank == "city" and (
            city.name in text or city.short in text):
        return city.name + place.name
    return place.name


def _under_a_city(text: str) -> bool:
    """A document speaking of itself as 市 whose basis is another city's plan (根据《金华市…计划》)."""
    body = text[:6000]
    if not _SELF["市"].search(body):
        return False
    g = gazetteer()
    for m in re.finditer(r"(?:根据|依据|按照|贯彻落实|落实)\s*《(?P<t>[^《》]{2,40})》", body):
        for s, e, name in g.find(m.group("t")[:8]):
            if s == 0 and any(p.rank == "city" and p.name == name for p in g.lookup(name)):
                return True
    return False


def _in(place: Place, s: str | None) -> bool:
    return bool(s) and (place.name in s or place.short in s)


def _disambiguate(cands: list[Place], scores: Counter, places: dict) -> Place | None:
    if len(cands) == 1:
        return cands[0]
    # a name shared by places: the one whose province or city is also named
    named = set()
    for key in scores:
        for p in places[key]:
            named.add(p.code)
    for c in cands:
        if c.province_code in named or (c.city_code and c.city_code in named and c.city_code != c.code):
            return c
    return None


def _level_from_text(text: str) -> str | None:
    sample = text[:20000]
    counts = {
        "province": len(re.findall(r"(?<![\u4e00-\u9fff])省[\u4e00-\u9fff]{2,8}(?:厅|局|委)|全省|我省", sample)),
        "city": len(re.findall(r"(?<![\u4e00-\u9fff城])市[\u4e00-\u9fff]{2,8}(?:局|委|办)|全市|我市", sample)),
        "county": len(re.findall(r"(?<![\u4e00-\u9fff])[县区][\u4e00-\u9fff]{2,8}(?:局|委|办)|全县|我县|全区|我区", sample)),
        "national": len(re.findall(r"[\u4e00-\u9fff]{2,6}部(?:牵头|参与|、)|国家[\u4e00-\u9fff]{2,6}(?:委|局)|国务院", sample)),
    }
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])
    (level, n), (_, n2) = ordered[0], ordered[1]
    return level if n >= 1 and n > n2 else None


def _default_prefix(text: str, place: Place | None, level: str | None) -> str | None:
    if level == "national":
        return None
    counts = {k: len(p.findall(text[:30000])) for k, p in _SELF.items()}
    if place is not None:
        ch = place.name[-1]
        if ch in "市区县省" and counts.get(ch, 0) > 0:
            return ch
    best = max(counts.items(), key=lambda kv: kv[1])
    if best[1] > 0:
        return best[0]
    if place is not None and place.name[-1] in "市区县省":
        return place.name[-1]
    return {"province": "省", "city": "市", "county": "县"}.get(level or "")


# ------------------------------------------------------------------ owner

def _owner(text: str, issuer: str | None, title: str | None, kind: str | None, place: Place | None,
           prefix: str | None, registry: Registry) -> str | None:
    """The one body that owns every measure naming no agency of its own: a department's own work plan or
    report (平昌县农业农村局2020年工作计划; 2023年浙江省卫生健康工作要点 issued by the 卫生健康委). A
    government or its general office issues plans for others and owns none of them; a department's
    table of what others did (各县区进展情况表) is not its own work either."""
    if kind not in ("annual-plan", "progress-report", "plan"):
        return None
    if len(re.findall(r"牵头|按职责分工|责任单位|配合|参与|负责落实", text)) >= 3:
        return None  # the document names its agencies item by item
    if title and _OTHERS_WORK.search(title):
        return None
    for s in (issuer, title):
        body = _bureau_in(s, registry) if s else None
        if body:
            if s is issuer and title and not _OWN_WORK.search(title) and not _names_field_of(title, body):
                continue  # a department issuing a plan that is not its own work
            return _owner_name(body, place, prefix if _speaks_as(text) else None)
    if issuer and re.fullmatch(r"[\u4e00-\u9fff]{1,6}部", issuer):
        return issuer
    if kind in ("annual-plan", "progress-report"):
        # 2025年是…之年，生态环境局将…; 2024年，东晓街道公共服务办公室始终坚持…: the body that speaks
        m = _SPEAKER.search(text.lstrip()[:300])
        if m and (registry.function_at_end(m.group("who")) or re.search(r"办公室$", m.group("who"))) \
                and not _GOVERNMENT.search(m.group("who")):
            return _owner_name(m.group("who"), place, prefix if _speaks_as(text) else None)
    if title and kind == "annual-plan":
        # 2025年全市生态环境工作要点: the city's bureau of that field
        m = re.search(r"全(?P<lvl>[市区县省])(?P<field>[\u4e00-\u9fff]{2,6}?)工作", title)
        if m and registry.function_at_end(m.group("field") + "局"):
            return m.group("lvl") + m.group("field") + ("厅" if m.group("lvl") == "省" else "局")
    return None


# the title of a body's own work: its work points, plan, ideas, summary, report, responsibility book
_OWN_WORK = re.compile(r"工作要点|工作计划|工作思路|工作总结|工作安排|重点工作|工作报告|专题报告|目标责任书|年度计划|半年|总结|"
                       r"月报|季报|周报|进展|完成情况|落实情况")
# a title about what others do or did (各县区进展情况表)
_OTHERS_WORK = re.compile(r"各(?:县|区|市|地|部门|单位|乡镇|街道)")
# a government or its general office: issues plans for others, owns none
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公厅|办公室)?$|政府办$|管委会(?:办公室)?$")


# the body an opening sentence makes its subject (…之年，生态环境局将…)
_SPEAKER = re.compile(r"^(?:[^。\n]{0,80}?[，,])?\s*(?P<who>[\u4e00-\u9fff]{2,20}?(?:局|委员会|委|办公室|中心|厅))"
                      r"(?:将|要|始终|坚持|紧紧|全面|深入|认真|以习近平)")


def _speaks_as(text: str) -> bool:
    """The text speaks of its own place as 市/区/县 (全市, 我市 …)."""
    return any(p.search(text[:30000]) for p in _SELF.values())


def _names_field_of(title: str, body: str) -> bool:
    """The title names the body's own field (卫生健康工作要点 of the 卫生健康委)."""
    field = re.sub(r"^[\u4e00-\u9fff]*?[省市县区]", "", body)
    field = re.sub(r"(?:委员会|局|厅|委|办公室|中心)$", "", field)
    return len(field) >= 2 and field in title


def _bureau_in(s: str, registry: Registry) -> str | None:
    """A bureau named in a line: place, function, branch (长沙市 生态环境局 雨花分局)."""
    s = re.sub(r"\s+", "", s)
    for m in registry.function_pattern.finditer(s):
        fn = m.group(0)
        if not re.search(r"(?:局|厅|委|委员会|中心|办公室|分局)$", fn):
            continue
        start = m.start()
        before = re.sub(r"^.*?(?:(?:19|20)\d{2}年度?|关于|[《“”》])", "", s[:start])  # 2025年天心区民政局: not 年天心区
        pm = re.search(r"(?:[\u4e00-\u9fff]{2,8}?[省市县区]|[省市县区])$", before)
        head = pm.group(0) if pm else ""
        for city_start in range(max(0, len(before) - 10), len(before)):
            # 无锡市滨湖生态环境局: a city's name and one of its districts' short names
            found = [x for x in gazetteer().find(before[city_start:]) if x[0] == 0]
            if found and before[city_start + found[0][1]:] and any(
                    c.short == before[city_start + found[0][1]:] for p in gazetteer().lookup(found[0][2])
                    for c in gazetteer().children(p)):
                head = before[city_start:]
                break
        tail = re.match(r"[\u4e00-\u9fff]{1,6}?分局", s[m.end():])
        body = head + fn + (tail.group(0) if tail else "")
        if _GOVERNMENT.search(body) or re.search(r"(?:人民政府|政府)$", head):
            return None  # a government's general office
        return body
    return None


def _owner_name(body: str, place: Place | None, prefix: str | None = None) -> str:
    if place is None:
        # 生态环境局 in a text that speaks of 全市: the city's bureau
        if prefix and body[0] not in "省市县区州" and not gazetteer().starts_with_place(body):
            return prefix + body
        return body
    if "分局" in body and place.rank == "county" and body[:1] in "市区县" :
        return _branch_name(body, place) or body
    if place.rank == "province":
        return body  # 湖南省生态环境厅: a province's department keeps its name
    return _strip_own_place(body, place)


def _branch_name(body: str, place: Place) -> str | None:
    """市生态环境分局 in a county document: the city bureau's branch for this county
    (嘉兴市生态环境局平湖分局), the naming the 2019 vertical reform gave these offices."""
    parent = gazetteer().parent(place)
    if parent is None or place.rank != "county" or parent.rank != "city":
        return None
    m = re.fullmatch(r"[市区县](?P<field>[\u4e00-\u9fff]+?)局(?P<br>[\u4e00-\u9fff]{2,6})分局", body)
    if m:
        return f"{parent.name}{m.group('field')}局{m.group('br')}分局"
    m = re.fullmatch(r"[市区县](?P<field>[\u4e00-\u9fff]+?)分局", body)
    if m:
        return f"{parent.name}{m.group('field')}局{place.short}分局"
    return None


def _strip_own_place(body: str, place: Place | None) -> str:
    if place is None:
        return body
    for p in (place.name, place.short):
        if body.startswith(p) and len(body) > len(p) + 2:
            rest = body[len(p):]
            return rest if rest[0] in "市区县省" else place.name[-1] + rest
    return body
