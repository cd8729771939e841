"""The store's tables, as numbered migrations applied in order and recorded in ``schema_version``.

The SQL sticks to types and constraints PostgreSQL also accepts (TEXT, INTEGER, REAL, JSON kept
as TEXT), so the PostgreSQL back end can reuse these statements with few changes. A database is
never rewritten in place: a new release adds a migration at the end of ``MIGRATIONS``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any, Protocol

from communique.errors import StoreError


@dataclass(frozen=True)
class Migration:
    """One step of the schema: applied once, in one transaction, then recorded."""

    version: int
    description: str
    statements: tuple[str, ...]


CORE_TABLES = (
    """CREATE TABLE documents (
        doc_id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        origin TEXT,
        text TEXT NOT NULL,
        num_events INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX documents_url ON documents (url) WHERE url IS NOT NULL",
    """CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        mode TEXT,
        source_party TEXT,
        source_name TEXT,
        source_country TEXT,
        source_org TEXT,
        source_sector TEXT,
        target_party TEXT,
        target_name TEXT,
        target_country TEXT,
        target_org TEXT,
        target_sector TEXT,
        date TEXT,
        date_precision TEXT,
        date_start TEXT,
        date_end TEXT,
        location_name TEXT,
        location_country TEXT,
        location_feature TEXT,
        location_geonameid INTEGER,
        latitude REAL,
        longitude REAL,
        status TEXT NOT NULL,
        topics TEXT NOT NULL,
        cameo TEXT,
        quad_class INTEGER,
        score REAL,
        confidence REAL NOT NULL,
        num_sources INTEGER NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        first_doc_id INTEGER NOT NULL REFERENCES documents (doc_id),
        first_seen TEXT NOT NULL,
        record TEXT NOT NULL
    )""",
    "CREATE INDEX events_dyad ON events (source_party, target_party, date_start)",
    "CREATE INDEX events_target ON events (target_party, date_start)",
    "CREATE INDEX events_type_date ON events (type, date_start)",
    "CREATE INDEX events_date ON events (date_start)",
    # The dedup blocks: an event is only ever compared with events sharing one of its keys.
    """CREATE TABLE event_blocks (
        block_key TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events (event_id),
        PRIMARY KEY (block_key, event_id)
    )""",
    """CREATE TABLE actors (
        party TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT,
        country TEXT,
        org TEXT,
        events_as_source INTEGER NOT NULL DEFAULT 0,
        events_as_target INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE mentions (
        mention_id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events (event_id),
        doc_id INTEGER NOT NULL REFERENCES documents (doc_id),
        is_primary INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        sentence_text TEXT NOT NULL,
        offsets TEXT NOT NULL,
        merge TEXT NOT NULL
    )""",
    "CREATE INDEX mentions_event ON mentions (event_id)",
    "CREATE INDEX mentions_doc ON mentions (doc_id)",
    # One row per distinct failure, so a rerun that meets the same bad record adds nothing.
    """CREATE TABLE errors (
        error_id INTEGER PRIMARY KEY,
        record TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (record, stage, reason)
    )""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events, dedup blocks, actors, mentions, errors", CORE_TABLES),
)

# Columns that record when a row was written: they differ between two otherwise identical runs.
TIMESTAMP_COLUMNS = frozenset({"ingested_at", "first_seen", "created_at", "applied_at"})


def now_utc() -> str:
    """The current UTC time as ISO 8601 to the second, for the timestamp columns."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Connection(Protocol):
    """What migrating needs of a connection: sqlite3's, or the PostgreSQL store's wrapper."""

    def execute(self, sql: str, parameters: Any = (), /) -> Any: ...


def current_version(conn: Connection) -> int:
    """The newest migration applied to the database; 0 for a new one."""
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: Connection, where: str,
            failures: tuple[type[Exception], ...] = (sqlite3.Error,)) -> int:
    """Bring the database at ``where`` up to the newest schema; returns the version it is at.

    ``failures`` are the errors a failed statement raises (psycopg's for PostgreSQL).
    """
    conn.execute("""CREATE TABLE IF NOT EXISTS schema_version (
        version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)""")
    version = current_version(conn)
    newest = MIGRATIONS[-1].version
    if version > newest:
        raise StoreError(f"{where}: database schema version {version} is newer than this "
                         f"communique knows ({newest}); upgrade communique to open it")
    for migration in MIGRATIONS:
        if migration.version > version:
            apply_migration(conn, migration, where, failures)
    return newest


def apply_migration(conn: Connection, migration: Migration, where: str,
                    failures: tuple[type[Exception], ...] = (sqlite3.Error,)) -> None:
    """Run one migration and record it, in one transaction: all of it or nothing."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        for statement in migration.statements:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                     (migration.version, migration.description, now_utc()))
        conn.execute("COMMIT")
    except failures as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"{where}: migration {migration.version} ({migration.description}) "
                         f"failed: {exc}; the database is unchanged") from exc
