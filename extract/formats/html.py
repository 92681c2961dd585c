"""Web pages to text: the declared charset, the content kept, site furniture dropped.

- the charset: a byte-order mark, else the ``<meta>`` declaration (gb2312 and
  gbk read as GB18030, as browsers do), else detection;
- furniture: scripts, styles, hidden elements, navigation, breadcrumbs, share
  and print bars, footers (by tag, by class/id: ``rules/html.toml``), then
  whole lines such as ``打印本页 关闭窗口``, 网站标识码, 备案号;
- the content: the element a government site puts the text in (a known class),
  else the smallest element that holds nearly all of the page's prose;
- text as a browser lays it out: inline markup (Word's ``<span>`` around digits)
  joins without a break, a line break in the source is a space (none between
  two Chinese characters), block elements and ``<br>`` end a line;
- data tables in the shape of ``table.py`` with merged cells placed on their
  grid; tables used for page layout read as blocks.
"""
from __future__ import annotations

import codecs
import re

from ..encoding import decode_text
from ..errors import UnreadableDocument
from ..rules import load_rules
from .table import table_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "main",
          "ul", "ol", "dd", "dt", "dl", "blockquote", "pre", "hr", "header", "footer", "center", "form", "tbody",
          "thead", "tfoot", "td", "th", "caption", "figure", "figcaption", "address", "body", "html"}
# (not <form>: ASP.NET sites wrap the whole page in one)
_DROP = {"script", "style", "noscript", "iframe", "nav", "button", "select", "input", "textarea",
         "svg", "canvas", "object", "embed", "head", "template", "aside", "footer", "map", "audio", "video",
         "xml", "title", "meta", "link"}
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
            "euc-cn": "gb18030", "cp936": "gb18030", "csgb2312": "gb18030", "iso-ir-58": "gb18030",
            "chinese": "gb18030", "big5": "big5hkscs", "x-x-big5": "big5hkscs", "unicode": "utf-16",
            "utf8": "utf-8", "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_WS_NEWLINE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")
_WS = re.compile(r"\s+")


def _declared(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    enc = m.group(1).decode("ascii", "ignore").lower()
    enc = _ALIASES.get(enc, enc)
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """The page's text and the encoding it was read with."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    enc = _declared(data)

    if enc:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
        # the declaration is wrong: pages declare gb2312 and are saved as UTF-8, or declare utf-8 and are
        # GBK (an editor's template copied onto old text); the bytes decide, as a browser's detector would
        try:
            return decode_text(data, name)
        except UnreadableDocument:
            return data.decode(enc, errors="replace"), enc
    return decode_text(data, name)


def read_html(data: bytes, name: str) -> tuple[str, str]:
    import lxml.etree
    import lxml.html

    text, enc = decode_html(data, name)
    text = text.replace("\x00", "")
    if not text.strip():
        return "", enc
    def parse():
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        try:
            root = lxml.html.document_fromstring(text, parser=parser)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise UnreadableDocument(name, f"damaged web page ({type(exc).__name__})") from None
        if any("Excessive depth" in e.message for e in parser.error_log):
            # libxml2 stops at 256 levels and silently drops what lies deeper: say so, not "no text"
            raise UnreadableDocument(name, "the web page is nested too deeply (over 256 levels) to read")
        return root

    rules = load_rules("html")
    root = parse()
    before = len(_CJK_CHAR.findall(root.text_content()))
    _drop_furniture(root, re.compile(rules["furniture_attr"], re.I))
    if before >= 200 and len(_CJK_CHAR.findall(root.text_content())) < 0.3 * before:
        # a wrapper named like furniture (class="page header-fixed") took the page with it
        root = parse()
        _drop_furniture(root, None)
    body = root.find("body")
    container, named = _content_container(body if body is not None else root, rules)
    lines = _lines(container, drop_menus=not named)
    drop = [re.compile(p) for p in rules["furniture_lines"]]
    kept = [ln for ln in lines if ln.startswith("\t") or not ln or not any(p.search(ln) for p in drop)]
    return "\n".join(kept).strip("\n"), enc


def _attrs(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"))))


def _drop_furniture(root, furniture: re.Pattern | None) -> None:
    """Drop comments, scripts and the like, hidden elements, and (``furniture``) elements whose
    class or id names site furniture."""
    for el in list(root.iter()):
        if el.getparent() is None:
            continue
        if not isinstance(el.tag, str):  # comments, processing instructions
            el.drop_tree()
            continue
        tag = el.tag.lower()
        if tag in ("body", "html"):
            continue
        attrs = _attrs(el)
        if (tag in _DROP or el.get("hidden") is not None or _HIDDEN.search(el.get("style") or "")
                or (furniture is not None and attrs and furniture.search(attrs))):
            el.drop_tree()


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


class _Scores:
    """Chinese characters an element holds, less twice those inside its links (cached)."""

    def __init__(self):
        self._cache: dict = {}

    def __call__(self, el) -> int:
        score = self._cache.get(el)
        if score is None:
            links = sum(len(_CJK_CHAR.findall(a.text_content())) for a in el.iter("a"))
            score = len(_CJK_CHAR.findall(el.text_content())) - 2 * links
            self._cache[el] = score
        return score


_CANDIDATES = ("div", "td", "article", "section", "main", "table", "tbody", "tr")


def _content_container(root, rules):
    """The element holding the document: one a content-management system names so
    (the richest, innermost of them), else one with a generic content name holding
    some prose, else the smallest element that holds nearly all of the page's prose.
    Returns it and whether it was named."""
    score = _Scores()
    for key, least in (("content_attr", 1), ("content_attr_weak", 50)):
        wanted = re.compile(rules[key], re.I)
        marked = [el for el in root.iter(*_CANDIDATES) if wanted.search(_attrs(el) or "\x00") and score(el) >= least]
        if marked:
            top = max(score(el) for el in marked)
            near = [el for el in marked if score(el) >= 0.9 * top]
            return max(near, key=lambda el: sum(1 for _ in el.iterancestors())), True
    best = root
    while True:
        child = max(best.iterdescendants(*_CANDIDATES), key=score, default=None)
        if child is None or score(child) < 0.9 * score(best):
            return best, False
        best = child


# ------------------------------------------------------------------ text

def _is_layout_table(table) -> bool:
    """A table used to lay out the page, not to hold data: nested tables, or one column."""
    if table.get("role") == "presentation":
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return True
    widest = max((sum(1 for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th"))
                  for tr in _rows(table)), default=0)
    return widest < 2


def _rows(table):
    """The table's own rows (not those of tables nested in it)."""
    for el in table.iterdescendants("tr"):
        owner = next((a for a in el.iterancestors("table")), None)
        if owner is table:
            yield el


def _table_rows(table) -> list[list[str]]:
    """The cells of each row on the table's grid: a cell spanning rows leaves an
    empty cell below it, a cell spanning columns is one cell."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for tr in _rows(table):
        row: list[str] = []
        col = 0
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        for cell in cells:
            while pending.get(col, 0) > 0:
                row.append("")
                pending[col] -= 1
                col += 1
            text = "\n".join(_lines(cell))
            span_c = _int(cell.get("colspan"))
            span_r = _int(cell.get("rowspan"))
            row.append(text)
            for k in range(span_c):
                if span_r > 1:
                    pending[col + k] = span_r - 1
            col += span_c
        while any(v > 0 for c, v in pending.items() if c >= col):
            if pending.get(col, 0) > 0:
                row.append("")
                pending[col] -= 1
            col += 1
        rows.append(row)
    return rows


def _int(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def _inline(text: str) -> str:
    """Source whitespace as a browser shows it: none at a line break between Chinese characters."""
    return _WS.sub(" ", _WS_NEWLINE_CJK.sub("", text))


def _lines(el, drop_menus: bool = False) -> list[str]:
    """The element's text a line a block. ``drop_menus``: lines made only of a short link
    (a menu's items) go too, for a page whose content element had to be guessed."""
    out: list[str] = []
    buf: list[str] = []
    linked = [0]  # characters of the line being built that stand inside a link

    def flush():
        line = _inline("".join(buf)).strip()
        menu = drop_menus and linked[0] >= len(line.replace(" ", "")) and len(line) <= 16
        if line and not menu:
            out.append(line)
        buf.clear()
        linked[0] = 0

    def walk(node):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag == "table" and not _is_layout_table(node):
            flush()
            text = table_text(_table_rows(node))
            if text:
                out.extend(text.split("\n"))
            if node.tail:
                buf.append(node.tail)
            return
        if tag == "pre":
            flush()
            # a tab alone on a line is an empty table cell: keep it
            out.extend(ln.rstrip(" \r\u00a0") for ln in node.text_content().strip("\n").split("\n"))
            if node.tail:
                buf.append(node.tail)
            return
        block = tag in _BLOCK
        if block:
            flush()
        if tag == "br":
            flush()
        if node.text:
            buf.append(node.text)
        if tag == "a":
            linked[0] += len("".join(node.text_content().split()))
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            buf.append(node.tail)

    walk(el)
    flush()
    return out
