"""``/api/events``: the filtered, paged list, one event with its sources, downloads, map points."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from communique.api.export import iter_pages, jsonl_lines, listing_csv
from communique.api.params import event_filters, paged
from communique.api.responses import SafeJSONResponse, answer
from communique.api.stores import StoreProvider, store_for
from communique.store.base import EventQuery

router = APIRouter(prefix="/api", tags=["events"])

Filters = Annotated[EventQuery, Depends(event_filters)]
LimitParam = Annotated[int | None, Query(ge=1, description="Rows per page (bounded)")]
OffsetParam = Annotated[int, Query(ge=0)]


@router.get("/events")
def list_events(request: Request, query: Filters, limit: LimitParam = None,
                offset: OffsetParam = 0) -> SafeJSONResponse:
    """One page of events matching the filters, with the total for paging. Counting stops at
    ``count_cap`` (see ``/api/info``): ``total_exact`` false means "at least ``total``"."""
    query = paged(request, query, limit, offset)
    page = store_for(request).listing(query, request.app.state.limits.count_cap)
    return answer({"total": page["total"], "total_exact": page["total_exact"],
                   "limit": query.limit, "offset": query.offset, "sort": query.sort,
                   "events": page["events"]})


@router.get("/events.csv", response_class=StreamingResponse)
def download_csv(request: Request, query: Filters) -> StreamingResponse:
    """Every event matching the filters as CSV (nested fields flattened to columns)."""
    return _download(listing_csv(_all_rows(request, query)), "text/csv; charset=utf-8", "csv")


@router.get("/events.jsonl", response_class=StreamingResponse)
def download_jsonl(request: Request, query: Filters) -> StreamingResponse:
    """Every event matching the filters as JSON Lines, one event per line."""
    return _download(jsonl_lines(_all_rows(request, query)),
                     "application/x-ndjson; charset=utf-8", "jsonl")


@router.get("/events/{event_id}")
def get_event(request: Request,
              event_id: Annotated[str, Path(max_length=200)]) -> SafeJSONResponse:
    """One event with every mention: document, URL, outlet, evidence sentence and offsets."""
    event = store_for(request).event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}; list ids with /api/events")
    return answer(event)


@router.get("/places")
def places(request: Request, query: Filters) -> SafeJSONResponse:
    """Map points: events matching the filters grouped by coordinates (the first
    ``max_map_events`` events in the query's order when more match, flagged by
    ``truncated``), counted in the database."""
    limits = request.app.state.limits
    return answer(store_for(request).places(replace(query, offset=0), limits.max_map_events))


def _all_rows(request: Request, query: EventQuery) -> Iterator[dict[str, Any]]:
    provider: StoreProvider = request.app.state.stores
    limits = request.app.state.limits
    return iter_pages(provider.get, query, limits.max_page_size, limits.max_export_rows)


def _download(lines: Iterator[str], media_type: str, extension: str) -> StreamingResponse:
    headers = {"content-disposition": f'attachment; filename="events.{extension}"'}
    return StreamingResponse(lines, media_type=media_type, headers=headers)
