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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
