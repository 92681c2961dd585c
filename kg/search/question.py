"""What a question asks and where: intent (who, who supports, when, how much, which tasks), places, agency,
figures, year, and the time it asks about.

Deterministic reading of questions as staff type them (谁牵头VOCs综合治理？什么时候完成？,
市交通局负责哪些任务, 郑州的氢能任务谁负责, 是不是环保局牵头？, 配合单位有哪些, 哪些任务已经逾期);
no language model. Reading never fails: any text is some question, perhaps one with no words to match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from extract.places import Place, gazetteer
from extract.registry import Registry
from extract.trie import compile_words

from kg.rules import compiled, load_rules, patterns

from .search import typed
from .window import Window, read_window

# how staff ask: kg/rules/questions.toml
_WORDS = patterns("questions")
INTENTS = {rule_id: p for rule_id, p, _ in compiled("questions", "intent")}  # who, support, when, howmuch
_LISTING = _WORDS["listing"]
# the kind of body a who question asks for, and what a lead of that kind is named: 哪个局 → …局, 哪些主管部门
_BODY_KINDS = [(re.compile(kind["asks"]), kind["named"]) for kind in load_rules("questions")["body_kind"]]
_ROLE_WORD = _WORDS["role_word"]
_SUPPORT_WORD = _WORDS["support_word"]
_ASKS_WHETHER = _WORDS["asks_whether"]
_LEVEL_HINTS = {rule_id: p for rule_id, p, _ in compiled("questions", "level_hint")}
_NATIONAL = _LEVEL_HINTS["national"]
_NUMBER = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)(?![\d.])")  # not a term's digits (PM2.5, PM10)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PLACE_NEXT = _WORDS["place_next"]  # right after a county's short name: a place is meant (平湖的…, 蔡甸2025年…)
_LEVEL_CHARS = "省市县区州旗盟"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Question:
    text: str  # normalised
    intents: list[str]
    places: list[Place] = field(default_factory=list)  # every place it may name (a filter where documents are)
    national: bool = False
    agency: str | None = None  # the agency as the question writes it (苏州市交通运输局, 环保局, 市交通局)
    agency_place: Place | None = None  # the place written in the agency's name
    numbers: list[str] = field(default_factory=list)
    year: int | None = None
    levels: list[str] = field(default_factory=list)  # the level the question speaks from (全县 → county, 全镇 → township)
    place_words: list[str] = field(default_factory=list)  # the words that named the places
    phrases: list[str] = field(default_factory=list)  # the question's own wording of the task, longest first
    named: list[Place] = field(default_factory=list)  # the places it surely names: what a notice is about
    agencies: list[str] = field(default_factory=list)  # every agency it names, in order (是X还是Y)
    window: Window | None = None  # the time it asks about (已经逾期, 今年到期, 2025年底前)
    listing: bool = False  # it asks for a list of tasks (哪些任务, 要完成什么)
    whether: bool = False  # it asks whether an agency named is the one (是不是X牵头, 是X还是Y)
    body_kind: re.Pattern | None = None  # the kind of body it asks for: what such a body's name looks like


# what a question wraps around the task it names: asking words, scaffolding, punctuation
_SCAFFOLD = re.compile("|".join(p.pattern for p in [*INTENTS.values(), _LISTING, _WORDS["scaffold"]]))


def task_phrases(text: str, names: list[str]) -> list[str]:
    """Spans of four or more characters the question says about the task itself, longest first: a measure that
    repeats one of them word for word is more likely the one meant than one that shares scattered words."""
    for w in sorted(names, key=len, reverse=True):  # places and agencies are not the task
        if w:
            text = text.replace(w, " ")
    spans = {p.strip("的") for p in _SCAFFOLD.split(text)}
    return sorted((p for p in spans if len(p) >= 4), key=lambda p: (-len(p), p))


def read_question(q: str, registry: Registry, names: re.Pattern | None = None,
                  words: Callable[[str], list[str]] | None = None) -> Question:
    """``names``: a pattern of the agency names the knowledge base holds (``kg.search.directory``), read before the
    registry's forms, so that a name no registry knows (苏州海关) is read too; ``words``: the index's tokenizer,
    by which a short form inside a longer word (人行 in 人行天桥) is no agency."""
    text = typed(q).strip()
    intents = [name for name, p in INTENTS.items() if p.search(text)]
    found = agencies_in(text, registry, names, words)
    agency_names = [a for _, _, a, _ in found]
    agency = agency_names[0] if agency_names else None
    whether = bool(found) and bool(_ASKS_WHETHER.search(text)) and bool(_ROLE_WORD.search(text) or _SUPPORT_WORD.search(text))
    if whether:  # 是不是环保局牵头, 是X还是Y, 牵头的是环保局吗: who (or who supports), not which tasks
        role = "support" if _SUPPORT_WORD.search(text) and not _ROLE_WORD.search(text) else "who"
        if role not in intents:
            intents.append(role)
    listing = bool(_LISTING.search(text)) and not whether
    window = read_window(text)
    if listing and (agency or window or not {"who", "support", "when", "howmuch"} & set(intents)):
        intents = ["tasks"]
    if not intents:
        intents = ["what"]
    years = [int(y) for y in _YEAR.findall(text)]
    numbers = [n for n in _NUMBER.findall(text) if len(n) >= 2 or "." in n]
    numbers = [n for n in numbers if not (n.isdigit() and len(n) == 4 and int(n) in years)]
    places, words, named, sure_words = _places_in(text, [(s, f) for s, _, _, f in found])
    agency_place = _place_of(agency) if agency else None
    levels = [lvl for lvl, p in _LEVEL_HINTS.items() if p.search(text)]
    return Question(text=text, intents=intents, places=places, national=bool(_NATIONAL.search(text)),
                    agency=agency, agency_place=agency_place, numbers=numbers, year=years[0] if years else None,
                    levels=levels, place_words=words,
                    phrases=task_phrases(text, sure_words + agency_names + ([window.phrase] if window else [])),
                    named=named, agencies=agency_names, window=window, listing=listing, whether=whether,
                    body_kind=next((re.compile(k) for p, k in _BODY_KINDS if p.search(text)), None))


# ---------------------------------------------------------------- places

def _places_in(text: str, taken: list[tuple[int, int]]) -> tuple[list[Place], list[str], list[Place], list[str]]:
    """(every place the question may name, the words that named them, the places it surely names, the words
    that surely named them)."""
    g = gazetteer()
    places: list[Place] = []
    words: list[str] = []
    named: list[Place] = []
    sure_words: list[str] = []
    found = g.find(text)
    ends = {e: name for _, e, name in found}
    for s, e, name in found:
        if len(name) == 2 and s and _CJK.match(text[s - 1]) and s not in ends:
            continue  # a one-character stem inside running text is a word, not a place: 中心城区, 市和县级
        here = [p for p in g.lookup(name) if p.name == name]
        if s in ends:  # written after the place it lies in (阳泉市城区): that one of its namesakes
            here = [p for p in here if any(a.name == ends[s] for a in g.ancestors(p))] or here
        places += here
        words.append(name)
        named += here[:1]
        sure_words.append(name)
    for s, short in _short_names(text, g):
        words.append(short)
        here = [p for p in g.lookup(short) if p not in places]
        places += here
        inside_agency = any(a <= s < b for a, b in taken)  # the place an agency's name opens with (平湖环保局)
        sure = [p for p in here if p.rank != "county" or _PLACE_NEXT.match(text, s + len(short))
                or inside_agency or s == 0 and text[s + len(short):s + len(short) + 1] in _LEVEL_CHARS]
        named += [p for p in sure[:1] if p not in named]
        if sure:
            sure_words.append(short)
    return places, words, named, sure_words


_OPENING = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(?:的|今年|明年|去年|本年|全年|全区|全市|全县|(?:19|20)\d{2}\s*年)")


def opening_name(text: str) -> str | None:
    """The name a question opens with before a year or 的 (杨凌2018年…, 蔡甸今年…): how staff name the place they
    ask about, be it one the gazetteer does not hold (示范区, 开发区, 新区)."""
    m = _OPENING.match(text)
    if not m or any(p.search(m.group(1)) for p in _LEVEL_HINTS.values()) or m.group(1) in ("今年", "明年", "去年"):
        return None
    return m.group(1)


def _short_names(text: str, g) -> list[tuple[int, str]]:
    """Short place names (平湖, 郑州) in a question: any two to four characters the gazetteer knows, with where."""
    out = []
    i = 0
    while i < len(text) - 1:
        for length in (4, 3, 2):
            cand = text[i:i + length]
            if len(cand) == length and cand in g.short_names:
                out.append((i, cand))
                i += length - 1
                break
        i += 1
    return out


def _place_of(agency: str) -> Place | None:
    """The place an agency's name opens with (苏州市交通运输局 → 苏州市, 平湖环保局 → 平湖市)."""
    g = gazetteer()
    for s, e, name in g.find(agency):
        if s == 0:
            return (sorted(g.lookup(name), key=lambda p: p.code) or [None])[0]
    for length in (4, 3, 2):
        if agency[:length] in g.short_names:
            return sorted(g.lookup(agency[:length]), key=lambda p: p.code)[0]
    return None


# ---------------------------------------------------------------- agencies

@lru_cache(maxsize=8)
def _forms(registry: Registry) -> re.Pattern:
    """Every form of a function or national body a question may write: the registry's names, its spoken
    names (交警, 交通部门), the national bodies'."""
    return compile_words(set(registry.function_by_name) | set(registry.spoken_by_name) | set(registry.national_by_name))


def agencies_in(text: str, registry: Registry, names: re.Pattern | None = None,
                words: Callable[[str], list[str]] | None = None) -> list[tuple[int, int, str, int]]:
    """The agencies a question names, in order, each as written with the place or level before it
    (苏州市交通运输局, 市交通局, 平湖环保局) and a branch's county after it (嘉兴市生态环境局平湖分局): (start,
    end, name, where its function begins). A form of two characters that ``words`` cuts inside a longer word
    (人行 in 人行天桥, 人行道) names no agency."""
    spans = []  # (start, end, where the function begins: what is before it names the place)
    if names is not None:
        spans += [(m.start(), m.end(), m.start()) for m in names.finditer(text) if m.end() - m.start() >= 3]
    longer = [w for w in words(text) if len(w) > 2] if words is not None else []
    for m in _forms(registry).finditer(text):
        s, e = _extend_left(text, m.start()), _extend_right(text, m.end())
        if e - s <= 2 and _inside_a_word(text, s, e, longer):
            continue
        spans.append((s, e, m.start()))
    out: list[tuple[int, int, str, int]] = []
    for s, e, f in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if out and s < out[-1][1]:
            if e - s > out[-1][1] - out[-1][0] and s == out[-1][0]:
                out[-1] = (s, e, text[s:e], max(f, out[-1][3]))
            continue
        out.append((s, e, text[s:e], f))
    return out


def _inside_a_word(text: str, start: int, end: int, words: list[str]) -> bool:
    """Whether one of the words, where the text writes it, covers [start, end) and more."""
    for w in words:
        i = text.find(w, max(0, end - len(w)))
        while 0 <= i <= start:
            if i + len(w) >= end:
                return True
            i = text.find(w, i + 1)
    return False


def _extend_left(text: str, start: int) -> int:
    """Where an agency's name begins: before its function, a full place name, a short one or a level."""
    g = gazetteer()
    head = text[max(0, start - 3 * g.max_len):start]
    for s, e, _ in reversed(g.find(head)):
        if e == len(head):
            return start - len(head) + s
    for length in (4, 3, 2):
        if start >= length and text[start - length:start] in g.short_names:
            return start - length
    if start and text[start - 1] in _LEVEL_CHARS:
        return start - 1
    return start


def _extend_right(text: str, end: int) -> int:
    """A county's branch of a city's bureau written after it (生态环境局平湖分局)."""
    m = re.compile(r"[\u4e00-\u9fff]{2,4}?分局").match(text, end)
    if m and any(text[end:m.end() - 2].startswith(s) for s in (text[end:end + 2], text[end:end + 3])):
        g = gazetteer()
        if text[end:m.end() - 2] in g.short_names or g.lookup(text[end:m.end() - 2]):
            return m.end()
    return end
