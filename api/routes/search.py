from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from .deps import filters, kb, text_param

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", summary="Measures ranked for a query (BM25 over jieba words, synonyms, filters)")
def search(request: Request, q: str = Query("", description="keywords or a question"),
           k: int = Query(10, ge=1, le=200), f=Depends(filters), kb_=Depends(kb)) -> dict:
    return kb_.search(text_param(q, request), k, f)


@router.get("/ask", summary="A question in plain Chinese answered from the graph")
def ask(request: Request, q: str = Query(..., description="谁牵头VOCs综合治理？什么时候完成？"), kb_=Depends(kb)) -> dict:
    return kb_.ask(text_param(q, request))


@router.get("/trace", summary="The higher-level measures a measure carries out, at every level")
def trace(request: Request, doc: str = Query(..., description="the measure's document (file name)"),
          contains: str = Query(..., description="text the measure contains (whitespace ignored)"),
          kb_=Depends(kb)) -> dict:
    return kb_.trace(doc, text_param(contains, request, "contains"))


@router.get("/measures", summary="Measures matching the filters, in document order, paged")
def measures(request: Request, q: str = Query("", description="an optional query to rank by"),
             offset: int = Query(0, ge=0, le=1_000_000), limit: int = Query(50, ge=1, le=500), f=Depends(filters),
             kb_=Depends(kb)) -> dict:
    return kb_.measures(f, offset, limit, text_param(q, request))


@router.get("/measures/{measure_id:path}", summary="One measure: its fields, its source, the goals it carries out and "
                                              "the measures that carry it out")
def measure(measure_id: str, kb_=Depends(kb)) -> dict:
    return kb_.measure(measure_id)
