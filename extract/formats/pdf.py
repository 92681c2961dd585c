"""PDF to text with pypdf (the only module that imports it).

Page furniture that repeats on most pages (running headers, footers, a
browser's print header) is dropped here; page-number lines and wrapped lines
are handled by ``normalize`` like those of any page-laid-out text.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from ..errors import EncryptedDocument, NoTextLayer, TooLarge, UnreadableDocument

MAX_PAGES = 2000
_DIGITS = re.compile(r"\d+")


def read_pdf(data: bytes, name: str, max_pages: int = MAX_PAGES) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise EncryptedDocument(name, "the PDF is encrypted with a password")
        n = len(reader.pages)
    except (EncryptedDocument,):
        raise
    except FileNotDecryptedError:
        raise EncryptedDocument(name, "the PDF is encrypted with a password") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError) as exc:
        raise UnreadableDocument(name, f"damaged or truncated PDF ({type(exc).__name__})") from None
    if n == 0:
        raise UnreadableDocument(name, "the PDF has no pages")
    if n > max_pages:
        raise TooLarge(name, f"{n} pages is over the {max_pages}-page limit")
    pages: list[str] = []
    try:
        for page in reader.pages:
            pages.append(page.extract_text(extraction_mode="plain") or "")
    except FileNotDecryptedError:
        raise EncryptedDocument(name, "the PDF is encrypted with a password") from None
    except Exception as exc:  # pypdf raises many kinds on damaged content streams
        if not any(p.strip() for p in pages):
            raise UnreadableDocument(name, f"damaged or truncated PDF ({type(exc).__name__})") from None
    if not any(p.strip() for p in pages):
        raise NoTextLayer(name, "the PDF has no text layer (a scan?)")
    return "\n".join(_drop_running_lines(pages))


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Drop lines that stand first or last on most pages (headers, footers)."""
    if len(pages) < 3:
        return pages
    edge = Counter()
    split = [p.split("\n") for p in pages]
    for lines in split:
        nonblank = [ln.strip() for ln in lines if ln.strip()]
        for ln in set(nonblank[:2] + nonblank[-2:]):
            edge[_DIGITS.sub("#", ln)] += 1
    running = {k for k, c in edge.items() if c >= max(3, 0.6 * len(pages)) and len(k) < 120}
    if not running:
        return pages
    out = []
    for lines in split:
        nonblank_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(nonblank_idx[:2] + nonblank_idx[-2:])
        out.append("\n".join(ln for i, ln in enumerate(lines)
                             if not (i in edges and _DIGITS.sub("#", ln.strip()) in running)))
    return out
