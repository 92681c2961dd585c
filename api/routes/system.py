from __future__ import annotations

from fastapi import APIRouter, Depends

from .deps import kb

router = APIRouter(tags=["system"])


@router.get("/healthz", summary="Liveness, and the knowledge-base version this server answers from")
def healthz(k=Depends(kb)) -> dict:
    return k.health().to_json()
