"""Hostile and broken files, made by code at test time (no checked-in blobs), each with what must come of it.

Every case names the file as a user would have it on disk and either the
error code it must be refused with (``extract/errors.py``: the same code the
CLI's one line and the HTTP body carry) or a check of the correct result
(``Document`` records: the text that must be found, and what must not be).
The files are those a government office really has lying about: scans,
password-protected PDFs, GBK text saved as ".txt" that an editor calls
UTF-8, web pages with scripts, images renamed to .pdf, and the odd monster.
"""
from __future__ import annotations

import functools
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SEED = 20251123

TITLE = "平湖市2025年大气污染防治工作要点"
HEADING = "一、深入打好蓝天保卫战"
ITEM = "到2025年底前，完成全市加油站油气回收在线监控系统安装。（市生态环境局牵头）"
POLICY = f"{TITLE}\n{HEADING}\n1.{ITEM}\n2.开展港口岸电设施建设，提高岸电使用率。（市交通运输局牵头，市发改委配合）\n"


@dataclass(frozen=True)
class Expect:
    """What must come of a file: refused with ``error`` (a code), or read, holding every string of ``wanted``
    and none of ``absent``, with ``measures`` measures when given. An upload also needs measures: a file read
    but without any is refused as ``upload_error``."""

    error: str | None = None
    wanted: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    measures: int | None = None
    upload_error: str | None = None

    def check(self, doc) -> None:
        for w in self.wanted:
            assert w in doc.text, f"{w!r} not in the extracted text"
        for a in self.absent:
            assert a not in doc.text, f"{a!r} is in the extracted text"
        if self.measures is not None:
            assert len(doc.measures) == self.measures, f"{len(doc.measures)} measures, not {self.measures}"


def read(*wanted: str, absent: tuple[str, ...] = (), measures: int | None = None, upload_error: str | None = None):
    return Expect(wanted=wanted, absent=absent, measures=measures, upload_error=upload_error)


@dataclass(frozen=True)
class Case:
    id: str
    filename: str  # as the user has it (may hold ../ or Chinese); the CLI writes it under a safe folder
    make: Callable[[], bytes]
    expect: Expect
    slow: bool = False

    def write(self, folder: Path) -> Path:
        """The file under ``folder``, at ``filename`` resolved inside it (a ``../`` name stays inside a subfolder)."""
        path = folder / "in" / "a" / "b" / self.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.make()
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:  # a generator of chunks: a file too large to hold in memory at once
            with open(path, "wb") as fh:
                for chunk in data:
                    fh.write(chunk)
        return path


# ---------------------------------------------------------------- PDFs, written byte by byte

def pdf(pages: list[str], font: str | None = "cjk", encrypt: str | None = None) -> bytes:
    """A PDF whose pages have these content streams. The CJK font is Adobe's STSong-Light with the
    UniGB-UTF16-H encoding (not embedded; every PDF reader knows it), so text is written as UTF-16."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
               "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"]
    kids = []
    for content in pages:
        stream = content.encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{content}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    data = bytes(out)
    if encrypt is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=encrypt, owner_password=encrypt + "-owner", algorithm="RC4-128")
        buf = io.BytesIO()
        writer.write(buf)
        data = buf.getvalue()
    return data


def page_of(lines: list[str]) -> str:
    return "".join(f"BT /F1 12 Tf 60 {780 - 18 * i} Td <{line.encode('utf-16-be').hex()}> Tj ET\n"
                   for i, line in enumerate(lines))


POLICY_PAGE = page_of(POLICY.splitlines())


def jpeg(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    rng = random.Random(SEED)
    img = Image.new("RGB", (width, height))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(width * height)])
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """A page that is only a picture (what a scanner makes): an image XObject drawn full page, no text."""
    from PIL import Image

    img = Image.new("L", (200, 280), 255)
    buf = io.BytesIO()
    img.save(buf, "PDF")  # Pillow writes an image-only PDF
    return buf.getvalue()


@functools.cache  # made once per session: several doors read the same file
def many_pages(n: int, content: str) -> bytes:
    """A PDF of ``n`` pages sharing one content stream (cheap to write, costly to read page by page)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf([content])))
    writer = PdfWriter()
    for _ in range(n):
        writer.add_page(reader.pages[0])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- zips, Word files

def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 b'2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 b'"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                 b'document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_of(document_xml: bytes) -> bytes:
    return zipped({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document_xml})


@functools.cache
def docx_bomb() -> bytes:
    """A Word file whose text part inflates from about 300 KB to 300 MB (a zip bomb)."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            block = b" " * (1 << 20)
            for _ in range(300):
                fh.write(block)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def laughs_docx() -> bytes:
    """Billion laughs: entities that expand to gigabytes if a parser resolves them."""
    ents = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{ents}]><w:document xmlns:w="http://schemas.openxmlformats'
           f'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')
    return docx_of(xml.encode("utf-8"))


# ---------------------------------------------------------------- text

def numbered(n: int) -> bytes:
    lines = [TITLE, HEADING] + [f"{i}.完成第{i}个加油站油气回收在线监控系统安装。（市生态环境局牵头）" for i in range(1, n + 1)]
    return "\n".join(lines).encode("utf-8")


def huge_text(mb: int):
    """``mb`` MB of policy text, in 1 MB chunks."""
    block = (POLICY * (1 + (1 << 20) // len(POLICY.encode()))).encode("utf-8")[: 1 << 20]
    for _ in range(mb):
        yield block


def noise(n: int) -> bytes:
    return random.Random(SEED).randbytes(n)


def html(body: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{TITLE}</title>'
            f'<script>document.write("恶意脚本注入内容")</script></head><body>{body}</body></html>')


SCRIPTED = html(f"<h1>{TITLE}</h1><script>alert('窃取密钥');var x='市委书记牵头';</script>"
                f"<p>{HEADING}</p><p>1.{ITEM}</p><noscript>请启用脚本</noscript>"
                f"<style>p{{color:red}} /* 样式表 */</style><iframe src='javascript:alert(1)'></iframe>"
                f"<p onclick=\"alert('事件处理器')\">2.开展港口岸电设施建设。（市交通运输局牵头）</p>")

TRADITIONAL = (f"{TITLE}\n一、深入打好藍天保衛戰\n1.到2025年底前，完成全市加油站油氣回收在綫監控系統安裝。（市生態環境局牽頭）\n"
               "2.開展港口岸電設施建設，提高岸电使用率。（市交通運輸局牵头）\n")

INVISIBLE = (f"\ufeff{TITLE}\u200b\n{HEADING}\u200d\n1.到2025\u200b年底前，完成全市\u00ad加油站油气回收在线监控系统"
             f"安装。\x07（市生态环境局\u2060牵头）\x1b[31m\n2.开展\u202e港口岸电\u202c设施建设。\x00（市交通运输局牵头）\r\n")

UNBALANCED = (f"{TITLE}\n{HEADING}\n1.完成油气回收在线监控系统安装。（市生态环境局牵头\n"
              "2.开展港口岸电设施建设。市交通运输局牵头）\n3.推进扬尘治理。（（（市住建局牵头）\n"
              "4.加强机动车监管。（市公安局牵头））））\n5.推进秸秆禁烧" + "（" * 5000 + "\n")


def cases() -> list[Case]:
    """The hostile files, at least 25, each with its expectation."""
    c = [
        Case("empty", "empty.txt", lambda: b"", Expect("empty")),
        Case("whitespace", "blank.txt", lambda: " \t\r\n\u3000\n".encode("utf-8") * 1000, Expect("empty")),
        Case("nul-bytes", "zeros.txt", lambda: bytes(4096), Expect("not-policy-text")),
        Case("binary-noise", "noise.txt", lambda: noise(1 << 16), Expect("unreadable")),
        Case("noise-named-pdf", "report.pdf", lambda: noise(1 << 16), Expect("unreadable")),
        Case("jpeg-as-pdf", "scan.pdf", jpeg, Expect("unreadable")),
        Case("jpeg-as-docx", "photo.docx", jpeg, Expect("unreadable")),
        Case("elf-as-txt", "tool.txt", lambda: b"\x7fELF\x02\x01\x01" + noise(4000), Expect("unreadable")),
        Case("truncated-pdf", "truncated.pdf", lambda: pdf([POLICY_PAGE] * 3)[:700], Expect("unreadable")),
        Case("pdf-header-only", "header.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Expect("unreadable")),
        Case("encrypted-pdf", "secret.pdf", lambda: pdf([POLICY_PAGE], encrypt="s3cret"), Expect("encrypted")),
        Case("scanned-pdf", "scanned.pdf", scanned_pdf, Expect("no-text")),
        Case("pdf-5000-blank-pages", "blank-pages.pdf", lambda: many_pages(5000, ""), Expect("too-large")),
        Case("pdf-3000-text-pages", "bomb.pdf", lambda: many_pages(3000, POLICY_PAGE), Expect("too-large")),
        Case("pdf-policy", "policy.pdf", lambda: pdf([POLICY_PAGE]),
             read("油气回收在线监控系统", measures=2)),
        Case("docx-zip-of-text", "plan.docx", lambda: zipped({"readme.txt": POLICY.encode()}), Expect("unreadable")),
        Case("docx-zip-of-jpeg", "album.docx", lambda: zipped({"a.jpg": jpeg()}), Expect("unreadable")),
        Case("docx-broken-xml", "broken.docx", lambda: docx_of(b"<w:document><w:body><w:p>"), Expect("unreadable")),
        Case("docx-zip-bomb", "bomb.docx", docx_bomb, Expect("too-large")),
        Case("docx-billion-laughs", "laughs.docx", laughs_docx, Expect("unreadable")),
        Case("gbk-as-utf8-txt", "gbk-utf8.txt", lambda: POLICY.encode("gbk"),
             read("完成全市加油站油气回收在线监控系统安装", measures=2)),
        Case("gbk-html-labelled-utf8", "gbk.html",
             lambda: html(f"<h1>{TITLE}</h1><p>{HEADING}</p><p>1.{ITEM}</p>").encode("gbk"),
             read("完成全市加油站油气回收在线监控系统安装", measures=1)),
        Case("traditional-and-simplified", "繁简混排.txt", lambda: TRADITIONAL.encode("utf-8"),
             read("油气回收在线监控系统安装", "蓝天保卫战", absent=("監控", "藍天"), measures=2)),
        Case("zero-width-and-control", "invisible.txt", lambda: INVISIBLE.encode("utf-8"),
             read("油气回收在线监控系统", absent=("\u200b", "\x07", "\x1b", "\x00", "\u202e"),
                  measures=2)),
        Case("10000-numbered-items", "items.txt", lambda: numbered(10000), read(measures=10000),
             slow=True),  # an upload of it takes about two minutes: graph, links and index of 10 000 measures
        Case("unbalanced-parentheses", "parens.txt", lambda: UNBALANCED.encode("utf-8"),
             read("油气回收在线监控系统安装")),
        Case("html-with-scripts", "scripts.html", lambda: SCRIPTED.encode("utf-8"),
             read("油气回收在线监控系统", absent=("alert", "恶意脚本", "窃取密钥", "事件处理器", "样式表"),
                  measures=2)),
        Case("html-deep-nesting", "nested.html",
             lambda: ("<html><body>" + "<div>" * 100000 + POLICY + "</div>" * 100000 + "</body></html>").encode(),
             Expect("unreadable")),
        Case("one-line-2mb", "oneline.txt", lambda: ("开展大气污染防治" * 90000).encode("utf-8"),
             read("开展大气污染防治", measures=1)),  # one sentence of 720 000 characters
        Case("latin-only", "notes.txt", lambda: b"Meeting notes: lunch at noon, then the budget.\n" * 50,
             Expect("not-policy-text")),
        Case("dotdot-name", "../../escape.txt", lambda: POLICY.encode("utf-8"),
             read("油气回收在线监控系统", measures=2)),
        Case("chinese-name", "平湖市 2025 工作要点（第1号）.txt", lambda: POLICY.encode("utf-8"),
             read("油气回收在线监控系统", measures=2)),
        Case("policy-named-exe", "要点.exe", lambda: POLICY.encode("utf-8"),
             read("油气回收在线监控系统", measures=2, upload_error="unsupported-format")),  # read, not taken in
        Case("200mb-text", "huge.txt", lambda: huge_text(200), Expect("too-large"), slow=True),
    ]
    return c
