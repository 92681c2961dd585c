"""Answering questions: read the question, decide where and when it asks about, retrieve measures, rank them
for what is asked, answer.

The body is CONTRACT.md's: ``{"question", "intent", "answers": [...]}`` best first, each answer with the
measure, its lead and support agencies, deadlines, targets and its source (document, section, character
span); beside them ``summary``, the one line that answers directly, ``today``, the day time is reckoned
from, and ``notice`` where the knowledge base cannot answer for the place asked about. A question for a
list of tasks (an agency's, a place's, those due in a window) lists them, ordered by deadline.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from extract.places import gazetteer
from extract.registry import Registry

from kg.rules import patterns

from .answer import answer_json, direct
from .due import IMPLIED_KINDS, due_within
from .figures import matching_target, progress_toward, subject_words
from .index import Hit
from .question import Question, opening_name, read_question
from .search import Filters, Search, clean_query

CANDIDATES = 60
ANSWERS = 10
LISTED = 1000  # most tasks a list answers with
COVERAGE = 0.3  # weight of the share of the question's words a measure says
PLACE_SAID = 0.3  # a measure that names a place the question names, where no document of that place narrows
OWN_PLACE = 0.3  # a document of the very place the question names, before those of places within it
HOME, HOME_MATCH = 1.0, 0.4  # the knowledge base's own place first, for a measure matching this well of the best


@dataclass
class Where:
    """Where a question asks about: a place whose documents answer, or the documents of no known place that
    name it; ``notice`` says what the knowledge base lacks; ``nowhere``: nothing may answer for it."""

    place: str | None = None
    docs: tuple[str, ...] | None = None
    notice: str | None = None
    nowhere: bool = False
    words: tuple[str, ...] = ()  # the words that named the document asked about: not the task's

    def filters(self, **more) -> Filters:
        return Filters(place=self.place, docs=self.docs, **more)


@dataclass
class Asker:
    search: Search
    registry: Registry
    directory: object = None  # kg.search.directory.Directory: agencies by the names people write
    today: date = field(default_factory=date.today)

    def ask(self, q: str) -> dict:
        question = read_question(q, self.registry, self.directory.names_pattern() if self.directory else None,
                                 self.search.index.tok.words_of)
        where = self._where(question)
        body = {"question": q, "intent": question.intents, "place": where.place, "today": self.today.isoformat()}
        if where.notice:
            body["notice"] = where.notice
        if where.nowhere:
            return {**body, "answers": []}
        if "tasks" in question.intents:
            return {**body, **self._tasks(q, question, where)}
        return {**body, **self._answers(q, question, where)}

    # ------------------------------------------------------------ where
    def _where(self, question: Question) -> Where:
        """The most specific place named that documents are of; else the documents of unknown place that name
        it; else a place containing it, said so; else, for a place the question surely names, nowhere."""
        named_doc = self._document_named(question.text)
        if named_doc is not None:
            return Where(docs=(named_doc[0],), words=(named_doc[1],))
        opening = opening_name(question.text)
        if opening and not question.places:  # a place the gazetteer does not hold, as the titles write it
            titled = tuple(sorted(d for d, title in self._normal_titles().items() if title.startswith(opening)))
            if titled:
                return Where(docs=titled, words=(opening,))
        known = self.search.index.known_places()
        info = self.search.index.settings.get("doc_info", {})
        rank = {"county": 0, "city": 1, "province": 2}
        for p in sorted(question.places, key=lambda p: rank[p.rank]):
            if p.name in known:
                own = sorted({i["jurisdiction"] for i in info.values() if p.name in (i.get("places") or [])})
                if p in question.named and p.name not in own:  # only places within it have documents
                    return Where(place=p.name, notice=f"知识库中没有{p.name}本级的文件；以下答案来自{p.name}内"
                                                      f"{'、'.join(own)}的文件。")
                return Where(place=p.name)
        g = gazetteer()
        for p in sorted(question.named, key=lambda p: rank[p.rank]):
            docs = self._documents_naming(p)
            if docs:
                return Where(docs=docs)
        if not question.named:
            return Where()
        p = sorted(question.named, key=lambda p: rank[p.rank])[0]
        if any(not i.get("jurisdiction") for i in info.values()):
            # documents whose place was not read may be its: answer from all, and say none is marked as its
            return Where(notice=f"知识库中没有标明属于{p.name}的文件；以下答案来自未标明地区的文件或其他地区，请核对来源。")
        for up in g.ancestors(p) + [None]:  # the documents of a place it lies in (its province's, the country's)
            name = up.name if up is not None else "全国"
            docs = tuple(sorted(d for d, i in info.items() if i.get("jurisdiction") == name))
            if docs:
                return Where(docs=docs, notice=f"知识库中没有{p.name}的文件；以下答案来自适用于{p.name}的{name}文件。")
        return Where(nowhere=True, notice=f"知识库中没有{p.name}的文件，无法回答关于{p.name}的问题；"
                                          f"其他地区的措施不能当作{p.name}的措施。")

    def _document_named(self, text: str) -> tuple[str, str] | None:
        """The one document a question names by its title (《…》, or …工作总结里, 那份…方案中): the title that
        holds the longest run of the reference's characters, its kind word included, if no other holds as long."""
        refs = [m.group(1) for m in _QUOTED.finditer(text)] + [m.group("ref") for m in _DOC_REF.finditer(text)]
        if not refs:
            return None
        best: dict[str, tuple[int, str]] = {}
        for ref in refs:
            for d, title in self._normal_titles().items():
                n = _common_run(ref, title)
                if (n >= 6 or (n >= 4 and n == len(ref))) and n > best.get(d, (0, ""))[0]:
                    best[d] = (n, ref)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda x: -x[1][0])
        if len(ranked) > 1 and ranked[0][1][0] == ranked[1][1][0]:
            return None
        return ranked[0][0], ranked[0][1][1]

    def _normal_titles(self) -> dict[str, str]:
        index = self.search.index
        if "normal_titles" not in index.derived:
            index.derived["normal_titles"] = {d: normalize_title(i.get("doc_title") or "")
                                              for d, i in index.settings.get("doc_info", {}).items()}
        return index.derived["normal_titles"]

    def _documents_naming(self, place) -> tuple[str, ...]:
        """Documents whose place was not read that name this place in their title or text."""
        info = self.search.index.settings.get("doc_info", {})
        unplaced = {d for d, i in info.items() if not i.get("places")}
        if not unplaced:
            return ()
        names = [place.name] + ([place.short] if len(place.short) >= 2 else [])  # 雨花分局, 幸福钟楼
        docs = {d for d in unplaced if any(n in (info[d].get("doc_title") or "") for n in names)}
        for h in self.search.hits(" ".join(names), 100, Filters(docs=tuple(sorted(unplaced)))):
            if any(n in (h.row.get("text_norm") or h.row["text"]) for n in names):
                docs.add(h.row["doc"])
        return tuple(sorted(docs))

    # ------------------------------------------------------------ one measure that answers
    def _answers(self, q: str, question: Question, where: Where) -> dict:
        narrowed = where.place is not None or where.docs is not None
        text = clean_query(q, (tuple(question.place_words) if narrowed else ()) + where.words)
        hits: list[Hit] = self.search.hits(text, CANDIDATES, where.filters()) if narrowed else []
        out: dict = {}
        if narrowed and not hits:
            if where.docs is None and question.named:
                out["notice"] = f"{where.place}的文件中没有找到相关措施。"
                return {**out, "answers": []}
            hits = self.search.hits(text, CANDIDATES)
        elif not narrowed:
            hits = self.search.hits(text, CANDIDATES)
        agents = self._agents(question, where.place)
        # places the question may name that did not decide where it is answered from (桂平 in 贵港's plan)
        said = tuple(w for w in question.place_words if not (where.place and (where.place.startswith(w) or w.startswith(where.place))))
        words = subject_words(q, self.search) if "howmuch" in question.intents else []
        ranked = rerank(question, hits, Context(agents=agents, words=words, titles=self._titles(text), named=bool(where.words),
                                                concepts=self._concepts(text),
                                                home=None if question.places or question.levels else self._home(),
                                                own=where.place,
                                                synonyms=self._phrase_variants(question.phrases), places=said))
        answers = [answer_json(h, s) for s, h in ranked[:ANSWERS]]
        if answers:
            out["summary"] = self._summary(question, ranked[0][1].row, answers[0], words)
        return {**out, "answers": answers}

    def _summary(self, question: Question, row: dict, answer: dict, words: list[str]) -> dict:
        target = progress = None
        if "howmuch" in question.intents:
            target = matching_target(row, words, question.year)
            if target is not None:
                progress = progress_toward(self.search, row, target, words)
                answer["progress"] = progress
        whether = None
        if question.whether and question.agencies:
            leads = set(row.get("lead_agents", []))
            leading = [n for n in question.agencies
                       if (self.directory is not None and set(self.directory.resolve(n).iris) & leads)
                       or any(same_agency(n, x, self.registry) for x in answer["lead"])]
            whether = (question.agencies, leading, "还是" in question.text)
        return direct(answer, question.intents, target, progress, whether)

    def _agents(self, question: Question, place: str | None) -> list[str]:
        if self.directory is None:
            return []
        out: list[str] = []
        for name in question.agencies:
            out += self.directory.resolve(name, place).iris or self.directory.resolve(name).iris
        return out

    def _concepts(self, text: str) -> list[set[str]]:
        """The question's content words, each with the topic scheme's other labels for it (晚上 → 夜间, 夜里):
        a measure that says each of them, in any of its words, answers more of the question."""
        syn = self.search.synonyms
        out: list[set[str]] = []
        for w in dict.fromkeys(w for w in self.search.index.tok.words_of(text) if len(w) >= 2 and not w.isdigit()):
            labels = {w} | {x for i in syn.by_label.get(w, []) for x in syn.groups[i]}
            if not any(labels & c for c in out):
                out.append(labels)
        return out

    def _phrase_variants(self, phrases: list[str]) -> dict[str, list[str]]:
        """Each phrase of the question as a document may write it: a term of the topic scheme it names replaced by
        the term's other labels (PM2.5平均浓度 → 细颗粒物平均浓度; 晚上噪声 → 夜间噪声)."""
        syn = self.search.synonyms
        out: dict[str, list[str]] = {}
        for p in (p.lower() for p in phrases):
            if syn.pattern is None:
                break
            for m in syn.pattern.finditer(p):
                for i in syn.by_label[m.group(0)]:
                    out.setdefault(p, []).extend(p[:m.start()] + w + p[m.end():] for w in syn.groups[i]
                                                 if w != m.group(0) and len(w) >= 2)
        return out

    def _titles(self, text: str) -> dict[str, float]:
        """How much of the question each document's title says (IDF over titles): a question that names its
        document (2021年上半年那份工作总结, 杨凌2018年…责任书) looks there first."""
        index = self.search.index
        tok = index.tok
        if "title_words" not in index.derived:  # a title's words, cut once a version of the index
            index.derived["title_words"] = {d: set(tok.words_of(i.get("doc_title") or ""))
                                            for d, i in index.settings.get("doc_info", {}).items()}
        titles = index.derived["title_words"]
        words = {w for w in tok.words_of(text) if len(w) >= 2}
        n = len(titles)
        df = {w: sum(w in t for t in titles.values()) for w in words}
        idf = {w: math.log((n + 1) / (df[w] + 0.5)) for w in words if df[w]}
        return {d: sum(idf.get(w, 0.0) for w in words & t) for d, t in titles.items() if words & t}

    def _home(self) -> str | None:
        """The place most of the knowledge base's documents are of: what a question that names none speaks
        from (the city of the knowledge base's documents)."""
        index = self.search.index
        if "home" not in index.derived:
            index.derived["home"] = self._count_home(index.settings.get("doc_info", {}))
        return index.derived["home"]

    @staticmethod
    def _count_home(info: dict) -> str | None:
        counts: dict[str, int] = {}
        for i in info.values():
            if i.get("jurisdiction"):
                counts[i["jurisdiction"]] = counts.get(i["jurisdiction"], 0) + 1
        best = max(sorted(counts), key=counts.get) if counts else None
        return best if best and counts[best] * 2 > len(info) else None  # most of them, or none speaks for all

    # ------------------------------------------------------------ lists of tasks
    def _tasks(self, q: str, question: Question, where: Where) -> dict:
        """An agency's tasks, a place's, those due in a window (or any of these at once), by deadline; with
        words about the task left in the question, those that match them."""
        out: dict = {"agency": question.agency}
        agents: tuple[str, ...] | None = None
        if question.agency:
            found = self.directory.resolve(question.agency, where.place) if self.directory else None
            if found is not None and not found.agencies:
                found = self.directory.resolve(question.agency)
            if found is not None:
                if not found.agencies:
                    near = "、".join(a.label for a in found.suggestions)
                    return {**out, "notice": f"知识库中没有“{question.agency}”这个部门的任务" + (f"；相近的部门：{near}" if near else "") + "。",
                            "suggestions": [a.to_json() for a in found.suggestions], "answers": [],
                            "groups": {"lead": [], "support": []}}
                agents = tuple(a.iri for a in found.first_place)
                out["agencies"] = [a.to_json() for a in found.first_place]
                out["others"] = [a.to_json() for a in found.elsewhere]
        window = question.window.span(self.today) if question.window else None
        if question.window:
            out["window"] = question.window.to_json(self.today)
        text = clean_query(q, tuple(question.place_words + question.agencies + ([question.window.phrase] if question.window else [])))
        words = bool(re.search(r"[\w\u4e00-\u9fff]{2}", _LIST_WORDS.sub(" ", text)))
        groups = {}
        roles = ("lead", "support") if agents or question.agency else (None,)
        if roles != (None,) and _SUPPORTS.search(question.text) and not _LEADS.search(question.text):
            roles = ("support",)  # 城管局配合哪些任务: those it supports
        elif roles != (None,) and _LEADS.search(question.text) and not _SUPPORTS.search(question.text):
            roles = ("lead",)  # 发改委牵头哪些工作: those it leads
        for role in roles:
            f = where.filters(agents=agents, role=role) if agents else where.filters(agency=question.agency, role=role)
            hits = self._listed(text if words else "", f, window)
            groups[role or "all"] = [answer_json(h, h.score if words else 0.0) for h in hits]
        if (words or window) and agents and not any(groups.values()) and out.get("others"):
            # none of its tasks is what is asked (住建局牵头的民生实事, 区发改局今年要完成什么): the namesakes' that are
            everyone = [a for a in found.agencies if a.tasks]
            agents = tuple(a.iri for a in everyone)
            for role in roles:
                hits = self._listed(text if words else "", where.filters(agents=agents, role=role), window)
                groups[role or "all"] = [answer_json(h, h.score if words else 0.0) for h in hits]
            if any(groups.values()):
                out["agencies"], out["others"] = [a.to_json() for a in everyone], []
        if "all" in groups:
            return {**out, "answers": groups["all"]}
        groups = {"lead": groups.get("lead", []), "support": groups.get("support", [])}
        return {**out, "groups": groups, "answers": groups["lead"] + groups["support"]}

    def _listed(self, text: str, f: Filters, window: tuple | None) -> list[Hit]:
        """The measures a list answers with: matching the words (best first) or all (by deadline), in the
        window if one is asked about."""
        if window is not None:
            start, end = window
            dated = self.search.hits(text, LISTED, _with(f, due_before=end, due_after=start))
            annual = [h for kind in IMPLIED_KINDS for h in self.search.hits(text, LISTED, _with(f, kind=kind))]
            seen, hits = set(), []
            for h in dated + annual:
                if h.row["id"] not in seen and due_within(h.row, start, end):
                    seen.add(h.row["id"])
                    hits.append(h)
            return hits if text else by_deadline(hits, window)
        if not text and f == Filters():
            return []
        hits = self.search.hits(text, LISTED, f, match_all=not text)
        return hits if text else by_deadline(hits)


_KINDS = r"(?:实施方案|工作方案|方案|行动计划|计划|工作要点|要点|工作总结|总结|报告|意见|通知|规划|分解表|任务表|清单|责任书|工作思路|细则|办法)"
_QUOTED = re.compile(r"《([^》]{2,60})》")
_DOC_REF = re.compile(r"(?:那份|这份|该|那个|这个)?(?P<ref>[^，,。？?！!《》]{2,40}?" + _KINDS + r")(?:里|中|内|上|当中|里面|提到|说|要求)")


def normalize_title(title: str) -> str:
    from extract.normalize import normalize

    return normalize(title).text


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters two texts share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


_SUPPORTS = patterns("questions")["support_word"]
_LEADS = patterns("questions")["lead_word"]
_LIST_WORDS = patterns("questions")["list_words"]  # the asking words of a listing question


def _with(f: Filters, **more) -> Filters:
    from dataclasses import replace

    return replace(f, **more)


def by_deadline(hits: list[Hit], window: tuple | None = None) -> list[Hit]:
    def key(h: Hit):
        if window is not None:
            dues = [d.isoformat() for d, _ in due_within(h.row, *window)]
        else:
            dues = sorted(d["due"] for d in h.row.get("deadlines", []) if d.get("due"))
        return (dues[0] if dues else "9999-12-31", h.row["doc"], h.row.get("ordinal", 0))
    return sorted(hits, key=key)


@dataclass
class Context:
    """What ranks measures besides their words: the agencies the question names (IRIs), the words it asks a
    figure of, how much each document's title says of it, the place it names (湖南's own report before those of
    its cities) and the place it speaks from when it names none."""

    agents: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    titles: dict[str, float] = field(default_factory=dict)
    home: str | None = None
    named: bool = False  # the question names the document it asks about (a report's own figures then answer)
    concepts: list[set[str]] = field(default_factory=list)  # the question's words, each with its synonyms
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # a phrase → the scheme's other labels for it
    places: tuple[str, ...] = ()  # the words of places the question names that no filter stands for
    own: str | None = None  # the place the question names and is answered for


def same_agency(asked: str, written: str, registry: Registry) -> bool:
    """Whether a name a question asks about and a name a document wrote are one agency by their words: the
    one ends the other (环保局, 区环保局), or both end in one function of the registry (环保局, 区生态环境局)."""
    if asked.endswith(written) or written.endswith(asked):
        return True
    a, w = registry.function_at_end(asked), registry.function_at_end(written)
    if a is None and asked in registry.spoken_by_name:
        a = (registry.spoken_by_name[asked], "")
    return a is not None and w is not None and a[0].id == w[0].id and (not a[1] or not w[1] or a[1] == w[1])


def _names(body: str, name: str) -> bool:
    """Whether a measure's text names an agency: its name, or its name less a level before it (市交通局 → 交通局)."""
    return name in body or (len(name) > 3 and name[1:] in body)


def rerank(question: Question, hits: list[Hit], ctx: Context | None = None) -> list[tuple[float, Hit]]:
    """BM25 relative to the best hit, plus what the question asks for that a measure can show."""
    if not hits:
        return []
    ctx = ctx or Context()
    top = max(h.score for h in hits) or 1.0
    phrases = [p.lower() for p in question.phrases]
    phrases += [w for p in phrases for w in ctx.synonyms.get(p, [])]  # PM2.5 said, 细颗粒物 written
    agents = set(ctx.agents)
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
            if any(_names(body, name) for name in row["lead"]):
                s += 0.1  # the measure itself says who, not its document or section
            if question.body_kind and any(question.body_kind.search(name) for name in row["lead"]):
                s += 0.15  # the kind of body asked for (哪个局, 哪些主管部门)
        if "support" in question.intents and row.get("support"):
            s += 0.2
        if agents and agents & set(row.get("lead_agents", []) + row.get("support_agents", [])):
            s += 0.15  # the agency the question names is this measure's
        if "howmuch" in question.intents and row.get("targets"):
            s += 0.25
            if ctx.words and matching_target(row, ctx.words) is not None:
                s += 0.4  # a target of what the question asks a figure of
        if "howmuch" in question.intents and row.get("kind") == "progress-report" and not ctx.named and not (
                ctx.words and matching_target(row, ctx.words)):
            s -= 0.3  # a report's figure is progress, not the target asked for
        if question.year and (row.get("plan_year") == question.year or
                              any(d.get("due", "") and d["due"].startswith(str(question.year))
                                  for d in row.get("deadlines", []))):
            s += 0.15
        if row.get("level") in question.levels:
            s += 0.3
        if ctx.places and any(w in said for said in [body, *row.get("lead", []), *row.get("support", [])]
                              for w in ctx.places):
            s += PLACE_SAID  # a place asked about that no document is of: the measures that name it or its bodies
        if ctx.own and row.get("jurisdiction") == ctx.own:
            s += OWN_PLACE  # the place named speaks for itself before the places within it
        if ctx.home and row.get("jurisdiction") == ctx.home:
            # no place asked: the place the knowledge base speaks from decides, where it says the task at all
            s += HOME if h.score / top >= HOME_MATCH else 0.1
        s += min(0.3, 0.1 * ctx.titles.get(row["doc"], 0.0))  # the question names the document
        low = body.lower()
        if len(ctx.concepts) >= 2:  # how many of the question's words it says, by any label
            s += COVERAGE * sum(any(w in low for w in c) for c in ctx.concepts) / len(ctx.concepts)
        if any(p in low for p in phrases):
            s += 0.3  # the question's own wording of the task, word for word
        if row.get("title_only") and question.intents != ["what"]:
            s -= 0.3  # an item's title names the task; the sentences under it answer
        out.append((s, h))
    out.sort(key=lambda t: (-t[0], t[1].row["doc"], t[1].row.get("ordinal", 0)))
    return out
