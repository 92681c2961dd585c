"""Measure-level audit links: which measures of an ancestor document a measure carries out.

Each measure becomes one weighted vector of features, IDF-weighted over the two
documents' measures:

- ``ngram``    character bigrams of the text (and, lighter, of its heading),
               without the words that carry no topic (``kg/rules/link.toml``);
- ``synonym``  the domain terms of the topic scheme the text names by any label
               (PM2.5 and 细颗粒物 are one term), and the broader terms above them
               (光伏 and 风电 are 非化石能源);
- ``target``   the indicators and units of its quantified targets;
- ``place``    the places it names (``extract.places``);
- ``topic``    its topics.

A goal carries out what a measure does when it covers the measure: a link's
``score`` (0 to 1) is the share of the child's weighted features the parent
also has, weighed with their cosine (``cover^0.75 · cosine^0.25``), so a plan's
whole item (（五）…蓝天保卫战…) ranks above a short sentence that shares one
word with it. ``share`` is the score over the child's best score in the same
ancestor document (1 for the best), and ``supported`` says whether the two
share a term, a target or enough words (``kg/rules/link.toml``): a trail shows a
link only when it is supported and close enough to the best (``kg/trace.py``).

``method`` lists the features that carried at least a tenth of the cosine;
``evidence`` names what they share. The links of a (document, ancestor) pair
depend on those two documents alone, so adding or removing a third document
never changes them. What a document writes around its measures (a preamble, an
addressee line: ``preamble``) is never linked.
"""
from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass

from kg.jurisdiction import places_named
from kg.rules import load_rules
from kg.schemes import TermIndex
from .preamble import part_of

WEIGHTS = {"ngram": 1.0, "synonym": 2.5, "target": 2.0, "unit": 0.4, "place": 1.0, "topic": 0.6}
SOURCE_WEIGHTS = {"heading": 0.35, "broader": 0.5}  # how much a heading's or a broader term's token counts
BLOCKS = ("ngram", "synonym", "target", "place", "topic")  # how ``method`` names the evidence
_BLOCK_OF = {"ngram": "ngram", "synonym": "synonym", "target": "target", "unit": "target", "place": "place",
             "topic": "topic"}
_CLEAN = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")
_SCOPE = re.compile(r"^(?:全国|全省|全市|全县|全区|全域|重点区域|我省|我市|我县|我区)")
_WORDS = load_rules("link")["words"]
_BOILERPLATE = re.compile("(?:" + "|".join(_WORDS[k] for k in ("roles", "verbs", "generic")) + ")")
_SUPPORT = load_rules("link")["support"]
COVER_WEIGHT = 0.75  # how much the share of the child covered counts beside the cosine in a link's score


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
    share: float = 1.0  # the score over the child's best score in this ancestor document
    supported: bool = True  # shares a term, a target or enough words
    evidence: str = ""  # what the two share: terms first, then words (秸秆禁烧、焚烧)


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
        """The best ``top_k`` parents of each child measure, best first, scores above ``min_score``; neither a
        child nor a parent is a preamble."""
        children = [m for m in children if part_of(m.text) is None]
        parents = [m for m in parents if part_of(m.text) is None]
        if not children or not parents:
            return []
        import numpy as np

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
        cosine = (C @ P.T).toarray()
        if not cosine.any():
            return []
        pattern = P.copy()
        pattern.data[:] = 1.0
        cover = (C.multiply(C) @ pattern.T).toarray()  # the share of each child's weight its parent also has
        total = np.power(np.clip(cover, 0, 1), COVER_WEIGHT) * np.power(np.clip(cosine, 0, 1), 1 - COVER_WEIGHT)
        out: list[Link] = []
        for i, child in enumerate(children):
            row = total[i]
            order = np.argsort(-row, kind="stable")[: self.top_k + 3]
            best = float(row[order[0]]) if len(order) else 0.0
            rank = 0
            for j in order:
                score = float(row[j])
                if score < self.min_score or rank >= self.top_k:
                    break
                parts = _block_scores(C, P, i, j, block)
                used = [BLOCKS[b] for b in range(len(BLOCKS)) if parts[b] >= 0.1 * float(cosine[i, j])]
                if used == ["topic"] or not used:
                    continue  # sharing a topic alone is not evidence of carrying a measure out
                rank += 1
                supported, evidence = self.evidence(child, fc[i], fp[j])
                out.append(Link(child.iri, parents[j].iri, round(min(score, 1.0), 4), "+".join(used), rank,
                                round(score / best, 4) if best else 0.0, supported, evidence))
        return out

    def evidence(self, child: MeasureView, fc: dict, fp: dict) -> tuple[bool, str]:
        """Whether two measures share a term, a target or enough words, and those, as a reader would name them."""
        weight = _SUPPORT["min_term_weight"]
        terms = [tid for (space, tid), w in fc.items()
                 if space == "synonym" and w >= weight and fp.get((space, tid), 0.0) >= weight]
        targets = [t for (space, t) in fc if space == "target" and (space, t) in fp]
        grams = {g for (space, g) in fc if space == "ngram" and (space, g) in fp}
        words = _runs(child.text, grams)
        supported = bool(terms or targets) or len(grams) >= _SUPPORT["min_bigrams"]
        named = [self.terms.labels(t)[0] for t in sorted(terms) if t in self.terms.terms] + sorted(targets)
        return supported, "、".join(dict.fromkeys(named + words))


def _runs(text: str, grams: set[str]) -> list[str]:
    """The stretches of ``text`` made of shared bigrams (秸秆禁烧 from 秸秆, 秆禁, 禁烧), longest first."""
    if not grams:
        return []
    covered = [False] * len(text)
    for i in range(len(text) - 1):
        if text[i:i + 2] in grams:
            covered[i] = covered[i + 1] = True
    runs, i = [], 0
    while i < len(text):
        if covered[i]:
            j = i
            while j < len(text) and covered[j]:
                j += 1
            runs.append(text[i:j])
            i = j
        else:
            i += 1
    runs = sorted(dict.fromkeys(runs), key=lambda r: (-len(r), runs.index(r)))
    return [r for i, r in enumerate(runs) if not any(r in longer for longer in runs[:i])]


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
