"""``communique load``: a batch output folder into any store, through the store's own API.

Documents are replayed in input order with the events the batch job extracted (kept in full
on each primary mention row), so the store deduplicates them with its usual rules and ends up
with the events the batch job wrote: no extraction runs again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from communique.batch.tables import read_table
from communique.errors import InputError
from communique.model import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Place,
    RecordError,
    Span,
)
from communique.store.base import EventStore


@dataclass
class LoadSummary:
    """What ``load_output`` added to the store; printed by ``communique load``."""

    documents: int = 0  # documents added
    skipped: int = 0  # documents the store already held
    events_new: int = 0
    events_merged: int = 0
    errors: int = 0


def load_output(out_dir: str | Path, store: EventStore) -> LoadSummary:
    """Add every document, event and failure of a batch output folder to ``store``."""
    folder = Path(out_dir)
    if not (folder / "documents").is_dir():
        raise InputError(str(folder), "not a batch output folder (no documents/ table); give "
                                      "the --out folder of 'communique batch'")
    summary = LoadSummary()
    for article, result in results(folder):
        outcome = store.add_result(article, result)
        if outcome is None:  # the store already holds this document
            summary.skipped += 1
            continue
        summary.documents += 1
        summary.events_new += outcome[0]
        summary.events_merged += outcome[1]
    for row in sorted(read_table(folder, "failed").to_pylist(), key=lambda r: r["seq"]):
        store.add_error(RecordError(record=row["record"], reason=row["reason"],
                                    stage=row["stage"]))
        summary.errors += 1
    return summary


def results(folder: Path) -> Iterator[tuple[Article, ArticleResult]]:
    """Each document with its extracted events, in input order."""
    events: dict[str, list[tuple[int, Event]]] = defaultdict(list)
    mentions = read_table(folder, "mentions", ["content_hash", "event_index", "record"],
                          ds.field("is_primary"))
    for row in mentions.to_pylist():
        events[row["content_hash"]].append((row["event_index"],
                                            event_from_record(json.loads(row["record"]))))
    documents = sorted(read_table(folder, "documents").to_pylist(), key=lambda r: r["seq"])
    for row in documents:
        article = article_from_row(row)
        found = [event for _, event in sorted(events.get(row["content_hash"], []),
                                               key=lambda pair: pair[0])]
        yield article, ArticleResult(article=article, events=found)


def article_from_row(row: dict[str, Any]) -> Article:
    """The Article a documents table row holds."""
    published = row["published"]
    return Article(id=row["article_id"], text=row["text"], url=row["url"], title=row["title"],
                   outlet=row["outlet"], language=row["language"], origin=row["origin"],
                   published=dt.date.fromisoformat(published) if published else None)


# -- an event record (Event.to_dict()) back to an Event ---------------------------------------

def event_from_record(record: dict[str, Any]) -> Event:
    """The Event an engine record (``Event.to_dict()``) describes."""
    evidence = record["evidence_span"]
    return Event(
        type=record["type"], mode=record.get("mode"),
        source=actor_from(record.get("source")), target=actor_from(record.get("target")),
        evidence=Span(evidence["start"], evidence["end"], record["evidence"]),
        trigger=span_from(record["trigger"]) or Span(0, 0, ""),
        date=date_from(record.get("date_info")), location=place_from(record.get("location")),
        status=record.get("status", "occurred"), topics=list(record.get("topics") or []),
        contexts=list(record.get("contexts") or []), confidence=record.get("confidence", 1.0),
        mentions=[Span(m["start"], m["end"], m["text"]) for m in record.get("mentions") or []],
    )


def span_from(data: dict[str, Any] | None) -> Span | None:
    """The Span a ``Span.to_dict()`` describes, None for none."""
    return Span(data["start"], data["end"], data["text"]) if data else None


def actor_from(data: dict[str, Any] | None) -> Actor | None:
    """The Actor an ``Actor.to_dict()`` describes, None for none."""
    if not data:
        return None
    return Actor(name=data["name"], country=data.get("country"), org=data.get("org"),
                 sector=data.get("sector"), role=data.get("role"), kind=data.get("kind", "state"),
                 confidence=data.get("confidence", 1.0), span=span_from(data.get("span")))


def date_from(data: dict[str, Any] | None) -> EventDate | None:
    """The EventDate an ``EventDate.to_dict()`` describes, None for none."""
    if not data:
        return None
    return EventDate(value=data["value"], precision=data["precision"],
                     basis=data.get("basis", "sentence"), confidence=data.get("confidence", 1.0),
                     span=span_from(data.get("span")))


def place_from(data: dict[str, Any] | None) -> Place | None:
    """The Place a ``Place.to_dict()`` describes, None for none."""
    if not data:
        return None
    fields = {key: value for key, value in data.items() if key != "span"}
    return Place(**fields, span=span_from(data.get("span")))
