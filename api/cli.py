"""The ``policykg`` command. Each command parses its input, calls one library function, renders the result."""
from __future__ import annotations

import json
from contextlib import contextmanager
import sys
from pathlib import Path
from typing import Optional

import typer

from .settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="Knowledge graph and search over Chinese policy documents.")



_STORE_OPTIONS: dict = {}  # the store options given before the command, for every command


@app.callback()
def _root(
    store: Optional[str] = typer.Option(None, help="where the knowledge graph lives: embedded | sparql (POLICYKG_STORE)"),
    sparql_query: Optional[str] = typer.Option(None, help="sparql store: query endpoint URL (POLICYKG_SPARQL_QUERY)"),
    sparql_graph_store: Optional[str] = typer.Option(None, help="sparql store: Graph Store Protocol endpoint URL (POLICYKG_SPARQL_GRAPH_STORE)"),
    sparql_update: Optional[str] = typer.Option(None, help="sparql store: update endpoint URL (POLICYKG_SPARQL_UPDATE)"),
    sparql_user: Optional[str] = typer.Option(None, help="sparql store: user for writes (POLICYKG_SPARQL_USER)"),
    sparql_password: Optional[str] = typer.Option(None, help="sparql store: that user's password (POLICYKG_SPARQL_PASSWORD)"),
) -> None:
    """policykg: read policy documents, build the knowledge graph, search and answer."""
    _STORE_OPTIONS.update(store=store, sparql_query=sparql_query, sparql_graph_store=sparql_graph_store,
                          sparql_update=sparql_update, sparql_user=sparql_user, sparql_password=sparql_password)


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"policykg: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    path: Path = typer.Argument(..., help="a document (txt, md, pdf, html, docx) or a folder of them"),
    as_json: bool = typer.Option(False, "--json", help="print the JSON of CONTRACT.md"),
    ontology: Optional[Path] = typer.Option(None, help="ontology folder (agency registry, topic scheme)"),
) -> None:
    """Extract measures, agencies, deadlines and targets from documents."""
    from extract import ExtractError, Resources, extract_file, to_contract

    settings = Settings.from_env(ontology_dir=ontology)
    res = Resources.from_dir(settings.ontology_dir)
    max_bytes = settings.max_upload_mb * 1024 * 1024
    if path.is_dir():
        from kg.kb import DOC_SUFFIXES

        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)
        failed = 0
        from .progress import progress_bar

        results = []
        with progress_bar(len(files), "extracting") as advance:
            for f in files:
                try:
                    doc = extract_file(f, res, max_bytes=max_bytes)
                    results.append(to_contract(doc) if as_json else _summary_line(doc))
                except ExtractError as exc:
                    failed += 1
                    typer.echo(f"policykg: {f.name}: {exc.reason}", err=True)
                advance()
        if as_json:
            sys.stdout.write(json.dumps(results, ensure_ascii=False) + "\n")
        else:
            for line in results:
                typer.echo(line)
            typer.echo(f"{len(files) - failed} documents extracted, {failed} refused")
        raise typer.Exit(2 if failed and failed == len(files) else 0)
    try:
        doc = extract_file(path, res, max_bytes=max_bytes)
    except ExtractError as exc:
        _fail(f"{path}: {exc.reason}")
    if as_json:
        sys.stdout.write(json.dumps(to_contract(doc), ensure_ascii=False) + "\n")
    else:
        typer.echo(_summary(doc))


def _summary_line(doc) -> str:
    m = doc.meta
    return f"{doc.name}: {len(doc.measures)} measures · {m.level or '?'} {m.kind or '?'} · {m.jurisdiction or '-'} · {m.title or '(untitled)'}"


def _summary(doc) -> str:
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


def _kb_settings(kb: Optional[Path], ontology: Optional[Path] = None, **more) -> Settings:
    return Settings.from_env(kb_dir=kb, ontology_dir=ontology, **{**_STORE_OPTIONS, **more})


def _kb_errors():
    """The named library errors of the knowledge base, reported in one line each."""
    from extract import ExtractError
    from kg.store import StoreError
    from kg.validate import ValidationError

    return (ExtractError, StoreError, ValidationError, FileNotFoundError)


@contextmanager
def _one_line_errors():
    """A named library error ends the command with one line and exit status 2, never a traceback."""
    try:
        yield
    except _kb_errors() as exc:
        _fail(str(exc))


def _report(outcome, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(outcome.to_json(), ensure_ascii=False) + "\n")
        return
    o = outcome
    for f, reason in o.refused:
        typer.echo(f"policykg: {Path(f).name}: {reason}", err=True)
    if o.warnings:
        typer.echo(f"{len(o.warnings)} validation warnings (the first: {o.warnings[0].line()})", err=True)
    what = {"build": f"{len(o.written)} documents built", "add": f"added {', '.join(o.written)}",
            "remove": f"removed {', '.join(o.removed)}"}[o.action]
    typer.echo(f"{what}: {o.measures} measures, {o.link_graphs} link graphs with {o.links} audit links; "
               f"knowledge base now {o.documents} documents, {o.quads} quads, version {o.version} ({o.seconds:.1f} s)")


@app.command()
def build(
    corpus: list[Path] = typer.Argument(None, help="documents or folders of documents (default: the corpus_dir setting)"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory (default: the kb_dir setting)"),
    ontology: Optional[Path] = typer.Option(None, help="ontology folder (agency registry, topic scheme, shapes)"),
    workers: Optional[int] = typer.Option(None, help="processes extracting in parallel"),
    no_validate: bool = typer.Option(False, "--no-validate", help="skip the SHACL validation"),
    as_json: bool = typer.Option(False, "--json", help="print what was done as JSON"),
) -> None:
    """Extract every document and write a new knowledge base (the previous one stays until the new one is complete)."""
    from kg.service import KnowledgeBase

    from .progress import progress_bar

    settings = _kb_settings(kb, ontology, workers=workers, validate=False if no_validate else None)
    with _one_line_errors():
        outcome = KnowledgeBase(settings).build(corpus or [settings.corpus_dir], progress=progress_bar)
    _report(outcome, as_json)
    raise typer.Exit(2 if outcome.refused and not outcome.written else 0)


@app.command()
def add(
    file: Path = typer.Argument(..., help="a document (txt, md, pdf, html, docx)"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    ontology: Optional[Path] = typer.Option(None, help="ontology folder"),
    as_json: bool = typer.Option(False, "--json", help="print what was done as JSON"),
) -> None:
    """Add one document to the knowledge base (or replace the one of the same file name)."""
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb, ontology)
    with _one_line_errors():
        outcome = KnowledgeBase(settings).add_path(file)
    _report(outcome, as_json)


@app.command()
def remove(
    doc: str = typer.Argument(..., help="the file name of a document in the knowledge base"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    ontology: Optional[Path] = typer.Option(None, help="ontology folder"),
    as_json: bool = typer.Option(False, "--json", help="print what was done as JSON"),
) -> None:
    """Remove one document and every audit link to or from it."""
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb, ontology)
    with _one_line_errors():
        outcome = KnowledgeBase(settings).remove(Path(doc).name)
    _report(outcome, as_json)


@app.command()
def trace(
    doc: str = typer.Option(..., "--doc", help="file name of the document the measure is in"),
    contains: str = typer.Option(..., "--contains", help="text the measure contains (whitespace ignored)"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print the JSON of CONTRACT.md"),
) -> None:
    """The higher-level measures a measure carries out, at every level up the plan hierarchy."""
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb)
    with _one_line_errors():
        body = KnowledgeBase(settings).trace(doc, contains)
    if as_json:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    for line in trace_lines(body):
        typer.echo(line)


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


@app.command()
def export(
    fmt: str = typer.Option("ttl", "--format", help="ttl | nt | jsonld | graphml | gexf | cytoscape | neo4j-csv"),
    out: Optional[Path] = typer.Option(None, help="file to write (a folder for neo4j-csv); default: standard output"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
) -> None:
    """Export the knowledge base as RDF or as a property graph for Gephi, yEd, Cytoscape or Neo4j."""
    from kg.export import ExportError, export as export_kb
    from kg.store import open_store

    settings = _kb_settings(kb)
    try:
        with open_store(settings) as store:
            if out is None and fmt != "neo4j-csv":
                export_kb(store, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                written = export_kb(store, fmt, out)
                typer.echo(f"wrote {written}", err=True)
    except _kb_errors() + (ExportError,) as exc:
        _fail(str(exc))


@app.command()
def info(
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print as JSON"),
) -> None:
    """What the knowledge base holds: version, documents, quads."""
    from kg.kb import summary

    settings = _kb_settings(kb)
    with _one_line_errors():
        body = summary(settings)
    if as_json:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    typer.echo(f"{body['kb_dir']}: version {body['version']}, {body['documents']} documents, "
               f"{body['measures']} measures, {body['quads']} quads")
    for d in body["hierarchy"]:
        typer.echo(f"  {d['child']} → {d['parent']} ({d['method']})")
        if d.get("unusual"):
            typer.echo(f"    ！不合常规：{d['unusual']}")


@app.command()
def migrate(
    to: str = typer.Option(..., "--to", help="embedded: copy the server's knowledge base into --kb; "
                                            "sparql: copy the one in --kb to the server"),
    kb: Optional[Path] = typer.Option(None, help="the embedded knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print as JSON"),
) -> None:
    """Copy the knowledge base between the embedded store and a SPARQL server, verified by quad count and hash."""
    from dataclasses import replace

    from kg.migrate import migrate as migrate_kb
    from kg.store import open_store

    if to not in ("embedded", "sparql"):
        _fail(f"--to {to}: choose embedded or sparql")
    settings = _kb_settings(kb)
    source = replace(settings, store="sparql" if to == "embedded" else "embedded")
    with _one_line_errors():
        done = migrate_kb(open_store(source), open_store(replace(settings, store=to)))
    if as_json:
        sys.stdout.write(json.dumps(done.to_json()) + "\n")
        return
    typer.echo(f"copied {done.graphs} graphs, {done.quads} quads to the {to} store (hash {done.hash[:16]}, "
               f"version {done.version}, {done.seconds:.1f} s): verified")


# ---------------------------------------------------------------- search, answers, the service

def _kb(kb: Optional[Path] = None, **more):
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb, **more)
    knowledge_base = KnowledgeBase(settings)
    if knowledge_base.is_empty():
        _fail(f"no knowledge base at {settings.kb_dir}: run `policykg build` (or `policykg serve`) first")
    return knowledge_base


def _print_json(body) -> None:
    sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")


def _answer_lines(a: dict) -> list[str]:
    due = "、".join(d["due"] or d.get("recurring") or d["text"] for d in a.get("deadlines", []))
    if not due and a.get("implied_deadline"):
        due = f"{a['implied_deadline']['due']}（推定：年度计划未写明期限）"
    lines = [f"  {a['doc']} {a['measure_id']}  {a['text'].strip()[:90]}",
             f"    牵头: {'、'.join(a.get('lead', [])) or '-'}" + (f"  配合: {'、'.join(a['support'])}" if a.get("support") else "")
             + (f"  期限: {due}" if due else "")]
    return lines


@app.command()
def search(
    q: str = typer.Argument(..., help="keywords or a question"),
    k: int = typer.Option(10, help="how many measures"),
    agency: Optional[str] = typer.Option(None, help="only this agency's measures (市交通局)"),
    role: Optional[str] = typer.Option(None, help="lead or support (with --agency)"),
    doc: Optional[str] = typer.Option(None, help="only this document (file name)"),
    place: Optional[str] = typer.Option(None, help="only documents of this place or places within it"),
    level: Optional[str] = typer.Option(None, help="national, province, city, county or township"),
    kind: Optional[str] = typer.Option(None, help="plan, annual-plan, task-breakdown or progress-report"),
    topic: Optional[str] = typer.Option(None, help="a topic (air, water, soil …)"),
    due_before: Optional[str] = typer.Option(None, help="a deadline on or before YYYY-MM-DD"),
    due_after: Optional[str] = typer.Option(None, help="a deadline on or after YYYY-MM-DD"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print exactly the body of GET /api/search"),
) -> None:
    """Measures ranked for a query."""
    from datetime import date

    from kg.search import Filters, SearchError

    try:
        f = Filters(agency=agency, role=role, doc=doc, place=place, level=level, kind=kind, topic=topic,
                    due_before=date.fromisoformat(due_before) if due_before else None,
                    due_after=date.fromisoformat(due_after) if due_after else None)
        body = _kb(kb).search(q, k, f)
    except (SearchError, ValueError) as exc:
        _fail(str(exc))
    if as_json:
        return _print_json(body)
    for h in body["hits"]:
        typer.echo(f"{h['score']:7.2f}" + _answer_lines(h)[0][1:])
        typer.echo(_answer_lines(h)[1])


@app.command()
def ask(
    q: str = typer.Argument(..., help="a question, e.g. 谁牵头VOCs综合治理？什么时候完成？"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print exactly the body of GET /api/ask"),
) -> None:
    """Answer a question from the knowledge graph."""
    body = _kb(kb).ask(q)
    if as_json:
        return _print_json(body)
    if body.get("notice"):
        typer.echo(f"注意：{body['notice']}")
    if "tasks" in body["intent"]:
        return _task_list(body)
    if not body["answers"]:
        typer.echo("没有找到相关的任务。")
        return
    if body.get("summary"):
        typer.echo(f"答：{body['summary']['text']}")
        typer.echo(f"来源：{body['summary']['source']}")
    for a in body["answers"][:3]:
        typer.echo("\n".join(_answer_lines(a)))


def _task_list(body: dict) -> None:
    """A list of tasks as ``ask`` answers one: whose, when (the window, reckoned from today), by role."""
    who = "、".join(f"{a['name']}（{a['place']}）" if a.get("place") else a["name"] for a in body.get("agencies", []))
    window = body.get("window")
    head = "、".join(x for x in (who or body.get("agency") or "", body.get("place") or "") if x) or "全部文件"
    typer.echo(f"{head}的任务" + (f"，{window['text']}" if window else f"（以{body['today']}计）"))
    for other in body.get("others", []):
        typer.echo(f"  另有 {other['name']}（{other['place']}）：policykg tasks {body.get('agency')} --place {other['place']}")
    groups = body.get("groups") or {"all": body["answers"]}
    for role, label in (("lead", "牵头"), ("support", "配合"), ("all", "")):
        if role in groups:
            typer.echo(f"{label}（{len(groups[role])}）" if label else f"共 {len(groups[role])} 项")
            for a in groups[role]:
                typer.echo("\n".join(_answer_lines(a)))


@app.command()
def agencies(
    place: Optional[str] = typer.Option(None, help="only agencies of documents of this place"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print exactly the body of GET /api/agencies"),
) -> None:
    """Every agency with its number of measures by role."""
    body = _kb(kb).agencies(place)
    if as_json:
        return _print_json(body)
    for a in body["agencies"]:
        typer.echo(f"{a['lead']:4d} 牵头 {a['support']:4d} 配合  {a['place'] or '-'} {a['name']}")


@app.command()
def tasks(
    agency: str = typer.Argument(..., help="the agency as documents abbreviate it (市交通局)"),
    place: Optional[str] = typer.Option(None, help="the agency's place, where names repeat across places"),
    xlsx: Optional[Path] = typer.Option(None, help="write the tasks as an Excel workbook"),
    ics: Optional[Path] = typer.Option(None, help="write the deadlines as an iCalendar file"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print exactly the body of GET /api/agencies/{name}/measures"),
) -> None:
    """An agency's tasks, grouped by role and ordered by deadline; as .xlsx or .ics on request."""
    from kg.service import NotFound

    service = _kb(kb)
    try:
        body = service.agency_tasks(agency, place)
    except NotFound as exc:
        _fail(str(exc))
    if xlsx:
        from kg.workbook import tasks_workbook

        xlsx.write_bytes(tasks_workbook(body))
        typer.echo(f"wrote {xlsx}", err=True)
    if ics:
        from kg.calendar import tasks_calendar

        ics.write_bytes(tasks_calendar(body, written=service.written()))
        typer.echo(f"wrote {ics}", err=True)
    if xlsx or ics:
        return
    if as_json:
        return _print_json(body)
    typer.echo("、".join(f"{a['name']}（{a['place']}）" if a.get("place") else a["name"] for a in body["agencies"])
               + f"：以{body['today']}计")
    for other in body.get("others", []):
        typer.echo(f"  另有 {other['name']}（{other['place']}）：policykg tasks {agency} --place {other['place']}")
    for role, label in (("lead", "牵头"), ("support", "配合")):
        typer.echo(f"{label}（{len(body[role])}）")
        for a in body[role]:
            typer.echo("\n".join(_answer_lines(a)))


@app.command()
def serve(
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory (built from the corpus on first run)"),
    host: Optional[str] = typer.Option(None, help="address to listen on"),
    port: Optional[int] = typer.Option(None, help="port to listen on"),
    corpus: Optional[Path] = typer.Option(None, help="documents to build from on first run"),
) -> None:
    """Serve the HTTP API, the SPARQL endpoint and the web page (building the knowledge base on first run)."""
    from kg.service import KnowledgeBase

    from . import server
    from .app import create_app
    from .progress import progress_bar

    settings = _kb_settings(kb, host=host, port=port, corpus_dir=corpus)
    busy = server.port_in_use(settings.host, settings.port)
    if busy:
        _fail(busy, 3)
    knowledge_base = KnowledgeBase(settings)
    if knowledge_base.is_empty():
        typer.echo(f"building the knowledge base at {settings.kb_dir} from {settings.corpus_dir} …", err=True)
        with _one_line_errors():
            knowledge_base.build([settings.corpus_dir], progress=progress_bar)
    knowledge_base.refresh()
    from kg import sparql

    from extract import sandbox

    # the `policykg` script imports this module again in every child; uploads are extracted in children too
    sparql.warm(preload=(__name__,) + sandbox.PRELOAD)
    typer.echo(f"policykg serving {settings.kb_dir} on http://{settings.host}:{settings.port}/", err=True)
    server.run(create_app(knowledge_base, settings), settings)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
