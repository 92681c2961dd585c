from __future__ import annotations

import io
import json
from functools import partial
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from .deps import in_timebox, kb

router = APIRouter(prefix="/api", tags=["graph"])

MEDIA = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


@router.get("/graph", summary="The neighbourhood of a measure, agency or document as a property graph "
                              "(Cytoscape.js JSON, GEXF or GraphML): at most 1,000 nodes, nearest first")
async def graph(request: Request,
                node: str = Query(..., description="an IRI, a measure id (004_5388e15178bf8d90-021), a document's file "
                                                   "name, an agency's name (市交通局) or any node's label"),
                depth: int = Query(1, ge=1, le=3, description="edges away from the node"),
                place: str | None = Query(None, description="the agency's place, where its name is shared (苏州市)"),
                format: str = Query("cytoscape", pattern="^(cytoscape|gexf|graphml)$"),
                kb_=Depends(kb)) -> Response:
    """In a worker thread, under the ``export_timeout`` setting and stopped when the client goes away (the
    graph's table may first catch up with a write)."""
    body = await in_timebox(request, partial(_neighbourhood, kb_, node, depth, place or None, format),
                            "the graph view")
    if format == "cytoscape":
        return Response(body, media_type="application/json")
    filename = f"graph.{format}"
    return Response(body, media_type=MEDIA[format],
                    headers={"Content-Disposition": f"attachment; filename=\"{filename}\"; "
                                                    f"filename*=UTF-8''{quote(filename)}"})


def _neighbourhood(kb_, node: str, depth: int, place: str | None, fmt: str, timebox) -> bytes:
    from kg.export import write_records
    from kg.export.formats import cytoscape_elements

    sub = kb_.subgraph(node, depth, place, timebox)
    if fmt == "cytoscape":
        # min_share: the share of the best link a trail shows; an audit link below it, or unsupported, is drawn folded
        return json.dumps({**cytoscape_elements(sub.nodes, sub.edges), "center": sub.center,
                           "truncated": sub.truncated, "min_share": kb_.settings.trace_min_share}, ensure_ascii=False).encode("utf-8")
    buf = io.BytesIO()
    write_records(sub.nodes, sub.edges, fmt, buf)
    return buf.getvalue()
