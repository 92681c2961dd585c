"""Deterministic records built by code: small documents whose graphs the tests know by heart.

The text of each document is assembled here and every offset is computed from
it, so the records are exactly what an extractor could have produced, without
depending on the extractor's current rules.
"""
from __future__ import annotations

from datetime import date

from extract.records import AgencyRef, Deadline, Document, DocumentMeta, Measure, Target


class _Text:
    def __init__(self):
        self.parts: list[str] = []

    def add(self, piece: str) -> tuple[int, int]:
        start = sum(map(len, self.parts))
        self.parts.append(piece)
        return start, start + len(piece)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _span(text: str, whole: tuple[int, int], part: str) -> tuple[int, int]:
    i = text.index(part, whole[0])
    return i, i + len(part)


def suzhou_plan() -> Document:
    """A city plan of 苏州 with one measure: lead, support, deadline, target, topics."""
    t = _Text()
    t.add("苏州市空气质量改善工作方案\n")
    h = "一、深入打好蓝天保卫战\n"
    t.add(h)
    body = "到2025年，全市PM2.5平均浓度降至28微克/立方米。（市生态环境局牵头，市发改委配合）"
    m_span = t.add(body)
    text = t.text
    s_dl = _span(text, m_span, "到2025年")
    s_tg = _span(text, m_span, "全市PM2.5平均浓度降至28微克/立方米")
    s_lead = _span(text, m_span, "市生态环境局")
    s_sup = _span(text, m_span, "市发改委")
    measure = Measure(
        id="sz-001", text=body, start=m_span[0], end=m_span[1], heading="深入打好蓝天保卫战",
        headings=("深入打好蓝天保卫战",),
        lead=(AgencyRef("市生态环境局", "lead", "市生态环境局", *s_lead, "attribution.lead", "ecology-environment", "city"),),
        support=(AgencyRef("市发改委", "support", "市发改委", *s_sup, "attribution.support", "development-reform", "city"),),
        deadlines=(Deadline("到2025年", date(2025, 12, 31), None, *s_dl, "deadline.by-year"),),
        targets=(Target("全市PM2.5平均浓度降至28微克/立方米", "PM2.5平均浓度", "<=", 28.0, "微克/立方米", 2025, None,
                        False, *s_tg, "target.concentration"),),
        topics=("air",), rule="item")
    meta = DocumentMeta(title="苏州市空气质量改善工作方案", issuer="苏州市人民政府", doc_number="苏府〔2024〕1号",
                        date=date(2024, 3, 1), jurisdiction="苏州市", level="city", kind="plan",
                        cites=("国发〔2023〕24号",), province="江苏省", city="苏州市")
    return Document(name="sz_plan.txt", format="txt", raw=text, text=text, offsets=None, meta=meta, segments=(),
                    measures=(measure,))


def kunshan_annual(measures: list[tuple[str, str | None]] | None = None, name: str = "ks_2025.txt") -> Document:
    """A 2025 annual plan of 昆山市 (a county-level city in 苏州): measures given as (text, lead)."""
    measures = measures or [("持续推进细颗粒物浓度下降，加强重点行业治理。", "市生态环境局")]
    t = _Text()
    t.add("昆山市2025年生态环境工作要点\n")
    out = []
    for i, (body, lead) in enumerate(measures, start=1):
        span = t.add(body)
        t.add("\n")
        leads = ()
        if lead:
            s = _span(t.text, span, lead) if lead in body else (span[1], span[1])
            leads = (AgencyRef(lead, "lead", lead, *s, "attribution.lead"),)
        out.append(Measure(id=f"ks-{i:03d}", text=body, start=span[0], end=span[1], heading=None, headings=(),
                           lead=leads, support=(), deadlines=(), targets=(), topics=("air",), rule="sentence"))
    meta = DocumentMeta(title="昆山市2025年生态环境工作要点", date=date(2025, 2, 1), jurisdiction="昆山市",
                        level="county", kind="annual-plan", plan_year=2025, province="江苏省", city="苏州市")
    return Document(name=name, format="txt", raw=t.text, text=t.text, offsets=None, meta=meta, segments=(),
                    measures=tuple(out))


def zhouzhuang_annual(jurisdiction: str = "周庄镇", signature: str = "昆山市周庄镇人民政府",
                      name: str = "zz_2025.txt") -> Document:
    """A 2025 annual plan of 周庄镇, a town of 昆山市: a township, which the gazetteer does not hold. The
    signature writes its county before its name (昆山市周庄镇人民政府), unless another is given."""
    t = _Text()
    t.add("周庄镇2025年生态环境工作计划\n")
    body = "持续推进细颗粒物浓度下降，加强餐饮油烟治理。（镇环保办牵头，市生态环境局配合）"
    span = t.add(body)
    t.add("\n" + signature + "\n")
    lead = _span(t.text, span, "镇环保办")
    support = _span(t.text, span, "市生态环境局")
    measure = Measure(id="zz-001", text=body, start=span[0], end=span[1], heading=None, headings=(),
                      lead=(AgencyRef("镇环保办", "lead", "镇环保办", *lead, "attribution.lead"),),
                      support=(AgencyRef("市生态环境局", "support", "市生态环境局", *support, "attribution.support",
                                         "ecology-environment", "county"),),
                      deadlines=(), targets=(), topics=("air",), rule="sentence")
    meta = DocumentMeta(title="周庄镇2025年生态环境工作计划", issuer=signature or None, date=date(2025, 3, 1),
                        jurisdiction=jurisdiction, level="township", kind="annual-plan", plan_year=2025)
    return Document(name=name, format="txt", raw=t.text, text=t.text, offsets=None, meta=meta, segments=(),
                    measures=(measure,))
