"""Page furniture in laid-out pages: page numbers, running headers and footers, print furniture.

Only lines at a page's top or bottom edge are considered. A line goes when a
rule of ``rules/page.toml`` names it, when it repeats at the edges of many
pages (digits aside), or, a bare number, when it counts the pages. A page a
browser printed (its print header or footer found) also loses the lines of
site furniture that ``rules/html.toml`` names.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..rules import load_rules
from .lines import Line


@lru_cache(maxsize=1)
def _page_rules() -> tuple[tuple[str, re.Pattern], ...]:
    rules = load_rules("page")
    return tuple((r["id"], re.compile(r"^[ \t]*(?:" + r["pattern"] + r")[ \t]*$"))
                 for r in rules["marker"] + rules["edge"])


@lru_cache(maxsize=1)
def _web_furniture() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in load_rules("html")["furniture_lines"])


def page_marker(text: str) -> str | None:
    """The id of the page-furniture rule a line matches, if any."""
    for rule_id, pattern in _page_rules():
        if pattern.match(text):
            return rule_id
    return None


_DIGITS = re.compile(r"\d+")
_BARE_KEY = re.compile(r"^[(（\[]?#[)）\]]?$")  # a number alone: a page number only where it counts pages


def drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop page numbers and running headers and footers at the pages' edges. A bare
    number counts as a page number where it counts the pages (so a table's index cell
    at the top of a page stays). A page printed from a browser (its print header or
    footer found) also loses the lines of site furniture that ``rules/html.toml`` names."""

    def edge_lines(lines: list[Line], height: float) -> list[int]:
        zone = 0.14 * height
        top = [i for i, ln in enumerate(lines) if ln.y >= height - zone][:3]
        bottom = [i for i, ln in enumerate(lines) if ln.y <= zone][-3:]
        return top + bottom

    def key(line: Line) -> str:
        return _DIGITS.sub("#", line.text.replace(" ", ""))

    seen: Counter = Counter()
    numbers: Counter = Counter()  # (top or bottom, where across, number less page index)
    for pno, (lines, height) in enumerate(zip(pages, heights)):
        for k in {key(lines[i]) for i in edge_lines(lines, height)}:
            seen[k] += 1
        for i in edge_lines(lines, height):
            if page_marker(lines[i].text) == "page.bare":
                numbers[_page_number_key(lines[i], height, pno)] += 1
    many = max(3, 0.5 * len(pages)) if len(pages) >= 3 else 2
    running = {k for k, c in seen.items() if c >= many and len(k) < 160 and not _BARE_KEY.match(k)}
    counting = {k for k, c in numbers.items() if c >= max(2, 0.5 * len(pages)) or (len(pages) == 1 and k[2] == 1)}
    out, printed = [], False
    for pno, (lines, height) in enumerate(zip(pages, heights)):
        drop = set()
        for i in edge_lines(lines, height):
            rule = page_marker(lines[i].text)
            if rule == "page.bare":
                if _page_number_key(lines[i], height, pno) in counting:
                    drop.add(i)
            elif rule or (len(pages) > 1 and key(lines[i]) in running):
                drop.add(i)
                printed = printed or (rule or "").startswith("print.")
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    if printed:
        web = _web_furniture()
        out = [[ln for ln in lines if not any(p.search(ln.text) for p in web)] for lines in out]
    return out


def _page_number_key(line: Line, height: float, pno: int) -> tuple[str, int, int]:
    value = int(_DIGITS.search(line.text).group(0))
    return ("top" if line.y > height / 2 else "bottom", round(line.center / 40), value - pno)
