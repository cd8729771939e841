"""CSV and JSONL downloads of a filtered view, streamed page by page."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from communique.api.responses import dumps_safe
from communique.store.base import EventQuery, EventStore

# Spreadsheets run cells that start with these as formulas; a leading quote keeps them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iter_pages(get_store: Callable[[], EventStore], query: EventQuery, page_size: int,
               max_rows: int) -> Iterator[dict[str, Any]]:
    """Every row matching ``query`` (up to ``max_rows``), fetching one page per call so that a
    streaming response may resume on any worker thread with that thread's store."""
    offset, sent = query.offset, 0
    while sent < max_rows:
        size = min(page_size, max_rows - sent)
        rows = get_store().events(replace(query, limit=size, offset=offset))
        yield from rows
        sent += len(rows)
        offset += len(rows)
        if len(rows) < size:
            return


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become ``parent_child`` columns and lists become ``;``-joined cells."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = ";".join(_list_item(item) for item in value)
        else:
            flat[name] = value
    return flat


def _list_item(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("text") or item.get("url") or item.get("id") or dumps_safe(item))
    return str(item)


def spreadsheet_safe(value: Any) -> Any:
    """The cell with a leading quote when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A header from the first row's columns, then one line per row (extra columns dropped)."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        flat = {key: spreadsheet_safe(value) for key, value in flatten(row).items()}
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def jsonl_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One compact JSON line per row."""
    for row in rows:
        yield dumps_safe(row) + "\n"
