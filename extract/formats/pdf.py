"""PDF to text with pypdf (the only module that imports it).

pypdf reads each page's text runs with their positions and the lines the page
draws; ``layout.py`` turns them into lines, paragraphs and tables. A file that
is not a readable PDF raises an ``ExtractError`` naming the reason: damaged or
truncated, encrypted, no pages, too many pages, no text layer (a scan).
"""
from __future__ import annotations

import io
import logging
import math

from ..errors import EncryptedDocument, NoTextLayer, TooLarge, UnreadableDocument
from ..normalize import radicals_to_ideographs
from .grid import Segment, rect_segments, segment
from .layout import Fragment, Page, document_text, unligature

MAX_PAGES = 2000
_PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_FILL_ONLY = {b"f", b"F", b"f*"}


def read_pdf(data: bytes, name: str, max_pages: int = MAX_PAGES) -> str:
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
    except EncryptedDocument:
        raise
    except FileNotDecryptedError:
        raise EncryptedDocument(name, "the PDF is encrypted with a password") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, NotImplementedError) as exc:
        raise UnreadableDocument(name, f"damaged or truncated PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pypdf raises many kinds on a damaged cross-reference table
        raise UnreadableDocument(name, f"damaged or truncated PDF ({type(exc).__name__})") from None
    if n == 0:
        raise UnreadableDocument(name, "the PDF has no pages")
    if n > max_pages:
        raise TooLarge(name, f"{n} pages is over the {max_pages}-page limit")
    pages: list[Page] = []
    failed = None
    for number in range(n):
        try:
            pages.append(_read_page(reader.pages[number]))
        except FileNotDecryptedError:
            raise EncryptedDocument(name, "the PDF is encrypted with a password") from None
        except Exception as exc:  # a damaged content stream: keep the pages that read
            failed = failed or exc
            pages.append(Page(595.0, 842.0))
    if not any(f.text.strip() for p in pages for f in p.fragments):
        if failed is not None:
            raise UnreadableDocument(name, f"damaged or truncated PDF ({type(failed).__name__})")
        raise NoTextLayer(name, "the PDF has no text layer (a scan?)")
    return radicals_to_ideographs(document_text(pages))


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _read_page(page) -> Page:
    box = page.mediabox
    x0, y0 = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    fragments: list[tuple[float, float, float, float, str]] = []  # x, y, size, angle, text
    segments: list[Segment] = []
    path: list[tuple[str, tuple]] = []
    point = [0.0, 0.0]
    start = [0.0, 0.0]

    def on_text(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        m = _mult([float(v) for v in tm], [float(v) for v in cm])
        size = abs(float(font_size or 0)) * math.hypot(m[2], m[3]) or 1.0
        angle = math.degrees(math.atan2(m[1], m[0]))
        fragments.append((m[4] - x0, m[5] - y0, size, angle, unligature(text)))

    def on_operator(op, args, cm, tm):
        nonlocal path
        try:
            if op == b"m":
                point[:] = start[:] = [float(args[0]), float(args[1])]
            elif op == b"l":
                x, y = float(args[0]), float(args[1])
                path.append(("l", (point[0], point[1], x, y), list(cm)))
                point[:] = [x, y]
            elif op in (b"c", b"v", b"y"):
                point[:] = [float(args[-2]), float(args[-1])]
            elif op == b"h":
                path.append(("l", (point[0], point[1], start[0], start[1]), list(cm)))
                point[:] = start[:]
            elif op == b"re":
                path.append(("re", tuple(float(a) for a in args[:4]), list(cm)))
            elif op in _PAINT:
                filled = op in _FILL_ONLY
                for kind, a, m in path:
                    m = [float(v) for v in m]
                    if kind == "l":
                        (px, py), (qx, qy) = _apply(m, a[0], a[1]), _apply(m, a[2], a[3])
                        segments.append(segment(px - x0, py - y0, qx - x0, qy - y0))
                    else:
                        x, y, w, h = a
                        (px, py), (qx, qy) = _apply(m, x, y), _apply(m, x + w, y + h)
                        segments.extend(rect_segments(px - x0, py - y0, qx - px, qy - py, filled))
                path = []
            elif op == b"n":
                path = []
        except (TypeError, ValueError, IndexError):
            pass

    page.extract_text(extraction_mode="plain", visitor_text=on_text, visitor_operand_before=on_operator)
    return _upright(width, height, fragments, segments)


def _upright(width: float, height: float, fragments, segments: list[Segment]) -> Page:
    """Turn a page whose text runs sideways (a landscape table set on a portrait page) upright."""
    sideways = sum(len(t) for *_, a, t in fragments if 45 <= abs(a) <= 135)
    if sideways <= sum(len(t) for *_, t in fragments) / 2:
        return Page(width, height, [Fragment(x, y, s, t) for x, y, s, _, t in fragments], segments)
    up = sum(len(t) for *_, a, t in fragments if 45 <= a <= 135) >= sideways / 2
    if up:  # text runs bottom to top: turn the page clockwise
        turn = lambda x, y: (y, width - x)  # noqa: E731
    else:  # top to bottom: counter-clockwise
        turn = lambda x, y: (height - y, x)  # noqa: E731
    frags = [Fragment(*turn(x, y), s, t) for x, y, s, _, t in fragments]
    segs = []
    for sg in segments:
        ax, ay = turn(sg.x0, sg.y0)
        bx, by = turn(sg.x1, sg.y1)
        segs.append(segment(ax, ay, bx, by))
    return Page(height, width, frags, segs)
