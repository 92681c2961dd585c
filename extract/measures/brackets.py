"""Where a text holds an attribution: bracketed notes (…(市发改委牵头)), and whether a stretch
of text names agencies rather than a task."""
from __future__ import annotations

import re

from ..attribution import AttributionParser, body_forms, has_role_word, label_pattern
from ..attribution.roles import after_words

OPEN, CLOSE = "(（〔【[", ")）〕】]"
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_BRACKET = re.compile(r"[(（〔【\[)）〕】\]]")
# separators and the role words after a list (rules/roles.toml), as what is left of a cell besides names
_ROLE_OR_PUNCT = re.compile(r"[、,，;；。.\s等()（）〔〕]|" + "|".join(
    re.escape(w) for w in after_words("lead", "support", "implement", "ignore")) + "|组织")


def depth(s: str) -> int:
    """Brackets opened minus brackets closed."""
    return sum(1 for ch in s if ch in OPEN) - sum(1 for ch in s if ch in CLOSE)


def strip_brackets(text: str, s: int, e: int) -> tuple[int, int]:
    """The span inside one pair of brackets around [s, e), blanks and closing stops trimmed."""
    while s < e and text[s] in " \t\n":
        s += 1
    while e > s and text[e - 1] in " \t\n。.;；":
        e -= 1
    if s < e and text[s] in OPEN:
        s += 1
        if e > s and text[e - 1] in CLOSE:
            e -= 1
    return s, e


def inline_attributions(text: str, start: int, end: int):
    """Bracketed attributions in a paragraph: (start, end, truncated)."""
    i = start
    while i < end:
        m = _BRACKET.search(text, i, end)
        if m is None:
            return
        i = m.start()
        if text[i] in OPEN:
            level, j = 0, i
            for b in _BRACKET.finditer(text, i, end):
                j = b.start()
                if text[j] in OPEN:
                    level += 1
                else:
                    level -= 1
                    if level == 0:
                        break
            else:
                j = end
            if j >= end:  # unclosed: an attribution cut off by the end of the text
                inner = text[i + 1:end]
                if i > start and end >= len(text.rstrip()) - 1:
                    first = re.split(r"[。；;]", inner, maxsplit=1)[0]
                    if "。" not in inner.rstrip("。") or (has_role_word(first) and len(first) <= 120):
                        # (市经信局负责，…参与。以下均需… — cut off after a whole first sentence
                        yield i, end, not (has_role_word(inner) or label_pattern().match(inner))
                return
            inner = text[i + 1:j]
            if (has_role_word(inner) and len(inner) <= 300) or label_pattern().match(inner):
                yield i, j + 1, False
            i = j + 1
            continue
        i += 1


def closing_attribution(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The inner span of a bracketed attribution that ends the paragraph [s, e), if any."""
    found = None
    for a, b, truncated in inline_attributions(text, s, e):
        found = (a, b, truncated)
    if found is None or found[2]:
        return None
    a, b, _ = found
    if text[b:e].strip(" 。.;；\n"):
        return None
    return strip_brackets(text, a, b)


def looks_agencies(parser: AttributionParser, t: str) -> bool:
    """A cell or line that names agencies (with or without role words), not a task."""
    if len(t) > 300 or re.search(r"[。]\s*\S", t.rstrip("。")) and not has_role_word(t):
        return False
    if len(t) > 40:
        # a long cell is an agency list only if agency names fill it (cheap test before parsing)
        named = len(parser.ctx.registry.function_pattern.findall(t)) + len(parser.ctx.registry.national_pattern.findall(t))
        if named * 14 < len(t):
            return False
    parsed = parser.probe(t)
    names = parsed.lead + parsed.support
    if not names and not parsed.entities:
        return False
    covered = sum(len(r.surface) for r in names) + sum(len(x) for x in parsed.entities)
    forms = body_forms()
    rest = forms.blanket_clause.sub("", t)
    rest = _ROLE_OR_PUNCT.sub("", rest)
    rest = forms.generic_any.sub("", rest)
    return covered >= 0.45 * len(rest)


def content(text: str, s: int, e: int) -> bool:
    """Whether [s, e) holds a letter or digit (not only punctuation and blanks)."""
    return bool(_LETTER.search(text, s, e))
