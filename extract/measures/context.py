"""What the measure builder knows of its document, and the stretch of text that becomes one measure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..attribution import Attribution, AttributionParser
from ..rules import patterns
from ..topics import TopicTagger


@dataclass
class DocContext:
    name: str
    stem: str
    plan_year: int | None
    year: int | None  # year in force for month-only deadlines
    kind: str | None
    owner: str | None
    parser: AttributionParser
    topics: TopicTagger

    @property
    def progress(self) -> bool:
        return self.kind == "progress-report"


@dataclass
class Unit:
    """A stretch of text that becomes one measure."""

    start: int
    end: int
    headings: tuple[str, ...]
    attribution: Attribution | None
    rule: str
    status: tuple[int, int] | None = None  # a progress column's span inside a row
    entities: list[str] = field(default_factory=list)
    skip: list[tuple[int, int]] = field(default_factory=list)  # cells inside the span that are not the measure's text
    year: int | None = None  # the year a heading or the paragraph's opening states (二、2024年重点任务; 到2020年，…)
    times: list[tuple[int, int]] = field(default_factory=list)  # a row's time cells and time headers (1月份, 第一季度)
    figures: list["Figure"] = field(default_factory=list)  # a row's figure cells under planned-quantity columns
    lead_time: tuple[int, int] | None = None  # the time its paragraph opens with (到2015年，…；…): due when it names none


@dataclass(frozen=True)
class Figure:
    """A table cell that is a figure under a column of planned quantities, and what the table says of it."""

    start: int
    end: int
    indicator: str  # the row's name and the column's header: 八一乡2023年小麦任务面积
    unit: str
    year: int | None


def merge(a: Attribution | None, b: Attribution | None) -> Attribution:
    """Two attributions of one stretch as one, each agency once, in the order written."""
    out = Attribution()
    for x in (a, b):
        if x is None:
            continue
        for r in x.lead:
            if all(r.name != y.name for y in out.lead + out.support):
                out.lead.append(r)
        for r in x.support:
            if all(r.name != y.name for y in out.lead + out.support):
                out.support.append(r)
        out.entities += [e for e in x.entities if e not in out.entities]
    return out


_PATTERNS: dict[str, re.Pattern] = {}


def measure_pattern(name: str) -> re.Pattern:
    """The ``measure.NAME`` pattern of rules/measures.toml (looked up in a plain dict: the sentence reader's hot path)."""
    got = _PATTERNS.get(name)
    if got is None:
        got = _PATTERNS[name] = patterns("measures")["measure." + name]
    return got
