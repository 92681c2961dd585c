"""A regular expression for a word list, factored by common prefixes.

Python's ``re`` tries each alternative of ``a|b|c…`` at every position; a
list of a few thousand words then costs thousands of comparisons per
character. Factoring the list into a trie (``苏(?:州市|州)|…``) lets the engine
reject a position after one or two characters. Longest words win, as in a
plain alternation sorted by length.
"""
from __future__ import annotations

import re


def trie_pattern(words) -> str:
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _emit(trie)


def _emit(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _emit(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        # the longer continuation first, else the word may end here
        return "(?:" + body + ")?"
    return body


def compile_words(words, flags=0) -> re.Pattern:
    return re.compile(trie_pattern(words), flags)
