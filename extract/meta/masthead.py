"""What stands at a document's front: its title, number, issuer and date.

Read from the head (the lines before the body's first numbered section) and the signature (an
organisation line above a date line); a page's metadata table and labels (名称：, 发布日期 | …) count,
its navigation and a notice's wrapper do not.
"""
from __future__ import annotations

import re
from datetime import date

from ..rules import load_rules, pattern


_DOC_NO = pattern("meta", "meta.masthead.doc_no")
_DOC_NO_HEAD = pattern("meta", "meta.masthead.doc_no_head")
_DATE_LINE = pattern("meta", "meta.masthead.date_line")
_DATE_LABEL = pattern("meta", "meta.masthead.date_label")
_CN_DATE_LINE = pattern("meta", "meta.masthead.cn_date_line")
_ISO_DATE_LINE = pattern("meta", "meta.masthead.iso_date_line")
_ORG_LINE = pattern("meta", "meta.masthead.org_line")
_ISSUER_LABEL = pattern("meta", "meta.masthead.issuer_label")


CITES = pattern("meta", "meta.masthead.cites")


def head(lines: list[str]) -> list[str]:
    """The lines before the body: up to the first numbered section, at most 40 lines."""
    out = []
    for ln in lines:
        if re.match(r"^(?:一|1)[、.．]|^[(（]一[)）]", ln) and out:
            break
        out.append(ln)
        if len(out) >= 40:
            break
    return out


_NOTICE = pattern("meta", "meta.masthead.notice")
_TITLE_CLEAN = pattern("meta", "meta.masthead.title_clean")
_GLUED_TITLE = pattern("meta", "meta.masthead.glued_title")


def _title_words() -> re.Pattern:
    return re.compile(load_rules("meta")["title"]["words"])


def title(head: list[str]) -> str | None:
    """The document's title: a labelled one (名称：…) first, else the first line of the head that reads
    as a title (a document word, no sentence, no metadata), a notice's inner title where it has one."""
    rules = load_rules("meta")["title"]
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
        if metadata.search(ln) or sum(1 for c in ln.split("|") if c.strip()) >= 3:
            continue  # a page's metadata, a table's header row
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


def repost(head: list[str]) -> tuple[str, str] | None:
    """(issuer, title) of a news item that opens by reporting a document (近日，德州市残联印发2023年工作要点，
    对全年工作进行部署): the page holds the document's content with no title line of its own."""
    for ln in [ln for ln in head if ln][:2]:
        m = pattern("meta", "meta.repost").match(ln)
        if m:
            return m.group("issuer"), m.group("t")
    return None


def doc_number(head: list[str]) -> str | None:
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


def signature(lines: list[str]) -> tuple[str | None, date | None]:
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


# the labels of the date a document was written under, best first; below them the dates a web page was
# put up under, which may be years later (a repost, a site moved) and so date the page, not the text
_WRITTEN = {"成文日期": 0, "发文日期": 1, "印发日期": 2, "日期": 3}
_PUBLISHED = {"发布日期": 4, "发布时间": 5, "发表时间": 5, "公开日期": 6, "时间": 7}


def labelled_date(head: list[str], written_only: bool = False) -> date | None:
    """The date a label gives in the head: a writing date before a publication date; with
    ``written_only`` a writing date or nothing."""
    best = None
    rank = _WRITTEN if written_only else {**_WRITTEN, **_PUBLISHED}
    for ln in head:
        m = _ISO_DATE_LINE.match(ln)
        if m and _mkdate(m) and not written_only and (best is None or best[0] > 8):
            best = (8, _mkdate(m))
        for m in _DATE_LABEL.finditer(ln):
            d = _mkdate(m)
            if d is None:
                continue
            r = rank.get(m.group("label"))
            if r is not None and (best is None or r < best[0]):
                best = (r, d)
    return best[1] if best else None


def _mkdate(m) -> date | None:
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def issuer_from(head: list[str], title: str | None) -> str | None:
    for ln in head:
        m = _ISSUER_LABEL.search(ln)
        if m and ("来源" not in m.group("label") or _ORG_LINE.search(m.group("who"))):
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
