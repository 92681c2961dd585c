"""The ``policykg`` command. Each command parses its input, calls one library function, renders the result."""
from __future__ import annotations

import json
from contextlib import contextmanager
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_text import answer_lines, summary, summary_line, task_list, trace_lines
from .settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="Knowledge graph and search over Chinese policy documents.")


_STORE_OPTIONS: dict = {}  # the store options given before the command, for every command

# the options every command that reads a knowledge base shares, typed once
Kb = Annotated[Optional[Path], typer.Option("--kb", help="knowledge base directory (default: the kb_dir setting)")]
Ontology = Annotated[Optional[Path], typer.Option("--ontology", help="ontology folder (agency registry, topic scheme, shapes)")]
Json = Annotated[bool, typer.Option("--json", help="print JSON: what the command did, or exactly the HTTP body of "
                                                   "the matching API route")]


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
    as_json: Json = False,
    ontology: Ontology = None,
) -> None:
    """Extract measures, agencies, deadlines and targets from documents.

    Example: policykg extract corpus/004_5388e15178bf8d90.txt --json
    """
    from extract import ExtractError, Resources, extract_file, to_contract

    settings = Settings.from_env(ontology_dir=ontology)
    res = Resources.from_dir(settings.ontology_dir)
    max_bytes = settings.max_upload_mb * 1024 * 1024
    if path.is_dir():
        from kg.build.ops import DOC_SUFFIXES

        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)
        failed = 0
        from .progress import progress_bar

        results = []
        with progress_bar(len(files), "extracting") as advance:
            for f in files:
                try:
                    doc = extract_file(f, res, max_bytes=max_bytes)
                    results.append(to_contract(doc) if as_json else summary_line(doc))
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
        typer.echo(summary(doc))


def _kb_settings(kb: Optional[Path], ontology: Optional[Path] = None, **more) -> Settings:
    return Settings.from_env(kb_dir=kb, ontology_dir=ontology, **{**_STORE_OPTIONS, **more})


def _kb_errors():
    """The named library errors of the knowledge base, reported in one line each."""
    from extract import ExtractError
    from kg.store import StoreError
    from kg.build.validate import ValidationError

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
    kb: Kb = None,
    ontology: Ontology = None,
    workers: Optional[int] = typer.Option(None, help="processes extracting in parallel"),
    no_validate: bool = typer.Option(False, "--no-validate", help="skip the SHACL validation"),
    as_json: Json = False,
) -> None:
    """Extract every document and write a new knowledge base (the previous one stays until the new one is complete).

    Example: policykg build corpus/ --kb var/kb
    """
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
    kb: Kb = None,
    ontology: Ontology = None,
    as_json: Json = False,
) -> None:
    """Add one document to the knowledge base (or replace the one of the same file name).

    Example: policykg add plan.pdf --kb var/kb
    """
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb, ontology)
    with _one_line_errors():
        outcome = KnowledgeBase(settings).add_path(file)
    _report(outcome, as_json)


@app.command()
def remove(
    doc: str = typer.Argument(..., help="the file name of a document in the knowledge base"),
    kb: Kb = None,
    ontology: Ontology = None,
    as_json: Json = False,
) -> None:
    """Remove one document and every audit link to or from it.

    Example: policykg remove plan.pdf --kb var/kb
    """
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb, ontology)
    with _one_line_errors():
        outcome = KnowledgeBase(settings).remove(Path(doc).name)
    _report(outcome, as_json)


@app.command()
def trace(
    doc: str = typer.Option(..., "--doc", help="file name of the document the measure is in"),
    contains: str = typer.Option(..., "--contains", help="text the measure contains (whitespace ignored)"),
    kb: Kb = None,
    as_json: Json = False,
) -> None:
    """The higher-level measures a measure carries out, at every level up the plan hierarchy.

    Example: policykg trace --doc 002_67f8289a9b82292a.txt --contains 持续开展入河排污口整治
    """
    from kg.service import KnowledgeBase

    settings = _kb_settings(kb)
    with _one_line_errors():
        body = KnowledgeBase(settings).trace(doc, contains)
    if as_json:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    for line in trace_lines(body):
        typer.echo(line)


@app.command()
def export(
    fmt: str = typer.Option("ttl", "--format", help="ttl | nt | jsonld | graphml | gexf | cytoscape | neo4j-csv"),
    out: Optional[Path] = typer.Option(None, help="file to write (a folder for neo4j-csv); default: standard output"),
    kb: Kb = None,
) -> None:
    """Export the knowledge base as RDF or as a property graph for Gephi, yEd, Cytoscape or Neo4j.

    Example: policykg export --format graphml --out kb.graphml
    """
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
    kb: Kb = None,
    as_json: Json = False,
) -> None:
    """What the knowledge base holds: version, documents, quads.

    Example: policykg info --json
    """
    from kg.build.ops import summary

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
    as_json: Json = False,
) -> None:
    """Copy the knowledge base between the embedded store and a SPARQL server, verified by quad count and hash.

    Example: policykg --store sparql --sparql-query http://127.0.0.1:8890/sparql migrate --to embedded --kb var/kb
    """
    from dataclasses import replace

    from kg.build.migrate import migrate as migrate_kb
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
    kb: Kb = None,
    as_json: Json = False,
) -> None:
    """Measures ranked for a query.

    Example: policykg search 岸电 --agency 市交通局 --due-before 2025-12-31
    """
    from datetime import date

    from kg.search.search import Filters, SearchError

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
        first, second = answer_lines(h)[:2]
        typer.echo(f"{h['score']:7.2f}" + first[1:])
        typer.echo(second)


@app.command()
def ask(
    q: str = typer.Argument(..., help="a question, e.g. 谁牵头VOCs综合治理？什么时候完成？"),
    kb: Kb = None,
    as_json: Json = False,
) -> None:
    """Answer a question from the knowledge graph.

    Example: policykg ask 谁牵头VOCs综合治理？什么时候完成？
    """
    body = _kb(kb).ask(q)
    if as_json:
        return _print_json(body)
    if body.get("notice"):
        typer.echo(f"注意：{body['notice']}")
    if "tasks" in body["intent"]:
        return task_list(body)
    if not body["answers"]:
        typer.echo("没有找到相关的任务。")
        return
    if body.get("summary"):
        typer.echo(f"答：{body['summary']['text']}")
        typer.echo(f"来源：{body['summary']['source']}")
    for a in body["answers"][:3]:
        typer.echo("\n".join(answer_lines(a)))


@app.command()
def agencies(
    place: Optional[str] = typer.Option(None, help="only agencies of documents of this place"),
    kb: Kb = None,
    as_json: Json = False,
) -> None:
    """Every agency with its number of measures by role.

    Example: policykg agencies --place 苏州市
    """
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
    kb: Kb = None,
    as_json: Json = False,
) -> None:
    """An agency's tasks, grouped by role and ordered by deadline; as .xlsx or .ics on request.

    Example: policykg tasks 环保局 --xlsx tasks.xlsx
    """
    from kg.service import NotFound
    from kg.vocab import ROLE_LABELS

    service = _kb(kb)
    try:
        body = service.agency_tasks(agency, place)
    except NotFound as exc:
        _fail(str(exc))
    if xlsx:
        from kg.export.workbook import tasks_workbook

        xlsx.write_bytes(tasks_workbook(body))
        typer.echo(f"wrote {xlsx}", err=True)
    if ics:
        from kg.export.calendar import tasks_calendar

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
    for role, label in ROLE_LABELS.items():
        typer.echo(f"{label}（{len(body[role])}）")
        for a in body[role]:
            typer.echo("\n".join(answer_lines(a)))


@app.command()
def serve(
    kb: Kb = None,
    host: Optional[str] = typer.Option(None, help="address to listen on"),
    port: Optional[int] = typer.Option(None, help="port to listen on"),
    corpus: Optional[Path] = typer.Option(None, help="documents to build from on first run"),
) -> None:
    """Serve the HTTP API, the SPARQL endpoint and the web page (building the knowledge base on first run).

    Example: policykg serve --port 8010
    """
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
    from kg.store import sparql

    from extract import sandbox

    # the `policykg` script imports this module again in every child; uploads are extracted in children too
    sparql.warm(preload=(__name__,) + sandbox.PRELOAD)
    typer.echo(f"policykg serving {settings.kb_dir} on http://{settings.host}:{settings.port}/", err=True)
    server.run(create_app(knowledge_base, settings), settings)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
