"""The store's interface, shared by the embedded (SQLite) and PostgreSQL back ends.

The API, CLI and batch loader only talk to a store through ``EventStore``; ``open_store(url)``
picks the back end from the URL (a file path or ``sqlite:///...`` for SQLite,
``postgresql://...`` for PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from communique.model import Article, ArticleResult, RecordError

# The orders and time buckets every back end offers; the CLI and the API accept exactly these.
EVENT_SORTS = ("date", "-date", "num_sources", "-num_sources", "score", "-score")
TIMELINE_BUCKETS = ("day", "week", "month", "year")


@dataclass
class EventQuery:
    """Filters shared by ``communique events``, ``/api/events`` and the exports."""

    actor: str | None = None  # a party code (CHN, UN) or a name substring
    dyad: tuple[str, str] | None = None  # unordered pair of party codes
    type: str | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None  # words of the evidence (the last may be a word's beginning)
    limit: int | None = None
    offset: int = 0
    sort: str = "date"  # one of EVENT_SORTS


@dataclass
class IngestSummary:
    """What one ingest run did; printed at the end of ``communique ingest``."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    events_written: int = 0
    events_merged: int = 0
    errors: list[RecordError] = field(default_factory=list)


class EventStore(Protocol):
    """What every back end offers. Rows come back as plain dicts ready for JSON."""

    def has_document(self, content_hash: str, url: str | None) -> bool:
        """Whether a document with this content hash, or this URL, is stored."""
        ...

    def add_result(self, article: Article, result: ArticleResult) -> tuple[int, int] | None:
        """Store one article and its events in one transaction; (new events, merged events).

        None when the document is already stored (same content hash or same URL): nothing is
        written, so re-ingesting a corpus, or rerunning a killed ingest, doubles nothing.
        """
        ...

    def add_error(self, error: RecordError) -> None:
        """Record a failed record once (a repeat of the same failure adds nothing)."""
        ...

    def events(self, query: EventQuery) -> list[dict[str, Any]]:
        """The events a query selects, as listing rows (columns and evidence)."""
        ...

    def count_events(self, query: EventQuery, cap: int | None = None) -> int:
        """How many events the query selects, ignoring its limit and offset; with ``cap``,
        counting stops there (the answer is then at least ``cap``)."""
        ...

    def listing(self, query: EventQuery, cap: int = ...) -> dict[str, Any]:
        """{"total", "total_exact", "events"}: one page and the count of matches up to
        ``cap``, read from one snapshot of the store."""
        ...

    def events_after(self, query: EventQuery, cursor: Any,
                     size: int) -> tuple[list[dict[str, Any]], Any]:
        """Up to ``size`` events after ``cursor`` (None: from the start) in the query's order
        and the cursor of the last one (None at the end): keyset paging for downloads."""
        ...

    def places(self, query: EventQuery, max_events: int) -> dict[str, Any]:
        """{"points", "events_scanned", "truncated"}: the first ``max_events`` events grouped
        by coordinates, with counts by type and the mean score."""
        ...

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with every mention: document, url, outlet, evidence sentence and offsets."""
        ...

    def iter_events(self, query: EventQuery) -> Iterator[dict[str, Any]]:
        """The rows of ``events(query)``, one at a time (for exports)."""
        ...

    def actors(self, search: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Parties with their event counts, those matching ``search`` if given."""
        ...

    def timeline(self, a: str, b: str, bucket: str = "month") -> list[dict[str, Any]]:
        """Per day/week/month: event count and mean PLOVER score between parties a and b."""
        ...

    def network(self, since: dt.date | None, until: dt.date | None, min_events: int = 1,
                max_nodes: int | None = None, max_edges: int | None = None) -> dict[str, Any]:
        """{"nodes": [{id, events}], "edges": [{source, target, weight, score}],
        "nodes_total", "edges_total"}: the busiest parties and heaviest pairs among them."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts by type, by actor and by month, and totals of documents, events, errors."""
        ...

    def errors(self, limit: int = 100) -> list[dict[str, Any]]:
        """The stored failures, oldest first."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


