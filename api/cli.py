"""The ``policykg`` command. Each command parses its input, calls one library function, renders the result."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="Knowledge graph and search over Chinese policy documents.")

DOC_SUFFIXES = {".txt", ".md", ".pdf", ".html", ".htm", ".docx"}


@app.callback()
def _root() -> None:
    """policykg: read policy documents, build the knowledge graph, search and answer."""


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
    return Settings.from_env(kb_dir=kb, ontology_dir=ontology, **more)


def _kb_errors():
    """The named library errors of the knowledge base, reported in one line each."""
    from extract import ExtractError
    from kg.store import StoreError
    from kg.validate import ValidationError

    return (ExtractError, StoreError, ValidationError, FileNotFoundError)


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
    from kg.kb import build as build_kb

    from .progress import progress_bar

    settings = _kb_settings(kb, ontology, workers=workers, validate=False if no_validate else None)
    try:
        outcome = build_kb(corpus or [settings.corpus_dir], settings, progress=progress_bar)
    except _kb_errors() as exc:
        _fail(str(exc))
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
    from kg.kb import add as add_doc

    settings = _kb_settings(kb, ontology)
    try:
        outcome = add_doc(file, settings)
    except _kb_errors() as exc:
        _fail(str(exc))
    _report(outcome, as_json)


@app.command()
def remove(
    doc: str = typer.Argument(..., help="the file name of a document in the knowledge base"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    ontology: Optional[Path] = typer.Option(None, help="ontology folder"),
    as_json: bool = typer.Option(False, "--json", help="print what was done as JSON"),
) -> None:
    """Remove one document and every audit link to or from it."""
    from kg.kb import remove as remove_doc

    settings = _kb_settings(kb, ontology)
    try:
        outcome = remove_doc(Path(doc).name, settings)
    except _kb_errors() as exc:
        _fail(str(exc))
    _report(outcome, as_json)


@app.command()
def trace(
    doc: str = typer.Option(..., "--doc", help="file name of the document the measure is in"),
    contains: str = typer.Option(..., "--contains", help="text the measure contains (whitespace ignored)"),
    kb: Optional[Path] = typer.Option(None, help="knowledge base directory"),
    as_json: bool = typer.Option(False, "--json", help="print the JSON of CONTRACT.md"),
) -> None:
    """The higher-level measures a measure carries out, at every level up the plan hierarchy."""
    from kg.ids import ids_for
    from kg.store import open_store
    from kg.trace import trace as trace_measure

    settings = _kb_settings(kb)
    try:
        with open_store(settings.kb_dir, settings.lock_timeout) as store:
            body = trace_measure(store, ids_for(store, settings), doc, contains)
    except _kb_errors() as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    m = body["measure"]
    typer.echo(f"{m['doc']} {m['measure_id']}: {m['text']}")
    for p in body["parents"]:
        typer.echo(f"  ← {p['level'] or '?':8s} {p['doc']} {p['measure_id']} ({p['score']:.2f} {p['method']}): {p['text'][:70]}")


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
        with open_store(settings.kb_dir, settings.lock_timeout) as store:
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
    try:
        body = summary(settings)
    except _kb_errors() as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    typer.echo(f"{body['kb_dir']}: version {body['version']}, {body['documents']} documents, "
               f"{body['measures']} measures, {body['quads']} quads")
    for d in body["hierarchy"]:
        typer.echo(f"  {d['child']} → {d['parent']} ({d['method']})")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
