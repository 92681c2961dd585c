"""From loaded text to the normalised text every record points into.

Steps, in order (each keeps the offset map, see ``tracked.py``):

1. character forms: full-width ASCII to ASCII, ideographic and no-break spaces
   to spaces, Kangxi and simplified radicals (PDF font debris) to ideographs,
   zero-width and control characters dropped;
2. traditional to simplified script (OpenCC data) plus the variant characters
   that machine conversion leaves (``script.toml``);
3. pinyin debris after characters (``淘(tao)汰``) dropped;
4. page furniture (``— 10 —``, ``第 2 页 共 14 页``, browser print headers) dropped
   (``rules/page.toml``; the PDF reader drops more where it sees a page's edges);
5. line breaks that a page layout made joined back into their paragraph;
6. spaces inside Chinese text dropped (``2024 年`` → ``2024年``), except in lines
   that use spaces as table cell separators.
"""
from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from functools import lru_cache

from .rules import load_rules
from .tracked import TrackedText

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    table = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}  # Kangxi
    table.update({ord(src): dst for src, dst in load_rules("script")["radicals"].items()})
    return table


def radicals_to_ideographs(text: str) -> str:
    """The ideographs that PDF fonts' radical glyphs stand for (⼀ → 一, ⻅ → 见), one for one.

    The PDF reader applies it to the text it gives, so measure texts quote the
    document's characters; ``normalize`` applies it to every text."""
    return text.translate(_radical_table())


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str | None]:
    rules = load_rules("script")
    table: dict[int, str | None] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    table.update(_radical_table())
    for src, dst in rules["variants"].items():
        table[ord(src)] = dst
    for code in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x205F):
        table[code] = " "
    for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x202A,
                 0x202B, 0x202C, 0x202D, 0x202E):
        table[code] = None
    for code in list(range(0x00, 0x09)) + [0x0B] + list(range(0x0E, 0x20)) + [0x7F]:
        table[code] = None
    table[0x0C] = "\n"  # form feed: a page break
    table[0x2028] = "\n"
    table[0x2029] = "\n"
    return table


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(tt: TrackedText) -> TrackedText:
    text = tt.text
    converted = _opencc().convert(text)
    if converted == text:
        return tt
    if len(converted) == len(text):
        return tt.replace_same_length(converted)
    # a phrase conversion changed a length: convert line by line, char by char where needed
    cc = _opencc()
    out = []
    for line in text.split("\n"):
        c = cc.convert(line)
        if len(c) != len(line):
            c = "".join((cc.convert(ch)[:1] or ch) for ch in line)
        out.append(c)
    return tt.replace_same_length("\n".join(out))


_SYLLABLE = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,6}"
# a reading a site or a PDF put after a character (淘(tao)汰, 管委會(huì ), 專(zhu ān)), one or two pieces
# the blank after the debris goes with it only where one stood before it too (蓝 (lán) 天); alone it may
# separate a table's cells (序號(hào) 重點(diǎn)工作任務(wù) 牽頭責(zé)任單位)
_PINYIN = re.compile(
    rf"(?<=[{CJK}])(?:[ \t][(（][ \t]?(?:{_SYLLABLE}(?:[ \t]?{_SYLLABLE})?)[ \t]?[)）][ \t](?=[{CJK}])"
    rf"|[ \t]?[(（][ \t]?(?:{_SYLLABLE}(?:[ \t]?{_SYLLABLE})?)[ \t]?[)）])"
)

@lru_cache(maxsize=1)
def _page_line() -> re.Pattern:
    """A whole line of page furniture (``rules/page.toml``, the [[marker]] rules)."""
    patterns = "|".join(f"(?:{r['pattern']})" for r in load_rules("page")["marker"])
    return re.compile(rf"(?m)^[ \t]*(?:{patterns})[ \t]*$\n?")


_PAGE_INLINE = re.compile(r"(?<=\s)[-—–]\s?\d{1,3}\s?[-—–](?=\s)\s*")

_TERMINAL = set("。；;！!？?：:」』”）)】》")
_SOFT_END = set("，,、（(“‘《【-—")
_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十百\d]+[)）]|\d{1,3}(?:\.\d{1,3})*[.、．]"
    r"|\d{1,3}\s+\S+\s+\S+\s+\S|[①-⑳]|第[一二三四五六七八九十百\d]+[章节条部]|【|[#*]|附件|(?:牵头|责任|配合|参与|协办|主责)(?:单位|部门))"
)


_TITLE_END = re.compile(r"(?:方案|计划|要点|通知|意见|规划|办法|细则|清单|分解表|任务书|责任书|思路|总结|报告)》?$")
_BODY_START = re.compile(r"^(?:为|根据|按照|依据|经|现将|各|近日|日前|认真|请)")


def _width(line: str) -> float:
    """Visual width: a CJK character is one, an ASCII one half."""
    line = line.strip()
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def _reflow(tt: TrackedText) -> TrackedText:
    """Join the line breaks a page layout made, keep paragraph and item breaks."""
    text = tt.text
    lines = text.split("\n")
    widths = [_width(line) for line in lines]
    body = [w for w, line in zip(widths, lines) if w >= 8 and not line.startswith("\t")]
    wrapped = False
    full = 0.0
    if len(body) >= 6:
        full = statistics.quantiles(body, n=10)[7] if len(body) >= 10 else max(body)
        near_full = [w for w in body if abs(w - full) <= 2.5]
        # a page-laid-out text: many lines of nearly the same width
        wrapped = full >= 14 and len(near_full) >= max(4, 0.3 * len(body))

    joins: list[tuple[int, int]] = []  # (start, end) spans of text to delete
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    prev = None  # index of the previous non-blank line
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if prev is not None:
            a, b = lines[prev].rstrip(), line.lstrip()
            if _should_join(a, b, widths[prev], full, wrapped, blank_between=i - prev - 1):
                # delete from the end of the previous line's text to the start of this one's
                a_end = starts[prev] + len(lines[prev].rstrip())
                b_start = starts[i] + (len(line) - len(line.lstrip()))
                joins.append((a_end, b_start))
        prev = i
    return tt.delete_spans(joins)


def _should_join(a: str, b: str, width_a: float, full: float, wrapped: bool, blank_between: int) -> bool:
    if not a or not b or a.startswith("\t") or b.startswith("\t") or "|" in a[-2:] or b.startswith("|"):
        return False
    if _MARKER.match(b):
        return False
    if _TITLE_END.search(a) and _BODY_START.match(b):
        return False  # a title (…任务分解方案) and the text's first sentence (为贯彻落实…)
    last, first = a[-1], b[0]
    if not (first >= "\u2e80" or first.isalnum() or first in "“‘《(（"):
        return False
    if wrapped:
        if last in _SOFT_END:
            return True
        if width_a >= full - 3:  # a full line: the layout broke it
            return True
        if last not in _TERMINAL and width_a >= 0.88 * full:
            # a line stopped mid-sentence close to the margin: half-width digits and punctuation
            # (89.3%,) made it look shorter than it was laid out
            return True
        return False
    # running text: only an obviously unfinished line continues
    return last in "，,、" and blank_between == 0


_SPACE_IN_CJK = re.compile(
    rf"(?<=[{CJK}\d%。，,、；;：:）)”〕》A-Za-z])[ \t]+(?=[{CJK}（(“〔《])|(?<=[{CJK}（(“〔《])[ \t]+(?=[{CJK}\dA-Za-z])"
)
_TABLE_SPACES = re.compile(r"^\s*\d{1,3}[ \t]+\S+(?:[ \t]+\S+){1,}")


_ORGAN_END = frozenset(load_rules("bodies")["organ_last_characters"])


def _keep_between_bodies(m: re.Match) -> str:
    """安监站 安监所 in a table cell: a blank after an organ's name, before another name, on a pipe
    table's line separates two agencies; elsewhere a blank inside Chinese text is debris."""
    text, pos = m.string, m.start()
    if pos > 0 and text[pos - 1] in _ORGAN_END:
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        if text.count("|", ls, le if le >= 0 else len(text)) >= 2:
            return m.group(0)
    return ""


def _squeeze_spaces(tt: TrackedText) -> TrackedText:
    """Drop spaces inside Chinese text, except on lines that use them as cell separators."""
    text = tt.text
    table_lines: set[int] = set()
    pos = 0
    header = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("序号") and len(stripped.split()) >= 3:
            header = True
            table_lines.add(pos)
        if header and _TABLE_SPACES.match(line):
            table_lines.add(pos)
        pos += len(line) + 1
    if not table_lines:
        return tt.sub(_SPACE_IN_CJK, _keep_between_bodies if "|" in text else "")

    line_starts = sorted(table_lines)

    def repl(m: re.Match) -> str:
        # keep spaces on table lines
        i = bisect.bisect_right(line_starts, m.start()) - 1
        if i >= 0:
            ls = line_starts[i]
            nl = text.find("\n", ls)
            if nl == -1 or m.start() < nl:
                return m.group(0)
        return _keep_between_bodies(m)

    return tt.sub(_SPACE_IN_CJK, repl)


# ??????? 泰州市人民政府: blanks (no-break or full-width spaces) a bad encoding turned into question
# marks, at a line's start or as a line of their own
_QUESTION_BLANKS = re.compile(r"(?m)^[ \t]*[?？](?:[?？ \t]*[?？])?[ \t]*(?=[^\n?？]|$)")
# 达到9 4%, 400 0亩: a number a PDF's kerning cut with a blank (after a word, before its unit)
_SPLIT_NUMBER = re.compile(rf"(?<=[{CJK}，,：:（(])(\d{{1,3}})[ ](?=\d{{1,4}}(?:\.\d+)?\s*[%‰{CJK}])")
_DIGIT_BLANK = re.compile(r"\d \d")
# 微克 / 立方米, 40 微克 /m3: a unit's slash with the blanks a browser's print put around it
_SPACED_SLASH = re.compile(rf"(?<=[{CJK}])[ \t]*/[ \t]*(?=[{CJK}A-Za-z])|(?<=[{CJK}])[ \t]+/(?=[{CJK}A-Za-z])")
_EDGE_SPACES = re.compile(r"(?m)[ ]+$|^[ ]+")
_CRLF = re.compile(r"\r\n?")
_MANY_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@lru_cache(maxsize=1)
def _site_furniture() -> tuple[re.Pattern, re.Pattern]:
    """The furniture patterns that hold at a line's start (tried there only) and those found anywhere in it."""
    rules = load_rules("html")["furniture_lines"]
    at_start = [p[1:] for p in rules if p.startswith("^")]
    anywhere = [p for p in rules if not p.startswith("^")]
    return (re.compile("|".join(f"(?:{p})" for p in at_start)), re.compile("|".join(f"(?:{p})" for p in anywhere)))


def _drop_site_furniture(tt: TrackedText) -> TrackedText:
    """Lines a web page's frame leaves in any copy of it (打印本页 关闭窗口, 网站标识码, 备案号)."""
    at_start, anywhere = _site_furniture()
    spans, pos = [], 0
    for line in tt.text.split("\n"):
        if 0 < len(line) <= 80 and (at_start.match(line) or anywhere.search(line)):
            spans.append((pos, pos + len(line) + 1))
        pos += len(line) + 1
    return tt.delete_spans([(a, min(b, len(tt.text))) for a, b in spans])


def normalize(raw: str) -> TrackedText:
    tt = TrackedText(raw)
    if "\r" in raw:
        tt = tt.sub(_CRLF, "\n")
    tt = tt.translate(_char_table())
    tt = to_simplified(tt)
    if "(" in tt.text:
        tt = tt.sub(_PINYIN, "")
    tt = tt.sub(_page_line(), "")
    tt = tt.sub(_PAGE_INLINE, "")
    if "?" in tt.text or "？" in tt.text:
        tt = tt.sub(_QUESTION_BLANKS, "")
    tt = tt.sub(_EDGE_SPACES, "")
    tt = _drop_site_furniture(tt)
    tt = _reflow(tt)
    tt = _squeeze_spaces(tt)
    if _DIGIT_BLANK.search(tt.text):
        tt = tt.sub(_SPLIT_NUMBER, lambda m: m.group(1))
    if "/" in tt.text:
        tt = tt.sub(_SPACED_SLASH, "/")
    tt = tt.sub(_MANY_BLANKS, "\n\n")
    return tt
