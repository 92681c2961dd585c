"""Answering questions: read the question, retrieve measures, rank them for what is asked, answer.

The body is CONTRACT.md's: ``{"question", "intent", "answers": [...]}`` best
first, each answer with the measure, its lead and support agencies,
deadlines, targets and its source (document, section, character span). A
question about an agency's tasks lists them grouped by role, ordered by
deadline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.registry import Registry

from .index import Hit
from .question import Question, read_question
from .search import Filters, Search, clean_query

CANDIDATES = 60
ANSWERS = 10


@dataclass
class Asker:
    search: Search
    registry: Registry

    def ask(self, q: str) -> dict:
        question = read_question(q, self.registry)
        if "tasks" in question.intents:
            return self._tasks(q, question)
        place = self._place_filter(question)
        # a place used as a filter is no content to match
        text = clean_query(q, tuple(question.place_words) if place else ())
        hits: list[Hit] = []
        if place:
            hits = self.search.hits(text, CANDIDATES, Filters(place=place))
        if not hits:
            hits = self.search.hits(text, CANDIDATES)
        ranked = rerank(question, hits)[:ANSWERS]
        return {"question": q, "intent": question.intents, "place": place,
                "answers": [answer_json(h, s) for s, h in ranked]}

    def _place_filter(self, question: Question) -> str | None:
        """The most specific place the question names that the knowledge base has documents of."""
        if not question.places:
            return None
        known = self.search.index.known_places()
        for p in sorted(question.places, key=lambda p: {"county": 0, "city": 1, "province": 2}[p.rank]):
            if p.name in known:
                return p.name
        return None

    def _tasks(self, q: str, question: Question) -> dict:
        place = self._place_filter(question)
        lead = self.search.hits("", 1000, Filters(agency=question.agency, role="lead", place=place))
        support = self.search.hits("", 1000, Filters(agency=question.agency, role="support", place=place))
        lead, support = by_deadline(lead), by_deadline(support)
        return {"question": q, "intent": ["tasks"], "agency": question.agency, "place": place,
                "groups": {"lead": [answer_json(h, 0.0) for h in lead], "support": [answer_json(h, 0.0) for h in support]},
                "answers": [answer_json(h, 0.0) for h in lead + support]}


def by_deadline(hits: list[Hit]) -> list[Hit]:
    def key(h: Hit):
        dues = sorted(d["due"] for d in h.row.get("deadlines", []) if d.get("due"))
        return (dues[0] if dues else "9999-12-31", h.row["doc"], h.row.get("ordinal", 0))
    return sorted(hits, key=key)


def rerank(question: Question, hits: list[Hit]) -> list[tuple[float, Hit]]:
    """BM25 relative to the best hit, plus what the question asks for that a measure can show."""
    if not hits:
        return []
    top = max(h.score for h in hits) or 1.0
    phrases = [p.lower() for p in question.phrases]
    out = []
    for h in hits:
        row = h.row
        body = row.get("text_norm") or row["text"]
        s = h.score / top
        values = {float(t["value"]) for t in row.get("targets", []) if t.get("value") is not None}
        for n in question.numbers:
            if re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", body):
                s += 0.35
            if float(n) in values:
                s += 0.4  # the figure the question quotes is this measure's target
        dated = any(d.get("due") for d in row.get("deadlines", []))
        if "when" in question.intents and dated:
            s += 0.3
        if "who" in question.intents and row.get("lead"):
            s += 0.2
        if "howmuch" in question.intents and row.get("targets"):
            s += 0.25
        if question.year and (row.get("plan_year") == question.year or
                              any(d.get("due", "") and d["due"].startswith(str(question.year))
                                  for d in row.get("deadlines", []))):
            s += 0.15
        if row.get("level") in question.levels:
            s += 0.3
        low = body.lower()
        if any(p in low for p in phrases):
            s += 0.3  # the question's own wording of the task, word for word
        if row.get("title_only") and question.intents != ["what"]:
            s -= 0.3  # an item's title names the task; the sentences under it answer
        out.append((s, h))
    out.sort(key=lambda t: (-t[0], t[1].row["doc"], t[1].row.get("ordinal", 0)))
    return out


def answer_json(h: Hit, score: float) -> dict:
    r = h.row
    return {"measure_id": r.get("measure_id") or r["id"], "iri": r["id"], "doc": r["doc"], "doc_title": r.get("doc_title"), "text": r["text"],
            "heading": r.get("heading"), "section": r.get("headings", []), "lead": r.get("lead", []),
            "support": r.get("support", []), "deadlines": r.get("deadlines", []), "targets": r.get("targets", []),
            "jurisdiction": r.get("jurisdiction"), "level": r.get("level"), "start": r.get("start"),
            "end": r.get("end"), "score": round(score, 4)}
