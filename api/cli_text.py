"""How the ``policykg`` command prints results as text (``--json`` prints the library's JSON instead)."""
from __future__ import annotations

import typer


def summary_line(doc) -> str:
    m = doc.meta
    return f"{doc.name}: {len(doc.measures)} measures · {m.level or '?'} {m.kind or '?'} · {m.jurisdiction or '-'} · {m.title or '(untitled)'}"


def summary(doc) -> str:
    m = doc.meta
    lines = [f"{doc.name}  [{doc.format}]",
             f"  title: {m.title or '-'}", f"  issuer: {m.issuer or '-'}  number: {m.doc_number or '-'}  date: {m.date or '-'}",
             f"  place: {m.jurisdiction or '-'} ({m.level or '?'})  kind: {m.kind or '?'}  year: {m.plan_year or '-'}  owner: {m.owner or '-'}",
             f"  {len(doc.measures)} measures"]
    for ms in doc.measures:
        lead = "、".join(a.name for a in ms.lead) or "-"
        sup = "、".join(a.name for a in ms.support)
        due = ", ".join(d.due.isoformat() if d.due else (d.recurring or d.text) for d in ms.deadlines)
        tg = "; ".join(f"{t.indicator or ''} {t.comparator} {t.value}{t.unit}" for t in ms.targets)
        text = ms.text.replace("\n", " ")
        lines.append(f"  {ms.id}  {text[:60]}{'…' if len(text) > 60 else ''}")
        lines.append(f"      lead: {lead}" + (f"  support: {sup}" if sup else "") + (f"  due: {due}" if due else "")
                     + (f"  targets: {tg}" if tg else ""))
    return "\n".join(lines)


def trace_lines(body: dict) -> list[str]:
    """A trail as text: the traced measure first, then each document above it, nearest first, with the goals
    shown there (or why there are none) and how many weak links were folded away."""
    def flat(text: str | None, n: int | None = None) -> str:
        one = " ".join((text or "").split())
        return one if n is None or len(one) <= n else one[:n] + "…"

    m = body["measure"]
    out = [f"本措施  {m['doc']} {m['measure_id']}：{flat(m['text'])}"]
    for a in body.get("ancestors", []):
        step = "上一级" if a["distance"] == 1 else f"上{a['distance']}级"
        level = LEVEL_ZH.get(a.get("level"), "")
        out.append(f"{step}  {level}《{a['title']}》（{a['doc']}）")
        if a.get("unusual"):
            out.append(f"  ！不合常规：{a['unusual']}")
        for p in body["parents"]:
            if p["doc"] == a["doc"]:
                shared = f"  共有：{p['evidence']}" if p.get("evidence") else ""
                out.append(f"  ← {p['measure_id']}（得分 {p['score']:.2f}{shared}）：{flat(p['text'], 80)}")
        if a.get("note"):
            out.append(f"  {a['note']}")
        if a.get("folded"):
            out.append(f"  （另有 {a['folded']} 条弱关联已折叠）")
    if body.get("notice"):
        out.append(body["notice"] + "。")
    return out


LEVEL_ZH = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "township": "乡镇"}


def answer_lines(a: dict) -> list[str]:
    due = "、".join(d["due"] or d.get("recurring") or d["text"] for d in a.get("deadlines", []))
    if not due and a.get("implied_deadline"):
        due = f"{a['implied_deadline']['due']}（推定：年度计划未写明期限）"
    lines = [f"  {a['doc']} {a['measure_id']}  {a['text'].strip()[:90]}",
             f"    牵头: {'、'.join(a.get('lead', [])) or '-'}" + (f"  配合: {'、'.join(a['support'])}" if a.get("support") else "")
             + (f"  期限: {due}" if due else "")]
    return lines


def task_list(body: dict) -> None:
    """A list of tasks as ``ask`` answers one: whose, when (the window, reckoned from today), by role."""
    from kg.vocab import ROLE_LABELS

    who = "、".join(f"{a['name']}（{a['place']}）" if a.get("place") else a["name"] for a in body.get("agencies", []))
    window = body.get("window")
    head = "、".join(x for x in (who or body.get("agency") or "", body.get("place") or "") if x) or "全部文件"
    typer.echo(f"{head}的任务" + (f"，{window['text']}" if window else f"（以{body['today']}计）"))
    for other in body.get("others", []):
        typer.echo(f"  另有 {other['name']}（{other['place']}）：policykg tasks {body.get('agency')} --place {other['place']}")
    groups = body.get("groups") or {"all": body["answers"]}
    for role, label in (*ROLE_LABELS.items(), ("all", "")):
        if role in groups:
            typer.echo(f"{label}（{len(groups[role])}）" if label else f"共 {len(groups[role])} 项")
            for a in groups[role]:
                typer.echo("\n".join(answer_lines(a)))
