"""What a document writes around its measures: preambles, addressees, signatures, captions.

The extractor may cut such parts into measures (an addressee line, the notice that transmits a plan,
the thinking that guides it, an account of what was done before). They state no goal, so an audit
link never points at one: ``part_of(text)`` names the rule (``rules/preamble.toml``) a text matches,
or None for a measure.
"""
from __future__ import annotations

import re

from kg.rules import compiled

_WS = re.compile(r"\s+")


def part_of(text: str | None) -> str | None:
    """The id of the first preamble rule ``text`` matches, None when it states a measure."""
    squashed = _WS.sub("", text or "")
    if not squashed:
        return None
    for rid, pattern, _rule in compiled("preamble", "part"):
        if pattern.search(squashed):
            return rid
    return None
