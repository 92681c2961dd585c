"""Measure-level audit links: which measures of an ancestor document a measure carries out.

Each measure becomes one weighted vector of features, and a link's score is the
cosine of two vectors (0 to 1), IDF-weighted over the two documents' measures:

- ``ngram``    character bigrams of the text (and, lighter, of its heading);
- ``synonym``  the domain terms of the topic scheme the text names by any label
               (PM2.5 and 细颗粒物 are one term), and the broader terms above them
               (光伏 and 风电 are 非化石能源);
- ``target``   the indicators and units of its quantified targets;
- ``place``    the places it names (``extract.places``);
- ``topic``    its topics.

``method`` lists the features that carried at least a tenth of the score. The
links of a (document, ancestor) pair depend on those two documents alone, so
adding or removing a third document never changes them.
"""
from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass

from .jurisdiction import places_named
from .schemes import TermIndex

WEIGHTS = {"ngram": 1.0, "synonym": 2.5, "target": 2.0, "unit": 0.4, "place": 1.0, "topic": 0.6}
SOURCE_WEIGHTS = {"heading": 0.35, "broader": 0.5}  # how much a heading's or a broader term's token counts
BLOCKS = ("ngram", "synonym", "target", "place", "topic")  # how ``method`` names the evidence
_BLOCK_OF = {"ngram": "ngram", "synonym": "synonym", "target": "target", "unit": "target", "place": "place",
             "topic": "topic"}
_CLEAN = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")
_SCOPE = re.compile(r"^(?:全国|全省|全市|全县|全区|全域|重点区域|我省|我市|我县|我区)")
_BOILERPLATE = re.compile(r"(?:牵头|配合|参与|负责|责任单位|按职责分工|各县级市|人民政府|管委会|持续|进一步|加快|推进|推动|"
                          r"加强|深入|全面|积极|扎实|开展|实施|落实|强化|完善|提升|做好|工作|建设)")


@dataclass(frozen=True)
class TargetView:
    indicator: str | None
    unit: str
    value: float
    year: int | None


@dataclass(frozen=True)
class MeasureView:
    """What linking reads of a measure (built from records, or read back from the store)."""

    iri: str
    doc: str
    text: str  # normalised text
    heading: str | None
    topics: tuple[str, ...]
    targets: tuple[TargetView, ...]
    source_text: str | None = None  # the text as the file has it


@dataclass(frozen=True)
class Link:
    child: str
    parent: str
    score: float
    method: str
    rank: int


class Linker:
    CACHE = 20_000  # measures whose features are kept (an ancestor's measures serve many children)

    def __init__(self, terms: TermIndex, top_k: int = 5, min_score: float = 0.02):
        self.terms, self.top_k, self.min_score = terms, top_k, min_score
        self._features: OrderedDict[MeasureView, dict[tuple[str, str], float]] = OrderedDict()

    def features(self, m: MeasureView) -> dict[tuple[str, str], float]:
        """Weighted token frequencies keyed by (space, token), cached per measure view (least recently used go)."""
        f = self._features.get(m)
        if f is None:
            f = self._features[m] = measure_features(m, self.terms)
            if len(self._features) > self.CACHE:
                self._features.popitem(last=False)
        else:
            self._features.move_to_end(m)
        return f

    def link(self, children: list[MeasureView], parents: list[MeasureView]) -> list[Link]:
        """The best ``top_k`` parents of each child measure, best first, scores above ``min_score``."""
        if not children or not parents:
            return []
        import numpy as np
        from scipy import sparse

        fc = [self.features(m) for m in children]
        fp = [self.features(m) for m in parents]
        vocab: dict[tuple[str, str], int] = {}
        df: dict[tuple[str, str], int] = {}
        for f in fc + fp:
            for key in f:
                df[key] = df.get(key, 0) + 1
                if key not in vocab:
                    vocab[key] = len(vocab)
        n = len(fc) + len(fp)
        idf = np.zeros(len(vocab))
        block = np.zeros(len(vocab), dtype=np.int8)
        for key, j in vocab.items():
            idf[j] = (math.log((n + 1) / (df[key] + 1)) + 1.0) * WEIGHTS[key[0]]
            block[j] = BLOCKS.index(_BLOCK_OF[key[0]])
        C = _matrix(fc, vocab, idf)
        P = _matrix(fp, vocab, idf)
        total = (C @ P.T).toarray()
        if not total.any():
            return []
        out: list[Link] = []
        for i, child in enumerate(children):
            row = total[i]
            order = np.argsort(-row, kind="stable")[: self.top_k + 3]
            rank = 0
            for j in order:
                score = float(row[j])
                if score < self.min_score or rank >= self.top_k:
                    break
                parts = _block_scores(C, P, i, j, block)
                used = [BLOCKS[b] for b in range(len(BLOCKS)) if parts[b] >= 0.1 * score]
                if used == ["topic"]:
                    continue  # sharing a topic alone is not evidence of carrying a measure out
                rank += 1
                out.append(Link(child.iri, parents[j].iri, round(min(score, 1.0), 4), "+".join(used), rank))
        return out


def _block_scores(C, P, i: int, j: int, block) -> list[float]:
    """How much each kind of evidence adds to the score of child ``i`` and parent ``j``."""
    ci = dict(zip(C.indices[C.indptr[i]:C.indptr[i + 1]], C.data[C.indptr[i]:C.indptr[i + 1]]))
    parts = [0.0] * len(BLOCKS)
    for k, v in zip(P.indices[P.indptr[j]:P.indptr[j + 1]], P.data[P.indptr[j]:P.indptr[j + 1]]):
        w = ci.get(k)
        if w is not None:
            parts[block[k]] += w * v
    return parts


def _matrix(features: list[dict], vocab: dict, idf):
    import numpy as np
    from scipy import sparse

    rows, cols, vals = [], [], []
    for i, f in enumerate(features):
        for key, tf in f.items():
            rows.append(i)
            cols.append(vocab[key])
            vals.append((1.0 + math.log(tf)) if tf >= 1 else tf)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(features), len(vocab)))
    m = m.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = (sparse.diags(1.0 / norms) @ m).tocsr()
    m.sort_indices()
    return m


def measure_features(m: MeasureView, terms: TermIndex) -> dict[tuple[str, str], float]:
    """Weighted frequencies keyed by (space, token); a heading or a broader term counts for less."""
    f: dict[tuple[str, str], float] = {}

    def add(space: str, token: str, w: float = 1.0) -> None:
        f[(space, token)] = f.get((space, token), 0.0) + w

    text = m.text or ""
    for gram in bigrams(text):
        add("ngram", gram)
    if m.heading and m.heading not in text:
        for gram in set(bigrams(m.heading)):
            add("ngram", gram, SOURCE_WEIGHTS["heading"])
    named = terms.find(text)
    for tid in named:
        add("synonym", tid)
    for tid in terms.expand(named) - set(named):
        add("synonym", tid, SOURCE_WEIGHTS["broader"])
    if m.heading:
        for tid in terms.expand(terms.find(m.heading)):
            add("synonym", tid, SOURCE_WEIGHTS["heading"])
    for t in m.targets:
        key = indicator_key(t.indicator)
        if len(key) >= 2:
            add("target", key)
        if t.unit:
            add("unit", f"{t.unit}|{t.year or ''}")
    for name in places_named(text):
        add("place", name)
    for topic in m.topics:
        add("topic", topic)
    return f


def indicator_key(indicator: str | None) -> str:
    """An indicator without its place or scope (全市非化石能源消费比重 → 非化石能源消费比重)."""
    if not indicator:
        return ""
    key = _CLEAN.sub("", indicator)
    for name in sorted(set(places_named(key)), key=len, reverse=True):
        key = key.replace(name, "")
    return _SCOPE.sub("", key)


def bigrams(text: str) -> list[str]:
    """Character bigrams of the words and numbers in a text, common policy verbs removed."""
    out = []
    for chunk in _CLEAN.split(_BOILERPLATE.sub(" ", text)):
        if len(chunk) == 1:
            continue
        out.extend(chunk[i:i + 2] for i in range(len(chunk) - 1))
    return out
