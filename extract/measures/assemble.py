"""Units into ``Measure`` records: each unit's text read for deadlines and targets, its attribution
(or the document's owner) as its agencies, its topics from the topic scheme."""
from __future__ import annotations

import re
from dataclasses import replace

from .. import deadlines as dl
from .. import targets as tg
from ..records import AgencyRef, Deadline, Measure, Target
from .context import DocContext, Unit, measure_pattern


def assemble(text: str, units: list[Unit], ctx: DocContext) -> list[Measure]:
    out: list[Measure] = []
    first_leads = bool(measure_pattern("first_leads").search(text))
    for n, u in enumerate(units, 1):
        dctx = dl.Context(u.year or ctx.year, ctx.progress)
        s, e = u.start, u.end
        status = u.status
        body_end = status[0] if status else e
        pieces = _pieces(s, body_end, u.skip)
        found_dl: list[Deadline] = []
        for ps, pe in pieces:
            found_dl += dl.find_deadlines(text[ps:pe], ps, dctx)
        if status:
            found_dl += dl.find_deadlines(text[status[0]:status[1]], status[0], dl.Context(u.year or ctx.year, True))
        for ts, te in u.times:
            found_dl += dl.column_deadlines(text[ts:te], ts, dctx)
        attr = u.attribution
        if attr is not None and attr.end > attr.start and (attr.end <= s or attr.start >= e):
            # （州行政审批服务局牵头，6月底前完成）: a time written in the attribution after the task is its own
            found_dl += dl.find_deadlines(text[attr.start:attr.end], attr.start, dctx)
        if u.lead_time and not any(d.due for d in found_dl):
            found_dl += dl.find_deadlines(text[u.lead_time[0]:u.lead_time[1]], u.lead_time[0], dctx)
        found_dl = _dedupe_deadlines(found_dl)
        tctx = tg.Context(u.year or ctx.plan_year, ctx.progress and not u.rule.startswith("row"), (status,) if status else ())
        found_tg: list[Target] = []
        for ps, pe in pieces:
            found_tg += tg.find_targets(text[ps:pe], ps, tctx, found_dl)
        if status:
            found_tg += tg.find_targets(text[status[0]:status[1]], status[0], tctx, found_dl)
        for f in u.figures:
            t = tg.column_target(text[f.start:f.end], f.start, f.indicator, f.unit, f.year or tctx.plan_year)
            if t is not None and all(x.value != t.value or x.unit != t.unit for x in found_tg):
                found_tg.append(t)
        found_tg = _dedupe_targets(found_tg)
        lead, support = [], []
        attr = u.attribution
        if attr is not None:
            lead, support = list(attr.lead), list(attr.support)
        if first_leads and len(lead) > 1 and not support and all(a.rule != "owner" for a in lead):
            lead, support = lead[:1], [replace(a, role="support") for a in lead[1:]]
        if not lead and ctx.owner:
            lead = [AgencyRef(name=ctx.owner, role="lead", surface=ctx.owner, start=s, end=s, rule="owner")]
        measure_text = _clean(text, s, e, u.skip)
        heading = u.headings[-1] if u.headings else None
        out.append(Measure(
            id=f"{ctx.stem}-{n:03d}", text=measure_text, start=s, end=e, heading=heading,
            headings=u.headings, lead=tuple(lead), support=tuple(support), deadlines=tuple(found_dl),
            targets=tuple(found_tg), topics=ctx.topics.tag(measure_text + " " + (heading or "")),
            rule=u.rule, entities=tuple(attr.entities if attr else ()),
        ))
    return out


def _pieces(s: int, e: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], s
    for a, b in sorted(skip):
        if b <= pos or a >= e:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < e:
        out.append((pos, e))
    return out


def _clean(text: str, s: int, e: int, skip) -> str:
    parts = [text[a:b].strip(" \t\n|") for a, b in _pieces(s, e, skip)]
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "\n".join(p for p in parts if p)).strip()


def _dedupe_deadlines(ds: list[Deadline]) -> list[Deadline]:
    seen, out = set(), []
    for d in sorted(ds, key=lambda d: d.start):
        key = (d.due, d.recurring)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _dedupe_targets(ts: list[Target]) -> list[Target]:
    seen, out = set(), []
    for t in sorted(ts, key=lambda t: t.start):
        key = (t.start, t.end, t.indicator, t.value)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out
