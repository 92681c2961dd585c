#!/usr/bin/env python3
"""Write .docx, .pdf and .html versions of .txt policy documents, the way publishers make them.

    python scripts/make_format_variants.py SRC_DIR OUT_DIR [--formats docx,pdf,html]
                                           [--pdf-writer soffice|chromium]

A test and development tool: the loaders of ``extract/formats/`` must give the
same records for every version as for the .txt (``../shared/eval/score.py
extract --suffix .pdf``).

- **docx** (python-docx): one paragraph a line, an official document's page
  (A4, 16 pt CJK serif, 28 characters a line) with the page number in the footer
  (``— 3 —``); lines indented with a tab (one cell a line, rows split by blank
  lines, or a whole row a line) become a real Word table.
- **pdf**: LibreOffice headless converts the docx (``--pdf-writer soffice``, the
  default), or Chromium prints the web page with its print header and footer
  (date, title, address, ``1/5``) (``--pdf-writer chromium``).
- **html**: a government web page: navigation, breadcrumb, info bar, share
  buttons, ``打印本页 关闭窗口``, a footer with 网站标识码 and 备案号, scripts
  (hidden from print by a print style sheet, as sites do);
  the text as Word pastes it (``<p class=MsoNormal>``, spans around digits,
  source lines broken inside words); tables as ``<table>``. Every other page
  declares ``gb2312`` and is encoded in GB18030, the rest are UTF-8; one page in
  three uses an old table layout.

Everything is decided by the file name, so a run writes the same files again.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CJK_FONT = "Noto Serif CJK SC"
TAB_LINE = re.compile(r"^ ?\t")


# ------------------------------------------------------------------ the text's blocks

@dataclass
class Para:
    text: str
    indent: int = 0  # leading spaces in the .txt


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)


def parse(text: str) -> list[Para | Table | None]:
    """Paragraphs (one a line), tables (tab-indented lines) and ``None`` for a blank line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Para | Table | None] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if TAB_LINE.match(line):
            table, i = _table(lines, i)
            blocks.append(table)
            continue
        if not line.strip():
            if blocks and blocks[-1] is not None:
                blocks.append(None)
            i += 1
            continue
        body = line.rstrip()
        blocks.append(Para(body.lstrip(), len(body) - len(body.lstrip())))
        i += 1
    return blocks


def _table(lines: list[str], i: int) -> tuple[Table, int]:
    """Tab-indented lines: a cell a line with rows split by blank lines, or a row a line;
    a plain line right after a cell continues it (the same reading as ``segment.py``)."""
    table, row = Table(), []
    n = len(lines)

    def flush():
        if row and any(c.strip() for c in row):
            table.rows.append(list(row))
        row.clear()

    while i < n:
        line = lines[i]
        if TAB_LINE.match(line):
            parts = line.lstrip(" ").split("\t")[1:]
            if len(parts) > 1 and sum(1 for p in parts if p.strip()) >= 2:
                flush()
                table.rows.append([p.strip() for p in parts])
            else:
                row.append(parts[0].strip() if parts else "")
            i += 1
            continue
        if not line.strip():
            flush()
            j = i + 1
            while j < n and not lines[j].strip() and not TAB_LINE.match(lines[j]):  # "\t" is an empty cell
                j += 1
            if j < n and TAB_LINE.match(lines[j]):
                i = j
                continue
            return table, j
        if row:
            row[-1] = (row[-1] + "\n" + line.strip()).strip()
            i += 1
            continue
        break
    flush()
    return table, i


def _seed(name: str) -> int:
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)


_TITLE_WORDS = re.compile(r"通知|方案|意见|计划|办法|规定|报告|决定|要点|分工|思路|情况|清单|通报")


def _title(blocks) -> str:
    paras = [b.text for b in blocks[:12] if isinstance(b, Para) and 6 <= len(b.text) <= 60]
    return next((t for t in paras if _TITLE_WORDS.search(t)), paras[0] if paras else "通知公告")


# ------------------------------------------------------------------ docx

def write_docx(blocks, path: Path) -> None:
    import docx
    from docx.enum.section import WD_SECTION  # noqa: F401  (python-docx loads its enums lazily)
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)

    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = CJK_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)

    # the page number in the footer, as official documents print it: — 3 —
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    footer.add_run(" —")
    for r in footer.runs:
        r.font.size = Pt(14)

    title_done = False
    for b in blocks:
        if b is None:
            document.add_paragraph("")
        elif isinstance(b, Para):
            p = document.add_paragraph(b.text)
            if not title_done and len(b.text) >= 6 and not b.text.startswith(("附件", "各")):
                title_done = True
                if len(b.text) <= 40:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    p.runs[0].font.size = Pt(22)
                    p.paragraph_format.line_spacing = Pt(36)
            elif b.indent >= 16:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif b.indent >= 2:
                p.paragraph_format.first_line_indent = Pt(32)
        else:
            _docx_table(document, b, WD_TABLE_ALIGNMENT, Pt)
    document.save(str(path))


def _docx_table(document, table: Table, align, Pt) -> None:
    ncols = max(len(r) for r in table.rows)
    t = document.add_table(rows=len(table.rows), cols=ncols)
    t.style = "Table Grid"
    t.alignment = align.CENTER
    for r, cells in enumerate(table.rows):
        row = t.rows[r]
        if len(cells) < ncols:  # a short row: its last cell spans the rest
            row.cells[len(cells) - 1].merge(row.cells[ncols - 1])
        for c, value in enumerate(cells):
            cell = row.cells[c]
            paras = value.split("\n")
            cell.paragraphs[0].text = paras[0]
            for extra in paras[1:]:
                cell.add_paragraph(extra)
            for p in cell.paragraphs:
                p.paragraph_format.line_spacing = Pt(18)
                for run in p.runs:
                    run.font.size = Pt(11)


def soffice_pdf(docx_files: list[Path], out_dir: Path) -> None:
    """Convert in one LibreOffice run, with a throwaway profile."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(out_dir), *map(str, docx_files)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def chromium_pdf(html_files: list[Path], out_dir: Path) -> None:
    """Print each web page as a browser does, with the date/title header and address/page footer."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        sys.exit("chromium not found: apt-get install chromium fonts-noto-cjk")
    for f in html_files:
        out = out_dir / (f.stem + ".pdf")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", "--disable-sync",
                            f"--user-data-dir={profile}", f"--print-to-pdf={out}", f.resolve().as_uri()],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


# ------------------------------------------------------------------ html

_DIGITS = re.compile(r"([0-9][0-9.%]*)")


def _word_runs(text: str, wrap: bool) -> str:
    """A paragraph's text as Word pastes it: digits in their own spans, source lines broken."""
    out = []
    for piece in _DIGITS.split(text):
        if not piece:
            continue
        esc = html.escape(piece, quote=False).replace("  ", " &nbsp;")
        if _DIGITS.fullmatch(piece):
            out.append(f'</span><span lang=EN-US style=\'font-family:"Times New Roman"\'>{esc}</span><span\n'
                       f"style='font-family:仿宋_GB2312'>")
        else:
            out.append(esc)
    body = "".join(out)
    if wrap:  # Word breaks its HTML source near 76 columns, between Chinese characters too
        body = re.sub(r"([^<>\n]{37}[\u4e00-\u9fff，。、；：])(?=[\u4e00-\u9fff])", "\\1\n", body)
    return f"<span style='font-family:仿宋_GB2312'>{body}</span>"


def _html_table(table: Table) -> str:
    ncols = max(len(r) for r in table.rows)
    rows = []
    for cells in table.rows:
        tds = []
        for c, value in enumerate(cells):
            span = f" colspan={ncols - c}" if c == len(cells) - 1 and len(cells) < ncols else ""
            paras = "".join(f"<p class=MsoNormal align=center>{_word_runs(v, False)}<o:p></o:p></p>"
                            for v in value.split("\n")) or "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            tds.append(f"  <td valign=top style='border:solid windowtext 1.0pt'{span}>\n  {paras}\n  </td>")
        rows.append(" <tr>\n" + "\n".join(tds) + "\n </tr>")
    return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>\n"
            + "\n".join(rows) + "\n</table>")


def _content(blocks, wrap: bool) -> str:
    parts = []
    for b in blocks:
        if b is None:
            parts.append("<p class=MsoNormal><span lang=EN-US>&nbsp;</span><o:p></o:p></p>")
        elif isinstance(b, Para):
            style = "text-indent:32.0pt;line-height:28.0pt" if b.indent else "line-height:28.0pt"
            parts.append(f"<p class=MsoNormal style='{style}'>{_word_runs(b.text, wrap)}<o:p></o:p></p>")
        else:
            parts.append(_html_table(b))
    return "\n".join(parts)


_SITE = ("市人民政府", "3205000001", "苏ICP备05029153号", "苏公网安备 32050802010541号")


def _furniture(title: str, date: str) -> dict[str, str]:
    site, code, icp, police = _SITE
    return {
        "nav": "".join(f'<li><a href="/{i}/">{w}</a></li>' for i, w in
                       enumerate(("首页", "政务公开", "政务服务", "互动交流", "走进本市", "专题专栏"))),
        "crumb": '当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a>',
        "info": f"发布日期：{date}　来源：{site}办公室　浏览次数：<span id=count>1024</span>　字号：【<a>大</a> <a>中</a> <a>小</a>】",
        "share": '分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qq">QQ空间</a>',
        "print": '【<a href="javascript:window.print()">打印本页</a>】　【<a href="javascript:window.close()">关闭窗口</a>】',
        "footer": (f"<p>主办单位：{site}办公室　承办单位：大数据管理局</p>"
                   f"<p>网站标识码：{code}　<a href=\"https://beian.miit.gov.cn\">{icp}</a>　{police}</p>"
                   "<p>建议使用1280×800分辨率浏览</p>"),
        "script": ("<script type=\"text/javascript\">var _title = \"" + html.escape(title) + "\";\n"
                   "document.write('<div class=\"tips\">欢迎访问本网站，今天是' + new Date().toLocaleDateString() + '</div>');"
                   "</script>"),
    }


def write_html(blocks, path: Path, name: str, date: str) -> None:
    seed = _seed(name)
    gb = seed % 2 == 0
    layout = seed % 3
    wrap = seed % 4 != 1
    title = _title(blocks)
    f = _furniture(title, date)
    charset = "gb2312" if gb else "utf-8"
    content = _content(blocks, wrap)
    head = (f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            f'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            f"<html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\" />\n"
            if layout == 0 else
            f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head>\n<meta charset=\"{charset}\">\n")
    head += (f"<title>{html.escape(title)}_{_SITE[0]}</title>\n"
             "<style>.MsoNormal{margin:0} .footer p{text-align:center}\n"
             "@media print{.noprint,.tips{display:none}}</style>\n"
             f"{f['script']}\n</head>\n")
    if layout == 2:  # an old page laid out with tables
        body = f"""<body>
<table width="1000" align="center" border="0" cellspacing="0" cellpadding="0">
<tr class="noprint"><td><img src="/images/banner.jpg" alt="{_SITE[0]}"></td></tr>
<tr class="noprint"><td class="dh"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bs/">网上办事</a> | <a href="/hd/">互动交流</a></td></tr>
<tr class="noprint"><td>{f['crumb']}</td></tr>
<tr><td>
  <table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td align="center" style="font-size:22px;font-weight:bold">{html.escape(title)}</td></tr>
  <tr class="noprint"><td align="center">{f['info']}</td></tr>
  <tr><td class="bt_content" id="zoom">
<div class=WordSection1>
{content}
</div>
  </td></tr>
  <tr class="noprint"><td align="right">{f['print']}</td></tr>
  </table>
</td></tr>
<tr class="noprint"><td class="bottom" align="center">{f['footer']}</td></tr>
</table>
<script>var s=document.getElementById('count');</script>
</body></html>
"""
    else:
        content_class = ("TRS_Editor", "article-content", "pages_content")[seed % 3]
        body = f"""<body>
<div class="top-bar noprint"><div class="wrap"><span>{_SITE[0]}门户网站</span> <a href="/wza/">无障碍</a> <a href="/en/">English</a></div></div>
<div class="header noprint"><div class="logo"><img src="/images/logo.png" alt="{_SITE[0]}"></div>
<div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div></div>
<nav class="navbar noprint"><ul>{f['nav']}</ul></nav>
<div class="breadcrumb noprint">{f['crumb']}</div>
<div class="main">
  <div class="article">
    <h1 class="article-title">{html.escape(title)}</h1>
    <div class="article-info noprint">{f['info']}</div>
    <div class="{content_class}">
<div class=WordSection1>
{content}
</div>
    </div>
    <div class="share-bar noprint">{f['share']}</div>
    <div class="print-close noprint">{f['print']}</div>
    <div class="related noprint"><h3>相关文章</h3><ul><li><a href="/a/1.html">关于做好年度工作的通知</a></li></ul></div>
  </div>
</div>
<div class="footer noprint">{f['footer']}</div>
<script src="/js/jquery.min.js"></script>
<script>$(function(){{ $('.share-bar a').click(function(){{ return false; }}); }});</script>
</body></html>
"""
    page = head + body
    path.write_bytes(page.encode("gb18030") if gb else page.encode("utf-8"))


def _date(text: str) -> str:
    m = re.search(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else "2024-01-01"


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", type=Path, help="folder of .txt documents")
    ap.add_argument("out", type=Path, help="folder to write the variants into")
    ap.add_argument("--formats", default="docx,pdf,html", help="comma-separated: docx, pdf, html")
    ap.add_argument("--pdf-writer", choices=("soffice", "chromium"), default="soffice")
    args = ap.parse_args(argv)
    formats = set(args.formats.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    sources = sorted(args.src.glob("*.txt"))
    if not sources:
        sys.exit(f"no .txt files in {args.src}")
    docx_files, html_files = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for src in sources:
            text = src.read_text(encoding="utf-8")
            blocks = parse(text)
            if "docx" in formats or ("pdf" in formats and args.pdf_writer == "soffice"):
                target = (args.out if "docx" in formats else Path(tmp)) / (src.stem + ".docx")
                write_docx(blocks, target)
                docx_files.append(target)
            if "html" in formats or ("pdf" in formats and args.pdf_writer == "chromium"):
                target = (args.out if "html" in formats else Path(tmp)) / (src.stem + ".html")
                write_html(blocks, target, src.name, _date(text))
                html_files.append(target)
        if "pdf" in formats:
            if args.pdf_writer == "soffice":
                soffice_pdf(docx_files, args.out)
            else:
                chromium_pdf(html_files, args.out)
    print(f"{len(sources)} documents → {', '.join(sorted(formats))} in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
