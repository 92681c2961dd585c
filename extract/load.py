"""Files on disk to text: the format is detected from the bytes, not trusted from the name.

txt and md are decoded with their encoding detected (BOM, UTF-8, UTF-16,
GB18030/GBK); pdf, html and docx are read by the modules of ``formats/``.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    EmptyDocument,
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


def sniff(data: bytes, suffix: str) -> str:
    """The format the bytes are in; the suffix only decides between text kinds."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"\x1f\x8b", b"BM", b"II*\x00", b"MM\x00*",
                        b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0")):
        return "binary"
    kind = SUFFIXES.get(suffix.lower())
    if kind in ("html",):
        return "html"
    lowered = head.lstrip()[:200].lower()
    if kind is None or kind == "txt":
        if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
            return "html"
    if kind == "pdf":  # named .pdf but not a PDF
        return "binary"
    if kind == "docx":
        return "binary"
    return kind or "txt"


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode text bytes, detecting the encoding. Returns (text, encoding)."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(path, f"damaged {enc} text ({exc.reason})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        # UTF-16 without BOM: every other byte of ASCII and many CJK is zero
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _cjk_ratio(text) > 0.2 or _printable_ratio(text) > 0.95:
                return text, enc
        raise UnreadableDocument(path, "binary data, not text")
    try:
        text = data.decode("gb18030")
        if _printable_ratio(text) > 0.97:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding:
        enc = best.encoding
        if enc in ("gb2312", "gbk", "hz"):
            enc = "gb18030"
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            text = data.decode(enc, errors="replace")
        if _printable_ratio(text) > 0.9:
            return text, enc
    raise UnreadableDocument(path, "binary data or an unknown text encoding")


_CJK = re.compile(r"[\u4e00-\u9fff]")
_BAD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _cjk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CJK.findall(sample)) / len(sample)


def _printable_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 1.0
    return 1 - len(_BAD.findall(sample)) / len(sample)


_MD_RULES = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"(?m)^```.*?$"), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(?m)^\s{0,3}#{1,6}\s*"), ""),
    (re.compile(r"(?m)^\s{0,3}>\s?"), ""),
    (re.compile(r"(?m)^\s*[-*_]{3,}\s*$"), ""),
    (re.compile(r"(?m)^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$"), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(?m)^\s*[-*+]\s+"), ""),
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
    if not data.strip():
        raise EmptyDocument(name, "the file is empty")
    kind = sniff(data, p.suffix)
    if kind == "binary":
        raise UnreadableDocument(name, f"not a {p.suffix.lstrip('.') or 'text'} file (binary data)")
    if kind == "pdf":
        from .formats.pdf import read_pdf

        text, encoding = read_pdf(data, name), None
    elif kind == "docx":
        from .formats.docx import read_docx

        text, encoding = read_docx(data, name), None
    elif kind == "html":
        from .formats.html import read_html

        text, encoding = read_html(data, name)
    elif kind in ("txt", "md"):
        text, encoding = decode_text(data, name)
        if kind == "md":
            text = strip_markdown(text)
    else:  # pragma: no cover - sniff returns only the kinds above
        raise UnsupportedFormat(name, f"unsupported format {kind}")
    if not text.strip():
        raise EmptyDocument(name, "no text in the file")
    if _cjk_ratio(text) < 0.05 and _cjk_count(text) < 20:
        raise NotPolicyText(name, "no Chinese text: not a policy document")
    return Loaded(text=text, format=kind, encoding=encoding)


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text[:20000]))
