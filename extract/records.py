"""Typed records passed between the extraction stages.

Every record carries ``start``/``end`` character offsets into the *normalised*
text of its document (``Document.text``); ``Document.raw_span`` maps them back
to the text as loaded, so any triple in the graph can be traced to the
characters it came from. Each extracted value also keeps the id of the rule
that produced it (``rule``), as the rule files under ``extract/rules`` name them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class AgencyRef:
    """An agency named in a document, with its role on one measure."""

    name: str  # canonical short form: as the document abbreviates it, place prefix explicit
    role: str  # "lead" | "support"
    surface: str  # as written (normalised script)
    start: int
    end: int
    rule: str
    key: str | None = None  # registry function id (``development-reform``), when known
    level: str | None = None  # national | province | city | county | township | None


@dataclass(frozen=True)
class Deadline:
    text: str  # the phrase as written
    due: date | None  # last day the phrase allows
    recurring: str | None  # yearly | quarterly | monthly | None
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Target:
    text: str
    indicator: str | None
    comparator: str  # one of >= <= ~ =
    value: float
    unit: str
    year: int | None
    baseline_year: int | None
    aspirational: bool
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Segment:
    """A structural piece of a document: heading, paragraph, table row, label line."""

    kind: str  # heading | paragraph | row | label
    level: int  # heading depth (1 = 一、), 0 for body text
    start: int
    end: int
    marker: str | None = None  # 一、 （一） 1. …


@dataclass(frozen=True)
class Measure:
    id: str
    text: str  # the measure's own text, normalised (simplified script)
    start: int
    end: int
    heading: str | None
    headings: tuple[str, ...]  # the heading path, outermost first
    lead: tuple[AgencyRef, ...]
    support: tuple[AgencyRef, ...]
    deadlines: tuple[Deadline, ...]
    targets: tuple[Target, ...]
    topics: tuple[str, ...]
    rule: str  # how the measure was cut: item, row, sentence, clause …
    entities: tuple[str, ...] = ()  # companies and facilities named as doers (not agencies)


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: date | None = None
    jurisdiction: str | None = None
    level: str | None = None  # national | province | city | county | township
    kind: str | None = None  # plan | annual-plan | task-breakdown | progress-report
    plan_year: int | None = None
    owner: str | None = None
    cites: tuple[str, ...] = ()  # titles and document numbers of the plans it names (根据《…》)
    province: str | None = None  # the province the jurisdiction lies in (gazetteer)
    city: str | None = None  # the prefecture-level city the jurisdiction lies in


@dataclass(frozen=True)
class Document:
    name: str  # file name
    format: str  # txt | md | pdf | html | docx
    raw: str  # text as loaded from the file
    text: str  # normalised text every offset refers to
    offsets: tuple[int, ...] | None  # raw index of each normalised character (None: identical)
    meta: DocumentMeta
    segments: tuple[Segment, ...]
    measures: tuple[Measure, ...]
    encoding: str | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``raw`` of the normalised span ``[start, end)``."""
        if self.offsets is None:
            return start, end
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def raw_text(self, start: int, end: int) -> str:
        a, b = self.raw_span(start, end)
        return self.raw[a:b]


def to_plain(obj) -> dict:
    """A record as JSON-ready builtins (dates as ISO strings)."""
    def convert(value):
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        return value

    return convert(asdict(obj))


__all__ = [
    "AgencyRef",
    "Deadline",
    "Target",
    "Segment",
    "Measure",
    "DocumentMeta",
    "Document",
    "to_plain",
]
