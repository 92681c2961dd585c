"""Files on disk to text: the format is detected from the bytes, not trusted from the name.

txt and md are decoded with their encoding detected (BOM, UTF-8, UTF-16,
GB18030/GBK); pdf, html and docx are read by the modules of ``formats/``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .encoding import cjk_count, cjk_ratio, decode_text
from .errors import (
    EmptyDocument,
    EncryptedDocument,
    ExtractError,
    NotPolicyText,
    TooLarge,
    UnreadableDocument,
    UnsupportedFormat,
)

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf",
            ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".docx": "docx"}
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Loaded:
    text: str
    format: str
    encoding: str | None = None


# the first bytes of files that are neither documents nor text
_MAGIC = ((b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG\r\n", "a PNG image"), (b"GIF87a", "a GIF image"),
          (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
          (b"RIFF", "a RIFF (WebP, WAV or AVI) file"), (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"),
          (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"BZh", "a bzip2 archive"), (b"\x7fELF", "a program"),
          (b"MZ", "a Windows program"), (b"{\\rtf", "an RTF file"), (b"%!PS", "a PostScript file"),
          (b"\x00\x00\x01\x00", "an icon"), (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"),
          (b"\x1a\x45\xdf\xa3", "a Matroska video"), (b"SQLite format 3", "an SQLite database"))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, suffix: str) -> str:
    """The format the bytes are in: pdf, docx, html, txt, md, or ``binary``; the
    suffix only decides between text kinds (and names what was expected)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(_OLE) or any(head.startswith(m) for m, _ in _MAGIC):
        return "binary"
    kind = SUFFIXES.get(suffix.lower())
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if kind == "html" or lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered[:400]:
        return "html"
    if kind in ("pdf", "docx"):  # named so but not so: read it if it is text
        return "txt"
    return kind or "txt"


def what_binary(data: bytes) -> str:
    """What a file that is no document is, in words: 'a JPEG image'."""
    head = data[:1024]
    if head.startswith(_OLE):
        return "an old Office file (.doc, .xls, .ppt) or an encrypted one"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return "binary data"


_MD_RULES = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"(?m)^```.*?$"), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]*"), ""),
    (re.compile(r"(?m)^[ \t]{0,3}>[ \t]?"), ""),
    (re.compile(r"(?m)^[ \t]*[-*_]{3,}[ \t]*$"), ""),
    (re.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$"), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(?m)^[ \t]*[-*+][ \t]+"), ""),
]


def strip_markdown(text: str) -> str:
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Loaded:
    """Read one document. Raises an ``ExtractError`` naming the reason it cannot."""
    p = Path(path)
    name = p.name
    if data is None:
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise UnreadableDocument(name, "no such file") from None
        except OSError as exc:
            raise UnreadableDocument(name, f"cannot open the file ({exc.strerror})") from None
        if p.is_dir():
            raise UnreadableDocument(name, "a folder, not a file")
        if size > max_bytes:
            raise TooLarge(name, f"{size / 1048576:.0f} MB is over the {max_bytes / 1048576:.0f} MB limit")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise UnreadableDocument(name, f"cannot read the file ({exc.strerror})") from None
    elif len(data) > max_bytes:
        raise TooLarge(name, f"{len(data) / 1048576:.0f} MB is over the {max_bytes / 1048576:.0f} MB limit")
    if not data:
        raise EmptyDocument(name, "the file is empty")
    if not data.strip():
        raise EmptyDocument(name, "the file holds nothing but blank space")
    kind = sniff(data, p.suffix)
    expected = SUFFIXES.get(p.suffix.lower())
    if kind == "binary":
        if data.startswith(_OLE):
            _refuse_ole(data, name)
        raise UnreadableDocument(name, f"not a {_FORMAT_NAMES.get(expected, 'text')} file: {what_binary(data)}")
    try:
        text, encoding = _read(kind, data, name)
    except UnreadableDocument:
        if kind == "txt" and expected in ("pdf", "docx"):  # named .pdf, neither a PDF nor text
            raise UnreadableDocument(name, f"not a {_FORMAT_NAMES[expected]} file: {what_binary(data)}") from None
        raise
    except ExtractError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise UnreadableDocument(name, f"the {_FORMAT_NAMES[kind]} file is too deeply nested or too large to read "
                                       f"({type(exc).__name__})") from None
    except Exception as exc:  # a reader's library failing on a damaged file: a reason, not a traceback
        raise UnreadableDocument(name, f"damaged {_FORMAT_NAMES[kind]} file ({type(exc).__name__})") from None
    if not text.strip():
        raise EmptyDocument(name, "no text in the file")
    if cjk_ratio(text) < 0.05 and cjk_count(text) < 20:
        raise NotPolicyText(name, "no Chinese text: not a policy document")
    return Loaded(text=text, format=kind, encoding=encoding)


_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "html": "web page", "txt": "text", "md": "Markdown"}


def _read(kind: str, data: bytes, name: str) -> tuple[str, str | None]:
    if kind == "pdf":
        from .formats.pdf import read_pdf

        return read_pdf(data, name), None
    if kind == "docx":
        from .formats.docx import read_docx

        return read_docx(data, name), None
    if kind == "html":
        from .formats.html import read_html

        return read_html(data, name)
    if kind in ("txt", "md"):
        text, encoding = decode_text(data, name)
        return (strip_markdown(text) if kind == "md" else text), encoding
    raise UnsupportedFormat(name, f"unsupported format {kind}")  # pragma: no cover - sniff returns the kinds above


def _refuse_ole(data: bytes, name: str) -> None:
    """An OLE compound file: an encrypted Office document, or a pre-2007 one."""
    if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20]:
        raise EncryptedDocument(name, "the Office file is encrypted with a password")
    raise UnsupportedFormat(name, "an old Office file (.doc, .xls, .ppt): save it as .docx or PDF")
