"""The embedded store: one SQLite file, written one article per transaction.

WAL journaling makes every commit atomic and durable against a killed process: a SIGKILL at
any moment loses at most the article being written, and rerunning the ingest redoes exactly
that article, because a document already stored (same content hash or same URL) is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from communique.dedup.cross import DedupConfig, best_match, blocking_keys, event_row
from communique.errors import StoreError
from communique.ingest import content_hash
from communique.model import Actor, Article, ArticleResult, Event, RecordError
from communique.store.base import TIMELINE_BUCKETS, EventQuery
from communique.store.queries import (
    COUNT_CAP,
    Cursor,
    Dialect,
    after_clauses,
    filter_clauses,
    following_segment,
    fts_query,
    order_by,
    sort_parts,
    where,
)
from communique.store.rows import (
    CountryNames,
    document_columns,
    event_columns,
    mention_rows,
    party_identity,
    plain_row,
    stable_event_id,
)
from communique.store.schema import (
    DERIVED_TABLES,
    EVENT_COLUMNS_SQL,
    LISTING_COLUMNS_SQL,
    PERIOD_LENGTHS,
    migrate,
    now_utc,
)

MAPPED_BYTES = 2**30  # how much of a store file reads may map into memory (1 GiB)
CACHE_KIB = 16_384  # page cache per connection (16 MB)
MAX_INTEGER = 2**63 - 1  # SQLite's and PostgreSQL's largest integer (also "no limit")
BUCKET_PERIODS = {
    "day": "substr(date_start, 1, 10)", "week": "strftime('%Y-W%W', date_start)",
    "month": "substr(date_start, 1, 7)", "year": "substr(date_start, 1, 4)",
}


class SQLiteStore:
    """An ``EventStore`` in one SQLite file (or ``:memory:``), created and migrated on open."""

    # The likely cause of a failure to start or to finish a write, for the error message.
    BEGIN_HINT = "is another process writing to this database?"
    WRITE_HINT = "Check disk space and permissions"

    READ_BEGIN = "BEGIN"  # deferred: the snapshot starts at the first read
    dialect = Dialect(postgres=False)

    def __init__(self, path: str | Path, dedup: DedupConfig | None = None,
                 create: bool = True, names: CountryNames | None = None) -> None:
        """Open (and migrate) the store at ``path``; with ``create=False`` a missing file is a
        StoreError naming it instead of a new empty store. ``names`` gives the stored name of
        a state from its ISO code (default: the bundled actor knowledge)."""
        self.path = str(path)
        self.dedup = dedup or DedupConfig()
        self.names = names
        if not create and not exists(self.path):
            raise StoreError(f"{self.path}: no such event store; check --db (or "
                             f"$COMMUNIQUE_DB), or create it with 'communique ingest'")
        self.conn = connect(self.path)
        migrate(self.conn, self.path)

    # -- writing -------------------------------------------------------------------------

    def has_document(self, content_hash: str, url: str | None) -> bool:
        """Whether a document with this content hash, or this URL, is stored."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (content_hash, url)).fetchone()
        return row is not None

    def add_result(self, article: Article, result: ArticleResult) -> tuple[int, int] | None:
        """Store the article, its events and mentions atomically; None if already stored."""
        digest = content_hash(article.text)
        with self.transaction(article.id):
            if self.has_document(digest, article.url):
                return None
            doc_id = self.insert("documents", {**document_columns(article, digest),
                                               "ingested_at": now_utc()})
            outcomes = [self.add_event(event, doc_id, digest) for event in result.events]
            self.conn.execute("UPDATE documents SET num_events = ? WHERE doc_id = ?",
                              (len(result.events), doc_id))
        new = sum(outcomes)
        return new, len(outcomes) - new

    def add_error(self, error: RecordError) -> None:
        """Record a failed record once (a repeat of the same failure adds nothing)."""
        with self.transaction(error.record):
            self.conn.execute(
                "INSERT INTO errors (record, stage, reason, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (record, stage, reason) DO NOTHING",
                (error.record, error.stage, error.reason, now_utc()))

    def add_event(self, event: Event, doc_id: int, digest: str) -> bool:
        """File one extracted event: merged into the event it duplicates, else new. True if new."""
        row = event_row(event)
        keys = blocking_keys(row, self.dedup)
        match = best_match(row, self.candidates(keys), self.dedup)
        if match:
            event_id = str(match[0]["event_id"])
            merge: dict[str, Any] = {"merged_into": event_id, **match[1].to_dict()}
        else:
            event_id = self.insert_event(event, doc_id, digest, keys)
            merge = {"new_event": True, "blocking_keys": keys}
        for is_primary, sentence, offsets in mention_rows(event):
            self.insert("mentions", {
                "event_id": event_id, "doc_id": doc_id, "is_primary": int(is_primary),
                "sentence_start": sentence.start, "sentence_end": sentence.end,
                "sentence_text": sentence.text, "offsets": json.dumps(offsets),
                "merge": json.dumps(merge, sort_keys=True)})
        self.refresh_counts(event_id)
        return match is None

    def candidates(self, keys: list[str]) -> list[dict[str, Any]]:
        """The events filed under any of ``keys``, oldest first (ties in dedup go to them)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT DISTINCT e.rowid AS seq, {EVENT_COLUMNS_SQL} FROM events e "
            f"JOIN event_blocks b "
            f"ON b.event_id = e.event_id WHERE b.block_key IN ({marks}) ORDER BY e.rowid",
            keys).fetchall()
        return [dict(row) for row in rows]

    def insert_event(self, event: Event, doc_id: int, digest: str, keys: list[str]) -> str:
        """Insert a new event with its blocking keys and count its actors; its id."""
        event_id = self.unused_event_id(stable_event_id(digest, event))
        self.insert("events", {
            **event_columns(event), "event_id": event_id, "num_sources": 0, "num_mentions": 0,
            "num_articles": 0, "first_doc_id": doc_id, "first_seen": now_utc()})
        self.conn.executemany("INSERT INTO event_blocks (block_key, event_id) VALUES (?, ?)",
                              [(key, event_id) for key in keys])
        self.count_actor(event.source, "events_as_source")
        self.count_actor(event.target, "events_as_target")
        self.count_dyad(event)
        return event_id

    def count_dyad(self, event: Event) -> None:
        """Add the event to the dyad summary the network reads (pairs of two parties)."""
        columns = event_columns(event)
        pair = (columns["source_party"], columns["target_party"])
        if not all(pair) or pair[0] == pair[1]:
            return
        score = columns["score"]
        for grain, length in PERIOD_LENGTHS.items():
            self.conn.execute(
                "INSERT INTO dyad_periods VALUES (?, ?, ?, ?, ?, 1, ?, ?) "
                "ON CONFLICT (grain, end_period, start_period, party_a, party_b) DO UPDATE SET "
                "events = dyad_periods.events + 1, "
                "score_sum = dyad_periods.score_sum + excluded.score_sum, "
                "scored = dyad_periods.scored + excluded.scored",
                (grain, (columns["date_end"] or "")[:length],
                 (columns["date_start"] or "")[:length], min(pair), max(pair), score or 0.0,
                 int(score is not None)))

    def unused_event_id(self, event_id: str) -> str:
        """``event_id``, or it with the first free -2, -3... suffix."""
        # Two events of one article with the same type, parties and trigger: keep both.
        candidate, number = event_id, 1
        while self.conn.execute("SELECT 1 FROM events WHERE event_id = ?",
                                (candidate,)).fetchone():
            number += 1
            candidate = f"{event_id}-{number}"
        return candidate

    def count_actor(self, actor: Actor | None, column: str) -> None:
        """Add one to the actor's event count in ``column`` (creating its row)."""
        if actor is None or not actor.party:
            return
        self.conn.execute(
            f"INSERT INTO actors (party, name, kind, country, org, {column}) "
            f"VALUES (?, ?, ?, ?, ?, 1) "
            f"ON CONFLICT (party) DO UPDATE SET {column} = {column} + 1",
            (actor.party, *party_identity(actor, self.names), actor.country, actor.org))

    def refresh_counts(self, event_id: str) -> None:
        """GDELT's counts: mentions (sentences), articles (documents), sources (outlets)."""
        self.conn.execute(
            """UPDATE events SET
                 num_mentions = (SELECT COUNT(*) FROM mentions WHERE event_id = :id),
                 num_articles = (SELECT COUNT(DISTINCT doc_id) FROM mentions
                                 WHERE event_id = :id),
                 num_sources = (SELECT COUNT(DISTINCT COALESCE(d.outlet, d.url, d.doc_id))
                                FROM mentions m JOIN documents d ON d.doc_id = m.doc_id
                                WHERE m.event_id = :id)
               WHERE event_id = :id""", {"id": event_id})

    def insert(self, table: str, columns: dict[str, Any]) -> int:
        """Insert one row; the key the database gave it."""
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        cursor = self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                   list(columns.values()))
        return int(cursor.lastrowid or 0)

    @contextmanager
    def transaction(self, record: str) -> Iterator[None]:
        """``begin()`` ... COMMIT, rolled back whole on any failure."""
        failures = self.write_failures()
        try:
            self.begin()
        except failures as exc:
            self.rollback()
            raise StoreError(f"{self.path}: cannot start writing {record}: {exc}; "
                             f"{self.BEGIN_HINT}") from exc
        try:
            yield
            self.conn.execute("COMMIT")
        except failures as exc:
            self.rollback()
            raise StoreError(f"{self.path}: could not store {record}: {exc}; nothing of it was "
                             f"written. {self.WRITE_HINT}, then rerun: what is already stored "
                             "is skipped") from exc
        except BaseException:
            self.rollback()
            raise

    def begin(self) -> None:
        """Open a write transaction, waiting for other writers (busy_timeout)."""
        self.conn.execute("BEGIN IMMEDIATE")

    def write_failures(self) -> tuple[type[Exception], ...]:
        """What a failed write raises."""
        return (sqlite3.Error,)

    def rollback(self) -> None:
        """Undo the open transaction, if there still is one."""
        # SQLite may already have rolled back by itself (disk full, I/O error).
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- reading -------------------------------------------------------------------------

    def events(self, query: EventQuery) -> list[dict[str, Any]]:
        """The events a query selects, as listing rows (columns and evidence)."""
        return list(self.iter_events(query))

    def iter_events(self, query: EventQuery) -> Iterator[dict[str, Any]]:
        """The rows of ``events(query)``, one at a time, from one statement (for exports)."""
        limit = MAX_INTEGER if query.limit is None else query.limit
        sql, params = self.select_page(query, self.walk_sort_index(query), [], limit,
                                       query.offset)
        for row in self.conn.execute(sql, params):
            yield event_summary(row)

    def count_events(self, query: EventQuery, cap: int | None = None) -> int:
        """How many events the query selects, ignoring its limit and offset; with ``cap``,
        counting stops there (the answer is then at least ``cap``)."""
        where_sql, params = where(list(self.filters(query)))
        searched = self.search_only(query)
        table = "events e"
        if searched is not None:  # the search index alone knows how many events match
            (where_sql, params), table = searched, "events_fts"
        if cap is None:
            sql, args = f"SELECT COUNT(*) FROM {table} {where_sql}", params
        else:
            sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} {where_sql} LIMIT ?) AS hits"
            args = [*params, check_range("cap", cap)]
        return int(self.conn.execute(sql, args).fetchone()[0])

    def search_only(self, query: EventQuery) -> tuple[str, list[Any]] | None:
        """For a query whose only filter is an evidence search: a WHERE over ``events_fts``
        (aliased ``e``) counting the same events without reading their rows; else None."""
        phrase = fts_query(query.text or "")
        if self.dialect.postgres or phrase is None or replace(query, text=None) != replace(
                EventQuery(), sort=query.sort, limit=query.limit, offset=query.offset):
            return None
        return "WHERE events_fts MATCH ?", [phrase]

    def listing(self, query: EventQuery, cap: int = COUNT_CAP) -> dict[str, Any]:
        """One page of events and how many match (counted up to ``cap``: ``total_exact`` says
        whether it is the whole count), both read from one snapshot of the store."""
        limit = MAX_INTEGER if query.limit is None else query.limit
        with self.snapshot():
            total = self.count_events(query, cap)
            sql, params = self.select_page(query, self.dense(query, total), [], limit,
                                           query.offset)
            rows = [event_summary(row) for row in self.conn.execute(sql, params)]
        return {"total": total, "total_exact": total < cap, "events": rows}

    def events_after(self, query: EventQuery, cursor: Cursor | None,
                     size: int) -> tuple[list[dict[str, Any]], Cursor | None]:
        """Up to ``size`` events after ``cursor`` in the query's order (keyset paging: each
        page costs the same however deep it is) and the cursor of the last one (None at the
        end). ``query.limit`` and ``offset`` are ignored."""
        dense = self.walk_sort_index(query, size)
        extra = after_clauses(query.sort, cursor) if cursor is not None else []
        rows = self.fetch_rows(query, dense, extra, size)
        if cursor is not None and len(rows) < size:
            rest = following_segment(query.sort, cursor)
            if rest is not None:
                rows += self.fetch_rows(query, dense, rest, size - len(rows))
        events = [event_summary(row) for row in rows]
        if len(rows) < size:
            return events, None
        column, _ = sort_parts(query.sort)
        return events, (rows[-1][column], int(rows[-1]["seq"]))

    def fetch_rows(self, query: EventQuery, dense: bool, extra: list[tuple[str, list[Any]]],
                   size: int) -> list[Any]:
        """The first ``size`` rows of the query with ``extra`` conditions, in order."""
        sql, params = self.select_page(query, dense, extra, size, 0)
        return list(self.conn.execute(sql, params).fetchall())

    def select_page(self, query: EventQuery, dense: bool,
                    extra: Sequence[tuple[str, list[Any]]],
                    limit: int, offset: int) -> tuple[str, list[Any]]:
        """The SELECT of one page of whole rows (with ``seq``, their rowid) and its parameters.

        The rows are found and ordered by rowid alone, then read: a sort then moves keys, not
        whole rows with their engine record.
        """
        sql, params = self.page_keys(query, dense, extra)
        return (f"SELECT page.seq AS seq, {LISTING_COLUMNS_SQL}, "
                f"{self.dialect.evidence} AS evidence FROM ({sql} LIMIT ? OFFSET ?) AS page "
                f"JOIN events e ON e.rowid = page.seq ORDER BY {order_by(query.sort)}",
                [*params, check_range("limit", limit), check_range("offset", offset)])

    def page_keys(self, query: EventQuery, dense: bool,
                  extra: Sequence[tuple[str, list[Any]]] = ()) -> tuple[str, list[Any]]:
        """The ordered SELECT of the matching rowids, without LIMIT, and its parameters."""
        where_sql, params = where([*self.filters(query, dense), *extra])
        return (f"SELECT e.rowid AS seq FROM events e {where_sql} "
                f"ORDER BY {order_by(query.sort)}", params)

    def walk_sort_index(self, query: EventQuery, wanted: int | None = None) -> bool:
        """``dense`` for a query whose matches are not counted yet (counted here)."""
        return self.dense(query, self.count_events(query, COUNT_CAP), wanted)

    def dense(self, query: EventQuery, matched: int, wanted: int | None = None) -> bool:
        """Whether to walk the sort index rather than the filters' indexes.

        Through the filters' indexes a page costs reading every match (``matched`` rows) to
        sort them; walking the sort index costs about (offset + limit) * events / matched rows
        until the page is full. Walk when that is cheaper and the filters' plan would sort.
        """
        wanted = wanted or query.offset + (query.limit or COUNT_CAP)
        row = self.conn.execute("SELECT MAX(rowid) FROM events").fetchone()
        if matched * matched < wanted * int(row[0] or 0):
            return False
        sql, params = self.page_keys(query, dense=False)
        plan = self.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return any("TEMP B-TREE" in str(step[-1]) for step in plan)

    def filters(self, query: EventQuery, dense: bool = False) -> Iterator[tuple[str, list[Any]]]:
        """The conditions of the query's filters on this store."""
        party = self.known_party(query.actor) if query.actor else None
        return filter_clauses(query, self.dialect, party, dense)

    def known_party(self, actor: str) -> str | None:
        """The party code ``actor`` names when the store knows it (CHN, chn), else None: the
        actor filter then looks for it in actor names."""
        for code in dict.fromkeys((actor.upper(), actor)):
            if self.conn.execute("SELECT 1 FROM actors WHERE party = ?", (code,)).fetchone():
                return code
        return None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every query inside sees the same state of the store."""
        self.conn.execute(self.READ_BEGIN)
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with every mention and the URLs reporting it; None if unknown."""
        row = self.conn.execute(f"SELECT {EVENT_COLUMNS_SQL} FROM events e WHERE "
                                "e.event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        data = plain_row(row)
        data["mentions"] = self.mentions(event_id)
        data["urls"] = sorted({m["url"] for m in data["mentions"] if m["url"]})
        return data

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        """Every sentence reporting the event, with its document, URL, outlet and offsets."""
        rows = self.conn.execute(
            """SELECT m.mention_id, m.doc_id, d.article_id, d.url, d.outlet, d.title,
                      d.published, m.is_primary, m.sentence_start, m.sentence_end,
                      m.sentence_text, m.offsets, m.merge
               FROM mentions m JOIN documents d ON d.doc_id = m.doc_id
               WHERE m.event_id = ? ORDER BY m.mention_id""", (event_id,)).fetchall()
        return [{**plain_row(row), "is_primary": bool(row["is_primary"])} for row in rows]

    def actors(self, search: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Parties with their event counts, those matching ``search`` if given."""
        sql = ("SELECT *, events_as_source + events_as_target AS events FROM actors "
               "WHERE (:s IS NULL OR party LIKE :like OR name LIKE :like) "
               "ORDER BY events DESC, party LIMIT :limit")
        rows = self.conn.execute(sql, {"s": search, "like": f"%{search}%", "limit": limit})
        return [dict(row) for row in rows]

    def timeline(self, a: str, b: str, bucket: str = "month") -> list[dict[str, Any]]:
        """Per day/week/month/year: event count and mean score between a and b."""
        if bucket not in TIMELINE_BUCKETS:
            raise StoreError(f"timeline bucket {bucket!r} is unknown; use one of "
                             f"{', '.join(TIMELINE_BUCKETS)}")
        period = BUCKET_PERIODS[bucket]
        rows = self.conn.execute(
            f"""SELECT {period} AS period, COUNT(*) AS events, AVG(score) AS mean_score
                FROM events WHERE date_start IS NOT NULL
                  AND ((source_party = :a AND target_party = :b)
                       OR (source_party = :b AND target_party = :a))
                GROUP BY period ORDER BY period""", {"a": a, "b": b})
        return [dict(row) for row in rows]

    def network(self, since: dt.date | None, until: dt.date | None, min_events: int = 1,
                max_nodes: int | None = None, max_edges: int | None = None) -> dict[str, Any]:
        """Party pairs with at least ``min_events`` events, as nodes and edges: the
        ``max_nodes`` busiest parties (by events over all pairs) and the ``max_edges``
        heaviest pairs among them, counted in SQL from the dyad summary."""
        check_range("min_events", min_events)
        pairs, params = pair_totals(since, until)
        limits = {"min": min_events,
                  "nodes": check_range("max_nodes", max_nodes or MAX_INTEGER),
                  "edges": check_range("max_edges", max_edges or MAX_INTEGER)}
        with self.snapshot():
            rows = self.conn.execute(NETWORK_SQL.format(pairs=pairs),
                                     {**params, **limits}).fetchall()
        return network_graph([dict(row) for row in rows])

    def places(self, query: EventQuery, max_events: int) -> dict[str, Any]:
        """Map points: the first ``max_events`` events of the query's order grouped by
        coordinates (rounded to 0.001 degree), with counts by type and the mean score."""
        check_range("max_events", max_events)
        with self.snapshot():
            matched = self.count_events(query, max_events + 1)
            keys, params = self.page_keys(query, self.dense(query, matched, max_events))
            rows = self.conn.execute(PLACES_SQL.format(keys=keys),
                                     [*params, max_events]).fetchall()
        return {"points": map_points([dict(row) for row in rows]),
                "events_scanned": min(matched, max_events), "truncated": matched > max_events}

    def rebuild_derived(self) -> None:
        """Recompute the summary tables from the events (after a bulk load written around
        ``add_result``)."""
        with self.transaction("the summary tables"):
            for table, fills in DERIVED_TABLES.items():
                self.conn.execute(f"DELETE FROM {table}")
                for fill in fills:
                    self.conn.execute(fill)

    def stats(self) -> dict[str, Any]:
        """Counts by type, by actor and by month, and totals of each table."""
        count = self.scalar
        return {
            "documents": count("SELECT COUNT(*) FROM documents"),
            "events": count("SELECT COUNT(*) FROM events"),
            "mentions": count("SELECT COUNT(*) FROM mentions"),
            "errors": count("SELECT COUNT(*) FROM errors"),
            "by_type": self.rows("SELECT type, COUNT(*) AS events FROM events "
                                 "GROUP BY type ORDER BY events DESC, type"),
            "by_actor": self.actors(limit=20),
            "by_month": self.rows("SELECT substr(date_start, 1, 7) AS month, COUNT(*) AS events "
                                  "FROM events GROUP BY month ORDER BY month"),
        }

    def errors(self, limit: int = 100) -> list[dict[str, Any]]:
        """The stored failures, oldest first."""
        return self.rows("SELECT record, stage, reason, created_at FROM errors "
                         "ORDER BY error_id LIMIT ?", (limit,))

    def scalar(self, sql: str) -> int:
        """The one number a COUNT query answers."""
        return int(self.conn.execute(sql).fetchone()[0])

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """A query's rows as plain dicts."""
        return [dict(row) for row in self.conn.execute(sql, params)]

    def close(self) -> None:
        """Release the connection."""
        self.conn.close()


def exists(path: str) -> bool:
    """Whether a SQLite store is at ``path`` (":memory:" and URIs always count)."""
    return path == ":memory:" or path.startswith("file:") or Path(path).exists()


def connect(path: str) -> sqlite3.Connection:
    """A connection in autocommit mode (we open transactions ourselves) with WAL on."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts the file; a power cut may only lose the last commits.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Reads jump about the file (the map looks up 5,000 places by key): with SQLite's
        # default 2 MB page cache each was a read() once the store outgrew it; mapped, the
        # pages come from the OS cache shared by every connection, and a 16 MB cache each
        # keeps the hot index pages. The map took 32 ms of CPU at 300,000 events, 14 after.
        conn.execute(f"PRAGMA mmap_size = {MAPPED_BYTES}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open as a SQLite database: {exc}; give a writable "
                         "path to a new or existing communique database") from exc
    return conn


def event_summary(row: sqlite3.Row) -> dict[str, Any]:
    """An event row for listings (``select_page``'s): every column and the evidence, not the
    whole engine record, which the database reads the evidence from."""
    data = plain_row(row)
    data.pop("seq", None)
    return data


def check_range(name: str, value: int, lowest: int = 0) -> int:
    """``value`` when SQLite can take it as an integer of at least ``lowest``; StoreError
    naming the parameter otherwise (SQLite integers are 64-bit)."""
    if not lowest <= value <= MAX_INTEGER:
        raise StoreError(f"{name} {value} is out of range; give a whole number from {lowest} "
                         f"to {MAX_INTEGER}")
    return value


def period_bounds(day: dt.date | None, side: str) -> dict[str, str | None]:
    """The boundary month of a window's ``side`` ("since" or "until") end, its first and last
    day within the window, and the boundary year with its first and last month.

    The boundary month is the one whose events are checked day by day: the day's own month,
    unless the window covers all of it (since on its first day, until on its last); then the
    month beyond, which holds no event in the window, so that month comes from the summary.
    """
    if day is None:
        return dict.fromkeys(("month", "first", "last", "year", "january", "december"))
    month = boundary_month(day, side)
    # Likewise the boundary year: the day's own, unless the window covers all of it (since
    # on January 1st, until on December 31st); a year's window then reads the year rows, not
    # twelve months of rows. The boundary month's days in the window alone are checked.
    year, inside = month[:4], day.isoformat()
    first, last = f"{month}-01", f"{month}-31"
    return {"month": month, "first": max(first, inside) if side == "since" else first,
            "last": min(last, inside) if side == "until" else last, "year": year,
            "january": f"{year}-01", "december": f"{year}-12"}


def boundary_month(day: dt.date, side: str) -> str:
    """``period_bounds``' boundary month as YYYY-MM."""
    step = dt.timedelta(days=-1 if side == "since" else 1)
    try:
        beyond = day + step
    except OverflowError:  # the first or last day Python knows: no month beyond
        return day.isoformat()[:7]
    whole = beyond.month != day.month
    return (beyond if whole else day).isoformat()[:7]


def pair_totals(since: dt.date | None, until: dt.date | None) -> tuple[str, dict[str, Any]]:
    """SQL of (source, target, weight, score_sum, scored) rows per party pair with events in
    [since, until] (summed by the caller), and its parameters.

    An event in the window is counted by exactly one part: from the year rows when its years
    lie inside the window's years; from the month rows when its months lie inside the window's
    months but a year of it is a boundary year; from ``events`` itself, checked day by day,
    when a month of it is a boundary month.
    """
    params = {"since": since.isoformat() if since else None,
              "until": until.isoformat() if until else None}
    for prefix, day, side in (("s", since, "since"), ("u", until, "until")):
        params.update({f"{prefix}_{key}": value
                       for key, value in period_bounds(day, side).items()})
    if since is None and until is None:
        return PAIRS_ALL, params
    return PAIRS_WINDOW, params


PAIR_COLUMNS = ("min(source_party, target_party) AS source, "
                "max(source_party, target_party) AS target")
PAIRED = ("source_party IS NOT NULL AND target_party IS NOT NULL "
          "AND source_party != target_party")
SUMMARY_COLUMNS = "party_a AS source, party_b AS target, events AS weight, score_sum, scored"
EVENT_COLUMNS = (f"{PAIR_COLUMNS}, 1 AS weight, COALESCE(score, 0) AS score_sum, "
                 "CASE WHEN score IS NULL THEN 0 ELSE 1 END AS scored")
PAIRS_ALL = f"SELECT {SUMMARY_COLUMNS} FROM dyad_periods WHERE grain = 'all'"
PAIRS_WINDOW = f"""
    SELECT {SUMMARY_COLUMNS} FROM dyad_periods
    WHERE grain = 'year' AND start_period != ''
      AND (:s_year IS NULL OR end_period > :s_year)
      AND (:u_year IS NULL OR start_period < :u_year)
    UNION ALL
    SELECT {SUMMARY_COLUMNS} FROM dyad_periods
    WHERE grain = 'month' AND end_period >= :s_january AND end_period <= :s_december
      AND end_period > :s_month AND (:u_month IS NULL OR start_period < :u_month)
    UNION ALL
    SELECT {SUMMARY_COLUMNS} FROM dyad_periods
    WHERE grain = 'month' AND start_period >= :u_january AND start_period <= :u_december
      AND start_period < :u_month AND (:s_month IS NULL OR end_period > :s_month)
      AND (:s_year IS NULL OR NOT (end_period >= :s_january AND end_period <= :s_december))
    UNION ALL
    SELECT {EVENT_COLUMNS} FROM events
    WHERE {PAIRED} AND date_end >= :s_first AND date_end <= :s_last
      AND date_end >= :since AND (:until IS NULL OR date_start <= :until)
    UNION ALL
    SELECT {EVENT_COLUMNS} FROM events
    WHERE {PAIRED} AND date_start >= :u_first AND date_start <= :u_last
      AND date_start <= :until AND (:since IS NULL OR date_end >= :since)
      AND (:s_month IS NULL OR NOT (date_end >= :s_first AND date_end <= :s_last))"""
# The pairs, the parties' totals over all pairs, the busiest parties and the heaviest pairs
# between them, in one statement; kind tells the rows apart.
NETWORK_SQL = """
    WITH pairs AS MATERIALIZED (
        SELECT source, target, SUM(weight) AS weight,
               CASE WHEN SUM(scored) > 0 THEN SUM(score_sum) / SUM(scored) END AS score
        FROM ({pairs}) AS parts GROUP BY source, target HAVING SUM(weight) >= :min),
    totals AS MATERIALIZED (
        SELECT id, SUM(weight) AS events
        FROM (SELECT source AS id, weight FROM pairs
              UNION ALL SELECT target AS id, weight FROM pairs) AS ends
        GROUP BY id),
    kept AS MATERIALIZED (
        SELECT id, events FROM totals ORDER BY events DESC, id LIMIT :nodes)
    SELECT 'node' AS kind, id AS source, NULL AS target, events AS weight, NULL AS score
    FROM kept
    UNION ALL
    SELECT * FROM (
        SELECT 'edge' AS kind, source, target, weight, score FROM pairs
        WHERE source IN (SELECT id FROM kept) AND target IN (SELECT id FROM kept)
        ORDER BY weight DESC, source, target LIMIT :edges) AS heaviest
    UNION ALL
    SELECT 'count', NULL, NULL, (SELECT COUNT(*) FROM totals), (SELECT COUNT(*) FROM pairs)"""
PLACES_SQL = """
    SELECT e.latitude, e.longitude, e.type, MIN(e.location_name) AS name,
           MIN(e.location_country) AS country, COUNT(*) AS events,
           SUM(COALESCE(e.score, 0)) AS score_sum
    FROM ({keys} LIMIT ?) AS listed JOIN event_places e ON e.event_rowid = listed.seq
    WHERE e.latitude IS NOT NULL AND e.longitude IS NOT NULL
    GROUP BY e.latitude, e.longitude, e.type"""


def network_graph(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows of ``NETWORK_SQL`` as the graph the API serves."""
    nodes = sorted(({"id": r["source"], "events": int(r["weight"])} for r in rows
                    if r["kind"] == "node"), key=lambda n: (-n["events"], n["id"]))
    edges = sorted(({"source": r["source"], "target": r["target"], "weight": int(r["weight"]),
                     "score": r["score"]} for r in rows if r["kind"] == "edge"),
                   key=lambda e: (-e["weight"], e["source"], e["target"]))
    [count] = [r for r in rows if r["kind"] == "count"]
    return {"nodes": nodes, "edges": edges, "nodes_total": int(count["weight"]),
            "edges_total": int(count["score"])}


def map_points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows per (point, type) folded into one point each, busiest first."""
    points: dict[tuple[float, float], dict[str, Any]] = {}
    for row in rows:
        key = (round(float(row["latitude"]), 3), round(float(row["longitude"]), 3))
        point = points.setdefault(key, {
            "latitude": key[0], "longitude": key[1], "name": row["name"],
            "country": row["country"], "events": 0, "score_sum": 0.0, "types": {}})
        point["events"] += int(row["events"])
        point["score_sum"] += float(row["score_sum"])
        types = point["types"]
        types[row["type"]] = types.get(row["type"], 0) + int(row["events"])
        point["name"] = min(point["name"] or "", row["name"] or "") or None
    for point in points.values():
        point["mean_score"] = round(point.pop("score_sum") / point["events"], 2)
    return sorted(points.values(), key=lambda p: (-p["events"], p["latitude"], p["longitude"]))
