"""Topics of a measure, from the keywords of the topic scheme (``ontology/topics.toml``)."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from .trie import compile_words


class TopicTagger:
    def __init__(self, data: dict):
        self.order = [t["id"] for t in data.get("topic", [])]
        words: dict[str, set[str]] = {}
        for t in data.get("topic", []):
            for w in t.get("keywords", []):
                words.setdefault(w.lower(), set()).add(t["id"])
        for term in data.get("term", []):
            for w in term.get("labels", []):
                words.setdefault(w.lower(), set()).add(term["topic"])
        self.words = words
        self.pattern = compile_words(words) if words else None  # on lower-cased text: re.I is 5x slower

    def tag(self, text: str, limit: int = 4) -> tuple[str, ...]:
        if self.pattern is None:
            return ()
        counts: dict[str, int] = {}
        for m in self.pattern.finditer(text.lower()):
            for topic in self.words[m.group(0)]:
                counts[topic] = counts.get(topic, 0) + 1
        ranked = sorted(counts, key=lambda t: (-counts[t], self.order.index(t) if t in self.order else 99))
        return tuple(ranked[:limit])


def read_topics(path: str | Path) -> dict:
    """``topics.toml`` as data: the one reader of the file (the tagger here; the scheme, the synonyms and the
    tokenizer's words in kg)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=8)
def load_topics(path: str | Path) -> TopicTagger:
    return TopicTagger(read_topics(path))
