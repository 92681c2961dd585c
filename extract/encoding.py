"""Text bytes to text: the encoding read from a byte-order mark, UTF-8, UTF-16 without a mark, GB18030, or
what charset-normalizer finds; and how much of a text is Chinese or printable (which decoding is right, and
whether a file is a Chinese document at all)."""
from __future__ import annotations

import codecs
import re

from .errors import UnreadableDocument


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode text bytes, detecting the encoding. Returns (text, encoding), the encoding by its
    Python name (``gb18030``, ``utf-16-le``)."""
    text, encoding = _decode(data, path)
    try:
        return text, codecs.lookup(encoding).name
    except LookupError:
        return text, encoding


def _decode(data: bytes, path: str) -> tuple[str, str]:
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
            if cjk_ratio(text) > 0.2 or printable_ratio(text) > 0.95:
                return text, enc
        raise UnreadableDocument(path, "binary data, not text")
    try:
        text = data.decode("gb18030")
        if printable_ratio(text) > 0.97:
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
        if printable_ratio(text) > 0.9:
            return text, enc
    raise UnreadableDocument(path, "binary data or an unknown text encoding")


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")  # counted by runs: one string a run, not one a character
_BAD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd\ue000-\uf8ff]")


def cjk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return cjk_count(sample) / len(sample)


def printable_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 1.0
    return 1 - len(_BAD.findall(sample)) / len(sample)


def cjk_count(text: str) -> int:
    return sum(map(len, _CJK_RUN.findall(text[:20000])))
