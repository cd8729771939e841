"""``/api/events``: the filtered, paged list, one event with its sources, downloads, map points."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from communique.api.export import csv_lines, iter_pages, jsonl_lines
from communique.api.params import event_filters, paged
from communique.api.stores import StoreProvider, store_for
from communique.store.base import EventQuery

router = APIRouter(prefix="/api", tags=["events"])

Filters = Annotated[EventQuery, Depends(event_filters)]
LimitParam = Annotated[int | None, Query(ge=1, description="Rows per page (bounded)")]
OffsetParam = Annotated[int, Query(ge=0)]


@router.get("/events")
def list_events(request: Request, query: Filters, limit: LimitParam = None,
                offset: OffsetParam = 0) -> dict[str, Any]:
    """One page of events matching the filters, with the total for paging."""
    query = paged(request, query, limit, offset)
    store = store_for(request)
    return {"total": store.count_events(replace(query, limit=None, offset=0)),
            "limit": query.limit, "offset": query.offset, "sort": query.sort,
            "events": store.events(query)}


@router.get("/events.csv", response_class=StreamingResponse)
def download_csv(request: Request, query: Filters) -> StreamingResponse:
    """Every event matching the filters as CSV (nested fields flattened to columns)."""
    return _download(csv_lines(_all_rows(request, query)), "text/csv; charset=utf-8", "csv")


@router.get("/events.jsonl", response_class=StreamingResponse)
def download_jsonl(request: Request, query: Filters) -> StreamingResponse:
    """Every event matching the filters as JSON Lines, one event per line."""
    return _download(jsonl_lines(_all_rows(request, query)),
                     "application/x-ndjson; charset=utf-8", "jsonl")


@router.get("/events/{event_id}")
def get_event(request: Request,
              event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One event with every mention: document, URL, outlet, evidence sentence and offsets."""
    event = store_for(request).event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}; list ids with /api/events")
    return event


@router.get("/places")
def places(request: Request, query: Filters) -> dict[str, Any]:
    """Map points: events matching the filters grouped by coordinates (the most recent
    ``max_map_events`` events when more match, flagged by ``truncated``)."""
    limits = request.app.state.limits
    rows = _pages(request, replace(query, offset=0), limits.max_map_events + 1)
    points: dict[tuple[float, float], dict[str, Any]] = {}
    seen = 0
    for row in rows:
        seen += 1
        if seen > limits.max_map_events:
            break
        _add_point(points, row)
    for point in points.values():
        point["mean_score"] = round(point.pop("score_sum") / point["events"], 2)
    return {"points": sorted(points.values(), key=lambda p: -p["events"]),
            "events_scanned": min(seen, limits.max_map_events),
            "truncated": seen > limits.max_map_events}


def _add_point(points: dict[tuple[float, float], dict[str, Any]], row: dict[str, Any]) -> None:
    place = location_of(row)
    lat, lon = place.get("latitude"), place.get("longitude")
    if lat is None or lon is None:
        return
    key = (round(float(lat), 3), round(float(lon), 3))
    point = points.setdefault(key, {
        "latitude": key[0], "longitude": key[1], "name": place.get("name"),
        "country": place.get("country"), "events": 0, "score_sum": 0.0, "types": {}})
    point["events"] += 1
    point["score_sum"] += float(row.get("score") or 0.0)
    types = point["types"]
    types[row.get("type")] = types.get(row.get("type"), 0) + 1


def location_of(row: dict[str, Any]) -> dict[str, Any]:
    """The event's place, from a nested ``location`` or the flat ``location_*`` columns."""
    nested = row.get("location")
    if isinstance(nested, dict):
        return nested
    return {"name": row.get("location_name"), "country": row.get("location_country"),
            "latitude": row.get("latitude"), "longitude": row.get("longitude")}


def _all_rows(request: Request, query: EventQuery) -> Iterator[dict[str, Any]]:
    return _pages(request, query, request.app.state.limits.max_export_rows)


def _pages(request: Request, query: EventQuery, max_rows: int) -> Iterator[dict[str, Any]]:
    provider: StoreProvider = request.app.state.stores
    return iter_pages(provider.get, query, request.app.state.limits.max_page_size, max_rows)


def _download(lines: Iterator[str], media_type: str, extension: str) -> StreamingResponse:
    headers = {"content-disposition": f'attachment; filename="events.{extension}"'}
    return StreamingResponse(lines, media_type=media_type, headers=headers)
