"""Actors, dyad timelines, the actor network and corpus statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from communique.api.params import DateParam
from communique.api.responses import SafeJSONResponse, answer
from communique.api.stores import store_for
from communique.model import EVENT_TYPES, STATUSES
from communique.store.base import TIMELINE_BUCKETS, EventQuery
from communique.store.sqlite import MAX_INTEGER

router = APIRouter(prefix="/api", tags=["analysis"])

PartyPath = Annotated[str, Path(min_length=1, max_length=100,
                                description="A party code (CHN, UN) or lower-cased name")]
BUCKET_PATTERN = "^(" + "|".join(TIMELINE_BUCKETS) + ")$"


@router.get("/actors")
def actors(request: Request,
           search: Annotated[str | None, Query(max_length=100)] = None,
           limit: Annotated[int, Query(ge=1)] = 50) -> SafeJSONResponse:
    """Parties with their event counts, optionally those whose code or name contains ``search``."""
    limit = min(limit, request.app.state.limits.max_page_size)
    return answer({"actors": store_for(request).actors(search or None, limit)})


@router.get("/dyads/{a}/{b}/timeline")
def dyad_timeline(request: Request, a: PartyPath, b: PartyPath,
                  bucket: Annotated[str, Query(pattern=BUCKET_PATTERN)] = "month",
                  limit: Annotated[int, Query(ge=0)] = 50) -> SafeJSONResponse:
    """Per day, week, month or year: the number of events between a and b and their mean PLOVER
    score (-10 conflict to +10 cooperation); with the most recent events of the pair."""
    store = store_for(request)
    query = EventQuery(dyad=(a, b), sort="-date",
                       limit=min(limit, request.app.state.limits.max_page_size))
    return answer({"a": a, "b": b, "bucket": bucket, "points": store.timeline(a, b, bucket),
                   "total": store.count_events(EventQuery(dyad=(a, b))),
                   "events": store.events(query) if limit else []})


@router.get("/network")
def network(request: Request, since: DateParam = None, until: DateParam = None,
            min_events: Annotated[int, Query(ge=1, le=MAX_INTEGER)] = 1,
            max_nodes: Annotated[int | None, Query(ge=1, le=MAX_INTEGER)] = None
            ) -> SafeJSONResponse:
    """Actors as nodes and, per pair, an edge weighted by event count and signed by mean score;
    only the ``max_nodes`` most active actors are kept so the graph stays readable."""
    limits = request.app.state.limits
    nodes = min(max_nodes or limits.max_network_nodes, limits.max_network_nodes)
    graph = store_for(request).network(since, until, min_events, nodes,
                                       limits.max_network_edges)
    truncated = (len(graph["nodes"]) < graph["nodes_total"]
                 or len(graph["edges"]) < graph["edges_total"])
    return answer({**graph, "since": since, "until": until, "truncated": truncated})


@router.get("/stats")
def stats(request: Request) -> SafeJSONResponse:
    """Counts by type, by actor and by month, and totals of documents, events and errors."""
    return answer(store_for(request).stats())


@router.get("/errors")
def errors(request: Request, limit: Annotated[int, Query(ge=1)] = 100) -> dict[str, Any]:
    """Records that could not be processed, oldest first."""
    limit = min(limit, request.app.state.limits.max_page_size)
    return {"errors": store_for(request).errors(limit)}


@router.get("/info")
def info(request: Request) -> dict[str, Any]:
    """What this server allows: whether ingest is on, and the request limits."""
    limits = request.app.state.limits
    return {"ingest": request.app.state.ingest_token is not None,
            "event_types": list(EVENT_TYPES), "statuses": list(STATUSES),
            "limits": {"default_page_size": limits.default_page_size,
                       "max_page_size": limits.max_page_size,
                       "max_body_bytes": limits.max_body_bytes,
                       "max_articles_per_ingest": limits.max_articles_per_ingest,
                       "max_map_events": limits.max_map_events,
                       "count_cap": limits.count_cap}}
