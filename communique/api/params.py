"""Query parameters shared by the event list, the exports and the map, parsed to ``EventQuery``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError

from communique.model import EVENT_TYPES, STATUSES
from communique.store.base import EVENT_SORTS, EventQuery

TYPE_PATTERN = "^(" + "|".join(EVENT_TYPES) + ")$"
STATUS_PATTERN = "^(" + "|".join(STATUSES) + ")$"
SORT_PATTERN = "^(" + "|".join(s.replace("-", "\\-") for s in EVENT_SORTS) + ")$"

ActorParam = Annotated[str | None, Query(
    max_length=100, description="A party code (CHN, UN) or a substring of an actor's name")]
DyadParam = Annotated[str | None, Query(
    max_length=201, pattern="^[^,]+,[^,]+$",
    description="Two party codes separated by a comma (order does not matter): CHN,USA")]
TypeParam = Annotated[str | None, Query(pattern=TYPE_PATTERN, description="A PLOVER event type")]
StatusParam = Annotated[str | None, Query(pattern=STATUS_PATTERN)]
DateParam = Annotated[dt.date | None, Query(description="YYYY-MM-DD, inclusive")]
TextParam = Annotated[str | None, Query(
    max_length=200, description="Words of a sentence reporting the event, as a phrase (whole "
                                "words, any case); text without letters or digits is matched "
                                "as a substring")]
SortParam = Annotated[str, Query(pattern=SORT_PATTERN)]


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """"CHN,USA" (any case) as ("CHN", "USA"), as the CLI reads it; the query pattern has
    already checked the comma."""
    if value is None:
        return None
    first, second = (part.strip().upper() for part in value.split(",", 1))
    return (first, second)


def event_filters(actor: ActorParam = None, dyad: DyadParam = None, type: TypeParam = None,
                  status: StatusParam = None, since: DateParam = None, until: DateParam = None,
                  text: TextParam = None, sort: SortParam = "-date") -> EventQuery:
    """The filters of ``communique events`` as a dependency, with no paging yet."""
    if since and until and since > until:
        raise RequestValidationError([{
            "loc": ("query", "since"), "type": "value_error",
            "msg": f"since ({since}) is after until ({until}); swap them"}])
    refuse_nul(actor=actor, dyad=dyad, text=text)
    return EventQuery(actor=actor or None, dyad=parse_dyad(dyad), type=type, status=status,
                      since=since, until=until, text=text or None, sort=sort)


def refuse_nul(**values: str | None) -> None:
    """422 for a NUL character in a text filter: no name or sentence holds one, and databases
    treat it as the end of the text."""
    for name, value in values.items():
        if value and "\x00" in value:
            raise RequestValidationError([{
                "loc": ("query", name), "type": "value_error",
                "msg": f"{name} contains a NUL character (%00); remove it"}])


def paged(request: Request, query: EventQuery, limit: int | None, offset: int) -> EventQuery:
    """``query`` with the page the client asked for, bounded by the app's limits."""
    limits = request.app.state.limits
    if limit is not None and limit > limits.max_page_size:
        raise RequestValidationError([{
            "loc": ("query", "limit"), "type": "less_than_equal",
            "msg": f"limit {limit} is over the page size limit {limits.max_page_size}; "
                   "page with offset, or download the CSV/JSONL export"}])
    if offset > limits.max_offset:
        raise RequestValidationError([{
            "loc": ("query", "offset"), "type": "less_than_equal",
            "msg": f"offset {offset} is over {limits.max_offset}; narrow the filters instead"}])
    return replace(query, limit=limit or limits.default_page_size, offset=offset)
