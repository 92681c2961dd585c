"""Runs of text on a page → lines: what a PDF reader sees, grouped by baseline.

A ``Fragment`` is a run of text with the start of its baseline and its size;
runs on one baseline make a ``Line``, spaced where a gap shows (not where a
writer merely set Chinese a quarter em apart from Latin). Widths are
estimated from the characters: an ideograph is one em, Latin letters and
digits about half (their guesses are what ``linebreak.py`` allows for).
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from .grid import Segment


@dataclass(frozen=True)
class Fragment:
    """A run of text: the start of its baseline (y up) and its font size, in points."""

    x: float
    y: float
    size: float
    text: str

    @property
    def end(self) -> float:
        return self.x + text_width(self.text, self.size)


@dataclass
class Page:
    width: float
    height: float
    fragments: list[Fragment] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def unligature(text: str) -> str:
    """Latin ligatures a font drew (ﬁle:// → file://)."""
    return text.translate(_LIGATURES)


def text_width(text: str, size: float) -> float:
    return size * sum(char_em(ch) for ch in text)


def char_em(ch: str) -> float:
    o = ord(ch)
    if o >= 0x2100 and not 0xFF61 <= o <= 0xFFDC:  # ideographs, full-width forms, symbols, Ⅲ ①
        return 1.0
    if ch == " ":
        return 0.3
    if 0x2010 <= o <= 0x2027:  # dashes, quotes, ellipsis
        return 1.0
    if ch in "%@&WMmw":
        return 0.85
    if ch in ",.;:!?'\"|":
        return 0.3
    if ch in "()[]{}-/":
        return 0.36
    if ch.isdigit() or ch.isupper():
        return 0.62
    return 0.5


@dataclass
class Line:
    x: float
    end: float
    y: float
    size: float
    text: str
    tail: str = ""  # the last run: its width is the estimate the line's end hangs on
    exact: bool = True  # the last run's position was read, not worked out

    @property
    def center(self) -> float:
        return (self.x + self.end) / 2


# ------------------------------------------------------------------ runs → lines

def make_lines(fragments: list[Fragment]) -> list[Line]:
    """Group runs sharing a baseline into lines, top to bottom, spaced where a gap shows."""
    frags = sorted((f for f in fragments if f.text.strip()), key=lambda f: (-f.y, f.x))
    rows: list[list[Fragment]] = []
    for f in frags:
        for row in reversed(rows[-3:]):
            ref = row[0]
            if abs(ref.y - f.y) <= 0.35 * min(ref.size, f.size) or (
                    abs(ref.y - f.y) <= 0.6 * min(ref.size, f.size) and _overlaps_none(row, f)
                    and f.size < 0.8 * ref.size):  # a superscript or footnote mark
                row.append(f)
                break
        else:
            rows.append([f])
    lines = []
    for row in rows:
        row.sort(key=lambda f: f.x)  # stable: runs at one position keep the order they were drawn in
        placed = _restack(row)
        exact = placed[-1] is row[-1]
        row = placed
        parts: list[str] = []
        prev = None
        for f in row:
            text = f.text.replace("\n", " ")
            if prev is not None:
                gap = f.x - prev.end
                left, right = parts[-1][-1:] or " ", text[:1] or " "
                wide = char_em(left) == 1.0 or char_em(right) == 1.0
                # writers space Chinese apart from Latin by a quarter em: not a space in the text; between
                # two ideographs (安监站 安监所 in a cell) nothing but a space leaves a gap
                need = 0.25 if not wide or (_ideograph(left) and _ideograph(right)) else 0.6
                if gap > need * max(f.size, prev.size) and not parts[-1].endswith(" ") \
                        and not text.startswith(" "):
                    parts.append(" ")
            parts.append(text)
            prev = f
        text = _close_up("".join(parts).strip())
        if not text:
            continue
        sizes = Counter()
        for f in row:
            sizes[round(f.size, 1)] += len(f.text.strip())
        lead = len(row[0].text) - len(row[0].text.lstrip())
        x = row[0].x + text_width(row[0].text[:lead], row[0].size)
        lines.append(Line(x=x, end=max(f.end for f in row), y=statistics.median(f.y for f in row),
                          size=sizes.most_common(1)[0][0], text=text, tail=row[-1].text.strip(), exact=exact))
    lines.sort(key=lambda ln: (-ln.y, ln.x))
    return lines


# Chinese sets no space inside brackets, before a closing mark or around a document number's 〔〕;
# pypdf puts one at the start of a run it sees a jump before (Chromium places runs one by one), and
# that space would split 〔2012 〕 103号 or (2025年 ) from what they belong to
_OPENING = "(（《「『【〔“‘"
_CLOSING = ")）》」』】〕”’，。；：、！？,;:!?"
_CLOSE_UP = re.compile(rf"(?<=[{_OPENING}])[ \t]+|(?<=[^\s|])[ \t]+(?=[{_CLOSING}])|(?<=〕)[ \t]+(?=\d)")


def _close_up(text: str) -> str:
    return _CLOSE_UP.sub("", text)


def _ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF


def _restack(row: list[Fragment]) -> list[Fragment]:
    """Runs reported at the very position of the run before them (pypdf gives some
    glyphs of Chromium's PDFs the position of their predecessor): set each after the one
    before it."""
    out = row[:1]
    for before, f in zip(row, row[1:]):
        if abs(f.x - before.x) < 0.5 and f.text.strip() != before.text.strip():
            f = Fragment(max(f.x, out[-1].end), f.y, f.size, f.text)
        out.append(f)
    return out


def _overlaps_none(row: list[Fragment], f: Fragment) -> bool:
    return all(f.x >= g.end - 0.5 or f.end <= g.x + 0.5 for g in row)
