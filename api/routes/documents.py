from __future__ import annotations

import io
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..errors import ApiError, PayloadTooLarge
from .deps import kb, require_key

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
def export(format: str = Query("ttl", pattern="^(ttl|nt|jsonld|graphml|gexf|cytoscape|neo4j-csv)$"),
           kb_=Depends(kb)) -> Response:
    media, filename = EXPORT_TYPES[format]
    if format == "neo4j-csv":
        import tempfile
        import zipfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            kb_.export(format, Path(tmp) / "neo4j")
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in sorted((Path(tmp) / "neo4j").rglob("*")):
                    if p.is_file():
                        zf.write(p, p.relative_to(Path(tmp) / "neo4j"))
            data = buf.getvalue()
    else:
        buf = io.BytesIO()
        kb_.export(format, buf)
        data = buf.getvalue()
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"})
