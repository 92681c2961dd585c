"""Web pages to text: the declared charset, the content kept, site furniture dropped."""
from __future__ import annotations

import re

from ..errors import UnreadableDocument
from ..rules import load_rules

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "ul", "ol", "dd", "dt", "dl", "blockquote", "pre", "hr", "header", "footer",
          "center", "form", "tbody", "thead"}
_DROP = {"script", "style", "noscript", "iframe", "nav", "form", "button", "select", "input",
         "textarea", "svg", "canvas", "object", "embed", "head", "template"}


def _charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    enc = m.group(1).decode("ascii", "ignore").lower()
    if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "euc-cn", "cp936"):
        return "gb18030"  # as browsers do
    return enc


def read_html(data: bytes, name: str) -> tuple[str, str]:
    import lxml.html

    from ..load import decode_text

    enc = _charset(data)
    text = None
    if enc:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        text, enc = decode_text(data, name)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:
        raise UnreadableDocument(name, f"damaged web page ({type(exc).__name__})") from None
    rules = load_rules("html")
    furniture = re.compile(rules["furniture_attr"], re.I)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            el.drop_tree() if el.getparent() is not None else None
            continue
        tag = el.tag.lower()
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if tag in _DROP or (attrs and furniture.search(attrs) and tag not in ("body", "html")):
            if el.getparent() is not None:
                el.drop_tree()
    body = root.find("body")
    container = _content_container(body if body is not None else root, rules)
    lines = _lines(container)
    drop = [re.compile(p) for p in rules["furniture_lines"]]
    kept = [ln for ln in lines if not any(p.search(ln) for p in drop)]
    return "\n".join(kept), enc


def _content_container(root, rules):
    """The element holding the document: a known content class, else the densest block."""
    wanted = re.compile(rules["content_attr"], re.I)
    best, best_score = root, 0
    for el in root.iter("div", "td", "article", "section", "main"):
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"))))
        cjk = sum(1 for ch in el.text_content() if "\u4e00" <= ch <= "\u9fff")
        if attrs and wanted.search(attrs) and cjk >= 50:
            return el
        links = sum(len(a.text_content()) for a in el.iter("a"))
        score = cjk - 2 * links
        if score > best_score:
            best, best_score = el, score
    total = sum(1 for ch in root.text_content() if "\u4e00" <= ch <= "\u9fff")
    # keep the whole page when the densest block holds little of its text
    return best if best_score >= 0.5 * total else root


def _lines(el) -> list[str]:
    out: list[str] = []
    buf: list[str] = []

    def flush():
        line = "".join(buf).strip()
        if line:
            out.append(line)
        buf.clear()

    def walk(node):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag == "table":
            flush()
            for row in node.iter("tr"):
                cells = [re.sub(r"\s+", " ", c.text_content()).strip() for c in row if isinstance(c.tag, str)
                         and c.tag.lower() in ("td", "th")]
                if any(cells):
                    out.append("\t" + "\t".join(cells))
            if node.tail:
                buf.append(node.tail)
            return
        block = tag in _BLOCK
        if block:
            flush()
        if node.text:
            buf.append(node.text)
        for child in node:
            walk(child)
        if block or tag == "br":
            flush()
        if node.tail:
            buf.append(node.tail)

    walk(el)
    flush()
    # collapse runs of spaces that markup indentation left inside lines
    return [re.sub(r"[ \t\r\f\v]+", " ", ln) if not ln.startswith("\t") else ln for ln in out]
