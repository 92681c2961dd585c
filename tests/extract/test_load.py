"""extract/load.py: bytes on disk → text, with the encoding found; unreadable files refused by name.

Every fixture is made here: real GBK, UTF-16 and UTF-8-with-BOM bytes, PDFs
written by pypdf (blank, encrypted), a zip that is no Word file.
"""
import io
import zipfile

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from api.cli import app
from extract.errors import (
    EmptyDocument,
    EncryptedDocument,
    NoTextLayer,
    NotPolicyText,
    UnreadableDocument,
    UnsupportedFormat,
)
from extract.load import load

TEXT = "关于印发《全面推进美丽苏州建设工作方案》的通知\n一、总体要求\n到2025年，PM2.5浓度下降到28微克/立方米。\n"


@pytest.mark.parametrize("name,data,encoding", [
    ("gbk.txt", TEXT.encode("gbk"), "gb18030"),
    ("gb18030.txt", (TEXT + "镕𠮷\n").encode("gb18030"), "gb18030"),
    ("utf8.txt", TEXT.encode("utf-8"), "utf-8"),
    ("utf8bom.txt", TEXT.encode("utf-8-sig"), "utf-8-sig"),
    ("utf16le.txt", TEXT.encode("utf-16"), "utf-16"),  # with its byte-order mark
    ("utf16be.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ("utf16le-nobom.txt", TEXT.encode("utf-16-le"), "utf-16-le"),
])
def test_text_encodings(tmp_path, name, data, encoding):
    path = tmp_path / name
    path.write_bytes(data)
    loaded = load(path)
    assert (loaded.text.replace("镕𠮷\n", ""), loaded.format, loaded.encoding) == (TEXT, "txt", encoding)


def test_markdown(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# 工作方案\n\n## 一、总体要求\n\n**到2025年**，完成[治理任务](http://x)。\n\n"
                    "- 牵头单位：市生态环境局\n", encoding="utf-8")
    loaded = load(path)
    assert (loaded.text, loaded.format) == ("工作方案\n\n一、总体要求\n\n到2025年，完成治理任务。\n\n牵头单位：市生态环境局\n",
                                            "md")


def _pdf(encrypt: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if encrypt is not None:
        writer.encrypt(encrypt)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _zip(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
NOISE = bytes((i * 7919 + 13) % 256 for i in range(4096))
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512

BAD = [
    ("empty.txt", b"", EmptyDocument, "the file is empty"),
    ("blank.txt", b" \n\t\r\n ", EmptyDocument, "the file holds nothing but blank space"),
    ("noise.txt", NOISE, UnreadableDocument, "binary data or an unknown text encoding"),
    ("photo.pdf", JPEG, UnreadableDocument, "not a PDF file: a JPEG image"),
    ("noise.pdf", NOISE, UnreadableDocument, "not a PDF file: binary data"),
    ("truncated.pdf", _pdf()[:300], UnreadableDocument, "damaged or truncated PDF (PdfStreamError)"),
    ("secret.pdf", _pdf(encrypt="secret"), EncryptedDocument, "the PDF is encrypted with a password"),
    ("scan.pdf", _pdf(), NoTextLayer, "the PDF has no text layer (a scan?)"),
    ("archive.docx", _zip({"data.csv": "a,b\n"}), UnreadableDocument,
     "not a Word document (a zip without word/document.xml)"),
    ("old.docx", OLE, UnsupportedFormat, "an old Office file (.doc, .xls, .ppt): save it as .docx or PDF"),
    ("secret.docx", OLE + "EncryptedPackage".encode("utf-16-le"), EncryptedDocument,
     "the Office file is encrypted with a password"),
    ("english.txt", b"This is a plain English note with no Chinese in it at all.\n" * 5, NotPolicyText,
     "no Chinese text: not a policy document"),
    ("page.html", b"<html><body><script>var a=1;</script></body></html>", EmptyDocument, "no text in the file"),
]


@pytest.mark.parametrize("name,data,error,reason", BAD, ids=[b[0] for b in BAD])
def test_unreadable_files(tmp_path, name, data, error, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        load(path)
    assert type(info.value) is error
    assert info.value.reason == reason


@pytest.mark.parametrize("name,data,error,reason", BAD, ids=[b[0] for b in BAD])
def test_cli_refuses_with_one_line_and_status_2(tmp_path, name, data, error, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"policykg: {path}: {reason}\n"


def test_text_named_pdf_is_read_as_text(tmp_path):
    path = tmp_path / "really-text.pdf"
    path.write_bytes(TEXT.encode("utf-8"))
    assert load(path).format == "txt"
