"""Where a layout breaks lines, and so where a break is the layout's and not the author's.

A line was broken by the layout when what begins the next line would not have
fitted after it: a word, or a character with the marks that may not be parted
from it (closing punctuation, quotation marks, an opening bracket before it).
Estimated widths of Latin letters and digits widen the margin of doubt; a
writer that lets commas hang past the margin needs no room for them.
"""
from __future__ import annotations

import re

from ..rules import load_rules
from .lines import char_em, text_width


_RULES = load_rules("layout")
_ITEM = re.compile(r"^[ \t]*(?:" + "|".join(f"(?:{r['pattern']})" for r in _RULES["item"]) + ")")
_CLOSING = set(_RULES["breaks"]["closing"])
_OPENING = set(_RULES["breaks"]["opening"])
_QUOTES = set(_RULES["breaks"]["quotes"])
HANGING = set(_RULES["breaks"]["hanging"])


def starts_item(text: str) -> bool:
    """The line begins an item of its own (``rules/layout.toml``, [[item]])."""
    return bool(_ITEM.match(text))


_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/:+\-]*|.", re.S)


def first_token(text: str) -> str:
    """The width of what must begin the line: a word, or a character with the marks that
    may not be parted from it (closing punctuation after it, quotation marks on either
    side, an opening bracket before it, as the Unicode line-breaking rules have it, and
    a number after closing punctuation, as LibreOffice keeps it)."""
    units = _UNIT.findall(text[:80])
    if not units:
        return ""
    token = [units[0]]
    for unit in units[1:]:
        before = token[-1][-1]
        if (unit in _CLOSING or unit in _QUOTES or before in _QUOTES or before in _OPENING
                or (before in _CLOSING and unit[0].isdigit())):  # 。33 stays together too
            token.append(unit)
        else:
            break
    return "".join(token)


def broken(end: float, tail: str, following: str, size: float, right: float, hanging: bool = False) -> bool:
    """A line ending at ``end`` (its last run ``tail``) was broken by the layout: the first
    word of ``following`` would not have fitted before ``right``. Widths of Latin
    letters and digits are guesses, so each one widens the margin of doubt. Where the
    writer lets punctuation hang past the margin, a trailing comma needs no room."""
    token = first_token(following)
    if hanging:  # its closing comma or full stop may hang past the margin
        token = token.rstrip("".join(HANGING)) or token[:1]
    unsure = sum(1 for ch in tail + token if char_em(ch) != 1.0)
    return end + text_width(token, size) > right - min(0.12 * unsure, 1.0) * size


def join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b
