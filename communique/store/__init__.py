"""Where events live: ``open_store(url_or_path)`` picks the back end from its argument.

A file path or ``sqlite:///path`` opens (and creates or migrates) an embedded SQLite database;
``postgresql://...`` opens the PostgreSQL back end, imported only then so its driver stays
optional. Commands that only read open with ``create=False``, so a mistyped path is an error
naming it rather than a new empty store. ``events_table(store)`` gives the events to analysts
as one Arrow table (``.to_pandas()`` for a DataFrame).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from communique.store.base import EventQuery, EventStore, IngestSummary

DEFAULT_DB = "communique.db"
DB_ENV = "COMMUNIQUE_DB"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"


def default_db() -> str:
    """The store used when no --db is given: $COMMUNIQUE_DB, else communique.db here."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def open_store(url_or_path: str | Path | None = None, *, create: bool = True,
               knowledge_dirs: Sequence[str | Path] = ()) -> EventStore:
    """The store at a path or URL (default: ``default_db()``), migrated to the newest schema.

    ``create=True`` (ingest, load) makes a new store when there is none; ``create=False``
    (serve, events, export, stats) raises StoreError naming the path instead. The names
    stored for states come from the actor knowledge base with ``knowledge_dirs`` (the user's
    ``--knowledge`` folders) over the bundled files.
    """
    target = str(url_or_path) if url_or_path is not None else default_db()
    from communique.store.rows import knowledge_names

    names = knowledge_names([Path(folder) for folder in knowledge_dirs])
    if target.startswith(POSTGRES_SCHEMES):
        from communique.store.postgres import PostgresStore

        return PostgresStore(target, create=create, names=names)
    from communique.store.sqlite import SQLiteStore

    return SQLiteStore(target.removeprefix(SQLITE_SCHEME), create=create, names=names)


def events_table(store: EventStore | str | Path, query: EventQuery | None = None) -> Any:
    """The events a query selects (all by default) as one ``pyarrow.Table``, one row per
    event with the columns of the CSV export (``communique.store.export.FLAT_COLUMNS``:
    parties, date, place, codes, counts, evidence, source URLs as a list).

    ``store`` is an open store, or a path/URL opened read-only for the call. For pandas::

        from communique.store import events_table
        frame = events_table("events.db").to_pandas()
        frame.groupby("type").size()
    """
    from communique.store.export import arrow_table

    if isinstance(store, str | Path):
        opened = open_store(store, create=False)
        try:
            return arrow_table(opened, query or EventQuery())
        finally:
            opened.close()
    return arrow_table(store, query or EventQuery())


__all__ = ["DB_ENV", "EventQuery", "EventStore", "IngestSummary", "default_db", "events_table",
           "open_store"]
