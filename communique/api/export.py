"""CSV and JSONL downloads of a filtered view, streamed page by page with keyset paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from communique.api.responses import dumps_safe
from communique.store.base import EventQuery, EventStore
from communique.store.export import LISTING_COLUMNS, csv_lines


def iter_pages(get_store: Callable[[], EventStore], query: EventQuery, page_size: int,
               max_rows: int) -> Iterator[dict[str, Any]]:
    """Every row matching ``query`` (up to ``max_rows``), fetching one page per call so that a
    streaming response may resume on any worker thread with that thread's store. Each page
    starts after the last row of the one before (keyset), so the thousandth page costs what
    the first does."""
    cursor, sent = None, 0
    while sent < max_rows:
        size = min(page_size, max_rows - sent)
        rows, cursor = get_store().events_after(query, cursor, size)
        yield from rows
        sent += len(rows)
        if cursor is None:
            return


def listing_csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The listing rows as CSV, through the one CSV writer of ``communique.store.export``."""
    return csv_lines(rows, LISTING_COLUMNS)


def jsonl_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One compact JSON line per row."""
    for row in rows:
        yield dumps_safe(row) + "\n"
