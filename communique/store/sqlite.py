"""The embedded store: one SQLite file, written one article per transaction.

WAL journaling makes every commit atomic and durable against a killed process: a SIGKILL at
any moment loses at most the article being written, and rerunning the ingest redoes exactly
that article, because a document already stored (same content hash or same URL) is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from communique.dedup.cross import DedupConfig, best_match, blocking_keys, event_row
from communique.errors import StoreError
from communique.ingest import content_hash
from communique.model import Actor, Article, ArticleResult, Event, RecordError
from communique.store.base import EVENT_SORTS, TIMELINE_BUCKETS, EventQuery
from communique.store.rows import (
    document_columns,
    event_columns,
    mention_rows,
    party_identity,
    plain_row,
    stable_event_id,
)
from communique.store.schema import migrate, now_utc

SORT_COLUMNS = {"date": "e.date_start", "num_sources": "e.num_sources", "score": "e.score"}
BUCKET_PERIODS = {
    "day": "substr(date_start, 1, 10)", "week": "strftime('%Y-W%W', date_start)",
    "month": "substr(date_start, 1, 7)", "year": "substr(date_start, 1, 4)",
}


class SQLiteStore:
    """An ``EventStore`` in one SQLite file (or ``:memory:``), created and migrated on open."""

    # The likely cause of a failure to start or to finish a write, for the error message.
    BEGIN_HINT = "is another process writing to this database?"
    WRITE_HINT = "Check disk space and permissions"

    def __init__(self, path: str | Path, dedup: DedupConfig | None = None) -> None:
        self.path = str(path)
        self.dedup = dedup or DedupConfig()
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
            f"SELECT DISTINCT e.rowid AS seq, e.* FROM events e JOIN event_blocks b "
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
        return event_id

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
            (actor.party, *party_identity(actor), actor.country, actor.org))

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
        """The rows of ``events(query)``, one at a time (for exports)."""
        where, params = event_filter(query)
        sql = (f"SELECT e.* FROM events e {where} ORDER BY {sort_clause(query.sort)}"
               f" LIMIT ? OFFSET ?")
        limit = query.limit if query.limit is not None else -1
        for row in self.conn.execute(sql, [*params, limit, query.offset]):
            yield event_summary(row)

    def count_events(self, query: EventQuery) -> int:
        """How many events the query selects, ignoring its limit and offset."""
        where, params = event_filter(query)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM events e {where}",
                                     params).fetchone()[0])

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with every mention and the URLs reporting it; None if unknown."""
        row = self.conn.execute("SELECT * FROM events WHERE event_id = ?",
                                (event_id,)).fetchone()
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

    def network(self, since: dt.date | None, until: dt.date | None,
                min_events: int = 1) -> dict[str, Any]:
        """Party pairs with at least ``min_events`` events, as nodes and edges."""
        where, params = event_filter(EventQuery(since=since, until=until))
        joiner = "AND" if where else "WHERE"
        rows = self.conn.execute(
            f"""SELECT min(source_party, target_party) AS source,
                       max(source_party, target_party) AS target,
                       COUNT(*) AS weight, AVG(score) AS score
                FROM events e {where} {joiner} source_party IS NOT NULL
                  AND target_party IS NOT NULL AND source_party != target_party
                GROUP BY 1, 2 HAVING COUNT(*) >= ? ORDER BY weight DESC, 1, 2""",
            [*params, min_events]).fetchall()
        edges = [dict(row) for row in rows]
        return {"nodes": network_nodes(edges), "edges": edges}

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
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open as a SQLite database: {exc}; give a writable "
                         "path to a new or existing communique database") from exc
    return conn


def event_filter(query: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters selecting the events a query asks for."""
    clauses: list[str] = []
    params: list[Any] = []
    for clause, values in filter_clauses(query):
        clauses.append(clause)
        params.extend(values)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def filter_clauses(query: EventQuery) -> Iterator[tuple[str, list[Any]]]:
    """(SQL condition, parameters) for each filter the query sets."""
    if query.actor:
        code, like = query.actor.upper(), f"%{query.actor}%"
        yield ("(e.source_party = ? OR e.target_party = ? OR e.source_party = ? "
               "OR e.target_party = ? OR e.source_name LIKE ? OR e.target_name LIKE ?)",
               [code, code, query.actor, query.actor, like, like])
    if query.dyad:
        a, b = query.dyad
        yield ("((e.source_party = ? AND e.target_party = ?) "
               "OR (e.source_party = ? AND e.target_party = ?))", [a, b, b, a])
    if query.type:
        yield "e.type = ?", [query.type.upper()]
    if query.status:
        yield "e.status = ?", [query.status]
    if query.since:
        yield "e.date_end >= ?", [query.since.isoformat()]
    if query.until:
        yield "e.date_start <= ?", [query.until.isoformat()]
    if query.text:
        yield ("EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.event_id "
               "AND m.sentence_text LIKE ?)", [f"%{query.text}%"])


def sort_clause(sort: str) -> str:
    """The ORDER BY terms of a sort name; StoreError naming the valid ones otherwise."""
    if sort not in EVENT_SORTS:
        raise StoreError(f"sort {sort!r} is unknown; use one of {', '.join(EVENT_SORTS)}")
    direction = " DESC" if sort.startswith("-") else ""
    # Ties go to the older row, so pages never overlap.
    return f"{SORT_COLUMNS[sort.removeprefix('-')]}{direction}, e.rowid"


def event_summary(row: sqlite3.Row) -> dict[str, Any]:
    """An event row for listings: every column and the evidence, not the whole engine record."""
    data = plain_row(row)
    record = data.pop("record", None) or {}
    data["evidence"] = record.get("evidence")
    return data


def network_nodes(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each party of the edges with its total events, busiest first."""
    totals: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            totals[end] = totals.get(end, 0) + int(edge["weight"])
    return [{"id": node, "events": n} for node, n in sorted(totals.items(),
                                                            key=lambda item: (-item[1], item[0]))]
