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
    """One step of the schema: applied once, in one transaction, then recorded.

    ``statements`` run on every back end (spelled for SQLite, rewritten for PostgreSQL);
    ``sqlite`` and ``postgres`` add the statements one of them needs alone (full-text search,
    index options).
    """

    version: int
    description: str
    statements: tuple[str, ...]
    sqlite: tuple[str, ...] = ()
    postgres: tuple[str, ...] = ()

    def statements_for(self, dialect: str) -> tuple[str, ...]:
        """Every statement of this step on ``dialect`` ("sqlite" or "postgres")."""
        return self.statements + (self.postgres if dialect == "postgres" else self.sqlite)


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

# The columns of ``events`` as migration 1 made them, in order: what a row of the store reads
# as (PostgreSQL's later ``search`` column is the search index's, never read back).
EVENT_TABLE_COLUMNS = (
    "event_id", "type", "mode", "source_party", "source_name", "source_country", "source_org",
    "source_sector", "target_party", "target_name", "target_country", "target_org",
    "target_sector", "date", "date_precision", "date_start", "date_end", "location_name",
    "location_country", "location_feature", "location_geonameid", "latitude", "longitude",
    "status", "topics", "cameo", "quad_class", "score", "confidence", "num_sources",
    "num_mentions", "num_articles", "first_doc_id", "first_seen", "record",
)
EVENT_COLUMNS_SQL = ", ".join(f"e.{column}" for column in EVENT_TABLE_COLUMNS)
# A listing's columns: every one but the engine record, whose evidence the database extracts.
LISTING_COLUMNS_SQL = ", ".join(f"e.{column}" for column in EVENT_TABLE_COLUMNS[:-1])


# Indexes that serve a listing's order alone or after one equality filter: (filter, sort column).
# SQLite appends the rowid (the tie-breaker) to every index by itself; PostgreSQL gets it
# written, and NULLS FIRST so that one index serves both directions of the store's order.
SORT_INDEXES = {
    "events_date": ("", "date_start"),
    "events_type_date": ("type", "date_start"),
    "events_target": ("target_party", "date_start"),
    "events_source_date": ("source_party", "date_start"),
    "events_sources": ("", "num_sources"),
    "events_type_sources": ("type", "num_sources"),
    "events_score": ("", "score"),
    "events_type_score": ("type", "score"),
}
PAIR_SCORE = "source_party, target_party, score"
NEW_SORT_INDEXES = ("events_source_date", "events_sources", "events_type_sources",
                    "events_score", "events_type_score")


def sort_index(name: str, postgres: bool) -> str:
    """The CREATE INDEX statement of one ``SORT_INDEXES`` entry."""
    prefix, column = SORT_INDEXES[name]
    lead = f"{prefix}, " if prefix else ""
    if postgres:
        return f"CREATE INDEX {name} ON events ({lead}{column} NULLS FIRST, rowid)"
    return f"CREATE INDEX {name} ON events ({lead}{column})"


# Events per unordered pair of parties and (first, last) year and (first, last) month of their
# dates, at two grains (and a third, "all", see ``PERIOD_LENGTHS``): the network reads these few
# rows instead of every event (see SQLiteStore.network). Undated events have '' periods.
DYAD_PERIODS = """CREATE TABLE dyad_periods (
        grain TEXT NOT NULL,
        end_period TEXT NOT NULL,
        start_period TEXT NOT NULL,
        party_a TEXT NOT NULL,
        party_b TEXT NOT NULL,
        events INTEGER NOT NULL,
        score_sum REAL NOT NULL,
        scored INTEGER NOT NULL,
        PRIMARY KEY (grain, end_period, start_period, party_a, party_b)
    ) WITHOUT ROWID"""
# Rows are stored in key order (SQLite: WITHOUT ROWID), so a range of last periods is read in
# one sweep; a range of first periods from this index, which holds every column.
DYAD_PERIOD_INDEXES = (
    "CREATE INDEX dyad_periods_start ON dyad_periods (grain, start_period, end_period, party_a, "
    "party_b, events, score_sum, scored)",
)
# "all" (migration 4): one row per pair, what the network over every date reads.
PERIOD_LENGTHS = {"all": 0, "year": 4, "month": 7}


def fill_dyad_periods(grain: str) -> str:
    """The INSERT filling one grain of ``dyad_periods`` from the events."""
    length = PERIOD_LENGTHS[grain]
    return f"""INSERT INTO dyad_periods
        SELECT '{grain}', COALESCE(substr(date_end, 1, {length}), ''),
               COALESCE(substr(date_start, 1, {length}), ''),
               min(source_party, target_party), max(source_party, target_party),
               COUNT(*), COALESCE(SUM(score), 0), COUNT(score)
        FROM events
        WHERE source_party IS NOT NULL AND target_party IS NOT NULL
          AND source_party != target_party
        GROUP BY 2, 3, 4, 5"""


FILL_DYAD_PERIODS = tuple(fill_dyad_periods(grain) for grain in PERIOD_LENGTHS)
FIRST_GRAINS = ("year", "month")  # those migration 2 made

# An actor's events in a date window, and a dyad's timeline, read from the index alone (SQLite).
COVERING_PARTIES = (
    "DROP INDEX events_source_date",
    "CREATE INDEX events_source_date ON events (source_party, date_start, date_end)",
    "DROP INDEX events_target",
    "CREATE INDEX events_target ON events (target_party, date_start, date_end)",
    "DROP INDEX events_dyad",
    "CREATE INDEX events_dyad ON events (source_party, target_party, date_start, score)",
)

# Full-text search (SQLite): every sentence reporting an event gathered in ``event_text`` under
# the event's rowid, and an FTS5 index over it, both kept in step by triggers, so that a search
# yields event rowids directly (no look-up per matching mention).
SQLITE_SEARCH = (
    """CREATE TABLE event_text (
        event_rowid INTEGER PRIMARY KEY,
        text TEXT NOT NULL
    )""",
    """CREATE VIRTUAL TABLE events_fts USING fts5(
        text, content='event_text', content_rowid='event_rowid',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER event_text_insert AFTER INSERT ON event_text BEGIN
        INSERT INTO events_fts (rowid, text) VALUES (new.event_rowid, new.text);
    END""",
    """CREATE TRIGGER event_text_delete AFTER DELETE ON event_text BEGIN
        INSERT INTO events_fts (events_fts, rowid, text)
        VALUES ('delete', old.event_rowid, old.text);
    END""",
    """CREATE TRIGGER event_text_update AFTER UPDATE ON event_text BEGIN
        INSERT INTO events_fts (events_fts, rowid, text)
        VALUES ('delete', old.event_rowid, old.text);
        INSERT INTO events_fts (rowid, text) VALUES (new.event_rowid, new.text);
    END""",
    """CREATE TRIGGER mentions_text AFTER INSERT ON mentions BEGIN
        INSERT INTO event_text (event_rowid, text)
        VALUES ((SELECT rowid FROM events WHERE event_id = new.event_id), new.sentence_text)
        ON CONFLICT (event_rowid) DO UPDATE
        SET text = event_text.text || char(10) || excluded.text;
    END""",
    """INSERT INTO event_text (event_rowid, text)
        SELECT e.rowid, group_concat(m.sentence_text, char(10))
        FROM events e JOIN mentions m ON m.event_id = e.event_id
        GROUP BY e.rowid""",
)
POSTGRES_SEARCH = (
    "CREATE INDEX mentions_search ON mentions USING GIN (to_tsvector('simple', sentence_text))",
)
SCALE = Migration(
    2, "indexes for every listing order, the dyad summary, full-text search of evidence",
    statements=(
        # Date windows and status are checked in the index, without reading the (large) rows;
        # the network's boundary months are counted from the first two alone.
        f"CREATE INDEX events_date_end ON events (date_end, date_start, {PAIR_SCORE})",
        f"CREATE INDEX events_dates ON events (date_start, date_end, {PAIR_SCORE})",
        "CREATE INDEX events_status_date ON events (status, date_start)",
        # An actor and a type together, found without reading the rows of the actor's events.
        "CREATE INDEX events_source_type ON events (source_party, type)",
        "CREATE INDEX events_target_type ON events (target_party, type)",
        DYAD_PERIODS, *DYAD_PERIOD_INDEXES, *map(fill_dyad_periods, FIRST_GRAINS),
    ),
    # ANALYZE last: the planners choose between these indexes by their statistics.
    sqlite=(*(sort_index(name, False) for name in NEW_SORT_INDEXES), *COVERING_PARTIES,
            *SQLITE_SEARCH, "ANALYZE"),
    postgres=(
        *(f"DROP INDEX {name}" for name in SORT_INDEXES if name not in NEW_SORT_INDEXES),
        *(sort_index(name, True) for name in SORT_INDEXES),
        *POSTGRES_SEARCH, "ANALYZE",
    ),
)

# An actor and a type sorted by date (the explorer's actor page with a type chosen): the
# date comes from the index, so only the page's rows are read, not every match's.
PARTY_TYPE_DATE = (
    "DROP INDEX events_source_type",
    "CREATE INDEX events_source_type ON events (source_party, type, date_start)",
    "DROP INDEX events_target_type",
    "CREATE INDEX events_target_type ON events (target_party, type, date_start)",
)
# The map's columns of every located event, under the event's rowid, apart from the (large)
# event rows (SQLite): a map of 5,000 events then reads 5,000 short rows, not 5,000 records.
# Triggers keep it in step with ``events``.
PLACE_COLUMNS = "latitude, longitude, type, location_name, location_country, score"
LOCATED = "latitude IS NOT NULL AND longitude IS NOT NULL"
FILL_EVENT_PLACES = (
    f"INSERT INTO event_places (event_rowid, {PLACE_COLUMNS}) "
    f"SELECT rowid, {PLACE_COLUMNS} FROM events WHERE {LOCATED}",
)
PLACES_TABLE = """CREATE TABLE event_places (
        event_rowid {key} PRIMARY KEY,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL,
        type TEXT NOT NULL,
        location_name TEXT,
        location_country TEXT,
        score REAL
    )"""
SQLITE_PLACES = (
    PLACES_TABLE.format(key="INTEGER"),
    f"""CREATE TRIGGER events_place_insert AFTER INSERT ON events
        WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
        INSERT INTO event_places (event_rowid, {PLACE_COLUMNS})
        VALUES (new.rowid, new.latitude, new.longitude, new.type, new.location_name,
                new.location_country, new.score);
    END""",
    f"""CREATE TRIGGER events_place_update AFTER UPDATE OF {PLACE_COLUMNS} ON events BEGIN
        DELETE FROM event_places WHERE event_rowid = old.rowid;
        INSERT INTO event_places (event_rowid, {PLACE_COLUMNS})
        SELECT new.rowid, new.latitude, new.longitude, new.type, new.location_name,
               new.location_country, new.score
        WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
    END""",
    """CREATE TRIGGER events_place_delete AFTER DELETE ON events BEGIN
        DELETE FROM event_places WHERE event_rowid = old.rowid;
    END""",
    *FILL_EVENT_PLACES,
)
# Full-text search (PostgreSQL): the words of every sentence reporting an event in one
# tsvector on the event, with a GIN index, kept in step by a trigger on mentions. A search then
# filters the rows the listing's order walks, instead of collecting every matching mention.
# Sentences are joined as SQLite's ``event_text`` joins them, so both stores match alike.
POSTGRES_EVENT_SEARCH = (
    "ALTER TABLE events ADD COLUMN search tsvector",
    """UPDATE events SET search = joined.words
        FROM (SELECT event_id, to_tsvector('simple', string_agg(sentence_text, E'\\n'
                                                               ORDER BY mention_id)) AS words
              FROM mentions GROUP BY event_id) AS joined
        WHERE events.event_id = joined.event_id""",
    "CREATE INDEX events_search ON events USING GIN (search)",
    # Per statement, from the rows it inserted: a bulk COPY of mentions updates each event once.
    """CREATE FUNCTION mention_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE events SET search = COALESCE(events.search, to_tsvector('simple', ''))
                                   || added.words
        FROM (SELECT event_id, to_tsvector('simple', string_agg(sentence_text, E'\\n'
                                                              ORDER BY mention_id)) AS words
              FROM added_mentions GROUP BY event_id) AS added
        WHERE events.event_id = added.event_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER mentions_words AFTER INSERT ON mentions
        REFERENCING NEW TABLE AS added_mentions
        FOR EACH STATEMENT EXECUTE FUNCTION mention_words()""",
    "DROP INDEX mentions_search",
)
PAGES = Migration(
    3, "an actor's events of one type by date from the index; the map's columns apart; "
       "PostgreSQL's search per event",
    statements=PARTY_TYPE_DATE,
    # Statistics for the new indexes alone: ANALYZE of the whole store takes minutes at scale.
    sqlite=(*SQLITE_PLACES, "ANALYZE events_source_type", "ANALYZE events_target_type"),
    postgres=(*POSTGRES_EVENT_SEARCH, "ANALYZE events"),
)

# The map's copy of the places on PostgreSQL too: joined by rowid from the events, 5,000 map
# events read 5,000 rows of ``events`` (a few kB each, mostly not in the server's cache: 340 ms
# at 300,000 events) where the narrow copy keeps a million places in about 60 MB.
# One row trigger keeps it in step, as SQLite's three do.
POSTGRES_PLACES = (
    PLACES_TABLE.format(key="BIGINT"),
    f"""CREATE FUNCTION event_place() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM event_places WHERE event_rowid = OLD.rowid;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL THEN
            INSERT INTO event_places (event_rowid, {PLACE_COLUMNS})
            VALUES (NEW.rowid, NEW.latitude, NEW.longitude, NEW.type, NEW.location_name,
                    NEW.location_country, NEW.score);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER events_place AFTER INSERT OR DELETE OR UPDATE OF {PLACE_COLUMNS}
        ON events FOR EACH ROW EXECUTE FUNCTION event_place()""",
    *FILL_EVENT_PLACES,
    "ANALYZE event_places",
)
# A dyad's timeline and counts from the index alone on PostgreSQL too (SQLite's got the score
# in migration 2): each event of the pair was read from the table (four times per request).
POSTGRES_DYAD_SCORES = (
    "DROP INDEX events_dyad",
    "CREATE INDEX events_dyad ON events (source_party, target_party, date_start, score)",
)
# An actor's events in a date window counted from the index alone (the end date was read from
# each row), as SQLite's covering party indexes of migration 2 do.
POSTGRES_PARTY_DATES = tuple(
    statement for name in ("events_source_date", "events_target")
    for statement in (f"DROP INDEX {name}", f"{sort_index(name, True)} INCLUDE (date_end)"))
NETWORK_AND_MAP = Migration(
    4, "the dyad summary per pair over all dates; on PostgreSQL the map's columns apart, "
       "the dyad index with scores and the party indexes with end dates",
    # The network of every date then sums one row per pair, not one per pair and year pair
    # (about 8,600 rows at a million synthetic events, for 780 pairs).
    statements=(fill_dyad_periods("all"),),
    postgres=(*POSTGRES_PLACES, *POSTGRES_DYAD_SCORES, *POSTGRES_PARTY_DATES),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events, dedup blocks, actors, mentions, errors", CORE_TABLES),
    SCALE,
    PAGES,
    NETWORK_AND_MAP,
)
# Tables the store derives from the others, with the statements that rebuild them.
DERIVED_TABLES = {"dyad_periods": FILL_DYAD_PERIODS, "event_places": FILL_EVENT_PLACES}

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


VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
        version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"""


def migrate(conn: Connection, where: str,
            failures: tuple[type[Exception], ...] = (sqlite3.Error,),
            dialect: str = "sqlite") -> int:
    """Bring the database at ``where`` up to the newest schema; returns the version it is at.

    ``failures`` are the errors a failed statement raises (psycopg's for PostgreSQL). Each
    step reads the version inside its own write transaction, so two processes opening a new
    database at once apply every migration exactly once: the second waits, then finds it done.
    """
    newest = MIGRATIONS[-1].version
    if peek_version(conn, failures) == newest:
        return newest  # versions only grow: no lock needed to see that nothing is to do
    while True:
        migration = next_migration(conn, where, failures)
        if migration is None:
            return newest
        apply_migration(conn, migration, where, failures, dialect)


def peek_version(conn: Connection, failures: tuple[type[Exception], ...]) -> int | None:
    """The version outside any transaction, None when it cannot be read (a new database)."""
    try:
        return current_version(conn)
    except failures:
        return None


def next_migration(conn: Connection, where: str,
                   failures: tuple[type[Exception], ...]) -> Migration | None:
    """Begin a write transaction and return the step to apply in it (None: committed, done)."""
    begin(conn, where, "migrate", failures)
    try:
        conn.execute(VERSION_TABLE)
        version = current_version(conn)
    except failures as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"{where}: cannot read the schema version: {exc}") from exc
    newest = MIGRATIONS[-1].version
    if version > newest:
        conn.execute("ROLLBACK")
        raise StoreError(f"{where}: database schema version {version} is newer than this "
                         f"communique knows ({newest}); upgrade communique to open it")
    pending = [m for m in MIGRATIONS if m.version > version]
    if not pending:
        conn.execute("COMMIT")
        return None
    return pending[0]


def begin(conn: Connection, where: str, purpose: str,
          failures: tuple[type[Exception], ...]) -> None:
    """BEGIN IMMEDIATE (the write lock); a failure is reported as it is, with no ROLLBACK of a
    transaction that never started."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except failures as exc:
        raise StoreError(f"{where}: cannot start a transaction to {purpose}: {exc}; is "
                         "another process holding the database, or is it read-only?") from exc


def apply_migration(conn: Connection, migration: Migration, where: str,
                    failures: tuple[type[Exception], ...] = (sqlite3.Error,),
                    dialect: str = "sqlite") -> None:
    """Run one migration and record it in the open transaction (``begin`` it first, or let
    this begin one when none is open): all of it or nothing."""
    if not in_transaction(conn):
        begin(conn, where, f"apply migration {migration.version}", failures)
    try:
        for statement in migration.statements_for(dialect):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                     (migration.version, migration.description, now_utc()))
        conn.execute("COMMIT")
    except failures as exc:
        if in_transaction(conn):
            conn.execute("ROLLBACK")
        raise StoreError(f"{where}: migration {migration.version} ({migration.description}) "
                         f"failed: {exc}; the database is unchanged") from exc


def in_transaction(conn: Connection) -> bool:
    """Whether a transaction is open on the connection (sqlite3's or the PostgreSQL wrapper)."""
    return bool(getattr(conn, "in_transaction", False))
