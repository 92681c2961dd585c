"""One tokenizer for indexing and querying: jieba with a user dictionary generated from the ontology.

The user dictionary holds the agency registry's names (bare and with their
level prefixes), the topic scheme's keywords and synonym labels, and the
gazetteer's place names, so that 市生态环境局, 挥发性有机物 and 驻马店市 are
single tokens. ``settings()`` describes the tokenizer exactly; the index saves
it beside itself and refuses to open with a different one.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import lru_cache
from pathlib import Path

from extract.places import gazetteer
from extract.registry import read_registry
from extract.topics import read_topics

from kg.rules import load_rules

TOKENIZER_VERSION = 2  # 2: lower-cased before cutting, so that PM2.5 and pm2.5 are the user dictionary's one word
_KEEP = re.compile(r"[\w%‰.]+", re.UNICODE)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
STOPWORDS = frozenset(load_rules("questions")["stopwords"]["words"].split())  # function words, words of asking


class Tokenizer:
    def __init__(self, ontology_dir: str | Path):
        self.ontology_dir = Path(ontology_dir)
        self.words = user_words(self.ontology_dir)
        self.digest = hashlib.sha256("\n".join(self.words).encode()).hexdigest()[:16]
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for w in self.words:
            self._jieba.add_word(w, freq=2000)

    def settings(self) -> dict:
        import jieba

        return {"engine": "jieba", "jieba": jieba.__version__, "mode": "cut", "hmm": False,
                "lowercase": True, "bigrams": True, "user_dict": self.digest, "version": TOKENIZER_VERSION}

    def words_of(self, text: str) -> list[str]:
        """Search-mode words, lower-cased (before cutting: the user dictionary is lower-cased), without
        punctuation or stop words."""
        out = []
        for tok in self._jieba.cut(text.lower(), HMM=False):
            tok = tok.strip()
            if not tok or not _KEEP.fullmatch(tok) or tok in STOPWORDS:
                continue
            out.append(tok)
        return out

    @staticmethod
    def bigrams(text: str) -> list[str]:
        """Character bigrams of each run of Chinese characters (paraphrase-tolerant matching)."""
        out = []
        for run in _CJK_RUN.findall(text):
            if len(run) == 1:
                out.append(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        return out


def user_words(ontology_dir: Path) -> list[str]:
    """Every word the ontology names: agencies with their prefixes, topic words, synonym labels, places."""
    words: set[str] = set()
    registry = read_registry(ontology_dir / "agencies.toml")
    for fn in registry.get("function", []):
        for name in fn["names"]:
            words.add(name)
            for prefix in "省市县区":
                words.add(prefix + name)
    for body in registry.get("national", []):
        words.update(body["names"])
    topics = read_topics(ontology_dir / "topics.toml")
    for topic in topics.get("topic", []):
        words.update(w for w in topic.get("keywords", []) if len(w) >= 2)
    for term in topics.get("term", []):
        words.update(w for w in term.get("labels", []) if len(w) >= 2)
    g = gazetteer()
    words.update(g.full_names)
    words.update(s for s in g.short_names if len(s) >= 2)
    return sorted(w.lower() for w in words if w.strip())


@lru_cache(maxsize=4)
def tokenizer(ontology_dir: str | Path) -> Tokenizer:
    return Tokenizer(ontology_dir)


def settings_json(tok: Tokenizer) -> str:
    return json.dumps(tok.settings(), sort_keys=True)
