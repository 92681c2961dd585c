from __future__ import annotations

import io
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from .deps import kb

router = APIRouter(prefix="/api", tags=["graph"])

MEDIA = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


@router.get("/graph", summary="The neighbourhood of a measure, agency or document as a property graph "
                              "(Cytoscape.js JSON, GEXF or GraphML)")
def graph(node: str = Query(..., description="an IRI, a measure id (004_5388e15178bf8d90-021), a document's file "
                                             "name, an agency's name (市交通局) or any node's label"),
          depth: int = Query(1, ge=1, le=3, description="edges away from the node"),
          place: str | None = Query(None, description="the agency's place, where its name is shared (苏州市)"),
          format: str = Query("cytoscape", pattern="^(cytoscape|gexf|graphml)$"),
          kb_=Depends(kb)) -> Response:
    from kg.export import cytoscape_json, write_graph

    center, sub = kb_.neighbourhood(node, depth, place or None)
    if format == "cytoscape":
        # the share of the best link a trail shows: an audit link below it, or unsupported, is drawn folded
        return JSONResponse({**cytoscape_json(sub), "center": center, "min_share": kb_.settings.trace_min_share})
    buf = io.BytesIO()
    write_graph(sub, format, buf)
    filename = f"graph.{format}"
    return Response(buf.getvalue(), media_type=MEDIA[format],
                    headers={"Content-Disposition": f"attachment; filename=\"{filename}\"; "
                                                    f"filename*=UTF-8''{quote(filename)}"})
