from __future__ import annotations

import shutil
import tempfile
import zipfile
from functools import partial
from pathlib import Path
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from ..errors import ApiError, PayloadTooLarge
from .deps import in_timebox, kb, require_key

router = APIRouter(prefix="/api", tags=["documents"])

EXPORT_TYPES = {"ttl": ("text/turtle", "kb.ttl"), "nt": ("application/n-triples", "kb.nt"),
                "jsonld": ("application/ld+json", "kb.jsonld"), "graphml": ("application/graphml+xml", "kb.graphml"),
                "gexf": ("application/gexf+xml", "kb.gexf"), "cytoscape": ("application/json", "kb.cytoscape.json"),
                "neo4j-csv": ("application/zip", "kb-neo4j.zip")}


@router.get("/documents", summary="The documents of the knowledge base with their place in the plan hierarchy")
def documents(kb_=Depends(kb)) -> dict:
    return kb_.documents()


@router.get("/documents/{name}", summary="One document: metadata, structure, measures, parents and children")
def document(name: str, kb_=Depends(kb)) -> dict:
    return kb_.document(name)


@router.post("/documents", summary="Upload a document (txt, md, pdf, html, docx): extracted and added; "
                                   "?preview=true only shows what would be added", status_code=201,
             dependencies=[Depends(require_key)])
async def upload(request: Request, response: Response, file: UploadFile = File(...), preview: bool = Query(False),
                 replace: bool = Query(False, description="replace a document of the same name (without it, such an "
                                                          "upload is refused: 409 exists)"),
                 kb_=Depends(kb)) -> dict:
    from kg.service import safe_name

    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"the file is over the {request.app.state.settings.max_upload_mb} MB limit")
    if not file.filename:
        raise ApiError("the upload has no file name", code="bad-request")
    name = safe_name(file.filename)  # cut first: the name checked is the name stored
    accepted = [t.strip().lower().lstrip(".") for t in request.app.state.settings.upload_types.split(",") if t.strip()]
    if "." not in name or name.rsplit(".", 1)[-1].lower() not in accepted:
        raise ApiError(f"only {', '.join('.' + t for t in accepted)} files are accepted", status=415,
                       code="unsupported-format")
    # extraction and the write take seconds: in a worker thread, so the event loop goes on serving others
    if preview:  # nothing is created
        response.status_code = 200
        return await run_in_threadpool(kb_.preview_bytes, name, data)
    outcome = await run_in_threadpool(kb_.add_bytes, name, data, replace)
    return outcome.to_json()


@router.delete("/documents/{name}", summary="Remove a document and every audit link to or from it",
               dependencies=[Depends(require_key)])
def delete(name: str, kb_=Depends(kb)) -> dict:
    return kb_.remove(name).to_json()


@router.get("/export", summary="The knowledge base as RDF (ttl, nt, jsonld) or a property graph "
                                "(graphml, gexf, cytoscape, neo4j-csv as a zip)")
async def export(request: Request, format: str = Query("ttl", pattern="^(ttl|nt|jsonld|graphml|gexf|cytoscape|neo4j-csv)$"),
                 kb_=Depends(kb)) -> Response:
    """Written to a temporary file in a worker thread (every format streams: memory stays flat), under the
    ``export_timeout`` setting and stopped when the client goes away; then sent from the file."""
    media, filename = EXPORT_TYPES[format]
    folder = Path(tempfile.mkdtemp(prefix="policykg-export-"))
    try:
        path = await in_timebox(request, partial(_export_file, kb_, format, folder), f"the {format} export",
                                limiter=_exports(request))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(path, media_type=media, background=BackgroundTask(shutil.rmtree, folder, True),
                        headers={"Content-Disposition": f"attachment; filename=\"{filename}\"; "
                                                        f"filename*=UTF-8''{quote(filename)}"})


EXPORTS_AT_ONCE = 2  # each export holds a core while it runs; more wait (their time running) for one to end


def _exports(request: Request) -> anyio.CapacityLimiter:
    state = request.app.state
    if getattr(state, "export_limiter", None) is None:
        state.export_limiter = anyio.CapacityLimiter(EXPORTS_AT_ONCE)
    return state.export_limiter


def _export_file(kb_, fmt: str, folder: Path, timebox) -> Path:
    if fmt != "neo4j-csv":
        return kb_.export(fmt, folder / f"kb.{fmt}", timebox)
    csv_folder = kb_.export(fmt, folder / "neo4j", timebox)
    path = folder / "kb-neo4j.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(csv_folder.rglob("*")):
            timebox.check()
            if p.is_file():
                zf.write(p, p.relative_to(csv_folder))
    shutil.rmtree(csv_folder, ignore_errors=True)
    return path
