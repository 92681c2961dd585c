"""What a question asks and where: intent (who, when, how much, which tasks), places, agency, figures, year.

Deterministic reading of questions as staff type them (谁牵头VOCs综合治理？什么时候完成？,
市交通局负责哪些任务, 郑州的氢能任务谁负责); no language model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.normalize import normalize
from extract.places import Place, gazetteer
from extract.registry import Registry

INTENTS = {
    "who": re.compile(r"谁|哪个部门|哪些部门|哪家|哪个单位|哪些单位|什么部门|哪个局|哪个厅|哪个委|哪个部委|主管部门|牵头单位|责任单位|"
                      r"由哪|归哪|哪些主管部门|主办单位|负责单位"),
    "when": re.compile(r"什么时候|何时|哪一年|哪年|几月|哪天|期限|截止|时间节点|最晚|多久|什么时间|时限|之前完成|前完成|前要|"
                       r"要在什么|哪年前|到哪年|年底前"),
    "howmuch": re.compile(r"多少|几个|几座|几家|几回|几次|几级|多大|多高|比例|比重|百分之|是多少|要求是多少"),
}
_TASKS = re.compile(r"(?:负责|牵头|承担|参与|配合|有|管)(?:哪些|什么|几项|多少)(?:任务|工作|事项|事)|的任务有哪些|任务清单|工作清单")
_NATIONAL = re.compile(r"国家|国务院|全国|部委")
_LEVEL_HINTS = {"township": re.compile(r"全镇(?!江)|本镇(?!江)|全乡|本乡|全街道|本街道|乡镇级|街道级"),  # not 全镇江市
                "county": re.compile(r"全县|县里|本县|全区|区里|本区|县级"),
                "city": re.compile(r"全市|市里|本市|市级"),
                "province": re.compile(r"全省|省里|本省|省级|省政府"),
                "national": _NATIONAL}
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class Question:
    text: str  # normalised
    intents: list[str]
    places: list[Place] = field(default_factory=list)
    national: bool = False
    agency: str | None = None
    agency_place: Place | None = None
    numbers: list[str] = field(default_factory=list)
    year: int | None = None
    levels: list[str] = field(default_factory=list)  # the level the question speaks from (全县 → county, 全镇 → township)
    place_words: list[str] = field(default_factory=list)  # the words that named the places
    phrases: list[str] = field(default_factory=list)  # the question's own wording of the task, longest first


# what a question wraps around the task it names: asking words, scaffolding, punctuation
_SCAFFOLD = re.compile("|".join(p.pattern for p in [*INTENTS.values(), _TASKS]) +
                       r"|哪些|这项工作|这项任务|这个任务|这件事|工作由|要求|需要|应当|完成|实现|达到|牵头|负责|由|是|要|在|了|吗|呢"
                       r"|[\s，。？！、；：,.?!;:（）()“”\"'《》]")


def task_phrases(text: str, names: list[str]) -> list[str]:
    """Spans of four or more characters the question says about the task itself, longest first: a measure that
    repeats one of them word for word is more likely the one meant than one that shares scattered words."""
    for w in names:  # places and agencies are not the task
        text = text.replace(w, " ")
    spans = {p.strip("的") for p in _SCAFFOLD.split(text)}
    return sorted((p for p in spans if len(p) >= 4), key=lambda p: (-len(p), p))


def read_question(q: str, registry: Registry) -> Question:
    text = normalize(q).text.strip()
    intents = [name for name, p in INTENTS.items() if p.search(text)]
    agency = _agency_in(text, registry)
    if agency and _TASKS.search(text):
        intents = ["tasks"]
    if not intents:
        intents = ["what"]
    numbers = [n for n in _NUMBER.findall(text) if len(n) >= 2 or "." in n]
    years = [int(y) for y in _YEAR.findall(text)]
    numbers = [n for n in numbers if not (len(n) == 4 and int(n) in years)]
    g = gazetteer()
    places: list[Place] = []
    words: list[str] = []
    for s, e, name in g.find(text):
        places += [p for p in g.lookup(name) if p.name == name]
        words.append(name)
    for short in _short_names(text, g):
        words.append(short)
        for p in g.lookup(short):
            if p not in places:
                places.append(p)
    levels = [lvl for lvl, p in _LEVEL_HINTS.items() if p.search(text)]
    return Question(text=text, intents=intents, places=places, national=bool(_NATIONAL.search(text)),
                    agency=agency, numbers=numbers, year=years[0] if years else None, levels=levels,
                    place_words=words, phrases=task_phrases(text, words + ([agency] if agency else [])))


def _short_names(text: str, g) -> list[str]:
    """Short place names (平湖, 郑州) in a question: any two to four characters the gazetteer knows."""
    out = []
    i = 0
    while i < len(text) - 1:
        for length in (4, 3, 2):
            cand = text[i:i + length]
            if len(cand) == length and cand in g.short_names:
                out.append(cand)
                i += length - 1
                break
        i += 1
    return out


_AGENCY_PREFIX = re.compile(r"(?:[\u4e00-\u9fff]{2,6}?[省市县区])?[省市县区]?$")


def _agency_in(text: str, registry: Registry) -> str | None:
    """An agency named in the question, in canonical short form (市交通局), if any."""
    m = registry.function_pattern.search(text)
    if m:
        head = text[max(0, m.start() - 1):m.start()]
        prefix = head if head in ("省", "市", "县", "区") else ""
        return prefix + m.group(0)
    m = registry.national_pattern.search(text)
    if m:
        return m.group(0)
    return None
