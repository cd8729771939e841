"""Where events live: ``open_store(url_or_path)`` picks the back end from its argument.

A file path or ``sqlite:///path`` opens (and creates or migrates) an embedded SQLite database;
``postgresql://...`` opens the PostgreSQL back end, imported only then so its driver stays
optional.
"""

from __future__ import annotations

import os
from pathlib import Path

from communique.store.base import EventQuery, EventStore, IngestSummary

DEFAULT_DB = "communique.db"
DB_ENV = "COMMUNIQUE_DB"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"


def default_db() -> str:
    """The store used when no --db is given: $COMMUNIQUE_DB, else communique.db here."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def open_store(url_or_path: str | Path | None = None) -> EventStore:
    """The store at a path or URL, created with the newest schema when it does not exist."""
    target = str(url_or_path) if url_or_path is not None else default_db()
    if target.startswith(POSTGRES_SCHEMES):
        from communique.store.postgres import PostgresStore

        return PostgresStore(target)
    from communique.store.sqlite import SQLiteStore

    return SQLiteStore(target.removeprefix(SQLITE_SCHEME))


__all__ = ["DB_ENV", "EventQuery", "EventStore", "IngestSummary", "default_db", "open_store"]
