"""Text that remembers where each of its characters came from.

Normalisation deletes debris, joins wrapped lines and converts script; every
step goes through ``TrackedText.sub`` so that each character of the result
still knows its index in the text as loaded. Replacements of equal length map
one to one; longer or shorter ones map every new character to the start of
the text they replace.
"""
from __future__ import annotations

import re
from array import array
from typing import Callable


class TrackedText:
    __slots__ = ("text", "_offsets")

    def __init__(self, text: str, offsets: array | None = None):
        self.text = text
        self._offsets = offsets  # None: the identity map

    @property
    def offsets(self) -> array:
        if self._offsets is None:
            self._offsets = array("l", range(len(self.text)))
        return self._offsets

    def is_identity(self) -> bool:
        return self._offsets is None

    def sub(self, pattern: re.Pattern, repl: str | Callable[[re.Match], str]) -> "TrackedText":
        """Like ``pattern.sub(repl, text)``, keeping the offset map."""
        pieces: list[str] = []
        new_offsets = array("l")
        offsets = self.offsets
        text = self.text
        last = 0
        changed = False
        literal = None if callable(repl) or "\\" in repl else repl  # no group to expand: the text itself
        for m in pattern.finditer(text):
            start, end = m.span()
            out = literal if literal is not None else repl(m) if callable(repl) else m.expand(repl)
            if out == m.group(0):
                continue
            changed = True
            pieces.append(text[last:start])
            new_offsets.extend(offsets[last:start])
            pieces.append(out)
            if len(out) == end - start:
                new_offsets.extend(offsets[start:end])
            elif out:
                anchor = offsets[start] if start < len(offsets) else (offsets[-1] + 1 if offsets else 0)
                new_offsets.extend([anchor] * len(out))
            last = end
        if not changed:
            return self
        pieces.append(text[last:])
        new_offsets.extend(offsets[last:])
        return TrackedText("".join(pieces), new_offsets)

    def translate(self, table: dict[int, str | int | None]) -> "TrackedText":
        """Character-for-character mapping; characters mapped to None are deleted."""
        pattern, same = _split_table(table)
        result = self.sub(pattern, "") if pattern is not None else self
        converted = result.text.translate(same)
        if converted == result.text:
            return result
        return TrackedText(converted, result._offsets)

    def delete_spans(self, spans: list[tuple[int, int]]) -> "TrackedText":
        """Delete the given non-overlapping ``[start, end)`` spans in one pass."""
        if not spans:
            return self
        pieces: list[str] = []
        new_offsets = array("l")
        offsets = self.offsets
        last = 0
        for start, end in sorted(spans):
            pieces.append(self.text[last:start])
            new_offsets.extend(offsets[last:start])
            last = max(last, end)
        pieces.append(self.text[last:])
        new_offsets.extend(offsets[last:])
        return TrackedText("".join(pieces), new_offsets)

    def replace_same_length(self, converted: str) -> "TrackedText":
        assert len(converted) == len(self.text)
        return TrackedText(converted, self._offsets)


_SPLIT: dict[int, tuple[dict, re.Pattern | None, dict]] = {}


def _split_table(table: dict) -> tuple[re.Pattern | None, dict]:
    """A translation table as (a pattern of the characters it deletes, the mapping of the others), made once
    per table: a table is built once and used for every text (a search normalises every query)."""
    held = _SPLIT.get(id(table))
    if held is None or held[0] is not table:
        deletions = [k for k, v in table.items() if v is None or v == ""]
        pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in deletions) + "]+") if deletions else None
        held = _SPLIT[id(table)] = (table, pattern, {k: v for k, v in table.items() if v is not None and v != ""})
        if len(_SPLIT) > 64:  # tables made on the fly: keep the cache small
            _SPLIT.pop(next(iter(_SPLIT)))
    return held[1], held[2]
