"""The SQL of event listings: filters, orders, capped counts and keyset pages.

Written for SQLite and rewritten for PostgreSQL by ``postgres.to_postgres``, like the rest of
the store's SQL. Two ways to read a page, chosen from how many events match:

* few matches (the capped count stays under ``COUNT_CAP``): the filter's own indexes find them
  and the database sorts them, at most ``COUNT_CAP`` rows;
* many matches: filter columns are written ``+e.column``, which tells SQLite not to use their
  indexes, so it walks the index of the sort column in order and stops after the page, checking
  each row against the filters (the matches are dense, so few rows are read).

Evidence search goes through the full-text index of the sentences reporting each event
(``events_fts`` in SQLite, a GIN index on the events' ``search`` tsvector in PostgreSQL): the
words of the search as a phrase, whole words, whatever their case and accents ("Kharkiv",
"imposed sanctions"; a prefix search would cost several times more per query).
Text with no word characters falls back to a substring match with LIKE's wildcards escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from communique.errors import StoreError
from communique.store.base import EVENT_SORTS, EventQuery

# Counting stops here: the API reports "at least COUNT_CAP" beyond, and a page is read by
# walking the sort index once this many events match.
COUNT_CAP = 10_000
SORT_COLUMNS = {"date": "date_start", "num_sources": "num_sources", "score": "score"}
# The longest a dated event lasts (a year), so that "ends after since" bounds its start too.
LONGEST_DATE = dt.timedelta(days=366)
WORD = re.compile(r"[^\W_]+")  # letters and digits, as both full-text indexes split words
LIKE_SPECIALS = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})

# A page boundary: the last row's sort value and sequence number (rowid).
Cursor = tuple[Any, int]


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ESCAPE '\\': its %, _ and \\ match themselves."""
    return text.translate(LIKE_SPECIALS)


def contains(text: str) -> str:
    """The LIKE pattern of "contains ``text``" (used with ESCAPE '\\')."""
    return f"%{escape_like(text)}%"


def fts_query(text: str) -> str | None:
    """The FTS5 phrase for ``text``: its words in order; None when it holds no word."""
    words = WORD.findall(text.lower())
    if not words:
        return None
    return '"' + " ".join(words) + '"'


def tsquery(text: str) -> str | None:
    """The same search as ``fts_query`` as a PostgreSQL tsquery (``to_tsquery('simple', ...)``)."""
    words = WORD.findall(text.lower())
    if not words:
        return None
    return " <-> ".join(words)


@dataclass(frozen=True)
class Dialect:
    """What differs between the back ends in listing SQL."""

    postgres: bool = False

    @property
    def evidence(self) -> str:
        """The SQL of an event's evidence sentence, read from its engine record (``e``)."""
        if self.postgres:
            return "CAST(e.record AS json) ->> 'evidence'"
        return "json_extract(e.record, '$.evidence')"

    def text_clause(self, text: str, column: str) -> tuple[str, list[Any]]:
        """The condition "some mention of the event contains ``text``"."""
        if self.postgres:
            query = tsquery(text)
            if query is not None:
                search = column.replace("event_id", "search")
                return f"{search} @@ to_tsquery('simple', ?)", [query]
        else:
            phrase = fts_query(text)
            if phrase is not None:
                rowid = column.replace("event_id", "rowid")
                return (f"{rowid} IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)",
                        [phrase])
        return (f"{column} IN (SELECT m.event_id FROM mentions m "
                "WHERE m.sentence_text LIKE ? ESCAPE '\\')", [contains(text)])


def filter_clauses(query: EventQuery, dialect: Dialect, party: str | None,
                   dense: bool = False) -> Iterator[tuple[str, list[Any]]]:
    """(SQL condition, parameters) for each filter the query sets. ``party`` is the actor
    filter as a known party code (None: match it as part of a name); ``dense`` writes columns
    as ``+e.col`` so that SQLite walks the sort index instead of the filters' indexes."""
    def col(name: str) -> str:
        return f"+e.{name}" if dense else f"e.{name}"

    if query.actor and party:
        yield f"({col('source_party')} = ? OR {col('target_party')} = ?)", [party, party]
    elif query.actor:
        like = contains(query.actor)
        yield (f"({col('source_name')} LIKE ? ESCAPE '\\' OR "
               f"{col('target_name')} LIKE ? ESCAPE '\\')", [like, like])
    if query.dyad:
        a, b = query.dyad
        yield (f"(({col('source_party')} = ? AND {col('target_party')} = ?) "
               f"OR ({col('source_party')} = ? AND {col('target_party')} = ?))", [a, b, b, a])
    if query.type:
        yield f"{col('type')} = ?", [query.type.upper()]
    if query.status:
        yield f"{col('status')} = ?", [query.status]
    if query.since:
        yield f"{col('date_end')} >= ?", [query.since.isoformat()]
        # Redundant, but it lets the date index bound the scan from below as well.
        yield f"{col('date_start')} >= ?", [(query.since - LONGEST_DATE).isoformat()]
    if query.until:
        yield f"{col('date_start')} <= ?", [query.until.isoformat()]
    if query.text:
        yield dialect.text_clause(query.text, col("event_id"))


def where(clauses: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    """``WHERE a AND b`` and the parameters, or nothing for no clauses."""
    if not clauses:
        return "", []
    params = [value for _, values in clauses for value in values]
    return "WHERE " + " AND ".join(clause for clause, _ in clauses), params


def sort_parts(sort: str) -> tuple[str, bool]:
    """(column, descending) of a sort name; StoreError naming the valid ones otherwise."""
    if sort not in EVENT_SORTS:
        raise StoreError(f"sort {sort!r} is unknown; use one of {', '.join(EVENT_SORTS)}")
    return SORT_COLUMNS[sort.removeprefix("-")], sort.startswith("-")


def order_by(sort: str) -> str:
    """The ORDER BY terms: the sort column, ties by insertion order in the same direction."""
    column, descending = sort_parts(sort)
    direction = " DESC" if descending else ""
    # Ties follow the sort's direction so that one index read forwards or backwards serves it.
    return f"e.{column}{direction}, e.rowid{direction}"


def after_clauses(sort: str, cursor: Cursor) -> list[tuple[str, list[Any]]]:
    """The conditions selecting the rows after ``cursor`` within its segment of the order.

    Rows with no sort value (NULL) form their own segment: first when ascending, last when
    descending, as SQLite sorts them. A cursor in the NULL segment only moves by rowid.
    """
    column, descending = sort_parts(sort)
    value, seq = cursor
    later = "<" if descending else ">"
    if value is None:
        return [(f"e.{column} IS NULL", []), (f"e.rowid {later} ?", [seq])]
    bound = "<=" if descending else ">="
    earlier_or_same = ">=" if descending else "<="
    return [(f"e.{column} {bound} ?", [value]),
            (f"NOT (e.{column} = ? AND e.rowid {earlier_or_same} ?)", [value, seq])]


def following_segment(sort: str, cursor: Cursor) -> list[tuple[str, list[Any]]] | None:
    """The segment that comes after the cursor's own (None when the cursor's is the last)."""
    column, descending = sort_parts(sort)
    if cursor[0] is None and not descending:
        return [(f"e.{column} IS NOT NULL", [])]
    if cursor[0] is not None and descending:
        return [(f"e.{column} IS NULL", [])]
    return None
