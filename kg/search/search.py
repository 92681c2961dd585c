"""Search over measures: BM25 on jieba words and character bigrams, synonyms from the topic scheme, filters.

``Search.search(q, k, filters)`` returns the CONTRACT.md search body. The
query is normalised like the documents (simplified script, half-width), cut by
the one tokenizer the index was built with, and expanded with the labels of
every topic-scheme term it names (VOCs ↔ 挥发性有机物, 柴油车 ↔ 柴油货车).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from pathlib import Path

from extract.normalize import normalize
from extract.topics import read_topics

from kg.rules import patterns
from kg.vocab import LEVELS as _LEVEL_IRIS
from .index import Hit, MeasureIndex

WORD_BOOST = 1.0
GRAM_BOOST = 0.35
HEAD_BOOST = 0.3
CONTEXT_BOOST = 0.15
SYNONYM_BOOST = 0.6
ROLES = ("lead", "support")
LEVELS = tuple(_LEVEL_IRIS)  # national, province, city, county, township: the level scheme's
KINDS = ("plan", "annual-plan", "task-breakdown", "progress-report")

QUESTION_WORDS = patterns("questions")["question_words"]  # no content: they would match every measure's bigrams


class SearchError(ValueError):
    """A search request that cannot be run (a bad filter value)."""


@dataclass(frozen=True)
class Filters:
    agency: str | None = None
    role: str | None = None  # lead | support
    doc: str | None = None
    place: str | None = None  # a document's place or a place it lies in (苏州市 finds 昆山市's plans too)
    level: str | None = None
    kind: str | None = None
    topic: str | None = None
    due_before: date | None = None
    due_after: date | None = None
    agents: tuple[str, ...] | None = None  # bodies (agency IRIs) chosen already: what ``agency`` names, read
    docs: tuple[str, ...] | None = None  # any of these documents (a question's place, where documents name it)

    def __post_init__(self):
        if self.role is not None and self.role not in ROLES:
            raise SearchError(f"role must be one of {', '.join(ROLES)}")
        if self.level is not None and self.level not in LEVELS:
            raise SearchError(f"level must be one of {', '.join(LEVELS)}")
        if self.kind is not None and self.kind not in KINDS:
            raise SearchError(f"kind must be one of {', '.join(KINDS)}")
        if self.role is not None and self.agency is None and not self.agents:
            raise SearchError("role needs an agency")

    def as_dict(self) -> dict:
        return {f.name: (getattr(self, f.name).isoformat() if isinstance(getattr(self, f.name), date)
                         else getattr(self, f.name)) for f in fields(self)
                if getattr(self, f.name) is not None and f.name not in ("agents", "docs")}


class Synonyms:
    """Synonym sets from the topic scheme's terms: every label of a term stands for the others."""

    def __init__(self, data: dict):
        self.topics: frozenset[str] = frozenset(t["id"] for t in data.get("topic", []) if t.get("id"))
        # lower-cased labels, each once (PM2.5 and pm2.5 are one label; twice would weigh it double)
        self.groups: list[list[str]] = [list(dict.fromkeys(w.lower() for w in t.get("labels", [])))
                                        for t in data.get("term", [])]
        self.by_label: dict[str, list[int]] = {}
        for i, labels in enumerate(self.groups):
            for w in labels:
                self.by_label.setdefault(w, []).append(i)
        alts = sorted(self.by_label, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alts))) if alts else None

    def expand(self, text: str) -> list[str]:
        """Labels of every term the text names, other than those it names itself."""
        if self.pattern is None:
            return []
        low = text.lower()
        named = list(dict.fromkeys(m.group(0) for m in self.pattern.finditer(low)))  # in the text's order: a set's
        out: list[str] = []  # order changes with the interpreter's string hashing, and the query with it
        for w in named:
            for i in self.by_label[w]:
                out += [x for x in self.groups[i] if x not in named and x not in out and x not in low]
        return out


@lru_cache(maxsize=4)
def load_synonyms(path: str | Path) -> Synonyms:
    return Synonyms(read_topics(path))


_PM25 = re.compile(r"(?i)pm\s*2\s*[.。．·]?\s*5(?![\d.])")


def typed(q: str) -> str:
    """A query normalised like the documents, with a term as people type it as documents write it: PM25,
    pm 2.5 → PM2.5 (the one term whose decimal point is dropped when typed)."""
    return _PM25.sub("PM2.5", normalize(q or "").text)


def clean_query(q: str, drop: tuple[str, ...] = ()) -> str:
    """The query normalised like the documents, question words (and ``drop``: places used as filters) dropped."""
    text = typed(q)
    for word in sorted(drop, key=len, reverse=True):
        text = text.replace(word, " ")
    return QUESTION_WORDS.sub(" ", text)


def task_words(q: str) -> str:
    """A query less its asking words, if anything is left; else the query as it is."""
    text = typed(q)
    cleaned = QUESTION_WORDS.sub(" ", text)
    return cleaned if re.search(r"[\w\u4e00-\u9fff]", cleaned) else text


class Search:
    def __init__(self, index: MeasureIndex, synonyms: Synonyms, agencies=None):
        """``agencies(name, place)``: the bodies (IRIs) an agency filter's name means (``kg.search.directory``);
        without it a name matches the names as documents wrote them."""
        self.index = index
        self.synonyms = synonyms
        self.agencies = agencies

    # ------------------------------------------------------------ queries
    def _text_query(self, text: str):
        import tantivy

        schema = self.index.schema
        tok = self.index.tok
        clauses = []

        def add(field_name: str, terms: list[str], boost: float):
            counts: dict[str, int] = {}
            for t in terms:
                counts[t] = counts.get(t, 0) + 1
            for t, n in counts.items():
                q = tantivy.Query.term_query(schema, field_name, t)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost * n)))

        words = tok.words_of(text)  # cut once: jieba is the dearest part of a query
        add("words", words, WORD_BOOST)
        add("grams", tok.bigrams(text), GRAM_BOOST)
        add("head", words, HEAD_BOOST)
        add("context", words, CONTEXT_BOOST)
        for label in self.synonyms.expand(text):
            add("words", tok.words_of(label), SYNONYM_BOOST)
            add("grams", tok.bigrams(label), GRAM_BOOST * SYNONYM_BOOST)
        if not clauses:
            return None
        return tantivy.Query.boolean_query(clauses)

    def _filter_clauses(self, f: Filters) -> list:
        """Must clauses that select and do not score: a term query would add its own BM25 to every hit,
        larger for a measure with fewer topics or agencies, and reorder what the words ranked."""
        import tantivy

        schema = self.index.schema
        out = []

        def must(q):
            out.append((tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)))

        if f.agency or f.agents:
            terms = list(f.agents or ())
            if f.agency and not terms:
                terms = [f.agency] + (list(self.agencies(f.agency, f.place)) if self.agencies else [])
            field_name = f.role or "agency"
            must(tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, field_name, t))
                                              for t in dict.fromkeys(terms)]))
        if f.docs is not None:
            must(tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, "doc", d))
                                              for d in f.docs] or [(tantivy.Occur.Must, tantivy.Query.all_query()),
                                                                   (tantivy.Occur.MustNot, tantivy.Query.all_query())]))
        for name in ("doc", "place", "level", "kind", "topic"):
            value = getattr(f, name)
            if value:
                must(tantivy.Query.term_query(schema, name, value))
        if f.due_before:
            must(tantivy.Query.range_query(schema, "due_min", tantivy.FieldType.Integer, None,
                                           int(f.due_before.strftime("%Y%m%d"))))
        if f.due_after:
            must(tantivy.Query.range_query(schema, "due_max", tantivy.FieldType.Integer,
                                           int(f.due_after.strftime("%Y%m%d")), None))
        return out

    def query(self, text: str, filters: Filters | None = None, match_all: bool = False):
        """The tantivy query for a text and filters; None when there is nothing to match (no words, no
        filters), unless ``match_all``: then every measure."""
        import tantivy

        filters = filters or Filters()
        if filters.topic and self.synonyms.topics and filters.topic not in self.synonyms.topics:
            raise SearchError(f"topic must be one of {', '.join(sorted(self.synonyms.topics))}")
        text_q = self._text_query(text) if text.strip() else None
        musts = self._filter_clauses(filters)
        if text_q is None and not musts and not match_all:
            return None
        if not musts and text_q is not None:
            return text_q
        clauses = list(musts)
        if text_q is not None:
            clauses.append((tantivy.Occur.Must, text_q))
        else:
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def hits(self, text: str, k: int = 10, filters: Filters | None = None, match_all: bool = False) -> list[Hit]:
        q = self.query(text, filters, match_all)
        if q is None:
            return []
        return self.index.run(q, k)

    # ------------------------------------------------------------ the search body
    def search(self, q: str, k: int = 10, filters: Filters | None = None) -> dict:
        """Measures ranked by the words of the task a query names: the asking words of a question (谁, 哪些,
        负责, 什么时候) rank nothing, unless they are all there is (目标 alone is a keyword)."""
        text = task_words(q)
        hits = self.hits(text, k, filters)
        return {"query": q, "filters": (filters or Filters()).as_dict(), "hits": [hit_json(h) for h in hits]}


def words_bm25(index: MeasureIndex, tokens: list[str], k: int = 10) -> list[Hit]:
    """Plain BM25 over the ``words`` field alone, each occurrence of a token counting once more (as rank-bm25
    counts a repeated query token): the part of the ranking rank-bm25 is the reference for (tests/kg)."""
    import tantivy

    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    if not counts:
        return []
    clauses = [(tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(index.schema, "words", t),
                                                               float(n))) for t, n in counts.items()]
    return index.run(tantivy.Query.boolean_query(clauses), k)


def hit_json(h: Hit) -> dict:
    r = h.row
    return {"measure_id": r.get("measure_id") or r["id"], "iri": r["id"], "doc": r["doc"], "text": r["text"], "score": round(h.score, 4),
            "heading": r.get("heading"), "lead": r.get("lead", []), "support": r.get("support", []),
            "deadlines": r.get("deadlines", []), "targets": r.get("targets", []), "topics": r.get("topics", []),
            "jurisdiction": r.get("jurisdiction"), "level": r.get("level"), "start": r.get("start"),
            "end": r.get("end")}
