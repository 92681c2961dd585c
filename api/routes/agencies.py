from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from .deps import kb

router = APIRouter(prefix="/api/agencies", tags=["agencies"])


@router.get("", summary="Every agency with its number of measures by role (agencies of different places apart)")
def agencies(place: str | None = Query(None), kb_=Depends(kb)) -> dict:
    # rendered here: FastAPI's encoder walks every document name of every agency (65 ms at 100 k measures)
    return JSONResponse(kb_.agencies(place))


@router.get("/{name}", summary="What an agency's name means here: the agencies it names (by any name people write), "
                              "best first, or the nearest ones")
def agency(name: str, place: str | None = Query(None), kb_=Depends(kb)) -> dict:
    return kb_.agency(name, place)


@router.get("/{name}/measures", summary="An agency's tasks, grouped by role, ordered by deadline")
def agency_measures(name: str, place: str | None = Query(None), kb_=Depends(kb)) -> dict:
    return kb_.agency_tasks(name, place)


@router.get("/{name}/tasks.xlsx", summary="An agency's tasks as an Excel workbook")
def agency_xlsx(name: str, place: str | None = Query(None), kb_=Depends(kb)) -> Response:
    from kg.export.workbook import tasks_workbook

    data = tasks_workbook(kb_.agency_tasks(name, place))
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=_attachment(f"{place or ''}{name}-tasks.xlsx"))


@router.get("/{name}/deadlines.ics", summary="An agency's deadlines as an iCalendar feed to subscribe to")
def agency_ics(name: str, place: str | None = Query(None), kb_=Depends(kb)) -> Response:
    from kg.export.calendar import tasks_calendar

    data = tasks_calendar(kb_.agency_tasks(name, place), written=kb_.written())
    return Response(data, media_type="text/calendar; charset=utf-8",
                    headers=_attachment(f"{place or ''}{name}-deadlines.ics", inline=True))


def _attachment(filename: str, inline: bool = False) -> dict:
    kind = "inline" if inline else "attachment"
    return {"Content-Disposition": f"{kind}; filename=\"download\"; filename*=UTF-8''{quote(filename)}"}
