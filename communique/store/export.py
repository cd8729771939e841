"""Whole-dataset exports: JSON lines, CSV, Parquet, PLOVER JSON records and Arrow tables.

Every format reads the store through ``EventStore`` only, so exports work the same on the
embedded and the PostgreSQL back end, and stream event by event (except Parquet and Arrow,
which take record batches). ``csv_lines`` is the one CSV writer: ``communique export``,
``communique events --format csv`` and ``/api/events.csv`` all go through it, so every CSV
has the same flattening and the same formula escaping.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from communique.errors import StoreError
from communique.store.base import EventQuery, EventStore

FORMATS = ("jsonl", "csv", "parquet", "plover")
FLAT_COLUMNS = (
    "event_id", "type", "mode", "status", "date", "date_precision",
    "source_party", "source_name", "source_country", "source_org", "source_sector",
    "target_party", "target_name", "target_country", "target_org", "target_sector",
    "location_name", "location_country", "latitude", "longitude",
    "cameo", "quad_class", "score", "confidence",
    "num_sources", "num_mentions", "num_articles", "topics", "evidence", "urls",
)
# The CSV columns of event listings (``events --format csv``, ``/api/events.csv``): listing rows
# carry no source URLs, which only the full export reads.
LISTING_COLUMNS = tuple(name for name in FLAT_COLUMNS if name != "urls")
PARQUET_BATCH = 1000
# Spreadsheets run cells that start with these as formulas; a leading quote keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def full_events(store: EventStore, query: EventQuery) -> Iterator[dict[str, Any]]:
    """Each event with its engine record, mentions and source URLs."""
    for summary in store.iter_events(query):
        event = store.event(summary["event_id"])
        if event is not None:
            event["evidence"] = summary.get("evidence")
            yield event


def flat_row(event: dict[str, Any]) -> dict[str, Any]:
    """The event as one table row: lists stay lists (Parquet), CSV joins them itself."""
    return {name: event.get(name) for name in FLAT_COLUMNS}


def plover_actor(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    """The PLOVER actor list of the event's source or target: one entry, or none."""
    if not event.get(f"{role}_party"):
        return []
    return [{"code": event[f"{role}_party"], "name": event[f"{role}_name"],
             "country": event[f"{role}_country"], "org": event[f"{role}_org"],
             "sector": event[f"{role}_sector"]}]


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER JSON record: actor/recipient lists, type, mode, date, place, citations."""
    record = event.get("record") or {}
    return {
        "event_id": event["event_id"], "event_type": event["type"], "mode": event["mode"],
        "context": record.get("contexts", []), "date": event["date"],
        "date_precision": event["date_precision"], "status": event["status"],
        "actor": plover_actor(event, "source"), "recipient": plover_actor(event, "target"),
        "location": plover_location(event), "topics": event["topics"],
        "cameo": event["cameo"], "quad_class": event["quad_class"], "goldstein": event["score"],
        "num_sources": event["num_sources"], "num_mentions": event["num_mentions"],
        "num_articles": event["num_articles"],
        "cite_info": {"urls": event["urls"], "sentences": [cite(m) for m in event["mentions"]]},
    }


def plover_location(event: dict[str, Any]) -> dict[str, Any] | None:
    """The PLOVER location of the event, None when it has no place."""
    if not event.get("location_name"):
        return None
    return {"name": event["location_name"], "country": event["location_country"],
            "lat": event["latitude"], "lon": event["longitude"]}


def cite(mention: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER citation: the sentence reporting the event and where it was published."""
    return {"url": mention["url"], "outlet": mention["outlet"], "title": mention["title"],
            "published": mention["published"], "document": mention["article_id"],
            "text": mention["sentence_text"],
            "span": {"start": mention["sentence_start"], "end": mention["sentence_end"]}}


def write_each(store: EventStore, query: EventQuery,
               write: Callable[[dict[str, Any]], Any]) -> int:
    """Call ``write`` on every full event the query selects; returns how many."""
    count = 0
    for event in full_events(store, query):
        write(event)
        count += 1
    return count


def write_jsonl(store: EventStore, query: EventQuery, out: IO[str]) -> int:
    """Every selected event, in full, as one JSON line each."""
    return write_each(store, query, lambda event: out.write(
        json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n"))


def write_plover(store: EventStore, query: EventQuery, out: IO[str]) -> int:
    """Every selected event as one PLOVER JSON record a line."""
    return write_each(store, query, lambda event: out.write(
        json.dumps(plover_record(event), ensure_ascii=False) + "\n"))


def write_csv(store: EventStore, query: EventQuery, out: IO[str]) -> int:
    """Every selected event as a CSV row of ``FLAT_COLUMNS``, after a header."""
    count = 0
    for line in csv_lines(full_events(store, query), FLAT_COLUMNS):
        out.write(line)
        count += 1
    return max(0, count - 1)


def csv_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """The header, then one CSV line per row: ``columns`` only, lists joined by ";", cells a
    spreadsheet would run as formulas quoted (``csv_cells``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    yield take(buffer)
    for row in rows:
        writer.writerow(csv_cells(row))
        yield take(buffer)


def take(buffer: io.StringIO) -> str:
    """What was written to ``buffer``, emptying it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    """The row as CSV cells: lists become ";"-separated text, nested records their text, and
    any text starting with = + - @ tab or CR gets a leading ' so spreadsheets show it as text
    rather than run it (CSV injection)."""
    return {name: spreadsheet_safe(cell_text(value)) for name, value in row.items()}


def cell_text(value: Any) -> Any:
    """A list as one ";"-joined cell, a dict by its text, url or id; other values as they are."""
    if isinstance(value, list):
        return ";".join(str(cell_text(item)) for item in value)
    if isinstance(value, dict):
        return value.get("text") or value.get("url") or value.get("id") or json.dumps(
            value, ensure_ascii=False, sort_keys=True)
    return value


def spreadsheet_safe(value: Any) -> Any:
    """The cell with a leading quote when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_parquet(store: EventStore, query: EventQuery, path: Path) -> int:
    """Every selected event as a Parquet row of ``FLAT_COLUMNS``, written in batches."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(pa)
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in full_events(store, query):
            batch.append(flat_row(event))
            count += 1
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


def arrow_table(store: EventStore, query: EventQuery) -> Any:
    """The selected events as one ``pyarrow.Table`` of ``FLAT_COLUMNS`` (see
    ``communique.store.events_table``)."""
    import pyarrow as pa

    schema = parquet_schema(pa)
    batches = [pa.RecordBatch.from_pylist(batch, schema=schema)
               for batch in batched(flat_row(event) for event in full_events(store, query))]
    return pa.Table.from_batches(batches, schema=schema)


def batched(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Rows in lists of ``PARQUET_BATCH``."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= PARQUET_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def parquet_schema(pa: Any) -> Any:
    """Declared, not inferred, so an empty store or an all-null column keeps its type."""
    types = {"latitude": pa.float64(), "longitude": pa.float64(), "score": pa.float64(),
             "confidence": pa.float64(), "quad_class": pa.int64(), "num_sources": pa.int64(),
             "num_mentions": pa.int64(), "num_articles": pa.int64(),
             "topics": pa.list_(pa.string()), "urls": pa.list_(pa.string())}
    return pa.schema([(name, types.get(name, pa.string())) for name in FLAT_COLUMNS])


def export(store: EventStore, fmt: str, out: IO[str] | Path,
           query: EventQuery | None = None) -> int:
    """Write the events ``query`` selects (all by default) to ``out``; returns how many."""
    query = query or EventQuery()
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise StoreError("parquet export needs a file: pass --output FILE.parquet")
        return write_parquet(store, query, out)
    writers = {"jsonl": write_jsonl, "csv": write_csv, "plover": write_plover}
    if fmt not in writers:
        raise StoreError(f"export format {fmt!r} is unknown; use one of {', '.join(FORMATS)}")
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            return writers[fmt](store, query, handle)
    return writers[fmt](store, query, out)
